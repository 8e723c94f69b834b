#![no_main]
//! The SQL reader in the mysql dialect (dumps, scripts), then every renderer on what it read.

libfuzzer_sys::fuzz_target!(|data: &[u8]| codegen_fuzz::sql(data, codegen_core::Dialect::Mysql));
