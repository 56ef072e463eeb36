//! Issue 8's rules through the server, on both engines: the upgrade path of a deal created without
//! a customer contact (R-NEW-1), what the partners of one engagement read of each other's deals
//! (R-LIFE-6), the originator closing the engagement (§3), and the smaller rules around them.

use super::authorization::{act, org_id};
use super::helpers::*;
use app::api::AppError;
use app::api::dto::{SortKey, Tab};
use app::domain::actions::{DealAction, ReviewStep};
use app::domain::invitations::InvitationDraft;
use app::domain::contact::ContactDraft;
use app::domain::deal::{DealType, EventKind, HelpNeeded, Status};
use app::domain::issues::{Code, Field};
use app::domain::lifecycle::{NotOffered, Offer, Refused};
use app::domain::reasons::DeclineReason;
use app::domain::team::MemberDraft;
use reqwest::{Client, StatusCode};
use tests::{Engine, TestApp, on_both_engines, spawn_app};

const CONTOSO: &str = "referrals@contoso-partners.example";
const TAILSPIN: &str = "referrals@tailspin.example";
const SELLER: &str = "seller1@microsoft.example";
const REVIEWER: &str = "reviewer@microsoft.example";

fn contact(consent: bool, share_with_partners: bool) -> ContactDraft {
    ContactDraft {
        name: "Kim Customer".into(),
        phone: "+1 206 555 0142".into(),
        email: "kim@customer.example".into(),
        consent,
        share_with_partners,
    }
}

fn rule_of(error: (StatusCode, AppError)) -> (StatusCode, String) {
    match error {
        (status, AppError::Rule { rule, .. } | AppError::Forbidden { rule, .. }) => (status, rule),
        other => panic!("expected a refusal naming its rule, got {other:?}"),
    }
}

async fn invite(app: &TestApp, client: &Client, deal: &str, partner: &str) {
    let opts = options(app, client).await;
    let draft = InvitationDraft {
        partner_org_id: org_id(app, partner).await,
        close_date: "2027-05-31".into(),
        value: "8000".into(),
        currency: "USD".into(),
        notes: format!("Why we invite {partner}"),
        team_emails: vec!["ana@fabrikam.example".into()],
        solution_ids: vec![opts.catalog[0].id.clone()],
        help_needed: String::new(),
    };
    act(app, client, deal, &DealAction::InvitePartner(draft)).await.expect("invited");
}

/// The copy of `name` waiting in this partner's Inbound tab.
async fn inbound_copy(app: &TestApp, client: &Client, name: &str) -> String {
    let inbound = list(app, client, Tab::Inbound, name, SortKey::Updated, true).await;
    assert_eq!(inbound.deals.len(), 1, "one copy of {name} in Inbound");
    inbound.deals[0].id.clone()
}

async fn accept(app: &TestApp, client: &Client, id: &str, email: &str) -> Result<(), (StatusCode, AppError)> {
    let team = vec![MemberDraft { name: "Partner Lead".into(), phone: "+44 20 7946 0000".into(), email: email.into() }];
    act(app, client, id, &DealAction::Accept { details: Default::default(), team }).await
}

