//! What forms and pages show of photos: the picker a record's form carries (camera or
//! gallery, a caption each, remove before sending), the thumbnails of stored photos with the
//! whole photo a tap away, a village's photos, and the room photos take on the phone.
use super::api::{choose_photo, village_photos};
use super::model::*;
use crate::i18n::{tr, use_i18n, Msg};
use crate::offline::engine::use_outbox;
use crate::offline::photo_store::{
    add_photos, drop_photos, local_url, photo_usage, revoke_url, Usage, LOW_STORAGE_BYTES,
};
use crate::ui::form::FieldMsg;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A record's photos in its form: `photos` is the form's list, `set` replaces it (the form
/// saves its draft), `owner` is the record's id. The bytes stay in the phone's photo store;
/// removing one deletes it there. Photos still being made light when the form moves on to
/// another record (it was submitted) are dropped, never given to the next one.
#[component]
pub fn PhotoPicker(
    photos: Signal<Vec<PhotoRef>>,
    set: Callback<Vec<PhotoRef>>,
    #[prop(into)] owner: Signal<String>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<Msg>);
    let add = move |ev: leptos::ev::Event| {
        let Some(target) = ev.target() else { return };
        let input = wasm_bindgen::JsValue::from(target);
        let picked_for = owner.get_untracked();
        busy.set(true);
        problem.set(None);
        spawn_local(async move {
            let result = add_photos(&input).await;
            if owner.get_untracked() != picked_for {
                if let Ok(added) = result {
                    let ids: Vec<String> = added.photos.into_iter().map(|p| p.id).collect();
                    let _ = drop_photos(&ids).await;
                }
                busy.set(false);
                return;
            }
            match result {
                Ok(added) => {
                    let mut list = photos.get_untracked();
                    let room = MAX_PHOTOS_PER_RECORD.saturating_sub(list.len());
                    let mut new = added.photos;
                    let extra: Vec<String> =
                        new.drain(room.min(new.len())..).map(|p| p.id).collect();
                    if !extra.is_empty() {
                        let _ = drop_photos(&extra).await;
                        problem.set(Some(Msg::ValPhotoTooMany));
                    } else if added.failed > 0 {
                        problem.set(Some(Msg::PhotoCannotRead));
                    }
                    if !new.is_empty() {
                        list.extend(new);
                        set.run(list);
                    }
                }
                Err(e) => problem.set(Some(e.msg())),
            }
            busy.set(false);
        });
    };
    let full = move || photos.with(|p| p.len() >= MAX_PHOTOS_PER_RECORD);
    view! {
        <fieldset class="photos" data-testid="photos">
            <legend>{tr(Msg::PhotosTitle)}</legend>
            <ul class="photo-list">
                <For each=move || photos.get() key=|p| p.id.clone() let:p>
                    <PhotoRow p photos set />
                </For>
            </ul>
            <div class="actions photo-add" class:hidden=full>
                <label class="button">
                    {tr(Msg::PhotoTake)}
                    <input
                        type="file"
                        accept="image/*"
                        capture="environment"
                        class="file-hidden"
                        data-testid="photo-camera"
                        on:change=add
                    />
                </label>
                <label class="button">
                    {tr(Msg::PhotoPick)}
                    <input
                        type="file"
                        accept="image/*"
                        multiple
                        class="file-hidden"
                        data-testid="photo-input"
                        on:change=add
                    />
                </label>
            </div>
            {move || {
                busy.get().then(|| view! { <p class="muted small" role="status">{tr(Msg::PhotoPreparing)}</p> })
            }}
            <p class="hint">{tr(Msg::PhotosHint)}</p>
            <FieldMsg msg=move || problem.get() />
        </fieldset>
    }
}

#[component]
fn PhotoRow(
    p: PhotoRef,
    photos: Signal<Vec<PhotoRef>>,
    set: Callback<Vec<PhotoRef>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(p.id.clone());
    // None while it loads; then the preview's local address, or None when the phone lost it.
    let url = RwSignal::new(None::<Option<String>>);
    Effect::new(move |_| {
        spawn_local(async move { url.set(Some(local_url(&id.get_value()).await)) });
    });
    // The preview's address holds the photo's bytes in memory until let go.
    on_cleanup(move || {
        if let Some(Some(Some(u))) = url.try_get_untracked() {
            revoke_url(&u);
        }
    });
    let caption = move |ev| {
        let v = event_target_value(&ev);
        let mut list = photos.get_untracked();
        if let Some(x) = list.iter_mut().find(|x| x.id == id.get_value()) {
            x.caption = v;
        }
        set.run(list);
    };
    let remove = move |_| {
        let gone = id.get_value();
        set.run(
            photos
                .get_untracked()
                .into_iter()
                .filter(|x| x.id != gone)
                .collect(),
        );
        spawn_local(async move {
            let _ = drop_photos(&[gone]).await;
        });
    };
    let kb = (p.size + 1023) / 1024;
    view! {
        <li class="photo-item" data-testid="photo-item" data-size=p.size>
            {move || match url.get() {
                Some(Some(u)) => view! { <img src=u alt="" width="96" height="96" /> }.into_any(),
                Some(None) => view! { <span class="photo-lost" role="alert" title=move || Msg::ValPhotoLost.text(i18n.get())>{tr(Msg::PhotoLostShort)}</span> }.into_any(),
                None => view! { <span class="photo-loading"></span> }.into_any(),
            }}
            <div class="photo-meta">
                <input
                    type="text"
                    maxlength=CAPTION_MAX
                    value=p.caption.clone()
                    placeholder=move || Msg::PhotoCaption.text(i18n.get())
                    aria-label=move || Msg::PhotoCaption.text(i18n.get())
                    data-testid="photo-caption"
                    on:input=caption
                />
                <span class="row between">
                    <span class="muted small">{Msg::PhotoSize.fmt(i18n.get_untracked(), &[&kb.to_string()])}</span>
                    <button type="button" class="danger" data-testid="photo-remove" on:click=remove>
                        {tr(Msg::PhotoRemove)}
                    </button>
                </span>
            </div>
        </li>
    }
}

/// Stored photos as thumbnails; a tap opens the whole photo (in the same tab: a home-screen
/// app's new tab would not carry the session). Nothing when there are none. With `choose`,
/// each carries the office's "in the monthly report" box under it.
#[component]
pub fn Thumbs(photos: Vec<PhotoView>, #[prop(optional)] choose: bool) -> impl IntoView {
    let i18n = use_i18n();
    (!photos.is_empty()).then(|| {
        view! {
            <ul class="thumbs" data-testid="thumbs">
                {photos
                    .into_iter()
                    .map(|p| {
                        let alt = if p.caption.is_empty() {
                            Msg::PhotoOpen.text(i18n.get_untracked()).to_string()
                        } else {
                            p.caption.clone()
                        };
                        let chooser = choose
                            .then(|| view! { <ReportChoice id=p.id.clone() chosen=p.in_report /> });
                        view! {
                            <li>
                                <a href=photo_url(&p.id)>
                                    <img
                                        src=thumb_url(&p.id)
                                        alt=alt
                                        loading="lazy"
                                        width="96"
                                        height="96"
                                        data-testid="thumb"
                                    />
                                </a>
                                {(!p.caption.is_empty()).then(|| view! { <span class="small">{p.caption.clone()}</span> })}
                                {chooser}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// A village's photos of the last year, by record, each record named by `label` (its kind's
/// code → its name; the page knows the kinds); the office chooses some for the monthly report.
#[component]
pub fn VillagePhotos(village: i64, label: fn(&str) -> Msg) -> impl IntoView {
    let photos = Resource::new(move || village, village_photos);
    view! {
        <section class="card" data-testid="village-photos">
            <h2>{tr(Msg::PhotosVillageTitle)}</h2>
            <Transition fallback=|| view! { <p class="muted">{tr(Msg::Loading)}</p> }>
                {move || photos.get().map(|r| village_photo_list(r.unwrap_or_default(), label))}
            </Transition>
        </section>
    }
}

fn village_photo_list(v: VillageAlbum, label: fn(&str) -> Msg) -> AnyView {
    if v.photos.is_empty() {
        return view! { <p class="muted">{tr(Msg::PhotosNone)}</p> }.into_any();
    }
    // Grouped by record, in the order they come (newest record first).
    let mut groups: Vec<(String, String, Vec<PhotoView>)> = Vec::new();
    for p in v.photos {
        match groups.iter_mut().find(|g| g.0 == p.record_id) {
            Some(g) => g.2.push(p),
            None => groups.push((p.record_id.clone(), p.record_kind.clone(), vec![p])),
        }
    }
    let office = v.may_choose;
    view! {
        <ul class="plain photo-groups">
            {groups
                .into_iter()
                .map(|(_, kind, photos)| {
                    view! {
                        <li>
                            <p class="small muted">{tr(label(&kind))}</p>
                            <Thumbs photos choose=office />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn ReportChoice(id: String, chosen: bool) -> impl IntoView {
    let id = StoredValue::new(id);
    let on = RwSignal::new(chosen);
    let problem = RwSignal::new(None::<Msg>);
    let toggle = move |ev| {
        let want = event_target_checked(&ev);
        on.set(want);
        spawn_local(async move {
            match choose_photo(id.get_value(), want).await {
                Ok(()) => problem.set(None),
                // Refused: the box shows what is stored again.
                Err(e) => {
                    on.set(!want);
                    problem.set(Some(e.field("photo").unwrap_or(Msg::ErrInternal)));
                }
            }
        });
    };
    view! {
        <label class="check">
            <input type="checkbox" prop:checked=on data-testid="photo-report" on:change=toggle />
            <span>{tr(Msg::PhotoInReport)}</span>
        </label>
        <FieldMsg msg=move || problem.get() />
    }
}

/// The room photos take on the phone, and a warning before storage runs short.
#[component]
pub fn PhotoSpace() -> impl IntoView {
    let outbox = use_outbox();
    let i18n = use_i18n();
    let usage = RwSignal::new(Usage::default());
    // Read again when records on the phone change (a photo added, a record sent), not at
    // every sync run: the count walks every stored photo.
    Effect::new(move |_| {
        outbox.changed.track();
        spawn_local(async move {
            if let Ok(u) = photo_usage().await {
                usage.set(u);
            }
        });
    });
    move || {
        let u = usage.get();
        let l = i18n.get();
        let mb = |b: f64| format!("{:.1}", b / 1_048_576.0);
        let waiting = (u.count > 0).then(|| {
            view! {
                <p class="muted small" data-testid="photo-space" data-bytes=u.bytes>
                    {Msg::PhotosWaiting.fmt(l, &[&u.count.to_string(), &mb(u.bytes as f64)])}
                </p>
            }
        });
        let low = (u.free >= 0 && u.free < LOW_STORAGE_BYTES).then(|| {
            view! {
                <p class="banner notice" role="alert" data-testid="storage-low">
                    {Msg::PhotoStorageLow.fmt(l, &[&mb(u.free as f64)])}
                </p>
            }
        });
        view! { {waiting} {low} }
    }
}
