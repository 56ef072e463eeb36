//! The one place where domain words become user-facing text through the i18n layer.

use crate::api::AppError;
use crate::domain::catalog::SolutionCategory;
use crate::domain::deal::{DealType, EventKind, HelpNeeded, MicrosoftLevel, Stage, Status};
use crate::domain::issues::Code;
use crate::domain::invitations::InvitationStatus;
use crate::domain::refusal::{Refused, Unmet};
use crate::domain::registration::RegistrationState;
use crate::domain::reasons::{DeclineReason, LostReason};
use crate::domain::wizard::Step;
use crate::i18n::*;

pub fn issue_text(l: Locale, code: &Code) -> String {
    match code {
        Code::Required => td_string!(l, errors.required).to_string(),
        Code::TooLong { max } => td_string!(l, errors.too_long, max = *max).to_string(),
        Code::InvalidEmail => td_string!(l, errors.invalid_email).to_string(),
        Code::InvalidPhone => td_string!(l, errors.invalid_phone).to_string(),
        Code::InvalidNumber => td_string!(l, errors.invalid_number).to_string(),
        Code::NotPositive => td_string!(l, errors.not_positive).to_string(),
        Code::TooManyDecimals => td_string!(l, errors.too_many_decimals).to_string(),
        Code::TooLarge => td_string!(l, errors.too_large).to_string(),
        Code::UnknownCurrency => td_string!(l, errors.unknown_currency).to_string(),
        Code::InvalidDate => td_string!(l, errors.invalid_date).to_string(),
        Code::DateInPast => td_string!(l, errors.date_in_past).to_string(),
        Code::NotAnOption => td_string!(l, errors.not_an_option).to_string(),
        Code::CustomerNotChosen => td_string!(l, errors.customer_not_chosen).to_string(),
        Code::CustomerAmbiguous => td_string!(l, errors.customer_ambiguous).to_string(),
        Code::InvalidUrl => td_string!(l, errors.invalid_url).to_string(),
        Code::UrlNotHttps => td_string!(l, errors.url_not_https).to_string(),
        Code::UrlPrivate => td_string!(l, errors.url_private).to_string(),
        Code::TooManyHooks { max } => td_string!(l, errors.too_many_hooks, max = *max).to_string(),
        Code::DuplicateRow { row } => td_string!(l, errors.duplicate_row, row = *row).to_string(),
        Code::CustomerWrongCountry => td_string!(l, errors.customer_wrong_country).to_string(),
        Code::NeedOneMember => td_string!(l, errors.need_one_member).to_string(),
        Code::TooManyMembers { max } => td_string!(l, errors.too_many_members, max = *max).to_string(),
        Code::NeedOneSolution => td_string!(l, errors.need_one_solution).to_string(),
        Code::TooManySolutions { max } => td_string!(l, errors.too_many_solutions, max = *max).to_string(),
        Code::AssessmentAlone => td_string!(l, errors.assessment_alone).to_string(),
        Code::AssessmentNotVetted => td_string!(l, errors.assessment_not_vetted).to_string(),
        Code::SolutionUnavailable => td_string!(l, errors.solution_unavailable).to_string(),
        Code::RequiredForCoSell => td_string!(l, errors.required_for_co_sell).to_string(),
        Code::ConsentRequired => td_string!(l, errors.consent_required).to_string(),
        Code::PrivateWithIncentive => td_string!(l, errors.private_with_incentive).to_string(),
        Code::AssessmentKindFixed => td_string!(l, errors.assessment_kind_fixed).to_string(),
        Code::StartBeforeSigning => td_string!(l, errors.start_before_signing).to_string(),
        Code::EndNotAfterStart => td_string!(l, errors.end_not_after_start).to_string(),
        Code::ContractNotConfirmed => td_string!(l, errors.contract_not_confirmed).to_string(),
        Code::ScopeRequired => td_string!(l, errors.scope_required).to_string(),
        Code::PasswordTooShort { min } => td_string!(l, errors.password_too_short, min = *min).to_string(),
        Code::ControlCharacters => td_string!(l, errors.control_characters).to_string(),
        Code::DateOutOfRange { from, to } => td_string!(l, errors.date_out_of_range, from = *from, to = *to).to_string(),
        Code::DuplicateSolution => td_string!(l, errors.duplicate_solution).to_string(),
        Code::DuplicatePartner => td_string!(l, errors.duplicate_partner).to_string(),
        Code::EmailDomainNotOrgs => td_string!(l, errors.email_domain_not_orgs).to_string(),
    }
}

