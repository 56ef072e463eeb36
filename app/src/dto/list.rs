//! A tab's list as the address holds it (R-TAB-2): sort, search, filters and the page, read from
//! and written to the URL by the same two functions, so a page can be shared and reloaded.

use super::{SortKey, Tab};
use crate::domain::deal::{DealType, Stage, Status};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Deals per page.
pub const PAGE_SIZE: i64 = 50;

/// Which page: the first, or the one after / before a position (`value~id`, opaque to users).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Page {
    #[default]
    First,
    After(String),
    Before(String),
}

/// The filters of R-TAB-2; each narrows the list and combines with search and every sort.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListFilters {
    pub status: Option<Status>,
    pub stage: Option<Stage>,
    /// A type's API spelling (`DealType::as_str`); Partner to partner with or without Microsoft.
    pub deal_type: Option<String>,
    pub location_id: Option<String>,
    pub close_from: Option<NaiveDate>,
    pub close_to: Option<NaiveDate>,
}

impl ListFilters {
    pub fn is_empty(&self) -> bool {
        *self == ListFilters::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    pub tab: Tab,
    pub text: String,
    pub sort: SortKey,
    pub descending: bool,
    #[serde(default)]
    pub filters: ListFilters,
    #[serde(default)]
    pub page: Page,
}

/// The deal types a list can be filtered by.
pub const TYPES: [DealType; 5] = [
    DealType::Private,
    DealType::PartnerLed,
    DealType::CoSell,
    DealType::PartnerToPartner { microsoft_can_view: false },
    DealType::SolutionAssessment,
];

impl ListQuery {
    pub fn new(tab: Tab) -> Self {
        ListQuery { tab, text: String::new(), sort: SortKey::Updated, descending: true, filters: ListFilters::default(), page: Page::First }
    }

    /// Reads the address's query parameters; anything unknown is left at its default.
    pub fn from_params(tab: Tab, get: impl Fn(&str) -> Option<String>) -> Self {
        let date = |key: &str| get(key).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        let page = match (get("after"), get("before")) {
            (Some(a), _) if !a.is_empty() => Page::After(a),
            (_, Some(b)) if !b.is_empty() => Page::Before(b),
            _ => Page::First,
        };
        ListQuery {
            tab,
            text: get("q").unwrap_or_default(),
            sort: get("sort").and_then(|s| SortKey::from_slug(&s)).unwrap_or(SortKey::Updated),
            descending: get("dir").map(|d| d != "asc").unwrap_or(true),
            filters: ListFilters {
                status: get("status").and_then(|s| Status::parse(&s)),
                stage: get("stage").and_then(|s| Stage::parse(&s)),
                deal_type: get("type").filter(|t| TYPES.iter().any(|k| k.as_str() == t)),
                location_id: get("location").filter(|l| !l.is_empty()),
                close_from: date("from"),
                close_to: date("to"),
            },
            page,
        }
    }

    /// The address of this list.
    pub fn href(&self) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("sort", self.sort.slug().to_string()),
            ("dir", if self.descending { "desc" } else { "asc" }.to_string()),
        ];
        let f = &self.filters;
        let optional = [
            ("q", Some(self.text.clone()).filter(|t| !t.is_empty())),
            ("status", f.status.map(|s| s.as_str().to_string())),
            ("stage", f.stage.map(|s| s.as_str().to_string())),
            ("type", f.deal_type.clone()),
            ("location", f.location_id.clone()),
            ("from", f.close_from.map(|d| d.to_string())),
            ("to", f.close_to.map(|d| d.to_string())),
            ("after", if let Page::After(c) = &self.page { Some(c.clone()) } else { None }),
            ("before", if let Page::Before(c) = &self.page { Some(c.clone()) } else { None }),
        ];
        pairs.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
        let query: Vec<String> = pairs.into_iter().map(|(k, v)| format!("{k}={}", urlencode(&v))).collect();
        format!("/referrals/{}?{}", self.tab.slug(), query.join("&"))
    }

    /// The same list from its first page: what changing the search, a filter or the sort does.
    pub fn first_page(mut self) -> Self {
        self.page = Page::First;
        self
    }

    pub fn at(mut self, page: Page) -> Self {
        self.page = page;
        self
    }
}

/// A page position: the sort value and the deal id of the row it follows or precedes.
pub fn cursor(value: &str, id: &str) -> String {
    format!("{value}~{id}")
}

/// The parts of a cursor; ids never contain `~`, values may.
pub fn parse_cursor(cursor: &str) -> Option<(&str, &str)> {
    cursor.rsplit_once('~').filter(|(_, id)| !id.is_empty())
}

pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn params(href: &str) -> HashMap<String, String> {
        let query = href.split_once('?').map(|(_, q)| q).unwrap_or_default();
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), percent_decode(v)))
            .collect()
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&text[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    // R-TAB-2: sort, search, every filter and the page survive the trip through the address.
    #[test]
    fn a_list_round_trips_through_its_address() {
        let query = ListQuery {
            tab: Tab::Inbound,
            text: "contoso & co".into(),
            sort: SortKey::Value,
            descending: false,
            filters: ListFilters {
                status: Some(Status::Received),
                stage: Some(Stage::Qualified),
                deal_type: Some("CoSell".into()),
                location_id: Some("loc-1".into()),
                close_from: NaiveDate::from_ymd_opt(2027, 1, 1),
                close_to: NaiveDate::from_ymd_opt(2027, 12, 31),
            },
            page: Page::After(cursor("2500000", "d-9")),
        };
        let href = query.href();
        assert!(href.starts_with("/referrals/inbound?"), "{href}");
        let p = params(&href);
        assert_eq!(ListQuery::from_params(Tab::Inbound, |k| p.get(k).cloned()), query);
        let first = ListQuery::new(Tab::Outbound);
        let p = params(&first.href());
        assert_eq!(ListQuery::from_params(Tab::Outbound, |k| p.get(k).cloned()), first);
    }

    #[test]
    fn unknown_values_fall_back_to_defaults() {
        let p: HashMap<&str, &str> = [("sort", "weird"), ("status", "nope"), ("type", "Bogus"), ("from", "31/12/2027")].into();
        let q = ListQuery::from_params(Tab::Closed, |k| p.get(k).map(|v| v.to_string()));
        assert_eq!(q, ListQuery::new(Tab::Closed));
        assert_eq!(parse_cursor("a~b~id-1"), Some(("a~b", "id-1")));
        assert_eq!(parse_cursor("no-id~"), None);
    }
}
