//! JSON Patch (RFC 6902, `replace` and `add` only) on a referral's editable paths (API.md), read
//! into the same actions the deal page sends. The service applies them in order, all or none.

use super::error::{ApiError, ApiHint, Detail, hint};
use super::input::{close_date, full_name, help, help_codes, member, PersonIn};
use super::json::{Text, marked_number};
use app::domain::actions::DealAction;
use app::domain::actor::{Actor, MICROSOFT_ORG_ID};
use app::domain::deal::{HelpNeeded, MicrosoftLevel};
use app::domain::details::DetailsDraft;
use app::domain::invitations::InvitationDraft;
use app::domain::lifecycle::{Deal, stage_from_external};
use app::domain::reasons::{DeclineReason, LostReason};
use app::domain::referral_api::{ApiStatus, MoveError, StatusMove, Substatus, status_move};
use app::domain::registration::{ContractKind, RegistrationDraft};
use serde::Deserialize;
use serde_json::Value;

/// One operation of a JSON Patch (RFC 6902): `replace` or `add` on an editable path.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Op {
    /// `replace` or `add`.
    pub op: Text,
    /// One of the editable paths of API.md, such as `/details/dealValue` or `/target/-`.
    pub path: Text,
    /// The new value: a string, number, boolean, object or list, as the path takes.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub value: Value,
}

pub const EDITABLE: &[&str] = &[
    "/name",
    "/externalReferenceId",
    "/campaignId",
    "/details/dealValue",
    "/details/currency",
    "/details/closingDateTime",
    "/details/notes",
    "/team",
    "/team/-",
    "/details/requirements/solutions",
    "/details/requirements/solutions/-",
    "/salesStage",
    "/consent/consentToShareReferralWithMicrosoftSellers",
    "/target/-",
    "/inviteContext",
    "/status",
    "/substatus",
    "/statusReason",
    "/registrations/-",
];

/// Why a patch cannot be read: the 400 naming each bad operation, or the rule refusing it (409).
pub enum PatchError {
    Bad(Vec<Detail>),
    Refused(app::domain::refusal::Refused),
}

impl From<PatchError> for ApiError {
    fn from(e: PatchError) -> Self {
        match e {
            PatchError::Bad(details) => ApiError::see_details(details),
            PatchError::Refused(refused) => ApiError::from(app::services::ServiceError::Rule(refused)),
        }
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if marked_number(s).is_none() => Some(s.clone()),
        _ => None,
    }
}

/// A number as written (a JSON number or a numeric string).
fn value_number(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(marked_number(s).unwrap_or(s).to_string()),
        _ => None,
    }
}

fn field_text(v: &Value, key: &str) -> String {
    v.get(key).and_then(value_text).unwrap_or_default().trim().to_string()
}