pub fn app_error_text(l: Locale, error: &AppError) -> String {
    match error {
        AppError::NotSignedIn => td_string!(l, errors.not_signed_in).to_string(),
        AppError::BadCredentials => td_string!(l, sign_in.bad_credentials).to_string(),
        AppError::TooManyAttempts { scope: crate::domain::auth::ThrottleScope::Account, minutes } => {
            td_string!(l, sign_in.too_many_account, wait = crate::domain::format::minutes(l, *minutes)).to_string()
        }
        AppError::TooManyAttempts { scope: crate::domain::auth::ThrottleScope::Address, minutes } => {
            td_string!(l, sign_in.too_many_address, wait = crate::domain::format::minutes(l, *minutes)).to_string()
        }
        AppError::NotFound => td_string!(l, errors.not_found).to_string(),
        AppError::Invalid(_) => td_string!(l, wizard.review.server_error).to_string(),
        AppError::NeedsConfirmation(_) => td_string!(l, wizard.review.warnings).to_string(),
        AppError::Rule { refused, .. } | AppError::Forbidden { refused, .. } => refused_text(l, refused),
        AppError::Conflict => td_string!(l, errors.conflict).to_string(),
        AppError::BadRequest(_) => td_string!(l, errors.bad_request).to_string(),
        AppError::PayloadTooLarge { .. } => td_string!(l, errors.too_large_request).to_string(),
        AppError::UnsupportedMediaType => td_string!(l, errors.unsupported_media).to_string(),
        AppError::Internal => td_string!(l, errors.internal).to_string(),
        AppError::Transport(_) => td_string!(l, errors.transport).to_string(),
    }
}

/// R-LIFE-2: "3 d 4 h" left to answer a received deal.
pub fn time_left_text(l: Locale, hours: i64) -> String {
    crate::domain::format::days_hours_short(l, hours)
}

pub fn role_text(l: Locale, r: crate::domain::actor::Role) -> &'static str {
    use crate::domain::actor::Role;
    match r {
        Role::MpnPartnerAdmin => td_string!(l, roles.mpn_partner_admin),
        Role::ReferralsAdmin => td_string!(l, roles.referrals_admin),
        Role::ReferralUser => td_string!(l, roles.referral_user),
        Role::MicrosoftSeller => td_string!(l, roles.microsoft_seller),
        Role::MicrosoftRegistrationReviewer => td_string!(l, roles.microsoft_registration_reviewer),
        Role::MicrosoftAdmin => td_string!(l, roles.microsoft_admin),
    }
}

pub fn deal_type_text(l: Locale, t: DealType) -> &'static str {
    match t {
        DealType::Private => td_string!(l, deal_type.private),
        DealType::PartnerLed => td_string!(l, deal_type.partner_led),
        DealType::CoSell => td_string!(l, deal_type.co_sell),
        DealType::PartnerToPartner { microsoft_can_view: false } => td_string!(l, deal_type.p2p),
        DealType::PartnerToPartner { microsoft_can_view: true } => td_string!(l, deal_type.p2p_visible),
        DealType::SolutionAssessment => td_string!(l, deal_type.sa),
    }
}

pub fn deal_type_explanation(l: Locale, t: DealType) -> &'static str {
    match t {
        DealType::Private => td_string!(l, deal_type_help.private),
        DealType::PartnerLed => td_string!(l, deal_type_help.partner_led),
        DealType::CoSell => td_string!(l, deal_type_help.co_sell),
        DealType::PartnerToPartner { .. } => td_string!(l, deal_type_help.p2p),
        DealType::SolutionAssessment => td_string!(l, deal_type_help.sa),
    }
}

