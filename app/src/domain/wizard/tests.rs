use super::*;
use crate::domain::catalog::Incentive;
use crate::domain::issues::Severity;
use crate::domain::invitations::InvitationDraft;

fn catalog() -> Vec<SolutionInfo> {
    let s = |id: &str, category, incentive| SolutionInfo {
        id: id.into(),
        name: id.into(),
        owner_name: "Owner".into(),
        category,
        incentive,
    };
    vec![
        s("own", SolutionCategory::Own, None),
        s("own-ip", SolutionCategory::Own, Some(Incentive::AzureIpCoSell)),
        s("ms", SolutionCategory::Microsoft, None),
        s("third", SolutionCategory::ThirdParty, None),
        s("sa", SolutionCategory::Assessment, None),
    ]
}

struct Fixture {
    locations: Vec<String>,
    catalog: Vec<SolutionInfo>,
    vetted: bool,
    customer_country: Option<&'static str>,
    partners: Vec<PartnerOption>,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            locations: vec!["loc-us".into(), "loc-de".into()],
            catalog: catalog(),
            vetted: false,
            customer_country: Some("US"),
            partners: vec![PartnerOption { id: "p2".into(), name: "Contoso".into() }],
        }
    }
    fn ctx(&self) -> WizardContext<'_> {
        WizardContext {
            today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            location_ids: &self.locations,
            customer_country: self.customer_country,
            catalog: &self.catalog,
            org_vetted: self.vetted,
            partners: &self.partners,
        }
    }
}

fn valid_draft() -> DealDraft {
    DealDraft {
        customer_country: "US".into(),
        customer_id: Some("cust-1".into()),
        deal_name: "Contoso migration".into(),
        location_id: "loc-us".into(),
        value: "25000".into(),
        currency: "USD".into(),
        close_date: "2027-03-31".into(),
        team: vec![MemberDraft { name: "Ana Silva".into(), phone: "+1 425 555 0100".into(), email: "ana@fabrikam.com".into() }],
        solution_ids: vec!["own".into()],
        ..DealDraft::default()
    }
}

fn errors_of(issues: &Issues, field: Field) -> Vec<Code> {
    issues.0.iter().filter(|i| i.field == field && i.severity == Severity::Error).map(|i| i.code.clone()).collect()
}

#[test]
fn a_complete_draft_is_valid() {
    let f = Fixture::new();
    let deal = validate(&valid_draft(), &f.ctx()).expect("valid");
    assert_eq!(deal.details.name.as_str(), "Contoso migration");
    assert_eq!(deal.details.value.hundredths(), 2_500_000);
    assert_eq!(deal.microsoft_level, MicrosoftLevel::None);
    assert!(deal.warnings.is_empty());
}

// R-NEW-1: the customer must be picked from the suggestions, in the chosen country.
#[test]
fn customer_must_be_picked_in_the_chosen_country() {
    let mut f = Fixture::new();
    let mut d = valid_draft();
    d.customer_id = None;
    assert_eq!(errors_of(&check_step(Step::Customer, &d, &f.ctx()), Field::Customer), [Code::CustomerNotChosen]);
    d.customer_id = Some("unknown".into());
    f.customer_country = None;
    assert_eq!(errors_of(&check_step(Step::Customer, &d, &f.ctx()), Field::Customer), [Code::CustomerNotChosen]);
    f.customer_country = Some("DE");
    assert_eq!(errors_of(&check_step(Step::Customer, &d, &f.ctx()), Field::Customer), [Code::CustomerWrongCountry]);
    d.customer_country = String::new();
    assert_eq!(errors_of(&check_step(Step::Customer, &d, &f.ctx()), Field::CustomerCountry), [Code::Required]);
}

// R-NEW-1: the contact is optional for private and partner-led deals, but what is typed must be valid.
#[test]
fn contact_is_optional_unless_co_sell() {
    let f = Fixture::new();
    let mut d = valid_draft();
    assert!(check_step(Step::Customer, &d, &f.ctx()).is_empty());
    d.share_with_microsoft = true; // partner-led
    assert!(check_step(Step::Customer, &d, &f.ctx()).is_empty());
    d.contact.email = "not-an-email".into();
    assert_eq!(errors_of(&check_step(Step::Customer, &d, &f.ctx()), Field::ContactEmail), [Code::InvalidEmail]);
}

// R-NEW-1, R-TYPE-3: when Microsoft is invited the contact is required, with consent.
#[test]
fn co_sell_requires_contact_and_consent() {
    let f = Fixture::new();
    let mut d = valid_draft();
    d.help = HelpNeeded::ProofOfConcept;
    let issues = check_step(Step::Selling, &d, &f.ctx());
    for field in [Field::ContactName, Field::ContactPhone, Field::ContactEmail] {
        assert_eq!(errors_of(&issues, field), [Code::RequiredForCoSell], "{field:?}");
    }
    d.contact.name = "Jo Customer".into();
    d.contact.phone = "+1 206 555 0199".into();
    d.contact.email = "jo@contoso.com".into();
    assert_eq!(errors_of(&check_step(Step::Selling, &d, &f.ctx()), Field::ContactConsent), [Code::ConsentRequired]);
    d.contact.consent = true;
    assert!(!check_step(Step::Selling, &d, &f.ctx()).has_errors());
    let deal = validate(&d, &f.ctx()).unwrap();
    assert_eq!(deal.microsoft_level, MicrosoftLevel::Invited);
    assert_eq!(deal.contact.email.unwrap().as_str(), "jo@contoso.com");
}