/// The actions a patch means for `deal`, in the order the lifecycle needs them: accepting first
/// (with the details and people it brings), then edits, invitations, and the outcome last.
pub fn actions(ops: &[Op], deal: &Deal, actor: &Actor) -> Result<Vec<DealAction>, PatchError> {
    let mut bad = Vec::new();
    let mut details = DetailsDraft::default();
    let mut details_changed = false;
    let mut added = Vec::new();
    let mut team: Option<Vec<PersonIn>> = None;
    let mut solutions: Option<Vec<String>> = None;
    let mut stage = None;
    let mut visibility = None;
    let mut targets: Vec<Value> = Vec::new();
    let mut context = Value::Null;
    let (mut status, mut substatus, mut reason) = (None, None, None);
    let mut registration = None;
    for (i, op) in ops.iter().enumerate() {
        let at = |what: &str| format!("[{i}].{what}");
        let kind = op.op.0.trim().to_ascii_lowercase();
        if kind != "replace" && kind != "add" {
            bad.push(ApiError::field(at("op"), hint(ApiHint::OpUnsupported { op: op.op.0.to_string() })));
            continue;
        }
        let path = op.path.0.trim();
        let Some(known) = EDITABLE.iter().find(|p| p.eq_ignore_ascii_case(path)) else {
            bad.push(ApiError::field(at("path"), hint(ApiHint::PathNotEditable { path: path.to_string(), editable: EDITABLE.join(", ") })));
            continue;
        };
        let v = &op.value;
        let text = || value_text(v).ok_or_else(|| ApiError::field(at("value"), hint(ApiHint::TakesString { name: known.to_string() })));
        let mut set = |target: &mut String, result: Result<String, Detail>| match result {
            Ok(t) => {
                *target = t;
                details_changed = true;
            }
            Err(d) => bad.push(d),
        };
        match *known {
            "/name" => set(&mut details.name, text()),
            "/externalReferenceId" => set(&mut details.crm_id, text()),
            "/campaignId" => set(&mut details.campaign_id, text()),
            "/details/notes" => set(&mut details.notes, text()),
            "/details/currency" => set(&mut details.currency, text()),
            "/details/closingDateTime" => set(&mut details.close_date, text().map(|t| close_date(&t))),
            "/details/dealValue" => set(&mut details.value, value_number(v).ok_or_else(|| ApiError::field(at("value"), hint(ApiHint::TakesNumber { name: "dealValue".into() })))),
            "/team/-" => match person(v) {
                Some(p) => added.push(p),
                None => bad.push(ApiError::field(at("value"), hint(ApiHint::Expected { shape: "a team member: {firstName, lastName, email, phoneNumber}".into() }))),
            },
            "/team" => match v.as_array().map(|a| a.iter().map(person).collect::<Option<Vec<_>>>()) {
                Some(Some(people)) => team = Some(people),
                _ => bad.push(ApiError::field(at("value"), hint(ApiHint::Expected { shape: "a list of team members: [{firstName, lastName, email, phoneNumber}]".into() }))),
            },
            "/details/requirements/solutions" => match v.as_array().map(|a| a.iter().map(solution_id).collect::<Option<Vec<_>>>()) {
                Some(Some(ids)) => solutions = Some(ids),
                _ => bad.push(ApiError::field(at("value"), hint(ApiHint::Expected { shape: "a list of solutions: [{\"id\": \"…\"}]".into() }))),
            },
            "/details/requirements/solutions/-" => match solution_id(v) {
                Some(id) => solutions.get_or_insert_with(|| deal.solutions.iter().map(|s| s.id.clone()).collect()).push(id),
                None => bad.push(ApiError::field(at("value"), hint(ApiHint::Expected { shape: "a solution: {\"id\": \"…\"}".into() }))),
            },
            "/salesStage" => match value_number(v).and_then(|t| stage_from_external(&t, deal.direction)) {
                Some(s) => stage = Some(s),
                None => bad.push(ApiError::field(
                    at("value"),
                    "a stage name (Qualify, Develop, Propose, Close or Qualified … Negotiated) or a percentage from 0 to 100",
                )),
            },
            "/consent/consentToShareReferralWithMicrosoftSellers" => match v.as_bool() {
                Some(b) => visibility = Some(b),
                None => bad.push(ApiError::field(at("value"), hint(ApiHint::TrueOrFalse))),
            },
            "/target/-" => match v.get("id").and_then(value_text) {
                Some(_) => targets.push(v.clone()),
                None => bad.push(ApiError::field(at("value"), hint(ApiHint::Expected { shape: "a target: {\"type\": \"BusinessProfileLocation\", \"id\": \"msft\"} or a partner's organization id".into() }))),
            },
            "/inviteContext" => context = v.clone(),
            "/status" => match value_text(v).and_then(|t| ApiStatus::ALL.iter().copied().find(|s| s.as_str().eq_ignore_ascii_case(t.trim()))) {
                Some(s) => status = Some(s),
                None => bad.push(ApiError::field(at("value"), hint(ApiHint::OneOf { allowed: "New, Active, Closed".into() }))),
            },
            "/substatus" => match value_text(v).and_then(|t| Substatus::ALL.iter().copied().find(|s| s.as_str().eq_ignore_ascii_case(t.trim()))) {
                Some(s) => substatus = Some(s),
                None => bad.push(ApiError::field(at("value"), hint(ApiHint::OneOf { allowed: "Pending, Received, Accepted, Won, Lost, Declined, Expired".into() }))),
            },
            "/statusReason" => match text() {
                Ok(t) => reason = Some(t),
                Err(d) => bad.push(d),
            },
            _ => match registration_draft(v) {
                Some(r) => registration = Some(r),
                None => bad.push(ApiError::field(at("value"), hint(ApiHint::Expected { shape: "a registration: {contractValue, currency, signedDate, startDate, endDate, termMonths, kind, contact {name, email, phoneNumber}, solutions [{id, value}], contractConfirmed}".into() }))),
            },
        }
    }
    // A status named without its substatus reads as the one move it can mean.
    let substatus = match (substatus, status) {
        (Some(sub), _) => Some(sub),
        (None, Some(ApiStatus::Active)) => Some(Substatus::Accepted),
        (None, Some(ApiStatus::New)) => Some(Substatus::Received),
        (None, Some(ApiStatus::Closed)) => {
            bad.push(ApiError::field("/substatus", hint(ApiHint::NeedsSubstatus)));
            None
        }
        (None, None) => None,
    };
    if !bad.is_empty() {
        return Err(PatchError::Bad(bad));
    }
    let help_asked = match context.get("assistanceRequestCode").and_then(value_text).filter(|c| !c.trim().is_empty()) {
        None => HelpNeeded::GeneralOrOther,
        Some(code) => help(&code).ok_or_else(|| {
            PatchError::Bad(vec![ApiError::field("inviteContext.assistanceRequestCode", hint(ApiHint::NotOneOf { value: code.to_string(), allowed: help_codes() }))])
        })?,
    };
    let moves = match substatus {
        None => None,
        Some(sub) if actor.is_microsoft() => microsoft_move(sub, reason.as_deref())?,
        Some(sub) => match status_move(deal.status, status, sub) {
            Ok(m) => m.map(|m| Move::Partner(m)),
            Err(MoveError::Refused(r)) => return Err(PatchError::Refused(r)),
            Err(MoveError::Mismatch { status, substatus }) => {
                return Err(PatchError::Bad(vec![ApiError::field(
                    "/substatus",
                    hint(ApiHint::NoSubstatus { status: status.as_str().into(), substatus: substatus.as_str().into() }),
                )]));
            }
        },
    };
    let mut out = Vec::new();
    if let Some(Move::Partner(StatusMove::Accept)) = moves {
        out.push(DealAction::Accept { details: std::mem::take(&mut details), team: added.drain(..).map(|p| member(&p)).collect() });
        details_changed = false;
    }
    if details_changed {
        out.push(DealAction::EditDetails(merged(deal, &details)));
    }
    if let Some(people) = team {
        out.extend(team_actions(deal, &people));
    }
    out.extend(added.iter().map(|p| DealAction::AddMember(member(p))));
    if let Some(ids) = solutions {
        out.push(DealAction::ChangeSolutions { solution_ids: ids });
    }
    if let Some(stage) = stage {
        out.push(DealAction::MarkStage(stage));
    }
    match visibility {
        Some(true) if deal.microsoft.level == MicrosoftLevel::None => out.push(DealAction::GiveMicrosoftVisibility),
        Some(false) if deal.microsoft.level != MicrosoftLevel::None => {
            return Err(PatchError::Refused(app::domain::refusal::Refused::MicrosoftAlreadyThere));
        }
        _ => {}
    }
    for target in &targets {
        let id = field_text(target, "id");
        if id.eq_ignore_ascii_case(MICROSOFT_ORG_ID) {
            out.push(DealAction::InviteMicrosoft { help: help_asked });
        } else {
            out.push(DealAction::InvitePartner(invitation(deal, &details, &id, target, &context)));
        }
    }
    match moves {
        Some(Move::Partner(StatusMove::Decline)) => {
            let (reason, notes) = reason_of(reason.as_deref(), &DeclineReason::ALL, DeclineReason::Other);
            out.push(DealAction::Decline { reason, notes });
        }
        Some(Move::Partner(StatusMove::Win)) => out.push(DealAction::Win { confirm_early: true }),
        Some(Move::Partner(StatusMove::Lose)) => {
            let (reason, notes) = reason_of(reason.as_deref(), &LostReason::ALL, LostReason::Other);
            out.push(DealAction::Lose { reason, notes });
        }
        Some(Move::Microsoft(action)) => out.push(action),
        Some(Move::Partner(StatusMove::Accept)) | None => {}
    }
    if let Some(form) = registration {
        out.push(if deal.registration.is_some() { DealAction::Resubmit(form) } else { DealAction::Register(form) });
    }
    Ok(out)
}