pub fn stage_name(l: Locale, s: Stage) -> &'static str {
    match s {
        Stage::Created => td_string!(l, stage.created),
        Stage::Accepted => td_string!(l, stage.accepted),
        Stage::Qualified => td_string!(l, stage.qualified),
        Stage::Developed => td_string!(l, stage.developed),
        Stage::Proposed => td_string!(l, stage.proposed),
        Stage::Negotiated => td_string!(l, stage.negotiated),
        Stage::Won => td_string!(l, stage.won),
        Stage::SecureLoe => td_string!(l, stage.secure_loe),
        Stage::CollectData => td_string!(l, stage.collect_data),
        Stage::PrepareReport => td_string!(l, stage.prepare_report),
        Stage::PresentToCustomer => td_string!(l, stage.present_to_customer),
    }
}

/// "Created 10%".
pub fn stage_text(l: Locale, s: Stage) -> String {
    td_string!(l, stage.with_percent, name = stage_name(l, s), percent = s.percent()).to_string()
}

pub fn decline_reason_text(l: Locale, r: DeclineReason) -> &'static str {
    match r {
        DeclineReason::NotAFit => td_string!(l, reasons.not_a_fit),
        DeclineReason::NoCapacity => td_string!(l, reasons.no_capacity),
        DeclineReason::CustomerNotInterested => td_string!(l, reasons.customer_not_interested),
        DeclineReason::Duplicate => td_string!(l, reasons.duplicate),
        DeclineReason::InsufficientInformation => td_string!(l, reasons.insufficient_information),
        DeclineReason::Other => td_string!(l, reasons.other),
    }
}

pub fn lost_reason_text(l: Locale, r: LostReason) -> &'static str {
    match r {
        LostReason::LostToCompetitor => td_string!(l, reasons.lost_to_competitor),
        LostReason::NoBudget => td_string!(l, reasons.no_budget),
        LostReason::NoDecision => td_string!(l, reasons.no_decision),
        LostReason::Timing => td_string!(l, reasons.timing),
        LostReason::CustomerWentDirect => td_string!(l, reasons.customer_went_direct),
        LostReason::Other => td_string!(l, reasons.other),
    }
}

/// A refusal in the user's language.
pub fn refused_text(l: Locale, refused: &Refused) -> String {
    match refused {
        Refused::Terminal => td_string!(l, refused.terminal).to_string(),
        Refused::NotAccepted => td_string!(l, refused.not_accepted).to_string(),
        Refused::NotReceived => td_string!(l, refused.not_received).to_string(),
        Refused::NotYourDeal => td_string!(l, refused.not_your_deal).to_string(),
        Refused::AdminsOnly => td_string!(l, refused.admins_only).to_string(),
        Refused::NoCoSellReadySolution => td_string!(l, refused.no_co_sell_ready_solution).to_string(),
        Refused::MicrosoftSellersOnly => td_string!(l, refused.microsoft_sellers_only).to_string(),
        Refused::ReviewersOnly => td_string!(l, refused.reviewers_only).to_string(),
        Refused::NotMpnAdmin => td_string!(l, refused.not_mpn_admin).to_string(),
        Refused::NotMicrosoftAdmin => td_string!(l, refused.not_microsoft_admin).to_string(),
        Refused::LastAdmin => td_string!(l, refused.last_admin).to_string(),
        Refused::EmailTaken => td_string!(l, refused.email_taken).to_string(),
        Refused::SystemOnly => td_string!(l, refused.system_only).to_string(),
        Refused::NotOriginator => td_string!(l, refused.not_originator).to_string(),
        Refused::AssessmentHasNoInvitations => td_string!(l, refused.assessment_has_no_invitations).to_string(),
        Refused::MicrosoftAlreadyThere => td_string!(l, refused.microsoft_already_there).to_string(),
        Refused::MicrosoftCannotBeReinvited => td_string!(l, refused.microsoft_cannot_be_reinvited).to_string(),
        Refused::PartnerAlreadyInvited => td_string!(l, refused.partner_already_invited).to_string(),
        Refused::CannotInviteOwnOrganization => td_string!(l, refused.cannot_invite_own_organization).to_string(),
        Refused::ContactRequiredForCoSell => td_string!(l, refused.contact_required_for_co_sell).to_string(),
        Refused::WindowStillOpen => td_string!(l, refused.window_still_open).to_string(),
        Refused::WindowClosed => td_string!(l, refused.window_closed).to_string(),
        Refused::MicrosoftNotPending => td_string!(l, refused.microsoft_not_pending).to_string(),
        Refused::NoSuchInvitation => td_string!(l, refused.no_such_invitation).to_string(),
        Refused::NoSuchMember => td_string!(l, refused.no_such_member).to_string(),
        Refused::OtherCompanysMember => td_string!(l, refused.other_companys_member).to_string(),
        Refused::LastMember => td_string!(l, refused.last_member).to_string(),
        Refused::WonOnlyByOutcome => td_string!(l, refused.won_only_by_outcome).to_string(),
        Refused::WrongLadder => td_string!(l, refused.wrong_ladder).to_string(),
        Refused::StageOutOfOrder => td_string!(l, refused.stage_out_of_order).to_string(),
        Refused::AssessmentStagesIncomplete => td_string!(l, refused.assessment_stages_incomplete).to_string(),
        Refused::AlreadyRegistered => td_string!(l, refused.already_registered).to_string(),
        Refused::WrongRegistrationState => td_string!(l, refused.wrong_registration_state).to_string(),
        Refused::ReviewOnlyForCoSell => td_string!(l, refused.review_only_for_co_sell).to_string(),
        Refused::ConfirmEarlyWin => td_string!(l, refused.confirm_early_win).to_string(),
        Refused::NotEligible(unmet) => {
            let reasons = unmet.iter().map(|u| unmet_text(l, *u)).collect::<Vec<_>>().join(" ");
            td_string!(l, refused.not_eligible, reasons = reasons).to_string()
        }
        Refused::Invalid(_) => td_string!(l, refused.invalid).to_string(),
    }
}

