//! Deal registration (SPEC §8): who may register (R-REG-1), the form and its rules (R-REG-3), and
//! the review (R-REG-4).

use super::deal::MicrosoftLevel;
use super::fields::{Email, PersonName, Phone};
use super::issues::{Code, Field, Issues};
use super::microsoft::{MicrosoftSide, MicrosoftStatus};
use super::money::{Amount, Currency};
use super::refusal::{Refused, Unmet};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// R-REG-4: Submitted → In review → Action required (partner fixes and resubmits) → Approved or
/// Rejected → Closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RegistrationState {
    Submitted,
    InReview,
    ActionRequired,
    Approved,
    Rejected,
    Closed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContractKind {
    New,
    Renewal,
}

/// R-REG-3: what the partner enters to register a won deal, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationDraft {
    pub contract_value: String,
    pub currency: String,
    pub signed_on: String,
    pub starts_on: String,
    pub ends_on: String,
    pub term_months: String,
    pub kind: ContractKind,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// Per solution: the id and the value attributed to it.
    pub solutions: Vec<(String, String)>,
    /// The company name and the incentive-eligible solution appear in the customer contract.
    pub contract_confirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationForm {
    pub contract_value: Amount,
    pub currency: Currency,
    pub signed_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub term_months: u16,
    pub kind: ContractKind,
    pub contact_name: PersonName,
    pub contact_email: Email,
    pub contact_phone: Phone,
    pub solutions: Vec<(String, Amount)>,
}

/// R-REG-3: parses the form; every problem is reported against its field.
pub fn parse_registration(draft: &RegistrationDraft, deal_solution_ids: &[String]) -> Result<RegistrationForm, Issues> {
    let mut issues = Issues::default();
    let date = |text: &str| super::details::parse_date(text);
    let value = issues.take(Field::ContractValue, Amount::parse(&draft.contract_value));
    let currency = issues.take(Field::ContractCurrency, Currency::parse(&draft.currency));
    let signed = issues.take(Field::SignedOn, date(&draft.signed_on));
    let starts = issues.take(Field::StartsOn, date(&draft.starts_on));
    let ends = issues.take(Field::EndsOn, date(&draft.ends_on));
    if let (Some(s), Some(st)) = (signed, starts) {
        if st < s {
            issues.error(Field::StartsOn, Code::StartBeforeSigning);
        }
    }
    if let (Some(st), Some(e)) = (starts, ends) {
        if e <= st {
            issues.error(Field::EndsOn, Code::EndNotAfterStart);
        }
    }
    let term = match draft.term_months.trim().parse::<u16>() {
        Ok(t) if (1..=120).contains(&t) => Some(t),
        Ok(_) => {
            issues.error(Field::TermMonths, Code::NotAnOption);
            None
        }
        Err(_) if draft.term_months.trim().is_empty() => {
            issues.error(Field::TermMonths, Code::Required);
            None
        }
        Err(_) => {
            issues.error(Field::TermMonths, Code::InvalidNumber);
            None
        }
    };
    let name = issues.take(Field::RegistrationContactName, PersonName::parse(&draft.contact_name));
    let email = issues.take(Field::RegistrationContactEmail, Email::parse(&draft.contact_email));
    let phone = issues.take(Field::RegistrationContactPhone, Phone::parse(&draft.contact_phone));
    let mut solutions = Vec::new();
    if draft.solutions.is_empty() {
        issues.error(Field::RegistrationSolutions, Code::NeedOneSolution);
    }
    for (id, value) in &draft.solutions {
        if !deal_solution_ids.contains(id) {
            issues.error(Field::RegistrationSolutions, Code::SolutionUnavailable);
        } else if let Some(v) = issues.take(Field::RegistrationSolutions, Amount::parse(value)) {
            solutions.push((id.clone(), v));
        }
    }
    if !draft.contract_confirmed {
        issues.error(Field::ContractConfirmed, Code::ContractNotConfirmed);
    }
    if issues.has_errors() {
        return Err(issues);
    }
    match (value, currency, signed, starts, ends, term, name, email, phone) {
        (Some(contract_value), Some(currency), Some(signed_on), Some(starts_on), Some(ends_on), Some(term_months), Some(contact_name), Some(contact_email), Some(contact_phone)) => {
            Ok(RegistrationForm {
                contract_value,
                currency,
                signed_on,
                starts_on,
                ends_on,
                term_months,
                kind: draft.kind,
                contact_name,
                contact_email,
                contact_phone,
                solutions,
            })
        }
        _ => Err(issues),
    }
}

