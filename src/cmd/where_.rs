//! `corridor where`: each leg's estimated position at one instant.

use super::{Inputs, plan_legs, print, table_decimals, to_stderr};
use corridor::error::Result;
use corridor::report::position::where_table;
use corridor::report::table::TableFormat;
use corridor::routes::TimeSpan;

// Described on its variant of `Command` in main.rs, which lists every subcommand's (see
// `Deferred` there).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The instant, RFC 3339 with a time zone (2024-02-06T00:00Z, 2024-02-06T09:00+09:00);
    /// a date alone means its midnight UTC
    #[arg(long, value_name = "TIME", value_parser = instant)]
    pub at: i64,
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
}

/// Unix seconds of `--at`; a bad time is a usage error naming the forms accepted.
fn instant(s: &str) -> std::result::Result<i64, String> {
    s.parse::<TimeSpan>().map(|t| t.earliest)
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let legs = plan_legs(&routes, &gaz, &args.inputs.options())?;
    let (table, left_out) = where_table(&legs, args.at, table_decimals(args.format));
    if left_out > 0 {
        let s = if left_out == 1 { "" } else { "s" };
        to_stderr(&format!(
            "{left_out} leg{s} not under way at that time (or without known times) left out\n"
        ));
    }
    print(&table.render(args.format))
}