pub fn unmet_text(l: Locale, u: Unmet) -> &'static str {
    match u {
        Unmet::SolutionAssessment => td_string!(l, registration.unmet.assessment),
        Unmet::NotSharedWithMicrosoft => td_string!(l, registration.unmet.private),
        Unmet::NoIncentiveSolution => td_string!(l, registration.unmet.no_incentive),
        Unmet::NotWon => td_string!(l, registration.unmet.not_won),
        Unmet::MicrosoftHasNotAccepted => td_string!(l, registration.unmet.microsoft_not_accepted),
        Unmet::BelowMinimumValue => td_string!(l, registration.unmet.below_minimum),
        Unmet::CustomerNotMicrosoftManaged => td_string!(l, registration.unmet.not_microsoft_managed),
    }
}

pub fn registration_state_text(l: Locale, s: RegistrationState) -> &'static str {
    match s {
        RegistrationState::Submitted => td_string!(l, registration.state.submitted),
        RegistrationState::InReview => td_string!(l, registration.state.in_review),
        RegistrationState::ActionRequired => td_string!(l, registration.state.action_required),
        RegistrationState::Approved => td_string!(l, registration.state.approved),
        RegistrationState::Rejected => td_string!(l, registration.state.rejected),
        RegistrationState::Closed => td_string!(l, registration.state.closed),
    }
}

pub fn invitation_status_text(l: Locale, s: InvitationStatus) -> &'static str {
    match s {
        InvitationStatus::Pending => td_string!(l, deal.invitations.pending),
        InvitationStatus::Accepted => td_string!(l, deal.invitations.accepted),
        InvitationStatus::Declined => td_string!(l, deal.invitations.declined),
        InvitationStatus::Expired => td_string!(l, deal.invitations.expired),
    }
}

pub fn status_text(l: Locale, s: Status) -> &'static str {
    match s {
        Status::Received => td_string!(l, status.received),
        Status::Accepted => td_string!(l, status.accepted),
        Status::Won => td_string!(l, status.won),
        Status::Lost => td_string!(l, status.lost),
        Status::Declined => td_string!(l, status.declined),
        Status::Expired => td_string!(l, status.expired),
    }
}

