//! Reading route arguments: files or folders (every `*.toml` and `*.csv` inside, sorted).

use std::path::{Path, PathBuf};

use super::model::Route;
use super::{csv_file, toml_file};
use crate::error::Diagnostic;

/// Expands arguments into route files: a folder gives its `*.toml` and `*.csv` files (not its
/// `corridor.toml`, nor the CSV tracks its routes may name beside them: see
/// [`super::track::is_track_csv`]; not recursively); a file is taken as it is. The whole list is sorted by
/// path, so that the order the files are named in changes no output (a report rebuilt from
/// `corridor build b.toml a.toml` is byte-identical to `a.toml b.toml`).
pub fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for arg in args {
        let name = arg.display().to_string();
        if arg.is_dir() {
            let mut inside: Vec<PathBuf> = match std::fs::read_dir(arg) {
                Ok(rd) => rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && is_route_file(p) && !is_track(p))
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
            problems.push(Diagnostic::file(name, not_a_route_file(arg)));
        }
    }
    if problems.is_empty() {
        files.sort();
        Ok(files)
    } else {
        Err(problems)
    }
}

/// Why an argument that is neither a file nor a folder is not read: it is missing, or what
/// it is (a FIFO, a socket, a device).
fn not_a_route_file(arg: &Path) -> String {
    let what = std::fs::metadata(arg).ok();
    match what.as_ref().and_then(crate::input::not_a_file) {
        Some(kind) => format!(
            "is {kind}, not a route file; give route files (*.toml, *.csv) or folders holding them"
        ),
        None => "no such file or folder; give route files (*.toml, *.csv) or folders holding them"
            .into(),
    }
}

/// A `*.toml` or `*.csv` file other than the folder's `corridor.toml`.
fn is_route_file(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "csv"))
        && p.file_name().and_then(|n| n.to_str()) != Some(super::project::PROJECT_FILE)
}

/// A CSV file in a route folder that is a track, not legs.
fn is_track(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()) == Some("csv") && super::track::is_track_csv(p)
}

/// Reads and parses one route file (TOML: one route; CSV: any number).
///
/// ```
/// use corridor::routes::{Mode, load::read_file};
///
/// let dir = tempfile::tempdir().unwrap();
/// let file = dir.path().join("legs.csv");
/// std::fs::write(&file, "route,mode,from,to\nminsk-tianjin,rail,Minsk,Tianjin\n").unwrap();
/// let routes = read_file(&file).unwrap();
/// assert_eq!(routes[0].legs[0].mode, Mode::Rail);
///
/// let problems = read_file(&dir.path().join("legs.txt")).unwrap_err();
/// assert!(problems[0].message.starts_with("cannot read"));
/// ```
pub fn read_file(path: &Path) -> Result<Vec<Route>, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let text = crate::input::read_text(path, "route file", crate::input::MAX_ROUTE_FILE_BYTES)
        .map_err(|d| vec![d])?;
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => csv_file::parse(&name, &text),
        Some("toml") => {
            let mut route = toml_file::parse(&name, &text)?;
            super::track::attach_tracks(&mut route)?;
            Ok(vec![route])
        }
        _ => Err(vec![Diagnostic::file(
            &name,
            "unknown route file type; use .toml (one route) or .csv (legs, one per row)",
        )]),
    }
}

/// Reads every route named by `args`, collecting every problem; duplicate route ids are
/// reported at their second definition.
///
/// ```
/// use corridor::routes::load::read_all;
///
/// let dir = tempfile::tempdir().unwrap();
/// let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
/// write("b.csv", "route,mode,from,to\nminsk-tianjin,rail,Minsk,Tianjin\nminsk-tianjin,sea,Tianjin,Busan\n");
/// write("a.toml", "id = \"minsk-riga\"\n[[legs]]\nmode = \"road\"\nfrom = \"Minsk\"\nto = \"Riga\"\n");
/// write("notes.txt", "not a route file: a folder gives only its *.toml and *.csv");
///
/// // A folder gives its route files in name order.
/// let routes = read_all(&[dir.path().to_path_buf()]).unwrap();
/// let ids: Vec<&str> = routes.iter().map(|r| r.id.as_str()).collect();
/// assert_eq!(ids, ["minsk-riga", "minsk-tianjin"]);
/// assert_eq!(routes[1].legs.len(), 2);
///
/// // Files named one by one are read in path order too, whatever order they come in.
/// let both = read_all(&[dir.path().join("b.csv"), dir.path().join("a.toml")]).unwrap();
/// assert_eq!(both[0].id, "minsk-riga");
///
/// // A route id used twice is a problem, reported where it comes the second time.
/// write("c.toml", "id = \"minsk-riga\"\n[[legs]]\nmode = \"air\"\nfrom = \"Minsk\"\nto = \"Riga\"\n");
/// let problems = read_all(&[dir.path().to_path_buf()]).unwrap_err();
/// assert!(problems[0].file.ends_with("c.toml"));
/// assert!(problems[0].message.starts_with("route id \"minsk-riga\" is already used in"));
/// ```
/// Every file read and parsed, in order; on the machine's cores when there are many files
/// (each file is independent until the route ids are compared).
fn read_files(files: &[PathBuf]) -> Vec<Result<Vec<Route>, Vec<Diagnostic>>> {
    if files.len() < 64 || crate::cores() < 2 {
        return files.iter().map(|f| read_file(f)).collect();
    }
    let threads = crate::cores();
    // Each thread takes the next file not taken yet (a folder's one large CSV among many
    // small TOML files would leave the thread given it in a fixed share working alone);
    // the results go back in file order.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let take = || {
        let mut read = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(f) = files.get(i) else {
                return read;
            };
            read.push((i, read_file(f)));
        }
    };
    let mut read: Vec<_> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(take)).collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a route reader panicked"))
            .collect()
    });
    read.sort_unstable_by_key(|r| r.0);
    read.into_iter().map(|r| r.1).collect()
}

pub fn read_all(args: &[PathBuf]) -> Result<Vec<Route>, Vec<Diagnostic>> {
    read_listed(&expand(args)?)
}

/// Reads the route files [`expand`] listed, in order, as [`read_all`] does.
pub fn read_listed(files: &[PathBuf]) -> Result<Vec<Route>, Vec<Diagnostic>> {
    let mut routes: Vec<Route> = Vec::new();
    // Route id → index in `routes`, so a file of many routes is checked in linear time.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut problems = Vec::new();
    for read in read_files(files) {
        match read {
            Ok(rs) => {
                for r in rs {
                    if let Some(first) = seen.get(&r.id).map(|&i| &routes[i]) {
                        problems.push(Diagnostic::at(
                            &r.file,
                            r.pos.line,
                            r.pos.col,
                            format!(
                                "route id {} is already used in {}:{}; route ids must be unique",
                                crate::quote::quoted(&r.id),
                                first.file,
                                first.pos.line
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
