//! R-ORG-3 in one place: the condition under which an actor may see a deal (alias `d`), pushed into
//! the SQL of every list, count and get. Nothing is filtered after loading.

use super::db::Sql;
use crate::domain::actor::Actor;

pub fn push_visible(sql: &mut Sql, actor: &Actor) {
    if actor.is_microsoft() {
        // Microsoft sees what partners shared with it (partner-led or co-sell), never private deals.
        sql.push("(d.microsoft_level <> 'none')");
        return;
    }
    sql.push("(d.org_id = ").bind_text(&actor.org_id);
    if !actor.is_referrals_admin() {
        // A referral user: the deal's location in their scopes AND on the deal's team.
        sql.push(" AND d.location_id IN (SELECT s.location_id FROM user_location_scopes s WHERE s.user_id = ")
            .bind_text(&actor.user_id)
            .push(") AND EXISTS (SELECT 1 FROM deal_team_members t WHERE t.deal_id = d.id AND t.email_norm = ")
            .bind_text(actor.email.to_lowercase())
            .push(")");
    }
    sql.push(")");
}
