//! A deal's details (R-NEW-2, R-LIFE-3, R-LIFE-6): name, value, close date and the optional
//! references, the one parser of them as typed, and what an edit changed.

use super::fields::{CampaignId, CrmId, DealName, Notes};
use super::issues::{Code, Field, Issues};
use super::money::{Amount, Currency};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Details {
    pub name: DealName,
    pub value: Amount,
    pub currency: Currency,
    pub close_date: NaiveDate,
    pub crm_id: Option<CrmId>,
    pub campaign_id: Option<CampaignId>,
    pub notes: Option<Notes>,
}

/// The details as typed. Editing: the form holds every field as it should be, so an empty
/// optional field (notes, CRM ID, campaign ID) clears it and an empty required one is an error.
/// Accepting a received deal: an empty field keeps the value sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsDraft {
    pub name: String,
    pub value: String,
    pub currency: String,
    pub close_date: String,
    pub notes: String,
    pub crm_id: String,
    pub campaign_id: String,
}

/// What a receiver changes while accepting (R-LIFE-6); `None` keeps what was sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustments {
    pub name: Option<DealName>,
    pub value: Option<Amount>,
    pub close_date: Option<NaiveDate>,
    pub notes: Option<Notes>,
    pub crm_id: Option<CrmId>,
    pub campaign_id: Option<CampaignId>,
}

/// The years a date of a deal or contract may fall in: anything else is a typing slip.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

pub fn parse_date(text: &str) -> Result<NaiveDate, Code> {
    use chrono::Datelike;
    let text = text.trim();
    if text.is_empty() {
        return Err(Code::Required);
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| Code::InvalidDate)?;
    if YEARS.contains(&date.year()) { Ok(date) } else { Err(Code::DateOutOfRange { from: *YEARS.start(), to: *YEARS.end() }) }
}

/// R-NEW-2, R-LIFE-3: the whole details; every problem names its field.
pub fn parse(d: &DetailsDraft, issues: &mut Issues) -> Option<Details> {
    let name = issues.take(Field::DealName, DealName::parse(&d.name));
    let value = issues.take(Field::Value, Amount::parse(&d.value));
    let currency = issues.take(Field::Currency, Currency::parse(&d.currency));
    let close_date = issues.take(Field::CloseDate, parse_date(&d.close_date));
    let notes = issues.take(Field::Notes, Notes::parse_optional(&d.notes));
    let crm_id = issues.take(Field::CrmId, CrmId::parse_optional(&d.crm_id));
    let campaign_id = issues.take(Field::CampaignId, CampaignId::parse_optional(&d.campaign_id));
    Some(Details {
        name: name?,
        value: value?,
        currency: currency?,
        close_date: close_date?,
        notes: notes?,
        crm_id: crm_id?,
        campaign_id: campaign_id?,
    })
}

/// R-LIFE-6: what the receiver typed while accepting; empty fields keep the sent values.
pub fn parse_adjustments(d: &DetailsDraft, issues: &mut Issues) -> Adjustments {
    fn optional<T>(text: &str, parse: impl Fn(&str) -> Result<T, Code>, field: Field, issues: &mut Issues) -> Option<T> {
        if text.trim().is_empty() { None } else { issues.take(field, parse(text)) }
    }
    Adjustments {
        name: optional(&d.name, DealName::parse, Field::DealName, issues),
        value: optional(&d.value, Amount::parse, Field::Value, issues),
        close_date: optional(&d.close_date, parse_date, Field::CloseDate, issues),
        notes: optional(&d.notes, Notes::parse, Field::Notes, issues),
        crm_id: optional(&d.crm_id, CrmId::parse, Field::CrmId, issues),
        campaign_id: optional(&d.campaign_id, CampaignId::parse, Field::CampaignId, issues),
    }
}

impl Details {
    /// The fields as the edit form shows them.
    pub fn draft(&self) -> DetailsDraft {
        let text = |v: Option<String>| v.unwrap_or_default();
        DetailsDraft {
            name: self.name.to_string(),
            value: self.value.value().to_string(),
            currency: self.currency.as_str().to_string(),
            close_date: self.close_date.format("%Y-%m-%d").to_string(),
            notes: text(self.notes.as_ref().map(|n| n.to_string())),
            crm_id: text(self.crm_id.as_ref().map(|n| n.to_string())),
            campaign_id: text(self.campaign_id.as_ref().map(|n| n.to_string())),
        }
    }

    /// R-LIFE-6: the receiver's adjustments applied; what is left out stays as sent.
    pub fn adjust(&mut self, a: &Adjustments) {
        self.name = a.name.clone().unwrap_or(self.name.clone());
        self.value = a.value.unwrap_or(self.value);
        self.close_date = a.close_date.unwrap_or(self.close_date);
        self.notes = a.notes.clone().or(self.notes.take());
        self.crm_id = a.crm_id.clone().or(self.crm_id.take());
        self.campaign_id = a.campaign_id.clone().or(self.campaign_id.take());
    }
}

/// The names of the details that differ, as the history and the API call them.
pub fn changed_fields(old: &Details, new: &Details) -> Vec<String> {
    [
        ("name", old.name != new.name),
        ("value", old.value != new.value),
        ("currency", old.currency != new.currency),
        ("closeDate", old.close_date != new.close_date),
        ("notes", old.notes != new.notes),
        ("crmId", old.crm_id != new.crm_id),
        ("campaignId", old.campaign_id != new.campaign_id),
    ]
    .into_iter()
    .filter(|(_, changed)| *changed)
    .map(|(name, _)| name.to_string())
    .collect()
}
