//! codegen backend: diesel (under construction).
