use crate::domain::issues::Issues;
use crate::domain::refusal::Refused;

/// The service layer's one error type; mapped once at each edge (server functions, REST).
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not signed in")]
    Unauthenticated,
    /// Also for things the actor may not see: their existence is not revealed (R-ORG-3).
    /// Too many failed sign-ins recently; try again in `minutes`.
    #[error("sign-in throttled for {minutes} minutes")]
    Throttled { scope: crate::domain::auth::ThrottleScope, minutes: i64 },
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Issues),
    /// Only warnings remain; the user must confirm them (R-NEW-2).
    #[error("warnings need confirmation")]
    NeedsConfirmation(Issues),
    /// A rule refused the action; the refusal names it.
    #[error("refused by {}: {:?}", .0.rule(), .0)]
    Rule(Refused),
    /// Someone changed the deal since it was read; nothing was written.
    #[error("changed meanwhile")]
    Conflict,
    /// The deal changed since the version the caller named (API `If-Match`); nothing was written.
    #[error("precondition failed: the deal changed")]
    Stale,
    /// An API `Idempotency-Key` used before with a different request.
    #[error("idempotency key reused with another request")]
    KeyReused,
    /// More than the service accepts in one piece (a draft larger than `limit` bytes).
    #[error("larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
}
