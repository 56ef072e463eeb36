//! What happened to a deal, for the audit trail (X-AUDIT) and notifications (R-NOTE-1).

use crate::domain::deal::{EventKind, Stage, Status};
use crate::domain::reasons::{DeclineReason, LostReason};
use crate::domain::registration::RegistrationState;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Created,
    Received,
    Accepted,
    Declined { reason: DeclineReason },
    Expired,
    DetailsEdited { fields: Vec<String> },
    ContactEdited,
    TeamChanged,
    SolutionsChanged,
    StageMarked { stage: Stage },
    Won { early: bool },
    Lost { reason: LostReason },
    MicrosoftGivenVisibility,
    MicrosoftInvited,
    PartnerInvited { partner_org_id: String },
    InvitationAnswered {
        partner_org_id: String,
        accepted: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<DeclineReason>,
    },
    InvitationExpired { partner_org_id: String },
    /// §3: the originator closed the engagement before this invited partner answered.
    EngagementClosed { originator_status: Status },
    MicrosoftAccepted,
    MicrosoftDeclined { reason: DeclineReason },
    MicrosoftExpired,
    MicrosoftWon,
    Registered,
    RegistrationMoved { state: RegistrationState },
}

impl Event {
    pub fn kind(&self) -> EventKind {
        use EventKind as K;
        match self {
            Event::Created => K::Created,
            Event::Received => K::Received,
            Event::Accepted => K::Accepted,
            Event::Declined { .. } => K::Declined,
            Event::Expired => K::Expired,
            Event::DetailsEdited { .. } => K::DetailsEdited,
            Event::ContactEdited => K::ContactEdited,
            Event::TeamChanged => K::TeamChanged,
            Event::SolutionsChanged => K::SolutionsChanged,
            Event::StageMarked { .. } => K::StageMarked,
            Event::Won { .. } => K::Won,
            Event::Lost { .. } => K::Lost,
            Event::MicrosoftGivenVisibility => K::MicrosoftGivenVisibility,
            Event::MicrosoftInvited => K::MicrosoftInvited,
            Event::PartnerInvited { .. } => K::PartnerInvited,
            Event::InvitationAnswered { .. } => K::InvitationAnswered,
            Event::InvitationExpired { .. } => K::InvitationExpired,
            Event::EngagementClosed { .. } => K::EngagementClosed,
            Event::MicrosoftAccepted => K::MicrosoftAccepted,
            Event::MicrosoftDeclined { .. } => K::MicrosoftDeclined,
            Event::MicrosoftExpired => K::MicrosoftExpired,
            Event::MicrosoftWon => K::MicrosoftWon,
            Event::Registered => K::Registered,
            Event::RegistrationMoved { .. } => K::RegistrationMoved,
        }
    }
}

