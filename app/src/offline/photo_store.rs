//! Typed access to the photos kept on the phone (photos.js). In the server build these fail
//! or do nothing: they only ever run in the browser, from event handlers and the engine.
use super::store::LocalError;
use crate::i18n::Msg;
use crate::photos::model::PhotoRef;
use serde::Deserialize;

#[cfg(feature = "hydrate")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/src/offline/photos.js")]
    extern "C" {
        #[wasm_bindgen(catch, js_name = addPhotos)]
        pub async fn add_photos(input: &JsValue) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = photoUrl)]
        pub async fn photo_url(id: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(js_name = revokeUrl)]
        pub fn revoke_url(url: &str);
        #[wasm_bindgen(catch, js_name = dropPhotos)]
        pub async fn drop_photos(ids: &str) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = uploadPhoto)]
        pub async fn upload_photo(id: &str, path: &str, chunk: u32) -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = photoUsage)]
        pub async fn photo_usage() -> Result<JsValue, JsValue>;
        #[wasm_bindgen(catch, js_name = prunePhotos)]
        pub async fn prune_photos(min_age_ms: f64) -> Result<JsValue, JsValue>;
    }
}

/// A JS answer as text ("" when it is none).
#[cfg(feature = "hydrate")]
fn text(r: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>) -> Result<String, LocalError> {
    super::store::text(r).map(Option::unwrap_or_default)
}

#[cfg(not(feature = "hydrate"))]
use super::store::browser_only;

/// What came of reading the files a cadre chose.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Added {
    /// Each kept on the phone, made light; its caption still empty.
    pub photos: Vec<PhotoRef>,
    /// Files that were no photo the phone could read.
    pub failed: usize,
}

/// Reads the files chosen in the file input `input` (the change event's target).
pub async fn add_photos(input: &wasm_bindgen::JsValue) -> Result<Added, LocalError> {
    #[cfg(feature = "hydrate")]
    let raw = text(js::add_photos(input).await)?;
    #[cfg(not(feature = "hydrate"))]
    let raw: String = {
        let _ = input;
        browser_only()?
    };
    serde_json::from_str(&raw).map_err(|e| LocalError(e.to_string()))
}

/// A local address of a photo still on the phone, for its preview; `None` when it is gone.
pub async fn local_url(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    return text(js::photo_url(id).await).ok().filter(|u| !u.is_empty());
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// Lets the browser free a preview's local address.
pub fn revoke_url(url: &str) {
    #[cfg(feature = "hydrate")]
    js::revoke_url(url);
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// Deletes photos from the phone (removed from a form before sending).
pub async fn drop_photos(ids: &[String]) -> Result<(), LocalError> {
    let json = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
    #[cfg(feature = "hydrate")]
    return text(js::drop_photos(&json).await).map(|_| ());
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = json;
        browser_only()
    }
}

/// What came of sending one photo.
#[derive(Debug, Clone, PartialEq)]
pub enum Upload {
    /// The server holds it whole, its hash checked.
    Stored,
    /// The server will not take it, for this reason.
    Refused(Msg),
    /// The phone no longer has it.
    Lost,
    /// The server answered this HTTP status (401: signed out; 5xx: its own failure).
    Status(u16),
    /// No answer: no network.
    Unreachable,
}

impl Upload {
    /// What to tell someone waiting on the upload, when it did not store the photo.
    pub fn problem(&self) -> Option<Msg> {
        match self {
            Upload::Stored => None,
            Upload::Refused(m) => Some(*m),
            Upload::Lost => Some(Msg::ValPhotoLost),
            Upload::Unreachable => Some(Msg::ErrOffline),
            Upload::Status(401) => Some(Msg::ErrUnauthenticated),
            Upload::Status(404) => Some(Msg::ValPhotoChanged),
            Upload::Status(_) => Some(Msg::ErrInternal),
        }
    }
}

#[derive(Deserialize)]
struct UploadAnswer {
    #[serde(default)]
    stored: Option<u8>,
    #[serde(default)]
    refused: Option<String>,
    #[serde(default)]
    lost: Option<u8>,
    #[serde(default)]
    status: Option<u16>,
}

/// Sends the photo `id` from where the server stands (see `photos::api` for the protocol).
pub async fn upload_photo(id: &str) -> Upload {
    #[cfg(feature = "hydrate")]
    {
        let path = crate::photos::model::upload_path(id);
        let chunk = crate::photos::model::CHUNK_BYTES as u32;
        match text(js::upload_photo(id, &path, chunk).await) {
            Ok(raw) => read_upload(&raw),
            Err(_) => Upload::Unreachable,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        Upload::Unreachable
    }
}

/// photos.js's answer about one upload.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn read_upload(raw: &str) -> Upload {
    match serde_json::from_str::<UploadAnswer>(raw) {
        Ok(UploadAnswer {
            stored: Some(_), ..
        }) => Upload::Stored,
        Ok(UploadAnswer {
            refused: Some(key), ..
        }) => Upload::Refused(Msg::from_key(&key).unwrap_or(Msg::ValPhoto)),
        Ok(UploadAnswer { lost: Some(_), .. }) => Upload::Lost,
        Ok(UploadAnswer {
            status: Some(s), ..
        }) => Upload::Status(s),
        _ => Upload::Status(0),
    }
}

/// Photos still on the phone and the room left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct Usage {
    pub count: u32,
    /// Bytes the photos take.
    pub bytes: u64,
    /// Bytes the browser still allows this site; -1 when it does not say (or not yet).
    pub free: i64,
}

/// Nothing known yet: no photos, and room unknown (not "no room", which warns).
impl Default for Usage {
    fn default() -> Self {
        Usage {
            count: 0,
            bytes: 0,
            free: -1,
        }
    }
}

/// Below this much room left, the phone warns before photos can no longer be kept.
pub const LOW_STORAGE_BYTES: i64 = 100 * 1024 * 1024;

pub async fn photo_usage() -> Result<Usage, LocalError> {
    #[cfg(feature = "hydrate")]
    let raw = text(js::photo_usage().await)?;
    #[cfg(not(feature = "hydrate"))]
    let raw: String = browser_only()?;
    serde_json::from_str(&raw).map_err(|e| LocalError(e.to_string()))
}

/// Deletes photos nothing on the phone names any more, added over an hour ago.
pub async fn prune_photos() {
    #[cfg(feature = "hydrate")]
    let _ = js::prune_photos(3_600_000.0).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_answers_read_as_outcomes() {
        assert_eq!(read_upload(r#"{"stored":1}"#), Upload::Stored);
        assert_eq!(
            read_upload(r#"{"refused":"ValPhotoTooLarge"}"#),
            Upload::Refused(Msg::ValPhotoTooLarge)
        );
        // A reason this build does not know is still a refusal.
        assert_eq!(
            read_upload(r#"{"refused":"Whatever"}"#),
            Upload::Refused(Msg::ValPhoto)
        );
        assert_eq!(read_upload(r#"{"lost":1}"#), Upload::Lost);
        assert_eq!(read_upload(r#"{"status":401}"#), Upload::Status(401));
        assert_eq!(read_upload("garbage"), Upload::Status(0));
    }
}
