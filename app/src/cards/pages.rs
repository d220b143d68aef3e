//! The office's card screens: the list with issue, revoke, reissue and hand-over; the
//! contact lines; and the printable A4 sheet.
use super::api::*;
use super::model::*;
use super::print::{self, Fit};
use crate::i18n::{tr, use_i18n, Msg};
use crate::model::Role;
use crate::ui::form::{
    action_error, action_ok, confirmed, not_field, FormError, PersonSelect, Saved, TextField,
};
use crate::ui::layout::{Fresh, Loading, RequireRole, OFFICE};
use crate::users::api::list_users;
use crate::users::model::UserView;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CardsPage() -> impl IntoView {
    view! {
        <RequireRole roles=OFFICE>
            <Cards />
        </RequireRole>
    }
}

#[component]
fn Cards() -> impl IntoView {
    let issue = ServerAction::<IssueCard>::new();
    let revoke = ServerAction::<RevokeCard>::new();
    let reissue = ServerAction::<ReissueCard>::new();
    let transfer = ServerAction::<TransferCards>::new();
    let save = ServerAction::<SaveContacts>::new();
    let cards = Resource::new(
        move || {
            (
                issue.version().get(),
                revoke.version().get(),
                reissue.version().get(),
                transfer.version().get(),
            )
        },
        |_| list_cards(),
    );
    let users = Resource::new(|| (), |_| list_users());
    let contacts = Resource::new(move || save.version().get(), |_| get_contacts());
    view! {
        <div class="row between">
            <h1>{tr(Msg::CardsTitle)}</h1>
            <a class="button primary" href="/cards/print" data-testid="print-cards">
                {tr(Msg::CardsPrint)}
            </a>
        </div>
        <p class="hint">{tr(Msg::CardsHint)}</p>
        <Transition fallback=Loading>
            <Fresh
                value=Signal::derive(move || Some((users.get()?, cards.get()?)))
                let:((users, cards))
            >
                {
                    let holders: Vec<UserView> = users
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|u| u.active && u.role != Role::Admin)
                        .collect();
                    match cards {
                        Ok(cs) => {
                            view! {
                                <CardList cs=cs.clone() revoke reissue />
                                <IssueForm holders=holders.clone() issue />
                                <TransferForm cs holders transfer />
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! { <FormError error=Signal::derive(move || Some(e.clone())) /> }
                                .into_any()
                        }
                    }
                }
            </Fresh>
        </Transition>
        <Suspense fallback=Loading>
            <Fresh value=Signal::derive(move || contacts.get().and_then(|r| r.ok())) let:c>
                <ContactsForm c save />
            </Fresh>
        </Suspense>
    }
}