// R-NEW-1, R-TYPE-6: a private deal created without a contact says why Microsoft cannot be invited;
// once the contact and consent are added, Microsoft is invited and reads the contact; on the
// co-sell deal the consent cannot be withdrawn. Another company gets a 404 for the deal.
async fn contact_added_later_opens_co_sell(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let id = deal_at(&app, &fabrikam, "No contact yet", 0, &["ana@fabrikam.example"], false).await;
    let view = get(&app, &fabrikam, &id).await.unwrap();
    assert_eq!(view.contact, ContactDraft::default());
    assert!(!view.next.invite_microsoft && view.next.edit_contact);
    assert_eq!(view.next.not_offered, [NotOffered { offer: Offer::InviteMicrosoft, reason: Refused::ContactRequiredForCoSell }]);
    let invite = DealAction::InviteMicrosoft { help: HelpNeeded::ProofOfConcept };
    assert_eq!(rule_of(act(&app, &fabrikam, &id, &invite).await.unwrap_err()), (StatusCode::CONFLICT, "R-NEW-1".into()));

    act(&app, &fabrikam, &id, &DealAction::EditContact(contact(true, false))).await.expect("contact saved");
    let view = get(&app, &fabrikam, &id).await.unwrap();
    assert_eq!(view.contact, contact(true, false));
    assert!(view.next.invite_microsoft && view.next.not_offered.is_empty());
    assert!(view.events.iter().any(|e| e.kind == EventKind::ContactEdited));
    act(&app, &fabrikam, &id, &invite).await.expect("Microsoft invited");
    assert_eq!(get(&app, &fabrikam, &id).await.unwrap().deal_type, DealType::CoSell);
    let seller = app.signed_in(SELLER).await;
    assert_eq!(get(&app, &seller, &id).await.expect("shared with Microsoft").contact.email, "kim@customer.example");

    let withdrawn = act(&app, &fabrikam, &id, &DealAction::EditContact(contact(false, false))).await.unwrap_err();
    assert_eq!(field_codes(&withdrawn.1)[0].0, app::domain::issues::Field::ContactConsent);
    let contoso = app.signed_in(CONTOSO).await;
    let response = contoso.post(format!("{}/api/deals/get", app.base)).form(&[("id", id.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND, "a deal one may not see is a 404, never a null");
    app.cleanup().await;
}

// R-LIFE-6, R-NEW-1: after accepting, an invited partner reads the originator's deal without the
// contact (no second consent), without its notes and CRM ID, and sees only its own invitation;
// with the second consent it reads the contact. Its own copy carries no contact either.
async fn invited_partner_reads_only_what_is_shared(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let contoso = app.signed_in(CONTOSO).await;
    let mut draft = valid_draft(&app, &fabrikam, "Shared carefully").await;
    draft.contact = contact(true, false);
    draft.share_with_microsoft = true;
    draft.notes = "Internal: price floor 20k".into();
    let deal = create(&app, &fabrikam, &draft, true).await.unwrap();
    invite(&app, &fabrikam, &deal, "Contoso Data Partners").await;
    invite(&app, &fabrikam, &deal, "Tailspin Analytics").await;
    let copy = inbound_copy(&app, &contoso, "Shared carefully").await;
    let copy_view = get(&app, &contoso, &copy).await.unwrap();
    assert_eq!(copy_view.contact, ContactDraft::default(), "no contact copied without the consent");
    assert_eq!(copy_view.deal_type, DealType::PartnerToPartner { microsoft_can_view: false }, "R-TYPE-0: not Private");
    accept(&app, &contoso, &copy, "lead@contoso-partners.example").await.expect("accepted");

    let seen = get(&app, &contoso, &deal).await.expect("the originator's deal, after accepting");
    assert_eq!((seen.contact.name.as_str(), seen.contact.email.as_str()), ("", ""), "no second consent, no contact");
    assert_eq!((seen.notes, seen.crm_id), (None, None), "internal notes and CRM ID stay with their owner");
    assert_eq!(seen.invitations.len(), 1, "only Contoso's own invitation: {:?}", seen.invitations);
    assert_eq!(seen.invitations[0].partner_name, "Contoso Data Partners");
    let own = get(&app, &fabrikam, &deal).await.unwrap();
    assert_eq!((own.invitations.len(), own.notes.as_deref()), (2, Some("Internal: price floor 20k")));
    assert_eq!(own.contact, contact(true, false));

    act(&app, &fabrikam, &deal, &DealAction::EditContact(contact(true, true))).await.expect("second consent given");
    assert_eq!(get(&app, &contoso, &deal).await.unwrap().contact.email, "kim@customer.example");
    app.cleanup().await;
}

// §3, R-LIFE-4: the originator wins; Tailspin's unanswered copy closes (Expired) and says why, and
// can no longer be accepted; Contoso's accepted copy stays its own to close.
async fn originator_closing_closes_unanswered_copies(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let contoso = app.signed_in(CONTOSO).await;
    let tailspin = app.signed_in(TAILSPIN).await;
    let deal = deal_at(&app, &fabrikam, "Closing together", 0, &["ana@fabrikam.example"], false).await;
    invite(&app, &fabrikam, &deal, "Contoso Data Partners").await;
    invite(&app, &fabrikam, &deal, "Tailspin Analytics").await;
    let contoso_copy = inbound_copy(&app, &contoso, "Closing together").await;
    let tailspin_copy = inbound_copy(&app, &tailspin, "Closing together").await;
    accept(&app, &contoso, &contoso_copy, "lead@contoso-partners.example").await.unwrap();

    act(&app, &fabrikam, &deal, &DealAction::Win { confirm_early: true }).await.expect("won");
    let closed = get(&app, &tailspin, &tailspin_copy).await.unwrap();
    assert_eq!(closed.status, Status::Expired);
    let why = closed.events.iter().find(|e| e.kind == EventKind::EngagementClosed).expect("the history says why");
    assert_eq!(why.actor_name, None, "the system closed it, not a Fabrikam user");
    let late = accept(&app, &tailspin, &tailspin_copy, "lead@tailspin.example").await.unwrap_err();
    assert_eq!(rule_of(late), (StatusCode::CONFLICT, "R-LIFE-4".into()));
    assert!(list(&app, &tailspin, Tab::Inbound, "Closing together", SortKey::Updated, true).await.deals.is_empty());
    assert_eq!(get(&app, &contoso, &contoso_copy).await.unwrap().status, Status::Accepted);
    app.cleanup().await;
}

// R-LIFE-3: an empty optional field in the edit form clears it. R-LIFE-6: a team member is edited
// in place. R-LIFE-5: a seller who declined is not named in the history. R-REG-4: a partner-led
// deal's registration is not reviewed.
async fn smaller_rules(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let deal = deal_at(&app, &fabrikam, "Small rules", 0, &["ana@fabrikam.example"], false).await;
    act(&app, &fabrikam, &deal, &DealAction::EditDetails(details("25000", "Some notes"))).await.unwrap();
    assert_eq!(get(&app, &fabrikam, &deal).await.unwrap().notes.as_deref(), Some("Some notes"));
    act(&app, &fabrikam, &deal, &DealAction::EditDetails(details("25000", ""))).await.expect("notes cleared");
    assert_eq!(get(&app, &fabrikam, &deal).await.unwrap().notes, None);

    let member = MemberDraft { name: "Ana Silva-Lopez".into(), phone: "+1 425 555 0199".into(), email: "ana@fabrikam.example".into() };
    act(&app, &fabrikam, &deal, &DealAction::ChangeMember { index: 0, member }).await.expect("member edited");
    let team = get(&app, &fabrikam, &deal).await.unwrap().team;
    assert_eq!((team.len(), team[0].name.as_str(), team[0].own), (1, "Ana Silva-Lopez", true));

    let mut draft = valid_draft(&app, &fabrikam, "Seller declines").await;
    draft.contact = contact(true, false);
    draft.help = HelpNeeded::ProofOfConcept;
    let co_sell = create(&app, &fabrikam, &draft, true).await.unwrap();
    let seller = app.signed_in(SELLER).await;
    act(&app, &seller, &co_sell, &DealAction::MicrosoftDecline { reason: DeclineReason::NoCapacity }).await.unwrap();
    let events = get(&app, &fabrikam, &co_sell).await.unwrap().events;
    let declined = events.iter().find(|e| e.kind == EventKind::MicrosoftDeclined).expect("declined");
    assert_eq!(declined.actor_name, None, "R-LIFE-5: the seller is named only after accepting");

    let registered = won_partner_led_registered(&app, &fabrikam).await;
    let reviewer = app.signed_in(REVIEWER).await;
    let refused = act(&app, &reviewer, &registered, &DealAction::Review(ReviewStep::Start)).await.unwrap_err();
    assert_eq!(rule_of(refused), (StatusCode::CONFLICT, "R-REG-4".into()));
    app.cleanup().await;
}

/// A won partner-led deal with an IP co-sell solution, registered.
async fn won_partner_led_registered(app: &TestApp, client: &Client) -> String {
    let id = super::authorization::won_registrable(app, client, "Partner-led registered").await;
    let solution = get(app, client, &id).await.unwrap().solutions[0].id.clone();
    act(app, client, &id, &DealAction::Register(super::authorization::registration(&solution))).await.expect("registered");
    id
}

// R-NEW-5, R-TYPE-4: partners invited from the wizard are checked by the deal page's own rules and
// invited in the same transaction as the deal: each gets its Received copy, the deal is P2P. A bad
// invitation (a team member who is not on the team, a partner twice) names its row, and nothing is
// written.
async fn partners_invited_from_the_wizard(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let opts = options(&app, &fabrikam).await;
    let contoso_id = org_id(&app, "Contoso Data Partners").await;
    assert!(opts.partners.iter().any(|p| p.id == contoso_id), "Contoso is offered: {:?}", opts.partners);
    assert!(!opts.partners.iter().any(|p| p.name.starts_with("Fabrikam")), "never the own organization");
    let invitation = |partner: &str, member: &str| InvitationDraft {
        partner_org_id: partner.into(),
        close_date: "2027-04-30".into(),
        value: "7000".into(),
        currency: "EUR".into(),
        notes: "Data platform".into(),
        team_emails: vec![member.into()],
        solution_ids: vec![opts.catalog[0].id.clone()],
        help_needed: String::new(),
    };
    let mut draft = valid_draft(&app, &fabrikam, "Wizard P2P").await;

    draft.invitations = vec![invitation(&contoso_id, "stranger@fabrikam.example")];
    let (status, error) = create(&app, &fabrikam, &draft, true).await.unwrap_err();
    let AppError::Invalid(issues) = error else { panic!("{error:?}") };
    assert_eq!((status, issues.for_field(Field::Invitation(0)).map(|i| i.code.clone())), (StatusCode::BAD_REQUEST, Some(Code::NotAnOption)));
    draft.invitations = vec![invitation(&contoso_id, "ana@fabrikam.example"), invitation(&contoso_id, "ana@fabrikam.example")];
    let (_, error) = create(&app, &fabrikam, &draft, true).await.unwrap_err();
    let AppError::Invalid(issues) = error else { panic!("{error:?}") };
    assert_eq!(issues.for_field(Field::Invitation(1)).map(|i| i.code.clone()), Some(Code::DuplicatePartner));
    assert!(list(&app, &fabrikam, Tab::Outbound, "Wizard P2P", SortKey::Updated, true).await.deals.is_empty(), "nothing written");

    draft.invitations.pop();
    let id = create(&app, &fabrikam, &draft, true).await.expect("created with its invitation");
    let view = get(&app, &fabrikam, &id).await.unwrap();
    assert_eq!(view.deal_type, DealType::PartnerToPartner { microsoft_can_view: false });
    assert_eq!(view.invitations.len(), 1);
    assert_eq!((view.invitations[0].partner_name.as_str(), view.invitations[0].currency.as_str()), ("Contoso Data Partners", "EUR"));
    let contoso = app.signed_in(CONTOSO).await;
    let copy = get(&app, &contoso, &inbound_copy(&app, &contoso, "Wizard P2P").await).await.unwrap();
    assert_eq!((copy.status, copy.currency.as_str()), (Status::Received, "EUR"), "the copy carries what was asked of Contoso");
    app.cleanup().await;
}

on_both_engines!(
    partners_invited_from_the_wizard,
    contact_added_later_opens_co_sell,
    invited_partner_reads_only_what_is_shared,
    originator_closing_closes_unanswered_copies,
    smaller_rules
);

