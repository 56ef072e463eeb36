//! Administration over HTTP, on SQLite and PostgreSQL (R-ORG-2, R-ORG-5, R-ORG-6, R-CAT-1).

use app::api::AppError;
use app::api::dto::{OrgView, SolutionAdminView, UserAdmin, WizardOptions};
use app::domain::actor::{Actor, Role};
use app::domain::refusal::Refused;
use app::domain::admin::UserDraft;
use app::domain::issues::{Code, Field};
use reqwest::StatusCode;
use serde_json::json;
use tests::{Engine, on_both_engines, spawn_app};

fn new_user(email: &str, roles: Vec<Role>, locations: Vec<String>) -> UserDraft {
    UserDraft { email: email.into(), name: "Nia New".into(), roles, location_ids: locations, password: "a long first password".into() }
}

// R-ORG-2: an MPN partner admin adds users who can then sign in, changes roles and scopes, and
// deactivates them; never the last admin; every change is an audit event.
async fn mpn_admin_manages_users(engine: Engine) {
    let app = spawn_app(engine).await;
    let admin = app.signed_in("admin@fabrikam.example").await;
    let listed: UserAdmin = app.call_form(&admin, "admin/users", &[]).await.unwrap();
    assert_eq!(listed.users.len(), 4);
    assert!(listed.users.iter().all(|u| u.email.ends_with("@fabrikam.example")));
    let seattle = listed.locations.iter().find(|l| l.city == "Seattle").unwrap().id.clone();

    // Field errors come back per field; nothing is written.
    let bad = UserDraft { password: "short".into(), location_ids: vec![], ..new_user("nia@fabrikam.example", vec![Role::ReferralUser], vec![]) };
    let (status, error) = app.call::<String>(&admin, "admin/users/create", &json!({ "draft": bad })).await.unwrap_err();
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let AppError::Invalid(issues) = error else { panic!("{error:?}") };
    let fields: Vec<_> = issues.0.iter().map(|i| (i.field, i.code.clone())).collect();
    assert!(fields.contains(&(Field::UserScopes, Code::ScopeRequired)) && fields.contains(&(Field::UserPassword, Code::PasswordTooShort { min: 10 })), "{fields:?}");

    let draft = new_user("Nia@Fabrikam.example", vec![Role::ReferralUser], vec![seattle.clone()]);
    let id: String = app.call(&admin, "admin/users/create", &json!({ "draft": draft })).await.unwrap();
    let (status, error) = app.call::<String>(&admin, "admin/users/create", &json!({ "draft": draft })).await.unwrap_err();
    assert_eq!((status, error), (StatusCode::CONFLICT, AppError::Rule { rule: "R-ORG-2".into(), refused: Refused::EmailTaken }));

    // The new user signs in with the first password and has the given role and scope.
    let nia = app.client();
    assert!(app.sign_in_with(&nia, "nia@fabrikam.example", "a long first password").await.status().is_success());
    let me: Option<Actor> = app.call_form(&nia, "me", &[]).await.unwrap();
    let me = me.unwrap();
    assert_eq!((me.roles, me.location_scopes), (vec![Role::ReferralUser], vec![seattle.clone()]));

    // Promote to referrals admin; then deactivate: the session ends and sign-in fails.
    let promote = UserDraft { roles: vec![Role::ReferralsAdmin], location_ids: vec![], ..new_user("", vec![], vec![]) };
    let _: () = app.call(&admin, "admin/users/update", &json!({ "id": id, "draft": promote })).await.unwrap();
    let me: Option<Actor> = app.call_form(&nia, "me", &[]).await.unwrap();
    assert_eq!(me.unwrap().roles, vec![Role::ReferralsAdmin]);
    let _: () = app.call_form(&admin, "admin/users/active", &[("id", &id), ("active", "false")]).await.unwrap();
    let me: Option<Actor> = app.call_form(&nia, "me", &[]).await.unwrap();
    assert_eq!(me, None, "deactivation ends the session");
    assert_eq!(app.sign_in_with(&app.client(), "nia@fabrikam.example", "a long first password").await.status(), StatusCode::UNAUTHORIZED);

    // The last MPN partner admin stays.
    let admin_id = listed.users.iter().find(|u| u.email == "admin@fabrikam.example").unwrap().id.clone();
    let (status, error) = app.call_form::<()>(&admin, "admin/users/active", &[("id", &admin_id), ("active", "false")]).await.unwrap_err();
    assert_eq!((status, error), (StatusCode::CONFLICT, AppError::Rule { rule: "R-ORG-2".into(), refused: Refused::LastAdmin }));
    let demote = UserDraft { name: "Fabrikam Admin".into(), roles: vec![Role::ReferralsAdmin], ..UserDraft::default() };
    let (_, error) = app.call::<()>(&admin, "admin/users/update", &json!({ "id": admin_id, "draft": demote })).await.unwrap_err();
    assert_eq!(error, AppError::Rule { rule: "R-ORG-2".into(), refused: Refused::LastAdmin });

    // Another organization's user does not exist for this admin; other roles may not administer.
    let contoso_admin = app.signed_in("admin@contoso-partners.example").await;
    let (status, _) = app.call_form::<()>(&contoso_admin, "admin/users/active", &[("id", &id), ("active", "true")]).await.unwrap_err();
    assert_eq!(status, StatusCode::NOT_FOUND);
    let referrals = app.signed_in("referrals@fabrikam.example").await;
    let (status, error) = app.call_form::<UserAdmin>(&referrals, "admin/users", &[]).await.unwrap_err();
    assert_eq!((status, error), (StatusCode::FORBIDDEN, AppError::Forbidden { rule: "R-ORG-2".into(), refused: Refused::NotMpnAdmin }));

    let kinds: Vec<String> = sqlx::query_scalar("SELECT kind FROM events WHERE subject_type = 'user' AND subject_id = $1 ORDER BY at, kind")
        .bind(&id)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    for k in ["user.created", "user.changed", "user.deactivated"] {
        assert!(kinds.iter().any(|x| x == k), "{k} in {kinds:?}");
    }
    app.cleanup().await;
}

