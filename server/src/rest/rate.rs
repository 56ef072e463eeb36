//! Requests per minute per token (X-API), counted in fixed one-minute windows on each app server.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

pub struct Limiter {
    per_minute: u32,
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl Limiter {
    pub fn new(per_minute: u32) -> Self {
        Limiter { per_minute, windows: Mutex::new(HashMap::new()) }
    }

    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Counts one request of `token`; `Err(seconds)` to wait when the window is used up.
    pub fn check(&self, token: &str) -> Result<(), u64> {
        self.check_at(token, Instant::now())
    }

    fn check_at(&self, token: &str, now: Instant) -> Result<(), u64> {
        let mut windows = self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = windows.entry(token.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_minute {
            let left = WINDOW.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gets_its_rate_per_minute() {
        let limiter = Limiter::new(2);
        let start = Instant::now();
        assert_eq!(limiter.check_at("a", start), Ok(()));
        assert_eq!(limiter.check_at("a", start), Ok(()));
        assert_eq!(limiter.check_at("a", start + Duration::from_secs(15)), Err(45));
        // Another token has its own window; the next minute starts afresh.
        assert_eq!(limiter.check_at("b", start), Ok(()));
        assert_eq!(limiter.check_at("a", start + WINDOW), Ok(()));
    }
}
