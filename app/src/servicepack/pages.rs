//! `/service-pack`: the 科技服务包 on the phone. The material the last sync brought is read
//! from the phone's own storage, so it opens with no signal; the office adds and withdraws
//! material here too (online).
use super::api::*;
use super::model::*;
use crate::i18n::{tr, Msg};
use crate::offline::engine::use_outbox;
use crate::offline::model::{MetaEntry, META_MATERIALS};
use crate::offline::store::{self, Store};
use crate::ui::form::{action_error, not_field, FormError, SelectField, TextAreaField, TextField};
use crate::ui::layout::{RequireRole, EVERYONE};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn ServicePackPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <Pack />
        </RequireRole>
    }
}

#[component]
fn Pack() -> impl IntoView {
    let outbox = use_outbox();
    let local = RwSignal::new(None::<Vec<Material>>);
    Effect::new(move |_| {
        outbox.changed.track();
        spawn_local(async move {
            let ms: Vec<Material> = store::get::<MetaEntry>(Store::Meta, META_MATERIALS)
                .await
                .ok()
                .flatten()
                .and_then(|m| serde_json::from_str(&m.value).ok())
                .unwrap_or_default();
            local.set(Some(ms));
        });
    });
    let kind = RwSignal::new(String::new());
    let office = crate::auth::context::use_auth()
        .user()
        .is_some_and(|u| u.role == crate::model::Role::Admin);
    view! {
        <section class="card">
            <h1>{tr(Msg::SpTitle)}</h1>
            <p class="hint">{tr(Msg::SpHint)}</p>
            <div class="field">
                <label for="sp-kind">{tr(Msg::SpKind)}</label>
                <select id="sp-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">{tr(Msg::SpAllKinds)}</option>
                    {MaterialKind::ALL.iter().map(|k| view! { <option value=k.code()>{tr(k.label())}</option> }).collect_view()}
                </select>
            </div>
            {move || match local.get() {
                None => view! { <p class="muted">{tr(Msg::Loading)}</p> }.into_any(),
                Some(ms) if ms.is_empty() => view! { <p class="muted" data-testid="pack-empty">{tr(Msg::SpEmpty)}</p> }.into_any(),
                Some(ms) => {
                    let k = kind.get();
                    ms.into_iter()
                        .filter(|m| k.is_empty() || m.kind.code() == k)
                        .map(|m| view! {
                            <details class="material" data-testid="material">
                                <summary>{tr(m.kind.label())} " · " {m.title.clone()}</summary>
                                <p class="prose">{m.body.clone()}</p>
                                {(!m.link.is_empty()).then(|| view! {
                                    <p><a href=m.link.clone() rel="noopener noreferrer" target="_blank">{tr(Msg::SpAttachment)}</a></p>
                                })}
                            </details>
                        })
                        .collect_view()
                        .into_any()
                }
            }}
        </section>
        {office.then(|| view! { <Editor /> })}
    }
}

/// The office's list of every piece, withdrawn ones too, with the form for a new one.
#[component]
fn Editor() -> impl IntoView {
    let save = ServerAction::<SaveMaterial>::new();
    let all = Resource::new(move || save.version().get(), |_| list_materials());
    let err = action_error(save);
    let kinds: Vec<(String, Msg)> = MaterialKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), k.label()))
        .collect();
    view! {
        <section class="card no-print" data-testid="material-editor">
            <h2>{tr(Msg::SpAdd)}</h2>
            <ActionForm action=save>
                <SelectField label=Msg::SpKind name="material[kind]" error=err options=kinds />
                <TextField label=Msg::SpMaterialTitle name="material[title]" error=err required=true />
                <TextAreaField label=Msg::SpBody name="material[body]" error=err />
                <TextField label=Msg::SpLink name="material[link]" kind="url" error=err />
                <input type="hidden" name="material[active]" value="on" />
                <FormError error=not_field(err) />
                <button type="submit" class="primary">{tr(Msg::Save)}</button>
            </ActionForm>
            <h2>{tr(Msg::SpLibrary)}</h2>
            <Transition fallback=|| ()>
                {move || all.get().map(|r| r.map(|ms| view! {
                    <ul class="list">
                        {ms.into_iter().map(|m| {
                            let on = m.active;
                            view! {
                                <li class="item" data-testid="library-row">
                                    <span class="item-title">{m.title.clone()}</span>
                                    <span class="item-sub">{tr(m.kind.label())} " · " {m.updated_at.format("%Y-%m-%d").to_string()}</span>
                                    <ActionForm action=save attr:class="inline">
                                        <input type="hidden" name="material[id]" value=m.id />
                                        <input type="hidden" name="material[kind]" value=m.kind.code() />
                                        <input type="hidden" name="material[title]" value=m.title.clone() />
                                        <input type="hidden" name="material[body]" value=m.body.clone() />
                                        <input type="hidden" name="material[link]" value=m.link.clone() />
                                        <input type="hidden" name="material[active]" value=if on { "" } else { "on" } />
                                        <button type="submit" class="secondary small">
                                            {tr(if on { Msg::SpWithdraw } else { Msg::SpRestore })}
                                        </button>
                                    </ActionForm>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }).ok())}
            </Transition>
        </section>
    }
}

/// A household's 代购 as its page reads them.
pub type Purchases = Resource<Result<Vec<PurchaseRow>, crate::error::AppError>>;

/// The household page's 代购: what was asked, delivered, paid and confirmed (yuan, exact).
#[component]
pub fn PurchasesSection(purchases: Purchases) -> impl IntoView {
    view! {
        <section class="card" data-testid="household-purchases">
            <h2>{tr(Msg::SpPurchases)}</h2>
            <Suspense>
                {move || purchases.get().and_then(|r| r.ok()).map(|ps| {
                    if ps.is_empty() {
                        view! { <p class="muted">{tr(Msg::VwEmpty)}</p> }.into_any()
                    } else {
                        view! { <ul class="list">{ps.into_iter().map(purchase_row).collect_view()}</ul> }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

fn purchase_row(p: PurchaseRow) -> impl IntoView {
    let status = match p.status {
        PurchaseStatus::Closed => "status-sent",
        PurchaseStatus::Delivered => "status-attention",
        PurchaseStatus::Asked => "status-waiting",
    };
    view! {
        <li class="item" data-testid="purchase">
            <span class="item-title">{p.item.clone()} " × " {p.quantity.clone()}</span>
            <span class="item-sub">
                {p.asked_on.to_string()} " · " {tr(Msg::SpEstimate)} " " {p.estimate.yuan()}
                {p.actual.map(|a| view! { " · " {tr(Msg::SpActual)} " " {a.yuan()} })}
                {p.paid_by.map(|b| view! { " · " {tr(b.label())} })}
                {p.confirmed_by.clone().map(|c| format!(" · ✓ {c}"))}
            </span>
            <span class=format!("tag {status}")>{tr(p.status.label())}</span>
        </li>
    }
}
