//! The `corridor` command line: parses arguments and hands over to the subcommand's file
//! in `cmd/`, a thin layer over the `corridor` library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

/// Map supply corridors: resolve places, turn route definitions into geodesic legs,
/// write GeoJSON and list distances and aggregates.
#[derive(Parser)]
#[command(name = "corridor", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Build(cmd::build::Args),
    Distances(cmd::distances::Args),
    Aggregate(cmd::aggregate::Args),
    Check(cmd::check::Args),
    #[cfg(feature = "render")]
    Render(cmd::render::Args),
    Preview(cmd::preview::Args),
    /// Search or show gazetteer places
    #[command(subcommand)]
    Places(cmd::places::Command),
    Passages(cmd::passages::Args),
}

fn main() -> ExitCode {
    corridor::crs::isolate_from_system_proj();
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(a) => cmd::build::run(a),
        Command::Distances(a) => cmd::distances::run(a),
        Command::Aggregate(a) => cmd::aggregate::run(a),
        Command::Check(a) => cmd::check::run(a),
        #[cfg(feature = "render")]
        Command::Render(a) => cmd::render::run(a),
        Command::Preview(a) => cmd::preview::run(a),
        Command::Places(c) => cmd::places::run(c),
        Command::Passages(a) => cmd::passages::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `file:line:col: message`, one line per problem.
            for d in e.diagnostics() {
                if d.file.is_empty() {
                    eprintln!("error: {d}");
                } else {
                    eprintln!("{d}");
                }
            }
            // Misuse of the command line exits 2, as clap's own errors do; bad input 1.
            if e.is_usage() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
