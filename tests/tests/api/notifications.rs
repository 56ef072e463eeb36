//! R-NOTE-1, X-REMIND, R-LIFE-2, R-LIFE-5: who is told what, in the app and by e-mail through the
//! outbox; reminders once per threshold; answers refused once a window closed; on both engines.

use super::helpers::*;
use app::api::AppError;
use app::api::dto::NotificationsPage;
use app::domain::actions::DealAction;
use app::domain::deal::HelpNeeded;
use app::domain::notify::NoticeKind;
use app::domain::team::MemberDraft;
use app::services::{outbox, reminders};
use chrono::Duration;
use reqwest::{Client, StatusCode};
use serde_json::json;
use tests::{Engine, TestApp, on_both_engines, spawn_app, test_now};

const SELLER: &str = "seller1@microsoft.example";
const FABRIKAM_MPN_ADMIN: &str = "admin@fabrikam.example";

async fn page(app: &TestApp, client: &Client) -> NotificationsPage {
    app.call_form(client, "notifications", &[]).await.expect("notifications")
}

async fn unread(app: &TestApp, client: &Client) -> i64 {
    app.call_form(client, "notifications/unread", &[]).await.expect("unread")
}

/// The kinds of notification `client`'s user has about `deal`.
async fn kinds_about(app: &TestApp, client: &Client, deal: &str) -> Vec<NoticeKind> {
    page(app, client).await.items.into_iter().filter(|n| n.deal_id == deal).map(|n| n.kind).collect()
}

/// A co-sell deal by Fabrikam's referrals admin in Seattle (US), with a Seattle and a Berlin user on its team.
async fn co_sell_deal(app: &TestApp, client: &Client, name: &str) -> String {
    let mut draft = valid_draft(app, client, name).await;
    draft.help = HelpNeeded::ProofOfConcept;
    draft.contact.name = "Jo Customer".into();
    draft.contact.phone = "+1 206 555 0199".into();
    draft.contact.email = "jo@customer.example".into();
    draft.contact.consent = true;
    draft.team = ["seattle.user@fabrikam.example", "berlin.user@fabrikam.example"]
        .iter()
        .map(|e| MemberDraft { name: "Team Member".into(), phone: "+1 425 555 0100".into(), email: e.to_string() })
        .collect();
    create(app, client, &draft, true).await.expect("co-sell deal")
}

async fn act(app: &TestApp, client: &Client, deal: &str, action: &DealAction) -> Result<(), (StatusCode, AppError)> {
    app.call(client, "deals/act", &json!({ "id": deal, "action": action })).await
}

/// Every `.eml` the worker wrote, parsed: (to, subject, plain text, html).
fn mails(app: &TestApp) -> Vec<(String, String, String, String)> {
    let Ok(dir) = std::fs::read_dir(&app.mail_dir) else { return Vec::new() };
    dir.filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("mail file");
            let mail = mailparse::parse_mail(&bytes).expect("a parseable e-mail");
            let header = |name: &str| mail.headers.iter().find(|h| h.get_key().eq_ignore_ascii_case(name)).map(|h| h.get_value()).unwrap_or_default();
            let part = |mime: &str| mail.subparts.iter().find(|p| p.ctype.mimetype == mime).map(|p| p.get_body().expect("body")).unwrap_or_default();
            (header("To"), header("Subject"), part("text/plain"), part("text/html"))
        })
        .collect()
}

