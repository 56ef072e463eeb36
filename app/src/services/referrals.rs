//! R-ORG-5, R-TYPE-7: Microsoft sellers refer customers to partners. The partner is chosen from
//! the partner directory (R-CAT-4: partners with a co-sell-ready solution); the referral is checked
//! by the wizard's own rules (`wizard::validate_referral`) against the partner's locations and
//! solutions, and arrives in the partner's Inbound tab as Received.

use super::actions::{insert_and_notify, recorded};
use super::catalog;
use super::db::{Db, escape_like, new_id};
use super::directory;
use super::error::ServiceError;
use super::state::AppState;
use crate::domain::actor::{Actor, Role};
use crate::domain::catalog::SolutionCategory;
use crate::domain::fields::{Email, PersonName};
use crate::domain::invitations::PartnerOption;
use crate::domain::lifecycle::{self, NewDeal, SellerContact};
use crate::domain::refusal::Refused;
use crate::domain::wizard::{self, DealDraft, WizardContext};
use crate::dto::WizardOptions;
use sqlx::Row;

fn seller(actor: &Actor) -> Result<SellerContact, ServiceError> {
    if !actor.has(Role::MicrosoftSeller) {
        return Err(ServiceError::Rule(Refused::MicrosoftSellersOnly));
    }
    let name = PersonName::parse(&actor.name).map_err(|_| ServiceError::Rule(Refused::MicrosoftSellersOnly))?;
    let email = Email::parse(&actor.email).map_err(|_| ServiceError::Rule(Refused::MicrosoftSellersOnly))?;
    Ok(SellerContact { name, email })
}

/// R-CAT-4: a partner may be referred to when it has a co-sell-ready solution of its own.
const REFERRABLE: &str = "o.is_microsoft = 0 AND EXISTS (SELECT 1 FROM solutions s WHERE s.owner_org_id = o.id \
     AND s.co_sell_ready = 1 AND s.is_assessment = 0)";

/// R-CAT-4: referrable partners whose name contains `query` (all when empty), by name; at most 20.
#[tracing::instrument(skip(db))]
pub async fn partners(db: &Db, query: &str) -> Result<Vec<PartnerOption>, sqlx::Error> {
    let pattern = format!("%{}%", escape_like(&query.trim().to_lowercase()));
    let sql = format!("SELECT o.id, o.name FROM organizations o WHERE {REFERRABLE} AND LOWER(o.name) LIKE $1 ESCAPE '\\' ORDER BY o.name LIMIT 20");
    let rows = sqlx::query(&sql).bind(pattern).fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok(PartnerOption { id: r.try_get("id")?, name: r.try_get("name")? })).collect()
}

/// The referrable partner `id`; an unknown or unready one is not found.
async fn partner(db: &Db, id: &str) -> Result<PartnerOption, ServiceError> {
    let sql = format!("SELECT o.id, o.name FROM organizations o WHERE {REFERRABLE} AND o.id = $1");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&db.pool).await?.ok_or(ServiceError::NotFound)?;
    Ok(PartnerOption { id: row.try_get("id")?, name: row.try_get("name")? })
}

/// The partner's co-sell-ready solutions, as the partner's own wizard offers them (R-CAT-2).
async fn partner_catalog(db: &Db, partner_id: &str) -> Result<Vec<crate::domain::catalog::SolutionInfo>, sqlx::Error> {
    let mut catalog = catalog::offered_to(db, partner_id).await?;
    catalog.retain(|s| s.category == SolutionCategory::Own);
    Ok(catalog)
}

/// What the referral form needs once the seller picked a partner.
#[tracing::instrument(skip(state, actor))]
pub async fn setup(state: &AppState, actor: &Actor, partner_id: &str) -> Result<WizardOptions, ServiceError> {
    seller(actor)?;
    let db = &state.db;
    let partner = partner(db, partner_id).await?;
    Ok(WizardOptions {
        can_create: Ok(()),
        today: state.now().date_naive(),
        locations: catalog::locations(db, &partner.id).await?,
        countries: directory::countries(db).await?,
        catalog: partner_catalog(db, &partner.id).await?,
        org_vetted: false,
        recent_contacts: Vec::new(),
        partners: Vec::new(),
        referral_to: Some(partner),
    })
}

/// Validates the referral by the wizard's rules and puts it in the partner's Inbound tab.
#[tracing::instrument(skip(state, actor, draft))]
pub async fn send(state: &AppState, actor: &Actor, partner_id: &str, draft: &DealDraft, confirm_warnings: bool) -> Result<String, ServiceError> {
    let seller = seller(actor)?;
    let db = &state.db;
    let partner = partner(db, partner_id).await?;
    let location_ids: Vec<String> = catalog::locations(db, &partner.id).await?.into_iter().map(|l| l.id).collect();
    let customer = directory::chosen(db, draft.customer_id.as_deref()).await?;
    let catalog = partner_catalog(db, &partner.id).await?;
    let now = state.now();
    let ctx = WizardContext {
        today: now.date_naive(),
        location_ids: &location_ids,
        customer_country: customer.as_ref().map(|c| c.country.as_str()),
        catalog: &catalog,
        org_vetted: false,
        partners: &[],
    };
    let valid = wizard::validate_referral(draft, &ctx).map_err(ServiceError::Invalid)?;
    if valid.warnings.has_warnings() && !confirm_warnings {
        return Err(ServiceError::NeedsConfirmation(valid.warnings));
    }
    let customer = customer.ok_or(ServiceError::NotFound)?;
    let new = NewDeal { id: new_id(), engagement_id: new_id(), org_id: partner.id.clone(), valid: &valid, customer_microsoft_managed: false };
    let applied = lifecycle::refer(new, actor, seller, now).map_err(ServiceError::Rule)?;
    let mut tx = db.write().await?;
    let told = insert_and_notify(&mut tx, state, &applied.deal, &customer.name, Some(&actor.user_id), &recorded(applied.events, now, actor)).await?;
    super::live::commit(state, tx, super::live::Change { deals: vec![applied.deal.id.clone()], told }).await?;
    Ok(applied.deal.id)
}
