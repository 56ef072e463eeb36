//! The list's query options (API.md): `$filter`, `$orderby`, `$top`, `$skip`, `$count` and the
//! opaque keyset `$skiptoken` that `@odata.nextLink` carries.

use super::error::{ApiError, ApiHint, hint};
use app::domain::odata;
use app::services::referral_api::{ListRequest, Order, Position};

pub const MAX_TOP: i64 = 100;
pub const MAX_SKIP: i64 = 10_000;

pub struct Params {
    pub request: ListRequest,
    filter_text: Option<String>,
    orderby_text: Option<String>,
}

fn bad(field: &str, problem: ApiHint) -> ApiError {
    let problem = hint(problem);
    ApiError::bad_request(hint(ApiHint::QueryParam { field: field.to_string(), problem: problem.clone() }), vec![ApiError::field(field, problem)])
}

/// `application/x-www-form-urlencoded` decoding of one query part.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            b' ' => "%20".to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn order_word(order: Order, descending: bool) -> String {
    format!("{}{}", if order == Order::Created { "created" } else { "updated" }, if descending { "-desc" } else { "-asc" })
}

impl Params {
    pub fn parse(query: &str) -> Result<Params, ApiError> {
        let mut request = ListRequest { filter: None, order: Order::Created, descending: true, top: MAX_TOP, skip: 0, after: None, count: false };
        let (mut filter_text, mut orderby_text, mut token) = (None, None, None);
        for part in query.split('&').filter(|p| !p.is_empty()) {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            let name = decode(name).ok_or_else(|| bad("query", ApiHint::NotPercentEncoded))?;
            let value = decode(value).ok_or_else(|| bad(&name, ApiHint::NotPercentEncoded))?;
            match name.to_ascii_lowercase().as_str() {
                "$filter" => {
                    request.filter = Some(odata::parse(&value).map_err(|e| bad("$filter", ApiHint::Filter { detail: e.to_string().trim_start_matches("$filter ").to_string() }))?);
                    filter_text = Some(value);
                }
                "$orderby" => {
                    let mut words = value.split_whitespace();
                    request.order = match words.next().map(str::to_ascii_lowercase).as_deref() {
                        Some("createddatetime") => Order::Created,
                        Some("updateddatetime") => Order::Updated,
                        _ => return Err(bad("$orderby", ApiHint::OrderByField { value: value.to_string() })),
                    };
                    request.descending = match words.next().map(str::to_ascii_lowercase).as_deref() {
                        None | Some("asc") => false,
                        Some("desc") => true,
                        Some(other) => return Err(bad("$orderby", ApiHint::OrderByDirection { value: other.to_string() })),
                    };
                    if words.next().is_some() {
                        return Err(bad("$orderby", ApiHint::OrderBy));
                    }
                    orderby_text = Some(value);
                }
                "$top" => {
                    request.top = value.trim().parse().ok().filter(|n| (1..=MAX_TOP).contains(n)).ok_or_else(|| bad("$top", ApiHint::WholeNumber { from: 1, to: MAX_TOP }))?
                }
                "$skip" => {
                    request.skip = value.trim().parse().ok().filter(|n| (0..=MAX_SKIP).contains(n)).ok_or_else(|| bad("$skip", ApiHint::WholeNumber { from: 0, to: MAX_SKIP }))?
                }
                "$count" => {
                    request.count = match value.trim().to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(bad("$count", ApiHint::TrueOrFalse)),
                    }
                }
                "$skiptoken" => token = Some(value),
                "$select" | "$expand" | "$search" => return Err(bad(&name, ApiHint::FullResource)),
                // Other parameters are not ours to judge (clients add their own, e.g. cache busters).
                _ => {}
            }
        }
        if let Some(token) = token {
            let text = hex::decode(token.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .filter(|t| !t.chars().any(|c| c.is_control() && c != '\n') && t.len() < 300)
                .ok_or_else(|| bad("$skiptoken", ApiHint::BadSkipToken))?;
            let mut lines = text.split('\n');
            let (Some(order), Some(value), Some(id), None) = (lines.next(), lines.next(), lines.next(), lines.next()) else {
                return Err(bad("$skiptoken", ApiHint::BadSkipToken));
            };
            if order != order_word(request.order, request.descending) {
                return Err(bad("$skiptoken", ApiHint::SkipTokenOrder));
            }
            request.after = Some(Position { value: value.to_string(), id: id.to_string() });
            // The token's position already lies past any $skip of the first page.
            request.skip = 0;
        }
        Ok(Params { request, filter_text, orderby_text })
    }

    /// The query of the page after `next`: the same options, its position as a `$skiptoken`.
    pub fn next_query(&self, next: &Position) -> String {
        let mut parts = Vec::new();
        if let Some(f) = &self.filter_text {
            parts.push(format!("$filter={}", encode(f)));
        }
        if let Some(o) = &self.orderby_text {
            parts.push(format!("$orderby={}", encode(o)));
        }
        parts.push(format!("$top={}", self.request.top));
        if self.request.count {
            parts.push("$count=true".into());
        }
        let token = hex::encode(format!("{}\n{}\n{}", order_word(self.request.order, self.request.descending), next.value, next.id));
        parts.push(format!("$skiptoken={token}"));
        parts.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_and_the_token_round_trips() {
        let p = Params::parse("%24filter=status%20eq%20%27Active%27&$orderby=updatedDateTime+asc&$top=5&$count=true&$skip=2").unwrap();
        assert_eq!((p.request.order, p.request.descending, p.request.top, p.request.skip, p.request.count), (Order::Updated, false, 5, 2, true));
        assert!(p.request.filter.is_some());
        let next = p.next_query(&Position { value: "2026-11-27T10:00:00.000000Z".into(), id: "abc".into() });
        let again = Params::parse(&next).unwrap();
        assert_eq!(again.request.after, Some(Position { value: "2026-11-27T10:00:00.000000Z".into(), id: "abc".into() }));
        assert_eq!((again.request.skip, again.request.top, again.request.count), (0, 5, true));
        assert!(again.request.filter.is_some());
    }

    #[test]
    fn bad_options_say_which() {
        for (query, field) in [
            ("$top=0", "$top"),
            ("$top=101", "$top"),
            ("$orderby=name", "$orderby"),
            ("$count=yes", "$count"),
            ("$skiptoken=zz", "$skiptoken"),
            ("$filter=status eq", "$filter"),
            ("$select=id", "$select"),
        ] {
            let e = Params::parse(query).err().unwrap_or_else(|| panic!("{query} accepted"));
            assert_eq!(e.details[0].field, field, "{query}");
        }
        // A token of another order is refused rather than read wrongly.
        let p = Params::parse("").unwrap();
        let token = p.next_query(&Position { value: "v".into(), id: "i".into() });
        assert!(Params::parse(&format!("{token}&$orderby=createdDateTime asc")).is_err());
    }
}
