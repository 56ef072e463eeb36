//! Administration rules (R-ORG-1, R-ORG-2, R-ORG-5, R-ORG-6): who manages users and the catalog,
//! what a user record must hold, and that an organization never loses its last MPN partner admin.

use super::actor::{Actor, Role};
use super::refusal::Refused;
use super::fields::{Email, PersonName};
use super::issues::{Code, Field, Issues};
use serde::{Deserialize, Serialize};

pub const PARTNER_ROLES: [Role; 3] = [Role::MpnPartnerAdmin, Role::ReferralsAdmin, Role::ReferralUser];
pub const MIN_PASSWORD: usize = 10;
/// Longer passwords are refused before hashing (argon2 work grows with the input).
pub const MAX_PASSWORD: usize = 256;

/// R-ORG-2: only MPN partner admins manage their organization's users.
pub fn may_manage_users(actor: &Actor) -> Result<(), Refused> {
    if !actor.is_microsoft() && actor.has(Role::MpnPartnerAdmin) { Ok(()) } else { Err(Refused::NotMpnAdmin) }
}

/// R-ORG-5, R-ORG-6: only Microsoft admins vet organizations and manage the catalog.
pub fn may_administer_catalog(actor: &Actor) -> Result<(), Refused> {
    if actor.is_microsoft() && actor.has(Role::MicrosoftAdmin) { Ok(()) } else { Err(Refused::NotMicrosoftAdmin) }
}

/// A user as the admin form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserDraft {
    pub email: String,
    pub name: String,
    pub roles: Vec<Role>,
    pub location_ids: Vec<String>,
    /// Only when adding: the first password, which the user can change later.
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidUser {
    pub email: Email,
    pub name: PersonName,
    pub roles: Vec<Role>,
    pub location_ids: Vec<String>,
}

/// R-ORG-2: partner roles only, at least one; a referral user needs at least one of the org's
/// locations as scope. `new_user` also checks the first password.
pub fn validate_user(draft: &UserDraft, org_location_ids: &[String], new_user: bool) -> Result<ValidUser, Issues> {
    let mut issues = Issues::default();
    let email = issues.take(Field::UserEmail, Email::parse(&draft.email));
    let name = issues.take(Field::UserName, PersonName::parse(&draft.name));
    if draft.roles.is_empty() {
        issues.error(Field::UserRoles, Code::Required);
    } else if draft.roles.iter().any(|r| !PARTNER_ROLES.contains(r)) {
        issues.error(Field::UserRoles, Code::NotAnOption);
    }
    if draft.location_ids.iter().any(|l| !org_location_ids.contains(l)) {
        issues.error(Field::UserScopes, Code::NotAnOption);
    } else if draft.roles.contains(&Role::ReferralUser) && draft.location_ids.is_empty() {
        issues.error(Field::UserScopes, Code::ScopeRequired);
    }
    if new_user && draft.password.chars().count() < MIN_PASSWORD {
        issues.error(Field::UserPassword, Code::PasswordTooShort { min: MIN_PASSWORD });
    } else if new_user && draft.password.chars().count() > MAX_PASSWORD {
        issues.error(Field::UserPassword, Code::TooLong { max: MAX_PASSWORD });
    }
    match (email, name) {
        (Some(email), Some(name)) if !issues.has_errors() => {
            let mut roles = draft.roles.clone();
            roles.sort_by_key(|r| r.as_str());
            roles.dedup();
            let mut location_ids = draft.location_ids.clone();
            location_ids.sort();
            location_ids.dedup();
            Ok(ValidUser { email, name, roles, location_ids })
        }
        _ => Err(issues),
    }
}

/// The part of an e-mail address after the `@`, lower-cased.
pub fn email_domain(email: &str) -> Option<String> {
    email.rsplit_once('@').map(|(_, domain)| domain.trim().to_lowercase()).filter(|d| !d.is_empty())
}

/// R-ORG-2: a partner admin adds users only at the e-mail domains its organization's users already
/// have. Whether an address elsewhere is taken is never said, so the form cannot probe other
/// companies' accounts.
pub fn check_org_domain(email: &Email, org_user_emails: &[String]) -> Result<(), Code> {
    let domain = email_domain(email.as_str());
    if org_user_emails.iter().any(|e| email_domain(e) == domain) { Ok(()) } else { Err(Code::EmailDomainNotOrgs) }
}

