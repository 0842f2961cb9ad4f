//! `corridor check`: validate routes and report every problem.

use super::{Inputs, print};
use crate::error::{Error, Result};
use crate::plan::plan;

/// Validate route files: unknown places, legs that do not connect, dates out of order,
/// bad coordinates, modes and units. Prints `file:line:col: message` per problem.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let legs = plan(&routes, &gaz).map_err(|mut p| {
        p.sort();
        Error(p)
    })?;
    print(&format!(
        "ok: {} routes, {} legs\n",
        routes.len(),
        legs.len()
    ))
}
