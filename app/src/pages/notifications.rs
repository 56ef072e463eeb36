//! R-NOTE-1: the notifications page (newest first, unread marked, each linking to its deal) and
//! the choice of what also comes by e-mail.

use crate::api::dto::{NotificationView, NotificationsPage};
use crate::api::{mark_notifications_read, notifications, set_notification_email};
use crate::components::layout::UnreadCount;
use crate::components::text::{app_error_text, notice_kind_text, notice_text};
use crate::components::time::LocalTime;
use crate::domain::notify::NoticeKind;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let live = crate::components::live::LiveUpdates::get();
    let data = Resource::new(move || (reload.get(), live.notified()), |_| notifications());
    view! {
        <div class="page-head">
            <h1>{t!(i18n, notify.title)}</h1>
        </div>
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Notifications page reload/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Notifications(page: NotificationsPage, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let unread = use_context::<UnreadCount>();
    let mark = Action::new(move |id: &Option<String>| {
        let id = id.clone();
        async move { mark_notifications_read(id).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = mark.value().get() {
            reload.update(|n| *n += 1);
            if let Some(unread) = unread {
                unread.refresh();
            }
        }
    });
    let any_unread = page.items.iter().any(|n| !n.read);
    view! {
        <div class="stack">
        <section class="card" aria-labelledby="notifications-list">
            <div class="card-head">
                <h2 id="notifications-list" class="visually-hidden">{t!(i18n, notify.title)}</h2>
                {any_unread.then(|| view! {
                    <button type="button" class="btn btn-secondary" on:click=move |_| { mark.dispatch(None); }>{t!(i18n, notify.mark_all)}</button>
                })}
            </div>
            {if page.items.is_empty() {
                view! { <div class="empty-state"><p class="empty-title">{t!(i18n, notify.empty)}</p></div> }.into_any()
            } else {
                view! {
                    <ul class="notifications">
                        {page.items.into_iter().map(|n| view! { <Item n mark/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <EmailChoices choices=page.email/>
        </div>
    }
}

#[component]
fn Item(n: NotificationView, mark: Action<Option<String>, Result<(), crate::api::AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let sentence = notice_text(l, n.kind, &n.data, &n.deal_name);
    let (id, read) = (n.id.clone(), n.read);
    let on_open = {
        let id = id.clone();
        move |_| {
            if !read {
                mark.dispatch(Some(id.clone()));
            }
        }
    };
    view! {
        <li class="notification" class:unread=!read>
            {(!read).then(|| view! { <span class="badge">{t!(i18n, notify.unread)}</span> })}
            <a href=format!("/deals/{}", n.deal_id) on:click=on_open>{sentence}</a>
            <span class="muted"><LocalTime at=n.at/></span>
            {(!read).then(|| view! {
                <button type="button" class="btn btn-quiet" on:click=move |_| { mark.dispatch(Some(id.clone())); }>{t!(i18n, notify.mark_read)}</button>
            })}
        </li>
    }
}

/// Each kind with a checkbox: checked comes by e-mail too.
#[component]
fn EmailChoices(choices: Vec<(NoticeKind, bool)>) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let save = Action::new(move |(kind, on): &(NoticeKind, bool)| {
        let (kind, on) = (*kind, *on);
        async move { set_notification_email(kind, on).await }
    });
    let status = move || match save.value().get() {
        Some(Ok(())) => Some(view! { <p class="banner success" role="status">{t!(i18n, notify.email_saved)}</p> }.into_any()),
        Some(Err(e)) => Some(view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any()),
        None => None,
    };
    view! {
        <section class="card" aria-labelledby="email-choices">
            <h2 id="email-choices">{t!(i18n, notify.email_title)}</h2>
            <p class="muted">{t!(i18n, notify.email_hint)}</p>
            <fieldset class="checks">
                <legend class="visually-hidden">{t!(i18n, notify.email_title)}</legend>
                {choices.into_iter().map(|(kind, on)| view! {
                    <label class="check">
                        <input type="checkbox" name=kind.as_str() checked=on
                            on:change=move |ev| { save.dispatch((kind, event_target_checked(&ev))); }/>
                        {notice_kind_text(l, kind)}
                    </label>
                }).collect_view()}
            </fieldset>
            {status}
        </section>
    }
}
