//! Photos on an organisation's profile, uploaded by its members or its province's administrators. The server
//! decodes each upload (JPEG or PNG only, with bounded dimensions), turns it upright, shrinks it to fit the page
//! and writes a fresh JPEG: nothing of the original file, its camera metadata or its location, is kept.

use std::io::Cursor;

use doeners_domain::{Organisation, OrganisationId, access::Caller, text};
use doeners_persistence::PhotoInfo;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, imageops::FilterType};
use uuid::Uuid;

use crate::{AppError, Tenant, Via, offers::may_edit};

pub const MAX_PHOTOS: u64 = 6;
/// The longest side a stored photo has.
pub const MAX_EDGE: u32 = 1600;
/// The largest image a decoder may unpack: larger ones are refused before any pixel is read (a small file can
/// unpack into a huge image).
const MAX_SOURCE_EDGE: u32 = 10_000;
const MAX_SOURCE_PIXELS: u64 = 40_000_000;
/// Uploads decoded at once, so a few large photos together cannot exhaust the server's memory.
static DECODING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(2);

/// A photo ready to store: its JPEG bytes and size.
#[derive(Debug)]
pub struct Prepared {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Decodes, turns upright, shrinks and re-encodes `upload`; the refusal is a Dutch sentence.
pub fn prepare(upload: &[u8]) -> Result<Prepared, String> {
    let unreadable =
        || "Dit bestand kunnen we niet lezen als foto: kies een JPEG- of PNG-bestand.".to_string();
    let mut reader = ImageReader::new(Cursor::new(upload))
        .with_guessed_format()
        .map_err(|_| unreadable())?;
    if !matches!(reader.format(), Some(ImageFormat::Jpeg | ImageFormat::Png)) {
        return Err(unreadable());
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_EDGE);
    limits.max_image_height = Some(MAX_SOURCE_EDGE);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|_| unreadable())?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_SOURCE_PIXELS {
        return Err(format!(
            "Deze foto heeft te veel pixels ({w} × {h}): hoogstens 40 megapixel."
        ));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut photo = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => format!(
            "Deze foto is te groot om te openen: hoogstens {MAX_SOURCE_EDGE} pixels breed en hoog."
        ),
        _ => unreadable(),
    })?;
    photo.apply_orientation(orientation);
    if photo.width() > MAX_EDGE || photo.height() > MAX_EDGE {
        photo = photo.resize(MAX_EDGE, MAX_EDGE, FilterType::Triangle);
    }
    // Transparent parts (a PNG) become white, as on the page, not black.
    let rgb = on_white(&photo);
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 82)
        .encode_image(&rgb)
        .map_err(|_| unreadable())?;
    Ok(Prepared {
        jpeg,
        width: rgb.width(),
        height: rgb.height(),
    })
}

fn on_white(photo: &DynamicImage) -> image::RgbImage {
    if !photo.color().has_alpha() {
        return photo.to_rgb8();
    }
    let rgba = photo.to_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| {
            let c = u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a));
            u8::try_from(c / 255).unwrap_or(u8::MAX)
        };
        image::Rgb([over(r), over(g), over(b)])
    })
}

/// Adds a photo with its description (the `alt` text a screen reader reads); `Ok(Err(sentence))` when the
/// upload or the description cannot be used, or the organisation has its six photos already.
pub async fn add(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    org: &Organisation,
    upload: Vec<u8>,
    alt: &str,
) -> Result<Result<Uuid, String>, AppError> {
    may_edit(tenant, caller, org)?;
    let alt = match text::line(alt, "beschrijving", 200) {
        Ok(alt) if !alt.is_empty() => alt,
        Ok(_) => {
            return Ok(Err(
                "Beschrijf wat op de foto staat: wie de foto niet ziet, leest dit.".to_string(),
            ));
        }
        Err(e) => return Ok(Err(e.to_string())),
    };
    let full =
        || format!("Een organisatie toont hoogstens {MAX_PHOTOS} foto's: verwijder er eerst een.");
    if tenant.db.photo_count(org.id).await? >= MAX_PHOTOS {
        return Ok(Err(full()));
    }
    // Decoding is CPU work: off the request threads, and only a few at once.
    let Ok(_permit) = DECODING.acquire().await else {
        return Ok(Err("Deze foto kunnen we nu niet verwerken.".to_string()));
    };
    let prepared = match tokio::task::spawn_blocking(move || prepare(&upload)).await {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(sentence)) => return Ok(Err(sentence)),
        Err(_) => return Ok(Err("Deze foto kunnen we niet verwerken.".to_string())),
    };
    let tx = tenant.db.begin().await?;
    // Counted again in the transaction: two uploads at once do not make a seventh.
    if tx.photo_count(org.id).await? >= MAX_PHOTOS {
        return Ok(Err(full()));
    }
    let id = tx
        .add_photo(
            org.id,
            &alt,
            prepared.jpeg,
            (prepared.width, prepared.height),
        )
        .await?;
    crate::organisations::audit(&tx, caller, via, "organisation.photo_added", org.id).await?;
    tx.commit().await?;
    Ok(Ok(id))
}

