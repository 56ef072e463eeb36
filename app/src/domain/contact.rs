//! The customer contact and the customer's two consents (R-NEW-1): the one parser of the contact
//! fields and the one check of what Microsoft's level asks of them, for the wizard and for editing
//! the contact of an open deal. Who may read the contact is `privacy`'s rule.

use super::deal::MicrosoftLevel;
use super::fields::{Email, PersonName, Phone};
use super::issues::{Code, Field, Issues};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: Option<PersonName>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    /// The customer agreed to share the contact with Microsoft (R-NEW-1).
    pub consent: bool,
    /// The customer agreed to share the contact with invited partners too (Partner Center's
    /// `consentToToShareInfoWithOthers`); without it no other partner ever reads it.
    #[serde(default)]
    pub share_with_partners: bool,
}

/// The contact as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDraft {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub consent: bool,
    #[serde(default)]
    pub share_with_partners: bool,
}

impl Contact {
    /// R-NEW-1: what co-sell needs.
    pub fn ready_for_co_sell(&self) -> bool {
        !requirements(self.present(), self.consent, MicrosoftLevel::Invited).has_errors()
    }

    /// R-NEW-1: what Microsoft's `level` asks of this contact, field by field.
    pub fn issues_at(&self, level: MicrosoftLevel) -> Issues {
        requirements(self.present(), self.consent, level)
    }

    /// The fields as the edit form shows them.
    pub fn draft(&self) -> ContactDraft {
        let text = |v: Option<String>| v.unwrap_or_default();
        ContactDraft {
            name: text(self.name.as_ref().map(|n| n.to_string())),
            phone: text(self.phone.as_ref().map(|p| p.to_string())),
            email: text(self.email.as_ref().map(|e| e.to_string())),
            consent: self.consent,
            share_with_partners: self.share_with_partners,
        }
    }

    fn present(&self) -> [bool; 3] {
        [self.name.is_some(), self.phone.is_some(), self.email.is_some()]
    }
}

const FIELDS: [Field; 3] = [Field::ContactName, Field::ContactPhone, Field::ContactEmail];

/// R-NEW-1: the contact is optional, but all of it is required once Microsoft is invited (co-sell),
/// and a contact Microsoft can see needs the customer's consent.
fn requirements(present: [bool; 3], consent: bool, level: MicrosoftLevel) -> Issues {
    let mut issues = Issues::default();
    if level == MicrosoftLevel::Invited {
        for (field, _) in FIELDS.iter().zip(present).filter(|(_, here)| !here) {
            issues.error(*field, Code::RequiredForCoSell);
        }
    }
    if level != MicrosoftLevel::None && present.iter().any(|p| *p) && !consent {
        issues.error(Field::ContactConsent, Code::ConsentRequired);
    }
    issues
}

/// Parses the typed contact for a deal at Microsoft's `level`; every problem goes to its field.
pub fn parse(draft: &ContactDraft, level: MicrosoftLevel, issues: &mut Issues) -> Option<Contact> {
    let name = issues.take(Field::ContactName, PersonName::parse_optional(&draft.name));
    let phone = issues.take(Field::ContactPhone, Phone::parse_optional(&draft.phone));
    let email = issues.take(Field::ContactEmail, Email::parse_optional(&draft.email));
    let typed = [&draft.name, &draft.phone, &draft.email].map(|t| !t.trim().is_empty());
    for issue in requirements(typed, draft.consent, level).0 {
        // A malformed field is reported as malformed, not also as missing.
        if issues.for_field(issue.field).is_none() {
            issues.push(issue);
        }
    }
    Some(Contact {
        name: name?,
        phone: phone?,
        email: email?,
        consent: draft.consent,
        share_with_partners: draft.share_with_partners,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> ContactDraft {
        ContactDraft {
            name: "Kim Park".into(),
            phone: "+1 425 555 0100".into(),
            email: "kim@customer.example".into(),
            consent: true,
            share_with_partners: false,
        }
    }

    fn codes(draft: &ContactDraft, level: MicrosoftLevel) -> Vec<(Field, Code)> {
        let mut issues = Issues::default();
        parse(draft, level, &mut issues);
        issues.0.into_iter().map(|i| (i.field, i.code)).collect()
    }

    // R-NEW-1: optional on a private deal, even without consent.
    #[test]
    fn private_deals_need_nothing() {
        assert!(codes(&ContactDraft::default(), MicrosoftLevel::None).is_empty());
        assert!(codes(&ContactDraft { consent: false, ..full() }, MicrosoftLevel::None).is_empty());
    }

    // R-NEW-1: co-sell needs every field and the consent.
    #[test]
    fn co_sell_needs_all_of_it() {
        assert_eq!(
            codes(&ContactDraft::default(), MicrosoftLevel::Invited),
            vec![
                (Field::ContactName, Code::RequiredForCoSell),
                (Field::ContactPhone, Code::RequiredForCoSell),
                (Field::ContactEmail, Code::RequiredForCoSell),
            ]
        );
        assert_eq!(
            codes(&ContactDraft { consent: false, ..full() }, MicrosoftLevel::Invited),
            vec![(Field::ContactConsent, Code::ConsentRequired)]
        );
        assert!(codes(&full(), MicrosoftLevel::Invited).is_empty());
    }

    // R-NEW-1: a contact Microsoft can see (partner-led) needs consent; a malformed field is reported
    // once, as malformed, not also as missing.
    #[test]
    fn visible_contact_needs_consent_and_form() {
        assert_eq!(
            codes(&ContactDraft { consent: false, ..full() }, MicrosoftLevel::Visible),
            vec![(Field::ContactConsent, Code::ConsentRequired)]
        );
        assert_eq!(codes(&ContactDraft { email: "nope".into(), ..full() }, MicrosoftLevel::Invited), vec![(Field::ContactEmail, Code::InvalidEmail)]);
    }

    #[test]
    fn parsed_contact_round_trips_through_the_form() {
        let mut issues = Issues::default();
        let contact = parse(&ContactDraft { share_with_partners: true, ..full() }, MicrosoftLevel::Invited, &mut issues).unwrap();
        assert!(contact.ready_for_co_sell() && contact.share_with_partners);
        assert_eq!(contact.draft(), ContactDraft { share_with_partners: true, ..full() });
        assert!(!Contact { consent: false, ..contact }.ready_for_co_sell());
    }
}
