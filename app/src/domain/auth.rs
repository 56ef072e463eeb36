//! Sign-in throttling: a pure rule over the recent failures, so it is testable without waiting.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Failed sign-ins allowed per account, and per address, within the window.
pub const ACCOUNT_LIMIT: usize = 5;
pub const ADDRESS_LIMIT: usize = 20;
pub const WINDOW_MINUTES: i64 = 15;

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

    #[test]
    fn one_address_trying_many_accounts_is_slowed_too() {
        let many: Vec<_> = (0..20).map(|_| at(0)).collect();
        assert_eq!(throttle(&[], &many, at(1)), Err((ThrottleScope::Address, 14)));
        assert_eq!(throttle(&[], &many[..19], at(1)), Ok(()));
        assert_eq!(throttle(&[], &many, at(16)), Ok(()));
    }
}
