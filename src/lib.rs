//! The `codegen` command line: read a schema source, run a backend, write or check its files.
//!
//! `main` stays tiny; [`run`] does the work and returns an error that knows its exit code, and
//! only this crate renders diagnostics.

pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod output;
pub mod plugin;
pub mod report;
pub mod settings;
pub mod source;
pub mod targets;

use std::process::ExitCode;

use cli::Cli;
pub use error::CliError;

/// Run the command and render any failure; the process's exit code.
pub fn main(cli: Cli) -> ExitCode {
    let quiet = cli.quiet;
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            report::render_error(&error, quiet);
            ExitCode::from(error.exit_code())
        }
    }
}

/// Read, generate, then write, print or check.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let globals = commands::Globals { config: cli.config.clone(), verbose: cli.verbose, quiet: cli.quiet };
    match cli.command {
        Some(cli::Command::Diff(args)) => return commands::diff::run(args, &globals),
        Some(cli::Command::Verify(args)) => return commands::verify::run(args, &globals),
        Some(cli::Command::Lint(args)) => return commands::lint::run(args, &globals),
        Some(cli::Command::Seed(args)) => return commands::seed::run(args, &globals),
        Some(cli::Command::Design(args)) => return commands::design::run(args, &globals),
        Some(cli::Command::Advise(args)) => return commands::advise::run(args, &globals),
        Some(cli::Command::Backfill(args)) => return commands::backfill::run(args, &globals),
        None => {}
    }
    let settings = settings::resolve(&cli)?;
    let loaded = source::load(&settings.source)?;
    report::render_diagnostics(&loaded.diagnostics, cli.verbose, cli.quiet);
    let generated = targets::generate(&settings.target, &loaded.schema)?;
    report::render_diagnostics(&generated.diagnostics, cli.verbose, cli.quiet);
    output::emit(&generated.files, &settings.output)
}
