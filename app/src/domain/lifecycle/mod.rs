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
mod events;
mod next;

pub use commands::{Applied, Command, NewDeal, apply, create_outbound, receive, refer};
pub use events::Event;
pub use next::{NextSteps, NotOffered, Offer, ReviewKind, next_steps};

// The concepts a deal is made of, each in its own module; named here as the deal's parts.
pub use super::contact::Contact;
pub use super::details::Details;
pub use super::invitations::{InvitationStatus, PartnerInvitation};
pub use super::microsoft::{MicrosoftSide, MicrosoftStatus, RESPONSE_WINDOW_DAYS, SellerContact, window_left};
pub use super::outcome::{EARLY_WIN_HOURS, Outcome, stage_from_external};
pub use super::refusal::{Refused, Unmet};
pub use super::registration::ReviewAction;
pub use super::team::Member;

use super::catalog::{SolutionInfo, any_incentive};
use super::deal::{DealType, Direction, HelpNeeded, Stage, Status};
use super::registration::{Eligibility, Registration, RegistrationProgram};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Who sent an inbound deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sender {
    Microsoft,
    Partner { org_id: String },
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
    /// R-TYPE-0: derived from the facts (the store keeps a copy of the result for the list filter).
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
        self.microsoft.time_left(now)
    }

    /// The team's people, without the company each belongs to.
    pub fn people(&self) -> impl Iterator<Item = &super::team::TeamMember> + Clone {
        self.team.iter().map(|m| &m.person)
    }
}

/// R-REG-1: eligible, or every unmet condition.
pub fn registration_eligibility(deal: &Deal, program: &RegistrationProgram) -> Result<(), Vec<Unmet>> {
    let facts = Eligibility {
        is_assessment: deal.is_assessment,
        microsoft: &deal.microsoft,
        has_incentive_solution: any_incentive(&deal.solutions),
        won: deal.status == Status::Won,
        value: deal.details.value,
        currency: deal.details.currency,
        customer_microsoft_managed: deal.customer_microsoft_managed,
    };
    super::registration::eligibility(&facts, program)
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod props;
