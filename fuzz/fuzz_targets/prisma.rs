#![no_main]
//! The Prisma schema reader, then every renderer on what it read.

use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = codegen_fuzz::text(data);
    if let Ok(loaded) = codegen_prisma::read_prisma_str(&text, Path::new("schema.prisma")) {
        codegen_fuzz::render_and_reread(&loaded.schema);
    }
});