// R-NEW-2: mandatory fields, the org's locations only, value > 0 with currency.
#[test]
fn details_rules() {
    let f = Fixture::new();
    let d = DealDraft { deal_name: " ".into(), location_id: String::new(), value: "0".into(), currency: "ABC".into(), close_date: String::new(), ..valid_draft() };
    let issues = check_step(Step::Details, &d, &f.ctx());
    assert_eq!(errors_of(&issues, Field::DealName), [Code::Required]);
    assert_eq!(errors_of(&issues, Field::Location), [Code::Required]);
    assert_eq!(errors_of(&issues, Field::Value), [Code::NotPositive]);
    assert_eq!(errors_of(&issues, Field::Currency), [Code::UnknownCurrency]);
    assert_eq!(errors_of(&issues, Field::CloseDate), [Code::Required]);
    let d = DealDraft { location_id: "loc-jp".into(), close_date: "31/03/2027".into(), ..valid_draft() };
    let issues = check_step(Step::Details, &d, &f.ctx());
    assert_eq!(errors_of(&issues, Field::Location), [Code::NotAnOption]);
    assert_eq!(errors_of(&issues, Field::CloseDate), [Code::InvalidDate]);
}

// R-NEW-2: a close date in the past is a warning, not an error.
#[test]
fn past_close_date_warns() {
    let f = Fixture::new();
    let d = DealDraft { close_date: "2026-01-15".into(), ..valid_draft() };
    let issues = check_step(Step::Details, &d, &f.ctx());
    assert!(!issues.has_errors());
    assert_eq!(issues.for_field(Field::CloseDate).unwrap().code, Code::DateInPast);
    let deal = validate(&d, &f.ctx()).expect("a warning does not block");
    assert!(deal.warnings.has_warnings());
}

// R-NEW-3: at least one member, each with a valid name, phone and e-mail.
#[test]
fn team_rules() {
    let f = Fixture::new();
    let d = DealDraft { team: vec![], ..valid_draft() };
    assert_eq!(errors_of(&check_step(Step::Team, &d, &f.ctx()), Field::Team), [Code::NeedOneMember]);
    let d = DealDraft { team: vec![valid_draft().team[0].clone(), MemberDraft { name: "Bo".into(), phone: "12".into(), email: "bo@".into() }], ..valid_draft() };
    let issues = check_step(Step::Team, &d, &f.ctx());
    assert!(errors_of(&issues, Field::MemberName(0)).is_empty());
    assert_eq!(errors_of(&issues, Field::MemberPhone(1)), [Code::InvalidPhone]);
    assert_eq!(errors_of(&issues, Field::MemberEmail(1)), [Code::InvalidEmail]);
}

// R-NEW-4: at least one, at most 50, only what the catalog offers.
#[test]
fn solution_count_and_availability() {
    let f = Fixture::new();
    let d = DealDraft { solution_ids: vec![], ..valid_draft() };
    assert_eq!(errors_of(&check_step(Step::Solutions, &d, &f.ctx()), Field::Solutions), [Code::NeedOneSolution]);
    let d = DealDraft { solution_ids: vec!["nope".into()], ..valid_draft() };
    assert_eq!(errors_of(&check_step(Step::Solutions, &d, &f.ctx()), Field::Solutions), [Code::SolutionUnavailable]);
    let mut big = Fixture::new();
    big.catalog = (0..51).map(|i| SolutionInfo { id: format!("s{i}"), name: "x".into(), owner_name: "o".into(), category: SolutionCategory::Own, incentive: None }).collect();
    let d = DealDraft { solution_ids: (0..51).map(|i| format!("s{i}")).collect(), ..valid_draft() };
    assert_eq!(errors_of(&check_step(Step::Solutions, &d, &big.ctx()), Field::Solutions), [Code::TooManySolutions { max: 50 }]);
}

// R-TYPE-5, R-ORG-6: an assessment stands alone, needs a vetted org, and skips the selling step.
#[test]
fn assessment_rules() {
    let mut f = Fixture::new();
    let d = DealDraft { solution_ids: vec!["sa".into(), "own".into()], ..valid_draft() };
    let codes = errors_of(&check_step(Step::Solutions, &d, &f.ctx()), Field::Solutions);
    assert!(codes.contains(&Code::AssessmentAlone) && codes.contains(&Code::AssessmentNotVetted));
    f.vetted = true;
    let d = DealDraft { solution_ids: vec!["sa".into()], help: HelpNeeded::ProofOfConcept, ..valid_draft() };
    assert!(check_step(Step::Solutions, &d, &f.ctx()).is_empty());
    assert!(!steps(&d, &f.ctx()).contains(&Step::Selling));
    assert_eq!(deal_type(&d, &f.ctx()), DealType::SolutionAssessment);
    let deal = validate(&d, &f.ctx()).unwrap();
    assert_eq!((deal.microsoft_level, deal.help, deal.is_assessment), (MicrosoftLevel::None, HelpNeeded::None, true));
}

