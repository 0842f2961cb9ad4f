//! Compiles the bundled gazetteer (`gazetteer/*.tsv` and `gazetteer/imported/*.tsv.gz`)
//! into the sorted binary index that `src/places/embedded.rs` includes, so the binary
//! parses nothing at start-up and works from any directory.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

// The same code the library uses, so build-time and run-time parsing cannot drift apart.
#[path = "src/names.rs"]
#[macro_use]
mod names;

#[path = "src/quote.rs"]
mod quote;

#[path = "src/networks"]
#[allow(dead_code)]
mod networks {
    pub mod bytes;
    pub mod ch;
    pub mod coast;
    pub mod graph;
    pub mod landmarks;
    pub mod lon;
    pub mod node_grid;
    pub mod passage_cost;
    pub mod port_connectors;
    pub mod shortest_path;
    pub mod zeroed;
    pub(crate) use lon::lon_delta;
}

#[path = "src/places"]
#[allow(dead_code)]
mod places {
    pub mod countries_format;
    pub mod disputed;
    pub mod index;
    pub mod key_map;
    pub mod normalize;
    pub mod place;
    pub mod table;
}

use places::place::Place;

fn sorted_files(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn read_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "gz") {
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{}: not gzip-compressed UTF-8: {e}", path.display()));
        text
    } else {
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("{}: not UTF-8: {e}", path.display()))
    }
}

fn load(path: &Path) -> Vec<Place> {
    println!("cargo:rerun-if-changed={}", path.display());
    match places::table::parse_tsv(&read_text(path)) {
        Ok(rows) => rows.into_iter().map(|(_, p)| p).collect(),
        Err((line, _, msg)) => panic!("{}:{line}: {msg}", path.display()),
    }
}

/// Reads `name` or `name.gz` from `dir`, if either exists. Only the file read is watched,
/// with the folder (for one appearing): cargo reruns a build script on every build while a
/// watched path is missing.
fn read_optional(dir: &Path, name: &str) -> Option<String> {
    println!("cargo:rerun-if-changed={}", dir.display());
    for candidate in [dir.join(name), dir.join(format!("{name}.gz"))] {
        if candidate.exists() {
            println!("cargo:rerun-if-changed={}", candidate.display());
            return Some(read_text(&candidate));
        }
    }
    None
}

/// Rows of a headed TSV as field vectors, with their 1-based line numbers.
fn tsv_rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

/// Reads `networks/<net>/nodes.tsv`: `id lon lat`, ids 0, 1, 2, …, plus with `tagged` a
/// fourth column (a country) interned into a node tag table.
fn parse_nodes(
    text: &str,
    net: &str,
    tagged: bool,
) -> (Vec<networks::graph::NodeIn>, Vec<Vec<String>>) {
    let bad = |line: usize, what: &str| -> ! { panic!("networks/{net}/nodes.tsv:{line}: {what}") };
    let mut table: Vec<Vec<String>> = Vec::new();
    let nodes = tsv_rows(text)
        .enumerate()
        .map(|(i, (line, f))| {
            let width = if tagged { 4 } else { 3 };
            if f.len() < width || f[0].parse::<usize>().ok() != Some(i) {
                bad(
                    line,
                    if tagged {
                        "expected `id lon lat country` with ids 0, 1, 2, …"
                    } else {
                        "expected `id lon lat` with ids 0, 1, 2, …"
                    },
                );
            }
            let lon: f64 = f[1].parse().unwrap_or_else(|_| bad(line, "bad lon"));
            let lat: f64 = f[2].parse().unwrap_or_else(|_| bad(line, "bad lat"));
            let value = if tagged { f[3].trim() } else { "" };
            let tag = if value.is_empty() {
                0
            } else {
                match table.iter().position(|c| c[0] == value) {
                    Some(i) => i as u8 + 1,
                    None => {
                        table.push(vec![value.to_string()]);
                        table.len() as u8
                    }
                }
            };
            networks::graph::NodeIn { lon, lat, tag }
        })
        .collect();
    (nodes, table)
}

