//! Readers: turn a schema source into the neutral model.
