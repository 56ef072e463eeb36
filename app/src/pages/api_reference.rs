//! X-API: the REST API's reference in the app, read from the served OpenAPI document: how to
//! authenticate, each operation with its parameters and answers, each resource with its fields.

use crate::api::api_reference;
use crate::api::dto::{ApiOperation, ApiReference, ApiSchema};
use crate::components::text::app_error_text;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ApiReferencePage() -> impl IntoView {
    let i18n = use_i18n();
    let doc = Resource::new(|| (), |_| api_reference());
    view! {
        <div class="page-head">
            <h1>{t!(i18n, reference.title)}</h1>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
            {move || Suspend::new(async move {
                match doc.await {
                    Ok(doc) => view! { <Reference doc/> }.into_any(),
                    Err(e) => view! { <p class="banner error" role="alert">{app_error_text(i18n.get_locale_untracked(), &e)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Reference(doc: ApiReference) -> impl IntoView {
    let i18n = use_i18n();
    let example = "curl -H \"Authorization: Bearer $TOKEN\" \\\n  \"$BASE/v1.0/engagements/referrals?\\$filter=status%20eq%20'Active'&\\$top=5\"";
    view! {
        <div class="stack reference">
            <section class="card" aria-labelledby="reference-start">
                <h2 id="reference-start">{t!(i18n, reference.start)}</h2>
                <p>{doc.description.clone()}</p>
                <p>{t!(i18n, reference.token)} " " <a href="/settings/tokens">{t!(i18n, nav.tokens)}</a></p>
                <p>{t!(i18n, reference.document)} " " <a href="/v1.0/openapi.json" rel="external"><code>"/v1.0/openapi.json"</code></a></p>
                <pre><code>{example}</code></pre>
            </section>
            <section aria-labelledby="reference-operations" class="stack">
                <h2 id="reference-operations">{t!(i18n, reference.operations)}</h2>
                {doc.operations.into_iter().map(|op| view! { <Operation op/> }).collect_view()}
            </section>
            <section aria-labelledby="reference-schemas" class="stack">
                <h2 id="reference-schemas">{t!(i18n, reference.schemas)}</h2>
                {doc.schemas.into_iter().map(|schema| view! { <Schema schema/> }).collect_view()}
            </section>
        </div>
    }
}

#[component]
fn Operation(op: ApiOperation) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("op-{}-{}", op.method.to_lowercase(), op.path.replace(['/', '{', '}', '.'], "-"));
    let heading = id.clone();
    view! {
        <section class="card" aria-labelledby=id>
            <h3 id=heading><code>{op.method.clone()} " " {op.path.clone()}</code></h3>
            <p>{op.summary.clone()}</p>
            {(!op.params.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="table">
                        <caption>{t!(i18n, reference.parameters)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, reference.name)}</th>
                            <th scope="col">{t!(i18n, reference.in_)}</th>
                            <th scope="col">{t!(i18n, reference.required)}</th>
                            <th scope="col">{t!(i18n, reference.description)}</th>
                        </tr></thead>
                        <tbody>
                            {op.params.iter().map(|p| view! {
                                <tr>
                                    <td><code>{p.name.clone()}</code></td>
                                    <td>{p.kind.clone()}</td>
                                    <td>{if p.required { t_string!(i18n, reference.yes) } else { t_string!(i18n, reference.no) }}</td>
                                    <td>{p.description.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {op.request.clone().map(|r| view! { <p>{t!(i18n, reference.body)} " " <a href=format!("#schema-{}", r.trim_end_matches("[]"))><code>{r.clone()}</code></a></p> })}
            <div class="table-wrap">
                <table class="table">
                    <caption>{t!(i18n, reference.responses)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, reference.status)}</th>
                        <th scope="col">{t!(i18n, reference.description)}</th>
                        <th scope="col">{t!(i18n, reference.body_col)}</th>
                    </tr></thead>
                    <tbody>
                        {op.responses.iter().map(|(code, description, body)| view! {
                            <tr>
                                <td><code>{code.clone()}</code></td>
                                <td>{description.clone()}</td>
                                <td>{body.clone().map(|b| view! { <code>{b}</code> })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Schema(schema: ApiSchema) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("schema-{}", schema.name);
    let heading = id.clone();
    view! {
        <section class="card" aria-labelledby=id>
            <h3 id=heading><code>{schema.name.clone()}</code></h3>
            {(!schema.description.is_empty()).then(|| view! { <p>{schema.description.clone()}</p> })}
            <div class="table-wrap">
                <table class="table">
                    <caption class="visually-hidden">{t!(i18n, reference.fields)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, reference.name)}</th>
                        <th scope="col">{t!(i18n, reference.type_)}</th>
                        <th scope="col">{t!(i18n, reference.required)}</th>
                        <th scope="col">{t!(i18n, reference.description)}</th>
                    </tr></thead>
                    <tbody>
                        {schema.properties.into_iter().map(|p| view! {
                            <tr>
                                <td><code>{p.name}</code></td>
                                <td><code>{p.kind}</code></td>
                                <td>{if p.required { t_string!(i18n, reference.yes) } else { t_string!(i18n, reference.no) }}</td>
                                <td>{p.description}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
