//! The deal's solutions (R-NEW-4): listed for everyone who sees the deal; changed while it is open.
//! An assessment deal keeps its one assessment (R-TYPE-5); the server checks every rule again.

use crate::api::AppError;
use crate::api::wizard_setup;
use crate::components::field::FieldMessage;
use crate::components::text::{app_error_text, category_text};
use crate::domain::actions::DealAction;
use crate::domain::catalog::SolutionInfo;
use crate::domain::issues::Field;
use crate::i18n::*;
use crate::pages::deal_panel::{DealActor, deal_actor, issue_of};
use leptos::prelude::*;

#[component]
pub fn SolutionsCard(id: String, solutions: Vec<SolutionInfo>, editable: bool) -> impl IntoView {
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let DealActor { send, error, .. } = deal_actor(id, RwSignal::new(None));
    let issue = issue_of(error);
    let chosen = RwSignal::new(solutions.iter().map(|s| s.id.clone()).collect::<Vec<_>>());
    let editing = RwSignal::new(false);
    let save = move |_| {
        let solution_ids = chosen.get_untracked();
        send.run((DealAction::ChangeSolutions { solution_ids }, td_string!(l, solutions_edit.saved).to_string()));
    };
    let problem = move || match error.get() {
        Some(AppError::Invalid(_)) | None => None,
        Some(e) => Some(view! { <p class="banner error" role="alert">{app_error_text(l, &e)}</p> }),
    };
    view! {
        <section class="card" aria-labelledby="sec-solutions">
            <h2 id="sec-solutions">{t!(i18n, deal.sections.solutions)}</h2>
            {problem}
            <ul class="solution-list">
                {solutions.iter().map(|s| view! {
                    <li>
                        <strong>{s.name.clone()}</strong>
                        <span class="muted">" · " {s.owner_name.clone()} " · " {category_text(l, s.category)}</span>
                        {s.incentive.map(|i| view! { <span class="badge badge-incentive">{i.as_str()}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            {editable.then(|| view! {
                <Show
                    when=move || editing.get()
                    fallback=move || view! { <button type="button" class="btn btn-small" on:click=move |_| editing.set(true)>{t!(i18n, solutions_edit.open)}</button> }
                >
                    {
                        let catalog = Resource::new(|| (), |_| wizard_setup());
                        view! {
                            <fieldset class="group">
                                <legend>{t!(i18n, solutions_edit.legend)}</legend>
                                <FieldMessage id="change-solutions-msg".to_string() issue=issue(Field::Solutions)/>
                                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                                    {move || Suspend::new(async move {
                                        match catalog.await {
                                            Err(e) => view! { <p class="banner error" role="alert">{app_error_text(l, &e)}</p> }.into_any(),
                                            Ok(options) => view! {
                                                <div class="check-list">
                                                    {options.catalog.into_iter().map(|s| {
                                                        let (sid, input_id) = (s.id.clone(), format!("change-solution-{}", s.id));
                                                        let checked = chosen.with_untracked(|c| c.contains(&s.id));
                                                        view! {
                                                            <div class="check">
                                                                <input type="checkbox" id=input_id.clone() checked=checked on:change=move |ev| {
                                                                    let on = event_target_checked(&ev);
                                                                    let sid = sid.clone();
                                                                    chosen.update(|c| { c.retain(|x| *x != sid); if on { c.push(sid); } });
                                                                }/>
                                                                <label for=input_id>{s.name.clone()} <span class="muted">" · " {s.owner_name.clone()}</span></label>
                                                            </div>
                                                        }
                                                    }).collect_view()}
                                                </div>
                                            }.into_any(),
                                        }
                                    })}
                                </Suspense>
                                <div class="actions">
                                    <button type="button" class="btn btn-primary" on:click=save>{t!(i18n, solutions_edit.save)}</button>
                                    <button type="button" class="btn" on:click=move |_| editing.set(false)>{t!(i18n, next.cancel)}</button>
                                </div>
                            </fieldset>
                        }
                    }
                </Show>
            })}
        </section>
    }
}
