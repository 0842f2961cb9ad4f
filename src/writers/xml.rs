//! Text inside XML (KML, SVG): escaped, and kept to the characters XML 1.0 allows.

/// `s` as XML character data or an attribute value: `&`, `<`, `>` and `"` escaped, and every
/// character XML 1.0 forbids even as a reference (the C0 controls but tab, newline and
/// carriage return; U+FFFE and U+FFFF) replaced by U+FFFD, so that a control character
/// pasted into a title cannot make the whole document unreadable.
///
/// ```
/// use corridor::writers::xml::escape;
///
/// assert_eq!(escape("Minsk & <Moscow> \"2024\""), "Minsk &amp; &lt;Moscow&gt; &quot;2024&quot;");
/// assert_eq!(escape("a\u{1}b\u{b}c\u{fffe}\td"), "a\u{fffd}b\u{fffd}c\u{fffd}\td");
/// ```
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends [`escape`]`(s)` to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    // Most texts need nothing escaped or replaced: then they are copied as they are.
    if s.bytes().all(plain) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if allowed(c) => out.push(c),
            _ => out.push(char::REPLACEMENT_CHARACTER),
        }
    }
}

/// A byte [`escape`] keeps as it is, in a text of such bytes alone: printable ASCII but
/// `"&<>`, and tab, newline and carriage return.
fn plain(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\r' | b' ' | b'!' | b'#'..=b'%' | b'\''..=b';' | b'=' | b'?'..=b'~')
}

/// XML 1.0's `Char` production (Rust's `char` already excludes the surrogates).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='\u{fffd}' | '\u{10000}'..)
}
