//! The New deal wizard's rules (SPEC §5): one function per step, run in the browser as the user
//! types and again on the server before anything is written.

use super::catalog::{SolutionCategory, SolutionInfo, any_incentive};
use super::deal::{DealType, HelpNeeded, MicrosoftLevel};
use super::fields::{CampaignId, CrmId, DealName, Email, Notes, PersonName, Phone};
use super::issues::{Code, Field, Issues};
use super::contact::{self, Contact, ContactDraft};
use super::lifecycle::Details;
use super::money::{Amount, Currency};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const MAX_SOLUTIONS: usize = 50;
pub const MAX_TEAM: usize = 50;

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
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDraft {
    pub name: String,
    pub phone: String,
    pub email: String,
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
        Field::Help | Field::ShareWithMicrosoft => Step::Selling,
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

/// The type shown live on the selling-type step (R-TYPE-0). Partner invitations come with P2P.
pub fn deal_type(draft: &DealDraft, ctx: &WizardContext) -> DealType {
    DealType::derive(microsoft_level(draft, ctx), false, is_assessment(draft, ctx))
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

/// R-NEW-2.
fn check_details(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) {
    issues.take(Field::DealName, DealName::parse(&draft.deal_name));
    if draft.location_id.trim().is_empty() {
        issues.error(Field::Location, Code::Required);
    } else if !ctx.location_ids.iter().any(|l| l == &draft.location_id) {
        issues.error(Field::Location, Code::NotAnOption);
    }
    issues.take(Field::Value, Amount::parse(&draft.value));
    issues.take(Field::Currency, Currency::parse(&draft.currency));
    if let Some(date) = issues.take(Field::CloseDate, parse_date(&draft.close_date)) {
        if date < ctx.today {
            issues.warning(Field::CloseDate, Code::DateInPast);
        }
    }
    issues.take(Field::CrmId, CrmId::parse_optional(&draft.crm_id));
    issues.take(Field::CampaignId, CampaignId::parse_optional(&draft.campaign_id));
    issues.take(Field::Notes, Notes::parse_optional(&draft.notes));
}

/// The years a date of a deal or contract may fall in: anything else is a typing slip.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

pub fn parse_date(text: &str) -> Result<NaiveDate, Code> {
    use chrono::Datelike;
    let text = text.trim();
    if text.is_empty() {
        return Err(Code::Required);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Code::InvalidDate)?;
    if YEARS.contains(&date.year()) { Ok(date) } else { Err(Code::DateOutOfRange { from: *YEARS.start(), to: *YEARS.end() }) }
}

/// R-NEW-3.
fn check_team(draft: &DealDraft, issues: &mut Issues) {
    if draft.team.is_empty() {
        issues.error(Field::Team, Code::NeedOneMember);
    }
    if draft.team.len() > MAX_TEAM {
        issues.error(Field::Team, Code::TooManyMembers { max: MAX_TEAM });
    }
    for (i, m) in draft.team.iter().enumerate() {
        issues.take(Field::MemberName(i), PersonName::parse(&m.name));
        issues.take(Field::MemberPhone(i), Phone::parse(&m.phone));
        issues.take(Field::MemberEmail(i), Email::parse(&m.email));
    }
}

/// R-NEW-4, R-TYPE-5, R-ORG-6.
fn check_solutions(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) {
    let picked = chosen(draft, ctx);
    if super::catalog::has_repeats(draft.solution_ids.iter().map(String::as_str)) {
        issues.error(Field::Solutions, Code::DuplicateSolution);
    } else if picked.len() != draft.solution_ids.len() {
        issues.error(Field::Solutions, Code::SolutionUnavailable);
    }
    if draft.solution_ids.is_empty() {
        issues.error(Field::Solutions, Code::NeedOneSolution);
    } else if draft.solution_ids.len() > MAX_SOLUTIONS {
        issues.error(Field::Solutions, Code::TooManySolutions { max: MAX_SOLUTIONS });
    }
    let assessments = picked.iter().filter(|s| s.category == SolutionCategory::Assessment).count();
    if assessments > 0 && draft.solution_ids.len() > 1 {
        issues.error(Field::Solutions, Code::AssessmentAlone);
    }
    if assessments > 0 && !ctx.org_vetted {
        issues.error(Field::Solutions, Code::AssessmentNotVetted);
    }
}

/// §3a: Q-HELP and Q-VIEW; co-sell needs the customer contact (R-NEW-1); a private deal with an
/// incentive-eligible solution is warned about (R-TYPE-1).
fn check_selling(draft: &DealDraft, ctx: &WizardContext, issues: &mut Issues) {
    if is_assessment(draft, ctx) {
        return;
    }
    check_contact(draft, ctx, issues);
    let picked: Vec<SolutionInfo> = chosen(draft, ctx).into_iter().cloned().collect();
    if microsoft_level(draft, ctx) == MicrosoftLevel::None && any_incentive(&picked) {
        issues.warning(Field::ShareWithMicrosoft, Code::PrivateWithIncentive);
    }
}

/// The issues of one step. `Review` checks everything.
pub fn check_step(step: Step, draft: &DealDraft, ctx: &WizardContext) -> Issues {
    let mut issues = Issues::default();
    match step {
        Step::Customer => check_customer(draft, ctx, &mut issues),
        Step::Details => check_details(draft, ctx, &mut issues),
        Step::Team => check_team(draft, &mut issues),
        Step::Solutions => check_solutions(draft, ctx, &mut issues),
        Step::Selling => check_selling(draft, ctx, &mut issues),
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
    pub warnings: Issues,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: PersonName,
    pub phone: Phone,
    pub email: Email,
}

/// Every step's rules; on success the parsed deal, else every issue (errors and warnings).
pub fn validate(draft: &DealDraft, ctx: &WizardContext) -> Result<ValidDeal, Issues> {
    let issues = check_all(draft, ctx);
    if issues.has_errors() {
        return Err(issues);
    }
    let parse = || -> Result<ValidDeal, Code> {
        let assessment = is_assessment(draft, ctx);
        Ok(ValidDeal {
            customer_id: draft.customer_id.clone().ok_or(Code::CustomerNotChosen)?,
            contact: contact::parse(&draft.contact, microsoft_level(draft, ctx), &mut Issues::default())
                .ok_or(Code::Required)?,
            location_id: draft.location_id.clone(),
            details: Details {
                name: DealName::parse(&draft.deal_name)?,
                value: Amount::parse(&draft.value)?,
                currency: Currency::parse(&draft.currency)?,
                close_date: parse_date(&draft.close_date)?,
                crm_id: CrmId::parse_optional(&draft.crm_id)?,
                campaign_id: CampaignId::parse_optional(&draft.campaign_id)?,
                notes: Notes::parse_optional(&draft.notes)?,
            },
            team: draft
                .team
                .iter()
                .map(|m| Ok(TeamMember { name: PersonName::parse(&m.name)?, phone: Phone::parse(&m.phone)?, email: Email::parse(&m.email)? }))
                .collect::<Result<_, Code>>()?,
            solutions: chosen(draft, ctx).into_iter().cloned().collect(),
            help: if assessment { HelpNeeded::None } else { draft.help },
            microsoft_level: microsoft_level(draft, ctx),
            is_assessment: assessment,
            warnings: issues.clone(),
        })
    };
    // check_all has already rejected every input these parses could fail on.
    parse().map_err(|code| Issues(vec![super::issues::Issue::error(Field::DealName, code)]))
}

#[cfg(test)]
mod tests;
