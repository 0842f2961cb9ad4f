//! The match key every name, alias and code is looked up by.
//!
//! Lookup must ignore case, diacritics and script: `Минск`, `Мінск`, `MINSK` and `Minsk`
//! all become `minsk`, `Mikaševičy` becomes `mikashevichy`. Names in Chinese, Japanese and
//! Korean script are the exception: they match in their own script only, because one
//! transliteration merges different characters (宁波 Ningbo and 筑波 Tsukuba both read
//! "zhubo" to `deunicode`), and their readers write them, not a romanisation.
//! This file is also compiled into the build script, so it may depend on `deunicode` only.

/// True for Han ideographs, kana and Hangul.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF      // Hangul Jamo
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3134F) // CJK extensions B–G
}

/// Folds a name to its match key: transliterated to ASCII, lower case, letters and digits
/// only; a name with Chinese, Japanese or Korean characters keeps its script (letters and
/// digits only, Latin ones lower case).
///
/// ```
/// use corridor::places::normalize::key;
/// assert_eq!(key("Минск"), "minsk");
/// assert_eq!(key("Мінск"), "minsk");
/// assert_eq!(key("Mikaševičy"), key("Mikashevichy"));
/// assert_eq!(key("Ürümqi"), "urumqi");
/// assert_eq!(key("St. Petersburg"), "stpetersburg");
/// assert_eq!(key("北京 市"), "北京市");
/// assert_ne!(key("宁波"), key("筑波"));
/// ```
pub fn key(name: &str) -> String {
    if name.chars().any(is_cjk) {
        return name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
    }
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
