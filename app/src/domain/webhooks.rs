//! Webhooks (X-API): the rules of a hook an organization's admin registers — which events, which
//! addresses, how long a failing hook keeps being tried, and when it is paused. Pure; the services
//! store and deliver, the signature itself is computed at the edge that sends.

use super::deal::str_enum;
use chrono::{DateTime, Duration, Utc};

str_enum!(
    /// What a delivery announces (API.md "Webhooks").
    HookEvent { ReferralCreated = "referral-created", ReferralUpdated = "referral-updated" }
);

/// A hook failing without a single success for this long is paused, and its admins told.
pub const PAUSE_AFTER_HOURS: i64 = 24;
/// Deliveries are tried for as long as a hook is not paused, at most this often apart.
pub const MAX_BACKOFF_MINUTES: i64 = 60;
/// Hooks per organization.
pub const MAX_HOOKS: usize = 10;
pub const URL_MAX: usize = 500;

/// The wait after `failed` tries (1, 2, 3 …): 1, 2, 4 … minutes, at most an hour.
pub fn backoff(failed: i64) -> Duration {
    Duration::minutes(1i64 << (failed - 1).clamp(0, 6)).min(Duration::minutes(MAX_BACKOFF_MINUTES))
}

/// Whether a hook failing since `since` is to be paused at `now`.
pub fn should_pause(since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    since.is_some_and(|since| now - since >= Duration::hours(PAUSE_AFTER_HOURS))
}

/// Why an address cannot receive deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadUrl {
    Required,
    TooLong,
    NotHttp,
    /// `https://` is required unless private addresses are allowed (a development setting).
    NotHttps,
    /// The host is this machine or a private network: deliveries would reach inside (SSRF).
    PrivateHost,
    Malformed,
}

/// Checks a hook's address: `https://` to a public host, or any `http(s)://` host when
/// `allow_private` (development and tests). Only the literal host is judged here; a public name
/// that resolves to a private address is refused when the delivery connects.
pub fn check_url(url: &str, allow_private: bool) -> Result<String, BadUrl> {
    let url = url.trim();
    if url.is_empty() {
        return Err(BadUrl::Required);
    }
    if url.len() > URL_MAX {
        return Err(BadUrl::TooLong);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(BadUrl::Malformed);
    }
    let (scheme, rest) = url.split_once("://").ok_or(BadUrl::NotHttp)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(BadUrl::NotHttp);
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
    let host = if let Some(v6) = host_port.strip_prefix('[') { v6.split(']').next().unwrap_or("") } else { host_port.split(':').next().unwrap_or("") };
    if host.is_empty() {
        return Err(BadUrl::Malformed);
    }
    if !allow_private {
        if scheme != "https" {
            return Err(BadUrl::NotHttps);
        }
        if is_private_host(host) {
            return Err(BadUrl::PrivateHost);
        }
    }
    Ok(url.to_string())
}

/// Loopback, private, link-local and unspecified addresses, and `localhost`.
pub fn is_private_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") || host.ends_with(".internal") {
        return true;
    }
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified() || ip.is_broadcast(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.is_unspecified() || (ip.segments()[0] & 0xfe00) == 0xfc00 || (ip.segments()[0] & 0xffc0) == 0xfe80
        }
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // X-API: deliveries back off 1, 2, 4 … minutes, at most an hour.
    #[test]
    fn backoff_doubles_to_an_hour() {
        let minutes: Vec<i64> = (1..10).map(|failed| backoff(failed).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    // X-API: a hook failing for a day is paused.
    #[test]
    fn pause_after_a_day_of_failures() {
        let now = Utc::now();
        assert!(!should_pause(None, now));
        assert!(!should_pause(Some(now - Duration::hours(23)), now));
        assert!(should_pause(Some(now - Duration::hours(24)), now));
    }

    #[test]
    fn addresses() {
        assert_eq!(check_url(" https://crm.example.com/hooks/cosell ", false), Ok("https://crm.example.com/hooks/cosell".into()));
        assert_eq!(check_url("http://crm.example.com/", false), Err(BadUrl::NotHttps));
        assert_eq!(check_url("ftp://crm.example.com/", false), Err(BadUrl::NotHttp));
        assert_eq!(check_url("https://127.0.0.1:8080/x", false), Err(BadUrl::PrivateHost));
        assert_eq!(check_url("https://10.1.2.3/x", false), Err(BadUrl::PrivateHost));
        assert_eq!(check_url("https://[::1]/x", false), Err(BadUrl::PrivateHost));
        assert_eq!(check_url("https://localhost/x", false), Err(BadUrl::PrivateHost));
        assert_eq!(check_url("https://user@169.254.169.254/latest", false), Err(BadUrl::PrivateHost));
        assert_eq!(check_url("http://127.0.0.1:8080/x", true), Ok("http://127.0.0.1:8080/x".into()));
        assert_eq!(check_url("", true), Err(BadUrl::Required));
        assert_eq!(check_url("https://", true), Err(BadUrl::Malformed));
        assert_eq!(check_url("https://a b/", true), Err(BadUrl::Malformed));
    }
}

/// X-API: an organization's admins (referrals admins, MPN partner admins; they see every deal of
/// the organization, which is what its hooks announce) manage its webhooks.
pub fn may_manage_webhooks(actor: &super::actor::Actor) -> Result<(), super::refusal::Refused> {
    if actor.is_referrals_admin() { Ok(()) } else { Err(super::refusal::Refused::AdminsOnly) }
}