pub fn help_text(l: Locale, h: HelpNeeded) -> &'static str {
    match h {
        HelpNeeded::None => td_string!(l, help.none),
        HelpNeeded::GeneralOrOther => td_string!(l, help.general),
        HelpNeeded::TechnicalArchitecture => td_string!(l, help.architecture),
        HelpNeeded::ProofOfConcept => td_string!(l, help.poc),
        HelpNeeded::QuotesOrLicensing => td_string!(l, help.licensing),
        HelpNeeded::PostSalesSuccess => td_string!(l, help.post_sales),
        HelpNeeded::WorkloadValueProposition => td_string!(l, help.workload),
    }
}

pub fn microsoft_level_text(l: Locale, m: MicrosoftLevel) -> &'static str {
    match m {
        MicrosoftLevel::None => td_string!(l, microsoft_level.none),
        MicrosoftLevel::Visible => td_string!(l, microsoft_level.visible),
        MicrosoftLevel::Invited => td_string!(l, microsoft_level.invited),
    }
}

pub fn category_text(l: Locale, c: SolutionCategory) -> &'static str {
    match c {
        SolutionCategory::Own => td_string!(l, category.own),
        SolutionCategory::Microsoft => td_string!(l, category.microsoft),
        SolutionCategory::ThirdParty => td_string!(l, category.third_party),
        SolutionCategory::Assessment => td_string!(l, category.assessment),
    }
}

pub fn step_text(l: Locale, s: Step) -> &'static str {
    match s {
        Step::Customer => td_string!(l, wizard.steps.customer),
        Step::Details => td_string!(l, wizard.steps.details),
        Step::Team => td_string!(l, wizard.steps.team),
        Step::Solutions => td_string!(l, wizard.steps.solutions),
        Step::Selling => td_string!(l, wizard.steps.selling),
        Step::Review => td_string!(l, wizard.steps.review),
    }
}

pub fn event_text(l: Locale, kind: EventKind) -> String {
    use EventKind as K;
    let text = match kind {
        K::Created => td_string!(l, deal.events.created),
        K::Received => td_string!(l, deal.events.received),
        K::Accepted => td_string!(l, deal.events.accepted),
        K::Declined => td_string!(l, deal.events.declined),
        K::Expired => td_string!(l, deal.events.expired),
        K::StageMarked => td_string!(l, deal.events.stage_marked),
        K::Won => td_string!(l, deal.events.won),
        K::Lost => td_string!(l, deal.events.lost),
        K::MicrosoftInvited => td_string!(l, deal.events.microsoft_invited),
        K::DetailsEdited => td_string!(l, deal.events.details_edited),
        K::ContactEdited => td_string!(l, deal.events.contact_edited),
        K::TeamChanged => td_string!(l, deal.events.team_changed),
        K::SolutionsChanged => td_string!(l, deal.events.solutions_changed),
        K::MicrosoftGivenVisibility => td_string!(l, deal.events.microsoft_visibility),
        K::PartnerInvited => td_string!(l, deal.events.partner_invited),
        K::InvitationAnswered => td_string!(l, deal.events.invitation_answered),
        K::InvitationExpired => td_string!(l, deal.events.invitation_expired),
        K::EngagementClosed => td_string!(l, deal.events.engagement_closed),
        K::MicrosoftAccepted => td_string!(l, deal.events.microsoft_accepted),
        K::MicrosoftDeclined => td_string!(l, deal.events.microsoft_declined),
        K::MicrosoftExpired => td_string!(l, deal.events.microsoft_expired),
        K::MicrosoftWon => td_string!(l, deal.events.microsoft_won),
        K::Registered => td_string!(l, deal.events.registration_submitted),
        K::RegistrationMoved => td_string!(l, deal.events.registration_moved),
    };
    text.to_string()
}

