//! The villagers' pages as HTML: the card page with its feedback form, the receipt, and the
//! one-sentence notices. Written with Leptos `view!` rendered to a string on the server,
//! which escapes every text and attribute value: what a villager or the office typed can
//! never become markup. Text comes from the catalogue's server part (`Msg::Card…`).
use super::super::model::*;
use crate::error::FieldError;
use crate::feedback::model::{Category, FeedbackFields, PublicStatus, Status};
use crate::i18n::{Locale, Msg};
use chrono::Datelike;
use leptos::prelude::*;

pub const CSS: &str = include_str!("style.css");
/// Keeps a half-typed form in this browser and guards against a double tap.
pub const FORM_JS: &str = include_str!("form.js");
/// On the receipt: the form was sent, its saved copy can go.
pub const SENT_JS: &str = "try{localStorage.removeItem('shugen-feedback')}catch(e){}";

/// The document around a page's sections. `path` is the page's own address: the language
/// link points there. `script` is one of the constants above (the policy allows them by hash).
pub fn document(
    l: Locale,
    title: &str,
    path: &str,
    body: impl IntoView + 'static,
    script: Option<&'static str>,
) -> String {
    let (other_code, other_name) = match l {
        Locale::Zh => ("en", "English"),
        Locale::En => ("zh", "中文"),
    };
    let lang_href = format!("{path}?lang={other_code}");
    let app = Msg::CardShugenVillageLiaison.text(l);
    let title = title.to_string();
    view! {
        <!DOCTYPE html>
        <html lang=l.html_lang()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width,initial-scale=1" />
                <meta name="robots" content="noindex" />
                <title>{title.clone()}</title>
                <style inner_html=CSS></style>
            </head>
            <body>
                <main>
                    <header>
                        <div class="bar">
                            <p>{app}</p>
                            <a class="lang" href=lang_href>
                                {other_name}
                            </a>
                        </div>
                        <h1>{title}</h1>
                    </header>
                    {body}
                    <footer>{app}</footer>
                </main>
                {script.map(|s| view! { <script inner_html=s></script> })}
            </body>
        </html>
    }
    .to_html()
}

