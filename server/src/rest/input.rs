//! A create request's body, read as Partner Center's clients send it, into the wizard's answers
//! (`DealDraft`): the service then runs the wizard's own validation on them. Unknown fields are
//! ignored; a field of the wrong type is a 400 naming it.

use super::error::{ApiError, ApiHint, hint};
use super::json::{Number, Text, normalize};
use app::domain::actor::MICROSOFT_ORG_ID;
use app::domain::contact::ContactDraft;
use app::domain::deal::HelpNeeded;
use app::domain::invitations::InvitationDraft;
use app::domain::referral_api::Qualification;
use app::domain::team::MemberDraft;
use app::domain::wizard::DealDraft;
use app::services::referral_api::{CustomerRef, Extras};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateBody {
    pub name: Option<Text>,
    pub external_reference_id: Option<Text>,
    pub campaign_id: Option<Text>,
    pub qualification: Option<Text>,
    pub tags: Option<Vec<Text>>,
    pub customer_profile: Option<CustomerProfileIn>,
    pub consent: Option<ConsentIn>,
    pub details: Option<DetailsIn>,
    pub team: Option<Vec<PersonIn>>,
    pub invite_context: Option<InviteContextIn>,
    pub target: Option<Vec<TargetIn>>,
    pub location: Option<Text>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerProfileIn {
    pub name: Option<Text>,
    pub address: Option<AddressIn>,
    pub size: Option<Text>,
    pub team: Option<Vec<PersonIn>>,
    pub ids: Option<Vec<ProfileIdIn>>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressIn {
    pub city: Option<Text>,
    pub postal_code: Option<Text>,
    pub country: Option<Text>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileIdIn {
    pub profile_type: Option<Text>,
    pub id: Option<Text>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentIn {
    /// Partner Center's own spelling: the customer agreed to share the contact with invited partners.
    #[serde(rename = "consentToToShareInfoWithOthers")]
    pub share_with_others: Option<bool>,
    /// The customer agreed to share the contact with Microsoft (R-NEW-1).
    #[serde(rename = "consentToContact")]
    pub contact: Option<bool>,
    /// Microsoft sellers see the deal (Partner-led), R-TYPE-2.
    #[serde(rename = "consentToShareReferralWithMicrosoftSellers")]
    pub share_with_microsoft: Option<bool>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DetailsIn {
    pub notes: Option<Text>,
    pub deal_value: Option<Number>,
    pub currency: Option<Text>,
    pub closing_date_time: Option<Text>,
    pub requirements: Option<RequirementsIn>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequirementsIn {
    pub solutions: Option<Vec<SolutionIn>>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SolutionIn {
    pub id: Option<Text>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonIn {
    pub first_name: Option<Text>,
    pub last_name: Option<Text>,
    pub email: Option<Text>,
    pub phone_number: Option<Text>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InviteContextIn {
    pub notes: Option<Text>,
    pub assistance_request_code: Option<Text>,
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TargetIn {
    /// `BusinessProfileLocation` with id `msft` invites Microsoft; for a partner the id decides.
    #[serde(rename = "type")]
    #[allow(dead_code)]
    pub kind: Option<Text>,
    pub id: Option<Text>,
}

/// Reads a body into `T` after `normalize`; a type error names the field by its path.
pub fn read<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(body).map_err(|_| ApiError::bad_request(hint(ApiHint::BodyNotUtf8), Vec::new()))?;
    let text = normalize(text).ok_or_else(|| ApiError::bad_request(hint(ApiHint::NulValue), Vec::new()))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string().replace('\u{0}', "");
        // serde's message ends with " at line L column C" of our rewritten text: not the client's.
        let message = inner.split(" at line ").next().unwrap_or(&inner).to_string();
        if path == "." || path.is_empty() {
            ApiError::bad_request(hint(ApiHint::BadJson { detail: message }), Vec::new())
        } else {
            ApiError::bad_request(format!("{path}: {message}"), vec![ApiError::field(path, message)])
        }
    })
}

fn text(v: &Option<Text>) -> String {
    v.as_ref().map(|t| t.0.trim().to_string()).unwrap_or_default()
}

pub fn full_name(p: &PersonIn) -> String {
    format!("{} {}", text(&p.first_name), text(&p.last_name)).trim().to_string()
}

pub fn member(p: &PersonIn) -> MemberDraft {
    MemberDraft { name: full_name(p), phone: text(&p.phone_number), email: text(&p.email) }
}

/// `closingDateTime` as the wizard's date: the UTC day of an RFC 3339 time, or a plain date.
/// Anything else goes on as typed, for the wizard's own date error.
pub fn close_date(value: &str) -> String {
    let value = value.trim();
    match chrono::DateTime::parse_from_rfc3339(value) {
        Ok(at) => at.with_timezone(&chrono::Utc).format("%Y-%m-%d").to_string(),
        Err(_) => value.get(..10).filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok() && value.len() == 10).unwrap_or(value).to_string(),
    }
}

/// Partner Center's `assistanceRequestCode`: our Q-HELP answers by their names.
pub fn help(code: &str) -> Option<HelpNeeded> {
    HelpNeeded::ALL.iter().copied().filter(|h| *h != HelpNeeded::None).find(|h| {
        serde_json::to_value(h).ok().and_then(|v| v.as_str().map(|s| s.eq_ignore_ascii_case(code.trim()))).unwrap_or(false)
    })
}

pub fn help_codes() -> String {
    HelpNeeded::ALL
        .iter()
        .filter(|h| **h != HelpNeeded::None)
        .filter_map(|h| serde_json::to_value(h).ok().and_then(|v| v.as_str().map(str::to_string)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a create body asks for: the wizard's answers, the customer, the kept extras.
pub struct Create {
    pub draft: DealDraft,
    pub customer: CustomerRef,
    pub extras: Extras,
}

pub fn create(body: &CreateBody) -> Result<Create, ApiError> {
    let mut problems = Vec::new();
    let details = body.details.as_ref();
    let profile = body.customer_profile.as_ref();
    let consent = body.consent.as_ref();
    let targets = body.target.clone().unwrap_or_default();
    let invites_microsoft = targets.iter().any(|t| text(&t.id).eq_ignore_ascii_case(MICROSOFT_ORG_ID));
    let context = body.invite_context.clone().unwrap_or_default();
    let help = match (invites_microsoft, context.assistance_request_code.as_ref().map(|c| c.0.trim()).filter(|c| !c.is_empty())) {
        (false, _) => HelpNeeded::None,
        (true, None) => HelpNeeded::GeneralOrOther,
        (true, Some(code)) => help(code).unwrap_or_else(|| {
            problems.push(ApiError::field("inviteContext.assistanceRequestCode", hint(ApiHint::NotOneOf { value: code.to_string(), allowed: help_codes() })));
            HelpNeeded::GeneralOrOther
        }),
    };
    let qualification = match body.qualification.as_ref().map(|q| q.0.trim()).filter(|q| !q.is_empty()) {
        None => None,
        Some(q) => Some(Qualification::ALL.iter().copied().find(|v| v.as_str().eq_ignore_ascii_case(q)).unwrap_or_else(|| {
            let allowed: Vec<&str> = Qualification::ALL.iter().map(|v| v.as_str()).collect();
            problems.push(ApiError::field("qualification", hint(ApiHint::NotOneOf { value: q.to_string(), allowed: allowed.join(", ") })));
            Qualification::None
        })),
    };
    let size = profile.and_then(|p| p.size.as_ref()).map(|s| s.0.trim().to_string()).filter(|s| !s.is_empty());
    if size.as_ref().is_some_and(|s| s.chars().count() > 40) {
        problems.push(ApiError::field("customerProfile.size", hint(ApiHint::AtMostChars { max: 40 })));
    }
    let tags: Vec<String> = body.tags.iter().flatten().map(|t| t.0.trim().to_string()).filter(|t| !t.is_empty()).collect();
    if tags.len() > 20 || tags.iter().any(|t| t.chars().count() > 50 || t.chars().any(char::is_control)) {
        problems.push(ApiError::field("tags", hint(ApiHint::Tags)));
    }
    if !problems.is_empty() {
        return Err(ApiError::see_details(problems));
    }
    let contact_person = profile.and_then(|p| p.team.as_ref()).and_then(|t| t.first().cloned()).unwrap_or_default();
    let team: Vec<MemberDraft> = body.team.iter().flatten().map(member).collect();
    let solution_ids: Vec<String> =
        details.and_then(|d| d.requirements.as_ref()).and_then(|r| r.solutions.as_ref()).into_iter().flatten().map(|s| text(&s.id)).collect();
    let value = details.and_then(|d| d.deal_value.as_ref()).map(|v| v.0.trim().to_string()).unwrap_or_default();
    let currency = details.map(|d| text(&d.currency)).unwrap_or_default();
    let close = details.map(|d| close_date(&text(&d.closing_date_time))).unwrap_or_default();
    let invitations = targets
        .iter()
        .map(|t| text(&t.id))
        .filter(|id| !id.eq_ignore_ascii_case(MICROSOFT_ORG_ID))
        .map(|partner_org_id| InvitationDraft {
            partner_org_id,
            close_date: close.clone(),
            value: value.clone(),
            currency: currency.clone(),
            notes: text(&context.notes),
            team_emails: team.iter().map(|m| m.email.clone()).collect(),
            solution_ids: solution_ids.clone(),
            help_needed: text(&context.notes),
        })
        .collect();
    let address = profile.and_then(|p| p.address.as_ref());
    let duns = profile
        .and_then(|p| p.ids.as_ref())
        .into_iter()
        .flatten()
        .find(|id| text(&id.profile_type).eq_ignore_ascii_case("duns"))
        .map(|id| text(&id.id));
    let draft = DealDraft {
        customer_country: String::new(),
        customer_id: None,
        contact: ContactDraft {
            name: full_name(&contact_person),
            phone: text(&contact_person.phone_number),
            email: text(&contact_person.email),
            consent: consent.and_then(|c| c.contact).unwrap_or(false),
            share_with_partners: consent.and_then(|c| c.share_with_others).unwrap_or(false),
        },
        deal_name: text(&body.name),
        location_id: text(&body.location),
        value,
        currency,
        close_date: close,
        crm_id: text(&body.external_reference_id),
        campaign_id: text(&body.campaign_id),
        notes: details.map(|d| text(&d.notes)).unwrap_or_default(),
        team,
        solution_ids,
        help,
        share_with_microsoft: consent.and_then(|c| c.share_with_microsoft).unwrap_or(false) || invites_microsoft,
        invitations,
    };
    let customer = CustomerRef {
        duns,
        name: profile.map(|p| text(&p.name)).unwrap_or_default(),
        country: address.map(|a| text(&a.country)).unwrap_or_default(),
        city: address.map(|a| text(&a.city)).unwrap_or_default(),
        postal_code: address.map(|a| text(&a.postal_code)).unwrap_or_default(),
    };
    Ok(Create { draft, customer, extras: Extras { qualification, customer_size: size, tags } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_days() {
        assert_eq!(close_date("2024-11-14T00:00:00Z"), "2024-11-14");
        assert_eq!(close_date("2024-11-14T23:30:00-02:00"), "2024-11-15");
        assert_eq!(close_date("2024-11-14"), "2024-11-14");
        assert_eq!(close_date("next week"), "next week");
        assert_eq!(help("technicalarchitecture"), Some(HelpNeeded::TechnicalArchitecture));
        assert_eq!(help("None"), None);
    }

    // X-API: a wrongly typed field is a 400 naming it, as API.md spells it.
    #[test]
    fn wrong_types_name_the_field() {
        let e = read::<CreateBody>(br#"{"details": {"dealValue": 5, "closingDateTime": 20241114}}"#).unwrap_err();
        assert_eq!(e.details[0].field, "details.closingDateTime");
        assert!(e.details[0].message.contains("a string"), "{e:?}");
        let e = read::<CreateBody>(br#"{"consent": {"consentToContact": "yes"}}"#).unwrap_err();
        assert_eq!(e.details[0].field, "consent.consentToContact");
        let ok = read::<CreateBody>(br#"{"Name": "x", "unknown": {"deep": [1, 2]}, "details": {"DealValue": 50000.10}}"#).unwrap();
        assert_eq!(ok.details.unwrap().deal_value.unwrap().0, "50000.10");
        assert!(read::<CreateBody>(b"{not json").is_err());
    }
}
