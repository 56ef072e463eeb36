//! The one vocabulary of refusals: every rule that can say no names itself here, for the deal's
//! lifecycle and for the admin pages alike. What a user reads is in the locale files
//! (`components/text.rs` maps each refusal to its key); the API names the rule id.

use super::issues::Issues;
use serde::{Deserialize, Serialize};

/// Why an action was refused: the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refused {
    /// R-LIFE-4.
    Terminal,
    /// R-LIFE-1, R-LIFE-6: a received deal can only be accepted or declined.
    NotAccepted,
    /// R-LIFE-1: only a received deal is accepted or declined.
    NotReceived,
    /// R-ORG-3: the actor's organization does not own this deal.
    NotYourDeal,
    /// R-ORG-4: only referrals admins and MPN partner admins create deals and invite.
    AdminsOnly,
    /// R-NEW-6.
    NoCoSellReadySolution,
    /// R-ORG-5.
    MicrosoftSellersOnly,
    /// R-REG-4.
    ReviewersOnly,
    /// R-ORG-2: only MPN partner admins manage users.
    NotMpnAdmin,
    /// R-ORG-5: only Microsoft admins vet organizations and manage the catalog.
    NotMicrosoftAdmin,
    /// R-ORG-2: an organization keeps at least one active MPN partner admin.
    LastAdmin,
    /// R-ORG-2: an account with this e-mail exists already.
    EmailTaken,
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
    /// R-LIFE-2, R-LIFE-5: the 14 days to answer have run out (whether or not the expiry is recorded yet).
    WindowClosed,
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
    /// Field problems (R-NEW-2..4, R-REG-3); empty when nothing would change.
    Invalid(Issues),
}

/// A condition of R-REG-1 that a deal does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unmet {
    SolutionAssessment,
    NotSharedWithMicrosoft,
    NoIncentiveSolution,
    NotWon,
    MicrosoftHasNotAccepted,
    BelowMinimumValue,
    CustomerNotMicrosoftManaged,
}

impl Refused {
    /// Who may act, not what state the deal is in: the API answers these with 403.
    pub fn is_permission(&self) -> bool {
        use Refused::*;
        matches!(
            self,
            NotYourDeal | AdminsOnly | MicrosoftSellersOnly | ReviewersOnly | SystemOnly | NotOriginator | NotMpnAdmin | NotMicrosoftAdmin
        )
    }

    /// Whether this says something useful to the deal's owner about a move the page does not offer;
    /// who may act, a closed or unanswered deal, and what is already done need no explaining.
    pub fn explains_absence(&self) -> bool {
        use Refused::*;
        !self.is_permission() && !matches!(self, Terminal | NotAccepted | NotReceived | MicrosoftAlreadyThere | Invalid(_))
    }

    /// The SPEC rule this refusal enforces.
    pub fn rule(&self) -> &'static str {
        use Refused::*;
        match self {
            Terminal => "R-LIFE-4",
            NotAccepted | NotReceived => "R-LIFE-1",
            NotYourDeal => "R-ORG-3",
            AdminsOnly => "R-ORG-4",
            NoCoSellReadySolution => "R-NEW-6",
            MicrosoftSellersOnly | NotMicrosoftAdmin => "R-ORG-5",
            NotMpnAdmin | LastAdmin | EmailTaken => "R-ORG-2",
            ReviewersOnly | WrongRegistrationState | ReviewOnlyForCoSell => "R-REG-4",
            SystemOnly | WindowStillOpen | WindowClosed => "R-LIFE-2",
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
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn every_unmet() -> [Unmet; 7] {
        use Unmet::*;
        [SolutionAssessment, NotSharedWithMicrosoft, NoIncentiveSolution, NotWon, MicrosoftHasNotAccepted, BelowMinimumValue, CustomerNotMicrosoftManaged]
    }

    pub(crate) fn every_refusal() -> Vec<Refused> {
        use Refused::*;
        vec![
            Terminal, NotAccepted, NotReceived, NotYourDeal, AdminsOnly, NoCoSellReadySolution, MicrosoftSellersOnly, ReviewersOnly,
            NotMpnAdmin, NotMicrosoftAdmin, LastAdmin, EmailTaken, SystemOnly, NotOriginator, AssessmentHasNoInvitations,
            MicrosoftAlreadyThere, MicrosoftCannotBeReinvited, PartnerAlreadyInvited, CannotInviteOwnOrganization,
            ContactRequiredForCoSell, WindowStillOpen, WindowClosed, MicrosoftNotPending, NoSuchInvitation, NoSuchMember, OtherCompanysMember,
            LastMember, WonOnlyByOutcome, WrongLadder, StageOutOfOrder, AssessmentStagesIncomplete, ConfirmEarlyWin,
            NotEligible(every_unmet().to_vec()), AlreadyRegistered, WrongRegistrationState, ReviewOnlyForCoSell,
            Invalid(Issues::default()),
        ]
    }

    // Every refusal names its SPEC rule; who may act is a permission (403), the rest the state (409).
    #[test]
    fn refusals_name_rules() {
        for r in every_refusal() {
            assert!(r.rule().starts_with("R-"), "{r:?}");
        }
        let permissions: Vec<_> = every_refusal().into_iter().filter(Refused::is_permission).map(|r| r.rule()).collect();
        assert_eq!(permissions, ["R-ORG-3", "R-ORG-4", "R-ORG-5", "R-REG-4", "R-ORG-2", "R-ORG-5", "R-LIFE-2", "R-TYPE-6"]);
    }
}
