//! The Referral resource as API.md lists it (Partner Center's field names, enum spellings and
//! casing, `consentToToShareInfoWithOthers` included), made from a deal as its reader may see it.

use app::domain::actor::Actor;
use app::domain::deal::{HelpNeeded, MicrosoftLevel};
use app::domain::lifecycle::{Outcome, RESPONSE_WINDOW_DAYS, Sender};
use app::domain::privacy;
use app::domain::referral_api::{Qualification, ReferralDirection, referral_type, status_of};
use app::services::referral_api::Record;
use chrono::{DateTime, Duration, NaiveDate, SecondsFormat, Utc};
use serde::Serialize;

/// A referral: one company's deal of an engagement (Partner Center's Referral resource).
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Referral {
    pub id: String,
    pub engagement_id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub name: String,
    pub external_reference_id: Option<String>,
    pub campaign_id: Option<String>,
    pub created_date_time: String,
    pub updated_date_time: String,
    pub expiration_date_time: Option<String>,
    /// `New`, `Active` or `Closed`.
    pub status: &'static str,
    /// `Received`, `Accepted`, `Won`, `Lost`, `Declined` or `Expired`.
    pub substatus: &'static str,
    pub status_reason: Option<String>,
    /// `Shared` when the engagement has more than one referral, else `Independent`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `None`, `Direct`, `MarketingQualified` or `SalesQualified`, as the creator gave it.
    pub qualification: &'static str,
    /// `Incoming` or `Outgoing`.
    pub direction: &'static str,
    pub sales_stage: String,
    pub tags: Vec<String>,
    /// The version, as in the `ETag` header; send it as `If-Match` to patch only this version.
    pub e_tag: String,
    /// Who else is invited: `{"type":"BusinessProfileLocation","id":"msft"}` for Microsoft, a
    /// partner's organization id otherwise.
    pub target: Vec<Target>,
    pub customer_profile: CustomerProfile,
    pub consent: Consent,
    pub details: Details,
    pub team: Vec<Person>,
    pub invite_context: Option<InviteContext>,
    pub registrations: Vec<Registration>,
    pub links: Links,
    /// Our extensions: the MPN location, the deal type (R-TYPE-0) and Microsoft's side (R-LIFE-5).
    pub location: String,
    pub deal_type: &'static str,
    pub microsoft_status: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Target {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub id: String,
    /// Our extension: where that invitation stands.
    pub status: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerProfile {
    pub name: String,
    pub address: Address,
    pub size: Option<String>,
    pub team: Vec<Person>,
    pub ids: Vec<ProfileId>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub address_line1: String,
    pub address_line2: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub country: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileId {
    pub profile_type: &'static str,
    pub id: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Consent {
    pub consent_to_to_share_info_with_others: bool,
    pub consent_to_contact: bool,
    pub consent_to_share_referral_with_microsoft_sellers: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Details {
    pub notes: Option<String>,
    /// A decimal string, exact (never a float).
    pub deal_value: String,
    pub currency: String,
    pub closing_date_time: String,
    pub requirements: Requirements,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Requirements {
    pub industries: Vec<String>,
    pub products: Vec<String>,
    pub services: Vec<String>,
    pub solutions: Vec<Solution>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Solution {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub title: Option<String>,
    pub contact_preference: ContactPreference,
    /// Our extension: the company the person works for (R-LIFE-6); absent for the customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactPreference {
    pub locale: String,
    pub disable_notifications: bool,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InviteContext {
    pub notes: Option<String>,
    pub assistance_request_code: Option<String>,
    pub invited_by: Option<InvitedBy>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InvitedBy {
    pub organization_id: String,
    pub organization_name: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    pub state: String,
    pub contract_value: String,
    pub currency: String,
    pub signed_date: String,
    pub start_date: String,
    pub end_date: String,
    pub term_months: u16,
    pub kind: String,
    pub early_win_warning: bool,
    pub reviewer_message: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Links {
    #[serde(rename = "self")]
    pub own: Link,
    pub related_referrals: Link,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Link {
    pub uri: String,
    pub method: &'static str,
}

pub const BASE: &str = "/v1.0/engagements/referrals";

/// The ETag of a deal at `version` (strong: If-Match compares it byte for byte).
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn day(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// A serde enum's variant name (`Pending`, `InReview`, …): our own spellings follow it.
fn word<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// "Ana Maria Silva" → ("Ana", "Maria Silva"): the first word is the first name.
fn split_name(name: &str) -> (String, String) {
    match name.trim().split_once(' ') {
        Some((first, last)) => (first.to_string(), last.trim().to_string()),
        None => (name.trim().to_string(), String::new()),
    }
}

fn person(name: &str, email: Option<String>, phone: Option<String>, organization_id: Option<String>) -> Person {
    let (first_name, last_name) = split_name(name);
    Person {
        first_name,
        last_name,
        email,
        phone_number: phone,
        title: None,
        contact_preference: ContactPreference { locale: "en-US".into(), disable_notifications: false },
        organization_id,
    }
}

pub fn referral(record: &Record, viewer: &Actor) -> Referral {
    let deal = privacy::seen_by(&record.deal, viewer);
    let (status, substatus) = status_of(deal.status);
    let status_reason = match &deal.outcome {
        Some(Outcome::Lost { reason, .. }) => Some(word(reason)),
        Some(Outcome::Declined { reason, .. }) => Some(word(reason)),
        _ => None,
    };
    let mut target = Vec::new();
    if deal.microsoft.level == MicrosoftLevel::Invited {
        let status = deal.microsoft.status.as_ref().map(word).unwrap_or_default();
        target.push(Target { kind: "BusinessProfileLocation", id: app::domain::actor::MICROSOFT_ORG_ID.into(), status });
    }
    for invitation in &deal.invitations {
        target.push(Target { kind: "Organization", id: invitation.partner_org_id.clone(), status: word(&invitation.status) });
    }
    let contact = &deal.contact;
    let customer_team = contact
        .name
        .as_ref()
        .map(|name| person(name.as_str(), contact.email.as_ref().map(|e| e.to_string()), contact.phone.as_ref().map(|p| p.to_string()), None))
        .into_iter()
        .collect();
    let c = &record.customer;
    let invite_context = match &deal.sender {
        Some(Sender::Partner { org_id }) => Some(InviteContext {
            notes: deal.invitations.iter().find(|i| i.partner_org_id == deal.org_id).and_then(|i| i.notes.as_ref().map(|n| n.to_string())),
            assistance_request_code: None,
            invited_by: Some(InvitedBy { organization_id: org_id.clone(), organization_name: record.sender_name.clone().unwrap_or_default() }),
        }),
        Some(Sender::Microsoft) => Some(InviteContext {
            notes: None,
            assistance_request_code: help_code(deal.help),
            invited_by: Some(InvitedBy { organization_id: app::domain::actor::MICROSOFT_ORG_ID.into(), organization_name: "Microsoft".into() }),
        }),
        None if deal.microsoft.level == MicrosoftLevel::Invited => {
            Some(InviteContext { notes: None, assistance_request_code: help_code(deal.help), invited_by: None })
        }
        None => None,
    };
    let registrations = deal
        .registration
        .iter()
        .map(|r| Registration {
            state: word(&r.state),
            contract_value: r.form.contract_value.value().to_string(),
            currency: r.form.currency.as_str().to_string(),
            signed_date: day(r.form.signed_on),
            start_date: day(r.form.starts_on),
            end_date: day(r.form.ends_on),
            term_months: r.form.term_months,
            kind: word(&r.form.kind),
            early_win_warning: r.early_win_warning,
            reviewer_message: r.reviewer_message.clone(),
        })
        .collect();
    let expiration = (deal.status == app::domain::deal::Status::Received).then(|| time(deal.started_at() + Duration::days(RESPONSE_WINDOW_DAYS)));
    Referral {
        id: deal.id.clone(),
        engagement_id: deal.engagement_id.clone(),
        organization_id: deal.org_id.clone(),
        organization_name: record.org_name.clone(),
        name: deal.details.name.to_string(),
        external_reference_id: deal.details.crm_id.as_ref().map(|v| v.to_string()),
        campaign_id: deal.details.campaign_id.as_ref().map(|v| v.to_string()),
        created_date_time: time(deal.created_at),
        updated_date_time: time(record.updated_at),
        expiration_date_time: expiration,
        status: status.as_str(),
        substatus: substatus.as_str(),
        status_reason,
        kind: referral_type(&deal).as_str(),
        qualification: record.extras.qualification.unwrap_or(Qualification::None).as_str(),
        direction: ReferralDirection::of(deal.direction).as_str(),
        sales_stage: word(&deal.stage),
        tags: record.extras.tags.clone(),
        e_tag: etag(record.version),
        target,
        customer_profile: CustomerProfile {
            name: c.name.clone(),
            address: Address {
                address_line1: c.street.clone(),
                address_line2: String::new(),
                city: c.city.clone(),
                state: c.state.clone(),
                postal_code: c.postal_code.clone(),
                country: c.country.clone(),
            },
            size: record.extras.customer_size.clone(),
            team: customer_team,
            ids: vec![ProfileId { profile_type: "Duns", id: c.duns.clone() }],
        },
        consent: Consent {
            consent_to_to_share_info_with_others: contact.share_with_partners,
            consent_to_contact: contact.consent,
            consent_to_share_referral_with_microsoft_sellers: deal.microsoft.level != MicrosoftLevel::None,
        },
        details: Details {
            notes: deal.details.notes.as_ref().map(|n| n.to_string()),
            deal_value: deal.details.value.value().to_string(),
            currency: deal.details.currency.as_str().to_string(),
            closing_date_time: day(deal.details.close_date),
            requirements: Requirements {
                industries: Vec::new(),
                products: Vec::new(),
                services: Vec::new(),
                solutions: deal.solutions.iter().map(|s| Solution { id: s.id.clone(), name: s.name.clone(), kind: word(&s.category) }).collect(),
            },
        },
        team: deal
            .team
            .iter()
            .map(|m| person(m.person.name.as_str(), Some(m.person.email.to_string()), Some(m.person.phone.to_string()), Some(m.org_id.clone())))
            .collect(),
        invite_context,
        registrations,
        links: Links {
            own: Link { uri: format!("{BASE}/{}", deal.id), method: "GET" },
            related_referrals: Link { uri: format!("{BASE}?$filter=engagementId eq '{}'", deal.engagement_id), method: "GET" },
        },
        location: deal.location_id.clone(),
        deal_type: deal.deal_type().as_str(),
        microsoft_status: deal.microsoft.status.as_ref().map(word),
    }
}

/// Partner Center's `assistanceRequestCode` for the help asked of Microsoft (Q-HELP).
pub fn help_code(help: HelpNeeded) -> Option<String> {
    (help != HelpNeeded::None).then(|| word(&help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_first_space() {
        assert_eq!(split_name("Ana Maria Silva"), ("Ana".into(), "Maria Silva".into()));
        assert_eq!(split_name("Cher"), ("Cher".into(), String::new()));
        assert_eq!(day(NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()), "2027-03-31T00:00:00Z");
        assert_eq!(etag(7), "\"7\"");
    }
}
