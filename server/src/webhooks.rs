//! Sends queued webhook deliveries (X-API): a small JSON body naming the event and the referral's
//! address (the receiver reads the referral itself with its token, so nothing it may not see is
//! ever sent), signed with the hook's secret: `X-Cosell-Signature: t=<unix seconds>,v1=<hex of
//! HMAC-SHA256(secret, "<t>.<body>")>`; receivers refuse an old `t` to stop replays.

use app::services::AppState;
use app::services::webhooks::{self, Claimed, Outcome};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// A try gives up after this long.
const TIMEOUT: Duration = Duration::from_secs(10);
const BATCH: i64 = 20;

#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    /// Where the API is reached, for `resourceUri`.
    base_url: String,
    worker: String,
    /// `COSELL_WEBHOOK_ALLOW_PRIVATE`: deliveries may reach this machine and private networks.
    allow_private: bool,
}

/// Resolves a hook's host name, keeping only public addresses: a name that points inside (this
/// machine, a private network, a cloud's metadata address) is refused when the delivery connects,
/// whatever it resolved to when the hook was registered.
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let public = public_only(found).map_err(|e| -> Box<dyn std::error::Error + Send + Sync> { e.into() })?;
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The public addresses among `found`; an error when there are none.
pub fn public_only(found: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, String> {
    let public: Vec<SocketAddr> = found.into_iter().filter(|a| !app::domain::webhooks::is_private_host(&a.ip().to_string())).collect();
    if public.is_empty() { Err("the address resolves to this machine or a private network".into()) } else { Ok(public) }
}

impl Sender {
    pub fn new(base_url: String, allow_private: bool) -> Result<Self, reqwest::Error> {
        let mut builder = reqwest::Client::builder()
            .timeout(TIMEOUT)
            // A receiver answers itself; a redirect could lead a delivery anywhere.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Co-sell-Webhooks/1.0");
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(PublicOnly));
        }
        Ok(Sender { client: builder.build()?, base_url, worker: app::services::outbox::worker_name(), allow_private })
    }

    /// Sends what is due now; returns how many were delivered.
    pub async fn deliver_due(&self, state: &AppState) -> Result<usize, sqlx::Error> {
        let claimed = webhooks::claim(&state.db, state.now(), &self.worker, BATCH).await?;
        let mut delivered = 0;
        for delivery in claimed {
            let outcome = self.send(&delivery, state.now()).await;
            delivered += usize::from(outcome.delivered());
            webhooks::record(state, &delivery, &outcome, state.now()).await?;
        }
        Ok(delivered)
    }

    async fn send(&self, delivery: &Claimed, now: chrono::DateTime<chrono::Utc>) -> Outcome {
        // An address given as a literal IP connects without a lookup: checked here instead.
        if !self.allow_private && app::domain::webhooks::check_url(&delivery.url, false).is_err() {
            return Outcome { status_code: None, error: Some("the address is not a public https:// address".into()), duration_ms: 0 };
        }
        let body = body(delivery, &self.base_url);
        let at = now.timestamp();
        let started = std::time::Instant::now();
        let result = self
            .client
            .post(&delivery.url)
            .header("content-type", "application/json")
            .header("x-cosell-event", &delivery.event)
            .header("x-cosell-delivery", &delivery.id)
            .header("x-cosell-signature", format!("t={at},v1={}", signature(&delivery.secret, at, &body)))
            .body(body)
            .send()
            .await;
        let duration_ms = started.elapsed().as_millis() as i64;
        match result {
            Ok(response) => Outcome { status_code: Some(response.status().as_u16()), error: None, duration_ms },
            Err(e) => Outcome { status_code: None, error: Some(describe(e)), duration_ms },
        }
    }
}

/// What a failed connection says, without the URL (the admin sees it beside the hook).
fn describe(e: reqwest::Error) -> String {
    let private = std::iter::successors(std::error::Error::source(&e), |s| s.source()).any(|s| s.to_string().contains("private network"));
    if private {
        "the address resolves to this machine or a private network".into()
    } else if e.is_timeout() {
        format!("no answer within {} seconds", TIMEOUT.as_secs())
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        e.without_url().to_string()
    }
}

/// Partner Center's webhook body: the event, the resource's address, when it changed.
pub fn body(delivery: &Claimed, base_url: &str) -> String {
    serde_json::json!({
        "eventName": delivery.event,
        "resourceUri": format!("{base_url}/v1.0/engagements/referrals/{}", delivery.deal_id),
        "resourceName": "Referral",
        "resourceChangeUtcDate": delivery.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "deliveryId": delivery.id,
    })
    .to_string()
}

/// Hex of HMAC-SHA256(secret, "<t>.<body>").
pub fn signature(secret: &str, at: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(format!("{at}.{body}").as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Sends due deliveries every `seconds`, on every app server (leases keep them from sending one twice).
pub async fn run(state: AppState, sender: Sender, seconds: u64) {
    let mut tick = tokio::time::interval(tokio::time::Duration::from_secs(seconds));
    loop {
        tick.tick().await;
        match sender.deliver_due(&state).await {
            Ok(0) => {}
            Ok(delivered) => tracing::info!(delivered, "webhooks delivered"),
            Err(error) => tracing::error!(%error, "webhooks"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // X-API: a host name that resolves inside is refused when the delivery connects.
    #[test]
    fn only_public_addresses_are_dialled() {
        let at = |ip: &str| SocketAddr::new(ip.parse().unwrap(), 443);
        assert!(public_only(vec![at("127.0.0.1"), at("10.0.0.5"), at("169.254.169.254"), at("::1")]).is_err());
        assert_eq!(public_only(vec![at("10.0.0.5"), at("93.184.215.14")]).unwrap(), vec![at("93.184.215.14")]);
    }

    // RFC 4231 test case 2: the HMAC-SHA256 of "what do ya want for nothing?" under "Jefe".
    #[test]
    fn signatures_are_hmac_sha256() {
        let mut mac = Hmac::<Sha256>::new_from_slice(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(hex::encode(mac.finalize().into_bytes()), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert_eq!(signature("k", 1, "{}"), signature("k", 1, "{}"));
        assert_ne!(signature("k", 1, "{}"), signature("k", 2, "{}"), "the time is signed too");
    }
}
