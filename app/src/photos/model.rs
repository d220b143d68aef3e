//! A photo as a record names it, and the limits every door checks.
use crate::i18n::Msg;
use crate::model::VisitId;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Bytes one photo may take on the server. The phone sends about 1,600 px JPEG (typically
/// 150–400 KB); twice the largest the phone makes leaves room without admitting camera files.
pub const MAX_PHOTO_BYTES: i64 = 2 * 1024 * 1024;
/// Photos one record may carry (a WeChat moment's nine).
pub const MAX_PHOTOS_PER_RECORD: usize = 9;
/// Bytes of photos one record may carry together.
pub const MAX_RECORD_PHOTO_BYTES: i64 = 8 * 1024 * 1024;
/// Bytes of one part of an upload: a cut-off upload loses at most this much.
pub const CHUNK_BYTES: usize = 128 * 1024;
/// The longest side of a thumbnail, in pixels (shown at 96 CSS px on a 3× screen).
pub const THUMB_EDGE: u32 = 320;
/// Characters of a caption.
pub const CAPTION_MAX: usize = 200;
/// Days an upload no record has named is kept (a withdrawn record's, a phone that never came
/// back). Safe to forget: a phone keeps a photo's bytes until its record is acknowledged, and
/// sends it again from the start when the server has none.
pub const ABANDONED_DAYS: i64 = 30;

/// The uploads' base path: `GET|PUT {UPLOAD}/{id}/upload`, `GET {UPLOAD}/{id}` (the photo),
/// `GET {UPLOAD}/{id}/thumb`. Written once here: the server's routes, the body limit, the
/// phone's script (told by [`upload_path`]) and the pages' `<img>` use it.
pub const PHOTOS_PATH: &str = "/api/photos";

/// Where the photo `id` is shown whole.
pub fn photo_url(id: &str) -> String {
    format!("{PHOTOS_PATH}/{id}")
}

/// Where the photo `id`'s thumbnail is.
pub fn thumb_url(id: &str) -> String {
    format!("{PHOTOS_PATH}/{id}/thumb")
}

/// Where the photo `id` is uploaded and its progress asked.
pub fn upload_path(id: &str) -> String {
    format!("{PHOTOS_PATH}/{id}/upload")
}

/// The record kind of photos in a ledger item's log (`<item>/<entry>` is their record).
pub const LEDGER_STEP: &str = "ledger_step";

/// A photo as a record names it: made on the phone when it was attached. Every field but the
/// id and hash has a default, so records of older builds (without photos) read as before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRef {
    /// UUIDv7, made on the phone.
    pub id: String,
    /// SHA-256 of the bytes as stored, lower-case hex.
    pub sha256: String,
    /// Bytes as stored.
    pub size: i64,
    #[serde(default)]
    pub caption: String,
    /// When it was taken, as the camera's own clock said (`YYYY-MM-DDTHH:MM:SS`, local time,
    /// from EXIF DateTimeOriginal, else the file's time); empty when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub taken_at: String,
}

/// A checked photo reference (part of a checked record, and of its content hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Photo {
    pub id: VisitId,
    pub sha256: String,
    pub size: i64,
    pub caption: String,
    pub taken_at: Option<NaiveDateTime>,
}

