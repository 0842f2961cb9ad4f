//! Looking places up: exact resolution for route files, ranked search, "did you mean".

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

use super::fuzzy::Distance;
use super::index::{Field, Index, place_keys};
use super::key_map::KeyMap;
use super::lookup::{Keys, Lookup};
use super::normalize::key;
use super::place::{Place, PlaceKind};
use crate::geometry::geodesic;
use crate::quote::quoted;
use crate::units::Length;

/// The tier of curated rows and of rows from `--gazetteer` files; imported rows have tier 1.
const CURATED: u8 = 0;

/// The bundled index plus any user files layered over it.
pub struct Gazetteer {
    embedded: Index<'static>,
    /// The bundled index's keys, and how to search them.
    keys: Keys,
    /// Places from `--gazetteer` files; a later file's place with the same id replaced the earlier one.
    extra: Vec<Place>,
    extra_by_key: HashMap<String, Vec<(usize, Field)>>,
    extra_ids: HashSet<String>,
    /// (place, lon, lat) of the bundled places of each kind, by `PlaceKind as usize`, each
    /// list built when [`Gazetteer::near`] first asks for its kind.
    by_kind: [OnceLock<Vec<(u32, f64, f64)>>; PlaceKind::ALL.len()],
}

/// A place near a point, as [`Gazetteer::near`] finds it.
#[derive(Debug, Clone)]
pub struct Nearby {
    pub place: Place,
    /// 0 for curated places and those from `--gazetteer` files, 1 for imported ones.
    pub tier: u8,
    pub distance: Length,
}

/// A place found by a lookup, with how strongly it matched.
#[derive(Debug, Clone)]
struct Candidate {
    place: Place,
    tier: u8,
    field: Field,
}

/// Why a place reference did not resolve.
#[derive(Debug, Clone, PartialEq)]
pub enum ResolveError {
    NotFound {
        query: String,
        suggestions: Vec<Place>,
    },
    Ambiguous {
        query: String,
        candidates: Vec<Place>,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NotFound { query, suggestions } => {
                write!(f, "unknown place {}", quoted(query))?;
                if !suggestions.is_empty() {
                    let s: Vec<String> = suggestions
                        .iter()
                        .map(|p| {
                            format!("{} ({}, {} {})", quoted(&p.name), p.id, p.kind, p.country)
                        })
                        .collect();
                    write!(f, "; did you mean {}?", s.join(", "))?;
                }
                write!(
                    f,
                    " Use an id from `corridor places search`, or give the place inline as {{ name = \"…\", lat = …, lon = … }}"
                )
            }
            ResolveError::Ambiguous { query, candidates } => {
                let mut c: Vec<String> = candidates
                    .iter()
                    .take(8)
                    .map(|p| format!("{} ({} {}, {})", p.id, p.kind, p.country, p.name))
                    .collect();
                if candidates.len() > 8 {
                    c.push(format!("and {} more", candidates.len() - 8));
                }
                write!(
                    f,
                    "{} is ambiguous: {}; write one of these ids instead",
                    quoted(query),
                    c.join("; ")
                )?;
                // A country code is suggested only where it settles the name: a country with
                // one match among matches in several countries.
                let alone = |cc: &str| candidates.iter().filter(|p| p.country == cc).count() == 1;
                let several = candidates
                    .iter()
                    .any(|p| p.country != candidates[0].country);
                if let Some(p) = candidates
                    .iter()
                    .find(|p| several && !p.country.is_empty() && alone(&p.country))
                {
                    let bare = query
                        .rsplit_once(',')
                        .map_or(query.as_str(), |(n, _)| n.trim());
                    write!(
                        f,
                        ", or add its country code, such as \"{bare}, {}\" for {}",
                        p.country, p.id
                    )?;
                }
                Ok(())
            }
        }
    }
}

/// How a search hit matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchQuality {
    Exact,
    Prefix,
    Substring,
    Similar,
}

impl Gazetteer {
    /// The bundled gazetteer alone.
    pub fn bundled() -> Gazetteer {
        Gazetteer::with_keys(super::embedded::index(), super::embedded::key_map())
    }