pub fn country_name(l: Locale, code: &str) -> String {
    let name = match code {
        "AU" => td_string!(l, countries.australia),
        "BR" => td_string!(l, countries.brazil),
        "CA" => td_string!(l, countries.canada),
        "DE" => td_string!(l, countries.germany),
        "ES" => td_string!(l, countries.spain),
        "FR" => td_string!(l, countries.france),
        "GB" => td_string!(l, countries.united_kingdom),
        "IN" => td_string!(l, countries.india),
        "JP" => td_string!(l, countries.japan),
        "NL" => td_string!(l, countries.netherlands),
        "SE" => td_string!(l, countries.sweden),
        "US" => td_string!(l, countries.united_states),
        other => return other.to_string(),
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::issues::tests::every_code;
    use crate::domain::refusal::tests::{every_refusal, every_unmet};

    // X-I18N: every refusal, condition and field problem has words in the locale file, and the
    // words are the catalogue's, not a key (the Rust code holds no user-facing sentence).
    #[test]
    fn every_refusal_and_problem_reads_as_a_sentence() {
        let l = Locale::en;
        let texts: Vec<String> = every_refusal()
            .iter()
            .map(|r| refused_text(l, r))
            .chain(every_unmet().iter().map(|u| unmet_text(l, *u).to_string()))
            .chain(every_code().iter().map(|c| issue_text(l, c)))
            .collect();
        for text in texts {
            assert!(text.len() > 10 && text.contains(' ') && !text.contains("refused.") && !text.contains("{{"), "{text:?}");
        }
        assert_eq!(refused_text(l, &Refused::AdminsOnly), "Only referrals admins and MPN partner admins can do this.");
    }
}

/// R-NOTE-1, X-REMIND: a notification as one sentence, in the app and as an e-mail's subject.
pub fn notice_text(l: Locale, kind: crate::domain::notify::NoticeKind, data: &crate::domain::notify::NoticeData, deal: &str) -> String {
    use crate::domain::notify::NoticeKind as K;
    let deal = deal.to_string();
    let invitation = data.invitation == Some(true);
    let reason = || data.reason.map(|r| decline_reason_text(l, r)).unwrap_or_default();
    match kind {
        K::Received => td_string!(l, notify.received, deal).to_string(),
        K::Accepted if invitation => td_string!(l, notify.accepted_invitation, deal).to_string(),
        K::Accepted => td_string!(l, notify.accepted, deal).to_string(),
        K::Declined if invitation => td_string!(l, notify.declined_invitation, deal, reason = reason()).to_string(),
        K::Declined => td_string!(l, notify.declined, deal, reason = reason()).to_string(),
        K::Expired if invitation => td_string!(l, notify.expired_invitation, deal).to_string(),
        K::Expired => td_string!(l, notify.expired, deal).to_string(),
        K::MicrosoftInvited => td_string!(l, notify.microsoft_invited, deal).to_string(),
        K::MicrosoftAnswered => match data.accepted {
            Some(true) => td_string!(l, notify.microsoft_accepted, deal).to_string(),
            Some(false) => td_string!(l, notify.microsoft_declined, deal, reason = reason()).to_string(),
            None => td_string!(l, notify.microsoft_expired, deal).to_string(),
        },
        K::RegistrationSubmitted => td_string!(l, notify.registration_submitted, deal).to_string(),
        K::RegistrationChanged => {
            let state = data.state.map(|s| registration_state_text(l, s)).unwrap_or_default();
            td_string!(l, notify.registration_changed, deal, state).to_string()
        }
        K::Reminder => {
            let left = crate::domain::format::days(l, data.days_left.unwrap_or(1));
            match data.microsoft == Some(true) {
                false => td_string!(l, notify.reminder_days, deal, left).to_string(),
                true => td_string!(l, notify.reminder_microsoft_days, deal, left).to_string(),
            }
        }
        K::WebhookPaused => td_string!(l, notify.webhook_paused, deal).to_string(),
    }
}

/// R-NOTE-1: what each kind is called where a user chooses what comes by e-mail.
pub fn notice_kind_text(l: Locale, kind: crate::domain::notify::NoticeKind) -> &'static str {
    use crate::domain::notify::NoticeKind as K;
    match kind {
        K::Received => td_string!(l, notify.kinds.received),
        K::Accepted => td_string!(l, notify.kinds.accepted),
        K::Declined => td_string!(l, notify.kinds.declined),
        K::Expired => td_string!(l, notify.kinds.expired),
        K::MicrosoftInvited => td_string!(l, notify.kinds.microsoft_invited),
        K::MicrosoftAnswered => td_string!(l, notify.kinds.microsoft_answered),
        K::RegistrationSubmitted => td_string!(l, notify.kinds.registration_submitted),
        K::RegistrationChanged => td_string!(l, notify.kinds.registration_changed),
        K::Reminder => td_string!(l, notify.kinds.reminder),
        K::WebhookPaused => td_string!(l, notify.kinds.webhook_paused),
    }
}

