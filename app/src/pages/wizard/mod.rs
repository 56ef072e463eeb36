//! The New deal wizard (SPEC §5). Every check is the domain's `check_step`, run as the user types;
//! the server runs the same rules again on Create and its refusals land beside the same fields.

pub mod autosave;
mod customer;
mod details;
mod review;
mod selling;
mod solutions;
mod team;

use crate::api::dto::{CustomerView, WizardOptions};
use crate::api::wizard_setup;
use crate::components::text::{app_error_text, refused_text, step_text};
use crate::domain::issues::{Field, Issue, Issues};
use crate::domain::drafts::{self, DraftForm, WizardDraft};
use crate::domain::wizard::{self, DealDraft, Step, WizardContext};
use crate::i18n::*;
use leptos::prelude::*;
use std::collections::HashSet;

#[component]
pub fn NewDealPage() -> impl IntoView {
    let i18n = use_i18n();
    let options = OnceResource::new(wizard_setup());
    let opening = OpenDraft::new();
    view! {
        <div class="page-head">
            <div>
                <p class="crumbs"><a href="/referrals/outbound">{t!(i18n, deal.back)}</a></p>
                <h1>{t!(i18n, wizard.title)}</h1>
            </div>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                let opened = opening.draft.await;
                match options.await {
                    Ok(options) => match options.can_create {
                        Ok(()) => view! { {opened.offers("/deals/new")} <Wizard options resume=opened.resume/> }.into_any(),
                        Err(r) => view! { <p class="banner error" role="alert">{refused_text(i18n.get_locale_untracked(), &r)}</p> }.into_any(),
                    },
                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// X-DRAFT: what the page opens with: the draft named in the address (`?draft=<id>`), else the
/// user's drafts to offer above a fresh form.
#[derive(Clone, Copy)]
pub(crate) struct OpenDraft {
    pub draft: Resource<Opened>,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Opened {
    pub resume: Option<(String, WizardDraft)>,
    /// The address named a draft that is gone (used, discarded, expired or someone else's).
    pub gone: bool,
    pub offers: Vec<crate::domain::drafts::DraftSummary>,
}

impl OpenDraft {
    pub fn new() -> Self {
        let query = leptos_router::hooks::use_query_map();
        let referrals = leptos_router::hooks::use_location().pathname.get_untracked().starts_with("/microsoft");
        let draft = Resource::new(move || query.with(|q| q.get("draft")), move |id| async move {
            match id {
                Some(id) => match crate::api::open_draft(id.clone()).await {
                    Ok((_, body)) => Opened { resume: Some((id, body)), ..Default::default() },
                    Err(_) => Opened { gone: true, ..Default::default() },
                },
                None => Opened { offers: crate::api::list_drafts(referrals).await.unwrap_or_default(), ..Default::default() },
            }
        });
        OpenDraft { draft }
    }
}

impl Opened {
    pub fn offers(&self, base: &'static str) -> impl IntoView + use<> {
        let i18n = use_i18n();
        let gone = self.gone.then(|| view! { <p class="banner warning" role="status">{t!(i18n, drafts.gone)}</p> });
        let offers = (!self.offers.is_empty()).then(|| view! { <autosave::DraftOffers drafts=self.offers.clone() base/> });
        view! { {gone} {offers} }
    }
}

/// The wizard's state, shared by its steps through context. Logic lives in `domain::wizard`.
#[derive(Clone, Copy)]
pub struct Wiz {
    pub draft: RwSignal<DealDraft>,
    pub step: RwSignal<Step>,
    pub touched: RwSignal<HashSet<Field>>,
    /// Refusals from the server, shown beside their fields until the field is edited.
    pub server_issues: RwSignal<Issues>,
    pub customer: RwSignal<Option<CustomerView>>,
    pub options: StoredValue<WizardOptions>,
    location_ids: StoredValue<Vec<String>>,
    heading: NodeRef<leptos::html::H2>,
    /// X-DRAFT: where what is typed is saved as it goes.
    pub autosave: autosave::Autosave,
    /// The state a fresh form opens with: nothing typed yet, nothing to save.
    fresh: StoredValue<DealDraft>,
}

impl Wiz {
    pub(crate) fn new(options: WizardOptions, resume: Option<(String, WizardDraft)>) -> Self {
        let mut draft = DealDraft::default();
        if let Some(primary) = options.locations.iter().find(|l| l.is_primary).or(options.locations.first()) {
            draft.customer_country = primary.country.clone();
            draft.location_id = primary.id.clone();
        }
        if options.referral_to.is_some() {
            // A referral is co-sell (R-TYPE-7): Microsoft offers help of some kind.
            draft.help = crate::domain::deal::HelpNeeded::GeneralOrOther;
        }
        let form = match &options.referral_to {
            Some(p) => DraftForm::Referral { partner_id: p.id.clone() },
            None => DraftForm::Deal,
        };
        let fresh = draft.clone();
        let (id, step, draft, customer) = match resume {
            Some((id, w)) => (Some(id), w.step, w.draft, w.customer),
            None => (None, Step::Customer, draft, None),
        };
        Wiz {
            draft: RwSignal::new(draft),
            step: RwSignal::new(step),
            touched: RwSignal::new(HashSet::new()),
            server_issues: RwSignal::new(Issues::default()),
            customer: RwSignal::new(customer),
            autosave: autosave::Autosave::new(form, id),
            fresh: StoredValue::new(fresh),
            location_ids: StoredValue::new(options.locations.iter().map(|l| l.id.clone()).collect()),
            options: StoredValue::new(options),
            heading: NodeRef::new(),
        }
    }

    /// Runs `f` with the draft and the validation context (tracks draft and customer).
    pub fn with_ctx<R>(&self, f: impl FnOnce(&DealDraft, &WizardContext) -> R) -> R {
        self.options.with_value(|o| {
            self.location_ids.with_value(|ids| {
                self.customer.with(|c| {
                    self.draft.with(|d| {
                        let ctx = WizardContext {
                            today: o.today,
                            location_ids: ids,
                            customer_country: c.as_ref().map(|c| c.country.as_str()),
                            catalog: &o.catalog,
                            org_vetted: o.org_vetted,
                            partners: &o.partners,
                        };
                        f(d, &ctx)
                    })
                })
            })
        })
    }

    /// X-DRAFT: the wizard as it stands, to save.
    pub fn snapshot(&self) -> WizardDraft {
        WizardDraft {
            step: self.step.get_untracked(),
            draft: self.draft.get_untracked(),
            customer: self.customer.get_untracked(),
            partner: self.referral_to(),
        }
    }

    /// True while nothing has been typed (a fresh form is not saved as a draft).
    pub fn is_blank(&self) -> bool {
        self.fresh.with_value(|fresh| drafts::is_blank(&self.snapshot(), fresh))
    }

    /// R-ORG-5: the partner a Microsoft seller is referring a customer to, if that is what this is.
    pub fn referral_to(&self) -> Option<crate::domain::invitations::PartnerOption> {
        self.options.with_value(|o| o.referral_to.clone())
    }

    pub fn step_issues(&self, step: Step) -> Issues {
        if self.referral_to().is_some() {
            return self.with_ctx(|d, ctx| wizard::check_referral_step(step, d, ctx));
        }
        self.with_ctx(|d, ctx| wizard::check_step(step, d, ctx))
    }

    pub fn steps(&self) -> Vec<Step> {
        if self.referral_to().is_some() {
            return wizard::REFERRAL_STEPS.to_vec();
        }
        self.with_ctx(wizard::steps)
    }

    /// The message beside a field: the server's refusal, else the rule's verdict once touched.
    pub fn issue(&self, field: Field) -> Signal<Option<Issue>> {
        let wiz = *self;
        Signal::derive(move || {
            if let Some(i) = wiz.server_issues.with(|s| s.for_field(field).cloned()) {
                return Some(i);
            }
            if !wiz.touched.with(|t| t.contains(&field)) {
                return None;
            }
            wiz.step_issues(wizard::step_of(field)).for_field(field).cloned()
        })
    }

    /// Applies an edit the user made to one field.
    pub fn edit(&self, field: Field, f: impl FnOnce(&mut DealDraft)) {
        self.draft.update(f);
        self.touch(field);
        self.server_issues.update(|s| s.0.retain(|i| i.field != field));
    }

    pub fn touch(&self, field: Field) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| {
                t.insert(field);
            });
        }
    }

    fn go(&self, step: Step) {
        self.step.set(step);
        // Move focus to the new step's heading so keyboard and screen-reader users land there.
        if let Some(heading) = self.heading.get_untracked() {
            let _ = heading.focus();
        }
    }

    fn neighbour(&self, forward: bool) -> Option<Step> {
        let steps = self.steps();
        let here = steps.iter().position(|s| *s == self.step.get_untracked())?;
        let next = if forward { here.checked_add(1) } else { here.checked_sub(1) }?;
        steps.get(next).copied()
    }
}

#[component]
pub(crate) fn Wizard(options: WizardOptions, #[prop(default = None)] resume: Option<(String, WizardDraft)>) -> impl IntoView {
    let i18n = use_i18n();
    let wiz = Wiz::new(options, resume);
    let cancel = if wiz.referral_to().is_some() { "/microsoft" } else { "/referrals/outbound" };
    provide_context(wiz);
    autosave::watch(wiz);
    crate::components::language::Keeper::register(Callback::new(move |_| autosave::save_then_reload(wiz)));
    let step_valid = move || !wiz.step_issues(wiz.step.get()).has_errors();
    let steps = Memo::new(move |_| wiz.steps());
    let on_next = move |_| {
        if let Some(next) = wiz.neighbour(true) {
            wiz.go(next);
        }
    };
    let on_back = move |_| {
        if let Some(prev) = wiz.neighbour(false) {
            wiz.go(prev);
        }
    };
    view! {
        <div class="wizard">
            <nav aria-label=move || t_string!(i18n, wizard.progress_label).to_string()>
                <ol class="stepper">
                    {move || {
                        let current = wiz.step.get();
                        let steps = steps.get();
                        let here = steps.iter().position(|s| *s == current).unwrap_or(0);
                        steps
                            .into_iter()
                            .enumerate()
                            .map(|(i, s)| {
                                let state = if i < here { "done" } else if i == here { "current" } else { "todo" };
                                view! {
                                    <li class=format!("step {state}") aria-current=(i == here).then_some("step")>
                                        <span class="step-num" aria-hidden="true">{i + 1}</span>
                                        {step_text(i18n.get_locale(), s)}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
            </nav>
            <section class="wizard-body" aria-labelledby="step-heading">
                <h2 id="step-heading" tabindex="-1" node_ref=wiz.heading>{move || step_text(i18n.get_locale(), wiz.step.get())}</h2>
                {move || match wiz.step.get() {
                    Step::Customer => view! { <customer::CustomerStep/> }.into_any(),
                    Step::Details => view! { <details::DetailsStep/> }.into_any(),
                    Step::Team => view! { <team::TeamStep/> }.into_any(),
                    Step::Solutions => view! { <solutions::SolutionsStep/> }.into_any(),
                    Step::Selling => view! { <selling::SellingStep/> }.into_any(),
                    Step::Review => view! { <review::ReviewStep/> }.into_any(),
                }}
            </section>
            <div class="wizard-nav">
                <a class="btn btn-quiet" href=cancel>{t!(i18n, wizard.cancel)}</a>
                <span class="spacer"></span>
                <Show when=move || wiz.step.get() != Step::Customer>
                    <button type="button" class="btn" on:click=on_back>{t!(i18n, wizard.back)}</button>
                </Show>
                <Show when=move || wiz.step.get() != Step::Review>
                    <button type="button" class="btn btn-primary" disabled=move || !step_valid() on:click=on_next aria-describedby="next-hint">
                        {t!(i18n, wizard.next)}
                    </button>
                </Show>
            </div>
            <Show when=move || wiz.step.get() != Step::Review && !step_valid()>
                <p id="next-hint" class="field-hint align-end">{t!(i18n, wizard.complete_to_continue)}</p>
            </Show>
            <autosave::SaveStatus/>
        </div>
    }
}

/// Text input bound to one draft field.
pub(crate) fn bind(
    wiz: Wiz,
    field: Field,
    get: fn(&DealDraft) -> &String,
    set: fn(&mut DealDraft, String),
) -> (Signal<String>, Callback<String>, Callback<()>) {
    let value = Signal::derive(move || wiz.draft.with(|d| get(d).clone()));
    let on_input = Callback::new(move |v: String| wiz.edit(field, |d| set(d, v)));
    let on_blur = Callback::new(move |_| wiz.touch(field));
    (value, on_input, on_blur)
}
