//! `codegen diff`.

use std::process::ExitCode;

use crate::CliError;
use crate::commands::Globals;

#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {}

pub fn run(_args: DiffArgs, _globals: &Globals) -> Result<ExitCode, CliError> {
    Err(CliError::Usage("`codegen diff` is not available yet".into()))
}
