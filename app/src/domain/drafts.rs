//! X-DRAFT: what a user typed into the New deal wizard (or a Microsoft seller into the referral
//! form), kept as typed so a closed tab, a sign-out or another device loses nothing. A draft is
//! never checked as final: the wizard's own rules run on it when it is opened, as on a fresh form.

use super::wizard::{DealDraft, Step};
use crate::dto::CustomerView;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A draft untouched this long is deleted.
pub const KEEP_DAYS: i64 = 30;
/// Drafts kept per user; saving one more drops the oldest.
pub const PER_USER: usize = 20;
/// The largest draft accepted (the JSON of the wizard's state).
pub const BODY_MAX: usize = 64 * 1024;

/// Which form a draft belongs to: the New deal wizard, or a referral to one partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftForm {
    Deal,
    Referral { partner_id: String },
    /// The registration form of one won deal (R-REG-3).
    Registration { deal_id: String },
}

impl DraftForm {
    pub fn key(&self) -> String {
        match self {
            DraftForm::Deal => "deal".into(),
            DraftForm::Referral { partner_id } => format!("referral:{partner_id}"),
            DraftForm::Registration { deal_id } => format!("registration:{deal_id}"),
        }
    }

    pub fn parse(key: &str) -> Option<DraftForm> {
        match key.split_once(':') {
            None if key == "deal" => Some(DraftForm::Deal),
            Some(("referral", id)) => Some(DraftForm::Referral { partner_id: id.to_string() }),
            Some(("registration", id)) => Some(DraftForm::Registration { deal_id: id.to_string() }),
            _ => None,
        }
    }
}

/// The registration form as the user left it: the registration and the value per solution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegistrationFormDraft {
    pub form: super::registration::RegistrationDraft,
    pub per_solution: Vec<String>,
}

/// The wizard as the user left it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WizardDraft {
    pub step: Step,
    pub draft: DealDraft,
    pub customer: Option<CustomerView>,
    /// A referral's partner, so the form reopens on it.
    #[serde(default)]
    pub partner: Option<super::invitations::PartnerOption>,
}

/// One draft in the list the user returns to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub id: String,
    pub title: String,
    pub updated_at: DateTime<Utc>,
}

/// A saved draft: its id (the wizard keeps saving to it) and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftSaved {
    pub id: String,
    pub updated_at: DateTime<Utc>,
}

/// What the list calls a draft: the deal's name, else the customer's, else nothing yet.
pub fn title(w: &WizardDraft) -> String {
    let name = w.draft.deal_name.trim();
    let text = if !name.is_empty() { name } else { w.customer.as_ref().map(|c| c.name.trim()).unwrap_or("") };
    text.chars().take(120).collect()
}

/// The oldest `updated_at` still kept at `now`.
pub fn kept_since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::days(KEEP_DAYS)
}

/// True when a draft holds nothing the user typed (nothing worth keeping).
pub fn is_blank(w: &WizardDraft, fresh: &DealDraft) -> bool {
    w.customer.is_none() && w.draft == *fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> WizardDraft {
        WizardDraft { step: Step::Details, draft: DealDraft::default(), customer: None, partner: None }
    }

    // X-DRAFT: the list names a draft by its deal, else its customer.
    #[test]
    fn titles() {
        let mut w = draft();
        assert_eq!(title(&w), "");
        w.customer = Some(CustomerView {
            id: "c".into(),
            name: " Contoso ".into(),
            street: String::new(),
            city: String::new(),
            state: String::new(),
            postal_code: String::new(),
            country: "US".into(),
            duns: String::new(),
        });
        assert_eq!(title(&w), "Contoso");
        w.draft.deal_name = "Cloud move".into();
        assert_eq!(title(&w), "Cloud move");
        w.draft.deal_name = "x".repeat(500);
        assert_eq!(title(&w).chars().count(), 120);
    }

    // X-DRAFT: drafts are kept 30 days after their last change; a fresh form is not a draft.
    #[test]
    fn keeping() {
        let now = DateTime::parse_from_rfc3339("2026-12-31T12:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(kept_since(now).to_rfc3339(), "2026-12-01T12:00:00+00:00");
        let fresh = DealDraft::default();
        assert!(is_blank(&draft(), &fresh));
        let mut typed = draft();
        typed.draft.notes = "a".into();
        assert!(!is_blank(&typed, &fresh));
        assert_eq!(DraftForm::Referral { partner_id: "o1".into() }.key(), "referral:o1");
        assert_eq!(DraftForm::Deal.key(), "deal");
        for form in [DraftForm::Deal, DraftForm::Referral { partner_id: "o1".into() }, DraftForm::Registration { deal_id: "d1".into() }] {
            assert_eq!(DraftForm::parse(&form.key()), Some(form));
        }
        assert_eq!(DraftForm::parse("deal:x"), None);
    }
}
