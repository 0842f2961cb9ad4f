//! `corridor aggregate`: totals per mode, route, corridor, month, vehicle or country.

use super::{Inputs, plan_legs, print, table_decimals};
use corridor::error::Result;
use corridor::report::aggregate::{GroupBy, aggregate_table};
use corridor::report::table::TableFormat;

// Described on its variant of `Command` in main.rs, which lists every subcommand's (see
// `Deferred` there).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// What to group by
    #[arg(long, value_enum)]
    pub by: GroupBy,
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let legs = plan_legs(&routes, &gaz, &args.inputs.numbers_options())?;
    print(&aggregate_table(&legs, args.by, table_decimals(args.format)).render(args.format))
}
