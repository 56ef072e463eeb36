use super::*;
use crate::domain::contact::ContactDraft;
use crate::domain::lifecycle::SellerContact;
use crate::domain::catalog::{Incentive, SolutionCategory};
use crate::domain::deal::MicrosoftLevel;
use crate::domain::lifecycle::tests::{outbound, solution};
use crate::domain::details::DetailsDraft;
use crate::domain::invitations::{InvitationDraft, PartnerOption};

fn ctx<'a>(catalog: &'a [SolutionInfo], partners: &'a [PartnerOption]) -> ActionContext<'a> {
    ActionContext { catalog, partners, program: RegistrationProgram::default(), seller: None }
}

fn fields(issues: &Issues) -> Vec<(Field, Code)> {
    issues.0.iter().map(|i| (i.field, i.code.clone())).collect()
}

// R-LIFE-3: the edit form holds every field: each bad or missing required one is named; an empty
// optional one clears the value.
#[test]
fn edit_details_reports_each_field_and_clears_empty_optional_ones() {
    let deal = outbound(MicrosoftLevel::None);
    let bad = DetailsDraft { name: "  ".into(), value: "-3".into(), close_date: "31/12/2026".into(), ..Default::default() };
    let issues = parse_action(&DealAction::EditDetails(bad), &deal, &ctx(&[], &[])).unwrap_err();
    assert_eq!(
        fields(&issues),
        [
            (Field::DealName, Code::Required),
            (Field::Value, Code::NotPositive),
            (Field::Currency, Code::Required),
            (Field::CloseDate, Code::InvalidDate)
        ]
    );

    let good = DetailsDraft {
        name: "Renamed".into(),
        value: "45000.50".into(),
        currency: "EUR".into(),
        close_date: "2027-01-31".into(),
        ..Default::default()
    };
    match parse_action(&DealAction::EditDetails(good), &deal, &ctx(&[], &[])).unwrap() {
        Command::EditDetails(d) => {
            assert_eq!(d.value.hundredths(), 4_500_050);
            assert_eq!((d.notes, d.crm_id, d.campaign_id), (None, None, None));
        }
        other => panic!("unexpected {other:?}"),
    }
}

// R-NEW-1: the contact of an open deal is parsed with the same rule as the wizard's, at the deal's
// Microsoft level: a co-sell deal keeps a whole contact with consent.
#[test]
fn edit_contact_follows_the_microsoft_level() {
    let private = outbound(MicrosoftLevel::None);
    let draft = ContactDraft { name: "Kim Park".into(), ..Default::default() };
    assert!(matches!(parse_action(&DealAction::EditContact(draft.clone()), &private, &ctx(&[], &[])), Ok(Command::EditContact(_))));
    let co_sell = outbound(MicrosoftLevel::Invited);
    let issues = parse_action(&DealAction::EditContact(draft), &co_sell, &ctx(&[], &[])).unwrap_err();
    assert_eq!(
        fields(&issues),
        [
            (Field::ContactPhone, Code::RequiredForCoSell),
            (Field::ContactEmail, Code::RequiredForCoSell),
            (Field::ContactConsent, Code::ConsentRequired)
        ]
    );
}