enum Move {
    Partner(StatusMove),
    Microsoft(DealAction),
}

/// R-LIFE-5: a Microsoft user's status moves answer for Microsoft's own referral of the engagement.
fn microsoft_move(sub: Substatus, reason: Option<&str>) -> Result<Option<Move>, PatchError> {
    Ok(Some(Move::Microsoft(match sub {
        Substatus::Accepted => DealAction::MicrosoftAccept,
        Substatus::Declined => DealAction::MicrosoftDecline { reason: reason_of(reason, &DeclineReason::ALL, DeclineReason::Other).0 },
        Substatus::Won => DealAction::MicrosoftMarkWon,
        _ => return Err(PatchError::Refused(app::domain::refusal::Refused::MicrosoftNotPending)),
    })))
}

/// A reason by its name (`NoBudget`, …); other text is `Other` with the text as notes.
fn reason_of<T: Copy + serde::Serialize>(text: Option<&str>, all: &[T], other: T) -> (T, String) {
    let text = text.unwrap_or("").trim();
    let named = all.iter().copied().find(|r| {
        serde_json::to_value(r).ok().and_then(|v| v.as_str().map(|s| s.eq_ignore_ascii_case(text))).unwrap_or(false)
    });
    match named {
        Some(r) => (r, String::new()),
        None => (other, text.to_string()),
    }
}

