//! Enums whose variants are written as words in files, tables and outputs: one
//! declaration gives the names, `as_str`, `Display`, and on request `FromStr`.
//!
//! This file is also compiled into the build script (for `PlaceKind`): it uses `std` only.

/// Declares a fieldless enum whose variants each have a name as files write it, with:
///
/// - the derives such a name table wants: `Debug, Clone, Copy, PartialEq, Eq, PartialOrd,
///   Ord, Hash` (ordered by declaration; more, e.g. `Default`, as attributes);
/// - `ALL`: every variant, in declaration order;
/// - `NAMES`: their names, in the same order;
/// - `as_str()` (the name) and `Display` (writes the name);
/// - `from_name(s)`: the variant named exactly `s`, by its name or one of its aliases;
/// - with a trailing `from_str(exact | any_case, |s| message)`, `FromStr` with `String`
///   errors: `exact` matches `s` as given, `any_case` trimmed and in any case; a name that
///   matches nothing gives `message` (`s` is the text as given).
///
/// ```text
/// named_enum! {
///     /// How goods move on a leg.
///     pub enum Mode {
///         Air = "air",
///         Rail = "rail" | "train",
///     }
///     from_str(any_case, |s| format!("unknown mode {s:?}; use air or rail"));
/// }
/// ```
///
/// gives `Mode::NAMES == ["air", "rail"]`, `" Train".parse() == Ok(Mode::Rail)` and
/// `Mode::Rail.to_string() == "rail"` (the tests below run it).
macro_rules! named_enum {
    (@key exact, $s:ident) => { $s };
    (@key any_case, $s:ident) => { &$s.trim().to_ascii_lowercase() };
    (
        $(#[$meta:meta])*
        $vis:vis enum $enum:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $name:literal $(| $alias:literal)* ),+ $(,)?
        }
        $( from_str($case:ident, $unknown:expr); )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        $vis enum $enum {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $enum {
            /// Every variant, in declaration order.
            pub const ALL: [$enum; [$($name),+].len()] = [$($enum::$variant),+];
            /// The variants' names, in the order of `ALL`.
            pub const NAMES: [&'static str; [$($name),+].len()] = [$($name),+];

            /// The name files and outputs write.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $enum::$variant => $name, )+
                }
            }

            /// The variant with this name or alias, matched exactly.
            pub fn from_name(s: &str) -> Option<$enum> {
                match s {
                    $( $name $(| $alias)* => Some($enum::$variant), )+
                    _ => None,
                }
            }
        }

        impl ::std::fmt::Display for $enum {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        $(
            impl ::std::str::FromStr for $enum {
                type Err = String;
                fn from_str(s: &str) -> Result<$enum, String> {
                    let unknown: fn(&str) -> String = $unknown;
                    $enum::from_name(named_enum!(@key $case, s)).ok_or_else(|| unknown(s))
                }
            }
        )?
    };
}

#[cfg(test)]
mod tests {
    named_enum! {
        enum Mode {
            Air = "air",
            Rail = "rail" | "train",
        }
        from_str(any_case, |s| format!("unknown mode {s:?}; use air or rail"));
    }

    named_enum! {
        enum Kind {
            City = "city",
            RailStation = "rail_station",
        }
        from_str(exact, |s| format!("unknown kind {s:?}; use one of {}", Kind::NAMES.join(", ")));
    }

    named_enum! {
        #[derive(Default)]
        enum Unit {
            #[default]
            Km = "km",
            Nmi = "nmi",
        }
    }

    #[test]
    fn names_come_in_declaration_order() {
        assert_eq!(Mode::ALL, [Mode::Air, Mode::Rail]);
        assert_eq!(Mode::NAMES, ["air", "rail"]);
        assert_eq!(Kind::ALL.map(Kind::as_str), ["city", "rail_station"]);
        assert_eq!(Unit::ALL.map(Unit::as_str), Unit::NAMES);
        assert_eq!(
            Unit::from_name("nmi").map(|u| u.to_string()),
            Some("nmi".into())
        );
        assert_eq!(Unit::default(), Unit::Km);
    }

    #[test]
    fn any_case_trims_and_folds_case_and_knows_aliases() {
        assert_eq!(" Train".parse::<Mode>(), Ok(Mode::Rail));
        assert_eq!(Mode::from_name("Air"), None);
        assert_eq!(
            "plane".parse::<Mode>(),
            Err("unknown mode \"plane\"; use air or rail".to_string())
        );
    }

    #[test]
    fn exact_takes_the_name_as_written() {
        assert_eq!("city".parse::<Kind>(), Ok(Kind::City));
        assert_eq!(
            "City".parse::<Kind>(),
            Err("unknown kind \"City\"; use one of city, rail_station".to_string())
        );
    }
}
