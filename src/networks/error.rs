//! Why a leg could not be routed on a bundled network, as data: callers that only report
//! print it (its `Display` is the message a user reads); callers that react match on it.

use std::fmt;

/// A routing failure on the rail or the sea network.
///
/// ```
/// use corridor::networks::RouteError;
///
/// let e = RouteError::UnknownClosure {
///     closure: "gotthard".into(),
///     segments: vec!["severomuysky-tunnel".into()],
/// };
/// assert_eq!(
///     e.to_string(),
///     "unknown closure \"gotthard\"; close a named segment (severomuysky-tunnel) or a station as lon,lat"
/// );
/// assert!(matches!(e, RouteError::UnknownClosure { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    /// A rail closure that is neither a named segment nor a `lon,lat` station.
    #[error(
        "unknown closure {}; close a named segment ({}) or a station as lon,lat",
        crate::quote::quoted(.closure),
        .segments.join(", ")
    )]
    UnknownClosure {
        closure: String,
        /// The closable segments' names, each once.
        segments: Vec<String>,
    },
    /// A country to avoid that has no railway in the bundled network: a typo, or a country
    /// whose avoidance would change nothing.
    #[error(
        "no railway of the bundled network is in {}, so avoiding it changes nothing; give an ISO 3166-1 alpha-2 code of a country on the network ({})",
        crate::quote::quoted(.code),
        .known.join(", ")
    )]
    UnknownCountry {
        code: String,
        /// The network's countries, sorted.
        known: Vec<String>,
    },
    /// An end or a via point of a rail leg lies in a country the leg avoids.
    #[error("no rail path: the {end} is in {country}, a country to avoid")]
    EndInAvoidedCountry { end: End, country: String },
    /// The rail network joins the ends by no path (no switches given).
    #[error("no rail path between these places on the bundled network")]
    NoRailPath,
    /// No rail path keeps clear of the closures and the avoided countries.
    #[error("no rail path with {}", switches(.closed, .avoided))]
    NoRailPathWith {
        closed: Vec<String>,
        avoided: Vec<String>,
    },
    /// A passage slug the sea network does not know.
    #[error("unknown passage {}; use one of {}", crate::quote::quoted(.slug), .known.join(", "))]
    UnknownPassage {
        slug: String,
        /// Every passage slug, in the network's order.
        known: Vec<String>,
    },
    /// A required passage that the best path through it only enters and leaves again.
    #[error(
        "the required passage {} ({}) is not on the way between these ports: a route through it would enter it and turn back; drop it from `require`",
        .passage.slug,
        .passage.name
    )]
    RequiredPassageOffTheWay { passage: Passage },
    /// Both ends lie in waters the network joins, but not under the leg's passages.
    #[error("no sea path with these passages; allow a passage or drop an avoid")]
    NoSeaPath,
    /// The ends are joined, but not through every required passage.
    #[error("no sea path passes every required passage; drop a `require`")]
    NoSeaPathThroughRequired,
    /// Both ends lie in the same named waters, in parts the network does not join under the
    /// leg's passages.
    #[error(
        "no sea path: both ends lie in {water}, but in parts the network does not join under these passages; {}",
        joined_by(.joining)
    )]
    PartsNotJoined {
        water: String,
        /// Avoided passages any one of which would join the parts.
        joining: Vec<Passage>,
    },
    /// The ends lie in different waters that the leg's passages do not join.
    #[error(
        "no sea path: one end lies in {from}, the other in {to}; {}",
        joined_by(.joining)
    )]
    WatersNotJoined {
        from: String,
        to: String,
        /// Avoided passages any one of which would join the waters.
        joining: Vec<Passage>,
    },
}

/// Which waypoint of a leg: the origin, a via point or the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Origin,
    Via,
    Destination,
}

impl End {
    /// The role of waypoint `i` of `n`.
    pub fn of(i: usize, n: usize) -> End {
        if i == 0 {
            End::Origin
        } else if i + 1 == n {
            End::Destination
        } else {
            End::Via
        }
    }
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            End::Origin => "origin",
            End::Via => "via point",
            End::Destination => "destination",
        })
    }
}

/// A passage of the sea network, as an error names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub slug: String,
    pub name: String,
}

/// "a, b closed and KZ avoided": the switches a rail leg was routed under.
fn switches(closed: &[String], avoided: &[String]) -> String {
    let mut parts = Vec::new();
    if !closed.is_empty() {
        parts.push(format!("{} closed", closed.join(", ")));
    }
    if !avoided.is_empty() {
        parts.push(format!("{} avoided", avoided.join(", ")));
    }
    parts.join(" and ")
}

/// What would join two waters: the avoided passages that do, and how to allow the first.
fn joined_by(joining: &[Passage]) -> String {
    let Some(first) = joining.first() else {
        return "no single passage joins them; check the places".to_string();
    };
    let names: Vec<String> = joining
        .iter()
        .map(|p| format!("{} ({})", p.slug, p.name))
        .collect();
    format!(
        "they are joined only through {}, avoided for this leg; allow one (allow = [\"{}\"] in the route file, or --allow {})",
        names.join(" or "),
        first.slug,
        first.slug
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(slug: &str, name: &str) -> Passage {
        Passage {
            slug: slug.into(),
            name: name.into(),
        }
    }

    #[test]
    fn rail_messages_read_as_they_always_have() {
        let end = RouteError::EndInAvoidedCountry {
            end: End::of(1, 3),
            country: "KZ".into(),
        };
        assert_eq!(
            end.to_string(),
            "no rail path: the via point is in KZ, a country to avoid"
        );
        let with = RouteError::NoRailPathWith {
            closed: vec!["a".into(), "b".into()],
            avoided: vec!["KZ".into()],
        };
        assert_eq!(
            with.to_string(),
            "no rail path with a, b closed and KZ avoided"
        );
        let avoided = RouteError::NoRailPathWith {
            closed: vec![],
            avoided: vec!["KZ".into(), "MN".into()],
        };
        assert_eq!(avoided.to_string(), "no rail path with KZ, MN avoided");
    }

    #[test]
    fn sea_messages_read_as_they_always_have() {
        let unknown = RouteError::UnknownPassage {
            slug: "suez-canal".into(),
            known: vec!["bering".into(), "suez".into()],
        };
        assert_eq!(
            unknown.to_string(),
            "unknown passage \"suez-canal\"; use one of bering, suez"
        );
        let off = RouteError::RequiredPassageOffTheWay {
            passage: passage("kiel", "Kiel Canal"),
        };
        assert_eq!(
            off.to_string(),
            "the required passage kiel (Kiel Canal) is not on the way between these ports: a route through it would enter it and turn back; drop it from `require`"
        );
        let apart = RouteError::WatersNotJoined {
            from: "the Caspian Sea".into(),
            to: "the Black Sea".into(),
            joining: vec![
                passage("volga-don", "Volga–Don route"),
                passage("volga-baltic", "Volga–Baltic route"),
            ],
        };
        assert_eq!(
            apart.to_string(),
            "no sea path: one end lies in the Caspian Sea, the other in the Black Sea; they are joined only through volga-don (Volga–Don route) or volga-baltic (Volga–Baltic route), avoided for this leg; allow one (allow = [\"volga-don\"] in the route file, or --allow volga-don)"
        );
        let split = RouteError::PartsNotJoined {
            water: "the Baltic Sea".into(),
            joining: vec![],
        };
        assert_eq!(
            split.to_string(),
            "no sea path: both ends lie in the Baltic Sea, but in parts the network does not join under these passages; no single passage joins them; check the places"
        );
    }
}
