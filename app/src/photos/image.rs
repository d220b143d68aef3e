//! Reads an uploaded photo and makes its thumbnail, with the `image` crate (its JPEG and WebP
//! decoders are pure Rust). Runs on a blocking thread: decoding takes tens of milliseconds.
use super::model::THUMB_EDGE;

/// The longest side the server decodes, in pixels: the phone sends 1,600.
const MAX_EDGE: u32 = 8000;
/// Bytes one decode may allocate.
const MAX_ALLOC: u64 = 128 * 1024 * 1024;

/// What a photo turned out to be.
pub struct Decoded {
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    /// JPEG, the long side at most [`THUMB_EDGE`] pixels.
    pub thumb: Vec<u8>,
}

/// The photo's type, size and thumbnail; `None` when the bytes are no JPEG or WebP image
/// (the only formats the phone makes), or do not decode.
pub fn decode(bytes: &[u8]) -> Option<Decoded> {
    let format = image::guess_format(bytes).ok()?;
    let mime = match format {
        image::ImageFormat::Jpeg => "image/jpeg",
        image::ImageFormat::WebP => "image/webp",
        _ => return None,
    };
    // A small file may declare a huge picture: refuse what no phone sends before allocating.
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_EDGE);
    limits.max_image_height = Some(MAX_EDGE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    reader.limits(limits);
    let img = reader.decode().ok()?;
    let thumb = img.thumbnail(THUMB_EDGE, THUMB_EDGE).into_rgb8();
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75)
        .encode_image(&thumb)
        .ok()?;
    Some(Decoded {
        mime,
        width: img.width(),
        height: img.height(),
        thumb: out.into_inner(),
    })
}

/// A JPEG of `width`×`height` pixels (a colour gradient): the photos of `shugen generate`
/// and of the tests.
pub fn sample(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 80)
        .encode_image(&img)
        .expect("an RGB image encodes as JPEG");
    jpeg.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpeg_gets_a_small_thumbnail_and_other_bytes_none() {
        let d = decode(&sample(1600, 900)).unwrap();
        assert_eq!((d.mime, d.width, d.height), ("image/jpeg", 1600, 900));
        let t = image::load_from_memory(&d.thumb).unwrap();
        assert_eq!((t.width(), t.height()), (320, 180));
        assert!(decode(b"not a photo").is_none());
        // A picture larger than any phone sends is refused, not decoded.
        let wide = image::RgbImage::new(MAX_EDGE + 1, 8);
        let mut big = std::io::Cursor::new(Vec::new());
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut big, 50)
            .encode_image(&wide)
            .unwrap();
        assert!(decode(big.get_ref()).is_none());
        // (A photo cut short decodes, grey below the cut: the size and SHA-256 checks before
        // decoding are what refuse it.)
    }
}