/// A `tel:` link: digits and `+` only, whatever the office typed around them.
pub fn tel(phone: &str) -> String {
    let digits: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

/// The bureau's, leadership's and town's numbers, those that are set.
fn contact_list(l: Locale, c: &Contacts) -> impl IntoView {
    let bureau = if c.bureau.is_empty() {
        Msg::CardBureau.text(l).to_string()
    } else {
        c.bureau.clone()
    };
    let lines = [
        (
            format!("{bureau}{}", Msg::CardLiaisonOffice.text(l)),
            c.office_phone.clone(),
        ),
        (
            format!("{}{}", Msg::CardBureauLeadership.text(l), c.leader_name),
            c.leader_phone.clone(),
        ),
        (
            format!("{}{}", c.town, Msg::CardTownGovernment.text(l)),
            c.town_phone.clone(),
        ),
    ];
    view! {
        <ul class="contacts">
            {lines
                .into_iter()
                .filter(|(_, phone)| !phone.is_empty())
                .map(|(who, phone)| {
                    let href = tel(&phone);
                    view! {
                        <li>
                            <span>{who}</span>
                            <a href=href>{phone}</a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// "Contact us" with the numbers, then the receipt lookup: where a stopped card leads.
pub fn contacts_and_lookup(l: Locale, contacts: &Contacts) -> impl IntoView {
    view! {
        <section>
            <h3>{Msg::CardContactUs.text(l)}</h3>
            {contact_list(l, contacts)}
        </section>
        {lookup_form(l)}
    }
}

fn weekday(l: Locale, d: chrono::NaiveDate) -> &'static str {
    const DAYS: [Msg; 7] = [
        Msg::WeekdayMon,
        Msg::WeekdayTue,
        Msg::WeekdayWed,
        Msg::WeekdayThu,
        Msg::WeekdayFri,
        Msg::WeekdaySat,
        Msg::WeekdaySun,
    ];
    DAYS[d.weekday().num_days_from_monday() as usize].text(l)
}

fn service_days(l: Locale) -> impl IntoView {
    let (a, b) = next_service_days(crate::ui::time::today());
    let day = |d: chrono::NaiveDate| match l {
        Locale::Zh => format!("{}月{}日（{}）", d.month(), d.day(), weekday(l, d)),
        Locale::En => format!("{} {}/{}", weekday(l, d), d.day(), d.month()),
    };
    let next = format!(
        "{}{}{}{}",
        Msg::CardNext.text(l),
        day(a),
        Msg::ListSep.text(l),
        day(b)
    );
    view! {
        <section>
            <h3>{Msg::CardServiceDaysTitle.text(l)}</h3>
            <p>{Msg::CardThe6thAnd7th.text(l)}</p>
            <p class="hint">{next}</p>
        </section>
    }
}

/// What the villager typed, and what was wrong with it.
#[derive(Default)]
pub struct FormState {
    pub key: String,
    pub fields: FeedbackFields,
    pub errors: Vec<FieldError>,
}

impl FormState {
    /// An empty form with a new key.
    pub fn fresh() -> Self {
        FormState {
            key: new_key(),
            ..Default::default()
        }
    }

    fn error(&self, l: Locale, field: &'static str) -> impl IntoView {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| view! { <p class="err" id=format!("e-{field}")>{e.msg.text(l)}</p> })
    }

    /// `autofocus` on the first field (in the form's order) the server refused: the browser
    /// takes the villager straight to it, script or not.
    fn focus(&self, field: &str) -> bool {
        let first = ["category", "content", "name", "phone"]
            .into_iter()
            .find(|f| self.errors.iter().any(|e| e.field == *f));
        first == Some(field)
    }

    fn class(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .any(|e| e.field == field)
            .then_some("invalid")
    }
}

/// A form key: random, so a form resubmitted from the browser's history is recognised.
pub fn new_key() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn feedback_form(l: Locale, token: &str, f: &FormState) -> impl IntoView {
    let options = Category::ALL
        .into_iter()
        .map(|c| {
            let selected = f.fields.category == c.code();
            view! {
                <option value=c.code() selected=selected>
                    {c.label().text(l)}
                </option>
            }
        })
        .collect_view();
    view! {
        <section id="feedback">
            <h3>{Msg::CardSendFeedback.text(l)}</h3>
            <p class="hint">{Msg::CardTellUsAboutA.text(l)}</p>
            <form id="fb" method="post" action=format!("/c/{token}/feedback") accept-charset="utf-8">
                <input type="hidden" name="key" value=f.key.clone() />
                <input type="hidden" name="lang" value=l.code() />
                <div class=f.class("category")>
                    <label for="category">{Msg::CategoryTitle.text(l)}</label>
                    <select id="category" name="category" required=true autofocus=f.focus("category")>
                        <option value="">{Msg::CardChooseACategory.text(l)}</option>
                        {options}
                    </select>
                    {f.error(l, "category")}
                </div>
                <div class=f.class("content")>
                    <label for="content">{Msg::CardWhatWouldYouLike.text(l)}</label>
                    <textarea
                        id="content"
                        name="content"
                        maxlength="2000"
                        required=true
                        autofocus=f.focus("content")
                    >
                        {crate::ui::form::textarea_text(f.fields.content.clone())}
                    </textarea>
                    {f.error(l, "content")}
                </div>
                <div class=f.class("name")>
                    <label for="name">{Msg::CardYourNameOptional.text(l)}</label>
                    <input
                        id="name"
                        name="name"
                        autocomplete="name"
                        value=f.fields.name.clone()
                        autofocus=f.focus("name")
                    />
                    {f.error(l, "name")}
                </div>
                <div class=f.class("phone")>
                    <label for="phone">{Msg::CardPhoneOptional.text(l)}</label>
                    <input
                        id="phone"
                        name="phone"
                        type="tel"
                        inputmode="tel"
                        autocomplete="tel"
                        value=f.fields.phone.clone()
                        autofocus=f.focus("phone")
                    />
                    {f.error(l, "phone")}
                </div>
                <p class="hint">{Msg::CardYouMayStayAnonymous.text(l)}</p>
                <div class="hp" aria-hidden="true">
                    <label for="website">"Website"</label>
                    <input id="website" name="website" tabindex="-1" autocomplete="off" />
                </div>
                <button type="submit" class="btn call" data-busy=Msg::CardSending.text(l)>
                    {Msg::CardSend.text(l)}
                </button>
            </form>
        </section>
    }
}

pub fn lookup_form(l: Locale) -> impl IntoView {
    view! {
        <section>
            <h3>{Msg::CardCheckProgress.text(l)}</h3>
            <form method="get" action="/r">
                <input type="hidden" name="lang" value=l.code() />
                <label for="code">{Msg::CardReceiptCode.text(l)}</label>
                <input
                    id="code"
                    name="code"
                    autocomplete="off"
                    autocapitalize="characters"
                    placeholder="7K3M-9QXD"
                />
                <button type="submit" class="btn">
                    {Msg::CardLookUp.text(l)}
                </button>
            </form>
        </section>
    }
}

/// 班子成员: the bureau's and the town's leaders with their phones and duties (三(一)2 三).
fn leadership(l: Locale, lines: &[LeaderLine]) -> impl IntoView {
    let group = |bureau: bool, title: &'static str| {
        let rows: Vec<LeaderLine> = lines
            .iter()
            .filter(|x| x.bureau == bureau)
            .cloned()
            .collect();
        (!rows.is_empty()).then(|| {
            view! {
                <h4>{title}</h4>
                <ul class="contacts leaders">
                    {rows
                        .into_iter()
                        .map(|x| {
                            let href = tel(&x.phone);
                            view! {
                                <li data-testid="leader">
                                    <span>
                                        <b>{x.name}</b>
                                        " "
                                        {x.post}
                                        {(!x.duties.is_empty())
                                            .then(|| view! { <br /> <small>{x.duties}</small> })}
                                    </span>
                                    <a href=href>{x.phone}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    (!lines.is_empty()).then(|| {
        view! {
            <section data-testid="leadership">
                <h3>{Msg::CardLeadershipContacts.text(l)}</h3>
                {group(true, Msg::CardBureauLeaders.text(l))}
                {group(false, Msg::CardTownLeadership.text(l))}
            </section>
        }
    })
}

/// A line above the card: why the form came back.
pub enum Banner {
    /// The form had mistakes; they are marked.
    Invalid,
    /// Too many forms from this address: wait `minutes`, or call the cadre.
    Throttled { minutes: u32 },
}

pub fn card_page(
    l: Locale,
    card: &CardView,
    contacts: &Contacts,
    form: &FormState,
    banner: Option<Banner>,
) -> String {
    let token = card.token.clone();
    // The post (岗位) unless the title already says it.
    let post = card.post.label().text(l);
    let post = if card.title.contains(post) { "" } else { post };
    let subtitle = [post, card.title.as_str(), card.unit.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let banner = banner.map(|b| match b {
        Banner::Invalid => view! {
            <p class="banner" role="alert">
                {Msg::CardPleaseCorrectTheMarked.text(l)}
            </p>
        }
        .into_any(),
        Banner::Throttled { minutes } => view! {
            <p class="banner" role="alert" data-testid="throttled">
                {format!(
                    "{}{minutes}{}{}",
                    Msg::CardTooManyFormsFrom.text(l),
                    Msg::CardMinutesOrCall.text(l),
                    card.phone,
                )}
            </p>
        }
        .into_any(),
    });
    let duties = (!card.duties.is_empty()).then(|| {
        view! {
            <h3>{Msg::CardDuties.text(l)}</h3>
            <p>{card.duties.clone()}</p>
        }
    });
    // The reply time is the office's one setting, the same on every card and receipt.
    let reply_days = Msg::CardReplyDays.fmt(l, &[&contacts.reply_days().to_string()]);
    let body = view! {
        {banner}
        <section class="who">
            <p class="hint">{Msg::CardYourLiaisonCadre.text(l)}</p>
            <h2 data-testid="cadre">{card.cadre.clone()}</h2>
            <p class="muted">{subtitle}</p>
            <a class="btn call" href=tel(&card.phone)>
                {format!("{} {}", Msg::CardCall.text(l), card.phone)}
            </a>
            <a class="btn" href=format!("/c/{token}/vcard")>
                {Msg::CardAddToContacts.text(l)}
            </a>
            <a class="btn" href="#feedback" data-testid="jump-feedback">
                {Msg::CardJumpToFeedback.text(l)}
            </a>
            <p class="hint" id="wechat" hidden=true data-testid="wechat-hint">
                {Msg::CardWeChatMayNotSave.text(l)}
            </p>
        </section>
        <section>
            {duties}
            <h3>{Msg::CardOurPromise.text(l)}</h3>
            <p>{card.promise.clone()}</p>
            <p data-testid="reply-days">{reply_days}</p>
        </section>
        {service_days(l)}
        {leadership(l, &contacts.leadership)}
        <section>
            <h3>{Msg::CardOtherContacts.text(l)}</h3>
            {contact_list(l, contacts)}
        </section>
        {feedback_form(l, &token, form)}
        {lookup_form(l)}
    };
    let title = format!("{} · {}", Msg::CardLiaisonCard.text(l), card.cadre);
    document(l, &title, &format!("/c/{token}"), body, Some(FORM_JS))
}

/// A page that says one thing: a heading, a sentence, and what may follow them.
pub fn notice(
    l: Locale,
    title: Msg,
    heading: Msg,
    text: Option<Msg>,
    path: &str,
    after: impl IntoView + 'static,
) -> String {
    let body = view! {
        <section>
            <h2>{heading.text(l)}</h2>
            {text.map(|t| view! { <p>{t.text(l)}</p> })}
        </section>
        {after}
    };
    document(l, title.text(l), path, body, None)
}

/// A feedback's status page (`/r/{code}`): its steps, the answers so far, and the way back
/// to the card. `new`: just sent (a banner, and the form's saved copy is dropped).
pub fn receipt_page(
    l: Locale,
    status: &PublicStatus,
    reply_days: u32,
    new: bool,
    path: &str,
) -> String {
    let steps = Status::ALL
        .into_iter()
        .map(|s| {
            let on = (s == status.status).then_some("on");
            view! { <li class=on>{s.label().text(l)}</li> }
        })
        .collect_view();
    let replies = status
        .replies
        .iter()
        .map(|r| {
            view! {
                <div class="reply">
                    <p class="hint">
                        {format!(
                            "{} · {}",
                            crate::ui::time::minute(r.at),
                            r.status.label().text(l),
                        )}
                    </p>
                    <p>{r.body.clone()}</p>
                </div>
            }
        })
        .collect_view();
    let waiting = status.replies.is_empty().then(|| {
        let text = format!(
            "{} {}",
            Msg::CardNoReplyYet.text(l),
            Msg::CardYouWillBeAnswered
                .text(l)
                .replace("{0}", &reply_days.to_string())
        );
        view! { <p class="hint" data-testid="reply-days">{text}</p> }
    });
    let back = status.card_token.as_ref().map(|t| {
        view! {
            <section>
                <a class="btn" href=format!("/c/{t}?lang={}", l.code())>
                    {Msg::CardBackToTheCard.text(l)}
                </a>
            </section>
        }
    });
    let body = view! {
        {new.then(|| view! {
            <p class="banner ok" role="status">{Msg::CardSentWriteDownOr.text(l)}</p>
        })}
        <section>
            <p class="hint">{Msg::CardReceiptCode.text(l)}</p>
            <p class="code" data-testid="receipt">{status.receipt.clone()}</p>
            <dl>
                <dt>{Msg::CategoryTitle.text(l)}</dt>
                <dd>{status.category.label().text(l)}</dd>
                <dt>{Msg::CardSent.text(l)}</dt>
                <dd>{crate::ui::time::minute(status.received_at)}</dd>
                <dt>{Msg::CardStatus.text(l)}</dt>
                <dd data-testid="status">{status.status.label().text(l)}</dd>
            </dl>
            <ol class="steps">{steps}</ol>
        </section>
        <section>
            <h3>{Msg::CardReplies.text(l)}</h3>
            {waiting}
            {replies}
        </section>
        {back}
    };
    document(
        l,
        Msg::CardFeedbackReceipt.text(l),
        path,
        body,
        new.then_some(SENT_JS),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(name: &str, duties: &str) -> CardView {
        CardView {
            id: 1,
            token: "abc".into(),
            cadre_id: 2,
            cadre: name.into(),
            title: name.into(),
            unit: name.into(),
            phone: "138 0000 0101".into(),
            post: crate::users::model::Post::Liaison,
            duties: duties.into(),
            promise: name.into(),
            active: true,
            issued_at: chrono::Utc::now(),
            printed_at: None,
        }
    }

    /// What the office or a villager typed is text, never markup: in elements, attributes
    /// and the form's returned values.
    #[test]
    fn typed_text_is_escaped_everywhere() {
        let evil = "<script>alert('x')</script>\"'&";
        let form = FormState {
            key: "k".repeat(16),
            fields: FeedbackFields {
                category: evil.into(),
                content: evil.into(),
                name: evil.into(),
                phone: evil.into(),
            },
            errors: vec![],
        };
        let html = card_page(
            Locale::Zh,
            &card(evil, evil),
            &Contacts::default(),
            &form,
            Some(Banner::Throttled { minutes: 5 }),
        );
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert"), "{html}");
        // Only the page's own script, whose hash the policy names.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains(FORM_JS));
        assert!(html.contains(&format!("<style>{CSS}</style>")));
    }

    #[test]
    fn the_first_refused_field_gets_the_focus() {
        let form = FormState {
            errors: vec![
                FieldError::new("phone", Msg::ValPhone),
                FieldError::new("content", Msg::ValRequired),
            ],
            ..Default::default()
        };
        let html = feedback_form(Locale::En, "t", &form).to_html();
        let autofocus: Vec<_> = html.match_indices("autofocus").collect();
        assert_eq!(autofocus.len(), 1, "{html}");
        let textarea = html.find("<textarea").unwrap();
        assert!(autofocus[0].0 > textarea && autofocus[0].0 < html.find("</textarea>").unwrap());
        assert!(html.contains(r#"id="e-phone""#) && html.contains(r#"class="invalid""#));
    }
}
