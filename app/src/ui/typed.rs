//! What a cadre typed into a page's fields before the app took the page over. The server's
//! HTML shows a form at once, and a phone's fingers go to it at once; the app hydrates later
//! (on a cold open over slow 4G, about two seconds later), and hydrating sets every field the
//! app fills to the app's value: text typed meanwhile was wiped (issue 22). Now `hydrate()`
//! notes the fields the reader changed just before it hydrates, and what is typed on until
//! hydrating has ended (a page in a lazy chunk waits for it), and the page's fields get them
//! back once the app has filled them: set, then told as typing (`input` and `change`
//! events), so each form's own handlers keep them (a draft form saves its draft).
//!
//! A page whose fields are filled later from the phone (the drafts of the visit, feedback
//! and work forms) calls [`TypedBeforeApp::hold`] as it is built and
//! [`TypedBeforeApp::replay`] once filled: until then typing goes on being noted (the app's
//! fields drop it while the form has no draft yet). Every other page gets its fields back as
//! soon as it has hydrated. Only the first page the app hydrates has any: a page the app
//! draws itself was never the server's; a held page left before its draft was loaded drops
//! what it kept.
//!
//! Merging, so nothing is lost: a text area whose draft already holds other text keeps it,
//! with what was typed on a line after it (unless one already holds the other: a browser
//! refilling a page it kept); an empty field, a one-line field, a choice, a box takes what
//! was typed (the reader's latest act).
#[cfg(feature = "hydrate")]
use std::cell::{Cell, RefCell};
#[cfg(feature = "hydrate")]
use wasm_bindgen::JsCast;

/// A page that fills its fields itself after hydrating ([`hold`](Self::hold)), and hands
/// back what was typed before once it has ([`replay`](Self::replay)).
#[derive(Clone, Copy)]
pub struct TypedBeforeApp;

impl TypedBeforeApp {
    /// Called while the page is built: `hydrate()` then leaves what was typed for this page
    /// to give back, and goes on noting typing until it does. Dropped with the page.
    pub fn hold() -> Self {
        #[cfg(feature = "hydrate")]
        {
            HELD.with(|h| h.set(true));
            leptos::prelude::on_cleanup(|| {
                stop_noting();
                TYPED.with(|t| t.borrow_mut().clear());
            });
        }
        TypedBeforeApp
    }

    /// Whether every field typed into before the app has its place on the page as now drawn
    /// (the same element, or one of the same id): a form whose draft draws other fields than
    /// the server did (the work form's kinds) draws the server's again when not. Call after
    /// setting the signals the fields show.
    pub async fn fits(self) -> bool {
        #[cfg(feature = "hydrate")]
        {
            crate::ui::layout::pause(0).await;
            TYPED.with(|t| t.borrow().iter().all(|f| f.now().is_some()))
        }
        #[cfg(not(feature = "hydrate"))]
        true
    }

    /// Gives back what was typed before the app (once; nothing on a page the app drew). Call
    /// after setting the signals the fields show: the fields are set after they have drawn.
    pub async fn replay(self) {
        #[cfg(feature = "hydrate")]
        replay().await;
    }
}

#[cfg(feature = "hydrate")]
thread_local! {
    static TYPED: RefCell<Vec<Field>> = const { RefCell::new(Vec::new()) };
    static HELD: Cell<bool> = const { Cell::new(false) };
    /// Notes typing from [`keep`] until the fields are given back.
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
}

#[cfg(feature = "hydrate")]
type Listener = wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>;

/// A field the reader changed in the server's HTML.
#[cfg(feature = "hydrate")]
struct Field {
    element: web_sys::Element,
    /// Found again by this when hydrating replaced the element.
    id: String,
    value: Typed,
}

#[cfg(feature = "hydrate")]
impl Field {
    /// The field on the page as now drawn.
    fn now(&self) -> Option<web_sys::Element> {
        if self.element.is_connected() {
            Some(self.element.clone())
        } else if self.id.is_empty() {
            None
        } else {
            leptos::prelude::document().get_element_by_id(&self.id)
        }
    }
}

#[cfg(feature = "hydrate")]
enum Typed {
    Text(String),
    Checked(bool),
}

/// Notes every field whose value or tick differs from the server's HTML, and goes on noting
/// what is typed until the fields are given back: a page in a lazy chunk hydrates only once
/// the chunk has come, and a held page's fields drop typing until its draft is loaded.
/// Called by `hydrate()` just before it hydrates.
#[cfg(feature = "hydrate")]
pub fn keep() {
    let Ok(list) = leptos::prelude::document().query_selector_all("input, textarea, select") else {
        return;
    };
    let mut kept = Vec::new();
    for i in 0..list.length() {
        let Some(element) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if let Some(value) = changed(&element) {
            kept.push(Field {
                id: element.id(),
                element,
                value,
            });
        }
    }
    TYPED.with(|t| *t.borrow_mut() = kept);
    let listener = Listener::new(|event: web_sys::Event| {
        let Some(element) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        TYPED.with(|t| {
            let mut typed = t.borrow_mut();
            typed.retain(|f| f.element != element);
            if let Some(value) = changed(&element) {
                typed.push(Field {
                    id: element.id(),
                    element,
                    value,
                });
            }
        });
    });
    let document = leptos::prelude::document();
    for kind in ["input", "change"] {
        let _ = document.add_event_listener_with_callback_and_bool(
            kind,
            listener.as_ref().unchecked_ref(),
            true,
        );
    }
    LISTENER.with(|l| *l.borrow_mut() = Some(listener));
}

