//! What validation says about a field: errors block, warnings are shown and must be confirmed (R-NEW-2).

use serde::{Deserialize, Serialize};

/// Every input the wizard has, so a message can be placed beside the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    CustomerCountry,
    Customer,
    ContactName,
    ContactPhone,
    ContactEmail,
    ContactConsent,
    DealName,
    Location,
    Value,
    Currency,
    CloseDate,
    CrmId,
    CampaignId,
    Notes,
    Team,
    MemberName(usize),
    MemberPhone(usize),
    MemberEmail(usize),
    Solutions,
    Help,
    ShareWithMicrosoft,
    ContractValue,
    ContractCurrency,
    SignedOn,
    StartsOn,
    EndsOn,
    TermMonths,
    RegistrationContactName,
    RegistrationContactEmail,
    RegistrationContactPhone,
    RegistrationSolutions,
    ContractConfirmed,
    UserEmail,
    UserName,
    UserRoles,
    UserScopes,
    UserPassword,
    /// The partner invited to a deal (R-NEW-5).
    Partner,
    /// What the deal needs from an invited partner (R-NEW-5).
    PartnerHelp,
    /// One of the wizard's partner invitations, as a whole (R-NEW-5).
    Invitation(usize),
    /// The text filter of a deal list (R-TAB-2).
    Search,
    /// An API token's name and lifetime (X-API).
    TokenName,
    TokenExpiry,
    /// A webhook's address and events (X-API).
    WebhookUrl,
    WebhookEvents,
}

impl Field {
    /// A stable name used in HTML ids and API error details.
    pub fn key(&self) -> String {
        match self {
            Field::CustomerCountry => "customer-country".into(),
            Field::Customer => "customer".into(),
            Field::ContactName => "contact-name".into(),
            Field::ContactPhone => "contact-phone".into(),
            Field::ContactEmail => "contact-email".into(),
            Field::ContactConsent => "contact-consent".into(),
            Field::DealName => "deal-name".into(),
            Field::Location => "location".into(),
            Field::Value => "value".into(),
            Field::Currency => "currency".into(),
            Field::CloseDate => "close-date".into(),
            Field::CrmId => "crm-id".into(),
            Field::CampaignId => "campaign-id".into(),
            Field::Notes => "notes".into(),
            Field::Team => "team".into(),
            Field::MemberName(i) => format!("member-{i}-name"),
            Field::MemberPhone(i) => format!("member-{i}-phone"),
            Field::MemberEmail(i) => format!("member-{i}-email"),
            Field::Solutions => "solutions".into(),
            Field::Help => "help".into(),
            Field::ShareWithMicrosoft => "share-with-microsoft".into(),
            Field::ContractValue => "contract-value".into(),
            Field::ContractCurrency => "contract-currency".into(),
            Field::SignedOn => "signed-on".into(),
            Field::StartsOn => "starts-on".into(),
            Field::EndsOn => "ends-on".into(),
            Field::TermMonths => "term-months".into(),
            Field::RegistrationContactName => "registration-contact-name".into(),
            Field::RegistrationContactEmail => "registration-contact-email".into(),
            Field::RegistrationContactPhone => "registration-contact-phone".into(),
            Field::RegistrationSolutions => "registration-solutions".into(),
            Field::ContractConfirmed => "contract-confirmed".into(),
            Field::UserEmail => "user-email".into(),
            Field::UserName => "user-name".into(),
            Field::UserRoles => "user-roles".into(),
            Field::UserScopes => "user-scopes".into(),
            Field::UserPassword => "user-password".into(),
            Field::Partner => "partner".into(),
            Field::PartnerHelp => "partner-help".into(),
            Field::Invitation(i) => format!("invitation-{i}"),
            Field::Search => "search".into(),
            Field::TokenName => "token-name".into(),
            Field::TokenExpiry => "token-expiry".into(),
            Field::WebhookUrl => "webhook-url".into(),
            Field::WebhookEvents => "webhook-events".into(),
        }
    }
}

