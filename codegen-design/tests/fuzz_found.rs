//! Descriptions the `design` fuzz target (`fuzz/`) found to crash the reader, kept once fixed:
//! each designs a schema or reports what it cannot read, never panics.

use std::path::Path;

use codegen_design::{DesignSettings, design_text};

/// A one-to-many relationship of an entity with itself was taken for its own opposite half of a
/// many-to-many, and removed twice (the found description); a plain self-relationship designs.
#[test]
fn a_one_to_many_of_an_entity_with_itself_is_not_its_own_opposite() {
    let found = String::from_utf8_lossy(b"The library lends books to members.\x0aBooks have a title, an ISBN and a publication\x22year. ISBNs are unique.\x0aAuthors write books.\x0aEach book belon\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00e date and a returned at tpmaetism. members.\x0aBooks have a title, an ISBN and a publication\x22year. ISBNs are unique.\x0aAuthors write books.\x0aEach book belon\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00e date and a returned at tpmaetism.\x0aMembers have \x0aMembers have a name, an email and a membership number.\x0aLoans are looked up by member.\x89");
    let _ = design_text(&found, Path::new("domain.md"), &DesignSettings::default());
    let design = design_text("Members have many members.", Path::new("domain.md"), &DesignSettings::default())
        .expect("a self-relationship designs");
    assert!(design.schema.tables.iter().any(|t| t.name.name == "members"));
}
