//! Who is told what (R-NOTE-1, X-REMIND): each event a change records becomes notices for the
//! people it concerns. Pure: the services resolve an audience to users in SQL, inside the
//! transaction that writes the change, and never add anyone this function did not name.

use super::deal::str_enum;
use super::lifecycle::{Deal, Event, Sender};
use super::reasons::DeclineReason;
use super::registration::RegistrationState;
use serde::{Deserialize, Serialize};

str_enum!(
    /// What a notification is about; each kind can be switched off for e-mail (never in the app).
    NoticeKind {
        Received = "received",
        Accepted = "accepted",
        Declined = "declined",
        Expired = "expired",
        MicrosoftInvited = "microsoft_invited",
        MicrosoftAnswered = "microsoft_answered",
        RegistrationSubmitted = "registration_submitted",
        RegistrationChanged = "registration_changed",
        Reminder = "reminder",
        WebhookPaused = "webhook_paused",
    }
);

/// Who a notice goes to. Each audience sees the deal by R-ORG-3, so nobody is told about a deal
/// they could not open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// The deal's organization's referrals admins and MPN partner admins (they see all its deals).
    OrgAdmins,
    /// The deal's team members who are users of the deal's organization with its location in scope.
    Team,
    /// The Microsoft seller with this e-mail (who sent a Microsoft referral).
    Seller(String),
    /// Microsoft sellers covering the deal's country (or all, by configuration).
    Sellers,
    /// Microsoft registration reviewers.
    Reviewers,
}

/// What the notification says beyond its kind; shown in the app and in the e-mail.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<DeclineReason>,
    /// Whose part: true when it is about Microsoft's side or an invited partner rather than the deal itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<RegistrationState>,
    /// X-REMIND: whole days left in the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// X-REMIND: whether the reminder is about Microsoft's answer (else the deal's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub microsoft: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub audience: Vec<Audience>,
    pub data: NoticeData,
}

fn notice(kind: NoticeKind, audience: Vec<Audience>, data: NoticeData) -> Vec<Notice> {
    vec![Notice { kind, audience, data }]
}

/// R-NOTE-1: the notices an event recorded on `deal` (as it is after the change) gives rise to.
pub fn notices(deal: &Deal, event: &Event) -> Vec<Notice> {
    use Audience::*;
    use NoticeKind as K;
    let partner = || vec![OrgAdmins, Team];
    // A Microsoft referral's answer goes back to the seller who sent it (R-TYPE-7); a partner's
    // answer reaches the originator through its own deal (`InvitationAnswered`).
    let sender_seller = || match (&deal.sender, &deal.microsoft.seller) {
        (Some(Sender::Microsoft), Some(seller)) => vec![Seller(seller.email.as_str().to_string())],
        _ => Vec::new(),
    };
    let data = NoticeData::default();
    match event {
        Event::Received => notice(K::Received, partner(), data),
        Event::Accepted => notice(K::Accepted, sender_seller(), NoticeData { accepted: Some(true), ..data }),
        Event::Declined { reason } => notice(K::Declined, sender_seller(), NoticeData { reason: Some(*reason), ..data }),
        Event::Expired => notice(K::Expired, sender_seller(), data),
        Event::InvitationAnswered { accepted: true, .. } => notice(K::Accepted, partner(), NoticeData { invitation: Some(true), ..data }),
        Event::InvitationAnswered { accepted: false, reason, .. } => {
            notice(K::Declined, partner(), NoticeData { invitation: Some(true), reason: *reason, ..data })
        }
        Event::InvitationExpired { .. } => notice(K::Expired, partner(), NoticeData { invitation: Some(true), ..data }),
        // §3: the invited partner's copy closed because the originator won or lost.
        Event::EngagementClosed { .. } => notice(K::Expired, partner(), data),
        Event::MicrosoftInvited => notice(K::MicrosoftInvited, vec![Sellers], data),
        Event::MicrosoftAccepted => notice(K::MicrosoftAnswered, partner(), NoticeData { accepted: Some(true), ..data }),
        Event::MicrosoftDeclined { reason } => {
            notice(K::MicrosoftAnswered, partner(), NoticeData { accepted: Some(false), reason: Some(*reason), ..data })
        }
        Event::MicrosoftExpired => notice(K::MicrosoftAnswered, partner(), data),
        Event::Registered => notice(K::RegistrationSubmitted, vec![Reviewers], NoticeData { state: Some(RegistrationState::Submitted), ..data }),
        Event::RegistrationMoved { state: RegistrationState::Submitted } => {
            notice(K::RegistrationSubmitted, vec![Reviewers], NoticeData { state: Some(RegistrationState::Submitted), ..data })
        }
        Event::RegistrationMoved { state: state @ (RegistrationState::ActionRequired | RegistrationState::Approved | RegistrationState::Rejected) } => {
            notice(K::RegistrationChanged, partner(), NoticeData { state: Some(*state), ..data })
        }
        _ => Vec::new(),
    }
}

