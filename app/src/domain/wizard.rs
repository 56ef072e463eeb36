//! The New deal wizard's rules (SPEC §5): one function per step, run in the browser as the user
//! types and again on the server before anything is written.

use super::catalog::{SolutionCategory, SolutionInfo, any_incentive};
use super::contact::{self, Contact, ContactDraft};
use super::deal::{DealType, HelpNeeded, MicrosoftLevel};
use super::details::{self, Details, DetailsDraft};
use super::invitations::{self, InvitationContext, InvitationDraft, PartnerInvitation, PartnerOption};
use super::issues::{Code, Field, Issues};
use super::solutions;
use super::team::{self, MemberDraft, TeamMember};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Everything the user typed, exactly as typed: a failed step never loses it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DealDraft {
    pub customer_country: String,
    /// The entity picked from the suggestions (R-NEW-1).
    pub customer_id: Option<String>,
    pub contact: ContactDraft,
    pub deal_name: String,
    pub location_id: String,
    pub value: String,
    pub currency: String,
    pub close_date: String,
    pub crm_id: String,
    pub campaign_id: String,
    pub notes: String,
    pub team: Vec<MemberDraft>,
    pub solution_ids: Vec<String>,
    pub help: HelpNeeded,
    pub share_with_microsoft: bool,
    /// R-NEW-5: the partners invited on the selling step, each checked when it was added.
    #[serde(default)]
    pub invitations: Vec<InvitationDraft>,
}

impl Default for DealDraft {
    fn default() -> Self {
        DealDraft {
            customer_country: String::new(),
            customer_id: None,
            contact: ContactDraft::default(),
            deal_name: String::new(),
            location_id: String::new(),
            value: String::new(),
            currency: "USD".into(),
            close_date: String::new(),
            crm_id: String::new(),
            campaign_id: String::new(),
            notes: String::new(),
            team: vec![MemberDraft::default()],
            solution_ids: Vec::new(),
            help: HelpNeeded::None,
            share_with_microsoft: false,
            invitations: Vec::new(),
        }
    }
}

/// The facts validation needs beyond the draft, resolved by the caller: on the server from the
/// database, in the browser from what the server sent. The server never takes them from the browser.
#[derive(Debug, Clone, Copy)]
pub struct WizardContext<'a> {
    pub today: NaiveDate,
    /// The org's MPN location ids (R-NEW-2).
    pub location_ids: &'a [String],
    /// The picked customer entity's country, if the id names a directory entity.
    pub customer_country: Option<&'a str>,
    /// The catalog as offered to the org (R-CAT-2).
    pub catalog: &'a [SolutionInfo],
    /// R-ORG-6.
    pub org_vetted: bool,
    /// Partner organizations that may be invited (R-NEW-5).
    pub partners: &'a [PartnerOption],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Step {
    Customer,
    Details,
    Team,
    Solutions,
    Selling,
    Review,
}

impl Step {
    pub const ALL: [Step; 6] = [Step::Customer, Step::Details, Step::Team, Step::Solutions, Step::Selling, Step::Review];
}

/// The step on which a field is entered, to send the user back to it.
pub fn step_of(field: Field) -> Step {
    match field {
        Field::CustomerCountry
        | Field::Customer
        | Field::ContactName
        | Field::ContactPhone
        | Field::ContactEmail
        | Field::ContactConsent => Step::Customer,
        Field::DealName
        | Field::Location
        | Field::Value
        | Field::Currency
        | Field::CloseDate
        | Field::CrmId
        | Field::CampaignId
        | Field::Notes => Step::Details,
        Field::Team | Field::MemberName(_) | Field::MemberPhone(_) | Field::MemberEmail(_) => Step::Team,
        Field::Solutions => Step::Solutions,
        Field::Help | Field::ShareWithMicrosoft | Field::Invitation(_) => Step::Selling,
        // Registration fields are not on the wizard.
        _ => Step::Review,
    }
}

/// R-TYPE-5: a solution assessment has no selling-type step.
pub fn steps(draft: &DealDraft, ctx: &WizardContext) -> Vec<Step> {
    let assessment = is_assessment(draft, ctx);
    Step::ALL.into_iter().filter(|s| !(assessment && *s == Step::Selling)).collect()
}

fn chosen<'a>(draft: &DealDraft, ctx: &WizardContext<'a>) -> Vec<&'a SolutionInfo> {
    draft.solution_ids.iter().filter_map(|id| ctx.catalog.iter().find(|s| &s.id == id)).collect()
}

pub fn is_assessment(draft: &DealDraft, ctx: &WizardContext) -> bool {
    chosen(draft, ctx).iter().any(|s| s.category == SolutionCategory::Assessment)
}

/// R-TYPE-0..5: Microsoft's level as the answers stand; an assessment never involves it.
pub fn microsoft_level(draft: &DealDraft, ctx: &WizardContext) -> MicrosoftLevel {
    if is_assessment(draft, ctx) {
        MicrosoftLevel::None
    } else {
        MicrosoftLevel::from_answers(draft.help, draft.share_with_microsoft)
    }
}

