#![no_main]
//! The domain-description reader (`codegen design`), then every renderer on the designed schema.

use std::path::Path;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = codegen_fuzz::text(data);
    let settings = codegen_design::DesignSettings::default();
    if let Ok(design) = codegen_design::design_text(&text, Path::new("domain.md"), &settings) {
        codegen_fuzz::render_and_reread(&design.schema);
    }
});