/// A registration as it moves through review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    pub form: RegistrationForm,
    pub state: RegistrationState,
    /// R-REG-2: the deal was won within 72 hours of creation; the form repeats the warning.
    pub early_win_warning: bool,
    /// R-REG-4: what the reviewer asked the partner to fix, or why it was rejected.
    pub reviewer_message: Option<String>,
}

/// Program settings that may add later Partner Center criteria (R-REG-1); both off by default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationProgram {
    /// Minimum deal value in USD (Partner Center uses 25,000); deals in other currencies do not meet it.
    pub min_value_usd: Option<rust_decimal::Decimal>,
    pub require_microsoft_managed_customer: bool,
}

/// The facts of a deal that R-REG-1 looks at.
#[derive(Debug, Clone, Copy)]
pub struct Eligibility<'a> {
    pub is_assessment: bool,
    pub microsoft: &'a MicrosoftSide,
    pub has_incentive_solution: bool,
    pub won: bool,
    pub value: Amount,
    pub currency: Currency,
    pub customer_microsoft_managed: bool,
}

/// R-REG-1: eligible, or every unmet condition.
pub fn eligibility(facts: &Eligibility, program: &RegistrationProgram) -> Result<(), Vec<Unmet>> {
    let microsoft = facts.microsoft;
    let accepted = matches!(microsoft.status, Some(MicrosoftStatus::Accepted | MicrosoftStatus::Won));
    let below_minimum =
        program.min_value_usd.is_some_and(|min| facts.currency.as_str() != "USD" || facts.value.value() < min);
    let unmet: Vec<Unmet> = [
        (facts.is_assessment, Unmet::SolutionAssessment),
        (microsoft.level == MicrosoftLevel::None, Unmet::NotSharedWithMicrosoft),
        (!facts.has_incentive_solution, Unmet::NoIncentiveSolution),
        (!facts.won, Unmet::NotWon),
        (microsoft.level == MicrosoftLevel::Invited && !accepted, Unmet::MicrosoftHasNotAccepted),
        (below_minimum, Unmet::BelowMinimumValue),
        (program.require_microsoft_managed_customer && !facts.customer_microsoft_managed, Unmet::CustomerNotMicrosoftManaged),
    ]
    .into_iter()
    .filter_map(|(fails, unmet)| fails.then_some(unmet))
    .collect();
    if unmet.is_empty() { Ok(()) } else { Err(unmet) }
}

/// R-REG-1, R-REG-3: a first registration, submitted; R-REG-2's warning travels with it.
pub fn submit(current: &Option<Registration>, form: &RegistrationForm, early_win: bool) -> Result<Registration, Refused> {
    if current.is_some() {
        return Err(Refused::AlreadyRegistered);
    }
    Ok(Registration { form: form.clone(), state: RegistrationState::Submitted, early_win_warning: early_win, reviewer_message: None })
}

/// R-REG-4: what a reviewer (or, for `Resubmit`, the partner) does to a registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReviewAction {
    Start,
    RequestAction { message: String },
    /// The partner fixes the form and sends it again.
    Resubmit(RegistrationForm),
    Approve,
    Reject { message: String },
    Close,
}