/// X-API, X-I18N: the REST API's own error sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiMessage {
    Unauthorized,
    NotFound,
    NoPath,
    Internal,
    Fields,
    Confirm,
    Throttled,
    Rate { per_minute: u32 },
    TooLarge { limit: usize },
    Conflict,
    Stale,
    KeyReused,
}

pub fn api_message(l: Locale, m: ApiMessage) -> String {
    match m {
        ApiMessage::Unauthorized => td_string!(l, api.unauthorized).to_string(),
        ApiMessage::NotFound => td_string!(l, api.not_found).to_string(),
        ApiMessage::NoPath => td_string!(l, api.no_path).to_string(),
        ApiMessage::Internal => td_string!(l, api.internal).to_string(),
        ApiMessage::Fields => td_string!(l, api.fields).to_string(),
        ApiMessage::Confirm => td_string!(l, api.confirm).to_string(),
        ApiMessage::Throttled => td_string!(l, api.throttled).to_string(),
        ApiMessage::Rate { per_minute } => td_string!(l, api.rate, n = per_minute).to_string(),
        ApiMessage::TooLarge { limit } => td_string!(l, api.too_large, limit = limit).to_string(),
        ApiMessage::Conflict => td_string!(l, api.conflict).to_string(),
        ApiMessage::Stale => td_string!(l, api.stale).to_string(),
        ApiMessage::KeyReused => td_string!(l, api.key_reused).to_string(),
    }
}


/// X-API, X-I18N: what is wrong with a request the API cannot read, in the caller's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiHint {
    BodyNotUtf8,
    NulValue,
    BadJson { detail: String },
    NotOneOf { value: String, allowed: String },
    AtMostChars { max: usize },
    Tags,
    OpUnsupported { op: String },
    PathNotEditable { path: String, editable: String },
    TakesString { name: String },
    TakesNumber { name: String },
    Expected { shape: String },
    TrueOrFalse,
    OneOf { allowed: String },
    NeedsSubstatus,
    NoSubstatus { status: String, substatus: String },
    NotPercentEncoded,
    OrderBy,
    WholeNumber { from: i64, to: i64 },
    FullResource,
    BadSkipToken,
    SkipTokenOrder,
    QueryParam { field: String, problem: String },
    ExportTooMany { max: usize },
    ExportRowsMax { max: usize },
    FileNotUtf8,
    FileNul,
    HeaderUnreadable { detail: String },
    NotAColumn { name: String, columns: String },
    UnknownColumns,
    RowUnreadable { row: usize, detail: String },
    TooManyRows { max: usize },
    RowsMax { max: usize },
    NoRows,
    FileTooLarge { mb: usize, rows: usize },
    RowsNotImported { rows: usize },
    SendJson,
    SendJsonOrPatch,
    SendCsv,
    IdempotencyKey,
    IfMatch,
    OrderByField { value: String },
    OrderByDirection { value: String },
    Filter { detail: String },
}

