//! Reading API bodies the way Partner Center's clients write them: property names in any case
//! (its own create sample sends `ConsentToContact` beside `consentToShareReferralWithMicrosoftSellers`),
//! and decimals as JSON numbers or strings, kept exact (never through a float). A first pass over
//! the text spells every known property name as API.md does and turns every number into a marked
//! string; the input types then accept the mark where a number belongs and refuse it where text
//! does, so a wrongly typed field is still a 400 naming it.

use serde::de::{self, Deserialize, Deserializer, Unexpected};

/// Marks a string that was a JSON number. NUL never survives into a real value: bodies holding it
/// are refused before this pass.
const NUMBER: char = '\u{0}';

/// The body with property names spelled as API.md does and numbers marked; `None` when it holds a NUL.
pub fn normalize(text: &str) -> Option<String> {
    if text.contains('\0') || text.contains("\\u0000") {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            let end = (i + 1).min(chars.len());
            let literal: String = chars[start..end].iter().collect();
            let mut j = end;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if chars.get(j) == Some(&':') {
                out.push_str(&canonical_key(&literal));
            } else {
                out.push_str(&literal);
            }
            i = end;
        } else if c == '-' || c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || matches!(chars[i], '-' | '+' | '.' | 'e' | 'E')) {
                i += 1;
            }
            // The mark, written as JSON's escape for it: a string may not hold it raw.
            out.push_str("\"\\u0000");
            out.extend(&chars[start..i]);
            out.push('"');
        } else {
            out.push(c);
            i += 1;
        }
    }
    Some(out)
}

/// What a value of a free-form place (a patch's `value`) was: text, or a number as written.
pub fn marked_number(s: &str) -> Option<&str> {
    s.strip_prefix(NUMBER)
}

/// A text field: a JSON string. A number here is the client's mistake, named by its path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        match s.strip_prefix(NUMBER) {
            Some(number) => Err(de::Error::invalid_type(Unexpected::Other(&format!("number {number}")), &"a string")),
            None => Ok(Text(s)),
        }
    }
}

/// A number field (a decimal or a whole number): a JSON number or a numeric string, as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Number(pub String);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Number(s.strip_prefix(NUMBER).map(str::to_string).unwrap_or(s)))
    }
}

/// Every property name the API reads, as API.md spells it.
const NAMES: &[&str] = &[
    "name", "externalReferenceId", "campaignId", "qualification", "tags", "customerProfile", "consent", "details", "team",
    "inviteContext", "target", "location", "address", "addressLine1", "addressLine2", "city", "state", "postalCode",
    "country", "size", "ids", "profileType", "id", "consentToToShareInfoWithOthers", "consentToContact",
    "consentToShareReferralWithMicrosoftSellers", "notes", "dealValue", "currency", "closingDateTime", "requirements",
    "solutions", "firstName", "lastName", "email", "phoneNumber", "assistanceRequestCode", "type", "op", "path", "value",
    "contractValue", "signedDate", "startDate", "endDate", "termMonths", "kind", "contact", "contractConfirmed",
];

/// A quoted property name (`"ConsentToContact"`) as API.md spells it (`"consentToContact"`);
/// names the API does not read are left as they are (and ignored).
fn canonical_key(literal: &str) -> String {
    let inner = &literal[1..literal.len().saturating_sub(1).max(1)];
    match NAMES.iter().find(|n| n.eq_ignore_ascii_case(inner)) {
        Some(name) => format!("\"{name}\""),
        None => literal.to_string(),
    }
}

/// Text fields in the OpenAPI document: a string.
impl utoipa::PartialSchema for Text {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::schema::Type::String).into()
    }
}

impl utoipa::ToSchema for Text {}

/// Number fields in the OpenAPI document: a JSON number or a numeric string.
impl utoipa::PartialSchema for Number {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{SchemaType, Type};
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(SchemaType::from_iter([Type::Number, Type::String]))
            .description(Some("A decimal as a JSON number or a numeric string; kept exact."))
            .into()
    }
}

impl utoipa::ToSchema for Number {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Sample {
        deal_value: Number,
        name: Text,
        #[serde(rename = "consentToContact")]
        consent: bool,
    }

    // X-API: names in any case; decimals exact from numbers and strings; a number for text is a 400.
    #[test]
    fn numbers_stay_exact_and_names_ignore_case() {
        let body = normalize(r#"{"DealValue": 12345678901234567.89, "Name": "a \"quoted\": name", "ConsentToContact": true}"#).unwrap();
        let s: Sample = serde_json::from_str(&body).unwrap();
        assert_eq!(s.deal_value, Number("12345678901234567.89".into()));
        assert_eq!(s.name, Text("a \"quoted\": name".into()));
        assert!(s.consent);
        let s: Sample = serde_json::from_str(&normalize(r#"{"dealValue": "10000", "name": "x", "consentToContact": false}"#).unwrap()).unwrap();
        assert_eq!(s.deal_value.0, "10000");
        let wrong = serde_json::from_str::<Sample>(&normalize(r#"{"dealValue": 1, "name": 42, "consentToContact": true}"#).unwrap());
        assert!(wrong.unwrap_err().to_string().contains("number 42"));
        assert!(normalize("{\"a\": \"\\u0000\"}").is_none());
        // Unknown keys stay as they are; values keep their case.
        assert_eq!(normalize(r#"{"A\"B": "CaSe", "DEALVALUE": -1.5e3}"#).unwrap(), "{\"A\\\"B\": \"CaSe\", \"dealValue\": \"\\u0000-1.5e3\"}");
    }
}
