//! `corridor passages`: the straits, canals and inland links sea legs can avoid, allow or
//! require, with their defaults.

use serde_json::{Value, json};

use super::print;
use corridor::error::{Diagnostic, Error, Kind, Result};
use corridor::networks::sea::{GOES_WITH, SeaNetwork};
use corridor::report::table::{Table, TableFormat};

// Described on its variant of `Command` in main.rs, which lists every subcommand's (see
// `Deferred` there).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
}

pub fn run(args: &Args) -> Result<()> {
    let sea = SeaNetwork::bundled().ok_or_else(|| {
        Error::from(
            Diagnostic::usage(
                "this corridor was built without the sea network; rebuild it from the full source",
            )
            .with_kind(Kind::Read),
        )
    })?;
    print(&passages_table(&sea).render(args.format))
}

/// The passages as a table.
pub fn passages_table(sea: &SeaNetwork) -> Table {
    let mut t = Table::new(&[
        "slug",
        "name",
        "default",
        "allowance_h",
        "goes_with",
        "connects",
        "confirm",
    ]);
    let text = |s: &str| {
        if s.is_empty() { Value::Null } else { json!(s) }
    };
    for &[slug, name, default, allowance, connects, confirm] in sea.passage_table() {
        let goes_with: Vec<&str> = GOES_WITH
            .iter()
            .filter(|(first, _)| *first == slug)
            .map(|(_, then)| *then)
            .collect();
        t.push(vec![
            json!(slug),
            json!(name),
            json!(default),
            allowance.parse::<f64>().map_or(Value::Null, |h| json!(h)),
            text(&goes_with.join(", ")),
            text(connects),
            json!(confirm == "yes"),
        ]);
    }
    t
}
