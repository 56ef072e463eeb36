//! Parse-don't-validate newtypes for the text fields of a deal (R-NEW-1..3).

use super::issues::Code;
use serde::{Deserialize, Serialize};

/// Whether a text may hold line breaks and tabs (notes) or is a single line (names, ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Single,
    Multi,
}

/// Control characters (NUL, escape, DEL, …) are never stored; line breaks and tabs only in `Lines::Multi`.
pub fn check_characters(text: &str, lines: Lines) -> Result<(), Code> {
    let allowed = |c: char| lines == Lines::Multi && matches!(c, '\n' | '\r' | '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) { Err(Code::ControlCharacters) } else { Ok(()) }
}

/// Trims and checks a mandatory text of at most `max` characters.
fn required(input: &str, max: usize, lines: Lines) -> Result<String, Code> {
    let text = input.trim();
    if text.is_empty() {
        Err(Code::Required)
    } else if text.chars().count() > max {
        Err(Code::TooLong { max })
    } else {
        check_characters(text, lines)?;
        Ok(text.to_string())
    }
}

/// Trims an optional text: empty means absent.
fn optional(input: &str, max: usize, lines: Lines) -> Result<Option<String>, Code> {
    if input.trim().is_empty() { Ok(None) } else { required(input, max, lines).map(Some) }
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident, $max:expr, $lines:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name(String);
        impl $name {
            pub const MAX: usize = $max;
            pub fn parse(input: &str) -> Result<Self, Code> {
                required(input, Self::MAX, $lines).map(Self)
            }
            /// Empty input is `None`; anything else must be valid.
            pub fn parse_optional(input: &str) -> Result<Option<Self>, Code> {
                optional(input, Self::MAX, $lines).map(|o| o.map(Self))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_newtype!(
    /// R-NEW-2: mandatory.
    DealName, 100, Lines::Single
);
text_newtype!(
    /// A person's full name (team members, customer contact).
    PersonName, 100, Lines::Single
);
text_newtype!(
    /// R-NEW-2: the deal's id in the partner's CRM (optional).
    CrmId, 100, Lines::Single
);
text_newtype!(
    /// R-NEW-2: marketing campaign id (optional).
    CampaignId, 100, Lines::Single
);
text_newtype!(
    /// R-NEW-2: notes, visible to everyone on the engagement (optional).
    Notes, 2000, Lines::Multi
);

text_newtype!(
    /// R-TAB-2, R-CAT-3: what a user types to filter a list or find a customer.
    SearchText, 200, Lines::Single
);

impl SearchText {
    /// Empty input filters nothing; anything else is trimmed, bounded and free of control characters.
    pub fn parse_filter(input: &str) -> Result<Option<Self>, Code> {
        Self::parse_optional(input)
    }

    /// Lower-cased, as names are stored for search (`search_norm`, `name_norm`).
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }

    /// The words typed, lower-cased: runs of letters and digits, the units a word-prefix search
    /// matches (and nothing a text-search syntax could read as an operator).
    pub fn words(&self) -> Vec<String> {
        self.normalized().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
    }

    /// R-CAT-3: nine digits (spaces and dashes aside) are a D-U-N-S number, looked up exactly.
    pub fn duns(&self) -> Option<String> {
        let digits: String = self.0.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        (digits.len() == 9 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
    }
}

/// An e-mail address, compared case-insensitively (R-ORG-3 matches team members by e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(input: &str) -> Result<Self, Code> {
        let text = required(input, Self::MAX, Lines::Single)?;
        let (local, domain) = text.split_once('@').ok_or(Code::InvalidEmail)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty() && local.len() <= 64 && !local.chars().any(|c| c.is_whitespace() || c == '@');
        if domain_ok && local_ok { Ok(Email(text)) } else { Err(Code::InvalidEmail) }
    }

    pub fn parse_optional(input: &str) -> Result<Option<Self>, Code> {
        if input.trim().is_empty() { Ok(None) } else { Self::parse(input).map(Some) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for comparisons and lookups.
    pub fn normalized(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A phone number as people write it: digits with optional +, spaces, dashes, dots and parentheses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Self, Code> {
        let text = required(input, 30, Lines::Single)?;
        let allowed = |c: char| c.is_ascii_digit() || " -.()".contains(c);
        let plus_ok = text.strip_prefix('+').unwrap_or(&text).chars().all(allowed);
        let digits = text.chars().filter(char::is_ascii_digit).count();
        if plus_ok && (7..=20).contains(&digits) { Ok(Phone(text)) } else { Err(Code::InvalidPhone) }
    }

    pub fn parse_optional(input: &str) -> Result<Option<Self>, Code> {
        if input.trim().is_empty() { Ok(None) } else { Self::parse(input).map(Some) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // R-NEW-2: deal name is mandatory and bounded.
    #[test]
    fn deal_name_is_mandatory_trimmed_and_bounded() {
        assert_eq!(DealName::parse("  "), Err(Code::Required));
        assert_eq!(DealName::parse(" Contoso Azure migration ").unwrap().as_str(), "Contoso Azure migration");
        assert_eq!(DealName::parse(&"x".repeat(101)), Err(Code::TooLong { max: 100 }));
        assert!(DealName::parse(&"é".repeat(100)).is_ok(), "length counts characters, not bytes");
    }

    // R-NEW-2: CRM ID, campaign ID and notes are optional.
    #[test]
    fn optional_texts_accept_empty() {
        assert_eq!(CrmId::parse_optional("   "), Ok(None));
        assert_eq!(CampaignId::parse_optional("CMP-1").unwrap().unwrap().as_str(), "CMP-1");
        assert_eq!(Notes::parse_optional(&"n".repeat(2001)), Err(Code::TooLong { max: 2000 }));
    }

    // R-NEW-2, R-NEW-3: names and ids are one line of visible text; notes may break lines (NUL never).
    #[test]
    fn control_characters_are_refused() {
        for bad in ["Contoso\u{0}deal", "Contoso\tdeal", "Contoso\ndeal", "esc\u{1b}[31m", "del\u{7f}"] {
            assert_eq!(DealName::parse(bad), Err(Code::ControlCharacters), "{bad:?}");
            assert_eq!(PersonName::parse(bad), Err(Code::ControlCharacters), "{bad:?}");
            assert_eq!(CrmId::parse_optional(bad), Err(Code::ControlCharacters), "{bad:?}");
        }
        assert!(Notes::parse("line one\nline two\tindented").is_ok());
        assert_eq!(Notes::parse("nul\u{0}inside"), Err(Code::ControlCharacters));
        assert_eq!(Email::parse("ana\u{0}@contoso.com"), Err(Code::ControlCharacters));
    }

    // R-TAB-2, R-CAT-3: a search is bounded, so a huge pattern never reaches the database.
    #[test]
    fn search_text_is_bounded() {
        assert_eq!(SearchText::parse_filter("  "), Ok(None));
        assert_eq!(SearchText::parse_filter(" Contoso ").unwrap().unwrap().as_str(), "Contoso");
        assert_eq!(SearchText::parse_filter(&"%".repeat(201)), Err(Code::TooLong { max: 200 }));
        assert_eq!(SearchText::parse_filter("a\u{0}b"), Err(Code::ControlCharacters));
    }

    // R-CAT-3: what the customer search reads out of the typed text.
    #[test]
    fn search_words_and_duns() {
        let text = |s: &str| SearchText::parse_filter(s).unwrap().unwrap();
        assert_eq!(text("Contoso  Pharma-Ltd.").words(), ["contoso", "pharma", "ltd"]);
        assert_eq!(text("\"*OR NEAR(").words(), ["or", "near"]);
        assert_eq!(text("Ünïcode Straße").words(), ["ünïcode", "straße"]);
        assert_eq!(text("08-146-6849").duns().as_deref(), Some("081466849"));
        assert_eq!(text("081 466 849").duns().as_deref(), Some("081466849"));
        assert_eq!(text("08146684").duns(), None);
        assert_eq!(text("08146684x").duns(), None);
    }

    // R-NEW-3: team members need a valid e-mail.
    #[test]
    fn emails() {
        assert!(Email::parse("ana@contoso.com").is_ok());
        assert_eq!(Email::parse("Ana@Contoso.COM").unwrap().normalized(), "ana@contoso.com");
        for bad in ["ana", "ana@", "@contoso.com", "ana@contoso", "ana @contoso.com", "ana@contoso..com", "a@b@c.com"] {
            assert_eq!(Email::parse(bad), Err(Code::InvalidEmail), "{bad}");
        }
        assert_eq!(Email::parse(""), Err(Code::Required));
    }

    // R-NEW-3: team members need a valid phone.
    #[test]
    fn phones() {
        for good in ["+1 425 555 0100", "(03) 5555-0100", "425.555.0100", "+81-3-5555-0100"] {
            assert!(Phone::parse(good).is_ok(), "{good}");
        }
        for bad in ["12345", "call me", "+1 425 555 0100 ext 5", "++1 425 555 0100", &"1".repeat(21)] {
            assert_eq!(Phone::parse(bad), Err(Code::InvalidPhone), "{bad}");
        }
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