/// The deal's details with what the patch changed (an empty text leaves a field as it is).
fn merged(deal: &Deal, changed: &DetailsDraft) -> DetailsDraft {
    let mut d = deal.details.draft();
    let pick = |old: &mut String, new: &String| {
        if !new.is_empty() {
            *old = new.clone();
        }
    };
    pick(&mut d.name, &changed.name);
    pick(&mut d.value, &changed.value);
    pick(&mut d.currency, &changed.currency);
    pick(&mut d.close_date, &changed.close_date);
    pick(&mut d.notes, &changed.notes);
    pick(&mut d.crm_id, &changed.crm_id);
    pick(&mut d.campaign_id, &changed.campaign_id);
    d
}

/// `/team` replaced: the caller's company's members become the list given (R-LIFE-6: another
/// company's members are theirs to change): changed in place, then added, then the rest removed.
fn team_actions(deal: &Deal, people: &[PersonIn]) -> Vec<DealAction> {
    let own: Vec<usize> = deal.team.iter().enumerate().filter(|(_, m)| m.org_id == deal.org_id).map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for (position, person) in people.iter().enumerate() {
        match own.get(position) {
            Some(index) => out.push(DealAction::ChangeMember { index: *index, member: member(person) }),
            None => out.push(DealAction::AddMember(member(person))),
        }
    }
    for index in own.iter().skip(people.len()).rev() {
        out.push(DealAction::RemoveMember { index: *index });
    }
    out
}

fn person(v: &Value) -> Option<PersonIn> {
    v.is_object().then(|| {
        let t = |k: &str| v.get(k).and_then(value_text).map(Text);
        PersonIn { first_name: t("firstName"), last_name: t("lastName"), email: t("email"), phone_number: t("phoneNumber") }
    })
}

fn solution_id(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if marked_number(s).is_none() => Some(s.trim().to_string()),
        Value::Object(_) => v.get("id").and_then(value_text).map(|s| s.trim().to_string()),
        _ => None,
    }
}

/// R-NEW-5: inviting a partner through `/target/-`: the deal's date, value and solutions unless the
/// target says otherwise; why, from `/inviteContext`.
fn invitation(deal: &Deal, details: &DetailsDraft, partner: &str, target: &Value, context: &Value) -> InvitationDraft {
    let current = deal.details.draft();
    let or = |a: &String, b: String| if a.is_empty() { b } else { a.clone() };
    let solution_ids = target
        .get("solutions")
        .and_then(|s| s.as_array())
        .map(|a| a.iter().filter_map(solution_id).collect())
        .unwrap_or_else(|| deal.solutions.iter().map(|s| s.id.clone()).collect());
    let notes = field_text(context, "notes");
    InvitationDraft {
        partner_org_id: partner.to_string(),
        close_date: or(&details.close_date, current.close_date),
        value: or(&details.value, current.value),
        currency: or(&details.currency, current.currency),
        notes: notes.clone(),
        team_emails: deal.team.iter().filter(|m| m.org_id == deal.org_id).map(|m| m.person.email.to_string()).collect(),
        solution_ids,
        help_needed: if notes.is_empty() { "Co-sell".to_string() } else { notes },
    }
}

/// R-REG-3: `/registrations/-` as the registration form.
fn registration_draft(v: &Value) -> Option<RegistrationDraft> {
    if !v.is_object() {
        return None;
    }
    let contact = v.get("contact").cloned().unwrap_or(Value::Null);
    let kind = match field_text(v, "kind").to_ascii_lowercase().as_str() {
        "renewal" => ContractKind::Renewal,
        _ => ContractKind::New,
    };
    let number = |k: &str| v.get(k).and_then(value_number).unwrap_or_default();
    let contact_name = {
        let name = field_text(&contact, "name");
        if name.is_empty() {
            full_name(&PersonIn {
                first_name: contact.get("firstName").and_then(value_text).map(Text),
                last_name: contact.get("lastName").and_then(value_text).map(Text),
                ..PersonIn::default()
            })
        } else {
            name
        }
    };
    let solutions = v
        .get("solutions")
        .and_then(|s| s.as_array())
        .map(|a| a.iter().map(|s| (field_text(s, "id"), s.get("value").and_then(value_number).unwrap_or_default())).collect())
        .unwrap_or_default();
    Some(RegistrationDraft {
        contract_value: number("contractValue"),
        currency: field_text(v, "currency"),
        signed_on: close_date(&field_text(v, "signedDate")),
        starts_on: close_date(&field_text(v, "startDate")),
        ends_on: close_date(&field_text(v, "endDate")),
        term_months: number("termMonths"),
        kind,
        contact_name,
        contact_email: field_text(&contact, "email"),
        contact_phone: field_text(&contact, "phoneNumber"),
        solutions,
        contract_confirmed: v.get("contractConfirmed").and_then(Value::as_bool).unwrap_or(false),
    })
}