/// The first three columns of an edge row: node ids (checked against the node count) and
/// length in metres.
fn edge_ends(f: &[&str], n_nodes: usize) -> Result<(u32, u32, f64), &'static str> {
    let num = |i: usize| {
        f.get(i)
            .and_then(|x| x.trim().parse::<f64>().ok())
            .ok_or("missing or bad number")
    };
    let (u, v, metres) = (num(0)?, num(1)?, num(2)?);
    if u < 0.0 || v < 0.0 || u as usize >= n_nodes || v as usize >= n_nodes {
        return Err("node id out of range");
    }
    Ok((u as u32, v as u32, metres))
}

/// A malformed row of a network file: the build stops, naming it.
fn bad(file: &str, line: usize, what: &str) -> ! {
    panic!("networks/{file}:{line}: {what}")
}

/// `networks/sea/passages.tsv`: one row of up to six columns per passage, in tag order.
fn sea_passages(text: &str) -> Vec<Vec<String>> {
    tsv_rows(text)
        .map(|(line, f)| {
            if f.len() < 3
                || f.get(3)
                    .is_some_and(|h| !h.is_empty() && h.parse::<f64>().is_err())
            {
                bad(
                    "sea/passages.tsv",
                    line,
                    "expected `slug name default allowance_h [connects [confirm]]`",
                );
            }
            f.iter().take(6).map(|x| x.to_string()).collect()
        })
        .collect()
}

/// `networks/sea/edges.tsv`: `u v metres passage`, the passage as its tag number.
fn sea_edges(text: &str, n_nodes: usize, tags: &[Vec<String>]) -> Vec<networks::graph::EdgeIn> {
    tsv_rows(text)
        .map(|(line, f)| {
            let (u, v, metres) = edge_ends(&f, n_nodes).unwrap_or_else(|e| {
                bad(
                    "sea/edges.tsv",
                    line,
                    &format!("{e}; expected `u v metres passage`"),
                )
            });
            let slug = f.get(3).copied().unwrap_or("").trim();
            let tag = if slug.is_empty() {
                0
            } else {
                tags.iter()
                    .position(|t| t[0] == slug)
                    .map(|i| i as u8 + 1)
                    .unwrap_or_else(|| bad("sea/edges.tsv", line, "passage not in passages.tsv"))
            };
            networks::graph::EdgeIn {
                u,
                v,
                metres,
                tag,
                geometry: Vec::new(),
            }
        })
        .collect()
}

/// Compiles `networks/sea/` into the graph and coastline grid the binary embeds; without
/// the data, writes an empty network so the crate still builds.
fn build_sea(root: &Path, out_dir: &Path) {
    use networks::graph::write_graph;
    let dir = root.join("networks/sea");
    println!("cargo:rerun-if-changed={}", dir.display());
    let (nodes_txt, edges_txt, tags_txt) = (
        read_optional(&dir, "nodes.tsv"),
        read_optional(&dir, "edges.tsv"),
        read_optional(&dir, "passages.tsv"),
    );
    let graph = match (nodes_txt, edges_txt, tags_txt) {
        (Some(n), Some(e), Some(t)) => {
            let (nodes, _) = parse_nodes(&n, "sea", false);
            let tags = sea_passages(&t);
            write_graph(&nodes, &sea_edges(&e, nodes.len(), &tags), &tags, &[])
        }
        _ => write_graph(&[], &[], &[], &[]),
    };
    // The contraction hierarchy that answers sea queries, built once here (about a second).
    let g = networks::graph::Graph::open(&graph).expect("sea graph just written");
    let ch = networks::ch::build(&g, &networks::passage_cost::factors(&g));
    std::fs::write(out_dir.join("sea.ch"), ch).expect("write sea.ch");
    let nodes = networks::node_grid::write_node_grid(&g);
    std::fs::write(out_dir.join("sea.nodes"), &nodes).expect("write sea.nodes");
    std::fs::write(out_dir.join("sea.lengths"), lane_lengths(&g)).expect("write sea.lengths");
    std::fs::write(out_dir.join("sea.graph"), &graph).expect("write sea.graph");
    // Named water bodies, to say which waters a leg's ends lie in when they are not joined.
    let waters = read_optional(&dir, "waters.tsv").unwrap_or_else(|| "name\tlon\tlat\n".into());
    std::fs::write(out_dir.join("sea.waters"), waters).expect("write sea.waters");
    let segments = match read_optional(&dir, "coast.tsv") {
        Some(text) => networks::coast::segments_from_rings(&text)
            .unwrap_or_else(|e| panic!("networks/sea/coast.tsv: {e}")),
        None => Vec::new(),
    };
    let coast = networks::coast::write_grid(&segments);
    // The gazetteer's seaports' connectors, made from this very network or not at all.
    let fingerprint = networks::port_connectors::fingerprint(&[&graph, &nodes, &coast]);
    let connectors = match read_optional(&dir, "port_connectors.tsv") {
        Some(text) => networks::port_connectors::parse_tsv(&text, fingerprint).unwrap_or_else(|e| {
            println!(
                "cargo:warning=networks/sea/port_connectors.tsv.gz {e}: not bundled, so each seaport's connector is searched when a leg needs it; remake it with `cargo run --release --example port_connectors`"
            );
            Vec::new()
        }),
        None => Vec::new(),
    };
    std::fs::write(
        out_dir.join("sea.ports"),
        networks::port_connectors::write_table(&connectors),
    )
    .expect("write sea.ports");
    std::fs::write(out_dir.join("coast.grid"), coast).expect("write coast.grid");
}

