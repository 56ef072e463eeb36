//! A deal's state words and the facts its type is derived from (SPEC §3, §6, §7).

use serde::{Deserialize, Serialize};

macro_rules! str_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The storage and wire spelling.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use str_enum;

str_enum!(
    /// Inbound: sent to the org by Microsoft or a partner; outbound: created by the org.
    Direction { Inbound = "inbound", Outbound = "outbound" }
);

str_enum!(
    /// The referral's lifecycle status (R-LIFE-1..4).
    Status {
        Received = "received",
        Accepted = "accepted",
        Won = "won",
        Lost = "lost",
        Declined = "declined",
        Expired = "expired",
    }
);

impl Status {
    /// R-LIFE-4: Won, Lost, Declined and Expired are terminal.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Status::Won | Status::Lost | Status::Declined | Status::Expired)
    }

    /// R-LIFE-6: an invited partner took part in the engagement once it accepted (then perhaps won
    /// or lost); only then do the companies see each other's deals (R-ORG-3).
    pub fn took_part(&self) -> bool {
        matches!(self, Status::Accepted | Status::Won | Status::Lost)
    }
}

str_enum!(
    /// What happened to a deal, as its history names it (X-AUDIT); the storage spelling of events.
    EventKind {
        Created = "deal.created",
        Received = "deal.received",
        Accepted = "deal.accepted",
        Declined = "deal.declined",
        Expired = "deal.expired",
        DetailsEdited = "deal.details_edited",
        ContactEdited = "deal.contact_edited",
        TeamChanged = "deal.team_changed",
        SolutionsChanged = "deal.solutions_changed",
        StageMarked = "deal.stage_marked",
        Won = "deal.won",
        Lost = "deal.lost",
        MicrosoftGivenVisibility = "deal.microsoft_visibility",
        MicrosoftInvited = "deal.microsoft_invited",
        PartnerInvited = "deal.partner_invited",
        InvitationAnswered = "deal.invitation_answered",
        InvitationExpired = "deal.invitation_expired",
        EngagementClosed = "deal.engagement_closed",
        MicrosoftAccepted = "microsoft.accepted",
        MicrosoftDeclined = "microsoft.declined",
        MicrosoftExpired = "microsoft.expired",
        MicrosoftWon = "microsoft.won",
        Registered = "registration.submitted",
        RegistrationMoved = "registration.moved",
    }
);

impl EventKind {
    /// R-LIFE-5: the Microsoft seller's name is shown only once Microsoft accepted; a seller who
    /// declined stays "Microsoft" in the history.
    pub fn names_its_actor(&self) -> bool {
        !matches!(self, EventKind::MicrosoftDeclined | EventKind::MicrosoftExpired)
    }
}

str_enum!(
    /// Sales stages: the standard ladder (R-STAGE-1) and the solution-assessment ladder (R-STAGE-2).
    Stage {
        Created = "created",
        Accepted = "accepted",
        Qualified = "qualified",
        Developed = "developed",
        Proposed = "proposed",
        Negotiated = "negotiated",
        Won = "won",
        SecureLoe = "secure_loe",
        CollectData = "collect_data",
        PrepareReport = "prepare_report",
        PresentToCustomer = "present_to_customer",
    }
);

impl Stage {
    /// R-STAGE-1, R-STAGE-2: the percentage each stage stands for.
    pub fn percent(&self) -> u8 {
        match self {
            Stage::Created | Stage::Accepted => 10,
            Stage::Qualified | Stage::SecureLoe => 20,
            Stage::Developed | Stage::CollectData => 40,
            Stage::Proposed | Stage::PrepareReport => 60,
            Stage::Negotiated | Stage::PresentToCustomer => 80,
            Stage::Won => 100,
        }
    }

    /// R-NEW-7 / R-LIFE-1: where a deal starts.
    pub fn initial(direction: Direction) -> Stage {
        match direction {
            Direction::Outbound => Stage::Created,
            Direction::Inbound => Stage::Accepted,
        }
    }
}

str_enum!(
    /// Q-HELP: "Identify the kind of help that you need from Microsoft?" (§3a).
    HelpNeeded {
        None = "none",
        GeneralOrOther = "general",
        TechnicalArchitecture = "architecture",
        ProofOfConcept = "poc",
        QuotesOrLicensing = "licensing",
        PostSalesSuccess = "post_sales",
        WorkloadValueProposition = "workload",
    }
);

str_enum!(
    /// How far Microsoft is in: none (private), visible (partner-led), invited (co-sell). R-TYPE-0.
    MicrosoftLevel { None = "none", Visible = "visible", Invited = "invited" }
);

impl MicrosoftLevel {
    /// R-TYPE-1..3: the level the two wizard answers ask for. Any help request invites Microsoft,
    /// which forces Q-VIEW to Yes.
    pub fn from_answers(help: HelpNeeded, share_with_microsoft: bool) -> Self {
        match (help, share_with_microsoft) {
            (HelpNeeded::None, false) => MicrosoftLevel::None,
            (HelpNeeded::None, true) => MicrosoftLevel::Visible,
            _ => MicrosoftLevel::Invited,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            MicrosoftLevel::None => 0,
            MicrosoftLevel::Visible => 1,
            MicrosoftLevel::Invited => 2,
        }
    }

    /// R-TYPE-6: the level never goes down.
    pub fn is_upgrade_to(&self, next: MicrosoftLevel) -> bool {
        next.rank() > self.rank()
    }
}

