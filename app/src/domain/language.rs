//! X-I18N: which language a request is answered in: the user's saved choice, else the best match
//! of the browser's `Accept-Language`, else English.

use crate::i18n::Locale;

/// "en" / "ja" to a language the app speaks.
pub fn parse(tag: &str) -> Option<Locale> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "en" => Some(Locale::en),
        "ja" => Some(Locale::ja),
        _ => None,
    }
}

pub fn tag(l: Locale) -> &'static str {
    match l {
        Locale::en => "en",
        Locale::ja => "ja",
    }
}

/// Every language, in the order the switcher lists them.
pub const ALL: [Locale; 2] = [Locale::en, Locale::ja];

/// The best language an `Accept-Language` header asks for ("ja-JP,ja;q=0.9,en;q=0.8" → ja);
/// `None` when it names none the app speaks.
pub fn from_accept_language(header: &str) -> Option<Locale> {
    let mut best: Option<(u32, usize, Locale)> = None;
    for (position, item) in header.split(',').enumerate() {
        let mut parts = item.split(';');
        let Some(found) = parts.next().and_then(parse) else { continue };
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map(|q| q.trim().parse::<f32>().map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u32).unwrap_or(0))
            .unwrap_or(1000);
        if q == 0 {
            continue;
        }
        // Highest q wins; on a tie the one listed first.
        if best.is_none_or(|(bq, bp, _)| q > bq || (q == bq && position < bp)) {
            best = Some((q, position, found));
        }
    }
    best.map(|(_, _, l)| l)
}

#[cfg(test)]
mod tests {
    use super::*;

    // X-I18N: the browser's Accept-Language picks the language when the user has not chosen one.
    #[test]
    fn accept_language() {
        assert_eq!(from_accept_language("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7"), Some(Locale::ja));
        assert_eq!(from_accept_language("en-US,en;q=0.9"), Some(Locale::en));
        assert_eq!(from_accept_language("fr-FR, ja;q=0.5, en;q=0.4"), Some(Locale::ja));
        assert_eq!(from_accept_language("en;q=0.2, ja;q=0.8"), Some(Locale::ja));
        assert_eq!(from_accept_language("ja;q=0, en;q=0.1"), Some(Locale::en));
        assert_eq!(from_accept_language("de, fr"), None);
        assert_eq!(from_accept_language(""), None);
        assert_eq!(from_accept_language("*"), None);
        assert_eq!(parse("JA_jp"), Some(Locale::ja));
        assert_eq!(tag(Locale::ja), "ja");
    }
}
