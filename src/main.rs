use clap::Parser;

fn main() -> std::process::ExitCode {
    codegen::main(codegen::cli::Cli::parse())
}
