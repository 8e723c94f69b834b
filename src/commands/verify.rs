//! `codegen verify`.

use std::process::ExitCode;

use crate::CliError;
use crate::commands::Globals;

#[derive(Debug, Clone, clap::Args)]
pub struct VerifyArgs {}

pub fn run(_args: VerifyArgs, _globals: &Globals) -> Result<ExitCode, CliError> {
    Err(CliError::Usage("`codegen verify` is not available yet".into()))
}
