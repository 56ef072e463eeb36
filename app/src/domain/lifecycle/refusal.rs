use super::explain::Unmet;
use crate::domain::issues::Issues;
use serde::{Deserialize, Serialize};

/// Why a command was refused: the rule it breaks, in words a user understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refused {
    /// R-LIFE-4.
    Terminal,
    /// R-LIFE-1, R-LIFE-6: a received deal can only be accepted or declined.
    NotAccepted,
    /// R-LIFE-1: only a received deal is accepted or declined.
    NotReceived,
    /// R-LIFE-3, R-NEW-2.
    LocationFixed,
    /// R-ORG-3: the actor's organization does not own this deal.
    NotYourDeal,
    /// R-ORG-4.
    AdminsOnly,
    /// R-NEW-6.
    NoCoSellReadySolution,
    /// R-ORG-5.
    MicrosoftSellersOnly,
    /// R-REG-4.
    ReviewersOnly,
    /// Only the system applies the 14-day windows (R-LIFE-2, R-LIFE-5).
    SystemOnly,
    /// R-TYPE-6: inbound deals (including invited partners' copies) cannot invite anyone.
    NotOriginator,
    /// R-TYPE-5.
    AssessmentHasNoInvitations,
    /// R-TYPE-6: the Microsoft level never goes down and is not granted twice.
    MicrosoftAlreadyThere,
    /// R-TYPE-6: after declining or letting the invitation expire, Microsoft cannot be invited again.
    MicrosoftCannotBeReinvited,
    PartnerAlreadyInvited,
    CannotInviteOwnOrganization,
    /// R-NEW-1: co-sell needs the customer contact with consent.
    ContactRequiredForCoSell,
    /// R-LIFE-2, R-LIFE-5: the window has not run out yet.
    WindowStillOpen,
    /// R-LIFE-5: Microsoft is not invited, or has already answered.
    MicrosoftNotPending,
    NoSuchInvitation,
    NoSuchMember,
    /// R-LIFE-6: each company edits only its own team members.
    OtherCompanysMember,
    /// R-NEW-3.
    LastMember,
    /// R-STAGE-1: Won comes only from the outcome.
    WonOnlyByOutcome,
    /// R-STAGE-1, R-STAGE-2: the stage belongs to the other ladder.
    WrongLadder,
    /// R-STAGE-2: assessment stages go in order.
    StageOutOfOrder,
    /// R-STAGE-2, R-TYPE-5: Won only after all four assessment stages.
    AssessmentStagesIncomplete,
    /// R-REG-2: winning within 72 hours must be confirmed.
    ConfirmEarlyWin,
    /// R-REG-1.
    NotEligible(Vec<Unmet>),
    AlreadyRegistered,
    /// R-REG-4: the review action does not fit the registration's state.
    WrongRegistrationState,
    /// R-REG-4: only co-sell deals' registrations are reviewed.
    ReviewOnlyForCoSell,
    /// Field problems (R-NEW-2..4, R-REG-3).
    Invalid(Issues),
}

impl Refused {
    /// Who may act, not what state the deal is in: the API answers these with 403.
    pub fn is_permission(&self) -> bool {
        use Refused::*;
        matches!(self, NotYourDeal | AdminsOnly | MicrosoftSellersOnly | ReviewersOnly | SystemOnly | NotOriginator)
    }

    /// Whether this says something useful to the deal's owner about a move the page does not offer;
    /// who may act, a closed or unanswered deal, and what is already done need no explaining.
    pub fn explains_absence(&self) -> bool {
        use Refused::*;
        !self.is_permission() && !matches!(self, Terminal | NotAccepted | NotReceived | MicrosoftAlreadyThere | Invalid(_))
    }