// R-NOTE-1: inviting Microsoft tells the sellers (not the partner who did it); Microsoft's answer
// tells the partner's admins and its team members who see the deal (R-ORG-3: not a team member
// without the deal's location in scope); the bell counts unread ones and marking read clears it;
// the e-mails name the recipient, say what happened and link to the deal.
async fn the_people_concerned_are_told_in_the_app_and_by_email(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let seller = app.signed_in(SELLER).await;
    let deal = co_sell_deal(&app, &fabrikam, "Notify the sellers").await;

    assert_eq!(kinds_about(&app, &seller, &deal).await, [NoticeKind::MicrosoftInvited]);
    assert_eq!(kinds_about(&app, &app.signed_in("seller2@microsoft.example").await, &deal).await, [NoticeKind::MicrosoftInvited]);
    assert!(kinds_about(&app, &fabrikam, &deal).await.is_empty(), "nobody is told of their own action");
    assert!(kinds_about(&app, &app.signed_in("reviewer@microsoft.example").await, &deal).await.is_empty());
    let before = unread(&app, &seller).await;
    assert!(before >= 1);

    act(&app, &seller, &deal, &DealAction::MicrosoftAccept).await.expect("Microsoft accepts");
    for told in [ADMIN, FABRIKAM_MPN_ADMIN, "seattle.user@fabrikam.example"] {
        let client = app.signed_in(told).await;
        assert_eq!(kinds_about(&app, &client, &deal).await, [NoticeKind::MicrosoftAnswered], "{told}");
    }
    let berlin = app.signed_in("berlin.user@fabrikam.example").await;
    assert!(kinds_about(&app, &berlin, &deal).await.is_empty(), "a team member who cannot see the deal is not told");
    assert!(kinds_about(&app, &app.signed_in("referrals@contoso-partners.example").await, &deal).await.is_empty());

    // The bell: marking one read lowers the count by one; marking all clears it.
    let mine = page(&app, &seller).await.items.into_iter().find(|n| n.deal_id == deal).unwrap();
    let () = app.call_form(&seller, "notifications/read", &[("id", mine.id.as_str())]).await.unwrap();
    assert_eq!(unread(&app, &seller).await, before - 1);
    assert!(page(&app, &seller).await.items.iter().any(|n| n.id == mine.id && n.read));
    let () = app.call_form(&seller, "notifications/read", &[("id", "")]).await.unwrap();
    assert_eq!(unread(&app, &seller).await, 0);

    // E-mail: one message per notification, each to its user, naming the deal, linking to it.
    let rows = app.count(&format!("SELECT COUNT(*) FROM outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.deal_id = '{deal}'")).await;
    assert_eq!(rows, 5, "two sellers, two admins, the Seattle user");
    let sent = app.mailer.deliver_due(&app.state).await.unwrap();
    assert!(sent >= 5, "{sent}");
    let about: Vec<_> = mails(&app).into_iter().filter(|(_, subject, _, _)| subject.contains("Notify the sellers")).collect();
    assert_eq!(about.len(), 5, "{about:#?}");
    let seller_mail = about.iter().find(|(to, ..)| to.contains(SELLER)).expect("the seller's e-mail");
    assert!(seller_mail.0.contains("Morgan Seller"), "{}", seller_mail.0);
    assert_eq!(seller_mail.1, "Microsoft is invited to co-sell “Notify the sellers”. Accept or decline it within 14 days.");
    let link = format!("{}/deals/{deal}", app.base);
    assert!(seller_mail.2.contains(&link) && seller_mail.3.contains(&format!("href=\"{link}\"")), "{seller_mail:#?}");
    let admin_mail = about.iter().find(|(to, ..)| to.contains(FABRIKAM_MPN_ADMIN)).expect("the MPN admin's e-mail");
    assert_eq!(admin_mail.1, "Microsoft accepted co-selling “Notify the sellers”.");
    assert_eq!(app.mailer.deliver_due(&app.state).await.unwrap(), 0, "nothing is sent twice");

    // Sellers of the deal's country (seller1 covers the US), and sellers with no country (seller2).
    let opts = options(&app, &fabrikam).await;
    let mut berlin = valid_draft(&app, &fabrikam, "Co-sell in Berlin").await;
    berlin.location_id = opts.locations.iter().find(|l| l.country == "DE").unwrap().id.clone();
    berlin.customer_country = "DE".into();
    berlin.customer_id = Some(suggest(&app, &fabrikam, "DE", "Contoso Ltd").await[0].id.clone());
    berlin.help = HelpNeeded::ProofOfConcept;
    berlin.contact = app::domain::contact::ContactDraft { name: "Jo".into(), phone: "+49 30 5555 0100".into(), email: "jo@customer.example".into(), consent: true, share_with_partners: false };
    let berlin = create(&app, &fabrikam, &berlin, true).await.unwrap();
    assert!(kinds_about(&app, &seller, &berlin).await.is_empty(), "seller1 covers the US only");
    assert_eq!(kinds_about(&app, &app.signed_in("seller2@microsoft.example").await, &berlin).await, [NoticeKind::MicrosoftInvited]);
    app.cleanup().await;
}

