//! Makes `networks/sea/port_connectors.tsv.gz`: the connector from every seaport of the
//! bundled gazetteer to the sea lanes, searched as for any other point, so that the binary
//! built next bundles them (see `src/networks/port_connectors.rs`).
//!
//! ```text
//! cargo run --release --example port_connectors
//! cargo build --release   # bundles them
//! ```
//!
//! Run it again whenever the lanes, the coastline or the gazetteer's seaports change: the
//! build leaves out a file made from other lanes or another coastline (and says so), and
//! `tests/sea.rs` checks the file against fresh searches.

use std::io::Write;

use corridor::networks::port_connectors::{Connector, to_tsv};
use corridor::networks::sea::SeaNetwork;
use corridor::{Gazetteer, PlaceKind};

const OUT: &str = "networks/sea/port_connectors.tsv.gz";

fn main() {
    let sea = SeaNetwork::bundled().expect("a binary built with the sea network");
    let mut points: Vec<(f64, f64)> = Gazetteer::bundled()
        .bundled_of_kind(PlaceKind::Seaport)
        .iter()
        .map(|p| (p.lon, p.lat))
        .collect();
    points.sort_by_key(|p| (p.0.to_bits(), p.1.to_bits()));
    points.dedup();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!("{} seaport positions, on {threads} threads", points.len());
    let chunk = points.len().div_ceil(threads).max(1);
    let rows: Vec<Connector> = std::thread::scope(|scope| {
        let workers: Vec<_> = points
            .chunks(chunk)
            .map(|share| {
                let sea = sea.with_own_caches();
                scope.spawn(move || {
                    share
                        .iter()
                        .map(|&p| {
                            let s = sea.searched_snap(p);
                            Connector {
                                lon: p.0,
                                lat: p.1,
                                node: s.node,
                                metres: s.distance.metres(),
                                land_free: s.land_free,
                                line: s.line,
                            }
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().expect("a worker"))
            .collect()
    });
    let text = to_tsv(&rows, SeaNetwork::fingerprint());
    // No name or time in the gzip header: the same connectors give the same bytes.
    let tmp = format!("{OUT}.tmp");
    let file = std::fs::File::create(&tmp).unwrap_or_else(|e| panic!("{tmp}: {e}"));
    let mut gz = flate2::GzBuilder::new()
        .mtime(0)
        .write(file, flate2::Compression::best());
    gz.write_all(text.as_bytes())
        .and_then(|()| gz.finish().map(drop))
        .unwrap_or_else(|e| panic!("{tmp}: {e}"));
    std::fs::rename(&tmp, OUT).unwrap_or_else(|e| panic!("{OUT}: {e}"));
    let bent = rows.iter().filter(|r| !r.line.is_empty()).count();
    let refused = rows.iter().filter(|r| !r.land_free).count();
    eprintln!(
        "wrote {OUT}: {} connectors, {bent} round land, {refused} with none over water",
        rows.len()
    );
}