/// The geodesic length of every directed edge in metres, by edge index (f64, little-endian):
/// a sea leg's course is its connectors and these lanes added up, measured here once by the
/// call the library makes (`geo`'s `Geodesic::distance` is this inverse), so that a course
/// routed for its numbers only, without its line, has the line's length (`tests/sea.rs` checks
/// every edge). `edges.tsv`'s metres are rounded to 0.1 m.
fn lane_lengths(g: &networks::graph::Graph) -> Vec<u8> {
    use geographiclib_rs::InverseGeodesic;
    let wgs84 = geographiclib_rs::Geodesic::wgs84();
    let mut out = Vec::with_capacity(g.edge_count() * 8);
    for u in 0..g.node_count() as u32 {
        let a = g.coord(u);
        for e in g.edges(u) {
            let b = g.coord(e.to);
            let metres: f64 = wgs84.inverse(a.1, a.0, b.1, b.0);
            out.extend(metres.to_le_bytes());
        }
    }
    out
}

/// `networks/rail/edges.tsv`, columns by header: `u v metres [track_m] gauge geometry`. The
/// edge weight is the track length when the file has one (the source's original length), else
/// the polyline's; never less than the straight line between the ends, so the router's
/// geodesic lower bound stays valid.
fn rail_edges(text: &str, nodes: &[networks::graph::NodeIn]) -> Vec<networks::graph::EdgeIn> {
    let header: Vec<&str> = text.lines().next().unwrap_or("").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let (track_col, gauge_col, geometry_col) = match (col("track_m"), col("gauge"), col("geometry"))
    {
        (t, Some(g), Some(geo)) => (t, g, geo),
        _ => bad(
            "rail/edges.tsv",
            1,
            "header must name `u v metres [track_m] gauge geometry`",
        ),
    };
    tsv_rows(text)
        .map(|(line, f)| {
            let (u, v, metres) = edge_ends(&f, nodes.len()).unwrap_or_else(|e| {
                bad(
                    "rail/edges.tsv",
                    line,
                    &format!("{e}; expected `u v metres [track_m] gauge geometry`"),
                )
            });
            let track = match track_col {
                Some(c) => f
                    .get(c)
                    .and_then(|x| x.trim().parse::<f64>().ok())
                    .unwrap_or_else(|| bad("rail/edges.tsv", line, "bad track_m")),
                None => metres,
            };
            let (a, b) = (&nodes[u as usize], &nodes[v as usize]);
            let chord = networks::shortest_path::lower_bound((a.lon, a.lat), (b.lon, b.lat));
            let tag = match f.get(gauge_col).map(|g| g.trim()) {
                Some("1520") => 1,
                Some("1435") => 2,
                _ => bad("rail/edges.tsv", line, "gauge must be 1520 or 1435"),
            };
            networks::graph::EdgeIn {
                u,
                v,
                metres: track.max(chord),
                tag,
                geometry: rail_geometry(f.get(geometry_col).unwrap_or(&""), line),
            }
        })
        .collect()
}

