//! The outbox worker (R-NOTE-1): drains `outbox` on every app server, sending each message by SMTP
//! or, without an SMTP server configured, writing it as `<outbox id>.eml` under the mail folder (so
//! `make run` needs no mail server, and a message written twice is still one file).

use crate::config::MailConfig;
use app::services::mail::{Mail, compose};
use app::services::{AppState, outbox};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Files(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// The worker: what it sends through, as whom, and the app's address for links.
#[derive(Clone)]
pub struct Mailer {
    pub transport: Transport,
    pub from: Mailbox,
    pub base_url: String,
    pub worker: String,
}

/// A message could not be sent: `permanent` when trying again cannot help (a bad address).
#[derive(Debug)]
pub struct SendError {
    pub message: String,
    pub permanent: bool,
}

impl Mailer {
    pub fn new(config: &MailConfig, base_url: String) -> Result<Self, String> {
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| format!("COSELL_SMTP_URL: {e}"))?.build()),
            None => Transport::Files(PathBuf::from(&config.dir)),
        };
        let from = config.from.parse().map_err(|e| format!("COSELL_MAIL_FROM: {e}"))?;
        Ok(Mailer { transport, from, base_url, worker: outbox::worker_name() })
    }

    /// Sends what is due now, a batch at a time; returns how many messages went out.
    pub async fn deliver_due(&self, state: &AppState) -> Result<usize, sqlx::Error> {
        let mut sent = 0;
        loop {
            let batch = outbox::claim(&state.db, state.now(), &self.worker, 20).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for message in batch {
                let mail = compose(&message, &self.base_url);
                match self.send(&message.id, &mail).await {
                    Ok(()) => sent += usize::from(outbox::sent(&state.db, &message.id, &self.worker, state.now()).await?),
                    Err(error) => {
                        tracing::warn!(outbox = %message.id, attempts = message.attempts, error = %error.message, "e-mail not sent");
                        outbox::failed(&state.db, &message.id, state.now(), &error.message, error.permanent).await?;
                    }
                }
            }
        }
    }

    async fn send(&self, id: &str, mail: &Mail) -> Result<(), SendError> {
        let message = self.message(mail)?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| SendError { permanent: e.is_permanent(), message: e.to_string() }),
            Transport::Files(dir) => write_file(dir, id, &message.formatted()).await.map_err(|e| SendError { message: e.to_string(), permanent: false }),
        }
    }

    fn message(&self, mail: &Mail) -> Result<Message, SendError> {
        let to = Mailbox::new(Some(mail.to_name.clone()), mail.to_email.parse().map_err(|e: lettre::address::AddressError| SendError { message: e.to_string(), permanent: true })?);
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(mail.text.clone(), mail.html.clone()))
            .map_err(|e| SendError { message: e.to_string(), permanent: true })
    }
}

/// Writes the file whole or not at all (a temporary name, then a rename).
async fn write_file(dir: &std::path::Path, id: &str, bytes: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let tmp = dir.join(format!(".{id}.tmp"));
    tokio::fs::write(&tmp, bytes).await?;
    tokio::fs::rename(&tmp, dir.join(format!("{id}.eml"))).await
}

/// Drains the outbox every `seconds`, on every app server.
pub async fn run(state: AppState, mailer: Mailer, seconds: u64) {
    let mut tick = tokio::time::interval(tokio::time::Duration::from_secs(seconds));
    loop {
        tick.tick().await;
        match mailer.deliver_due(&state).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "e-mail sent"),
            Err(error) => tracing::error!(%error, "outbox"),
        }
    }
}
