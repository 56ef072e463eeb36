//! The `$filter` grammar of the REST API (API.md, X-API): comparisons with `eq` or `ne` joined by
//! `and`, `or` and parentheses. Parsing checks every field name and value, so what reaches a query
//! is known to be meaningful; a malformed filter says where it fails and what was expected there.

use super::referral_api::{ApiStatus, Qualification, ReferralDirection, ReferralType, Substatus};

/// One comparison, with its value already read as the field's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Status(ApiStatus),
    Substatus(Substatus),
    Direction(ReferralDirection),
    Type(ReferralType),
    Qualification(Qualification),
    EngagementId(String),
    Country(String),
    Id(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Is(Condition),
    Not(Condition),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
}

/// Where a filter stopped making sense: the character position (from 0) and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub at: usize,
    pub problem: String,
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "$filter at position {}: {}", self.at, self.problem)
    }
}

/// The fields a filter may name, as API.md spells them.
pub const FIELDS: [&str; 8] =
    ["status", "substatus", "direction", "type", "qualification", "engagementId", "customerProfile/address/country", "id"];

/// Longer filters are refused before parsing: no client needs more, and depth stays bounded.
pub const MAX_LEN: usize = 2000;

pub fn parse(text: &str) -> Result<Filter, FilterError> {
    if text.chars().count() > MAX_LEN {
        return Err(FilterError { at: MAX_LEN, problem: format!("longer than {MAX_LEN} characters") });
    }
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, pos: 0, depth: 0, end: text.chars().count() };
    let filter = parser.or()?;
    match parser.peek() {
        None => Ok(filter),
        Some(t) => Err(parser.error_at(t.at, format!("expected `and`, `or` or the end, found {}", t.describe()))),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Word(String),
    Text(String),
    Open,
    Close,
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    at: usize,
}

impl Token {
    fn describe(&self) -> String {
        match &self.kind {
            Kind::Word(w) => format!("`{w}`"),
            Kind::Text(t) => format!("'{t}'"),
            Kind::Open => "`(`".into(),
            Kind::Close => "`)`".into(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, FilterError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token { kind: Kind::Open, at: i });
                i += 1;
            }
            ')' => {
                tokens.push(Token { kind: Kind::Close, at: i });
                i += 1;
            }
            '\'' => {
                let start = i;
                let mut value = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(FilterError { at: start, problem: "a quoted value is not closed with `'`".into() }),
                        // OData escapes a quote inside a value by doubling it.
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            value.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(c) if c.is_control() => {
                            return Err(FilterError { at: i, problem: "a quoted value holds a control character".into() });
                        }
                        Some(c) => {
                            value.push(*c);
                            i += 1;
                        }
                    }
                }
                tokens.push(Token { kind: Kind::Text(value), at: start });
            }
            c if c.is_ascii_alphanumeric() || c == '/' || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '/' || chars[i] == '_') {
                    i += 1;
                }
                tokens.push(Token { kind: Kind::Word(chars[start..i].iter().collect()), at: start });
            }
            other => return Err(FilterError { at: i, problem: format!("unexpected character `{other}`") }),
        }
    }
    Ok(tokens)
}

/// Parentheses nest no deeper than this.
const MAX_DEPTH: usize = 20;

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self, expected: &str) -> Result<Token, FilterError> {
        let token = self.tokens.get(self.pos).cloned().ok_or_else(|| self.error_at(self.end, format!("expected {expected}, found the end")))?;
        self.pos += 1;
        Ok(token)
    }

    fn error_at(&self, at: usize, problem: String) -> FilterError {
        FilterError { at, problem }
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token { kind: Kind::Word(w), .. }) if w.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.primary()?;
        while self.keyword("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.primary()?));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Filter, FilterError> {
        let token = self.next("a field name or `(`")?;
        match token.kind {
            Kind::Open => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error_at(token.at, format!("parentheses nest deeper than {MAX_DEPTH}")));
                }
                let inner = self.or()?;
                let close = self.next("`)`")?;
                if close.kind != Kind::Close {
                    return Err(self.error_at(close.at, format!("expected `)`, found {}", close.describe())));
                }
                self.depth -= 1;
                Ok(inner)
            }
            Kind::Word(field) => self.comparison(&field, token.at),
            _ => Err(self.error_at(token.at, format!("expected a field name or `(`, found {}", token.describe()))),
        }
    }

    fn comparison(&mut self, field: &str, at: usize) -> Result<Filter, FilterError> {
        let Some(name) = FIELDS.iter().find(|f| f.eq_ignore_ascii_case(field)) else {
            return Err(self.error_at(at, format!("`{field}` is not a field a filter can use; use one of {}", FIELDS.join(", "))));
        };
        let op = self.next("`eq` or `ne`")?;
        let negated = match &op.kind {
            Kind::Word(w) if w.eq_ignore_ascii_case("eq") => false,
            Kind::Word(w) if w.eq_ignore_ascii_case("ne") => true,
            _ => return Err(self.error_at(op.at, format!("expected `eq` or `ne`, found {}", op.describe()))),
        };
        let value = self.next("a quoted value")?;
        let Kind::Text(text) = &value.kind else {
            return Err(self.error_at(value.at, format!("expected a quoted value such as '{}', found {}", example(name), value.describe())));
        };
        let condition = condition(name, text).map_err(|allowed| {
            self.error_at(value.at, format!("'{text}' is not a value of {name}; use one of {allowed}"))
        })?;
        Ok(if negated { Filter::Not(condition) } else { Filter::Is(condition) })
    }
}

