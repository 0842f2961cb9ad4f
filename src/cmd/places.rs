//! `corridor places search|show`: look things up in the gazetteer.

use serde_json::{Value, json};

use super::{GazetteerArgs, print};
use corridor::error::{Diagnostic, Error, Kind, Result};
use corridor::places::{Gazetteer, MatchQuality, Place};
use corridor::quote::quoted;
use corridor::report::table::{Table, TableFormat};

/// Search or show gazetteer places.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Ranked search by name, alias (any script), id, IATA, ICAO or UN/LOCODE
    Search {
        query: String,
        /// Show at most N places
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: TableFormat,
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
    /// Everything the gazetteer knows about one place (an id, or any reference that resolves)
    Show {
        id: String,
        #[command(flatten)]
        gazetteer: GazetteerArgs,
    },
}

fn codes(p: &Place) -> String {
    p.codes().collect::<Vec<_>>().join(" ")
}

fn quality(q: MatchQuality) -> &'static str {
    match q {
        MatchQuality::Exact => "exact",
        MatchQuality::Prefix => "prefix",
        MatchQuality::Substring => "substring",
        MatchQuality::Similar => "similar",
    }
}

/// The search result table.
pub fn search_table(gaz: &Gazetteer, query: &str, limit: usize) -> Table {
    let mut t = Table::new(&[
        "id", "kind", "country", "lat", "lon", "codes", "name", "match",
    ]);
    for (p, q) in gaz.search(query, limit) {
        t.push(vec![
            json!(p.id),
            json!(p.kind.as_str()),
            json!(p.country),
            Value::String(format!("{:.4}", p.lat)),
            Value::String(format!("{:.4}", p.lon)),
            json!(codes(&p)),
            json!(p.name),
            json!(quality(q)),
        ]);
    }
    t
}

/// The `show` text for one place.
pub fn show_text(p: &Place) -> String {
    let mut s = String::new();
    let mut line = |k: &str, v: &str| {
        if !v.is_empty() {
            s.push_str(&format!("{k:<11} {v}\n"));
        }
    };
    line("id", &p.id);
    line("name", &p.name);
    line("kind", p.kind.as_str());
    line("country", &p.country);
    line("lat, lon", &format!("{}, {}", p.lat, p.lon));
    line("iata", &p.iata);
    line("icao", &p.icao);
    line("unlocode", &p.unlocode);
    line(
        "population",
        &p.population.map(|n| n.to_string()).unwrap_or_default(),
    );
    line("aliases", &p.aliases.join(" | "));
    line("source", &p.source);
    s
}

pub fn run(cmd: &Command) -> Result<()> {
    match cmd {
        Command::Search {
            query,
            limit,
            format,
            gazetteer,
        } => {
            let gaz = gazetteer.load()?;
            let t = search_table(&gaz, query, *limit);
            if t.rows.is_empty() {
                let msg = format!(
                    "no place matches {}; try fewer letters, another spelling or script, or add places with --gazetteer",
                    quoted(query)
                );
                return Err(Diagnostic::usage(msg).with_kind(Kind::Place).into());
            }
            print(&t.render(*format))
        }
        Command::Show { id, gazetteer } => {
            let gaz = gazetteer.load()?;
            let place = match gaz.get(id) {
                Some(p) => p,
                None => gaz.resolve(id, &[]).map_err(|e| {
                    Error::from(Diagnostic::usage(e.to_string()).with_kind(Kind::Place))
                })?,
            };
            print(&show_text(&place))
        }
    }
}