/// R-ORG-2: a change that would leave the organization without an active MPN partner admin is
/// refused. `admins` are the active MPN partner admins now; `target` the user being changed;
/// `stays_admin` whether they remain an active MPN partner admin after the change.
pub fn keeps_an_admin(admins: &[String], target: &str, stays_admin: bool) -> Result<(), Refused> {
    let others = admins.iter().filter(|a| a.as_str() != target).count();
    if others == 0 && !stays_admin { Err(Refused::LastAdmin) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(org: &str, roles: &[Role]) -> Actor {
        Actor { user_id: "u".into(), org_id: org.into(), org_name: "o".into(), name: "n".into(), email: "e@x.com".into(), roles: roles.to_vec(), location_scopes: vec![] }
    }

    // R-ORG-2: new users only at the organization's own domains; other domains are refused before
    // any lookup, so whether an address exists there is never revealed.
    #[test]
    fn users_are_added_at_the_orgs_own_domains() {
        let org = vec!["admin@fabrikam.example".to_string(), "ana@Fabrikam.Example".to_string()];
        assert_eq!(check_org_domain(&Email::parse("new@FABRIKAM.example").unwrap(), &org), Ok(()));
        assert_eq!(check_org_domain(&Email::parse("admin@contoso.example").unwrap(), &org), Err(Code::EmailDomainNotOrgs));
        assert_eq!(check_org_domain(&Email::parse("x@sub.fabrikam.example").unwrap(), &org), Err(Code::EmailDomainNotOrgs));
    }

    // R-ORG-2: a repeated location scope is one scope; a huge first password is refused before hashing.
    #[test]
    fn scopes_deduplicated_and_passwords_bounded() {
        let locations = vec!["l1".to_string(), "l2".to_string()];
        let draft = UserDraft {
            email: "bo@fabrikam.example".into(),
            name: "Bo".into(),
            roles: vec![Role::ReferralUser],
            location_ids: vec!["l2".into(), "l1".into(), "l2".into()],
            password: "long enough password".into(),
        };
        assert_eq!(validate_user(&draft, &locations, true).unwrap().location_ids, ["l1", "l2"]);
        let huge = UserDraft { password: "p".repeat(MAX_PASSWORD + 1), ..draft };
        let issues = validate_user(&huge, &locations, true).unwrap_err();
        assert_eq!(issues.for_field(Field::UserPassword).unwrap().code, Code::TooLong { max: MAX_PASSWORD });
    }

    // R-ORG-2, R-ORG-5: who administers what.
    #[test]
    fn who_administers() {
        assert_eq!(may_manage_users(&actor("p1", &[Role::MpnPartnerAdmin])), Ok(()));
        assert_eq!(may_manage_users(&actor("p1", &[Role::ReferralsAdmin])), Err(Refused::NotMpnAdmin));
        assert_eq!(may_administer_catalog(&actor("msft", &[Role::MicrosoftAdmin])), Ok(()));
        assert_eq!(may_administer_catalog(&actor("msft", &[Role::MicrosoftSeller])), Err(Refused::NotMicrosoftAdmin));
        assert_eq!(may_administer_catalog(&actor("p1", &[Role::MicrosoftAdmin])), Err(Refused::NotMicrosoftAdmin));
    }

    fn draft() -> UserDraft {
        UserDraft { email: "new@p1.example".into(), name: "New User".into(), roles: vec![Role::ReferralUser], location_ids: vec!["l1".into()], password: "long enough pw".into() }
    }

    // R-ORG-2: partner roles only; referral users need a scope from the org's locations.
    #[test]
    fn user_rules() {
        let locs = vec!["l1".to_string(), "l2".to_string()];
        assert!(validate_user(&draft(), &locs, true).is_ok());
        let codes = |d: &UserDraft, new| validate_user(d, &locs, new).unwrap_err().0.into_iter().map(|i| (i.field, i.code)).collect::<Vec<_>>();
        assert_eq!(codes(&UserDraft { location_ids: vec![], ..draft() }, true), [(Field::UserScopes, Code::ScopeRequired)]);
        assert_eq!(codes(&UserDraft { location_ids: vec!["l9".into()], ..draft() }, true), [(Field::UserScopes, Code::NotAnOption)]);
        assert_eq!(codes(&UserDraft { roles: vec![], ..draft() }, true), [(Field::UserRoles, Code::Required)]);
        assert_eq!(codes(&UserDraft { roles: vec![Role::MicrosoftSeller], ..draft() }, true), [(Field::UserRoles, Code::NotAnOption)]);
        assert_eq!(codes(&UserDraft { password: "short".into(), ..draft() }, true), [(Field::UserPassword, Code::PasswordTooShort { min: 10 })]);
        assert!(validate_user(&UserDraft { password: String::new(), ..draft() }, &locs, false).is_ok(), "edits keep the password");
        assert_eq!(codes(&UserDraft { email: "x".into(), name: " ".into(), ..draft() }, true), [(Field::UserEmail, Code::InvalidEmail), (Field::UserName, Code::Required)]);
        let admin = UserDraft { roles: vec![Role::ReferralsAdmin, Role::MpnPartnerAdmin, Role::ReferralsAdmin], location_ids: vec![], ..draft() };
        assert_eq!(validate_user(&admin, &locs, true).unwrap().roles, [Role::MpnPartnerAdmin, Role::ReferralsAdmin]);
    }

    // R-ORG-2: never remove the last MPN partner admin.
    #[test]
    fn last_admin_stays() {
        let one = vec!["a".to_string()];
        assert_eq!(keeps_an_admin(&one, "a", false), Err(Refused::LastAdmin));
        assert_eq!(keeps_an_admin(&one, "a", true), Ok(()));
        assert_eq!(keeps_an_admin(&one, "b", false), Ok(()));
        assert_eq!(keeps_an_admin(&["a".into(), "b".into()], "a", false), Ok(()));
    }
}
