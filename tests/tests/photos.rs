//! An organisation's photos: uploaded on its management page by who may edit it, stored without the camera's
//! metadata, shown on its profile and served with headers that let browsers keep them.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use axum::{body::Body, http::Request};
use doeners_domain::access::Role;
use doeners_tests::{
    TestApp, on_both_backends,
    people::{Person, person, published_organisation},
};

/// A 2400×1200 JPEG with an EXIF segment naming a camera and a place.
fn camera_photo() -> Vec<u8> {
    let pixels = image::RgbImage::from_fn(2400, 1200, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, 80])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 85)
        .encode_image(&pixels)
        .expect("encode");
    let payload = b"Exif\0\0CameraMerk GPS 50.96N 5.50E";
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE1];
    photo.extend_from_slice(
        &u16::try_from(payload.len() + 2)
            .expect("short")
            .to_be_bytes(),
    );
    photo.extend_from_slice(payload);
    photo.extend_from_slice(&plain[2..]);
    photo
}

fn upload(path: &str, who: &Person, alt: &str, photo: &[u8]) -> Request<Body> {
    let boundary = "grens7d1f";
    let mut body = Vec::new();
    for (name, value) in [("csrf", who.csrf.as_str()), ("alt", alt)] {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"werk.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(photo);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    Request::builder()
        .method("POST")
        .uri(path)
        .header("cookie", &who.cookie)
        .header("sec-fetch-site", "same-origin")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .expect("request")
}

on_both_backends!(
    a_photo_is_uploaded_without_its_metadata_and_shown_on_the_profile,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let admin = person(db, "beheer@limburg.example", Role::ProvinceAdmin).await;
        let org = published_organisation(db, "De Beuk", "3600").await;
        let path = format!("/limburg/organisaties/{}/fotos", org.slug);

        // Who may not edit the organisation is refused before the upload is read, as for its other edits.
        let company = person(db, "inkoop@bedrijf.example", Role::Company).await;
        let (status, _, _) = app
            .send(upload(&path, &company, "Ons atelier", &camera_photo()))
            .await;
        assert_eq!(status, 404);
        assert_eq!(db.photo_count(org.id).await.expect("count"), 0);

        // No description: refused in a sentence, nothing stored.
        let (status, _, page) = app.send(upload(&path, &admin, " ", &camera_photo())).await;
        assert_eq!(status, 422);
        assert!(page.contains("Beschrijf wat op de foto staat"), "{page}");
        // Not a photo: refused in a sentence.
        let (status, _, page) = app
            .send(upload(&path, &admin, "Ons atelier", b"%PDF-1.7"))
            .await;
        assert_eq!(status, 422);
        assert!(page.contains("JPEG- of PNG"), "{page}");
        assert_eq!(db.photo_count(org.id).await.expect("count"), 0);

        let (status, headers, _) = app
            .send(upload(
                &path,
                &admin,
                "Twee medewerkers aan de inpaktafel",
                &camera_photo(),
            ))
            .await;
        assert_eq!(status, 303);
        assert!(
            headers
                .get("location")
                .and_then(|l| l.to_str().ok())
                .is_some_and(|l| l.ends_with("?bewaard=foto#fotos"))
        );
        let photos = db.photos_of(org.id).await.expect("photos");
        assert_eq!(photos.len(), 1);
        assert_eq!(
            (photos[0].width, photos[0].height),
            (1600, 800),
            "shrunk to fit"
        );
        let stored = db
            .photo(org.id, photos[0].id)
            .await
            .expect("read")
            .expect("there");
        assert!(
            !stored.windows(4).any(|w| w == b"Exif"),
            "no camera metadata is kept"
        );
        assert!(
            !stored.windows(3).any(|w| w == b"GPS"),
            "nor where it was taken"
        );

        let (_, _, profile) = app
            .get(&format!("/limburg/organisaties/{}", org.slug))
            .await;
        let src = format!("/limburg/organisaties/{}/fotos/{}", org.slug, photos[0].id);
        assert!(profile.contains(&format!(r#"src="{src}""#)), "{profile}");
        assert!(profile.contains(r#"alt="Twee medewerkers aan de inpaktafel""#));
        let (status, headers, _) = app
            .send(
                Request::builder()
                    .uri(&src)
                    .body(Body::empty())
                    .expect("request"),
            )
            .await;
        assert_eq!(status, 200);
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(header("content-type"), "image/jpeg");
        assert_eq!(header("x-content-type-options"), "nosniff");
        assert!(
            header("cache-control").starts_with("public"),
            "a published photo may be kept"
        );

        // A photo as a phone takes it, a few megabytes, is taken too (the usual form limit is 1 MB).
        let mut seed = 7_u32;
        let noisy = image::RgbImage::from_fn(2000, 1500, |_, _| {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let [a, b, c, _] = seed.to_le_bytes();
            image::Rgb([a, b, c])
        });
        let mut phone = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut phone, 95)
            .encode_image(&noisy)
            .expect("encode");
        assert!(phone.len() > 1024 * 1024, "{} bytes", phone.len());
        let (status, _, page) = app.send(upload(&path, &admin, "Het atelier", &phone)).await;
        assert_eq!(status, 303, "{page}");
        assert_eq!(db.photo_count(org.id).await.expect("count"), 2);

        // A photo is served only under its own organisation.
        let other = published_organisation(db, "Groenwerk", "3500").await;
        let (status, _, _) = app
            .get(&format!(
                "/limburg/organisaties/{}/fotos/{}",
                other.slug, photos[0].id
            ))
            .await;
        assert_eq!(status, 404);

        let (status, _, _) = app
            .post_form_as(
                &format!("{src}/verwijderen"),
                &admin.cookie,
                &[("csrf", &admin.csrf)],
            )
            .await;
        assert_eq!(status, 303);
        assert_eq!(db.photo_count(org.id).await.expect("count"), 1);
        let (status, _, _) = app.get(&src).await;
        assert_eq!(status, 404);
    }
);