#[component]
fn CardList(
    cs: Vec<CardView>,
    revoke: ServerAction<RevokeCard>,
    reissue: ServerAction<ReissueCard>,
) -> impl IntoView {
    let error = action_error(revoke);
    let reissue_error = action_error(reissue);
    let i18n = use_i18n();
    view! {
        <FormError error=error />
        <FormError error=reissue_error />
        <ul class="list" data-testid="card-list">
            {cs
                .into_iter()
                .map(|c| {
                    let id = c.id;
                    let url = format!("/c/{}", c.token);
                    view! {
                        <li class="item" class:inactive=!c.active data-token=c.token.clone()>
                            <span class="item-title">{c.cadre.clone()} " · " {c.title.clone()}</span>
                            <span class="item-sub">
                                <a href=url.clone() target="_blank" rel="noopener">{url.clone()}</a>
                                " · "
                                {crate::ui::time::minute(c.issued_at)}
                            </span>
                            {if c.active {
                                view! {
                                    <span class="tag status-sent">{tr(Msg::CardActive)}</span>
                                    {c.printed_at.map(|_| view! { " " <span class="tag">{tr(Msg::CardPrinted)}</span> })}
                                    <div class="actions">
                                        <button
                                            type="button"
                                            on:click=move |_| {
                                                if confirmed(Msg::CardReissueConfirm.text(i18n.locale.get_untracked())) {
                                                    reissue.dispatch(ReissueCard { id });
                                                }
                                            }
                                        >
                                            {tr(Msg::CardReissue)}
                                        </button>
                                        <button
                                            type="button"
                                            class="danger"
                                            on:click=move |_| {
                                                if confirmed(Msg::CardRevokeConfirm.text(i18n.locale.get_untracked())) {
                                                    revoke.dispatch(RevokeCard { id });
                                                }
                                            }
                                        >
                                            {tr(Msg::CardRevoke)}
                                        </button>
                                    </div>
                                }
                                    .into_any()
                            } else {
                                view! { <span class="tag status-attention">{tr(Msg::CardRevoked)}</span> }.into_any()
                            }}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

fn people(us: &[UserView]) -> Vec<(i64, String)> {
    us.iter()
        .map(|u| (u.id, format!("{} · {}", u.name, u.title)))
        .collect()
}

#[component]
fn IssueForm(holders: Vec<UserView>, issue: ServerAction<IssueCard>) -> impl IntoView {
    let error = action_error(issue);
    view! {
        <section class="card">
            <h2>{tr(Msg::CardIssue)}</h2>
            <ActionForm action=issue>
                <PersonSelect label=Msg::CardHolder name="cadre" people=people(&holders) error />
                <TextField label=Msg::CardDuties name="duties" error hint=Msg::CardDutiesHint />
                <TextField label=Msg::CardPromise name="promise" error hint=Msg::CardPromiseHint />
                <FormError error=not_field(error) />
                <Saved when=action_ok(issue) msg=Msg::CardIssued />
                <button type="submit" class="primary">{tr(Msg::CardIssue)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn TransferForm(
    cs: Vec<CardView>,
    holders: Vec<UserView>,
    transfer: ServerAction<TransferCards>,
) -> impl IntoView {
    let error = action_error(transfer);
    let mut from: Vec<(i64, String)> = Vec::new();
    for c in cs.iter().filter(|c| c.active) {
        if !from.iter().any(|(id, _)| *id == c.cadre_id) {
            from.push((c.cadre_id, format!("{} · {}", c.cadre, c.title)));
        }
    }
    view! {
        <section class="card">
            <h2>{tr(Msg::CardTransfer)}</h2>
            <p class="hint">{tr(Msg::CardTransferHint)}</p>
            <ActionForm action=transfer>
                <PersonSelect label=Msg::CardTransferFrom name="from" people=from error />
                <PersonSelect label=Msg::CardTransferTo name="to" people=people(&holders) error />
                <FormError error=not_field(error) />
                <Saved when=action_ok(transfer) msg=Msg::Saved />
                <button type="submit">{tr(Msg::CardTransfer)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ContactsForm(c: Contacts, save: ServerAction<SaveContacts>) -> impl IntoView {
    let error = action_error(save);
    let reply_days = c.reply_days().to_string();
    view! {
        <section class="card">
            <h2>{tr(Msg::ContactsTitle)}</h2>
            <p class="hint">{tr(Msg::ContactsHint)}</p>
            <ActionForm action=save>
                <TextField label=Msg::ContactsBureau name="form[bureau]" value=c.bureau error />
                <TextField label=Msg::ContactsOfficePhone name="form[office_phone]" kind="tel" value=c.office_phone error />
                <TextField label=Msg::ContactsLeader name="form[leader_name]" value=c.leader_name error />
                <TextField label=Msg::ContactsLeaderPhone name="form[leader_phone]" kind="tel" value=c.leader_phone error />
                <TextField label=Msg::ContactsTown name="form[town]" value=c.town error />
                <TextField label=Msg::ContactsTownPhone name="form[town_phone]" kind="tel" value=c.town_phone error />
                <TextField label=Msg::CardPromise name="form[promise]" value=c.promise error />
                <TextField
                    label=Msg::ContactsReplyDays
                    name="form[reply_days]"
                    kind="text"
                    inputmode="numeric"
                    value=reply_days
                    hint=Msg::ContactsReplyDaysHint
                    error
                />
                <FormError error=not_field(error) />
                <Saved when=action_ok(save) msg=Msg::Saved />
                <button type="submit" class="primary">{tr(Msg::Save)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn CardPrintPage() -> impl IntoView {
    view! {
        <RequireRole roles=OFFICE>
            <PrintSheetView />
        </RequireRole>
    }
}

/// Cards per A4 page: 8 (2 × 4, roomy) or 10 (2 × 5, business-card size).
fn per_page(q: Option<String>) -> usize {
    match q.as_deref() {
        Some("10") => 10,
        _ => 8,
    }
}

#[component]
fn PrintSheetView() -> impl IntoView {
    let query = use_query_map();
    let per = move || query.with(|q| per_page(q.get("per")));
    let sheet = Resource::new(|| (), |_| print_sheet());
    let printed = ServerAction::<MarkPrinted>::new();
    // Printing is the browser's: record it, then open the print dialog.
    let print = move |_| {
        printed.dispatch(MarkPrinted {});
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! {
        <div class="noprint print-bar">
            <h1>{tr(Msg::CardsPrint)}</h1>
            <p class="hint">{tr(Msg::CardsPrintHint)}</p>
            <div class="actions">
                <a class="button" class:primary=move || per() == 8 href="/cards/print?per=8">
                    {tr(Msg::CardsPer8)}
                </a>
                <a class="button" class:primary=move || per() == 10 href="/cards/print?per=10">
                    {tr(Msg::CardsPer10)}
                </a>
                <button type="button" class="primary" on:click=print>
                    {tr(Msg::Print)}
                </button>
            </div>
        </div>
        <Suspense fallback=Loading>
            {move || {
                sheet
                    .get()
                    .map(|r| match r {
                        Ok(s) => view! { <Sheets s per=per() /> }.into_any(),
                        Err(e) => {
                            view! {
                                <div data-testid="print-refused">
                                    <FormError error=Signal::derive(move || Some(e.clone())) />
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Sheets(s: CardSheet, per: usize) -> impl IntoView {
    let contacts = s.contacts.clone();
    let l = use_i18n().get_untracked();
    let cards: Vec<(CardView, String, Fit)> = s
        .cards
        .into_iter()
        .map(|c| {
            let url = CardToken::parse(&c.token)
                .map(|t| t.url(&s.origin))
                .unwrap_or_default();
            let fit = print::fit(&c, &contacts, &url, per, l);
            (c, url, fit)
        })
        .collect();
    // Told before printing, never dropped in silence: whose words this card size clips.
    let clipped: Vec<String> = cards
        .iter()
        .filter(|(_, _, f)| f.clipped)
        .map(|(c, _, _)| c.cadre.clone())
        .collect();
    let i18n = use_i18n();
    view! {
        {(!clipped.is_empty()).then(|| {
            let names = clipped.join("、");
            view! {
                <p class="banner error no-print" role="alert" data-testid="cards-too-long">
                    {move || Msg::CardsTooLong.fmt(i18n.get(), &[&per.to_string(), &names])}
                </p>
            }
        })}
        <div class="sheets">
            {cards
                .chunks(per)
                .map(|page| {
                    view! {
                        <div class=format!("sheet per-{per}") data-testid="sheet">
                            {page
                                .iter()
                                .map(|(c, url, fit)| view! {
                                    <PrintCard c=c.clone() contacts=contacts.clone() url=url.clone() fit=*fit />
                                })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// One card as printed: QR code, the cadre, what they do and promise, when and whom to call.
#[component]
fn PrintCard(c: CardView, contacts: Contacts, url: String, fit: Fit) -> impl IntoView {
    let mut lines = Vec::new();
    if !contacts.office_phone.is_empty() {
        lines.push((Msg::CardLineOffice, contacts.office_phone.clone()));
    }
    if !contacts.town_phone.is_empty() {
        lines.push((Msg::CardLineTown, contacts.town_phone.clone()));
    }
    let i18n = use_i18n();
    let reply_days = contacts.reply_days();
    view! {
        <article
            class=format!("lcard fit-{}", fit.step)
            data-testid="print-card"
            data-clipped=fit.clipped.then_some("true")
        >
            <header class="lc-head">
                <strong>{tr(Msg::CardsTitle)}</strong>
                <span>{contacts.bureau.clone()}</span>
            </header>
            <div class="lc-main">
                <img class="lc-qr" src=format!("/c/{}/qr.svg", c.token) alt=tr(Msg::CardQrAlt) />
                <div class="lc-who">
                    <strong class="lc-name">{c.cadre.clone()}</strong>
                    <span>{c.title.clone()}</span>
                    <span class="lc-phone">{c.phone.clone()}</span>
                    <span class="lc-scan">{tr(Msg::CardScan)}</span>
                </div>
            </div>
            <div class="lc-body">
                {(!c.duties.is_empty())
                    .then(|| view! { <p class="lc-text"><b>{tr(Msg::CardDuties)} {tr(Msg::LabelEnd)}</b>{c.duties.clone()}</p> })}
                {(!c.promise.is_empty())
                    .then(|| view! { <p class="lc-text"><b>{tr(Msg::CardPromise)} {tr(Msg::LabelEnd)}</b>{c.promise.clone()}</p> })}
            </div>
            <div class="lc-foot">
                {fit.clipped.then(|| view! { <p class="lc-more">{tr(Msg::CardTextOnline)}</p> })}
                <p class="lc-days">
                    {tr(Msg::CardServiceDays)} " · "
                    {move || Msg::CardReplyDays.fmt(i18n.get(), &[&reply_days.to_string()])}
                </p>
            <p class="lc-lines">
                {lines
                    .into_iter()
                    .map(|(label, phone)| view! { <span>{tr(label)} " " {phone}</span> })
                    .collect_view()}
            </p>
                <p class="lc-url">{url}</p>
            </div>
        </article>
    }
}
