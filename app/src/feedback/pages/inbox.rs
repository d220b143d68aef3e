//! The inbox (office and leaders: everything; a cadre: what concerns them) and one item.
use super::super::api::*;
use super::super::model::*;
use crate::auth::context::use_auth;
use crate::i18n::{tr, use_i18n, Msg};
use crate::model::Role;
use crate::ui::form::{action_error, action_ok, not_field, FormError, Saved, TextAreaField};
use crate::ui::layout::{Fresh, Loading, RequireRole, Tab, EVERYONE};
use crate::ui::time;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn FeedbackListPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <FeedbackList />
        </RequireRole>
    }
}

#[component]
fn FeedbackList() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let get = |k: &str| q.get(k).unwrap_or_default();
            InboxQuery {
                status: get("status"),
                category: get("category"),
                village: get("village"),
                from: get("from"),
                to: get("to"),
                q: get("q"),
            }
        })
    };
    let inbox = Resource::new(filter, |f| {
        list_feedback(f.status, f.category, f.village, f.from, f.to, f.q)
    });
    let i18n = use_i18n();
    let cadre = use_auth().user().is_some_and(|u| u.role == Role::Cadre);
    // The village filter is the office's and leaders'; a cadre's list is short already.
    let villages = Resource::new(
        || (),
        move |_| async move {
            if cadre {
                Ok(Vec::new())
            } else {
                crate::villages::api::list_villages().await
            }
        },
    );
    view! {
        <div class="row between">
            <h1>{tr(if cadre { Msg::FeedbackMine } else { Msg::FeedbackInbox })}</h1>
            {(!cadre)
                .then(|| view! { <a class="button" href="/cards">{tr(Msg::CardsTitle)}</a> })}
        </div>
        {cadre
            .then(|| {
                view! {
                    <a class="button primary" href="/feedback/new" data-testid="capture-feedback">
                        {tr(Msg::FeedbackCapture)}
                    </a>
                    <p class="hint">{tr(Msg::FeedbackMineHint)}</p>
                }
            })}
        <Transition fallback=Loading>
            {move || {
                inbox
                    .get()
                    .map(|r| match r {
                        Ok(inbox) => {
                            let villages: Vec<(i64, String)> = villages
                                .get()
                                .and_then(|r| r.ok())
                                .unwrap_or_default()
                                .into_iter()
                                .map(|v| (v.id, v.name))
                                .collect();
                            view! { <InboxView inbox query=filter() cadre villages /> }.into_any()
                        }
                        Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn InboxView(
    inbox: Inbox,
    query: InboxQuery,
    cadre: bool,
    villages: Vec<(i64, String)>,
) -> impl IntoView {
    let total: i64 = inbox.counts.iter().map(|(_, n)| n).sum();
    let count = |s: Status| {
        inbox
            .counts
            .iter()
            .find(|(c, _)| *c == s)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let mut tabs = vec![(String::new(), Msg::FeedbackAll, total)];
    tabs.extend(Status::ALL.map(|s| (s.code().to_string(), s.label(), count(s))));
    let empty = inbox.rows.is_empty();
    let current = query.status.clone();
    view! {
        <InboxFilters query=query.clone() cadre villages />
        <nav class="tabs" aria-label=tr(Msg::FeedbackStatus) data-testid="feedback-tabs">
            {tabs
                .into_iter()
                .map(|(code, label, n)| {
                    let href = inbox_href(&query, &code);
                    // What waits to be accepted stands out while any does.
                    let alert = code == Status::New.code() && n > 0;
                    view! { <Tab href label count=n on=code == current alert /> }
                })
                .collect_view()}
        </nav>
        {empty.then(|| view! { <p class="muted">{tr(Msg::FeedbackNone)}</p> })}
        <ul class="list" data-testid="feedback-list">
            {inbox
                .rows
                .into_iter()
                .map(|r| {
                    let late = inbox.today.is_some_and(|t| r.late(inbox.reply_days, t));
                    view! { <FeedbackItem r late /> }
                })
                .collect_view()}
        </ul>
    }
}

/// The inbox under `q`'s filters with `status` in place of its own: each tab keeps the rest.
fn inbox_href(q: &InboxQuery, status: &str) -> String {
    let pairs = [
        ("status", status),
        ("category", &q.category),
        ("village", &q.village),
        ("from", &q.from),
        ("to", &q.to),
        ("q", &q.q),
    ];
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", leptos_router::location::Url::escape(v.trim())))
        .collect();
    if query.is_empty() {
        "/feedback".to_string()
    } else {
        format!("/feedback?{}", query.join("&"))
    }
}

/// Search and filters as a GET form: the query string is the state, so a filtered inbox can
/// be bookmarked, and the form works before (or without) the WASM.
#[component]
fn InboxFilters(query: InboxQuery, cadre: bool, villages: Vec<(i64, String)>) -> impl IntoView {
    let village = query.village.clone();
    let category = query.category.clone();
    // Folded on a phone until used, so the list itself is on the first screen.
    view! {
        <details class="edit" open=query.narrowed()>
        <summary data-testid="filter-open">{tr(Msg::FilterTitle)}</summary>
        <form class="filters" method="get" action="/feedback" data-testid="feedback-filters">
            <input type="hidden" name="status" value=query.status.clone() />
            <label class="field wide">
                <span class="label">{tr(Msg::FilterSearch)}</span>
                <input type="search" name="q" value=query.q.clone() data-testid="filter-q" />
            </label>
            <label class="field">
                <span class="label">{tr(Msg::FeedbackCategory)}</span>
                <select name="category" data-testid="filter-category">
                    <option value="">{tr(Msg::FilterAny)}</option>
                    {Category::ALL
                        .into_iter()
                        .map(|c| view! {
                            <option value=c.code() selected=c.code() == category>{tr(c.label())}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            {(!cadre).then(|| view! {
                <label class="field">
                    <span class="label">{tr(Msg::FieldVillage)}</span>
                    <select name="village" data-testid="filter-village">
                        <option value="">{tr(Msg::FilterAny)}</option>
                        {villages
                            .into_iter()
                            .map(|(id, name)| {
                                let id = id.to_string();
                                let sel = id == village;
                                view! { <option value=id selected=sel>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            })}
            <label class="field">
                <span class="label">{tr(Msg::FilterFrom)}</span>
                <input type="date" name="from" value=query.from.clone() data-testid="filter-from" />
            </label>
            <label class="field">
                <span class="label">{tr(Msg::FilterTo)}</span>
                <input type="date" name="to" value=query.to.clone() data-testid="filter-to" />
            </label>
            <div class="row">
                <button type="submit" class="primary" data-testid="filter-apply">{tr(Msg::Search)}</button>
                {query.narrowed().then(|| view! {
                    <a class="button" href=inbox_href(&InboxQuery::default(), &query.status)>
                        {tr(Msg::FilterClear)}
                    </a>
                })}
            </div>
        </form>
        </details>
    }
}

#[component]
fn FeedbackItem(r: FeedbackRow, late: bool) -> impl IntoView {
    let who = [r.household.clone(), r.cadre.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li>
            <a class="item" href=format!("/feedback/{}", r.id)>
                <span class="item-title">
                    <span class="tag">{tr(r.category.label())}</span>
                    " "
                    {r.excerpt}
                </span>
                <span class="item-sub">
                    {time::minute(r.received_at)} " · " {tr(r.channel.label())} " · " {who}
                </span>
                <span class=format!("tag status-{}", r.status.code())>{tr(r.status.label())}</span>
                {late.then(|| view! { <span class="tag due-overdue" data-testid="late">{tr(Msg::FeedbackLate)}</span> })}
            </a>
        </li>
    }
}

#[component]
pub fn FeedbackDetailPage() -> impl IntoView {
    view! {
        <RequireRole roles=EVERYONE>
            <FeedbackDetailView />
        </RequireRole>
    }
}

#[component]
fn FeedbackDetailView() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let reply = ServerAction::<ReplyFeedback>::new();
    let item = Resource::new(
        move || (id(), reply.version().get()),
        |(id, _)| get_feedback(id),
    );
    let i18n = use_i18n();
    let office = use_auth().user().is_some_and(|u| u.role != Role::Cadre);
    view! {
        <p>
            <a href="/feedback">{tr(if office { Msg::FeedbackInbox } else { Msg::FeedbackMine })}</a>
        </p>
        <Suspense fallback=Loading>
            // Rebuilt after each reply: the box is empty again and the status offers the next step.
            <Fresh value=Signal::derive(move || item.get()) let:r>
                {match r {
                    Ok(d) => view! { <Detail d office reply /> }.into_any(),
                    Err(e) => view! { <p class="banner error">{e.message(i18n.get())}</p> }.into_any(),
                }}
            </Fresh>
        </Suspense>
    }
}

#[component]
fn Detail(d: FeedbackDetail, office: bool, reply: ServerAction<ReplyFeedback>) -> impl IntoView {
    let r = d.row.clone();
    let phone = d.phone.clone();
    view! {
        <section class="card">
            <p class="muted">
                {tr(Msg::FeedbackReceipt)} " " <strong data-testid="receipt">{r.receipt.clone()}</strong>
            </p>
            <h1>{tr(r.category.label())}</h1>
            <p class="pre" data-testid="content">{d.content.clone()}</p>
            <dl class="facts">
                <div class="fact">
                    <dt>{tr(Msg::FeedbackStatus)}</dt>
                    <dd>
                        <span class=format!("tag status-{}", r.status.code())>{tr(r.status.label())}</span>
                    </dd>
                </div>
                <div class="fact">
                    <dt>{tr(Msg::FeedbackChannel)}</dt>
                    <dd>{tr(r.channel.label())}</dd>
                </div>
                <div class="fact">
                    <dt>{tr(Msg::FeedbackReceived)}</dt>
                    <dd>{time::minute(r.received_at)}</dd>
                </div>
                {r.cadre.clone().map(|c| view! {
                    <div class="fact">
                        <dt>{tr(Msg::FeedbackCadre)}</dt>
                        <dd>{c}</dd>
                    </div>
                })}
                {d.household_id
                    .map(|h| {
                        view! {
                            <div class="fact">
                                <dt>{tr(Msg::FeedbackHousehold)}</dt>
                                <dd>
                                    <a href=format!("/households/{h}")>{r.household.clone().unwrap_or_default()}</a>
                                </dd>
                            </div>
                        }
                    })}
                <div class="fact">
                    <dt>{tr(Msg::FeedbackFrom)}</dt>
                    <dd>
                        {if d.name.is_empty() && phone.is_empty() {
                            view! { <span class="muted">{tr(Msg::FeedbackAnonymous)}</span> }.into_any()
                        } else {
                            view! {
                                {d.name.clone()}
                                " "
                                <a href=format!("tel:{phone}")>{phone.clone()}</a>
                            }
                                .into_any()
                        }}
                    </dd>
                </div>
            </dl>
        </section>
        <section class="card">
            <h2>{tr(Msg::FeedbackReplies)}</h2>
            {d.replies.is_empty().then(|| view! { <p class="muted">{tr(Msg::FeedbackNoReplies)}</p> })}
            <ul class="list replies" data-testid="replies">
                {d.replies
                    .into_iter()
                    .map(|rep| {
                        view! {
                            <li class="reply">
                                <p class="muted small">
                                    {time::minute(rep.at)} " · " {rep.author} " · " {tr(rep.status.label())}
                                    {(!rep.public).then(|| view! { " · " {tr(Msg::FeedbackInternal)} })}
                                </p>
                                <p class="pre">{rep.body}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        {office.then(|| view! { <ReplyForm id=r.id.clone() status=r.status reply /> })}
    }
}

#[component]
fn ReplyForm(id: String, status: Status, reply: ServerAction<ReplyFeedback>) -> impl IntoView {
    let error = action_error(reply);
    // Replying moves the item on: a new item is accepted by its first reply, an accepted
    // one is then in hand; the office changes it when it means otherwise.
    let offered = status.after_reply();
    view! {
        <section class="card">
            <h2>{tr(Msg::FeedbackReply)}</h2>
            <ActionForm action=reply>
                <input type="hidden" name="id" value=id />
                <div class="field">
                    <label for="f-status">{tr(Msg::FeedbackStatus)}</label>
                    <select id="f-status" name="status">
                        {Status::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s.code() selected=s == offered>
                                        {tr(s.label())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <TextAreaField label=Msg::FeedbackReplyText name="body" error />
                // Internal until the writer chooses otherwise: a note meant for colleagues
                // must never reach the villager's receipt page by default.
                <label class="check">
                    <input type="checkbox" name="public" value="on" data-testid="reply-public" />
                    <span>{tr(Msg::FeedbackPublic)}</span>
                </label>
                <FormError error=not_field(error) />
                <Saved when=action_ok(reply) msg=Msg::Saved />
                <button type="submit" class="primary">
                    {tr(Msg::FeedbackSendReply)}
                </button>
            </ActionForm>
        </section>
    }
}
