//! What a viewer may read of a deal they may see (R-ORG-3, R-NEW-1, R-LIFE-6): whether they see it
//! at all is the SQL condition of `services::visibility`; this is the one rule for which parts.
//!
//! - Its own organization reads everything.
//! - Microsoft reads the customer contact only with the customer's consent (R-NEW-1).
//! - Another partner of the engagement (P2P) reads the contact only with the customer's second
//!   consent (sharing with partners); never the owner's internal notes, CRM and campaign IDs, the
//!   notes of a lost or declined outcome, the registration, or what other invited partners were
//!   asked; of the invitations, only its own.

use super::actor::Actor;
use super::contact::Contact;
use super::lifecycle::{Deal, Outcome};

pub fn seen_by(deal: &Deal, viewer: &Actor) -> Deal {
    let mut seen = deal.clone();
    if viewer.org_id == deal.org_id {
        return seen;
    }
    if viewer.is_microsoft() {
        if !deal.contact.consent {
            seen.contact = Contact { consent: false, ..Contact::default() };
        }
        return seen;
    }
    if !deal.contact.share_with_partners {
        seen.contact = Contact { consent: deal.contact.consent, ..Contact::default() };
    }
    seen.details.notes = None;
    seen.details.crm_id = None;
    seen.details.campaign_id = None;
    seen.outcome = match seen.outcome {
        Some(Outcome::Lost { reason, .. }) => Some(Outcome::Lost { reason, notes: None }),
        Some(Outcome::Declined { reason, .. }) => Some(Outcome::Declined { reason, notes: None }),
        other => other,
    };
    seen.registration = None;
    seen.invitations.retain(|i| i.partner_org_id == viewer.org_id);
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::actor::Role;
    use crate::domain::deal::MicrosoftLevel;
    use crate::domain::fields::Notes;
    use crate::domain::lifecycle::tests::{actor, admin, invitation, outbound, seller};

    fn partner(org: &str) -> Actor {
        actor(org, &[Role::ReferralsAdmin])
    }

    fn engagement() -> Deal {
        let mut deal = outbound(MicrosoftLevel::Visible);
        deal.details.notes = Notes::parse_optional("Internal: price floor 20k").unwrap();
        deal.invitations = vec![invitation("contoso"), invitation("tailspin")];
        deal
    }

    // R-ORG-3: the owner reads everything.
    #[test]
    fn owner_reads_everything() {
        let deal = engagement();
        assert_eq!(seen_by(&deal, &admin()), deal);
    }

    // R-NEW-1, R-LIFE-6: an invited partner reads no contact without the second consent, no notes,
    // and only its own invitation.
    #[test]
    fn invited_partner_reads_only_what_is_shared() {
        let deal = engagement();
        assert!(deal.contact.consent && deal.contact.name.is_some());
        let seen = seen_by(&deal, &partner("contoso"));
        assert_eq!(seen.contact.name, None);
        assert_eq!(seen.contact.email, None);
        assert_eq!(seen.details.notes, None);
        assert_eq!(seen.invitations.len(), 1);
        assert_eq!(seen.invitations[0].partner_org_id, "contoso");

        let mut shared = engagement();
        shared.contact.share_with_partners = true;
        assert_eq!(seen_by(&shared, &partner("contoso")).contact, shared.contact);
    }

    // R-NEW-1: Microsoft reads the contact with consent, and never without.
    #[test]
    fn microsoft_needs_the_consent() {
        let mut deal = engagement();
        assert_eq!(seen_by(&deal, &seller()).contact, deal.contact);
        assert!(seen_by(&deal, &seller()).details.notes.is_some());
        deal.contact.consent = false;
        assert_eq!(seen_by(&deal, &seller()).contact.phone, None);
    }
}