#[cfg(feature = "hydrate")]
fn stop_noting() {
    let Some(listener) = LISTENER.with(|l| l.borrow_mut().take()) else {
        return;
    };
    let document = leptos::prelude::document();
    for kind in ["input", "change"] {
        let _ = document.remove_event_listener_with_callback_and_bool(
            kind,
            listener.as_ref().unchecked_ref(),
            true,
        );
    }
}

#[cfg(feature = "hydrate")]
fn changed(element: &web_sys::Element) -> Option<Typed> {
    if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        return match input.type_().as_str() {
            "checkbox" | "radio" => (input.checked() != input.default_checked())
                .then(|| Typed::Checked(input.checked())),
            "file" | "hidden" | "password" | "submit" | "button" | "reset" | "image" => None,
            _ => (input.value() != input.default_value()).then(|| Typed::Text(input.value())),
        };
    }
    if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        let by_default = area.default_value().unwrap_or_default();
        return (area.value() != by_default).then(|| Typed::Text(area.value()));
    }
    let select = element.dyn_ref::<web_sys::HtmlSelectElement>()?;
    let options = select.options();
    let by_default = (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
        .position(|o| o.default_selected())
        .unwrap_or(0);
    (select.selected_index() != by_default as i32).then(|| Typed::Text(select.value()))
}

/// Called by `hydrate()` once the page has hydrated: gives the fields back, unless the page
/// holds them to give back itself. A held page's fields, which hydrating emptied, show what
/// was typed again meanwhile (unsaid to the page, which has no draft to keep it in yet), so
/// typing on goes on after it and is noted whole.
#[cfg(feature = "hydrate")]
pub async fn hydrated() {
    if !HELD.with(|h| h.get()) {
        return replay().await;
    }
    crate::ui::layout::pause(0).await;
    TYPED.with(|t| {
        for field in t.borrow().iter() {
            if let Some(element) = field.now() {
                put(&element, &field.value, false);
            }
        }
    });
}

#[cfg(feature = "hydrate")]
async fn replay() {
    // The signals just set redraw their fields in effects still queued: after them.
    crate::ui::layout::pause(0).await;
    stop_noting();
    let typed = TYPED.with(|t| std::mem::take(&mut *t.borrow_mut()));
    for field in typed {
        if let Some(element) = field.now() {
            give_back(&element, field.value);
        }
    }
}

/// Gives `value` back to the field, told as typing so the page's handlers keep it.
#[cfg(feature = "hydrate")]
fn give_back(element: &web_sys::Element, value: Typed) {
    if put(element, &value, true) {
        for kind in ["input", "change"] {
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
                let _ = element.dispatch_event(&event);
            }
        }
    }
}

/// Sets the field to `value` (a text area's merged with its text when `merge`); answers
/// whether that is worth telling the page.
#[cfg(feature = "hydrate")]
fn put(element: &web_sys::Element, value: &Typed, merge: bool) -> bool {
    match value {
        Typed::Checked(on) => {
            let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() else {
                return false;
            };
            input.set_checked(*on);
            // A radio button unticked is another one's ticking, told by that one: its own
            // `change` would be read as choosing it.
            *on || input.type_() != "radio"
        }
        Typed::Text(typed) => {
            if let Some(area) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                let text = if merge {
                    merged(&area.value(), typed)
                } else {
                    typed.clone()
                };
                area.set_value(&text);
            } else if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
                input.set_value(typed);
            } else if let Some(select) = element.dyn_ref::<web_sys::HtmlSelectElement>() {
                select.set_value(typed);
            }
            true
        }
    }
}

/// A text area's text after giving back `typed`: the draft's text stays, with what was
/// typed on a line after it unless it is already there.
#[cfg(any(feature = "hydrate", test))]
fn merged(draft: &str, typed: &str) -> String {
    if draft.trim().is_empty() || typed.contains(draft) {
        typed.to_string()
    } else if draft.contains(typed) {
        draft.to_string()
    } else {
        format!("{draft}\n{typed}")
    }
}

#[cfg(test)]
mod tests {
    use super::merged;

    #[test]
    fn what_was_typed_never_replaces_a_draft() {
        assert_eq!(merged("", "村道破损"), "村道破损");
        assert_eq!(merged("  ", "村道破损"), "村道破损");
        assert_eq!(merged("村道破损", "村道破损"), "村道破损");
        assert_eq!(merged("走访了张家", "村道破损"), "走访了张家\n村道破损");
        assert_eq!(
            merged("走访了张家\n村道破损", "村道破损"),
            "走访了张家\n村道破损"
        );
        // A browser that kept the page refills the draft's text, and typing goes on after it.
        assert_eq!(
            merged("走访了张家", "走访了张家，村道破损"),
            "走访了张家，村道破损"
        );
    }
}