/// The type shown live on the selling-type step (R-TYPE-0); invited partners make it P2P (R-TYPE-4).
pub fn deal_type(draft: &DealDraft, ctx: &WizardContext) -> DealType {
    let assessment = is_assessment(draft, ctx);
    DealType::derive(microsoft_level(draft, ctx), !assessment && !draft.invitations.is_empty(), assessment)
}

/// R-NEW-1: country, the picked entity, and the contact (required for co-sell, with consent).
fn check_customer(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) {
    if draft.customer_country.trim().is_empty() {
        issues.error(Field::CustomerCountry, Code::Required);
    }
    match (&draft.customer_id, ctx.customer_country) {
        (None, _) | (Some(_), None) => issues.error(Field::Customer, Code::CustomerNotChosen),
        (Some(_), Some(country)) if country != draft.customer_country => {
            issues.error(Field::Customer, Code::CustomerWrongCountry)
        }
        _ => {}
    }
    check_contact(draft, ctx, issues);
}

fn check_contact(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) {
    contact::parse(&draft.contact, microsoft_level(draft, ctx), issues);
}

impl DealDraft {
    /// The details as the details module reads them.
    pub fn details(&self) -> DetailsDraft {
        DetailsDraft {
            name: self.deal_name.clone(),
            value: self.value.clone(),
            currency: self.currency.clone(),
            close_date: self.close_date.clone(),
            notes: self.notes.clone(),
            crm_id: self.crm_id.clone(),
            campaign_id: self.campaign_id.clone(),
        }
    }
}

/// R-NEW-2: the details, a location of the org's, and a warning for a close date in the past.
fn check_details(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) -> Option<Details> {
    if draft.location_id.trim().is_empty() {
        issues.error(Field::Location, Code::Required);
    } else if !ctx.location_ids.iter().any(|l| l == &draft.location_id) {
        issues.error(Field::Location, Code::NotAnOption);
    }
    let parsed = details::parse(&draft.details(), issues);
    if parsed.as_ref().is_some_and(|d| d.close_date < ctx.today) {
        issues.warning(Field::CloseDate, Code::DateInPast);
    }
    parsed
}

/// R-NEW-3.
fn check_team(draft: &DealDraft, issues: &mut Issues) -> Vec<TeamMember> {
    if let Some(code) = team::size_issue(draft.team.len()) {
        issues.error(Field::Team, code);
    }
    team::parse(&draft.team, 0, issues)
}

/// R-NEW-4, R-TYPE-5, R-ORG-6.
fn check_solutions(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) -> Vec<SolutionInfo> {
    let picked = solutions::pick(&draft.solution_ids, ctx.catalog, Field::Solutions, issues);
    solutions::issues_of(&picked, draft.solution_ids.len(), Field::Solutions, issues);
    if picked.iter().any(solutions::is_assessment) && !ctx.org_vetted {
        issues.error(Field::Solutions, Code::AssessmentNotVetted);
    }
    picked
}

/// R-NEW-5: every invitation by the deal page's own parser, against the team as typed; a problem
/// is shown on the invitation's row (each was checked field by field when it was added).
fn check_invitations(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) -> Vec<PartnerInvitation> {
    let team = team::parse(&draft.team, 0, &mut Issues::default());
    let invitation_ctx = InvitationContext { team: &team, catalog: ctx.catalog, partners: ctx.partners };
    let mut parsed = Vec::new();
    for (i, d) in draft.invitations.iter().enumerate() {
        let mut own = Issues::default();
        let invitation = invitations::parse(d, &invitation_ctx, &mut own);
        if draft.invitations[..i].iter().any(|earlier| earlier.partner_org_id == d.partner_org_id) {
            own.error(Field::Partner, Code::DuplicatePartner);
        }
        match own.0.into_iter().find(|issue| issue.is_error()) {
            Some(issue) => issues.error(Field::Invitation(i), issue.code),
            None => parsed.extend(invitation),
        }
    }
    parsed
}

/// §3a: Q-HELP and Q-VIEW; co-sell needs the customer contact (R-NEW-1); a private deal with an
/// incentive-eligible solution is warned about (R-TYPE-1).
fn check_selling(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) -> Vec<PartnerInvitation> {
    if is_assessment(draft, ctx) {
        return Vec::new();
    }
    check_contact(draft, ctx, issues);
    let picked: Vec<SolutionInfo> = chosen(draft, ctx).into_iter().cloned().collect();
    if microsoft_level(draft, ctx) == MicrosoftLevel::None && any_incentive(&picked) {
        issues.warning(Field::ShareWithMicrosoft, Code::PrivateWithIncentive);
    }
    check_invitations(draft, ctx, issues)
}

/// The issues of one step. `Review` checks everything.
pub fn check_step(step: Step, draft: &DealDraft, ctx: &WizardContext) -> Issues {
    let mut issues = Issues::default();
    match step {
        Step::Customer => check_customer(draft, ctx, &mut issues),
        Step::Details => drop(check_details(draft, ctx, &mut issues)),
        Step::Team => drop(check_team(draft, &mut issues)),
        Step::Solutions => drop(check_solutions(draft, ctx, &mut issues)),
        Step::Selling => drop(check_selling(draft, ctx, &mut issues)),
        Step::Review => return check_all(draft, ctx),
    }
    issues
}

