//! Who is acting, and the one policy of who may do what (R-ORG-2, R-ORG-4, R-ORG-5, R-NEW-6).

use super::refusal::Refused;
use serde::{Deserialize, Serialize};

pub const MICROSOFT_ORG_ID: &str = "msft";
const SYSTEM: &str = "system";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    MpnPartnerAdmin,
    ReferralsAdmin,
    ReferralUser,
    MicrosoftSeller,
    MicrosoftRegistrationReviewer,
    MicrosoftAdmin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::MpnPartnerAdmin,
        Role::ReferralsAdmin,
        Role::ReferralUser,
        Role::MicrosoftSeller,
        Role::MicrosoftRegistrationReviewer,
        Role::MicrosoftAdmin,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::MpnPartnerAdmin => "mpn_partner_admin",
            Role::ReferralsAdmin => "referrals_admin",
            Role::ReferralUser => "referral_user",
            Role::MicrosoftSeller => "microsoft_seller",
            Role::MicrosoftRegistrationReviewer => "microsoft_registration_reviewer",
            Role::MicrosoftAdmin => "microsoft_admin",
        }
    }
    pub fn parse(text: &str) -> Option<Self> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// A signed-in user as the rules see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: String,
    pub org_id: String,
    pub org_name: String,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// Location ids a referral user is scoped to (R-ORG-2).
    pub location_scopes: Vec<String>,
}

impl Actor {
    /// The system itself, for what happens by time (expiry, R-LIFE-2, R-LIFE-5).
    pub fn system() -> Actor {
        Actor {
            user_id: SYSTEM.into(),
            org_id: SYSTEM.into(),
            org_name: "Co-sell".into(),
            name: "Co-sell".into(),
            email: String::new(),
            roles: Vec::new(),
            location_scopes: Vec::new(),
        }
    }

    pub fn is_system(&self) -> bool {
        self.user_id == SYSTEM && self.org_id == SYSTEM
    }

    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_microsoft(&self) -> bool {
        self.org_id == MICROSOFT_ORG_ID
    }

    /// R-ORG-2: an MPN partner admin has every referrals-admin power.
    pub fn is_referrals_admin(&self) -> bool {
        !self.is_microsoft() && (self.has(Role::ReferralsAdmin) || self.has(Role::MpnPartnerAdmin))
    }
}

/// R-NEW-6: whether the New deal button is enabled, and if not, why.
pub fn may_create_deal(actor: &Actor, org_has_co_sell_ready_solution: bool) -> Result<(), Refused> {
    if !actor.is_referrals_admin() {
        Err(Refused::AdminsOnly)
    } else if !org_has_co_sell_ready_solution {
        Err(Refused::NoCoSellReadySolution)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(org: &str, roles: &[Role]) -> Actor {
        Actor {
            user_id: "u".into(),
            org_id: org.into(),
            org_name: "Org".into(),
            name: "N".into(),
            email: "n@example.com".into(),
            roles: roles.to_vec(),
            location_scopes: vec![],
        }
    }

    // R-ORG-4, R-NEW-6: who may create deals, and the reason shown when not.
    #[test]
    fn who_may_create() {
        assert_eq!(may_create_deal(&actor("p1", &[Role::ReferralsAdmin]), true), Ok(()));
        // R-ORG-2: the MPN partner admin has every referrals-admin power.
        assert_eq!(may_create_deal(&actor("p1", &[Role::MpnPartnerAdmin]), true), Ok(()));
        assert_eq!(may_create_deal(&actor("p1", &[Role::ReferralUser]), true), Err(Refused::AdminsOnly));
        assert_eq!(may_create_deal(&actor("p1", &[Role::ReferralsAdmin]), false), Err(Refused::NoCoSellReadySolution));
        // R-ORG-5: Microsoft users do not create partner deals.
        assert_eq!(may_create_deal(&actor(MICROSOFT_ORG_ID, &[Role::ReferralsAdmin]), true), Err(Refused::AdminsOnly));
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }
}
