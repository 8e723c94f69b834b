//! Dispatching `--target` to a built-in backend or an external plugin.

use codegen_core::{Backend, Generated, GeneratedFile, Schema};
use codegen_diesel::{DieselBackend, DieselOptions};
use codegen_prisma::{PrismaBackend, PrismaOptions};
use codegen_sql::{SqlBackend, SqlOptions};

use crate::config::TargetSettings;
use crate::error::CliError;

/// Targets that later work builds in; until then, they are reported rather than looked up on PATH.
const PLANNED_TARGETS: &[&str] = &["sea-orm"];

pub fn generate(target: &TargetSettings, schema: &Schema) -> Result<Generated, CliError> {
    match target.name.as_str() {
        "sql" => SqlBackend.generate(schema, &SqlOptions { dialect: target.dialect }).map_err(CliError::Input),
        "json" => {
            Ok(Generated { files: vec![GeneratedFile::new("schema.json", schema.to_json())], ..Default::default() })
        }
        "diesel" => {
            let options = DieselOptions::from_json(&target.options, target.dialect).map_err(CliError::Input)?;
            DieselBackend.generate(schema, &options).map_err(CliError::Input)
        }
        "prisma" => {
            let options = PrismaOptions::from_json(&target.options, target.dialect).map_err(CliError::Input)?;
            PrismaBackend.generate(schema, &options).map_err(CliError::Input)
        }
        name if PLANNED_TARGETS.contains(&name) => {
            Err(CliError::Usage(format!("target `{name}` is not available in this build yet (built in: sql, json)")))
        }
        name => crate::plugin::run_plugin(name, target, schema),
    }
}