// R-ORG-6, R-CAT-1, R-ORG-5: a Microsoft admin vets organizations and manages the catalog; the
// wizard follows at once.
async fn microsoft_admin_vets_and_manages_catalog(engine: Engine) {
    let app = spawn_app(engine).await;
    let ms = app.signed_in("admin@microsoft.example").await;
    let (orgs, solutions): (Vec<OrgView>, Vec<SolutionAdminView>) = app.call_form(&ms, "admin/catalog", &[]).await.unwrap();
    assert_eq!(orgs.len(), 4);
    assert!(solutions.len() >= 30);
    let contoso = orgs.iter().find(|o| o.name == "Contoso Data Partners").unwrap();
    assert!(!contoso.vetted);
    let _: () = app.call_form(&ms, "admin/orgs/vetted", &[("id", &contoso.id), ("vetted", "true")]).await.unwrap();
    let partner = app.signed_in("referrals@contoso-partners.example").await;
    let options: WizardOptions = app.call_form(&partner, "wizard/options", &[]).await.unwrap();
    assert!(options.org_vetted, "R-ORG-6: vetted orgs may create solution assessments");

    let lakehouse = solutions.iter().find(|s| s.name == "Contoso Lakehouse Accelerator").unwrap();
    let _: () = app.call(&ms, "admin/solutions/update", &json!({ "id": lakehouse.id, "co_sell_ready": false, "incentive": null })).await.unwrap();
    let options: WizardOptions = app.call_form(&partner, "wizard/options", &[]).await.unwrap();
    assert!(!options.catalog.iter().any(|s| s.id == lakehouse.id), "not co-sell ready: no longer offered as own");

    let seller = app.signed_in("seller1@microsoft.example").await;
    let (status, error) = app.call_form::<()>(&seller, "admin/orgs/vetted", &[("id", &contoso.id), ("vetted", "false")]).await.unwrap_err();
    assert_eq!((status, error), (StatusCode::FORBIDDEN, AppError::Forbidden { rule: "R-ORG-5".into(), refused: Refused::NotMicrosoftAdmin }));
    let changes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM events WHERE kind IN ('org.vetted', 'solution.changed')")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(changes, 2);
    app.cleanup().await;
}

on_both_engines!(mpn_admin_manages_users, microsoft_admin_vets_and_manages_catalog);
