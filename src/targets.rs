//! Dispatching `--target` to a built-in backend or an external plugin.

use codegen_core::{Backend, Generated, GeneratedFile, Schema};
use codegen_diesel::{DieselBackend, DieselOptions};
use codegen_drizzle::{DrizzleBackend, DrizzleOptions};
use codegen_kysely::{KyselyBackend, KyselyOptions};
use codegen_prisma::{PrismaBackend, PrismaOptions};
use codegen_sea_orm::{SeaOrmBackend, SeaOrmOptions};
use codegen_sql::{SqlBackend, SqlOptions};
use codegen_typeorm::{TypeOrmBackend, TypeOrmOptions};

use crate::config::TargetSettings;
use crate::error::CliError;

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
        "sea-orm" => {
            let options = SeaOrmOptions::from_json(&target.options, target.dialect).map_err(CliError::Input)?;
            SeaOrmBackend.generate(schema, &options).map_err(CliError::Input)
        }
        "drizzle" => {
            let options = DrizzleOptions::from_json(&target.options, target.dialect).map_err(CliError::Input)?;
            DrizzleBackend.generate(schema, &options).map_err(CliError::Input)
        }
        "typeorm" => {
            let options = TypeOrmOptions::from_json(&target.options, target.dialect).map_err(CliError::Input)?;
            TypeOrmBackend.generate(schema, &options).map_err(CliError::Input)
        }
        "kysely" => {
            let options = KyselyOptions::from_json(&target.options, target.dialect).map_err(CliError::Input)?;
            KyselyBackend.generate(schema, &options).map_err(CliError::Input)
        }
        name => crate::plugin::run_plugin(name, target, schema),
    }
}