/// What is wrong, independent of language: the UI translates it, the API names its rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Code {
    Required,
    TooLong { max: usize },
    InvalidEmail,
    InvalidPhone,
    InvalidNumber,
    NotPositive,
    TooManyDecimals,
    TooLarge,
    UnknownCurrency,
    InvalidDate,
    DateInPast,
    NotAnOption,
    CustomerNotChosen,
    CustomerWrongCountry,
    NeedOneMember,
    TooManyMembers { max: usize },
    NeedOneSolution,
    TooManySolutions { max: usize },
    AssessmentAlone,
    AssessmentNotVetted,
    AssessmentKindFixed,
    SolutionUnavailable,
    RequiredForCoSell,
    ConsentRequired,
    PrivateWithIncentive,
    StartBeforeSigning,
    EndNotAfterStart,
    ContractNotConfirmed,
    ScopeRequired,
    PasswordTooShort { min: usize },
    /// Tabs, line breaks (outside notes) and other invisible control characters.
    ControlCharacters,
    /// A date outside the years this product accepts.
    DateOutOfRange { from: i32, to: i32 },
    /// The same solution chosen twice.
    DuplicateSolution,
    /// R-ORG-2: users are added at their organization's own e-mail domains only.
    EmailDomainNotOrgs,
    /// R-NEW-5: the same partner invited twice.
    DuplicatePartner,
    /// R-CAT-3: several directory entities share the name and place given; only the D-U-N-S
    /// number tells them apart (API).
    CustomerAmbiguous,
    /// X-API: a webhook address that is not an http(s) URL.
    InvalidUrl,
    /// X-API: webhooks are delivered over TLS only.
    UrlNotHttps,
    /// X-API: an address on this machine or a private network.
    UrlPrivate,
    /// X-API: an organization has at most this many webhooks.
    TooManyHooks { max: usize },
    /// X-API: an import names the same referral in an earlier row.
    DuplicateRow { row: usize },
}

