//! `corridor check`: validate routes and report every problem.

use super::{Inputs, plan_legs, print};
use crate::error::Result;

/// Validate route files: unknown places, legs that do not connect, dates out of order,
/// bad coordinates, modes and units. Prints `file:line:col: message` per problem.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let legs = plan_legs(&routes, &gaz, &args.inputs.options())?;
    print(&format!(
        "ok: {} routes, {} legs\n",
        routes.len(),
        legs.len()
    ))
}