    /// A gazetteer of the caller's own places only, without the bundled ones.
    ///
    /// ```
    /// use corridor::Gazetteer;
    /// use corridor::places::{Place, PlaceKind};
    /// let depot = Place::new("depot-7", "Depot 7", PlaceKind::Facility, (53.9, 27.6), "own survey");
    /// let gazetteer = Gazetteer::from_places([depot]);
    /// assert_eq!(gazetteer.resolve("Depot 7", &[]).unwrap().id, "depot-7");
    /// assert!(gazetteer.resolve("Minsk", &[]).is_err());
    /// ```
    pub fn from_places(places: impl IntoIterator<Item = Place>) -> Gazetteer {
        static EMPTY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        let bytes = EMPTY.get_or_init(|| super::index::write_index(&[]));
        let mut gazetteer =
            Gazetteer::with_index(Index::open(bytes).expect("an empty index opens"));
        gazetteer.add(places);
        gazetteer
    }

    /// A gazetteer over any index (tests use small ones); its key map is built here.
    pub fn with_index(embedded: Index<'static>) -> Gazetteer {
        Gazetteer::with_keys(embedded, KeyMap::of_index(&embedded))
    }

    /// A gazetteer over `embedded` and the fst map of its keys.
    fn with_keys(embedded: Index<'static>, key_map: KeyMap) -> Gazetteer {
        Gazetteer {
            embedded,
            keys: Keys::new(embedded, key_map),
            extra: Vec::new(),
            extra_by_key: HashMap::new(),
            extra_ids: HashSet::new(),
            by_kind: Default::default(),
        }
    }

    /// Looks keys up the faster way for each kind of query (the default), through the fst
    /// map alone, or by the scans it replaced, which tests and `benches/search.rs` compare.
    #[doc(hidden)]
    pub fn set_lookup(&mut self, how: Lookup) {
        self.keys.how = how;
    }

    /// Adds places from a user file; a place whose id is already known replaces the old one.
    pub fn add(&mut self, places: impl IntoIterator<Item = Place>) {
        let mut by_id: HashMap<String, usize> = self
            .extra
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        for p in places {
            match by_id.get(&p.id) {
                Some(&i) => self.extra[i] = p,
                None => {
                    by_id.insert(p.id.clone(), self.extra.len());
                    self.extra.push(p);
                }
            }
        }
        self.extra_ids = self.extra.iter().map(|p| p.id.clone()).collect();
        self.extra_by_key.clear();
        for (i, p) in self.extra.iter().enumerate() {
            for (k, field) in place_keys(p) {
                let v = self.extra_by_key.entry(k).or_default();
                if !v.iter().any(|(j, _)| *j == i) {
                    v.push((i, field));
                }
            }
        }
    }

    /// Number of places (bundled plus added).
    pub fn len(&self) -> usize {
        self.embedded.len() + self.extra.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when a user file replaced bundled place `i` (same id).
    fn is_hidden(&self, i: u32) -> bool {
        !self.extra_ids.is_empty() && self.extra_ids.contains(self.embedded.id(i))
    }

    /// All candidates whose key equals `k`, bundled ones hidden when a user file overrides their id.
    fn exact(&self, k: &str) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = self
            .keys
            .exact(k)
            .into_iter()
            .filter(|e| !self.is_hidden(e.place))
            .map(|e| Candidate {
                place: self.embedded.place(e.place),
                tier: self.embedded.tier(e.place),
                field: e.field,
            })
            .collect();
        if let Some(v) = self.extra_by_key.get(k) {
            out.extend(v.iter().map(|&(i, field)| Candidate {
                place: self.extra[i].clone(),
                tier: CURATED,
                field,
            }));
        }
        out
    }

    /// The place with exactly this id.
    pub fn get(&self, id: &str) -> Option<Place> {
        self.exact(&key(id))
            .into_iter()
            .find(|c| c.field == Field::Id && c.place.id == id)
            .map(|c| c.place)
    }

    /// Every bundled place of `kind` (not those added from `--gazetteer` files), in the
    /// index's order.
    ///
    /// ```
    /// use corridor::{Gazetteer, PlaceKind};
    /// let ports = Gazetteer::bundled().bundled_of_kind(PlaceKind::Seaport);
    /// assert!(ports.len() > 10_000);
    /// assert!(ports.iter().all(|p| p.kind == PlaceKind::Seaport));
    /// ```
    pub fn bundled_of_kind(&self, kind: PlaceKind) -> Vec<Place> {
        (0..self.embedded.len() as u32)
            .filter(|&i| self.embedded.kind(i) == kind && !self.is_hidden(i))
            .map(|i| self.embedded.place(i))
            .collect()
    }

