//! Reading a SQLite database file into the neutral model.
//!
//! The catalog pragmas are the truth for what exists: tables, columns, keys and indexes, with
//! their order and flags. What SQLite keeps only in the stored `CREATE` text (checks, constraint
//! names, AUTOINCREMENT, generated-column expressions, index predicates and expressions, enums
//! written as `CHECK (col IN (...))`) comes from parsing that text with codegen-core's SQL reader,
//! whose type and default lowering is also used, so the same DDL read from a file and from a
//! database gives the same model.

mod catalog;
mod merge;
mod stored_sql;

use std::io::Read;
use std::path::Path;

use codegen_core::read::sql::SqlReader;
use codegen_core::read::{Loaded, ReadError};
use codegen_core::{Diagnostic, Diagnostics, Dialect, Schema};
use rusqlite::{Connection, OpenFlags};

/// The first 16 bytes of every SQLite 3 database file.
const HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Whether `path` is a SQLite 3 database file, judged by its header.
pub fn is_sqlite_file(path: &Path) -> bool {
    let mut header = [0u8; 16];
    std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header)).is_ok() && &header == HEADER
}

/// Read a SQLite database file; never writes to it (open read-only).
pub fn read_sqlite_file(path: &Path) -> Result<Loaded, ReadError> {
    let metadata = std::fs::metadata(path).map_err(|e| ReadError::io(path, e))?;
    // An empty file is an empty database to SQLite; anything else must carry the header.
    if metadata.len() > 0 && !is_sqlite_file(path) {
        return Err(invalid(path, "is not a SQLite database: it does not start with the SQLite header"));
    }
    let conn = open_read_only(path).map_err(|e| engine_error(path, &e))?;
    let objects = catalog::read_objects(&conn).map_err(|e| engine_error(path, &e))?;
    // Parsing the stored SQL needs only the objects, so it runs beside the pragma queries.
    let (details, (parsed, mut diagnostics)) = std::thread::scope(|scope| {
        let parsing = scope.spawn(|| {
            let mut found = Diagnostics::new();
            (stored_sql::parse_stored_sql(&objects, &mut found), found)
        });
        let details = catalog::read_details(&conn, &objects);
        (details, parsing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    drop(conn);
    let mut catalog = details.map_err(|e| engine_error(path, &e))?;
    catalog.objects = objects;

    let schema = merge::build_schema(&catalog, &parsed, &mut diagnostics);
    finish(schema, diagnostics)
}

/// Resolve and validate as the DDL reader does (enums written as checks, referenced columns),
/// keeping this reader's own notes and warnings first.
fn finish(schema: Schema, mut diagnostics: Diagnostics) -> Result<Loaded, ReadError> {
    match SqlReader::with_schema(schema, Dialect::Sqlite).finish() {
        Ok(loaded) => {
            diagnostics.extend(loaded.diagnostics);
            Ok(Loaded { schema: loaded.schema, diagnostics })
        }
        Err(ReadError::Invalid(found)) => {
            diagnostics.extend(found);
            Err(ReadError::Invalid(diagnostics))
        }
        Err(other) => Err(other),
    }
}

/// Open without ever writing. Read-only alone still lets SQLite create `-wal`/`-shm` files beside
/// a WAL database; when no writer has left a `-wal` or `-journal` file, nothing can be pending, so
/// the file is opened `immutable` and nothing is created.
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let beside = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        Path::new(&name).exists()
    };
    let idle = !beside("-wal") && !beside("-journal");
    match path.to_str().filter(|_| idle) {
        Some(text) => {
            let escaped = text.replace('%', "%25").replace('?', "%3f").replace('#', "%23");
            // `file://` would start an authority; a path starting with `//` keeps one slash.
            let escaped =
                if escaped.starts_with("//") { format!("/{}", escaped.trim_start_matches('/')) } else { escaped };
            Connection::open_with_flags(
                format!("file:{escaped}?mode=ro&immutable=1"),
                flags | OpenFlags::SQLITE_OPEN_URI,
            )
        }
        None => Connection::open_with_flags(path, flags),
    }
}

fn invalid(path: &Path, message: &str) -> ReadError {
    let mut diagnostics = Diagnostics::new();
    diagnostics
        .push(Diagnostic::error(format!("`{}` {message}", path.display())).with_object(path.display().to_string()));
    ReadError::Invalid(diagnostics)
}

fn engine_error(path: &Path, error: &rusqlite::Error) -> ReadError {
    let message = match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => "is not a SQLite database (or it is encrypted)".to_string(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => format!("is a corrupt SQLite database: {error}"),
        _ => format!("cannot be read as a SQLite database: {error}"),
    };
    invalid(path, &message)
}
