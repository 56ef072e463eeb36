//! X-API: Settings → Import and export. Export downloads the referrals the user sees as CSV (by
//! status); import uploads a CSV of the export's columns with a progress bar, and shows either what
//! was created and changed or every failing row, nothing having been written.

// The upload runs in the browser only; the server renders the page.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use crate::i18n::*;
use leptos::prelude::*;
use serde::Deserialize;

/// The import's size limit (the server's `IMPORT_MAX_BYTES`), said before anything is sent.
const MAX_BYTES: f64 = 2.0 * 1024.0 * 1024.0;
const EXPORT: &str = "/v1.0/engagements/referrals/export.csv";
const IMPORT: &str = "/v1.0/engagements/referrals/import.csv";

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Done {
    created: Vec<String>,
    updated: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Detail {
    field: String,
    message: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Failure {
    message: String,
    #[serde(default)]
    details: Vec<Detail>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct FailureBody {
    error: Failure,
}

/// Where an import stands.
#[derive(Debug, Clone, PartialEq)]
enum Upload {
    Idle,
    /// Bytes sent of the file's total.
    Sending(f64, f64),
    /// Sent; the server checks the rows.
    Checking,
    Imported(Done),
    Refused(Failure),
    TooLarge,
    /// The request did not arrive, or its answer could not be read.
    Unsent,
}

#[component]
pub fn TransferPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::new());
    let export_href = move || match status.get().as_str() {
        "" => EXPORT.to_string(),
        s => format!("{EXPORT}?$filter=status%20eq%20'{s}'"),
    };
    let upload = RwSignal::new(Upload::Idle);
    view! {
        <div class="page-head">
            <h1>{t!(i18n, transfer.title)}</h1>
        </div>
        <div class="stack">
            <section class="card" aria-labelledby="export-title">
                <h2 id="export-title">{t!(i18n, transfer.export_title)}</h2>
                <p class="muted">{t!(i18n, transfer.export_hint)}</p>
                <div class="form-row">
                    <div class="field">
                        <label for="export-status">{t!(i18n, transfer.which)}</label>
                        <select id="export-status" on:change=move |ev| status.set(event_target_value(&ev))>
                            <option value="">{t!(i18n, transfer.all)}</option>
                            <option value="New">{t!(i18n, transfer.new)}</option>
                            <option value="Active">{t!(i18n, transfer.active)}</option>
                            <option value="Closed">{t!(i18n, transfer.closed)}</option>
                        </select>
                    </div>
                </div>
                <a class="btn btn-secondary" href=export_href download="referrals.csv" rel="external">{t!(i18n, transfer.export)}</a>
            </section>
            <section class="card" aria-labelledby="import-title">
                <h2 id="import-title">{t!(i18n, transfer.import_title)}</h2>
                <p class="muted">{t!(i18n, transfer.import_hint)}</p>
                <div class="field">
                    <label for="import-file">{t!(i18n, transfer.file)}</label>
                    <input id="import-file" type="file" accept=".csv,text/csv" aria-describedby="import-status"
                        disabled=move || matches!(upload.get(), Upload::Sending(..) | Upload::Checking)
                        on:change=move |ev| send(ev, upload)/>
                </div>
                <div id="import-status" aria-live="polite">
                    <Progress upload/>
                </div>
            </section>
        </div>
    }
}

#[component]
fn Progress(upload: RwSignal<Upload>) -> impl IntoView {
    let i18n = use_i18n();
    move || match upload.get() {
        Upload::Idle => ().into_any(),
        Upload::Sending(sent, total) => view! {
            <p>{t!(i18n, transfer.sending)}</p>
            <progress max=total value=sent aria-label=move || t_string!(i18n, transfer.sending).to_string()></progress>
        }
        .into_any(),
        Upload::Checking => view! {
            <p>{t!(i18n, transfer.checking)}</p>
            <progress aria-label=move || t_string!(i18n, transfer.checking).to_string()></progress>
        }
        .into_any(),
        Upload::TooLarge => view! { <p class="banner error" role="alert">{t!(i18n, transfer.too_large)}</p> }.into_any(),
        Upload::Unsent => view! { <p class="banner error" role="alert">{t!(i18n, transfer.unsent)}</p> }.into_any(),
        Upload::Imported(done) => {
            let (created, updated) = (done.created.len(), done.updated.len());
            view! { <p class="banner success" role="status">{t!(i18n, transfer.imported, created, updated)}</p> }.into_any()
        }
        Upload::Refused(failure) => view! {
            <div class="banner error" role="alert">
                <p>{failure.message.clone()}</p>
            </div>
            {(!failure.details.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="table">
                        <caption>{t!(i18n, transfer.problems)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, transfer.where_)}</th>
                            <th scope="col">{t!(i18n, transfer.problem)}</th>
                        </tr></thead>
                        <tbody>
                            {failure.details.iter().map(|d| view! { <tr><td>{d.field.clone()}</td><td>{d.message.clone()}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        }
        .into_any(),
    }
}

/// Sends the chosen file with the session, reporting upload progress, then the server's answer.
#[cfg(feature = "hydrate")]
fn send(ev: leptos::ev::Event, upload: RwSignal<Upload>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
    // A second pick of the same file is a new import.
    input.set_value("");
    if file.size() > MAX_BYTES {
        upload.set(Upload::TooLarge);
        return;
    }
    let Ok(xhr) = web_sys::XmlHttpRequest::new() else { return };
    if xhr.open("POST", IMPORT).is_err() || xhr.set_request_header("Content-Type", "text/csv").is_err() {
        return;
    }
    let total = file.size();
    upload.set(Upload::Sending(0.0, total));
    let progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
        if e.loaded() >= total {
            upload.set(Upload::Checking);
        } else {
            upload.set(Upload::Sending(e.loaded(), total));
        }
    });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        let sent = Closure::<dyn FnMut()>::new(move || upload.set(Upload::Checking));
        up.set_onload(Some(sent.as_ref().unchecked_ref()));
        sent.forget();
    }
    progress.forget();
    let request = xhr.clone();
    let loaded = Closure::<dyn FnMut()>::new(move || {
        let text = request.response_text().ok().flatten().unwrap_or_default();
        let next = if request.status().unwrap_or(0) == 200 {
            serde_json::from_str::<Done>(&text).map(Upload::Imported).unwrap_or(Upload::Unsent)
        } else {
            serde_json::from_str::<FailureBody>(&text).map(|b| Upload::Refused(b.error)).unwrap_or(Upload::Unsent)
        };
        upload.set(next);
    });
    xhr.set_onload(Some(loaded.as_ref().unchecked_ref()));
    let broken = Closure::<dyn FnMut()>::new(move || upload.set(Upload::Unsent));
    xhr.set_onerror(Some(broken.as_ref().unchecked_ref()));
    loaded.forget();
    broken.forget();
    if xhr.send_with_opt_blob(Some(&file)).is_err() {
        upload.set(Upload::Unsent);
    }
}

#[cfg(not(feature = "hydrate"))]
fn send(_ev: leptos::ev::Event, _upload: RwSignal<Upload>) {}
