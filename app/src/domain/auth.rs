//! Sign-in throttling: a pure rule over the recent failures, so it is testable without waiting.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Failed sign-ins allowed per account, and per address, within the window.
pub const ACCOUNT_LIMIT: usize = 5;
pub const ADDRESS_LIMIT: usize = 20;
pub const WINDOW_MINUTES: i64 = 15;

/// The account a sign-in names, as failures are counted and stored: trimmed, lower-case, and no
/// longer than an e-mail address can be, whatever was typed.
pub fn account_key(email: &str) -> String {
    bounded(&email.trim().to_lowercase(), super::fields::Email::MAX)
}

/// The address failures are counted by (an IP address; bounded like any stored text).
pub fn address_key(address: &str) -> String {
    bounded(address, 64)
}

fn bounded(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThrottleScope {
    Account,
    Address,
}

/// Whether another attempt may be made now; if not, which limit was hit and the whole minutes to wait.
pub fn throttle(account_failures: &[DateTime<Utc>], address_failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Result<(), (ThrottleScope, i64)> {
    let check = |failures: &[DateTime<Utc>], limit: usize| -> Option<i64> {
        let window_start = now - Duration::minutes(WINDOW_MINUTES);
        let mut recent: Vec<_> = failures.iter().copied().filter(|t| *t > window_start && *t <= now).collect();
        if recent.len() < limit {
            return None;
        }
        recent.sort();
        // Attempts resume when enough of the recent failures have left the window.
        let frees_at = recent[recent.len() - limit] + Duration::minutes(WINDOW_MINUTES);
        let seconds = (frees_at - now).num_seconds().max(1);
        Some((seconds + 59) / 60)
    };
    if let Some(minutes) = check(account_failures, ACCOUNT_LIMIT) {
        return Err((ThrottleScope::Account, minutes));
    }
    if let Some(minutes) = check(address_failures, ADDRESS_LIMIT) {
        return Err((ThrottleScope::Address, minutes));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").unwrap().with_timezone(&Utc) + Duration::minutes(minute)
    }

    #[test]
    fn five_failures_lock_the_account_for_the_rest_of_the_window() {
        let four: Vec<_> = (0..4).map(at).collect();
        assert_eq!(throttle(&four, &four, at(4)), Ok(()));
        let five: Vec<_> = (0..5).map(at).collect();
        assert_eq!(throttle(&five, &five, at(5)), Err((ThrottleScope::Account, 10)));
        assert_eq!(throttle(&five, &five, at(14)), Err((ThrottleScope::Account, 1)));
        assert_eq!(throttle(&five, &five, at(15)), Ok(()), "the oldest failure left the window");
    }

    // A failed sign-in never stores more than an e-mail address's length, nor control characters.
    #[test]
    fn stored_keys_are_bounded() {
        assert_eq!(account_key("  Ana@Contoso.COM "), "ana@contoso.com");
        assert_eq!(account_key(&"a".repeat(1_000_000)).chars().count(), 254);
        assert_eq!(account_key("a\u{0}b@c.com"), "ab@c.com");
        assert_eq!(address_key("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn one_address_trying_many_accounts_is_slowed_too() {
        let many: Vec<_> = (0..20).map(|_| at(0)).collect();
        assert_eq!(throttle(&[], &many, at(1)), Err((ThrottleScope::Address, 14)));
        assert_eq!(throttle(&[], &many[..19], at(1)), Ok(()));
        assert_eq!(throttle(&[], &many, at(16)), Ok(()));
    }
}

/// R-TAB-3: where a user lands after signing in without a page to return to: Microsoft sellers and
/// reviewers in their own workspace, everyone else in the co-sell lists.
pub fn landing(actor: &super::actor::Actor) -> &'static str {
    use super::actor::Role;
    if actor.has(Role::MicrosoftSeller) || actor.has(Role::MicrosoftRegistrationReviewer) { "/microsoft" } else { "/referrals/outbound" }
}

/// Where to go after signing in: only a path on this site. Anything else (another host, a
/// protocol-relative `//host`, backslashes, control characters or spaces that browsers strip or
/// rewrite — `/\t/evil.example` becomes `//evil.example` — or characters a header cannot carry)
/// falls back to the Outbound tab.
pub fn safe_next(next: Option<&str>) -> String {
    let fallback = || "/referrals/outbound".to_string();
    let Some(path) = next else { return fallback() };
    let plain = path.chars().all(|c| c.is_ascii_graphic()) && !path.contains('\\');
    if plain && path.starts_with('/') && !path.starts_with("//") && path.len() <= 2048 { path.to_string() } else { fallback() }
}

#[cfg(test)]
mod next_tests {
    use super::safe_next;

    // Sign-in never redirects off-site (open redirect) and never builds a header that cannot exist.
    #[test]
    fn next_is_same_site_only() {
        assert_eq!(safe_next(Some("/deals/1")), "/deals/1");
        assert_eq!(safe_next(Some("/referrals/inbound?q=contoso%20ltd")), "/referrals/inbound?q=contoso%20ltd");
        for bad in [
            "//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
            "\t//evil.example", "/deals/1\r\nSet-Cookie: x=1", "/a\u{0}b", "/a\u{7f}", "/ evil", "/déals", "", "deals/1",
        ] {
            assert_eq!(safe_next(Some(bad)), "/referrals/outbound", "{bad:?}");
        }
        assert_eq!(safe_next(Some(&format!("/{}", "a".repeat(3000)))), "/referrals/outbound");
        assert_eq!(safe_next(None), "/referrals/outbound");
    }
}
