//! Deal registration (SPEC §8): the form, its rules, and the review states.

use super::fields::{Email, PersonName, Phone};
use super::issues::{Code, Field, Issues};
use super::money::{Amount, Currency};
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
    let date = |text: &str| super::wizard::parse_date(text);
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
