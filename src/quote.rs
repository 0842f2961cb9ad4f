//! Values quoted in messages: every message that echoes what a file or the command line gave
//! goes through [`quoted`], so a 10 MB name makes an error line of a hundred characters, not
//! of 10 MB.
//!
//! This file is also compiled into the build script: it uses `std` only.

/// The most characters of a value a message shows; longer values end in `…`.
pub const QUOTE_MAX_CHARS: usize = 80;

/// `value` in double quotes with Rust's escapes (as `{:?}` writes it), cut after
/// [`QUOTE_MAX_CHARS`] characters with `…` inside the quotes.
///
/// ```
/// use corridor::quote::quoted;
/// assert_eq!(quoted("Minsk"), "\"Minsk\"");
/// assert_eq!(quoted("a\tb"), "\"a\\tb\"");
/// let long = quoted(&"x".repeat(10_000));
/// assert_eq!(long.chars().count(), 80 + 3);
/// assert!(long.ends_with("x…\""));
/// ```
pub fn quoted(value: &str) -> String {
    match value.char_indices().nth(QUOTE_MAX_CHARS) {
        Some((cut, _)) => {
            let shown = format!("{:?}", &value[..cut]);
            format!("{}…\"", &shown[..shown.len() - 1])
        }
        None => format!("{value:?}"),
    }
}