// R-NOTE-1: a user who turns off e-mail for a kind still sees it in the app and gets no e-mail.
async fn email_can_be_turned_off_per_kind(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let seller = app.signed_in(SELLER).await;
    let () = app.call_form(&seller, "notifications/email", &[("kind", "MicrosoftInvited"), ("on", "false")]).await.unwrap();
    let choices = page(&app, &seller).await.email;
    assert!(choices.contains(&(NoticeKind::MicrosoftInvited, false)) && choices.contains(&(NoticeKind::Reminder, true)), "{choices:?}");
    let deal = co_sell_deal(&app, &fabrikam, "Quiet seller").await;
    assert_eq!(kinds_about(&app, &seller, &deal).await, [NoticeKind::MicrosoftInvited], "still in the app");
    app.mailer.deliver_due(&app.state).await.unwrap();
    let to: Vec<String> = mails(&app).into_iter().filter(|m| m.1.contains("Quiet seller")).map(|m| m.0).collect();
    assert!(to.iter().any(|t| t.contains("seller2@")) && !to.iter().any(|t| t.contains(SELLER)), "{to:?}");
    let () = app.call_form(&seller, "notifications/email", &[("kind", "MicrosoftInvited"), ("on", "true")]).await.unwrap();
    assert!(page(&app, &seller).await.email.contains(&(NoticeKind::MicrosoftInvited, true)));
    app.cleanup().await;
}