    /// Places of `kind` within `max_km` of (`lon`, `lat`), nearest first (ties by id).
    ///
    /// ```
    /// use corridor::{Gazetteer, PlaceKind};
    /// let g = Gazetteer::bundled();
    /// let minsk = g.get("minsk").unwrap();
    /// let airports = g.near(minsk.lon, minsk.lat, PlaceKind::Airport, 50.0);
    /// assert!(airports.iter().any(|a| a.place.iata == "MSQ"));
    /// assert!(airports.windows(2).all(|w| w[0].distance <= w[1].distance));
    /// ```
    pub fn near(&self, lon: f64, lat: f64, kind: PlaceKind, max_km: f64) -> Vec<Nearby> {
        // Only the rows of this kind are read (the kind is a byte in the index).
        let of_kind = self.by_kind[kind as usize].get_or_init(|| {
            (0..self.embedded.len() as u32)
                .filter(|&i| self.embedded.kind(i) == kind)
                .filter_map(|i| {
                    let mut f = self.embedded.row(i).split('\t').skip(4);
                    let la = f.next()?.parse().ok()?;
                    let lo = f.next()?.parse().ok()?;
                    Some((i, lo, la))
                })
                .collect()
        });
        // A box first (a degree of latitude is at least 110.5 km), then the geodesic.
        let dlat = max_km / 110.0;
        let dlon = (max_km / (111.4 * lat.to_radians().cos().max(0.01))).min(360.0);
        let in_box = |lo: f64, la: f64| {
            let dx = (lo - lon).abs();
            (la - lat).abs() <= dlat && dx.min(360.0 - dx) <= dlon
        };
        let mut out = Vec::new();
        let mut keep = |place: Place, tier: u8| {
            let distance = geodesic::distance((lon, lat), (place.lon, place.lat));
            if distance.km() <= max_km {
                out.push(Nearby {
                    place,
                    tier,
                    distance,
                });
            }
        };
        for &(i, lo, la) in of_kind {
            if in_box(lo, la) && !self.is_hidden(i) {
                keep(self.embedded.place(i), self.embedded.tier(i));
            }
        }
        for p in &self.extra {
            if p.kind == kind && in_box(p.lon, p.lat) {
                keep(p.clone(), CURATED);
            }
        }
        out.sort_by(|a, b| {
            a.distance
                .metres()
                .total_cmp(&b.distance.metres())
                .then_with(|| a.place.id.cmp(&b.place.id))
        });
        out
    }

    /// Resolves a reference from a route file: an id, name, alias, IATA, ICAO or UN/LOCODE,
    /// optionally followed by `, CC` (a country code) to narrow an ambiguous name.
    ///
    /// Several matches are settled in this order: an exact id; curated rows over imported
    /// ones; a single place of a kind in `prefer` (the leg's mode); a single city.
    ///
    /// ```
    /// use corridor::{Gazetteer, PlaceKind};
    /// use corridor::places::ResolveError;
    /// let g = Gazetteer::bundled();
    /// assert_eq!(g.resolve("UMMS", &[]).unwrap().iata, "MSQ");
    /// assert_eq!(g.resolve("Брест, BY", &[]).unwrap().country, "BY");
    /// assert_eq!(g.resolve("Minsk", &[PlaceKind::Airport]).unwrap().kind, PlaceKind::City);
    /// // A typo: the error suggests the likely place first.
    /// match g.resolve("Minks", &[]) {
    ///     Err(ResolveError::NotFound { suggestions, .. }) => assert_eq!(suggestions[0].id, "minsk"),
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn resolve(&self, query: &str, prefer: &[PlaceKind]) -> Result<Place, ResolveError> {
        let (name, country) = split_country(query);
        let k = key(name);
        let mut cands = self.exact(&k);
        if cands.is_empty() && country.is_some() {
            // "Foo, BY" might be the whole name of something.
            cands = self.exact(&key(query));
        }
        if let Some(c) = cands
            .iter()
            .find(|c| c.field == Field::Id && c.place.id == query.trim())
        {
            return Ok(c.place.clone());
        }
        if let Some(cc) = country {
            cands.retain(|c| c.place.country.eq_ignore_ascii_case(cc));
        }
        if cands.is_empty() {
            return Err(ResolveError::NotFound {
                query: query.to_string(),
                suggestions: self.suggest(name, 3),
            });
        }
        let best_tier = cands.iter().map(|c| c.tier).min().unwrap_or(CURATED);
        cands.retain(|c| c.tier == best_tier);
        let mut seen = HashSet::new();
        cands.retain(|c| seen.insert(c.place.id.clone()));
        cands.sort_by(|a, b| (a.field, &a.place.id).cmp(&(b.field, &b.place.id)));
        // Keys keep Chinese, Japanese and Korean script (see `normalize::key`).
        let cjk = !k.is_ascii();
        match pick(&cands, prefer, cjk) {
            Some(i) => Ok(cands.swap_remove(i).place),
            None => Err(ResolveError::Ambiguous {
                query: query.to_string(),
                candidates: cands.into_iter().map(|c| c.place).collect(),
            }),
        }
    }