/// An edge's polyline, `lon lat;lon lat;…`.
fn rail_geometry(field: &str, line: usize) -> Vec<(f64, f64)> {
    field
        .split(';')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let mut xy = p.split_whitespace().map(|x| x.parse::<f64>());
            match (xy.next(), xy.next()) {
                (Some(Ok(lon)), Some(Ok(lat))) => (lon, lat),
                _ => bad("rail/edges.tsv", line, "geometry is `lon lat;lon lat;…`"),
            }
        })
        .collect()
}

/// Compiles `networks/rail/` into the graph the binary embeds (node tag = country, edge tag
/// = gauge), plus the transfer and segment tables; empty without the data.
fn build_rail(root: &Path, out_dir: &Path) {
    use networks::graph::write_graph;
    let dir = root.join("networks/rail");
    println!("cargo:rerun-if-changed={}", dir.display());
    let graph = match (
        read_optional(&dir, "nodes.tsv"),
        read_optional(&dir, "edges.tsv"),
    ) {
        (Some(n), Some(e)) => {
            let (nodes, countries) = parse_nodes(&n, "rail", true);
            let gauges = vec![vec!["1520".to_string()], vec!["1435".to_string()]];
            write_graph(&nodes, &rail_edges(&e, &nodes), &gauges, &countries)
        }
        _ => write_graph(&[], &[], &[], &[]),
    };
    let g = networks::graph::Graph::open(&graph).expect("rail graph just written");
    let nodes = networks::node_grid::write_node_grid(&g);
    std::fs::write(out_dir.join("rail.nodes"), nodes).expect("write rail.nodes");
    std::fs::write(out_dir.join("rail.graph"), graph).expect("write rail.graph");
    for (name, header) in [
        ("transfers.tsv", "node\tplace_id\tname\n"),
        ("segments.tsv", "name\taliases\tu\tv\n"),
    ] {
        let text = read_optional(&dir, name).unwrap_or_else(|| header.to_string());
        std::fs::write(
            out_dir.join(format!("rail.{}", name.trim_end_matches(".tsv"))),
            text,
        )
        .expect("write rail table");
    }
}

/// Names for the rail nodes next to a border (where a path enters or leaves a country): the
/// nearest rail station or border crossing within 15 km, else the nearest city within 60 km,
/// as `node<TAB>name (CC)` lines, so a transit warning can say "enters at Petropavl (KZ)".
fn border_names(g: &networks::graph::Graph, all: &[(Place, u8)]) -> String {
    use places::place::PlaceKind;
    let cell = |lon: f64, lat: f64| (lon.floor() as i32, lat.floor() as i32);
    let mut grid: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
    for (i, (p, _)) in all.iter().enumerate() {
        if matches!(
            p.kind,
            PlaceKind::RailStation | PlaceKind::BorderCrossing | PlaceKind::City
        ) {
            grid.entry(cell(p.lon, p.lat)).or_default().push(i);
        }
    }
    let km = |a: (f64, f64), b: (f64, f64)| {
        let x = (b.0 - a.0) * ((a.1 + b.1) / 2.0).to_radians().cos();
        111.2 * (x * x + (b.1 - a.1) * (b.1 - a.1)).sqrt()
    };
    let mut out = String::from("node\tname\n");
    for u in 0..g.node_count() as u32 {
        if g.edges(u).all(|e| g.node_tag(e.to) == g.node_tag(u)) {
            continue;
        }
        let at = g.coord(u);
        let (cx, cy) = cell(at.0, at.1);
        let near: Vec<(f64, usize)> = (-1..=1)
            .flat_map(|dx| (-1..=1).map(move |dy| (cx + dx, cy + dy)))
            .filter_map(|c| grid.get(&c))
            .flatten()
            .map(|&i| (km(at, (all[i].0.lon, all[i].0.lat)), i))
            .collect();
        let best = |station: bool, limit: f64| {
            near.iter()
                .filter(|(d, i)| *d <= limit && (all[*i].0.kind == PlaceKind::City) != station)
                .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
        };
        if let Some(&(_, i)) = best(true, 15.0).or_else(|| best(false, 60.0)) {
            let p = &all[i].0;
            out.push_str(&format!("{u}\t{} ({})\n", p.name, p.country));
        }
    }
    out
}

