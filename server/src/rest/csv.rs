//! CSV export and import of referrals (API.md, X-API). Export writes the caller's visible
//! referrals with the list's `$filter` and `$orderby`; import reads the same columns back: a row
//! with an `id` changes that referral (only the columns whose value differs), a row without one
//! creates a referral. Import is all or nothing, with every failing row reported.

use super::error::{ApiError, ApiHint, Detail, hint};
use super::input::{self, AddressIn, CreateBody, CustomerProfileIn, DetailsIn, PersonIn, ProfileIdIn, RequirementsIn, SolutionIn};
use super::json::{Number, Text};
use super::patch::{self, Op};
use super::resource::{self, Referral};
use app::domain::actor::Actor;
use app::services::referral_api::{self, CreateRequest, ImportError, ImportRow, ListRequest, Record};
use app::services::{AppState, ServiceError};
use http::StatusCode;
use serde_json::Value;

/// The columns, in order; import reads them by name, in any order and case.
pub const COLUMNS: [&str; 24] = [
    "id", "engagementId", "name", "status", "substatus", "direction", "type", "dealType", "salesStage", "externalReferenceId",
    "campaignId", "customerName", "customerCountry", "customerCity", "customerDuns", "dealValue", "currency", "closingDate", "notes",
    "solutionIds", "teamName", "teamEmail", "teamPhone", "updatedDateTime",
];

/// Rows an export writes at most (narrow it with `$filter`).
pub const EXPORT_MAX: usize = 10_000;
/// What an import reads at most.
pub const IMPORT_MAX_BYTES: usize = 2 * 1024 * 1024;
pub const IMPORT_MAX_ROWS: usize = 2_000;

fn row_of(r: &Referral) -> Vec<String> {
    let owner = r.team.iter().find(|m| m.organization_id.as_deref() == Some(r.organization_id.as_str()));
    let person = |f: fn(&super::resource::Person) -> String| owner.map(f).unwrap_or_default();
    vec![
        r.id.clone(),
        r.engagement_id.clone(),
        r.name.clone(),
        r.status.to_string(),
        r.substatus.to_string(),
        r.direction.to_string(),
        r.kind.to_string(),
        r.deal_type.to_string(),
        r.sales_stage.clone(),
        r.external_reference_id.clone().unwrap_or_default(),
        r.campaign_id.clone().unwrap_or_default(),
        r.customer_profile.name.clone(),
        r.customer_profile.address.country.clone(),
        r.customer_profile.address.city.clone(),
        r.customer_profile.ids.first().map(|i| i.id.clone()).unwrap_or_default(),
        r.details.deal_value.clone(),
        r.details.currency.clone(),
        r.details.closing_date_time.get(..10).unwrap_or_default().to_string(),
        r.details.notes.clone().unwrap_or_default(),
        r.details.requirements.solutions.iter().map(|s| s.id.clone()).collect::<Vec<_>>().join(";"),
        person(|p| format!("{} {}", p.first_name, p.last_name).trim().to_string()),
        person(|p| p.email.clone().unwrap_or_default()),
        person(|p| p.phone_number.clone().unwrap_or_default()),
        r.updated_date_time.clone(),
    ]
}

/// The caller's visible referrals as CSV, keyset page after page.
pub async fn export(state: &AppState, actor: &Actor, mut request: ListRequest) -> Result<String, ApiError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS).map_err(|_| ApiError::internal())?;
    request.top = 100;
    request.count = false;
    let mut written = 0;
    loop {
        let page = referral_api::list(state, actor, &request).await?;
        for record in &page.records {
            if written == EXPORT_MAX {
                return Err(ApiError::bad_request(
                    hint(ApiHint::ExportTooMany { max: EXPORT_MAX }),
                    vec![ApiError::field("$filter", hint(ApiHint::ExportRowsMax { max: EXPORT_MAX }))],
                ));
            }
            out.write_record(row_of(&resource::referral(record, actor))).map_err(|_| ApiError::internal())?;
            written += 1;
        }
        match page.next {
            Some(next) => {
                request.after = Some(next);
                request.skip = 0;
            }
            None => break,
        }
    }
    String::from_utf8(out.into_inner().map_err(|_| ApiError::internal())?).map_err(|_| ApiError::internal())
}

/// One CSV row by column name.
#[derive(Debug)]
struct Row {
    number: usize,
    values: std::collections::HashMap<String, String>,
}

impl Row {
    fn get(&self, column: &str) -> String {
        self.values.get(&column.to_ascii_lowercase()).map(|v| v.trim().to_string()).unwrap_or_default()
    }

    fn has(&self, column: &str) -> bool {
        self.values.contains_key(&column.to_ascii_lowercase())
    }
}