/// R-REG-4: registrations of co-sell deals are reviewed; a partner-led deal's registration is not.
pub fn review(level: MicrosoftLevel, registration: Option<&mut Registration>, action: &ReviewAction) -> Result<RegistrationState, Refused> {
    use RegistrationState as S;
    if level != MicrosoftLevel::Invited {
        return Err(Refused::ReviewOnlyForCoSell);
    }
    let reg = registration.ok_or(Refused::WrongRegistrationState)?;
    let next = match (reg.state, action) {
        (S::Submitted, ReviewAction::Start) => S::InReview,
        (S::InReview, ReviewAction::RequestAction { message }) => {
            reg.reviewer_message = Some(message.clone());
            S::ActionRequired
        }
        (S::ActionRequired, ReviewAction::Resubmit(form)) => {
            reg.form = form.clone();
            reg.reviewer_message = None;
            S::Submitted
        }
        (S::InReview, ReviewAction::Approve) => S::Approved,
        (S::InReview, ReviewAction::Reject { message }) => {
            reg.reviewer_message = Some(message.clone());
            S::Rejected
        }
        (S::Approved | S::Rejected, ReviewAction::Close) => S::Closed,
        _ => return Err(Refused::WrongRegistrationState),
    };
    reg.state = next;
    Ok(next)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn draft() -> RegistrationDraft {
        RegistrationDraft {
            contract_value: "30000".into(),
            currency: "USD".into(),
            signed_on: "2026-11-20".into(),
            starts_on: "2026-12-01".into(),
            ends_on: "2027-11-30".into(),
            term_months: "12".into(),
            kind: ContractKind::New,
            contact_name: "Reg Contact".into(),
            contact_email: "reg@fabrikam.example".into(),
            contact_phone: "+1 425 555 0101".into(),
            solutions: vec![("s1".into(), "30000".into())],
            contract_confirmed: true,
        }
    }

    fn codes(issues: &Issues, field: Field) -> Vec<Code> {
        issues.0.iter().filter(|i| i.field == field).map(|i| i.code.clone()).collect()
    }

    // R-REG-3: a complete form parses.
    #[test]
    fn complete_form_parses() {
        let form = parse_registration(&draft(), &["s1".into()]).unwrap();
        assert_eq!(form.term_months, 12);
        assert_eq!(form.solutions.len(), 1);
    }

    // R-REG-3: start not before signing, end after start, confirmation required, known solutions.
    #[test]
    fn form_rules() {
        let d = RegistrationDraft { starts_on: "2026-11-01".into(), ends_on: "2026-10-01".into(), contract_confirmed: false, term_months: "x".into(), ..draft() };
        let issues = parse_registration(&d, &["s1".into()]).unwrap_err();
        assert_eq!(codes(&issues, Field::StartsOn), [Code::StartBeforeSigning]);
        assert_eq!(codes(&issues, Field::EndsOn), [Code::EndNotAfterStart]);
        assert_eq!(codes(&issues, Field::ContractConfirmed), [Code::ContractNotConfirmed]);
        assert_eq!(codes(&issues, Field::TermMonths), [Code::InvalidNumber]);
        let d = RegistrationDraft { solutions: vec![("other".into(), "1".into())], term_months: "0".into(), ..draft() };
        let issues = parse_registration(&d, &["s1".into()]).unwrap_err();
        assert_eq!(codes(&issues, Field::RegistrationSolutions), [Code::SolutionUnavailable]);
        assert_eq!(codes(&issues, Field::TermMonths), [Code::NotAnOption]);
        let d = RegistrationDraft { solutions: vec![], term_months: " ".into(), contact_email: "x".into(), ..draft() };
        let issues = parse_registration(&d, &["s1".into()]).unwrap_err();
        assert_eq!(codes(&issues, Field::RegistrationSolutions), [Code::NeedOneSolution]);
        assert_eq!(codes(&issues, Field::TermMonths), [Code::Required]);
        assert_eq!(codes(&issues, Field::RegistrationContactEmail), [Code::InvalidEmail]);
    }
}
