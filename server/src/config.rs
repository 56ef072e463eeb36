use app::services::notifications::{NotifySettings, SellerReach};
use app::services::webhooks::HookSettings;
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
    /// `COSELL_TIMER_SECONDS` (default 60): how often the 14-day windows are checked and reminders
    /// sent; 0 turns it off.
    pub timer_seconds: u64,
    /// `COSELL_PUBLIC_URL`: where users open the app, for links in e-mails (default `http://` and
    /// the listening address).
    pub public_url: Option<String>,
    /// `COSELL_REMINDER_DAYS` (default `7,3,1`) and `COSELL_NOTIFY_SELLERS` (`country`, the default,
    /// or `all`): see `NotifySettings`.
    pub notify: NotifySettings,
    pub mail: MailConfig,
    /// `COSELL_API_RATE` (default 600): REST API requests per minute per token, per app server;
    /// more are answered 429 with `Retry-After`.
    pub api_rate_per_minute: u32,
    /// `COSELL_WEBHOOK_ALLOW_PRIVATE` (default false): accept `http://` and private addresses for
    /// webhooks (development only).
    pub hooks: HookSettings,
    /// `COSELL_WEBHOOK_SECONDS` (default 5): how often due webhook deliveries are sent; 0 turns the
    /// sender off.
    pub webhook_seconds: u64,
}

/// How e-mail leaves (R-NOTE-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailConfig {
    /// `COSELL_SMTP_URL`: `smtp://user:password@host:587` (STARTTLS) or `smtps://…` (TLS); when
    /// unset, each message is written as an `.eml` file to `dir` instead.
    pub smtp_url: Option<String>,
    /// `COSELL_MAIL_DIR` (default `data/mail`).
    pub dir: String,
    /// `COSELL_MAIL_FROM` (default `Co-sell <no-reply@cosell.invalid>`).
    pub from: String,
    /// `COSELL_MAIL_SECONDS` (default 5): how often the outbox is drained; 0 turns the worker off.
    pub seconds: u64,
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
        let smtp_url = var("COSELL_SMTP_URL");
        if let Some(url) = &smtp_url {
            if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                return Err(ConfigError { variable: "COSELL_SMTP_URL", value: url.clone(), expected: "an smtp:// or smtps:// URL" });
            }
        }
        let from = read("COSELL_MAIL_FROM", "a mailbox such as Co-sell <no-reply@example.com>", "Co-sell <no-reply@cosell.invalid>");
        if from.value.parse::<lettre::message::Mailbox>().is_err() {
            return Err(from.bad());
        }
        let reach = read("COSELL_NOTIFY_SELLERS", "country or all", "country");
        let sellers = match reach.value.trim() {
            "country" => SellerReach::Country,
            "all" => SellerReach::All,
            _ => return Err(reach.bad()),
        };
        let days = read("COSELL_REMINDER_DAYS", "whole days from 1 to 13, separated by commas (such as 7,3,1)", "7,3,1");
        let reminder_days = days
            .value
            .split(',')
            .map(|d| d.trim().parse::<i64>().ok().filter(|d| (1..=13).contains(d)))
            .collect::<Option<Vec<i64>>>()
            .ok_or_else(|| days.bad())?;
        let public_url = var("COSELL_PUBLIC_URL").map(|u| u.trim_end_matches('/').to_string());
        if let Some(url) = &public_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ConfigError { variable: "COSELL_PUBLIC_URL", value: url.clone(), expected: "an http:// or https:// address" });
            }
        }
        let rate = read("COSELL_API_RATE", "a whole number of requests per minute, at least 1", "600");
        let api_rate_per_minute = rate.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| rate.bad())?;
        Ok(Config {
            hooks: HookSettings { allow_private: flag("COSELL_WEBHOOK_ALLOW_PRIVATE", false)? },
            webhook_seconds: read("COSELL_WEBHOOK_SECONDS", "a whole number of seconds (0 turns the sender off)", "5").parse()?,
            api_rate_per_minute,
            public_url,
            notify: NotifySettings { sellers, reminder_days },
            mail: MailConfig {
                smtp_url,
                dir: var("COSELL_MAIL_DIR").unwrap_or_else(|| "data/mail".into()),
                from: from.value,
                seconds: read("COSELL_MAIL_SECONDS", "a whole number of seconds (0 turns the worker off)", "5").parse()?,
            },
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
        assert_eq!((config.mail.dir.as_str(), config.mail.smtp_url.clone(), config.mail.seconds), ("data/mail", None, 5));
        assert_eq!((config.notify.reminder_days.clone(), config.notify.sellers), (vec![7, 3, 1], SellerReach::Country));
    }

    #[test]
    fn a_bad_value_stops_the_start_and_names_the_variable() {
        for (name, value) in [("COSELL_TIMER_SECONDS", "ten"), ("LEPTOS_SITE_ADDR", "localhost"), ("COSELL_SECURE_COOKIES", "maybe"), ("DATABASE_URL", "mysql://x"),
            ("COSELL_REMINDER_DAYS", "7,three"),
            ("COSELL_REMINDER_DAYS", "14"),
            ("COSELL_NOTIFY_SELLERS", "some"),
            ("COSELL_SMTP_URL", "mail.example.com"),
            ("COSELL_MAIL_FROM", "not a mailbox"),
            ("COSELL_MAIL_SECONDS", "-1"),
            ("COSELL_PUBLIC_URL", "cosell.example"),
            ("COSELL_API_RATE", "0"),
            ("COSELL_WEBHOOK_SECONDS", "soon"),
            ("COSELL_WEBHOOK_ALLOW_PRIVATE", "perhaps"),
        ] {
            let error = with(&[(name, value)]).unwrap_err();
            assert_eq!((error.variable, error.value.as_str()), (name, value));
            assert!(error.to_string().starts_with(name), "{error}");
        }
        assert_eq!(with(&[("COSELL_TIMER_SECONDS", "0"), ("COSELL_SECURE_COOKIES", "YES")]).map(|c| (c.timer_seconds, c.secure_cookies)), Ok((0, true)));
        let set = with(&[("COSELL_REMINDER_DAYS", " 5, 2 "), ("COSELL_NOTIFY_SELLERS", "all"), ("COSELL_PUBLIC_URL", "https://cosell.example/")]).unwrap();
        assert_eq!((set.notify.reminder_days, set.notify.sellers, set.public_url), (vec![5, 2], SellerReach::All, Some("https://cosell.example".into())));
    }
}