pub async fn remove(
    tenant: &Tenant,
    caller: Option<&Caller>,
    via: Via,
    org: &Organisation,
    id: Uuid,
) -> Result<(), AppError> {
    may_edit(tenant, caller, org)?;
    let tx = tenant.db.begin().await?;
    tx.remove_photo(org.id, id).await?;
    crate::organisations::audit(&tx, caller, via, "organisation.photo_removed", org.id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn of(tenant: &Tenant, org: OrganisationId) -> Result<Vec<PhotoInfo>, AppError> {
    Ok(tenant.db.photos_of(org).await?)
}

/// One photo's JPEG: the caller shows only photos of a published organisation.
pub async fn jpeg(
    tenant: &Tenant,
    org: OrganisationId,
    id: Uuid,
) -> Result<Option<Vec<u8>>, AppError> {
    Ok(tenant.db.photo(org, id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG of `w`×`h` with an EXIF segment that names a camera and a place.
    fn camera_jpeg(w: u32, h: u32) -> Vec<u8> {
        let pixels = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 255) as u8, (y % 255) as u8, 90])
        });
        let mut plain = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 90)
            .encode_image(&pixels)
            .expect("encode");
        let payload = b"Exif\0\0CameraMerk GPS 50.93N 5.33E Genk";
        let length = u16::try_from(payload.len() + 2).expect("short");
        let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1];
        with_exif.extend_from_slice(&length.to_be_bytes());
        with_exif.extend_from_slice(payload);
        with_exif.extend_from_slice(&plain[2..]);
        with_exif
    }

    #[test]
    fn a_photo_is_shrunk_and_loses_its_metadata() {
        let upload = camera_jpeg(2400, 1200);
        assert!(upload.windows(4).any(|w| w == b"Exif"));
        let prepared = prepare(&upload).expect("a photo");
        assert_eq!((prepared.width, prepared.height), (MAX_EDGE, MAX_EDGE / 2));
        assert!(
            !prepared.jpeg.windows(4).any(|w| w == b"Exif"),
            "the camera's metadata is gone"
        );
        assert!(
            !prepared.jpeg.windows(4).any(|w| w == b"Genk"),
            "and the place"
        );
        assert_eq!(&prepared.jpeg[..2], &[0xFF, 0xD8], "a JPEG");
        let small = prepare(&camera_jpeg(300, 200)).expect("a photo");
        assert_eq!(
            (small.width, small.height),
            (300, 200),
            "a small photo keeps its size"
        );
    }

    #[test]
    fn a_transparent_png_turns_white_and_a_huge_one_is_refused_unread() {
        let clear = image::RgbaImage::from_pixel(40, 30, image::Rgba([0, 0, 0, 0]));
        let mut png = Vec::new();
        DynamicImage::ImageRgba8(clear)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .expect("png");
        let prepared = prepare(&png).expect("a photo");
        let decoded = image::load_from_memory(&prepared.jpeg)
            .expect("jpeg")
            .to_rgb8();
        assert!(
            decoded.get_pixel(5, 5).0.iter().all(|c| *c > 240),
            "white, not black"
        );
        // 9,000 × 9,000 of one colour is a small file but 81 megapixels.
        let huge = image::GrayImage::from_pixel(9_000, 9_000, image::Luma([200]));
        let mut png = Vec::new();
        DynamicImage::ImageLuma8(huge)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .expect("png");
        assert!(png.len() < 1024 * 1024, "it fits under the upload limit");
        assert!(prepare(&png).is_err_and(|e| e.contains("megapixel")));
    }

    #[test]
    fn what_is_not_a_photo_is_refused_in_a_sentence() {
        assert!(prepare(b"%PDF-1.7 not a photo").is_err_and(|e| e.contains("JPEG- of PNG")));
        assert!(prepare(b"GIF89a......").is_err_and(|e| e.contains("JPEG- of PNG")));
        let mut cut = camera_jpeg(50, 50);
        cut.truncate(cut.len() / 3);
        assert!(prepare(&cut).is_err());
    }
}
