//! `codegen lint`.

use std::process::ExitCode;

use crate::CliError;
use crate::commands::Globals;

#[derive(Debug, Clone, clap::Args)]
pub struct LintArgs {}

pub fn run(_args: LintArgs, _globals: &Globals) -> Result<ExitCode, CliError> {
    Err(CliError::Usage("`codegen lint` is not available yet".into()))
}