/// Decompresses the Natural Earth basemap for `render` and `preview`; empty without it.
fn build_basemap(root: &Path, out_dir: &Path) {
    let dir = root.join("networks/basemap");
    println!("cargo:rerun-if-changed={}", dir.display());
    for name in [
        "land-50m.tsv",
        "borders-50m.tsv",
        "land-110m.tsv",
        "borders-110m.tsv",
    ] {
        let text = read_optional(&dir, name).unwrap_or_default();
        std::fs::write(out_dir.join(name), text).expect("write basemap");
    }
}

/// Compiles the country borders for `places::countries` (derived by
/// `gazetteer/views/countries.py`), so a run reads them without parsing text.
fn build_countries(root: &Path, out_dir: &Path) {
    let path = root.join("gazetteer/views/countries.tsv.gz");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = read_text(&path);
    let rings = places::countries_format::from_text(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::fs::write(
        out_dir.join("countries.bin"),
        places::countries_format::to_bytes(&rings),
    )
    .expect("write countries.bin");
}

/// Landmarks for the rail router's A* bound: more tighten the bound, each costs 4 bytes a
/// node in the binary (16: 3.4 MB) and a little work per node the search visits.
const RAIL_LANDMARKS: usize = 16;

/// Every gazetteer row, curated (tier 0, edited by hand) before imported (tier 1, derived by a
/// script); a curated id may appear once, and curated rows win over imported ones.
fn read_gazetteer(curated_dir: &Path) -> Vec<(Place, u8)> {
    let imported_dir = curated_dir.join("imported");
    println!("cargo:rerun-if-changed={}", curated_dir.display());
    println!("cargo:rerun-if-changed={}", imported_dir.display());
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut all: Vec<(Place, u8)> = Vec::new();
    for (tier, files) in [
        (0u8, sorted_files(curated_dir, ".tsv")),
        (1u8, sorted_files(&imported_dir, ".tsv.gz")),
    ] {
        for file in files {
            for place in load(&file) {
                match by_id.get(&place.id) {
                    Some(&i) if all[i].1 == tier && tier == 0 => {
                        panic!("{}: duplicate id {:?}", file.display(), place.id)
                    }
                    Some(_) => {}
                    None => {
                        by_id.insert(place.id.clone(), all.len());
                        all.push((place, tier));
                    }
                }
            }
        }
    }
    all
}

/// An imported row that a curated row already describes would only make names ambiguous:
/// drop it when the curated row cites its GeoNames id (for a place of the same kind: a
/// station placed from its town's GeoNames point leaves the town) or shares its airport or
/// port code.
fn drop_superseded(all: &mut Vec<(Place, u8)>) {
    let mut superseded: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (p, _) in all.iter().filter(|(_, tier)| *tier == 0) {
        if let Some(rest) = p.source.split("GeoNames ").nth(1) {
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            if !digits.is_empty() {
                superseded.insert(format!("gn:{digits}:{}", p.kind));
            }
        }
        for (scheme, code) in [
            ("icao", &p.icao),
            ("iata", &p.iata),
            ("unlocode", &p.unlocode),
        ] {
            if !code.is_empty() {
                superseded.insert(format!("{scheme}:{code}"));
            }
        }
    }
    let cites = |key: String| superseded.contains(&key);
    all.retain(|(p, tier)| {
        *tier == 0
            || !(p
                .id
                .strip_prefix("gn-")
                .or_else(|| p.id.strip_prefix("port-gn-"))
                .is_some_and(|n| cites(format!("gn:{n}:{}", p.kind)))
                || (!p.icao.is_empty() && cites(format!("icao:{}", p.icao)))
                || (!p.iata.is_empty() && cites(format!("iata:{}", p.iata)))
                || (!p.unlocode.is_empty() && cites(format!("unlocode:{}", p.unlocode))))
    });
}

/// One view of disputed areas for places and networks alike (see src/places/disputed.rs).
fn apply_disputed_view(curated_dir: &Path, all: &mut [(Place, u8)]) {
    let views = curated_dir.join("views/disputed.tsv");
    println!("cargo:rerun-if-changed={}", views.display());
    let areas = match std::fs::read_to_string(&views) {
        Ok(text) => {
            places::disputed::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", views.display()))
        }
        Err(_) => Vec::new(),
    };
    for (p, _) in all {
        p.country = places::disputed::country_for(&areas, &p.country, (p.lon, p.lat)).to_string();
    }
}

/// The rail network's companions that need the gazetteer or a search: names at borders and
/// landmark bounds (16 Dijkstras, well under a second).
fn build_rail_extras(out_dir: &Path, all: &[(Place, u8)]) {
    let rail = std::fs::read(out_dir.join("rail.graph")).expect("rail.graph just written");
    let rail = networks::graph::Graph::open(&rail).expect("rail graph just written");
    std::fs::write(out_dir.join("rail.border_names"), border_names(&rail, all))
        .expect("write rail.border_names");
    std::fs::write(
        out_dir.join("rail.landmarks"),
        networks::landmarks::build(&rail, RAIL_LANDMARKS),
    )
    .expect("write rail.landmarks");
}

/// The sorted index of every place, and the fst over its keys for exact, prefix and fuzzy
/// lookups.
fn write_gazetteer(out_dir: &Path, all: &[(Place, u8)]) {
    let index = places::index::write_index(all);
    let key_map = places::key_map::write_key_map(
        &places::index::Index::open(&index).expect("an index just written"),
    );
    for (name, bytes) in [("gazetteer.idx", index), ("gazetteer.fst", key_map)] {
        let out = out_dir.join(name);
        std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    }
}

/// `CORRIDOR_NO_APT=1` (scripts/test.sh then installs no GDAL, Chromium or QGIS) compiles the
/// tests that need those readers as ignored, so they show as "ignored" with the reason instead
/// of failing — and never pass without having run. (The cfg is declared in Cargo.toml.)
fn mark_missing_readers() {
    println!("cargo:rerun-if-env-changed=CORRIDOR_NO_APT");
    if std::env::var_os("CORRIDOR_NO_APT").is_some_and(|v| !v.is_empty()) {
        println!("cargo:rustc-cfg=corridor_no_apt");
    }
}

/// Links the command-line binary at a fixed address instead of as a position-independent
/// executable: its embedded tables hold about 23,000 pointers that the loader would otherwise
/// patch at every start (measured in BENCHMARKS.md's start-up figures). Only on Linux, where
/// the C toolchain takes `-no-pie`.
fn link_at_fixed_address() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

/// Links the C++ runtime that the bundled PROJ needs into the binaries rather than loading
/// it at every start: loading libstdc++.so and resolving its symbols took about 0.7 ms, a
/// fifth of a one-leg run. (`link-cplusplus`, through which PROJ asks for the shared
/// library, is told to ask for nothing in Cargo.toml.) Only with GNU's toolchain on Linux,
/// whose compiler driver finds `libstdc++.a` beside itself.
fn link_cplusplus_statically() {
    let gnu_linux = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if std::env::var_os("CARGO_FEATURE_PROJ").is_some() && gnu_linux {
        println!("cargo:rustc-link-arg=-l:libstdc++.a");
    }
}

fn main() {
    mark_missing_readers();
    link_at_fixed_address();
    link_cplusplus_statically();
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    build_basemap(&root, &out_dir);
    build_countries(&root, &out_dir);
    build_sea(&root, &out_dir);
    let curated_dir = root.join("gazetteer");
    let mut all = read_gazetteer(&curated_dir);
    drop_superseded(&mut all);
    apply_disputed_view(&curated_dir, &mut all);
    build_rail(&root, &out_dir);
    build_rail_extras(&out_dir, &all);
    write_gazetteer(&out_dir, &all);
}
