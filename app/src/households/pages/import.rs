//! The office's spreadsheet import: preview every problem, then write all rows or none.
use super::super::import::{ErrorGroup, ImportReport};
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
                    <input id="f-file" type="file" name="file" accept=".xlsx,.xls,.csv" />
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
    let ok = rep.error_count == 0;
    let registered: usize = rep.registered.iter().map(|g| g.count).sum();
    let summary = if rep.imported {
        trf(Msg::ImportDone, vec![rep.new.to_string()])
    } else if ok {
        trf(Msg::ImportReady, vec![rep.rows.to_string()])
    } else {
        trf(Msg::ImportHasErrors, vec![rep.error_count.to_string()])
    };
    let counts = trf(
        Msg::ImportCounts,
        vec![
            rep.rows.to_string(),
            rep.new.to_string(),
            registered.to_string(),
            rep.blank.to_string(),
        ],
    );
    let ignored = (!rep.ignored.is_empty()).then(|| {
        let names = rep.ignored.join("、");
        view! {
            <p class="banner notice" data-testid="import-ignored">
                {trf(Msg::ImportIgnoredColumns, vec![names])}
            </p>
        }
    });
    let masked = (!rep.masked.is_empty()).then(|| {
        let cols = rep.masked.clone();
        view! {
            <p class="banner notice" data-testid="import-masked">
                {move || {
                    let names: Vec<&str> = cols.iter().map(|c| c.label().text(i18n.get())).collect();
                    trf(Msg::ImportMaskedColumns, vec![names.join("、")])()
                }}
            </p>
        }
    });
    let skipped = (!rep.skipped_sheets.is_empty()).then(|| {
        let names = rep.skipped_sheets.join("、");
        view! {
            <p class="banner notice" data-testid="import-skipped-sheets">
                {trf(Msg::ImportSkippedSheets, vec![names])}
            </p>
        }
    });
    view! {
        <section class="card" data-testid="import-report">
            <p class=if ok { "banner ok" } else { "banner error" } role="status">
                {summary}
            </p>
            <p data-testid="import-counts">{counts}</p>
            {ignored}
            {skipped}
            {masked}
            <div data-testid="import-errors">
                {rep.errors.into_iter().map(|g| view! { <Group g /> }).collect_view()}
            </div>
            <div data-testid="import-registered">
                {rep.registered.into_iter().map(|g| view! { <Group g /> }).collect_view()}
            </div>
        </section>
    }
}

/// One kind of problem: what, how often, and the first places it occurs.
#[component]
fn Group(g: ErrorGroup) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || {
        let l = i18n.get();
        match g.col {
            Some(c) => format!(
                "{}{}{}",
                c.label().text(l),
                Msg::LabelEnd.text(l),
                g.msg.text(l)
            ),
            None => g.msg.text(l).to_string(),
        }
    };
    let sheets = g.first.iter().any(|e| !e.sheet.is_empty());
    view! {
        <div class="import-group">
            <h3>{title} " · " {trf(Msg::ImportTimes, vec![g.count.to_string()])}</h3>
            <p class="muted small">{trf(Msg::ImportFirstPlaces, vec![g.first.len().to_string()])}</p>
            <table class="table">
                <thead>
                    <tr>
                        {sheets.then(|| view! { <th>{tr(Msg::ImportSheet)}</th> })}
                        <th>{tr(Msg::ImportRow)}</th>
                        <th>{tr(Msg::ImportCell)}</th>
                    </tr>
                </thead>
                <tbody>
                    {g.first
                        .into_iter()
                        .map(|e| {
                            view! {
                                <tr>
                                    {sheets.then(|| view! { <td>{e.sheet}</td> })}
                                    <td>{e.row}</td>
                                    <td>{e.cell}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