/// X-REMIND: which of the reminder thresholds (whole days before a window closes) is due when
/// `left` of the window remains: the smallest threshold not below what is left. A reminder whose
/// moment passed unnoticed (the timer was off) is not sent late once a nearer one is due.
pub fn reminder_due(thresholds: &[i64], left: chrono::Duration) -> Option<i64> {
    if left <= chrono::Duration::zero() {
        return None;
    }
    thresholds.iter().copied().filter(|days| left <= chrono::Duration::days(*days)).min()
}

/// X-REMIND: the bands of time left in which each threshold is the one due, largest first: for
/// `[7, 3, 1]`, (3 days, 7 days], (1 day, 3 days], (0, 1 day].
pub fn reminder_bands(thresholds: &[i64]) -> Vec<(i64, i64)> {
    let mut days: Vec<i64> = thresholds.iter().copied().filter(|d| *d > 0).collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    days.iter().enumerate().map(|(i, d)| (*d, days.get(i + 1).copied().unwrap_or(0))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deal::MicrosoftLevel;
    use crate::domain::lifecycle::tests::{from_microsoft, outbound};
    use chrono::Duration;

    // R-NOTE-1: who is told what.
    #[test]
    fn each_event_reaches_the_people_it_concerns() {
        let received = from_microsoft();
        let kinds = |d: &Deal, e: &Event| notices(d, e).into_iter().map(|n| (n.kind, n.audience)).collect::<Vec<_>>();
        assert_eq!(kinds(&received, &Event::Received), vec![(NoticeKind::Received, vec![Audience::OrgAdmins, Audience::Team])]);
        let co_sell = outbound(MicrosoftLevel::Invited);
        assert_eq!(kinds(&co_sell, &Event::MicrosoftInvited), vec![(NoticeKind::MicrosoftInvited, vec![Audience::Sellers])]);
        assert!(kinds(&co_sell, &Event::Created).is_empty(), "creation tells Microsoft through its own MicrosoftInvited event");
        let declined = notices(&co_sell, &Event::MicrosoftDeclined { reason: DeclineReason::NotAFit });
        assert_eq!(declined[0].data.reason, Some(DeclineReason::NotAFit));
        assert_eq!(declined[0].audience, vec![Audience::OrgAdmins, Audience::Team]);
        assert_eq!(kinds(&co_sell, &Event::Registered), vec![(NoticeKind::RegistrationSubmitted, vec![Audience::Reviewers])]);
        let approved = Event::RegistrationMoved { state: RegistrationState::Approved };
        assert_eq!(kinds(&co_sell, &approved)[0].0, NoticeKind::RegistrationChanged);
        assert!(kinds(&co_sell, &Event::RegistrationMoved { state: RegistrationState::InReview }).is_empty());
        assert!(kinds(&co_sell, &Event::TeamChanged).is_empty(), "edits tell nobody");
        assert_eq!(kinds(&co_sell, &Event::InvitationAnswered { partner_org_id: "p2".into(), accepted: false, reason: None })[0].0, NoticeKind::Declined);
    }

    // R-NOTE-1, R-TYPE-7: a Microsoft referral's answer goes back to the seller who sent it.
    #[test]
    fn the_sending_seller_hears_the_answer() {
        let mut received = from_microsoft();
        assert!(notices(&received, &Event::Accepted)[0].audience.is_empty(), "no seller recorded, nobody to tell");
        received.microsoft.seller = Some(crate::domain::lifecycle::SellerContact {
            name: crate::domain::fields::PersonName::parse("Sam Seller").unwrap(),
            email: crate::domain::fields::Email::parse("Sam@Microsoft.example").unwrap(),
        });
        let decline = notices(&received, &Event::Declined { reason: DeclineReason::NoCapacity });
        assert_eq!(decline[0].audience, vec![Audience::Seller("Sam@Microsoft.example".into())]);
        assert_eq!(decline[0].data.reason, Some(DeclineReason::NoCapacity));
        assert_eq!(notices(&received, &Event::Expired)[0].kind, NoticeKind::Expired);
    }

    // X-REMIND: at 7, 3 and 1 day(s) left, the nearest threshold only.
    #[test]
    fn reminders_fall_due_at_each_threshold() {
        let t = [7, 3, 1];
        assert_eq!(reminder_due(&t, Duration::days(8)), None);
        assert_eq!(reminder_due(&t, Duration::days(7)), Some(7));
        assert_eq!(reminder_due(&t, Duration::days(3) + Duration::seconds(1)), Some(7));
        assert_eq!(reminder_due(&t, Duration::days(3)), Some(3));
        assert_eq!(reminder_due(&t, Duration::hours(2)), Some(1));
        assert_eq!(reminder_due(&t, Duration::zero()), None, "a closed window is not reminded");
        assert_eq!(reminder_bands(&[1, 7, 3, 3, 0]), vec![(7, 3), (3, 1), (1, 0)]);
    }
}