fn parse(body: &[u8]) -> Result<Vec<Row>, ApiError> {
    if body.len() > IMPORT_MAX_BYTES {
        return Err(too_large());
    }
    let text = std::str::from_utf8(body).map_err(|_| ApiError::bad_request(hint(ApiHint::FileNotUtf8), Vec::new()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return Err(ApiError::bad_request(hint(ApiHint::FileNul), Vec::new()));
    }
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ApiError::bad_request(hint(ApiHint::HeaderUnreadable { detail: e.to_string() }), Vec::new()))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let unknown: Vec<&String> = headers.iter().filter(|h| !COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(h))).collect();
    if !unknown.is_empty() {
        let details = unknown.iter().map(|h| ApiError::field("header", hint(ApiHint::NotAColumn { name: h.to_string(), columns: COLUMNS.join(", ") }))).collect();
        return Err(ApiError::bad_request(hint(ApiHint::UnknownColumns), details));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // Row 1 is the header; data rows count from 2, as a spreadsheet shows them.
        let number = i + 2;
        let record = record.map_err(|e| ApiError::bad_request(hint(ApiHint::RowUnreadable { row: number, detail: e.to_string() }), vec![ApiError::field(format!("row {number}"), e.to_string())]))?;
        if rows.len() == IMPORT_MAX_ROWS {
            return Err(ApiError::bad_request(
                hint(ApiHint::TooManyRows { max: IMPORT_MAX_ROWS }),
                vec![ApiError::field(format!("row {number}"), hint(ApiHint::RowsMax { max: IMPORT_MAX_ROWS }))],
            ));
        }
        let values = headers.iter().cloned().zip(record.iter().map(str::to_string)).collect();
        rows.push(Row { number, values });
    }
    if rows.is_empty() {
        return Err(ApiError::bad_request(hint(ApiHint::NoRows), Vec::new()));
    }
    Ok(rows)
}

pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "PayloadTooLarge",
        hint(ApiHint::FileTooLarge { mb: IMPORT_MAX_BYTES / 1024 / 1024, rows: IMPORT_MAX_ROWS }),
    )
}

fn text(v: String) -> Option<Text> {
    (!v.is_empty()).then_some(Text(v))
}

/// A row without an id: the create request it stands for.
fn create_body(row: &Row) -> CreateBody {
    let name = row.get("teamName");
    let (first, last) = name.split_once(' ').map(|(f, l)| (f.to_string(), l.to_string())).unwrap_or((name.clone(), String::new()));
    let duns = row.get("customerDuns");
    CreateBody {
        name: text(row.get("name")),
        external_reference_id: text(row.get("externalReferenceId")),
        campaign_id: text(row.get("campaignId")),
        customer_profile: Some(CustomerProfileIn {
            name: text(row.get("customerName")),
            address: Some(AddressIn { city: text(row.get("customerCity")), postal_code: None, country: text(row.get("customerCountry")) }),
            ids: (!duns.is_empty()).then(|| vec![ProfileIdIn { profile_type: Some(Text("Duns".into())), id: Some(Text(duns)) }]),
            ..CustomerProfileIn::default()
        }),
        details: Some(DetailsIn {
            notes: text(row.get("notes")),
            deal_value: Some(Number(row.get("dealValue"))),
            currency: text(row.get("currency")),
            closing_date_time: text(row.get("closingDate")),
            requirements: Some(RequirementsIn {
                solutions: Some(row.get("solutionIds").split(';').map(str::trim).filter(|s| !s.is_empty()).map(|id| SolutionIn { id: Some(Text(id.into())) }).collect()),
            }),
        }),
        team: Some(vec![PersonIn { first_name: text(first), last_name: text(last), email: text(row.get("teamEmail")), phone_number: text(row.get("teamPhone")) }]),
        ..CreateBody::default()
    }
}

/// A row with an id: the patch operations for the columns whose value differs from the referral's.
fn update_ops(row: &Row, current: &Referral) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut set = |column: &str, path: &str, now: String| {
        let value = row.get(column);
        if row.has(column) && value != now {
            ops.push(Op { op: Text("replace".into()), path: Text(path.into()), value: Value::String(value) });
        }
    };
    set("name", "/name", current.name.clone());
    set("externalReferenceId", "/externalReferenceId", current.external_reference_id.clone().unwrap_or_default());
    set("campaignId", "/campaignId", current.campaign_id.clone().unwrap_or_default());
    set("notes", "/details/notes", current.details.notes.clone().unwrap_or_default());
    set("currency", "/details/currency", current.details.currency.clone());
    set("closingDate", "/details/closingDateTime", current.details.closing_date_time.get(..10).unwrap_or_default().to_string());
    set("salesStage", "/salesStage", current.sales_stage.clone());
    set("status", "/status", current.status.to_string());
    set("substatus", "/substatus", current.substatus.to_string());
    // Decimals compare as numbers: 1000, 1000.0 and 1000.00 are one value.
    let value = row.get("dealValue");
    let same = |a: &str, b: &str| a.parse::<rust_decimal::Decimal>().ok().zip(b.parse::<rust_decimal::Decimal>().ok()).is_some_and(|(a, b)| a == b);
    if row.has("dealValue") && !same(&value, &current.details.deal_value) {
        ops.push(Op { op: Text("replace".into()), path: Text("/details/dealValue".into()), value: Value::String(value) });
    }
    let ids: Vec<String> = row.get("solutionIds").split(';').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    let now: Vec<String> = current.details.requirements.solutions.iter().map(|s| s.id.clone()).collect();
    if row.has("solutionIds") && ids != now {
        ops.push(Op { op: Text("replace".into()), path: Text("/details/requirements/solutions".into()), value: serde_json::json!(ids) });
    }
    ops
}