/// The type shown for a deal, derived from its facts and never stored (R-TYPE-0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DealType {
    Private,
    PartnerLed,
    CoSell,
    /// Partners invited without Microsoft; `microsoft_can_view` when Microsoft has visibility.
    PartnerToPartner { microsoft_can_view: bool },
    SolutionAssessment,
}

impl DealType {
    /// R-TYPE-0: SA; else Co-sell if Microsoft is invited; else P2P if partners are invited;
    /// else Partner-led if visible; else Private.
    pub fn derive(level: MicrosoftLevel, partners_invited: bool, assessment: bool) -> Self {
        match (assessment, level, partners_invited) {
            (true, _, _) => DealType::SolutionAssessment,
            (false, MicrosoftLevel::Invited, _) => DealType::CoSell,
            (false, level, true) => DealType::PartnerToPartner { microsoft_can_view: level == MicrosoftLevel::Visible },
            (false, MicrosoftLevel::Visible, false) => DealType::PartnerLed,
            (false, MicrosoftLevel::None, false) => DealType::Private,
        }
    }

    /// The API spelling (`dealType`).
    pub fn as_str(&self) -> &'static str {
        match self {
            DealType::Private => "Private",
            DealType::PartnerLed => "PartnerLed",
            DealType::CoSell => "CoSell",
            DealType::PartnerToPartner { .. } => "PartnerToPartner",
            DealType::SolutionAssessment => "SolutionAssessment",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // R-TYPE-1, R-TYPE-2, R-TYPE-3: the two questions decide Microsoft's level.
    #[test]
    fn answers_decide_the_microsoft_level() {
        assert_eq!(MicrosoftLevel::from_answers(HelpNeeded::None, false), MicrosoftLevel::None);
        assert_eq!(MicrosoftLevel::from_answers(HelpNeeded::None, true), MicrosoftLevel::Visible);
        for help in HelpNeeded::ALL.iter().filter(|h| **h != HelpNeeded::None) {
            // R-TYPE-3: any help request invites Microsoft, whatever Q-VIEW said.
            assert_eq!(MicrosoftLevel::from_answers(*help, false), MicrosoftLevel::Invited);
            assert_eq!(MicrosoftLevel::from_answers(*help, true), MicrosoftLevel::Invited);
        }
    }

    // R-TYPE-0: the shown type follows from the facts.
    #[test]
    fn type_derivation() {
        use MicrosoftLevel as L;
        assert_eq!(DealType::derive(L::None, false, false), DealType::Private);
        assert_eq!(DealType::derive(L::Visible, false, false), DealType::PartnerLed);
        assert_eq!(DealType::derive(L::Invited, false, false), DealType::CoSell);
        assert_eq!(DealType::derive(L::Invited, true, false), DealType::CoSell);
        assert_eq!(DealType::derive(L::None, true, false), DealType::PartnerToPartner { microsoft_can_view: false });
        assert_eq!(DealType::derive(L::Visible, true, false), DealType::PartnerToPartner { microsoft_can_view: true });
        // R-TYPE-5: an assessment is its own kind.
        assert_eq!(DealType::derive(L::Invited, true, true), DealType::SolutionAssessment);
    }

    // R-TYPE-6: the Microsoft level never goes down.
    #[test]
    fn levels_only_go_up() {
        use MicrosoftLevel as L;
        assert!(L::None.is_upgrade_to(L::Visible));
        assert!(L::Visible.is_upgrade_to(L::Invited));
        assert!(!L::Invited.is_upgrade_to(L::Visible));
        assert!(!L::Visible.is_upgrade_to(L::None));
    }

    // R-STAGE-1, R-STAGE-2, R-NEW-7: percentages and the starting stage.
    #[test]
    fn stages() {
        assert_eq!(Stage::initial(Direction::Outbound), Stage::Created);
        assert_eq!(Stage::Created.percent(), 10);
        assert_eq!(Stage::initial(Direction::Inbound), Stage::Accepted);
        let standard = [Stage::Qualified, Stage::Developed, Stage::Proposed, Stage::Negotiated, Stage::Won];
        assert_eq!(standard.map(|s| s.percent()), [20, 40, 60, 80, 100]);
        let sa = [Stage::SecureLoe, Stage::CollectData, Stage::PrepareReport, Stage::PresentToCustomer];
        assert_eq!(sa.map(|s| s.percent()), [20, 40, 60, 80]);
    }

    // R-LIFE-4: terminal statuses.
    #[test]
    fn terminal_statuses() {
        let terminal: Vec<_> = Status::ALL.iter().filter(|s| s.is_terminal()).collect();
        assert_eq!(terminal, [&Status::Won, &Status::Lost, &Status::Declined, &Status::Expired]);
        // R-LIFE-6: a partner that declined or let its invitation expire never took part.
        let took_part: Vec<_> = Status::ALL.iter().filter(|s| s.took_part()).collect();
        assert_eq!(took_part, [&Status::Accepted, &Status::Won, &Status::Lost]);
    }

    #[test]
    fn spellings_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::parse(s.as_str()), Some(*s));
        }
        for h in HelpNeeded::ALL {
            assert_eq!(HelpNeeded::parse(h.as_str()), Some(*h));
        }
        assert_eq!(Status::parse("nope"), None);
    }
}