impl Code {
    /// The SPEC rule that this check enforces.
    pub fn rule(&self) -> &'static str {
        match self {
            Code::CustomerNotChosen | Code::CustomerWrongCountry => "R-NEW-1",
            Code::CustomerAmbiguous => "R-CAT-3",
            Code::InvalidUrl | Code::UrlNotHttps | Code::UrlPrivate | Code::TooManyHooks { .. } | Code::DuplicateRow { .. } => "X-API",
            Code::RequiredForCoSell | Code::ConsentRequired => "R-NEW-1",
            Code::NeedOneMember | Code::TooManyMembers { .. } => "R-NEW-3",
            Code::NeedOneSolution | Code::TooManySolutions { .. } | Code::SolutionUnavailable => "R-NEW-4",
            Code::AssessmentAlone | Code::AssessmentNotVetted | Code::AssessmentKindFixed => "R-TYPE-5",
            Code::PrivateWithIncentive => "R-TYPE-1",
            Code::StartBeforeSigning | Code::EndNotAfterStart | Code::ContractNotConfirmed => "R-REG-3",
            Code::ScopeRequired | Code::PasswordTooShort { .. } | Code::EmailDomainNotOrgs => "R-ORG-2",
            Code::DuplicateSolution => "R-NEW-4",
            Code::DuplicatePartner => "R-NEW-5",
            _ => "R-NEW-2",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    pub field: Field,
    pub code: Code,
    pub severity: Severity,
}

impl Issue {
    pub fn error(field: Field, code: Code) -> Self {
        Issue { field, code, severity: Severity::Error }
    }
    pub fn warning(field: Field, code: Code) -> Self {
        Issue { field, code, severity: Severity::Warning }
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The issues of one validation run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issues(pub Vec<Issue>);

impl Issues {
    /// A single error on one field.
    pub fn one(field: Field, code: Code) -> Self {
        let mut issues = Issues::default();
        issues.error(field, code);
        issues
    }

    pub fn push(&mut self, issue: Issue) {
        self.0.push(issue);
    }
    pub fn error(&mut self, field: Field, code: Code) {
        self.push(Issue::error(field, code));
    }
    pub fn warning(&mut self, field: Field, code: Code) {
        self.push(Issue::warning(field, code));
    }
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Issue::is_error)
    }
    pub fn has_warnings(&self) -> bool {
        self.0.iter().any(|i| !i.is_error())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The first issue of a field (errors before warnings), for the message beside it.
    pub fn for_field(&self, field: Field) -> Option<&Issue> {
        let mut of_field = self.0.iter().filter(|i| i.field == field);
        let first = of_field.clone().find(|i| i.is_error());
        first.or_else(|| of_field.next())
    }
    pub fn extend(&mut self, other: Issues) {
        self.0.extend(other.0);
    }
    /// Collects the error of a parse result, if any.
    pub fn take<T>(&mut self, field: Field, result: Result<T, Code>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(code) => {
                self.error(field, code);
                None
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const FIELDS: [Field; 35] = [
        Field::CustomerCountry, Field::Customer, Field::ContactName, Field::ContactPhone, Field::ContactEmail,
        Field::ContactConsent, Field::DealName, Field::Location, Field::Value, Field::Currency, Field::CloseDate,
        Field::CrmId, Field::CampaignId, Field::Notes, Field::Team, Field::MemberName(0), Field::MemberPhone(0),
        Field::MemberEmail(0), Field::MemberName(1), Field::Solutions, Field::Help, Field::ShareWithMicrosoft,
        Field::ContractValue, Field::ContractCurrency, Field::SignedOn, Field::StartsOn, Field::EndsOn, Field::TermMonths,
        Field::RegistrationContactName, Field::RegistrationContactEmail, Field::RegistrationContactPhone,
        Field::RegistrationSolutions, Field::ContractConfirmed, Field::MemberPhone(1), Field::MemberEmail(1),
    ];

    // API error details name fields by these keys: they must be distinct (X-API).
    #[test]
    fn field_keys_are_distinct() {
        let keys: std::collections::HashSet<_> = FIELDS.iter().map(Field::key).collect();
        assert_eq!(keys.len(), FIELDS.len());
    }

    /// Every validation code, for tests that walk them all.
    pub(crate) fn every_code() -> Vec<Code> {
        let codes = [
            Code::Required, Code::TooLong { max: 3 }, Code::InvalidEmail, Code::InvalidPhone, Code::InvalidNumber,
            Code::NotPositive, Code::TooManyDecimals, Code::TooLarge, Code::UnknownCurrency, Code::InvalidDate,
            Code::DateInPast, Code::NotAnOption, Code::CustomerNotChosen, Code::CustomerWrongCountry, Code::NeedOneMember,
            Code::TooManyMembers { max: 2 }, Code::NeedOneSolution, Code::TooManySolutions { max: 2 }, Code::AssessmentAlone,
            Code::AssessmentNotVetted, Code::AssessmentKindFixed, Code::SolutionUnavailable, Code::RequiredForCoSell,
            Code::ConsentRequired, Code::PrivateWithIncentive, Code::StartBeforeSigning, Code::EndNotAfterStart,
            Code::ContractNotConfirmed, Code::ScopeRequired, Code::PasswordTooShort { min: 10 }, Code::ControlCharacters,
            Code::DateOutOfRange { from: 2000, to: 2100 }, Code::DuplicateSolution, Code::EmailDomainNotOrgs,
            Code::DuplicatePartner, Code::CustomerAmbiguous, Code::InvalidUrl, Code::UrlNotHttps, Code::UrlPrivate,
            Code::TooManyHooks { max: 10 }, Code::DuplicateRow { row: 2 },
        ];
        codes.to_vec()
    }

    // Every validation code names its SPEC rule (its words are in the locale files).
    #[test]
    fn codes_name_rules() {
        for code in every_code() {
            assert!(code.rule().starts_with("R-") || code.rule().starts_with("X-"), "{code:?}");
        }
    }

    #[test]
    fn issues_prefer_errors_for_a_field() {
        let mut issues = Issues::default();
        issues.warning(Field::CloseDate, Code::DateInPast);
        issues.error(Field::CloseDate, Code::InvalidDate);
        assert_eq!(issues.for_field(Field::CloseDate).unwrap().code, Code::InvalidDate);
        assert!(issues.has_errors() && issues.has_warnings());
        let mut more = Issues::default();
        more.extend(issues);
        assert_eq!(more.0.len(), 2);
    }
}
