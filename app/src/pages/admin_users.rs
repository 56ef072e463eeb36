//! User administration for MPN partner admins (R-ORG-2): add, change roles and scopes, deactivate.

use crate::api::dto::{LocationOption, UserAdmin, UserView};
use crate::api::{AppError, admin_create_user, admin_set_active, admin_update_user, admin_users};
use crate::components::field::{FieldMessage, TextField};
use crate::components::text::{app_error_text, country_name, role_text};
use crate::domain::actor::Role;
use crate::domain::admin::{PARTNER_ROLES, UserDraft};
use crate::domain::issues::{Field, Issue, Issues};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    // Outside the reloaded list, so a confirmation survives the refresh it triggers.
    let flash = RwSignal::new(None::<(bool, String)>);
    let data = Resource::new(move || reload.get(), |_| admin_users());
    view! {
        <div class="page-head">
            <div>
                <h1>{t!(i18n, admin.users_title)}</h1>
                <p class="muted">{t!(i18n, admin.users_intro)}</p>
            </div>
        </div>
        {move || flash.get().map(|(ok, text)| view! { <p class=if ok { "banner success" } else { "banner error" } role="status">{text}</p> })}
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(admin) => view! { <Users admin reload flash/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Users(admin: UserAdmin, reload: RwSignal<u32>, flash: RwSignal<Option<(bool, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let locations = StoredValue::new(admin.locations.clone());
    let editing = RwSignal::new(None::<String>);
    let toggle = Action::new(move |(id, active): &(String, bool)| {
        let (id, active) = (id.clone(), *active);
        async move { admin_set_active(id, active).await }
    });
    Effect::new(move |_| match toggle.value().get() {
        Some(Ok(())) => {
            flash.set(Some((true, t_string!(i18n, admin.saved).to_string())));
            reload.update(|n| *n += 1)
        }
        Some(Err(e)) => flash.set(Some((false, app_error_text(i18n.get_locale_untracked(), &e)))),
        None => {}
    });
    let location_label = move |id: &str| {
        locations.with_value(|ls| ls.iter().find(|x| x.id == id).map(|x| format!("{}, {}", x.city, country_name(l, &x.country))).unwrap_or_default())
    };
    view! {
        <UserForm title=t_string!(i18n, admin.add_user).to_string() locations=admin.locations.clone() existing=None reload flash/>
        <div class="table-wrap">
            <table class="deals" aria-label=move || t_string!(i18n, admin.users_title).to_string()>
                <thead><tr>
                    <th scope="col">{t!(i18n, admin.col_user)}</th>
                    <th scope="col">{t!(i18n, admin.col_roles)}</th>
                    <th scope="col">{t!(i18n, admin.col_scopes)}</th>
                    <th scope="col">{t!(i18n, admin.col_status)}</th>
                    <th scope="col">{t!(i18n, admin.col_actions)}</th>
                </tr></thead>
                <tbody>
                    {admin.users.into_iter().map(|u| {
                        let roles = u.roles.iter().map(|r| role_text(l, *r)).collect::<Vec<_>>().join(", ");
                        let scopes = u.location_ids.iter().map(|id| location_label(id)).collect::<Vec<_>>().join("; ");
                        let (id, active, name) = (u.id.clone(), u.active, u.name.clone());
                        let edit_id = u.id.clone();
                        let shown = u.id.clone();
                        let user = u.clone();
                        let toggle_label = if active { td_string!(l, admin.deactivate, name = name.clone()).to_string() } else { td_string!(l, admin.reactivate, name = name.clone()).to_string() };
                        view! {
                            <tr class:inactive=!active>
                                <td><strong>{u.name.clone()}</strong><br/><span class="muted">{u.email.clone()}</span></td>
                                <td>{roles}</td>
                                <td>{scopes}</td>
                                <td>{if active { t_string!(i18n, admin.active) } else { t_string!(i18n, admin.inactive) }}</td>
                                <td><div class="row-actions">
                                    <button type="button" class="btn btn-small" aria-label=td_string!(l, admin.edit, name = name.clone()).to_string() on:click=move |_| editing.set(Some(edit_id.clone()))>
                                        {t!(i18n, admin.edit, name = "")}
                                    </button>
                                    <button type="button" class="btn btn-small" on:click=move |_| { toggle.dispatch((id.clone(), !active)); }>{toggle_label}</button>
                                </div></td>
                            </tr>
                            <Show when=move || editing.get().as_deref() == Some(shown.as_str())>
                                <tr><td colspan="5">
                                    <UserForm title=td_string!(l, admin.edit_user, name = user.name.clone()).to_string() locations=locations.get_value() existing=Some(user.clone()) reload flash/>
                                </td></tr>
                            </Show>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The add and edit form. Field errors from the server land beside their fields; input is kept.
#[component]
fn UserForm(
    title: String,
    locations: Vec<LocationOption>,
    existing: Option<UserView>,
    reload: RwSignal<u32>,
    flash: RwSignal<Option<(bool, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let is_new = existing.is_none();
    let prefix = existing.as_ref().map(|u| format!("user-{}", u.id)).unwrap_or_else(|| "new-user".into());
    let start = existing.clone().map(|u| UserDraft { email: u.email, name: u.name, roles: u.roles, location_ids: u.location_ids, password: String::new() }).unwrap_or_default();
    let draft = RwSignal::new(start);
    let issues = RwSignal::new(Issues::default());
    let user_id = existing.map(|u| u.id);
    let save = Action::new(move |d: &UserDraft| {
        let (d, user_id) = (d.clone(), user_id.clone());
        async move {
            match user_id {
                Some(id) => admin_update_user(id, d).await,
                None => admin_create_user(d).await.map(|_| ()),
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            issues.set(Issues::default());
            flash.set(Some((true, if is_new { t_string!(i18n, admin.added).to_string() } else { t_string!(i18n, admin.saved).to_string() })));
            if is_new {
                draft.set(UserDraft::default());
            }
            reload.update(|n| *n += 1);
        }
        Some(Err(AppError::Invalid(found))) => issues.set(found),
        Some(Err(e)) => flash.set(Some((false, app_error_text(i18n.get_locale_untracked(), &e)))),
        None => {}
    });
    let issue = move |f: Field| Signal::derive(move || issues.with(|i| i.for_field(f).cloned()));
    let text = move |f: Field, get: fn(&UserDraft) -> String, set: fn(&mut UserDraft, String)| {
        (
            Signal::derive(move || draft.with(get)),
            Callback::new(move |v: String| {
                draft.update(|d| set(d, v));
                issues.update(|i| i.0.retain(|x: &Issue| x.field != f));
            }),
        )
    };
    let (email, email_in) = text(Field::UserEmail, |d| d.email.clone(), |d, v| d.email = v);
    let (name, name_in) = text(Field::UserName, |d| d.name.clone(), |d, v| d.name = v);
    let (password, password_in) = text(Field::UserPassword, |d| d.password.clone(), |d, v| d.password = v);
    let id = |s: &str| format!("{prefix}-{s}");
    view! {
        <form class="group user-form" novalidate on:submit=move |ev| { ev.prevent_default(); flash.set(None); save.dispatch(draft.get_untracked()); }>
            <h2>{title}</h2>
            <div class="grid-2">
                {is_new.then(|| view! { <TextField id=id("email") label=t_string!(i18n, admin.email) kind="email" value=email on_input=email_in issue=issue(Field::UserEmail) required=true autocomplete="off"/> })}
                <TextField id=id("name") label=t_string!(i18n, admin.name) value=name on_input=name_in issue=issue(Field::UserName) required=true autocomplete="off"/>
            </div>
            <fieldset class="plain-fieldset" aria-describedby=id("roles-msg")>
                <legend>{t!(i18n, admin.roles)}</legend>
                {PARTNER_ROLES.into_iter().map(|role: Role| {
                    let input = id(role.as_str());
                    view! {
                        <div class="check">
                            <input id=input.clone() type="checkbox" prop:checked=move || draft.with(|d| d.roles.contains(&role))
                                on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|d| { d.roles.retain(|r| *r != role); if on { d.roles.push(role); } }); issues.update(|i| i.0.retain(|x| x.field != Field::UserRoles)); }/>
                            <label for=input>{role_text(l, role)}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldMessage id=id("roles-msg") issue=issue(Field::UserRoles)/>
            </fieldset>
            <fieldset class="plain-fieldset" aria-describedby=format!("{} {}", id("scopes-hint"), id("scopes-msg"))>
                <legend>{t!(i18n, admin.scopes)}</legend>
                <p id=id("scopes-hint") class="field-hint">{t!(i18n, admin.scopes_hint)}</p>
                {locations.into_iter().map(|loc| {
                    let input = id(&format!("loc-{}", loc.mpn_location_id));
                    let loc_id = loc.id.clone();
                    let checked_id = loc.id.clone();
                    view! {
                        <div class="check">
                            <input id=input.clone() type="checkbox" prop:checked=move || draft.with(|d| d.location_ids.contains(&checked_id))
                                on:change=move |ev| { let on = event_target_checked(&ev); let lid = loc_id.clone(); draft.update(|d| { d.location_ids.retain(|x| *x != lid); if on { d.location_ids.push(lid); } }); issues.update(|i| i.0.retain(|x| x.field != Field::UserScopes)); }/>
                            <label for=input>{format!("{}, {} ({})", loc.city, country_name(l, &loc.country), loc.mpn_location_id)}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldMessage id=id("scopes-msg") issue=issue(Field::UserScopes)/>
            </fieldset>
            {is_new.then(|| view! { <TextField id=id("password") label=t_string!(i18n, admin.password) hint=t_string!(i18n, admin.password_hint) kind="password" value=password on_input=password_in issue=issue(Field::UserPassword) required=true autocomplete="new-password"/> })}
            <button type="submit" class="btn btn-primary" disabled=move || save.pending().get()>{if is_new { t_string!(i18n, admin.add_user) } else { t_string!(i18n, admin.save) }}</button>
        </form>
    }
}
