//! R-ORG-3 in one place: the condition under which an actor may see a deal (alias `d`), pushed into
//! the SQL of every list, count and get. Nothing is filtered after loading.

use super::db::{Sql, statuses};
use crate::domain::deal::Status;
use crate::domain::actor::Actor;

pub fn push_visible(sql: &mut Sql, actor: &Actor) {
    if actor.is_microsoft() {
        // Microsoft sees what partners shared with it (partner-led or co-sell), never private deals.
        sql.push("(d.microsoft_level <> 'none')");
        return;
    }
    let took_part = statuses(Status::took_part);
    sql.push("(");
    push_own(sql, actor, "d");
    // P2P (R-ORG-3, R-LIFE-6): once an invited partner accepted, the originator sees the partner's
    // deal and the partner sees the originator's, each through its own deal of the engagement.
    sql.push(" OR (d.sender_org_id = ")
        .bind_text(&actor.org_id)
        .push(&format!(" AND d.status IN {took_part} AND EXISTS (SELECT 1 FROM deals e WHERE e.engagement_id = d.engagement_id AND e.sender_org_id IS NULL AND "));
    push_own(sql, actor, "e");
    sql.push(&format!(
        ")) OR (d.sender_org_id IS NULL AND EXISTS (SELECT 1 FROM deals e WHERE e.engagement_id = d.engagement_id \
         AND e.sender_org_id = d.org_id AND e.status IN {took_part} AND "
    ));
    push_own(sql, actor, "e");
    sql.push(")))");
}

/// R-ORG-3 for the lists of the actor's own organization's deals (the partner tabs): those deals,
/// and of them what the actor sees. A referrals admin sees every one, so the condition is the
/// organization alone and a count reads the tab's index without touching a row.
pub fn push_visible_of_own_org(sql: &mut Sql, actor: &Actor) {
    sql.push("d.org_id = ").bind_text(&actor.org_id);
    if !actor.is_referrals_admin() {
        sql.push(" AND ");
        push_visible(sql, actor);
    }
}

/// The actor's own organization's deal `alias`: every one for referrals admins; for a referral user
/// only deals at a location in their scopes AND with them on the team.
fn push_own(sql: &mut Sql, actor: &Actor, alias: &str) {
    sql.push(&format!("({alias}.org_id = ")).bind_text(&actor.org_id);
    if !actor.is_referrals_admin() {
        sql.push(&format!(" AND {alias}.location_id IN (SELECT s.location_id FROM user_location_scopes s WHERE s.user_id = "))
            .bind_text(&actor.user_id)
            .push(&format!(") AND EXISTS (SELECT 1 FROM deal_team_members t WHERE t.deal_id = {alias}.id AND t.email_norm = "))
            .bind_text(actor.email.to_lowercase())
            .push(")");
    }
    sql.push(")");
}