// R-NEW-5: partner, value, date and at least one solution are mandatory; the team comes from the deal team.
#[test]
fn invitation_needs_a_partner_a_solution_and_members_of_the_deal_team() {
    let deal = outbound(MicrosoftLevel::None);
    let catalog = [solution("theirs", SolutionCategory::ThirdParty, None)];
    let empty = InvitationDraft { team_emails: vec!["stranger@example.com".into()], ..Default::default() };
    let issues = parse_action(&DealAction::InvitePartner(empty), &deal, &ctx(&catalog, &[])).unwrap_err();
    let got: Vec<Field> = fields(&issues).into_iter().map(|(f, _)| f).collect();
    assert_eq!(got, [Field::Partner, Field::CloseDate, Field::Value, Field::Currency, Field::Team, Field::Solutions]);

    let unknown = InvitationDraft { partner_org_id: "nobody".into(), ..draft() };
    let issues = parse_action(&DealAction::InvitePartner(unknown), &deal, &ctx(&catalog, &[])).unwrap_err();
    assert_eq!(fields(&issues), [(Field::Partner, Code::NotAnOption)]);

    let contoso = [PartnerOption { id: "p2".into(), name: "Contoso".into() }];
    match parse_action(&DealAction::InvitePartner(draft()), &deal, &ctx(&catalog, &contoso)).unwrap() {
        Command::InvitePartner(inv) => {
            assert_eq!((inv.partner_name.as_str(), inv.team.len(), inv.solutions[0].id.as_str()), ("Contoso", 1, "theirs"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

fn draft() -> InvitationDraft {
    InvitationDraft {
        partner_org_id: "p2".into(),
        close_date: "2027-03-31".into(),
        value: "5000".into(),
        currency: "EUR".into(),
        notes: "They run the data platform".into(),
        team_emails: vec!["P1@example.com".into()],
        solution_ids: vec!["theirs".into()],
        help_needed: "Migration know-how".into(),
    }
}

// R-NEW-4, R-CAT-2: a solution outside what the org may offer is refused on the field.
#[test]
fn solutions_outside_the_catalog_are_refused() {
    let deal = outbound(MicrosoftLevel::None);
    let catalog = [solution("ip", SolutionCategory::Own, Some(Incentive::AzureIpCoSell))];
    let action = DealAction::ChangeSolutions { solution_ids: vec!["ip".into(), "elsewhere".into()] };
    let issues = parse_action(&action, &deal, &ctx(&catalog, &[])).unwrap_err();
    assert_eq!(fields(&issues), [(Field::Solutions, Code::SolutionUnavailable)]);
}

// R-LIFE-1: accepting adds own contacts, each checked where it was typed.
#[test]
fn accept_checks_each_new_team_member() {
    let deal = outbound(MicrosoftLevel::None);
    let team = vec![
        MemberDraft { name: "Ana".into(), phone: "+1 425 555 0100".into(), email: "ana@example.com".into() },
        MemberDraft { name: "Bo".into(), phone: "12".into(), email: "bo@".into() },
    ];
    let action = DealAction::Accept { details: DetailsDraft::default(), team };
    let issues = parse_action(&action, &deal, &ctx(&[], &[])).unwrap_err();
    assert_eq!(fields(&issues), [(Field::MemberPhone(1), Code::InvalidPhone), (Field::MemberEmail(1), Code::InvalidEmail)]);
}

// R-LIFE-1, R-LIFE-4, R-STAGE-1, R-TYPE-6, R-REG-3: the remaining actions map one to one; their
// free text is checked like everywhere else.
#[test]
fn simple_actions_map_to_their_commands() {
    use crate::domain::deal::HelpNeeded;
    let deal = outbound(MicrosoftLevel::Visible);
    let c = ctx(&[], &[]);
    let parse = |a: &DealAction| parse_action(a, &deal, &c);
    assert_eq!(parse(&DealAction::MarkStage(Stage::Qualified)).unwrap(), Command::MarkStage(Stage::Qualified));
    assert_eq!(parse(&DealAction::Win { confirm_early: true }).unwrap(), Command::Win { confirm_early: true });
    assert_eq!(parse(&DealAction::RemoveMember { index: 2 }).unwrap(), Command::RemoveMember { index: 2 });
    assert_eq!(parse(&DealAction::GiveMicrosoftVisibility).unwrap(), Command::GiveMicrosoftVisibility);
    let invite = DealAction::InviteMicrosoft { help: HelpNeeded::ProofOfConcept };
    assert_eq!(parse(&invite).unwrap(), Command::InviteMicrosoft { help: HelpNeeded::ProofOfConcept });
    let lose = DealAction::Lose { reason: LostReason::NoBudget, notes: String::new() };
    assert_eq!(parse(&lose).unwrap(), Command::Lose { reason: LostReason::NoBudget, notes: None });
    let decline = DealAction::Decline { reason: DeclineReason::NotAFit, notes: "x".repeat(Notes::MAX + 1) };
    assert_eq!(fields(&parse(&decline).unwrap_err()), [(Field::Notes, Code::TooLong { max: Notes::MAX })]);
    let bad_member = DealAction::AddMember(MemberDraft::default());
    assert_eq!(parse(&bad_member).unwrap_err().0.len(), 3, "name, phone and e-mail each named");

    let mut form = RegistrationDraft {
        solutions: vec![("ip".into(), "30000".into())],
        ..crate::domain::registration::tests::draft()
    };
    assert!(matches!(parse(&DealAction::Register(form.clone())).unwrap(), Command::Register { .. }));
    form.solutions = vec![("not-on-the-deal".into(), "1".into())];
    assert_eq!(fields(&parse(&DealAction::Register(form)).unwrap_err()), [(Field::RegistrationSolutions, Code::SolutionUnavailable)]);
    let names: Vec<&str> = [DealAction::GiveMicrosoftVisibility, DealAction::Win { confirm_early: false }].iter().map(DealAction::name).collect();
    assert_eq!(names, ["give-visibility", "win"]);
}

// R-LIFE-5, R-REG-4: Microsoft's answers name the acting seller; reviewer messages are required.
#[test]
fn microsoft_and_review_actions() {
    let deal = outbound(MicrosoftLevel::Invited);
    let seller = SellerContact {
        name: crate::domain::fields::PersonName::parse("Morgan Seller").unwrap(),
        email: crate::domain::fields::Email::parse("morgan@microsoft.example").unwrap(),
    };
    let with_seller = ActionContext { seller: Some(seller.clone()), ..ctx(&[], &[]) };
    assert_eq!(parse_action(&DealAction::MicrosoftAccept, &deal, &with_seller).unwrap(), Command::MicrosoftAccepts { seller });
    assert!(parse_action(&DealAction::MicrosoftAccept, &deal, &ctx(&[], &[])).is_err(), "only a seller can accept");
    let reject = DealAction::Review(ReviewStep::Reject { message: " ".into() });
    assert_eq!(fields(&parse_action(&reject, &deal, &ctx(&[], &[])).unwrap_err()), [(Field::Notes, Code::Required)]);
    let ask = DealAction::Review(ReviewStep::RequestAction { message: "Attach the contract".into() });
    assert_eq!(
        parse_action(&ask, &deal, &ctx(&[], &[])).unwrap(),
        Command::Review(crate::domain::lifecycle::ReviewAction::RequestAction { message: "Attach the contract".into() })
    );
}
