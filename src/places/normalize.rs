//! The match key every name, alias and code is looked up by.
//!
//! Lookup must ignore case, diacritics and script: `Минск`, `Мінск`, `MINSK` and `Minsk`
//! all become `minsk`, `Mikaševičy` becomes `mikashevichy`, `北京` becomes `beijing`.
//! This file is also compiled into the build script, so it may depend on `deunicode` only.

/// Folds a name to its match key: transliterated to ASCII, lower case, letters and digits only.
///
/// ```
/// use corridor::places::normalize::key;
/// assert_eq!(key("Минск"), "minsk");
/// assert_eq!(key("Мінск"), "minsk");
/// assert_eq!(key("Mikaševičy"), key("Mikashevichy"));
/// assert_eq!(key("Ürümqi"), "urumqi");
/// assert_eq!(key("北京"), "beijing");
/// assert_eq!(key("St. Petersburg"), "stpetersburg");
/// ```
pub fn key(name: &str) -> String {
    let mut expanded = String::with_capacity(name.len());
    for c in name.chars() {
        // Scholarly Slavic transliteration (š, č, ž) is written sh, ch, zh in English usage;
        // deunicode would drop the hook and give s, c, z.
        match c {
            'š' | 'Š' => expanded.push_str("sh"),
            'č' | 'Č' => expanded.push_str("ch"),
            'ž' | 'Ž' => expanded.push_str("zh"),
            _ => expanded.push(c),
        }
    }
    let ascii = deunicode::deunicode(&expanded);
    ascii
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
