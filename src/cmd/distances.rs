//! `corridor distances`: per-leg distances and route totals.

use std::mem::ManuallyDrop;

use super::{Inputs, plan_legs, print, table_decimals};
use corridor::error::{Error, Result};
use corridor::plan::{PlanOptions, plan};
use corridor::report::distances::{compare_table, distances_table};
use corridor::report::table::TableFormat;
use corridor::units::LengthUnit;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum UnitArg {
    /// kilometres
    #[default]
    Km,
    /// international nautical miles (1,852 m)
    Nmi,
    /// statute miles (1,609.344 m)
    Mi,
}

// Described on its variant of `Command` in main.rs, which lists every subcommand's (see
// `Deferred` there).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Unit of the distance columns
    #[arg(long, value_enum, default_value_t)]
    pub units: UnitArg,
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
    /// Compare with the routes as written: per leg, the distance without the command
    /// line's --avoid/--allow/--require, the distance with them, and the difference
    #[arg(long)]
    pub compare: bool,
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let options = PlanOptions {
        skip_place_countries: true,
        ..args.inputs.numbers_options()
    };
    let legs = if args.compare {
        ManuallyDrop::new(Vec::new())
    } else {
        plan_legs(&routes, &gaz, &options)?
    };
    let unit = match args.units {
        UnitArg::Km => LengthUnit::Km,
        UnitArg::Nmi => LengthUnit::Nmi,
        UnitArg::Mi => LengthUnit::Mi,
    };
    if !args.compare {
        let decimals = table_decimals(args.format);
        // Not freed, as the legs are not: the command ends here, and a table's cells would
        // be freed one by one.
        let table = ManuallyDrop::new(distances_table(&legs, unit, decimals));
        return print(&ManuallyDrop::new(table.render(args.format)));
    }
    // The routes as written, but lenient if asked, and with the passages the switches touch
    // taken as named (asking what avoiding Suez costs says the leg goes by Suez).
    let base = PlanOptions {
        lenient: options.lenient,
        numbers_only: true,
        skip_place_countries: true,
        skip_resolutions: true,
        named: [
            &options.passages.avoid,
            &options.passages.allow,
            &options.passages.require,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect(),
        ..PlanOptions::default()
    };
    let base_legs = plan_legs(&routes, &gaz, &base)?;
    let what_if = plan(
        &routes,
        &gaz,
        &PlanOptions {
            tolerate_no_path: true,
            ..options.clone()
        },
    )
    .map_err(Error)?;
    let allowed: Vec<String> = args
        .inputs
        .allow
        .iter()
        .chain(&args.inputs.require)
        .cloned()
        .collect();
    print(
        &compare_table(
            &base_legs,
            &what_if.legs,
            &what_if.unroutable,
            unit,
            &allowed,
        )
        .render(args.format),
    )
}