    /// Up to `limit` places whose keys are close to `query` (for "did you mean").
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<Place> {
        self.suggest_with_tier(query, limit)
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    }

    fn suggest_with_tier(&self, query: &str, limit: usize) -> Vec<(Place, u8)> {
        let k = key(query);
        if k.is_empty() {
            return Vec::new();
        }
        let distance = Distance::new(&k);
        // (distance, tier, -population, place)
        let mut scored: Vec<(usize, u8, i64, Place)> = Vec::new();
        let mut push = |d: usize, tier: u8, p: Place| {
            let pop = p.population.unwrap_or(0) as i64;
            scored.push((d, tier, -pop, p));
        };
        for (d, e) in self.keys.similar(&distance) {
            if !self.is_hidden(e.place) {
                push(d, self.embedded.tier(e.place), self.embedded.place(e.place));
            }
        }
        for (cand_key, v) in &self.extra_by_key {
            if let Some(d) = distance.of(cand_key) {
                for &(i, _) in v {
                    push(d, CURATED, self.extra[i].clone());
                }
            }
        }
        scored.sort_by(|a, b| (a.0, a.1, a.2, &a.3.id).cmp(&(b.0, b.1, b.2, &b.3.id)));
        let mut seen = HashSet::new();
        scored
            .into_iter()
            .filter(|s| seen.insert(s.3.id.clone()))
            .take(limit)
            .map(|s| (s.3, s.1))
            .collect()
    }

    /// Ranked search for `corridor places search`: exact matches, then prefixes, then
    /// substrings, then similar spellings; curated before imported, larger places first.
    ///
    /// ```
    /// use corridor::Gazetteer;
    /// use corridor::places::MatchQuality;
    /// let hits = Gazetteer::bundled().search("Wheel Tractor", 5);
    /// assert_eq!(hits[0].0.id, "mzkt-minsk-wheel-tractor-plant");
    /// assert_eq!(hits[0].1, MatchQuality::Substring);
    /// ```
    pub fn search(&self, query: &str, limit: usize) -> Vec<(Place, MatchQuality)> {
        let k = key(query);
        if k.is_empty() {
            return Vec::new();
        }
        let mut hits: HashMap<String, Hit> = HashMap::new();
        let mut prefix_hits = 0;
        for e in self.keys.with_prefix(&k) {
            if self.is_hidden(e.place) {
                continue;
            }
            let q = if e.key == k {
                MatchQuality::Exact
            } else {
                MatchQuality::Prefix
            };
            add_hit(
                &mut hits,
                q,
                self.embedded.tier(e.place),
                e.field,
                self.embedded.place(e.place),
            );
            prefix_hits += 1;
        }
        for (ck, v) in &self.extra_by_key {
            let q = if *ck == k {
                MatchQuality::Exact
            } else if ck.starts_with(&k) {
                MatchQuality::Prefix
            } else if k.len() >= 4 && ck.contains(&k) {
                MatchQuality::Substring
            } else {
                continue;
            };
            for &(i, field) in v {
                add_hit(&mut hits, q, CURATED, field, self.extra[i].clone());
            }
        }
        // Substrings only for queries long enough to mean something, and only if the
        // cheaper matches left room.
        if k.len() >= 4 && prefix_hits < limit {
            for e in self.keys.containing(&k) {
                if !self.is_hidden(e.place) {
                    add_hit(
                        &mut hits,
                        MatchQuality::Substring,
                        self.embedded.tier(e.place),
                        e.field,
                        self.embedded.place(e.place),
                    );
                }
            }
        }
        if hits.is_empty() {
            for (p, tier) in self.suggest_with_tier(query, limit) {
                add_hit(&mut hits, MatchQuality::Similar, tier, Field::Name, p);
            }
        }
        let mut ranked: Vec<_> = hits.into_values().collect();
        ranked.sort_by(|a, b| (a.0, a.1, a.3, a.2, &a.4.id).cmp(&(b.0, b.1, b.3, b.2, &b.4.id)));
        ranked.into_iter().take(limit).map(|h| (h.4, h.0)).collect()
    }
}

