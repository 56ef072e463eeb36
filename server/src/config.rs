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

/// A setting that is present but unusable: which variable, what it held, what it should hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = {:?} is not {}", self.variable, self.value, self.expected)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads the environment; a value that is set but cannot be used stops the start rather than
    /// falling back to a default the operator did not ask for.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let read = |name: &'static str, expected: &'static str, default: &str| Setting { name, expected, value: var(name).unwrap_or_else(|| default.into()) };
        let flag = |name: &'static str, default: bool| {
            let setting = read(name, "one of true, false, 1, 0, yes, no", if default { "true" } else { "false" });
            match setting.value.trim().to_lowercase().as_str() {
                "1" | "true" | "yes" => Ok(true),
                "0" | "false" | "no" => Ok(false),
                _ => Err(setting.bad()),
            }
        };
        let database_url = read("DATABASE_URL", "a sqlite:// or postgres:// URL", "sqlite://data/cosell.db");
        if !["sqlite:", "postgres:", "postgresql:"].iter().any(|scheme| database_url.value.starts_with(scheme)) {
            return Err(database_url.bad());
        }
        Ok(Config {
            addr: read("LEPTOS_SITE_ADDR", "an address and port such as 127.0.0.1:3000", "127.0.0.1:3000").parse()?,
            site_root: var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            seed_demo: flag("COSELL_SEED_DEMO", true)?,
            secure_cookies: flag("COSELL_SECURE_COOKIES", false)?,
            timer_seconds: read("COSELL_TIMER_SECONDS", "a whole number of seconds (0 turns the timer off)", "60").parse()?,
            database_url: database_url.value,
        })
    }
}

/// One variable's value, with what it should have held.
struct Setting {
    name: &'static str,
    expected: &'static str,
    value: String,
}

impl Setting {
    fn bad(&self) -> ConfigError {
        ConfigError { variable: self.name, value: self.value.clone(), expected: self.expected }
    }

    fn parse<T: std::str::FromStr>(&self) -> Result<T, ConfigError> {
        self.value.trim().parse().map_err(|_| self.bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(move |name| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn defaults_serve_the_demo() {
        let config = with(&[]).unwrap();
        assert_eq!((config.addr.to_string(), config.timer_seconds, config.seed_demo, config.secure_cookies), ("127.0.0.1:3000".into(), 60, true, false));
        assert_eq!(config.database_url, "sqlite://data/cosell.db");
    }

    #[test]
    fn a_bad_value_stops_the_start_and_names_the_variable() {
        for (name, value) in [("COSELL_TIMER_SECONDS", "ten"), ("LEPTOS_SITE_ADDR", "localhost"), ("COSELL_SECURE_COOKIES", "maybe"), ("DATABASE_URL", "mysql://x")] {
            let error = with(&[(name, value)]).unwrap_err();
            assert_eq!((error.variable, error.value.as_str()), (name, value));
            assert!(error.to_string().starts_with(name), "{error}");
        }
        assert_eq!(with(&[("COSELL_TIMER_SECONDS", "0"), ("COSELL_SECURE_COOKIES", "YES")]).map(|c| (c.timer_seconds, c.secure_cookies)), Ok((0, true)));
    }
}