fn example(field: &str) -> &'static str {
    match field {
        "status" => "Active",
        "substatus" => "Accepted",
        "direction" => "Incoming",
        "type" => "Shared",
        "qualification" => "SalesQualified",
        "customerProfile/address/country" => "US",
        _ => "…",
    }
}

/// The field's value read as its type; `Err` lists the values allowed.
fn condition(field: &str, text: &str) -> Result<Condition, String> {
    fn one<T: Copy>(all: &[T], name: fn(&T) -> &'static str, text: &str) -> Result<T, String> {
        all.iter().find(|v| name(v).eq_ignore_ascii_case(text)).copied().ok_or_else(|| all.iter().map(name).collect::<Vec<_>>().join(", "))
    }
    let id = |text: &str| {
        if text.is_empty() || text.len() > 100 { Err("a non-empty id of at most 100 characters".to_string()) } else { Ok(text.to_string()) }
    };
    Ok(match field {
        "status" => Condition::Status(one(&ApiStatus::ALL, ApiStatus::as_str, text)?),
        "substatus" => Condition::Substatus(one(&Substatus::ALL, Substatus::as_str, text)?),
        "direction" => Condition::Direction(one(&ReferralDirection::ALL, ReferralDirection::as_str, text)?),
        "type" => Condition::Type(one(&ReferralType::ALL, ReferralType::as_str, text)?),
        "qualification" => Condition::Qualification(one(&Qualification::ALL, Qualification::as_str, text)?),
        "engagementId" => Condition::EngagementId(id(text)?),
        "id" => Condition::Id(id(text)?),
        _ => {
            let code = text.trim().to_ascii_uppercase();
            if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                return Err("a two-letter ISO country code".into());
            }
            Condition::Country(code)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(c: Condition) -> Filter {
        Filter::Is(c)
    }

    // X-API: the grammar of API.md — eq, and, or, parentheses — with typed values.
    #[test]
    fn parses_the_documented_grammar() {
        assert_eq!(parse("status eq 'Active'").unwrap(), is(Condition::Status(ApiStatus::Active)));
        let f = parse("(substatus eq 'Received' or substatus eq 'Accepted') and direction eq 'Incoming'").unwrap();
        assert_eq!(
            f,
            Filter::And(
                Box::new(Filter::Or(
                    Box::new(is(Condition::Substatus(Substatus::Received))),
                    Box::new(is(Condition::Substatus(Substatus::Accepted)))
                )),
                Box::new(is(Condition::Direction(ReferralDirection::Incoming)))
            )
        );
        // `and` binds tighter than `or`.
        let f = parse("type eq 'Shared' or qualification eq 'SalesQualified' and customerProfile/address/country eq 'us'").unwrap();
        assert_eq!(
            f,
            Filter::Or(
                Box::new(is(Condition::Type(ReferralType::Shared))),
                Box::new(Filter::And(
                    Box::new(is(Condition::Qualification(Qualification::SalesQualified))),
                    Box::new(is(Condition::Country("US".into())))
                ))
            )
        );
        assert_eq!(parse("engagementId eq 'a''b'").unwrap(), is(Condition::EngagementId("a'b".into())));
        assert_eq!(parse("status ne 'Closed'").unwrap(), Filter::Not(Condition::Status(ApiStatus::Closed)));
    }

    // X-API: a malformed filter says where it fails and what was expected.
    #[test]
    fn errors_say_where() {
        let e = parse("status equals 'Active'").unwrap_err();
        assert_eq!(e.at, 7);
        assert!(e.problem.contains("expected `eq` or `ne`"), "{e}");
        let e = parse("stat eq 'Active'").unwrap_err();
        assert_eq!(e.at, 0);
        assert!(e.problem.contains("`stat` is not a field"), "{e}");
        let e = parse("status eq 'Open'").unwrap_err();
        assert_eq!(e.at, 10);
        assert!(e.problem.contains("New, Active, Closed"), "{e}");
        let e = parse("(status eq 'New'").unwrap_err();
        assert_eq!(e.at, 16);
        assert!(e.problem.contains("expected `)`"), "{e}");
        let e = parse("status eq 'New").unwrap_err();
        assert_eq!((e.at, e.problem.contains("not closed")), (10, true));
        let e = parse("status eq Active").unwrap_err();
        assert!(e.problem.contains("quoted value such as 'Active'"), "{e}");
        let e = parse("status eq 'New' status eq 'New'").unwrap_err();
        assert_eq!(e.at, 16);
        assert!(parse("").is_err());
        assert!(parse(&"(".repeat(30)).unwrap_err().problem.contains("deeper"));
        assert!(parse(&"x".repeat(MAX_LEN + 1)).is_err());
        assert!(parse("status eq 'New' ; drop").unwrap_err().problem.contains("unexpected character"));
    }
}