pub fn api_hint(l: Locale, hint: &ApiHint) -> String {
    match hint {
        ApiHint::BodyNotUtf8 => td_string!(l, api_hint.body_not_utf8).to_string(),
        ApiHint::NulValue => td_string!(l, api_hint.nul_value).to_string(),
        ApiHint::BadJson { detail } => td_string!(l, api_hint.bad_json, detail = detail.clone()).to_string(),
        ApiHint::NotOneOf { value, allowed } => td_string!(l, api_hint.not_one_of, value = value.clone(), allowed = allowed.clone()).to_string(),
        ApiHint::AtMostChars { max } => td_string!(l, api_hint.at_most_chars, max = *max).to_string(),
        ApiHint::Tags => td_string!(l, api_hint.tags).to_string(),
        ApiHint::OpUnsupported { op } => td_string!(l, api_hint.op_unsupported, op = op.clone()).to_string(),
        ApiHint::PathNotEditable { path, editable } => td_string!(l, api_hint.path_not_editable, path = path.clone(), editable = editable.clone()).to_string(),
        ApiHint::TakesString { name } => td_string!(l, api_hint.takes_string, name = name.clone()).to_string(),
        ApiHint::TakesNumber { name } => td_string!(l, api_hint.takes_number, name = name.clone()).to_string(),
        ApiHint::Expected { shape } => td_string!(l, api_hint.expected, shape = shape.clone()).to_string(),
        ApiHint::TrueOrFalse => td_string!(l, api_hint.true_or_false).to_string(),
        ApiHint::OneOf { allowed } => td_string!(l, api_hint.one_of, allowed = allowed.clone()).to_string(),
        ApiHint::NeedsSubstatus => td_string!(l, api_hint.needs_substatus).to_string(),
        ApiHint::NoSubstatus { status, substatus } => td_string!(l, api_hint.no_substatus, status = status.clone(), substatus = substatus.clone()).to_string(),
        ApiHint::NotPercentEncoded => td_string!(l, api_hint.not_percent_encoded).to_string(),
        ApiHint::OrderBy => td_string!(l, api_hint.order_by).to_string(),
        ApiHint::WholeNumber { from, to } => td_string!(l, api_hint.whole_number, from = *from, to = *to).to_string(),
        ApiHint::FullResource => td_string!(l, api_hint.full_resource).to_string(),
        ApiHint::BadSkipToken => td_string!(l, api_hint.bad_skip_token).to_string(),
        ApiHint::SkipTokenOrder => td_string!(l, api_hint.skip_token_order).to_string(),
        ApiHint::QueryParam { field, problem } => td_string!(l, api_hint.query_param, field = field.clone(), problem = problem.clone()).to_string(),
        ApiHint::ExportTooMany { max } => td_string!(l, api_hint.export_too_many, max = *max).to_string(),
        ApiHint::ExportRowsMax { max } => td_string!(l, api_hint.export_rows_max, max = *max).to_string(),
        ApiHint::FileNotUtf8 => td_string!(l, api_hint.file_not_utf8).to_string(),
        ApiHint::FileNul => td_string!(l, api_hint.file_nul).to_string(),
        ApiHint::HeaderUnreadable { detail } => td_string!(l, api_hint.header_unreadable, detail = detail.clone()).to_string(),
        ApiHint::NotAColumn { name, columns } => td_string!(l, api_hint.not_a_column, name = name.clone(), columns = columns.clone()).to_string(),
        ApiHint::UnknownColumns => td_string!(l, api_hint.unknown_columns).to_string(),
        ApiHint::RowUnreadable { row, detail } => td_string!(l, api_hint.row_unreadable, row = *row, detail = detail.clone()).to_string(),
        ApiHint::TooManyRows { max } => td_string!(l, api_hint.too_many_rows, max = *max).to_string(),
        ApiHint::RowsMax { max } => td_string!(l, api_hint.rows_max, max = *max).to_string(),
        ApiHint::NoRows => td_string!(l, api_hint.no_rows).to_string(),
        ApiHint::FileTooLarge { mb, rows } => td_string!(l, api_hint.file_too_large, mb = *mb, rows = *rows).to_string(),
        ApiHint::RowsNotImported { rows } => td_string!(l, api_hint.rows_not_imported, rows = *rows).to_string(),
        ApiHint::SendJson => td_string!(l, api_hint.send_json).to_string(),
        ApiHint::SendJsonOrPatch => td_string!(l, api_hint.send_json_or_patch).to_string(),
        ApiHint::SendCsv => td_string!(l, api_hint.send_csv).to_string(),
        ApiHint::IdempotencyKey => td_string!(l, api_hint.idempotency_key).to_string(),
        ApiHint::IfMatch => td_string!(l, api_hint.if_match).to_string(),
        ApiHint::OrderByField { value } => td_string!(l, api_hint.order_by_field, value = value.clone()).to_string(),
        ApiHint::OrderByDirection { value } => td_string!(l, api_hint.order_by_direction, value = value.clone()).to_string(),
        ApiHint::Filter { detail } => td_string!(l, api_hint.filter, detail = detail.clone()).to_string(),
    }
}