// R-NOTE-1: the outbox across app servers and crashes: two workers claiming at once never share a
// message; a worker that claimed and died leaves its messages to be sent after the lease, once.
async fn outbox_sends_each_message_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    for i in 0..4 {
        co_sell_deal(&app, &fabrikam, &format!("Outbox {i}")).await;
    }
    let waiting = app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await;
    assert!(waiting >= 8, "{waiting}");
    let now = app.state.now();
    let (a, b) = tokio::join!(outbox::claim(&app.state.db, now, "worker-a", 1000), outbox::claim(&app.state.db, now, "worker-b", 1000));
    let (a, b) = (a.unwrap(), b.unwrap());
    let mut ids: Vec<&str> = a.iter().chain(b.iter()).map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len() as i64, waiting, "every message claimed");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len() as i64, waiting, "no message claimed by both workers");

    // Both "crashed" holding their claims: nothing is sent while the leases hold …
    assert_eq!(app.mailer.deliver_due(&app.state).await.unwrap(), 0);
    // … and after them, everything once, by a worker started afterwards.
    app.set_now(now + Duration::seconds(outbox::LEASE_SECONDS + 1));
    assert_eq!(app.mailer.deliver_due(&app.state).await.unwrap() as i64, waiting);
    assert_eq!(mails(&app).len() as i64, waiting);
    assert_eq!(app.count("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await, 0);
    assert_eq!(app.mailer.deliver_due(&app.state).await.unwrap(), 0);
    let (first, worker) = a.first().map(|m| (m, "worker-a")).or(b.first().map(|m| (m, "worker-b"))).unwrap();
    assert!(!outbox::sent(&app.state.db, &first.id, worker, app.state.now()).await.unwrap(), "a lost claim records nothing");
    app.cleanup().await;
}

// X-REMIND: the admins of a partner that received a deal are reminded at 7, 3 and 1 day(s) left,
// each once even when two servers run the reminders at the same moment; Microsoft's sellers are
// reminded of its pending invitation; nothing once the window closed.
async fn reminders_fire_once_at_each_threshold(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let contoso = app.signed_in("referrals@contoso-partners.example").await;
    let deal = co_sell_deal(&app, &fabrikam, "Remind us").await;
    let copy = invite_contoso(&app, &fabrikam, &deal).await;
    let reminders_of = |id: String| {
        let app = &app;
        async move { app.count(&format!("SELECT COUNT(*) FROM notifications WHERE deal_id = '{id}' AND kind = 'reminder'")).await }
    };
    let run_at = |at: chrono::DateTime<chrono::Utc>| {
        let app = &app;
        async move {
            app.set_now(at);
            let (one, two) = tokio::join!(reminders::run_due(&app.state), reminders::run_due(&app.state));
            (one.unwrap(), two.unwrap())
        }
    };
    let start = test_now();
    run_at(start + Duration::days(7) - Duration::seconds(1)).await;
    assert_eq!(reminders_of(copy.clone()).await, 0, "8 days left: no reminder yet");
    run_at(start + Duration::days(7)).await;
    let after_seven = reminders_of(copy.clone()).await;
    assert_eq!(after_seven, 2, "Contoso's two admins, once");
    run_at(start + Duration::days(9)).await;
    assert_eq!(reminders_of(copy.clone()).await, after_seven, "nothing new between thresholds");
    run_at(start + Duration::days(11)).await;
    run_at(start + Duration::days(13)).await;
    run_at(start + Duration::days(13) + Duration::hours(12)).await;
    assert_eq!(reminders_of(copy.clone()).await, 3 * after_seven, "7, 3 and 1 day(s) left, each once");
    run_at(start + Duration::days(14)).await;
    assert_eq!(reminders_of(copy.clone()).await, 3 * after_seven, "the window closed: no more");
    let texts: Vec<_> = page(&app, &contoso).await.items.into_iter().filter(|n| n.deal_id == copy && n.kind == NoticeKind::Reminder).map(|n| n.data.days_left).collect();
    assert_eq!(texts, [Some(1), Some(3), Some(7)], "newest first");
    // Microsoft's invitation on the co-sell deal: both sellers, at each threshold.
    assert_eq!(reminders_of(deal.clone()).await, 6);
    let seller = app.signed_in(SELLER).await;
    assert!(kinds_about(&app, &seller, &deal).await.contains(&NoticeKind::Reminder));
    app.cleanup().await;
}

/// Fabrikam invites Contoso to `deal`; returns Contoso's Received copy.
async fn invite_contoso(app: &TestApp, fabrikam: &Client, deal: &str) -> String {
    use app::domain::invitations::InvitationDraft;
    let opts = options(app, fabrikam).await;
    let theirs = opts.catalog.iter().find(|s| s.owner_name == "Contoso Data Partners").expect("Contoso solution");
    let contoso_id = super::authorization::org_id(app, "Contoso Data Partners").await;
    let draft = InvitationDraft {
        partner_org_id: contoso_id.clone(),
        close_date: "2027-05-31".into(),
        value: "8000".into(),
        currency: "EUR".into(),
        notes: "Lakehouse know-how".into(),
        team_emails: vec!["seattle.user@fabrikam.example".into()],
        solution_ids: vec![theirs.id.clone()],
        help_needed: "A reference customer".into(),
    };
    act(app, fabrikam, deal, &DealAction::InvitePartner(draft)).await.expect("invited");
    sqlx::query_scalar("SELECT c.id FROM deals c JOIN deals o ON o.engagement_id = c.engagement_id WHERE o.id = $1 AND c.org_id = $2")
        .bind(deal)
        .bind(contoso_id)
        .fetch_one(&app.state.db.pool)
        .await
        .expect("Contoso's copy")
}

// R-LIFE-2, R-LIFE-5, through the served app: an answer one second before the 14 days is taken; at
// 14 days and 1 second it is refused, naming the rule, although the timer has not run; the page
// then offers no answer.
async fn answers_are_refused_once_the_window_closed(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let contoso = app.signed_in("referrals@contoso-partners.example").await;
    let seller = app.signed_in(SELLER).await;
    let deal = co_sell_deal(&app, &fabrikam, "Late answers").await;
    let copy = invite_contoso(&app, &fabrikam, &deal).await;
    let closes = test_now() + Duration::days(14);

    app.set_now(closes + Duration::seconds(1));
    let team = vec![MemberDraft { name: "Lee London".into(), phone: "+44 20 7946 0000".into(), email: "lee@contoso-partners.example".into() }];
    let accept = DealAction::Accept { details: Default::default(), team };
    for (client, id, action) in [(&contoso, &copy, &accept), (&seller, &deal, &DealAction::MicrosoftAccept)] {
        let (status, error) = act(&app, client, id, action).await.unwrap_err();
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(matches!(&error, AppError::Rule { rule, .. } if rule == "R-LIFE-2"), "{error:?}");
    }
    assert!(!get(&app, &contoso, &copy).await.unwrap().next.respond, "the page offers no answer");
    assert_eq!(stored_deal(&app.state.db, &copy).await.status, app::domain::deal::Status::Received, "nothing written");

    app.set_now(closes - Duration::seconds(1));
    act(&app, &contoso, &copy, &accept).await.expect("one second before the window closes");
    act(&app, &seller, &deal, &DealAction::MicrosoftAccept).await.expect("Microsoft, one second before");
    app.cleanup().await;
}

/// The next `change` event's data on an open `/events` stream, or `None` after `seconds`.
async fn next_change(stream: &mut reqwest::Response, buffer: &mut String, seconds: u64) -> Option<app::services::live::Change> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(seconds);
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            let event = block.lines().find_map(|l| l.strip_prefix("event:")).map(str::trim);
            let data = block.lines().find_map(|l| l.strip_prefix("data:")).map(str::trim);
            if let (Some("change"), Some(data)) = (event, data) {
                return Some(serde_json::from_str(data).expect("a change"));
            }
        }
        let chunk = tokio::time::timeout_at(deadline, stream.chunk()).await.ok()?.expect("stream")?;
        buffer.push_str(&String::from_utf8_lossy(&chunk));
    }
}