/// Whether `s` is a SHA-256 in lower-case hex.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks the photos a record names: UUIDv7 ids, each once; hex SHA-256; a size within
/// [`MAX_PHOTO_BYTES`]; at most [`MAX_PHOTOS_PER_RECORD`] and [`MAX_RECORD_PHOTO_BYTES`]
/// together; captions within [`CAPTION_MAX`]. A time taken that does not read is dropped,
/// not refused (it came from a camera's clock).
pub fn check(refs: &[PhotoRef]) -> Result<Vec<Photo>, Msg> {
    if refs.len() > MAX_PHOTOS_PER_RECORD {
        return Err(Msg::ValPhotoTooMany);
    }
    let mut out: Vec<Photo> = Vec::with_capacity(refs.len());
    for r in refs {
        let id = VisitId::parse(&r.id)?;
        if out.iter().any(|p| p.id == id) || !is_sha256(&r.sha256) || r.size <= 0 {
            return Err(Msg::ValPhoto);
        }
        if r.size > MAX_PHOTO_BYTES {
            return Err(Msg::ValPhotoTooLarge);
        }
        let caption = crate::model::optional(&r.caption, CAPTION_MAX)?.unwrap_or_default();
        let taken_at = NaiveDateTime::parse_from_str(r.taken_at.trim(), "%Y-%m-%dT%H:%M:%S").ok();
        out.push(Photo {
            id,
            sha256: r.sha256.clone(),
            size: r.size,
            caption,
            taken_at,
        });
    }
    if out.iter().map(|p| p.size).sum::<i64>() > MAX_RECORD_PHOTO_BYTES {
        return Err(Msg::ValPhotoTooMany);
    }
    Ok(out)
}

/// How far an upload has come (`GET|PUT /api/photos/{id}/upload`): bytes the server holds,
/// and whether it holds the whole photo with its hash checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub received: i64,
    pub complete: bool,
}

/// A stored photo as pages show it, with the record it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoView {
    pub id: String,
    pub caption: String,
    pub taken_at: Option<NaiveDateTime>,
    /// The record's kind: `visit`, a [`crate::records::model::WorkKind`] code or `ledger_step`.
    pub record_kind: String,
    pub record_id: String,
    /// Bytes as stored.
    pub size: i64,
    /// The office chose it for the monthly report.
    pub in_report: bool,
}

/// A village's photos for its page, and whether this reader may choose them for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageAlbum {
    pub photos: Vec<PhotoView>,
    /// The office chooses photos for the monthly report.
    pub may_choose: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str, size: i64) -> PhotoRef {
        PhotoRef {
            id: id.into(),
            sha256: "a".repeat(64),
            size,
            caption: " 改造后 ".into(),
            taken_at: "2026:11:30 10:20:00".into(),
        }
    }

    const ID: &str = "01936f0e-6000-7b3c-8d4e-000000000001";
    const ID2: &str = "01936f0e-6000-7b3c-8d4e-000000000002";

    #[test]
    fn photo_refs_are_checked_and_capped() {
        let ok = check(&[r(ID, 300_000)]).unwrap();
        assert_eq!(ok[0].caption, "改造后");
        // EXIF's own shape is not ours: dropped, not refused.
        assert_eq!(ok[0].taken_at, None);
        let mut t = r(ID, 1);
        t.taken_at = "2026-11-30T10:20:00".into();
        assert!(check(&[t]).unwrap()[0].taken_at.is_some());
        assert_eq!(check(&[r(ID, 1), r(ID, 1)]), Err(Msg::ValPhoto));
        assert_eq!(check(&[r("x", 1)]), Err(Msg::ValRecordId));
        assert_eq!(check(&[r(ID, 0)]), Err(Msg::ValPhoto));
        assert_eq!(
            check(&[r(ID, MAX_PHOTO_BYTES + 1)]),
            Err(Msg::ValPhotoTooLarge)
        );
        let mut bad = r(ID, 1);
        bad.sha256 = "A".repeat(64);
        assert_eq!(check(&[bad]), Err(Msg::ValPhoto));
        let ten: Vec<PhotoRef> = (0..10)
            .map(|n| r(&format!("01936f0e-6000-7b3c-8d4e-{n:012}"), 1))
            .collect();
        assert_eq!(check(&ten), Err(Msg::ValPhotoTooMany));
        let big: Vec<PhotoRef> = (0..5)
            .map(|n| r(&format!("01936f0e-6000-7b3c-8d4e-{n:012}"), MAX_PHOTO_BYTES))
            .collect();
        assert_eq!(check(&big), Err(Msg::ValPhotoTooMany));
        assert!(check(&[r(ID, 1), r(ID2, 1)]).is_ok());
    }
}
