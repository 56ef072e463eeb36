use crate::domain::issues::Issues;
use crate::domain::refusal::Refused;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What the browser may learn of a failure: specific for the user's mistakes, nothing internal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    NotSignedIn,
    #[error("wrong e-mail or password")]
    BadCredentials,
    #[error("too many failed sign-ins; try again in {minutes} minutes")]
    TooManyAttempts { scope: crate::domain::auth::ThrottleScope, minutes: i64 },
    #[error("not found")]
    NotFound,
    #[error("some fields need attention")]
    Invalid(Issues),
    #[error("please confirm the warnings")]
    NeedsConfirmation(Issues),
    /// A rule refused the action because of the state things are in: its SPEC id and the refusal,
    /// which the UI says in the user's language.
    #[error("refused by {rule}")]
    Rule { rule: String, refused: Refused },
    /// The actor's role or company may not do this (R-ORG-2, R-ORG-4, R-ORG-5).
    #[error("not allowed by {rule}")]
    Forbidden { rule: String, refused: Refused },
    /// Someone else changed the deal since it was loaded; nothing was written.
    #[error("this deal was changed meanwhile; reload it and try again")]
    Conflict,
    /// The request could not be read: malformed body, unknown value, missing argument. Says what.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The body is larger than any form of this app sends (`limit` bytes).
    #[error("the request is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The body is neither JSON nor a form.
    #[error("send application/json or application/x-www-form-urlencoded")]
    UnsupportedMediaType,
    #[error("something went wrong on our side")]
    Internal,
    /// The request did not reach the server or its answer could not be read.
    #[error("connection problem: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server these are the framework's own failures before our code runs: arguments that
    /// could not be read are the caller's mistake (400), never a 500.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            let error = match value {
                ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => AppError::BadRequest(readable(&m)),
                ServerFnErrorErr::MissingArg(m) => AppError::BadRequest(readable(&format!("missing argument {m}"))),
                other => {
                    tracing::error!(error = %other, "server function failed outside its body");
                    AppError::Internal
                }
            };
            error.respond()
        }
        #[cfg(not(feature = "ssr"))]
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// The HTTP status a server function answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotSignedIn | AppError::BadCredentials => 401,
            AppError::Forbidden { .. } => 403,
            AppError::TooManyAttempts { .. } => 429,
            AppError::NotFound => 404,
            AppError::Invalid(_) | AppError::NeedsConfirmation(_) | AppError::BadRequest(_) => 400,
            AppError::PayloadTooLarge { .. } => 413,
            AppError::UnsupportedMediaType => 415,
            AppError::Rule { .. } | AppError::Conflict => 409,
            AppError::Internal | AppError::Transport(_) => 500,
        }
    }

    /// Sets this error's status on the response being built (server side).
    #[cfg(feature = "ssr")]
    pub fn respond(self) -> Self {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            if let Ok(status) = http::StatusCode::from_u16(self.status()) {
                response.set_status(status);
            }
        }
        self
    }
}

/// A parser's complaint, bounded and without control characters, safe to send back.
#[cfg(feature = "ssr")]
fn readable(message: &str) -> String {
    message.chars().filter(|c| !c.is_control()).take(300).collect()
}

#[cfg(feature = "ssr")]
impl From<crate::services::ServiceError> for AppError {
    fn from(e: crate::services::ServiceError) -> Self {
        use crate::services::ServiceError as S;
        let error = match e {
            S::Unauthenticated => AppError::NotSignedIn,
            S::NotFound => AppError::NotFound,
            S::Throttled { scope, minutes } => AppError::TooManyAttempts { scope, minutes },
            S::Invalid(i) => AppError::Invalid(i),
            S::NeedsConfirmation(i) => AppError::NeedsConfirmation(i),
            S::Rule(Refused::Invalid(i)) => AppError::Invalid(i),
            S::Rule(r) if r.is_permission() => AppError::Forbidden { rule: r.rule().to_string(), refused: r },
            S::Rule(r) => AppError::Rule { rule: r.rule().to_string(), refused: r },
            S::Conflict | S::Stale | S::KeyReused => AppError::Conflict,
            S::TooLarge { limit } => AppError::PayloadTooLarge { limit },
            S::Db(err) => {
                tracing::error!(error = %err, "database error");
                AppError::Internal
            }
        };
        error.respond()
    }
}
