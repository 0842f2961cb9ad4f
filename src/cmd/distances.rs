//! `corridor distances`: per-leg distances and route totals.

use super::{Inputs, print};
use crate::error::{Error, Result};
use crate::plan::plan;
use crate::report::distances::distances_table;
use crate::report::table::TableFormat;
use crate::units::LengthUnit;

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

/// List each leg's distance along its geometry, trips and trip distance, then route totals.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Unit of the distance columns
    #[arg(long, value_enum, default_value_t)]
    pub units: UnitArg,
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let legs = plan(&routes, &gaz).map_err(Error)?;
    let unit = match args.units {
        UnitArg::Km => LengthUnit::Km,
        UnitArg::Nmi => LengthUnit::Nmi,
        UnitArg::Mi => LengthUnit::Mi,
    };
    print(&distances_table(&legs, unit).render(args.format))
}