// X-LIVE, R-ORG-3: a signed-in user's stream carries the changes of deals they see, as they are
// committed, and never another company's deal they may not see.
async fn live_updates_carry_only_what_the_user_may_see(engine: Engine) {
    let app = spawn_app(engine).await;
    let fabrikam = app.signed_in(ADMIN).await;
    let contoso = app.signed_in("referrals@contoso-partners.example").await;
    assert_eq!(app.client().get(format!("{}/events", app.base)).send().await.unwrap().status(), StatusCode::SEE_OTHER, "signed out: sent to sign in");
    let mut stream = contoso.get(format!("{}/events", app.base)).send().await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(stream.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    let mut buffer = String::new();
    // Contoso's own change arrives (on PostgreSQL once this server's listener is up: retried until then).
    let own: String = sqlx::query_scalar("SELECT d.id FROM deals d JOIN organizations o ON o.id = d.org_id WHERE o.name = 'Contoso Data Partners' AND d.status = 'accepted' ORDER BY d.id LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let mut seen = None;
    for round in 0..20 {
        act(&app, &contoso, &own, &DealAction::EditDetails(details(&format!("{}", 1000 + round), ""))).await.expect("edit own deal");
        if let Some(change) = next_change(&mut stream, &mut buffer, 1).await {
            seen = Some(change);
            break;
        }
    }
    assert_eq!(seen.expect("Contoso's own change").deals, [own.clone()]);
    while next_change(&mut stream, &mut buffer, 1).await.is_some() {}

    // Fabrikam's private deal and its changes never reach Contoso; the invitation Contoso receives does.
    let private = deal_at(&app, &fabrikam, "Not for Contoso", 0, &["ana@fabrikam.example"], false).await;
    act(&app, &fabrikam, &private, &DealAction::EditDetails(details("4242", ""))).await.unwrap();
    let co_sell = co_sell_deal(&app, &fabrikam, "Invite over the wire").await;
    let copy = invite_contoso(&app, &fabrikam, &co_sell).await;
    let change = next_change(&mut stream, &mut buffer, 10).await.expect("the invitation's change");
    assert_eq!(change.deals, [copy.clone()], "only the copy Contoso sees");
    assert!(change.told.len() == 1, "Contoso's admin was notified: {change:?}");
    assert!(next_change(&mut stream, &mut buffer, 1).await.is_none(), "nothing else");
    app.cleanup().await;
}

on_both_engines!(
    live_updates_carry_only_what_the_user_may_see,
    the_people_concerned_are_told_in_the_app_and_by_email,
    email_can_be_turned_off_per_kind,
    outbox_sends_each_message_once,
    reminders_fire_once_at_each_threshold,
    answers_are_refused_once_the_window_closed,
);
