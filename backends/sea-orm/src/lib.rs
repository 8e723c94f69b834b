//! codegen backend: sea-orm (under construction).
