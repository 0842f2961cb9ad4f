//! Files that travel with route files, so a route folder resolves the same way in every
//! command without repeating flags: a `places.tsv` beside the routes, and a `corridor.toml`
//! naming more gazetteer files.
//!
//! ```toml
//! # routes/corridor.toml
//! gazetteers = ["../sources/depots.tsv", "airfields.csv"]   # relative to this file
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::Diagnostic;

/// The project file's name; route folders skip it when they list route files.
pub const PROJECT_FILE: &str = "corridor.toml";
/// A gazetteer file picked up from a route folder without being named.
pub const PLACES_FILE: &str = "places.tsv";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectIn {
    #[serde(default)]
    gazetteers: Vec<String>,
}

/// The gazetteer files that go with route arguments, in order: for each folder holding the
/// routes (a folder argument, or a file's folder; each once), its `places.tsv`, then the
/// files its `corridor.toml` names. Command-line `--gazetteer` files come after these, so
/// they have the last word.
pub fn gazetteers_for(route_args: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut folders: Vec<PathBuf> = Vec::new();
    for arg in route_args {
        let folder = if arg.is_dir() {
            arg.clone()
        } else {
            arg.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf()
        };
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    let mut files = Vec::new();
    for folder in folders {
        let places = folder.join(PLACES_FILE);
        // Anything by that name is read, so a FIFO or a folder is reported, not skipped.
        if places.exists() {
            files.push(places);
        }
        let project = folder.join(PROJECT_FILE);
        if project.exists() {
            files.extend(read_project(&project)?);
        }
    }
    Ok(files)
}

/// The gazetteer files a `corridor.toml` names, as paths from the working directory.
fn read_project(path: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let name = path.display().to_string();
    let text = crate::input::read_text(path, "project file", crate::input::MAX_ROUTE_FILE_BYTES)?;
    let project: ProjectIn = toml::from_str(&text).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((0, 0), |s| crate::error::line_col(&text, s.start));
        Diagnostic::at(
            &name,
            line,
            col,
            format!(
                "{}; a corridor.toml holds `gazetteers = [\"file.tsv\", …]` (paths relative to it)",
                e.message()
            ),
        )
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    project
        .gazetteers
        .iter()
        .map(|g| {
            let p = dir.join(g);
            if p.is_file() {
                Ok(p)
            } else {
                Err(Diagnostic::file(
                    &name,
                    format!(
                        "gazetteer {} not found (looked for {}); fix the path, relative to this file",
                        crate::quote::quoted(g),
                        p.display()
                    ),
                ))
            }
        })
        .collect()
}
