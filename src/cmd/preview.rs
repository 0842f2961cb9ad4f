//! `corridor preview`: one offline HTML page to look at the routes in a browser.

use std::path::PathBuf;

use super::Inputs;
use corridor::credits::Credit;
use corridor::error::Result;
use corridor::features::Antimeridian;
use corridor::writers::atomic::write_atomic;
use corridor::writers::preview::{BASEMAP_CREDIT, preview_html};

// Described on its variant of `Command` in main.rs, which lists every subcommand's (see
// `Deferred` there).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The page title
    #[arg(long, default_value = "corridor")]
    pub name: String,
    /// Output file, e.g. map.html
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub inputs: Inputs,
}

pub fn run(args: &Args) -> Result<()> {
    let drawn = args.inputs.draw(Antimeridian::Cut)?;
    // The page's land (Natural Earth), then what the legs and places are made from.
    let credits: Vec<String> = std::iter::once(BASEMAP_CREDIT.to_string())
        .chain(
            drawn
                .credits
                .iter()
                .filter(|c| **c != Credit::NaturalEarth)
                .map(|c| c.text()),
        )
        .collect();
    let html = preview_html(&args.name, &drawn.features, &drawn.places, &credits);
    Ok(write_atomic(&args.output, html.as_bytes())?)
}
