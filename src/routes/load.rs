//! Reading route arguments: files or folders (every `*.toml` and `*.csv` inside, sorted).

use std::path::{Path, PathBuf};

use super::model::Route;
use super::{csv_file, toml_file};
use crate::error::Diagnostic;

/// Expands arguments into route files: a folder gives its `*.toml` and `*.csv` files (not its
/// `corridor.toml`), sorted by name (not recursively); a file is taken as it is.
pub fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for arg in args {
        let name = arg.display().to_string();
        if arg.is_dir() {
            let mut inside: Vec<PathBuf> = match std::fs::read_dir(arg) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && is_route_file(p))
                    .collect(),
                Err(e) => {
                    problems.push(Diagnostic::file(name, format!("cannot read folder: {e}")));
                    continue;
                }
            };
            inside.sort();
            if inside.is_empty() {
                problems.push(Diagnostic::file(
                    name,
                    "the folder holds no *.toml or *.csv route files",
                ));
            }
            files.extend(inside);
        } else if arg.is_file() {
            files.push(arg.clone());
        } else {
            problems.push(Diagnostic::file(
                name,
                "no such file or folder; give route files (*.toml, *.csv) or folders holding them",
            ));
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// A `*.toml` or `*.csv` file other than the folder's `corridor.toml`.
fn is_route_file(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "csv"))
        && p.file_name().and_then(|n| n.to_str()) != Some(super::project::PROJECT_FILE)
}

/// Reads and parses one route file (TOML: one route; CSV: any number).
pub fn read_file(path: &Path) -> Result<Vec<Route>, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::file(&name, format!("cannot read: {e}"))])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        vec![Diagnostic::file(
            &name,
            format!("not UTF-8 text ({e}); save the file as UTF-8"),
        )]
    })?;
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => csv_file::parse(&name, &text),
        Some("toml") => toml_file::parse(&name, &text).map(|r| vec![r]),
        _ => Err(vec![Diagnostic::file(
            &name,
            "unknown route file type; use .toml (one route) or .csv (legs, one per row)",
        )]),
    }
}

/// Reads every route named by `args`, collecting every problem; duplicate route ids are
/// reported at their second definition.
pub fn read_all(args: &[PathBuf]) -> Result<Vec<Route>, Vec<Diagnostic>> {
    let files = expand(args)?;
    let mut routes: Vec<Route> = Vec::new();
    // Route id → index in `routes`, so a file of many routes is checked in linear time.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for f in files {
        match read_file(&f) {
            Ok(rs) => {
                for r in rs {
                    if let Some(first) = seen.get(&r.id).map(|&i| &routes[i]) {
                        problems.push(Diagnostic::at(
                            &r.file,
                            r.pos.line,
                            r.pos.col,
                            format!(
                                "route id {:?} is already used in {}:{}; route ids must be unique",
                                r.id, first.file, first.pos.line
                            ),
                        ));
                    } else {
                        seen.insert(r.id.clone(), routes.len());
                        routes.push(r);
                    }
                }
            }
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(routes)
    } else {
        Err(problems)
    }
}