/// Settles several same-tier matches, or gives up (None). In order: a single place of a
/// preferred kind; among the preferred kinds (or all, if none is present) the matches by
/// id, code or primary name over those by alias; a single city; a city at least ten times
/// as populous as any other match (Moscow, RU over Moscow, Idaho), unless the name is in
/// Chinese, Japanese or Korean script (`cjk`) and the matches lie in several countries.
fn pick(cands: &[Candidate], prefer: &[PlaceKind], cjk: bool) -> Option<usize> {
    if cands.len() == 1 {
        return Some(0);
    }
    let preferred: Vec<usize> = (0..cands.len())
        .filter(|&i| prefer.contains(&cands[i].place.kind))
        .collect();
    let mut pool: Vec<usize> = if preferred.is_empty() {
        (0..cands.len()).collect()
    } else {
        preferred
    };
    let strongest = pool
        .iter()
        .map(|&i| cands[i].field.max(Field::Name))
        .min()?;
    pool.retain(|&i| cands[i].field.max(Field::Name) == strongest);
    if pool.len() == 1 {
        return Some(pool[0]);
    }
    let cities: Vec<usize> = pool
        .iter()
        .copied()
        .filter(|&i| cands[i].place.kind == PlaceKind::City)
        .collect();
    if cities.len() == 1 && !pool.iter().any(|&i| prefer.contains(&cands[i].place.kind)) {
        return Some(cities[0]);
    }
    let mut by_pop: Vec<(u64, usize)> = pool
        .iter()
        .map(|&i| (cands[i].place.population.unwrap_or(0), i))
        .collect();
    by_pop.sort_by_key(|p| std::cmp::Reverse(p.0));
    // A name written in Chinese, Japanese or Korean script is shared across countries by
    // homographs (板橋: Itabashi, Tokyo and Banqiao, Taipei): size does not settle those.
    let one_country = pool
        .iter()
        .all(|&i| cands[i].place.country == cands[pool[0]].place.country);
    match by_pop.as_slice() {
        [(big, i), (next, _), ..]
            if cands[*i].place.kind == PlaceKind::City
                && *big >= 10 * (*next).max(1)
                && (one_country || !cjk) =>
        {
            Some(*i)
        }
        _ => None,
    }
}

/// A search hit: (quality, tier, field, -population, place); smaller ranks first.
type Hit = (MatchQuality, u8, Field, i64, Place);

/// Keeps the best-ranked hit per place id.
fn add_hit(hits: &mut HashMap<String, Hit>, q: MatchQuality, tier: u8, field: Field, p: Place) {
    let pop = -(p.population.unwrap_or(0) as i64);
    match hits.get(&p.id) {
        Some(h) if (h.0, h.1, h.2, h.3) <= (q, tier, field, pop) => {}
        _ => {
            hits.insert(p.id.clone(), (q, tier, field, pop, p));
        }
    }
}

/// Splits `"Brest, BY"` into `("Brest", Some("BY"))`.
fn split_country(query: &str) -> (&str, Option<&str>) {
    if let Some((name, cc)) = query.rsplit_once(',') {
        let cc = cc.trim();
        if cc.len() == 2 && cc.chars().all(|c| c.is_ascii_alphabetic()) && !name.trim().is_empty() {
            return (name.trim(), Some(cc));
        }
    }
    (query.trim(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_suffix_is_split_off() {
        assert_eq!(split_country("Brest, BY"), ("Brest", Some("BY")));
        assert_eq!(split_country("Brest"), ("Brest", None));
        assert_eq!(
            split_country("Washington, District of Columbia"),
            ("Washington, District of Columbia", None)
        );
    }
}
