//! Migration files in each framework's layout, and schema comparison for `codegen verify`.