fn check_all(draft: &DealDraft, ctx: &WizardContext) -> Issues {
    let mut all = Issues::default();
    for step in steps(draft, ctx).into_iter().filter(|s| *s != Step::Review) {
        for issue in check_step(step, draft, ctx).0 {
            if !all.0.contains(&issue) {
                all.push(issue);
            }
        }
    }
    all
}

/// R-ORG-5, R-TYPE-7: a Microsoft seller's referral goes through the wizard's own steps and rules,
/// less the team (the partner adds its own people when it accepts, R-LIFE-1) and partner
/// invitations; its selling step is the help Microsoft offers, never "none", so it is always
/// co-sell and the customer contact with consent is required (R-NEW-1).
pub const REFERRAL_STEPS: [Step; 5] = [Step::Customer, Step::Details, Step::Solutions, Step::Selling, Step::Review];

/// The issues of one step of a Microsoft referral (`REFERRAL_STEPS`); `Review` checks all.
pub fn check_referral_step(step: Step, draft: &DealDraft, ctx: &WizardContext) -> Issues {
    let mut issues = Issues::default();
    match step {
        Step::Customer => check_customer(draft, ctx, &mut issues),
        Step::Details => drop(check_details(draft, ctx, &mut issues)),
        Step::Solutions => drop(check_solutions(draft, ctx, &mut issues)),
        Step::Selling => {
            if draft.help == HelpNeeded::None {
                issues.error(Field::Help, Code::Required);
            }
            check_contact(draft, ctx, &mut issues);
        }
        Step::Team => {}
        Step::Review => {
            for step in REFERRAL_STEPS.into_iter().filter(|s| *s != Step::Review) {
                for issue in check_referral_step(step, draft, ctx).0 {
                    if !issues.0.contains(&issue) {
                        issues.push(issue);
                    }
                }
            }
        }
    }
    issues
}

/// A Microsoft referral that passed every rule of `check_referral_step`.
pub fn validate_referral(draft: &DealDraft, ctx: &WizardContext) -> Result<ValidDeal, Issues> {
    let issues = check_referral_step(Step::Review, draft, ctx);
    if issues.has_errors() {
        return Err(issues);
    }
    let mut unused = Issues::default();
    let mut parsed = || -> Option<ValidDeal> {
        Some(ValidDeal {
            customer_id: draft.customer_id.clone()?,
            contact: contact::parse(&draft.contact, MicrosoftLevel::Invited, &mut unused)?,
            location_id: draft.location_id.clone(),
            details: check_details(draft, ctx, &mut unused)?,
            team: Vec::new(),
            solutions: check_solutions(draft, ctx, &mut unused),
            help: draft.help,
            microsoft_level: MicrosoftLevel::Invited,
            is_assessment: false,
            invitations: Vec::new(),
            warnings: issues.clone(),
        })
    };
    parsed().ok_or_else(|| Issues::one(Field::Customer, Code::CustomerNotChosen))
}

/// A deal that passed every rule, with the warnings the user confirmed seeing.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidDeal {
    pub customer_id: String,
    pub contact: Contact,
    pub location_id: String,
    pub details: Details,
    pub team: Vec<TeamMember>,
    pub solutions: Vec<SolutionInfo>,
    pub help: HelpNeeded,
    pub microsoft_level: MicrosoftLevel,
    pub is_assessment: bool,
    /// R-NEW-5: partners to invite as soon as the deal exists.
    pub invitations: Vec<PartnerInvitation>,
    pub warnings: Issues,
}

/// Every step's rules; on success the parsed deal, else every issue (errors and warnings).
pub fn validate(draft: &DealDraft, ctx: &WizardContext) -> Result<ValidDeal, Issues> {
    let issues = check_all(draft, ctx);
    if issues.has_errors() {
        return Err(issues);
    }
    let mut unused = Issues::default();
    let assessment = is_assessment(draft, ctx);
    let level = microsoft_level(draft, ctx);
    // check_all has already rejected every input these parses could fail on.
    let mut parsed = || -> Option<ValidDeal> {
        Some(ValidDeal {
            customer_id: draft.customer_id.clone()?,
            contact: contact::parse(&draft.contact, level, &mut unused)?,
            location_id: draft.location_id.clone(),
            details: check_details(draft, ctx, &mut unused)?,
            team: check_team(draft, &mut unused),
            solutions: check_solutions(draft, ctx, &mut unused),
            help: if assessment { HelpNeeded::None } else { draft.help },
            microsoft_level: level,
            is_assessment: assessment,
            invitations: check_selling(draft, ctx, &mut unused),
            warnings: issues.clone(),
        })
    };
    parsed().ok_or_else(|| Issues::one(Field::Customer, Code::CustomerNotChosen))
}

#[cfg(test)]
mod tests;
