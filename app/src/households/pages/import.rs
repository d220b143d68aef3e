//! The office's spreadsheet import: preview every problem, then write all rows or none.
use super::super::import::ImportReport;
use crate::i18n::{tr, trf, use_i18n, Msg};
use crate::ui::form::FormError;
use crate::ui::layout::{RequireRole, OFFICE};
use leptos::prelude::*;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! {
        <RequireRole roles=OFFICE>
            <Import />
        </RequireRole>
    }
}

#[component]
fn Import() -> impl IntoView {
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let upload = Action::new_local(|data: &Upload| {
        #[cfg(feature = "hydrate")]
        let call = super::super::api::import_households(data.clone().into());
        #[cfg(not(feature = "hydrate"))]
        let call = {
            let _ = data;
            std::future::ready(Err::<ImportReport, _>(crate::error::AppError::Internal))
        };
        call
    });
    let submit = move |commit: bool| {
        #[cfg(feature = "hydrate")]
        if let Some(form) = form_ref.get() {
            if let Ok(data) = web_sys::FormData::new_with_form(&form) {
                let _ = data.append_with_str("commit", if commit { "1" } else { "0" });
                upload.dispatch_local(data);
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (commit, form_ref, upload);
    };
    let report = move || upload.value().get();
    view! {
        <h1>{tr(Msg::ImportTitle)}</h1>
        <section class="card">
            <p>{tr(Msg::ImportHelp)}</p>
            <p class="muted small">{tr(Msg::ImportColumns)}</p>
            <form node_ref=form_ref on:submit=|ev| ev.prevent_default()>
                <div class="field">
                    <label for="f-file">{tr(Msg::ImportFile)}</label>
                    <input id="f-file" type="file" name="file" accept=".xlsx,.csv" />
                </div>
                <div class="actions">
                    <button
                        type="button"
                        data-testid="import-preview"
                        disabled=move || upload.pending().get()
                        on:click=move |_| submit(false)
                    >
                        {tr(Msg::ImportPreview)}
                    </button>
                    <button
                        type="button"
                        class="primary"
                        data-testid="import-commit"
                        disabled=move || upload.pending().get()
                        on:click=move |_| submit(true)
                    >
                        {tr(Msg::ImportCommit)}
                    </button>
                </div>
            </form>
        </section>
        {move || {
            report()
                .map(|r| match r {
                    Ok(rep) => view! { <ImportResult rep /> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                })
        }}
    }
}

/// The upload's form data. Only the browser dispatches the upload; the server renders the
/// form and never runs it.
#[cfg(feature = "hydrate")]
type Upload = web_sys::FormData;
#[cfg(not(feature = "hydrate"))]
type Upload = ();

#[component]
fn ImportResult(rep: ImportReport) -> impl IntoView {
    let i18n = use_i18n();
    let ok = rep.errors.is_empty();
    let summary = if rep.imported {
        trf(Msg::ImportDone, vec![rep.rows.to_string()])
    } else if ok {
        trf(Msg::ImportReady, vec![rep.rows.to_string()])
    } else {
        trf(Msg::ImportHasErrors, vec![rep.errors.len().to_string()])
    };
    view! {
        <section class="card" data-testid="import-report">
            <p class=if ok { "banner ok" } else { "banner error" } role="status">
                {summary}
            </p>
            {(!ok)
                .then(|| {
                    view! {
                        <table class="table" data-testid="import-errors">
                            <thead>
                                <tr>
                                    <th>{tr(Msg::ImportRow)}</th>
                                    <th>{tr(Msg::ImportColumn)}</th>
                                    <th>{tr(Msg::ImportProblem)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rep.errors
                                    .into_iter()
                                    .map(|e| {
                                        view! {
                                            <tr>
                                                <td>{e.row}</td>
                                                <td>{move || e.col.map(|c| c.label().text(i18n.get())).unwrap_or("")}</td>
                                                <td>{move || e.msg.text(i18n.get())}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                })}
        </section>
    }
}