fn prefixed(number: usize, error: ApiError) -> Vec<Detail> {
    if error.details.is_empty() {
        return vec![ApiError::field(format!("row {number}"), format!("{} ({})", error.message, error.code))];
    }
    error.details.into_iter().map(|d| ApiError::field(format!("row {number}: {}", d.field), d.message)).collect()
}

/// What an import did.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct ImportResult {
    /// The referrals created, in row order.
    pub created: Vec<String>,
    /// The referrals changed, in row order (rows with nothing to change are not counted).
    pub updated: Vec<String>,
}

/// Reads the file, checks every row as its request would be checked, and writes all or nothing.
pub async fn import(state: &AppState, actor: &Actor, body: &[u8]) -> Result<ImportResult, ApiError> {
    let rows = parse(body)?;
    let mut problems = Vec::new();
    let mut items = Vec::new();
    for row in &rows {
        let id = row.get("id");
        if id.is_empty() {
            match input::create(&create_body(row)) {
                Ok(c) => items.push((
                    row.number,
                    ImportRow::Create(CreateRequest { draft: c.draft, customer: c.customer, extras: c.extras, idempotency: None, confirm_warnings: true }),
                )),
                Err(e) => problems.extend(prefixed(row.number, e)),
            }
            continue;
        }
        let current: Record = match referral_api::get(state, actor, &id).await {
            Ok(r) => r,
            Err(e @ ServiceError::Db(_)) => return Err(e.into()),
            Err(e) => {
                problems.extend(prefixed(row.number, e.into()));
                continue;
            }
        };
        let ops = update_ops(row, &resource::referral(&current, actor));
        if ops.is_empty() {
            continue;
        }
        match patch::actions(&ops, &current.deal, actor) {
            Ok(actions) => items.push((row.number, ImportRow::Update { id, actions })),
            Err(e) => problems.extend(prefixed(row.number, e.into())),
        }
    }
    // Rows this edge could not read are reported with what the rules say of the others.
    let write = problems.is_empty();
    match referral_api::import(state, actor, items, write).await {
        Ok(done) if write => Ok(ImportResult { created: done.created, updated: done.updated }),
        Ok(_) => Err(not_imported(problems)),
        Err(ImportError::Whole(e)) => Err(e.into()),
        Err(ImportError::Rows(errors)) => {
            problems.extend(errors.into_iter().flat_map(|(row, e)| prefixed(row, e.into())));
            Err(not_imported(problems))
        }
    }
}

/// Nothing written: every row's problems, in row order.
fn not_imported(mut details: Vec<Detail>) -> ApiError {
    let row = |d: &Detail| d.field.trim_start_matches("row ").split(':').next().and_then(|n| n.trim().parse::<usize>().ok()).unwrap_or(0);
    details.sort_by_key(row);
    ApiError::bad_request(hint(ApiHint::RowsNotImported { rows: rows_with(&details) }), details)
}

/// How many distinct rows the problems name.
fn rows_with(details: &[Detail]) -> usize {
    let rows: std::collections::HashSet<&str> = details.iter().map(|d| d.field.split(':').next().unwrap_or("")).collect();
    rows.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_checked_before_any_row() {
        assert!(parse(b"id,name\n").unwrap_err().message.contains("no rows"));
        let e = parse(b"id,nom\n1,2\n").unwrap_err();
        assert_eq!(e.details[0].field, "header");
        assert!(parse(b"ID,Name\nabc,Deal\n").unwrap()[0].get("name") == "Deal", "columns in any case");
        let e = parse(b"id,name\nabc\n").unwrap_err();
        assert!(e.message.contains("Row 2"), "{e:?}");
        assert_eq!(parse(&vec![b'a'; IMPORT_MAX_BYTES + 1]).unwrap_err().status, StatusCode::PAYLOAD_TOO_LARGE);
        let mut many = String::from("name\n");
        for i in 0..=IMPORT_MAX_ROWS {
            many.push_str(&format!("d{i}\n"));
        }
        assert!(parse(many.as_bytes()).unwrap_err().message.contains("more than"));
    }
}
