//! `corridor check`: validate routes and report every problem.

use serde_json::{Value, json};

use super::{Inputs, plan_all, print, to_stderr};
use corridor::error::Result;
use corridor::plan::PlanOptions;
use corridor::plan::Resolution;
use corridor::report::table::{Table, TableFormat};

// Described on its variant of `Command` in main.rs, which lists every subcommand's (see
// `Deferred` there).
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Also list what every place name resolved to: id, kind, country, and for a city that
    /// stands for its airport, seaport or station, the city and how far it lies
    #[arg(long)]
    pub explain: bool,
    /// Format of the --explain table
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
}

pub fn run(args: &Args) -> Result<()> {
    let (gaz, routes) = args.inputs.read()?;
    let plan = plan_all(
        &routes,
        &gaz,
        &PlanOptions {
            skip_place_countries: !args.explain,
            skip_resolutions: !args.explain,
            ..args.inputs.numbers_options()
        },
    )?;
    if args.explain {
        print(&explain_table(&plan.resolutions).render(args.format))?;
    }
    let ok = format!("ok: {} routes, {} legs\n", routes.len(), plan.legs.len());
    if args.explain && args.format != TableFormat::Table {
        // Keep standard output one document.
        to_stderr(&ok);
        Ok(())
    } else {
        print(&ok)
    }
}

/// One row per place reference: where, what was written, and what it became.
pub fn explain_table(resolutions: &[Resolution]) -> Table {
    let mut t = Table::new(&[
        "at",
        "mode",
        "name",
        "id",
        "kind",
        "country",
        "place",
        "city",
        "from_city_km",
    ]);
    for r in resolutions {
        let (city, km) = match &r.city {
            Some((c, d)) => (json!(c.id), json!((d.km() * 10.0).round() / 10.0)),
            None => (Value::Null, Value::Null),
        };
        t.push(vec![
            json!(format!("{}:{}:{}", r.file, r.line, r.col)),
            json!(r.mode.as_str()),
            json!(r.query),
            json!(r.place.id),
            json!(r.place.kind.as_str()),
            json!(r.place.country),
            json!(r.place.name),
            city,
            km,
        ]);
    }
    t
}
