use std::net::SocketAddr;

/// Settings from the environment, with defaults that serve the demo on a laptop.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`: a `sqlite://` file (default `sqlite://data/cosell.db`) or a `postgres://` URL.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`: where to listen (default 127.0.0.1:3000).
    pub addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`: the built site (wasm, js, css, assets).
    pub site_root: String,
    /// `COSELL_SEED_DEMO` (default true): fill an empty database with demo data.
    pub seed_demo: bool,
    /// `COSELL_SECURE_COOKIES` (default false): set when served over TLS.
    pub secure_cookies: bool,
    /// `COSELL_TIMER_SECONDS` (default 60): how often the 14-day windows are checked; 0 turns it off.
    pub timer_seconds: u64,
}

impl Config {
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let flag = |name: &str, default: bool| var(name).map(|v| matches!(v.as_str(), "1" | "true" | "yes")).unwrap_or(default);
        Config {
            database_url: var("DATABASE_URL").unwrap_or_else(|| "sqlite://data/cosell.db".into()),
            addr: var("LEPTOS_SITE_ADDR").and_then(|a| a.parse().ok()).unwrap_or_else(|| "127.0.0.1:3000".parse().expect("addr")),
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            seed_demo: flag("COSELL_SEED_DEMO", true),
            secure_cookies: flag("COSELL_SECURE_COOKIES", false),
            timer_seconds: var("COSELL_TIMER_SECONDS").and_then(|v| v.parse().ok()).unwrap_or(60),
        }
    }
}
