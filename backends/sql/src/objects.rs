//! Database objects the model carries verbatim (functions, triggers, ...): written as they are
//! for their own dialect, after the tables they depend on; left out, with a note, elsewhere.

use codegen_core::DbObject;

use crate::context::Context;

/// The statements of `object`, or none (with a note) when it is another dialect's.
pub(crate) fn render_object(cx: &mut Context, object: &DbObject) -> Vec<String> {
    if object.dialect != cx.dialect {
        let message =
            format!("{} is written for {}: left out of the {} script", object.describe(), object.dialect, cx.dialect);
        cx.note(object.describe(), &object.loc, message);
        return Vec::new();
    }
    object.definition.iter().map(|statement| format!("{};", statement.trim_end().trim_end_matches(';'))).collect()
}
