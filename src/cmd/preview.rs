//! `corridor preview`: one offline HTML page to look at the routes in a browser.

use std::path::PathBuf;

use super::{Inputs, plan_legs};
use crate::cmd::build::places_used;
use corridor::error::Result;
use corridor::features::{Antimeridian, Style, leg_feature};
use corridor::writers::atomic::write_atomic;
use corridor::writers::preview::preview_html;

/// Write a self-contained HTML map (no internet needed): legs over the basemap, a popup per
/// leg, and a list of routes to show or hide.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Output file, e.g. map.html
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// The page title
    #[arg(long, default_value = "corridor")]
    pub name: String,
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let legs = plan_legs(&routes, &gaz, &args.inputs.options())?;
    let features: Vec<_> = legs
        .iter()
        .map(|l| leg_feature(l, Antimeridian::Cut, Style::None))
        .collect();
    let html = preview_html(&args.name, &features, &places_used(&legs));
    Ok(write_atomic(&args.output, html.as_bytes())?)
}
