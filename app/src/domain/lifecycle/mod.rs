//! A referral (deal) and everything that can happen to it (SPEC §3, §6, §7, §8): each command is a
//! pure function from (deal, command, actor, now) to the new deal and its events, or a refusal that
//! names its rule. The services persist what these functions return; no rule lives anywhere else.
//!
//! Decisions where the SPEC is silent:
//! - Favorites are per user and outside the lifecycle: any deal the user sees can be marked or
//!   unmarked, closed ones included (R-TAB-1 lists Favorites beside Closed; R-LIFE-4 allows it).
//! - The Microsoft card mirrors Microsoft's own referral, which has its own lifecycle (§3): Microsoft
//!   may still answer or mark its side won after the partner closed its deal, which is what makes a
//!   co-sell deal registrable (R-REG-1). Everything else on a closed deal is frozen (R-LIFE-4).
//! - Pending partner invitations expire when the originator closes its deal (§3); Microsoft's pending
//!   invitation keeps its own 14-day window.

mod commands;
mod explain;
mod next;
mod refusal;

pub use commands::{Applied, Command, Event, NewDeal, ReviewAction, apply, create_outbound, receive};
pub use explain::{
    Unmet, registration_eligibility, stage_from_external,
};
pub use next::{NextSteps, NotOffered, Offer, ReviewKind, next_steps};
pub use refusal::Refused;

use super::catalog::SolutionInfo;
pub use super::contact::Contact;
use super::deal::{DealType, Direction, HelpNeeded, MicrosoftLevel, Stage, Status};
use super::fields::{CampaignId, CrmId, DealName, Email, Notes, PersonName};
use super::money::{Amount, Currency};
use super::reasons::{DeclineReason, LostReason};
use super::registration::Registration;
use super::wizard::TeamMember;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// R-LIFE-2, R-LIFE-5, R-TYPE-3: answer windows.
pub const RESPONSE_WINDOW_DAYS: i64 = 14;
/// R-REG-2.
pub const EARLY_WIN_HOURS: i64 = 72;

/// Who sent an inbound deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sender {
    Microsoft,
    Partner { org_id: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub name: DealName,
    pub value: Amount,
    pub currency: Currency,
    pub close_date: NaiveDate,
    pub crm_id: Option<CrmId>,
    pub campaign_id: Option<CampaignId>,
    pub notes: Option<Notes>,
}

/// A team member and the company they belong to (R-LIFE-6: each company edits only its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub person: TeamMember,
    pub org_id: String,
}

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

impl MicrosoftSide {
    pub fn none() -> Self {
        MicrosoftSide { level: MicrosoftLevel::None, status: None, invited_at: None, seller: None, decline_reason: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    Expired,
}

/// R-NEW-5: what the originator asks of one invited partner; fixed once sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerInvitation {
    pub partner_org_id: String,
    pub partner_name: String,
    pub close_date: NaiveDate,
    pub value: Amount,
    pub currency: Currency,
    /// Why they are invited.
    pub notes: Option<Notes>,
    /// Own team members working with that partner, picked from the deal team.
    pub team: Vec<TeamMember>,
    /// At least one solution the partner should bring.
    pub solutions: Vec<SolutionInfo>,
    pub help_needed: Option<Notes>,
    pub status: InvitationStatus,
    pub sent_at: DateTime<Utc>,
}

/// How a closed deal ended (X-REASONS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Won { early: bool },
    Lost { reason: LostReason, notes: Option<Notes> },
    Declined { reason: DeclineReason, notes: Option<Notes> },
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    pub id: String,
    pub engagement_id: String,
    pub org_id: String,
    pub direction: Direction,
    pub sender: Option<Sender>,
    pub location_id: String,
    pub customer_id: String,
    pub customer_microsoft_managed: bool,
    pub contact: Contact,
    pub details: Details,
    pub team: Vec<Member>,
    pub solutions: Vec<SolutionInfo>,
    pub help: HelpNeeded,
    pub microsoft: MicrosoftSide,
    pub invitations: Vec<PartnerInvitation>,
    pub is_assessment: bool,
    pub status: Status,
    pub stage: Stage,
    pub outcome: Option<Outcome>,
    pub registration: Option<Registration>,
    pub created_at: DateTime<Utc>,
    pub received_at: Option<DateTime<Utc>>,
}

impl Deal {
    /// R-TYPE-0: derived from the facts, never stored.
    pub fn deal_type(&self) -> DealType {
        DealType::derive(self.microsoft.level, self.is_partner_engagement(), self.is_assessment)
    }

    /// R-TYPE-0, R-TYPE-4: partners take part, either invited by this deal or, for an invited
    /// partner's own copy, inviting it.
    pub fn is_partner_engagement(&self) -> bool {
        !self.invitations.is_empty() || matches!(self.sender, Some(Sender::Partner { .. }))
    }

    /// When the clock of R-REG-2 starts: creation, or receipt for an inbound deal.
    pub fn started_at(&self) -> DateTime<Utc> {
        self.received_at.unwrap_or(self.created_at)
    }

    /// R-LIFE-2: time left to accept or decline a received deal.
    pub fn response_time_left(&self, now: DateTime<Utc>) -> Option<Duration> {
        (self.status == Status::Received).then(|| window_left(self.started_at(), now))
    }

    /// R-LIFE-5: time Microsoft has left to answer a co-sell invitation.
    pub fn microsoft_time_left(&self, now: DateTime<Utc>) -> Option<Duration> {
        match (self.microsoft.status, self.microsoft.invited_at) {
            (Some(MicrosoftStatus::Pending), Some(at)) => Some(window_left(at, now)),
            _ => None,
        }
    }
}

/// What remains of a 14-day window (zero once it has run out).
pub fn window_left(start: DateTime<Utc>, now: DateTime<Utc>) -> Duration {
    (start + Duration::days(RESPONSE_WINDOW_DAYS) - now).max(Duration::zero())
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod props;
