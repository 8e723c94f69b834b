#![no_main]
//! The JSON model reader (`codegen dump-model` output), then every renderer on what it read.

use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = codegen_fuzz::text(data);
    if let Ok(loaded) = codegen_core::read::json::read_json_str(&text, Path::new("model.json")) {
        codegen_fuzz::render_and_reread(&loaded.schema);
    }
});
