//! Microsoft's side of a deal (R-TYPE-0..3, R-TYPE-6, R-LIFE-5): its level of involvement, the
//! co-sell invitation and Microsoft's own answer to it, with its 14-day window.

use super::contact::Contact;
use super::deal::{HelpNeeded, MicrosoftLevel};
use super::fields::{Email, PersonName};
use super::issues::{Code, Field, Issues};
use super::reasons::DeclineReason;
use super::refusal::Refused;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// R-LIFE-2, R-LIFE-5, R-TYPE-3: answer windows.
pub const RESPONSE_WINDOW_DAYS: i64 = 14;

/// R-LIFE-5: Microsoft's side of a co-sell deal, shown on the Microsoft card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MicrosoftStatus {
    Pending,
    Accepted,
    Declined,
    Expired,
    Won,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerContact {
    pub name: PersonName,
    pub email: Email,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MicrosoftSide {
    pub level: MicrosoftLevel,
    /// Set once Microsoft is invited.
    pub status: Option<MicrosoftStatus>,
    pub invited_at: Option<DateTime<Utc>>,
    /// Shown only after Microsoft accepts (R-LIFE-5).
    pub seller: Option<SellerContact>,
    pub decline_reason: Option<DeclineReason>,
}

/// What remains of a 14-day window (zero once it has run out).
pub fn window_left(start: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (start + Duration::days(RESPONSE_WINDOW_DAYS) - now).max(Duration::zero())
}

/// R-LIFE-2, R-LIFE-5: a window opened at `start` is open until exactly 14 days later, whatever
/// the timer has recorded; at that instant it is closed.
pub fn window_open(start: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < start + Duration::days(RESPONSE_WINDOW_DAYS)
}

impl MicrosoftSide {
    pub fn none() -> Self {
        MicrosoftSide { level: MicrosoftLevel::None, status: None, invited_at: None, seller: None, decline_reason: None }
    }

    /// Invited at `at` and waiting for Microsoft's answer (a new co-sell deal, R-TYPE-3).
    pub fn invited(at: DateTime<Utc>) -> Self {
        MicrosoftSide { level: MicrosoftLevel::Invited, status: Some(MicrosoftStatus::Pending), invited_at: Some(at), ..Self::none() }
    }

    /// R-LIFE-5: time Microsoft has left to answer a co-sell invitation.
    pub fn time_left(&self, now: DateTime<Utc>) -> Option<Duration> {
        match (self.status, self.invited_at) {
            (Some(MicrosoftStatus::Pending), Some(at)) => Some(window_left(at, now)),
            _ => None,
        }
    }

    /// R-TYPE-6: Private → Partner-led; the level never goes down.
    pub fn give_visibility(&mut self) -> Result<(), Refused> {
        if self.level != MicrosoftLevel::None {
            return Err(Refused::MicrosoftAlreadyThere);
        }
        self.level = MicrosoftLevel::Visible;
        Ok(())
    }

    /// R-TYPE-6, R-NEW-1: Microsoft can be invited once, and only with the customer contact.
    pub fn invitable(&self, contact: &Contact) -> Result<(), Refused> {
        if matches!(self.status, Some(MicrosoftStatus::Declined | MicrosoftStatus::Expired)) {
            return Err(Refused::MicrosoftCannotBeReinvited);
        }
        if self.level == MicrosoftLevel::Invited {
            return Err(Refused::MicrosoftAlreadyThere);
        }
        if !contact.ready_for_co_sell() {
            return Err(Refused::ContactRequiredForCoSell);
        }
        Ok(())
    }

    /// R-TYPE-6: → Co-sell, with the help requested (Q-HELP).
    pub fn invite(&mut self, contact: &Contact, help: HelpNeeded, now: DateTime<Utc>) -> Result<(), Refused> {
        self.invitable(contact)?;
        if help == HelpNeeded::None {
            return Err(Refused::Invalid(Issues::one(Field::Help, Code::Required)));
        }
        *self = MicrosoftSide::invited(now);
        Ok(())
    }

    /// R-LIFE-5: a Microsoft seller accepts, within the window, and becomes the deal's Microsoft contact.
    pub fn accept(&mut self, seller: &SellerContact, now: DateTime<Utc>) -> Result<(), Refused> {
        self.answerable(now)?;
        self.status = Some(MicrosoftStatus::Accepted);
        self.seller = Some(seller.clone());
        Ok(())
    }

    pub fn decline(&mut self, reason: DeclineReason, now: DateTime<Utc>) -> Result<(), Refused> {
        self.answerable(now)?;
        self.status = Some(MicrosoftStatus::Declined);
        self.decline_reason = Some(reason);
        Ok(())
    }

    /// R-LIFE-5: only once the 14 days have run out.
    pub fn expire(&mut self, now: DateTime<Utc>) -> Result<(), Refused> {
        self.require(&[MicrosoftStatus::Pending])?;
        if self.time_left(now).is_some_and(|left| left > Duration::zero()) {
            return Err(Refused::WindowStillOpen);
        }
        self.status = Some(MicrosoftStatus::Expired);
        Ok(())
    }

    /// Straight from Pending only while the window is open (a lapsed invitation is Expired).
    pub fn mark_won(&mut self, now: DateTime<Utc>) -> Result<(), Refused> {
        self.require(&[MicrosoftStatus::Pending, MicrosoftStatus::Accepted])?;
        if self.status == Some(MicrosoftStatus::Pending) {
            self.answerable(now)?;
        }
        self.status = Some(MicrosoftStatus::Won);
        Ok(())
    }

    /// R-LIFE-5: pending, and the 14 days not yet run out.
    fn answerable(&self, now: DateTime<Utc>) -> Result<(), Refused> {
        self.require(&[MicrosoftStatus::Pending])?;
        match self.invited_at {
            Some(at) if !window_open(at, now) => Err(Refused::WindowClosed),
            _ => Ok(()),
        }
    }

    fn require(&self, allowed: &[MicrosoftStatus]) -> Result<(), Refused> {
        match self.status {
            Some(s) if allowed.contains(&s) => Ok(()),
            _ => Err(Refused::MicrosoftNotPending),
        }
    }
}