// R-TYPE-0..3: the type shown live follows the two answers.
#[test]
fn live_type_follows_answers() {
    let f = Fixture::new();
    let mut d = valid_draft();
    assert_eq!(deal_type(&d, &f.ctx()), DealType::Private);
    d.share_with_microsoft = true;
    assert_eq!(deal_type(&d, &f.ctx()), DealType::PartnerLed);
    d.help = HelpNeeded::QuotesOrLicensing;
    assert_eq!(deal_type(&d, &f.ctx()), DealType::CoSell);
    d.share_with_microsoft = false;
    assert_eq!(deal_type(&d, &f.ctx()), DealType::CoSell, "help forces Q-VIEW to yes");
}

// R-TYPE-1: a private deal carrying an incentive-eligible solution is warned about.
#[test]
fn private_with_incentive_warns() {
    let f = Fixture::new();
    let d = DealDraft { solution_ids: vec!["own-ip".into()], ..valid_draft() };
    let issues = check_step(Step::Selling, &d, &f.ctx());
    assert_eq!(issues.for_field(Field::ShareWithMicrosoft).map(|i| i.code.clone()), Some(Code::PrivateWithIncentive));
    assert!(!issues.has_errors());
    let d = DealDraft { share_with_microsoft: true, ..d };
    assert!(check_step(Step::Selling, &d, &f.ctx()).is_empty());
}

// The review step reports each problem once, across steps.
#[test]
fn review_collects_every_step_once() {
    let f = Fixture::new();
    let d = DealDraft { deal_name: String::new(), help: HelpNeeded::GeneralOrOther, solution_ids: vec![], ..valid_draft() };
    let issues = check_step(Step::Review, &d, &f.ctx());
    assert_eq!(errors_of(&issues, Field::DealName), [Code::Required]);
    assert_eq!(errors_of(&issues, Field::ContactName), [Code::RequiredForCoSell]);
    assert_eq!(errors_of(&issues, Field::Solutions), [Code::NeedOneSolution]);
    assert!(validate(&d, &f.ctx()).is_err());
}

fn invitation(partner: &str, member: &str) -> InvitationDraft {
    InvitationDraft {
        partner_org_id: partner.into(),
        close_date: "2027-03-31".into(),
        value: "5000".into(),
        currency: "USD".into(),
        team_emails: vec![member.into()],
        solution_ids: vec!["third".into()],
        ..Default::default()
    }
}

// R-NEW-5, R-TYPE-4: partners invited on the selling step are parsed by the invitation rules
// against the team as typed, make the deal P2P, and are ignored by an assessment (R-TYPE-5).
#[test]
fn partner_invitations_on_the_selling_step() {
    let mut f = Fixture::new();
    let d = DealDraft { invitations: vec![invitation("p2", "ANA@fabrikam.com")], ..valid_draft() };
    assert_eq!(deal_type(&d, &f.ctx()), DealType::PartnerToPartner { microsoft_can_view: false });
    let deal = validate(&d, &f.ctx()).expect("valid");
    assert_eq!((deal.invitations.len(), deal.invitations[0].partner_name.as_str()), (1, "Contoso"));
    assert_eq!(deal.invitations[0].team[0].email.as_str(), "ana@fabrikam.com");

    let stranger = DealDraft { invitations: vec![invitation("p2", "bo@fabrikam.com")], ..valid_draft() };
    assert_eq!(errors_of(&check_step(Step::Selling, &stranger, &f.ctx()), Field::Invitation(0)), [Code::NotAnOption]);
    let twice = DealDraft { invitations: vec![invitation("p2", "ana@fabrikam.com"), invitation("p2", "ana@fabrikam.com")], ..valid_draft() };
    assert_eq!(errors_of(&check_step(Step::Selling, &twice, &f.ctx()), Field::Invitation(1)), [Code::DuplicatePartner]);
    let unknown = DealDraft { invitations: vec![invitation("p9", "ana@fabrikam.com")], ..valid_draft() };
    assert_eq!(errors_of(&check_step(Step::Review, &unknown, &f.ctx()), Field::Invitation(0)), [Code::NotAnOption]);
    assert_eq!(step_of(Field::Invitation(0)), Step::Selling);

    f.vetted = true;
    let assessment = DealDraft { solution_ids: vec!["sa".into()], ..d };
    let deal = validate(&assessment, &f.ctx()).expect("an assessment ignores the selling step");
    assert!(deal.invitations.is_empty());
    assert_eq!(deal_type(&assessment, &f.ctx()), DealType::SolutionAssessment);
}
