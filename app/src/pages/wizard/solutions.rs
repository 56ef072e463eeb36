//! Step Solutions (R-NEW-4, R-CAT-2, R-TYPE-5): the four groups, at least one, an assessment alone.

use super::Wiz;
use crate::components::field::FieldMessage;
use crate::components::text::category_text;
use crate::domain::catalog::{SolutionCategory, SolutionInfo};
use crate::domain::issues::Field;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn SolutionsStep() -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let filter = RwSignal::new(String::new());
    let vetted = wiz.options.with_value(|o| o.org_vetted);
    let chosen_count = move || wiz.draft.with(|d| d.solution_ids.len());
    let referral = wiz.referral_to().is_some();
    let groups = SolutionCategory::ALL
        .into_iter()
        .filter(|c| *c != SolutionCategory::Assessment || vetted)
        .filter(|c| !referral || *c == SolutionCategory::Own)
        .map(|category| {
            let items: Vec<SolutionInfo> = wiz.options.with_value(|o| o.catalog.iter().filter(|s| s.category == category).cloned().collect());
            view! { <SolutionGroup category items filter/> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for="solution-filter">{t!(i18n, wizard.solutions.filter)}</label>
            <input id="solution-filter" type="search" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
        </div>
        <p class="muted" aria-live="polite">{move || t!(i18n, wizard.solutions.chosen, n = chosen_count())}</p>
        <FieldMessage id="solutions-msg".to_string() issue=wiz.issue(Field::Solutions)/>
        {groups}
        {(!vetted && !referral).then(|| view! { <p class="muted">{t!(i18n, wizard.solutions.not_vetted)}</p> })}
    }
}

#[component]
fn SolutionGroup(category: SolutionCategory, items: Vec<SolutionInfo>, filter: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let wiz = expect_context::<Wiz>();
    let l = i18n.get_locale_untracked();
    let empty = items.is_empty();
    // R-ORG-5: a seller's referral offers the partner's own solutions, named as the partner's.
    let legend = match wiz.referral_to() {
        Some(partner) if category == SolutionCategory::Own => td_string!(l, referral.solutions_of, partner = partner.name).to_string(),
        _ => category_text(l, category).to_string(),
    };
    view! {
        <fieldset class="group solutions" aria-describedby="solutions-msg">
            <legend>{legend}</legend>
            {(category == SolutionCategory::Assessment).then(|| view! { <p class="field-hint">{t!(i18n, wizard.solutions.assessment_note)}</p> })}
            {empty.then(|| view! { <p class="muted">{t!(i18n, wizard.solutions.none_in_group)}</p> })}
            <ul class="checklist">
                {items
                    .into_iter()
                    .map(|s| {
                        let id = s.id.clone();
                        let input_id = format!("solution-{}", s.id);
                        let haystack = format!("{} {}", s.name, s.owner_name).to_lowercase();
                        let visible = move || filter.with(|f| haystack.contains(&f.trim().to_lowercase()));
                        let checked = {
                            let id = id.clone();
                            move || wiz.draft.with(|d| d.solution_ids.contains(&id))
                        };
                        let toggle = move |ev| {
                            let on = event_target_checked(&ev);
                            let id = id.clone();
                            wiz.edit(Field::Solutions, |d| {
                                d.solution_ids.retain(|x| *x != id);
                                if on {
                                    d.solution_ids.push(id);
                                }
                            });
                        };
                        view! {
                            <li class:hidden=move || !visible()>
                                <input id=input_id.clone() type="checkbox" prop:checked=checked on:change=toggle/>
                                <label for=input_id>
                                    {s.name.clone()}
                                    <span class="muted">" · " {s.owner_name.clone()}</span>
                                    {s.incentive.map(|i| view! { <span class="badge badge-incentive">{i.as_str()}</span> })}
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </fieldset>
    }
}
