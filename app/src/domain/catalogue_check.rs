//! X-I18N: the two catalogues say the same things: every key in both, the same placeholders in
//! both, and no Japanese text left in English by mistake.

use std::collections::{BTreeMap, BTreeSet};

const EN: &str = include_str!("../../locales/en.json");
const JA: &str = include_str!("../../locales/ja.json");

/// Japanese entries that are rightly the same letters as in English (names and acronyms).
const SAME_IN_BOTH: &[&str] = &[
    "nav.webhooks",
    "hooks.title",
    "stage.with_percent",
    "category.microsoft",
    "wizard.details.crm_id",
    "deal.fields.crm_id",
    "deal.fields.microsoft",
    "next.microsoft_title",
    "api_hint.query_param",
];

fn leaves(value: &serde_json::Value, path: &str, out: &mut BTreeMap<String, String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                leaves(v, &p, out);
            }
        }
        serde_json::Value::String(s) => {
            out.insert(path.to_string(), s.clone());
        }
        other => {
            out.insert(path.to_string(), other.to_string());
        }
    }
}

fn catalogue(text: &str) -> BTreeMap<String, String> {
    let value: serde_json::Value = serde_json::from_str(text).expect("the catalogue is JSON");
    let mut out = BTreeMap::new();
    leaves(&value, "", &mut out);
    out
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else { break };
        out.insert(rest[start + 2..start + end].trim().to_string());
        rest = &rest[start + end + 2..];
    }
    out
}

/// What differs between the catalogues; empty when they agree.
pub fn differences(en: &str, ja: &str) -> Vec<String> {
    let (en, ja) = (catalogue(en), catalogue(ja));
    let mut out = Vec::new();
    for key in en.keys().filter(|k| !ja.contains_key(*k)) {
        out.push(format!("{key}: missing in ja"));
    }
    for key in ja.keys().filter(|k| !en.contains_key(*k)) {
        out.push(format!("{key}: missing in en"));
    }
    for (key, en_text) in &en {
        let Some(ja_text) = ja.get(key) else { continue };
        if placeholders(en_text) != placeholders(ja_text) {
            out.push(format!("{key}: placeholders differ ({en_text:?} / {ja_text:?})"));
        }
        if ja_text.is_ascii() && !SAME_IN_BOTH.contains(&key.as_str()) {
            out.push(format!("{key}: not translated ({ja_text:?})"));
        }
        if ja_text.trim().is_empty() || en_text.trim().is_empty() {
            out.push(format!("{key}: empty"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // X-I18N: every key exists in both languages, with the same placeholders, and is translated.
    #[test]
    fn the_catalogues_agree() {
        let found = differences(EN, JA);
        assert!(found.is_empty(), "{} difference(s):\n{}", found.len(), found.join("\n"));
        assert!(catalogue(EN).len() > 700);
    }

    // The check itself finds each kind of difference.
    #[test]
    fn the_check_finds_what_differs() {
        let en = r#"{"a": {"b": "Hello {{ name }}", "c": "Deal", "d": "Yes"}}"#;
        let ja = r#"{"a": {"b": "こんにちは {{ who }}", "c": "Deal", "e": "はい"}}"#;
        let found = differences(en, ja);
        assert!(found.contains(&"a.d: missing in ja".to_string()), "{found:?}");
        assert!(found.contains(&"a.e: missing in en".to_string()), "{found:?}");
        assert!(found.iter().any(|f| f.starts_with("a.b: placeholders differ")), "{found:?}");
        assert!(found.iter().any(|f| f.starts_with("a.c: not translated")), "{found:?}");
        assert_eq!(found.len(), 4, "{found:?}");
    }
}