    pub fn rule(&self) -> &'static str {
        use Refused::*;
        match self {
            Terminal => "R-LIFE-4",
            NotAccepted | NotReceived => "R-LIFE-1",
            LocationFixed => "R-LIFE-3",
            NotYourDeal => "R-ORG-3",
            AdminsOnly => "R-ORG-4",
            NoCoSellReadySolution => "R-NEW-6",
            MicrosoftSellersOnly => "R-ORG-5",
            ReviewersOnly | WrongRegistrationState | ReviewOnlyForCoSell => "R-REG-4",
            SystemOnly | WindowStillOpen => "R-LIFE-2",
            NotOriginator | MicrosoftAlreadyThere | MicrosoftCannotBeReinvited | PartnerAlreadyInvited | CannotInviteOwnOrganization => {
                "R-TYPE-6"
            }
            AssessmentHasNoInvitations => "R-TYPE-5",
            ContactRequiredForCoSell => "R-NEW-1",
            MicrosoftNotPending => "R-LIFE-5",
            NoSuchInvitation => "R-NEW-5",
            NoSuchMember | LastMember => "R-NEW-3",
            OtherCompanysMember => "R-LIFE-6",
            WonOnlyByOutcome | WrongLadder => "R-STAGE-1",
            StageOutOfOrder | AssessmentStagesIncomplete => "R-STAGE-2",
            ConfirmEarlyWin => "R-REG-2",
            NotEligible(_) | AlreadyRegistered => "R-REG-1",
            Invalid(issues) => issues.0.first().map(|i| i.code.rule()).unwrap_or("R-LIFE-3"),
        }
    }

    pub fn message(&self) -> String {
        use Refused::*;
        match self {
            Terminal => "This deal is closed (won, lost, declined or expired); only a won deal's registration can still change.".into(),
            NotAccepted => "Accept or decline this deal first; nothing else can change before that.".into(),
            NotReceived => "Only a received deal can be accepted or declined.".into(),
            LocationFixed => "A deal's location cannot be changed after creation.".into(),
            NotYourDeal => "This deal belongs to another organization.".into(),
            AdminsOnly => "Only referrals admins and MPN partner admins can do this.".into(),
            NoCoSellReadySolution => "Your organization has no co-sell-ready solution yet.".into(),
            MicrosoftSellersOnly => "Only Microsoft sellers can answer for Microsoft.".into(),
            ReviewersOnly => "Only Microsoft registration reviewers can review registrations.".into(),
            SystemOnly => "Deals expire on their own when their window runs out.".into(),
            NotOriginator => "Only the company that created a deal can invite others to it.".into(),
            AssessmentHasNoInvitations => "A solution assessment cannot invite Microsoft or partners.".into(),
            MicrosoftAlreadyThere => "Microsoft already has this level of involvement; it never goes down.".into(),
            MicrosoftCannotBeReinvited => "Microsoft declined or let the invitation expire, so it cannot be invited again.".into(),
            PartnerAlreadyInvited => "This partner is already invited.".into(),
            CannotInviteOwnOrganization => "You cannot invite your own organization.".into(),
            ContactRequiredForCoSell => "Inviting Microsoft needs the customer contact (name, phone, e-mail) and the customer's consent.".into(),
            WindowStillOpen => "The 14-day window has not run out yet.".into(),
            MicrosoftNotPending => "Microsoft is not waiting to answer on this deal.".into(),
            NoSuchInvitation => "There is no such invitation on this deal.".into(),
            NoSuchMember => "There is no such team member.".into(),
            OtherCompanysMember => "Each company edits only its own team members.".into(),
            LastMember => "A deal needs at least one team member.".into(),
            WonOnlyByOutcome => "A stage never marks a deal won: mark the outcome as Won instead.".into(),
            WrongLadder => "That stage belongs to the other kind of deal.".into(),
            StageOutOfOrder => "Solution assessment stages are completed in order.".into(),
            AssessmentStagesIncomplete => "A solution assessment can be won only after all four of its stages.".into(),
            ConfirmEarlyWin => {
                "Winning less than 72 hours after the deal started may get its registration rejected; confirm to go on.".into()
            }
            NotEligible(unmet) => format!(
                "Not eligible for registration: {}.",
                unmet.iter().map(Unmet::message).collect::<Vec<_>>().join("; ")
            ),
            AlreadyRegistered => "This deal is already registered.".into(),
            WrongRegistrationState => "The registration is not in a state that allows this.".into(),
            ReviewOnlyForCoSell => "Only registrations of co-sell deals are reviewed by Microsoft.".into(),
            Invalid(issues) if issues.is_empty() => "Nothing would change.".into(),
            Invalid(issues) => format!(
                "Some fields need attention: {}.",
                issues.0.iter().map(|i| format!("{} {}", i.field.key(), i.code.message())).collect::<Vec<_>>().join("; ")
            ),
        }
    }
}
