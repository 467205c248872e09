//! An organisation's photos: uploaded on its management page (a multipart form, read only after the caller may
//! edit the organisation), removed there, and served from its profile with headers that let browsers keep them.

use axum::{
    Form,
    extract::{FromRequest, Multipart, Path, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use doeners_app::{Via, records::PhotoInfo};
use doeners_domain::{Organisation, access::Action};
use maud::{Markup, html};

use super::{Failure, Fields, field, layout, widgets::csrf};
use crate::{AppState, guard::Visitor};

/// A photo straight from a phone is a few megabytes: the upload may be larger than other forms.
pub const UPLOAD_LIMIT: usize = 8 * 1024 * 1024;

fn back(v: &Visitor, org: &Organisation, what: &str) -> Response {
    Redirect::to(&format!(
        "/{}/organisaties/{}/beheren?bewaard={what}#fotos",
        v.slug(),
        org.slug
    ))
    .into_response()
}

/// The upload refused, said in a sentence, with the way back.
fn refused(v: &Visitor, org: &Organisation, status: StatusCode, sentence: &str) -> Response {
    layout::answer(
        status,
        "Foto niet toegevoegd",
        Some(&v.tenant.profile),
        html! {
            h1 { "Foto niet toegevoegd" }
            p.error role="alert" { (sentence) }
            p { a href={ "/" (v.slug()) "/organisaties/" (org.slug) "/beheren#fotos" } { "Terug naar " (org.draft.name) } }
        },
    )
}

/// `POST /{tenant}/organisaties/{slug}/fotos` (multipart: `csrf`, `alt`, `photo`).
pub async fn add(
    State(state): State<AppState>,
    v: Visitor,
    Path((_, slug)): Path<(String, String)>,
    request: Request,
) -> Result<Response, Failure> {
    let org = v.find_organisation(&slug, Action::EditOrganisation).await?;
    let limit_mb = UPLOAD_LIMIT / (1024 * 1024);
    let too_large = format!(
        "De foto is te groot: hoogstens {limit_mb} MB. Verklein ze of kies een kleinere versie."
    );
    let Ok(mut parts) = Multipart::from_request(request, &state).await else {
        return Ok(refused(
            &v,
            &org,
            StatusCode::BAD_REQUEST,
            "Kies een foto om toe te voegen.",
        ));
    };
    let mut fields = Fields::new();
    let mut upload = Vec::new();
    loop {
        match parts.next_field().await {
            Ok(Some(part)) => {
                let name = part.name().unwrap_or_default().to_string();
                let Ok(bytes) = part.bytes().await else {
                    return Ok(refused(&v, &org, StatusCode::PAYLOAD_TOO_LARGE, &too_large));
                };
                if name == "photo" {
                    upload = bytes.to_vec();
                } else {
                    fields.insert(name, String::from_utf8_lossy(&bytes).into_owned());
                }
            }
            Ok(None) => break,
            Err(_) => return Ok(refused(&v, &org, StatusCode::PAYLOAD_TOO_LARGE, &too_large)),
        }
    }
    v.check_form(&fields)?;
    if upload.is_empty() {
        return Ok(refused(
            &v,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Kies een foto om toe te voegen.",
        ));
    }
    match doeners_app::photos::add(
        &v.tenant,
        v.caller.as_ref(),
        Via::Portal,
        &org,
        upload,
        field(&fields, "alt"),
    )
    .await?
    {
        Ok(_) => Ok(back(&v, &org, "foto")),
        Err(sentence) => Ok(refused(
            &v,
            &org,
            StatusCode::UNPROCESSABLE_ENTITY,
            &sentence,
        )),
    }
}

pub async fn remove(
    v: Visitor,
    Path((_, slug, id)): Path<(String, String, String)>,
    Form(fields): Form<Fields>,
) -> Result<Response, Failure> {
    let org = v.find_organisation(&slug, Action::EditOrganisation).await?;
    v.check_form(&fields)?;
    if let Ok(id) = id.parse::<uuid::Uuid>() {
        doeners_app::photos::remove(&v.tenant, v.caller.as_ref(), Via::Portal, &org, id).await?;
    }
    Ok(back(&v, &org, "foto-weg"))
}

/// `GET /{tenant}/organisaties/{slug}/fotos/{id}`: a published organisation's photo, the same for everyone, so
/// browsers may keep it for an hour (a removed photo is gone everywhere soon after); the photos of an
/// organisation that is not public only for who may read it, and kept by no one.
pub async fn show(
    v: Visitor,
    Path((_, slug, id)): Path<(String, String, String)>,
) -> Result<Response, Failure> {
    let missing = || -> Failure { v.refuse(doeners_domain::access::Decision::Hidden).into() };
    let id = id.parse::<uuid::Uuid>().map_err(|_| missing())?;
    if doeners_domain::Slug::parse(&slug).is_err() {
        return Err(missing());
    }
    let (org, public) = match doeners_app::catalogue::organisation(&v.tenant, &slug).await? {
        Some((org, _)) => (org, true),
        None => (
            v.find_organisation(&slug, Action::ReadOrganisation).await?,
            false,
        ),
    };
    let Some(jpeg) = doeners_app::photos::jpeg(&v.tenant, org.id, id).await? else {
        return Err(missing());
    };
    let mut response = jpeg.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg"));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if public {
            "public, max-age=3600"
        } else {
            "no-store"
        }),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("inline"),
    );
    Ok(response)
}

fn src(tenant: &str, org: &Organisation, photo: &PhotoInfo) -> String {
    format!("/{tenant}/organisaties/{}/fotos/{}", org.slug, photo.id)
}

/// The photos on the profile.
pub fn gallery(tenant: &str, org: &Organisation, photos: &[PhotoInfo]) -> Markup {
    html! {
        @if !photos.is_empty() {
            ul.photos aria-label={ "Foto's van " (org.draft.name) } {
                @for p in photos {
                    li { img src=(src(tenant, org, p)) alt=(p.alt) width=(p.width) height=(p.height) loading="lazy"; }
                }
            }
        }
    }
}

/// The management page's part: the photos with a remove button each, and the upload form.
pub fn manage(v: &Visitor, org: &Organisation, photos: &[PhotoInfo]) -> Markup {
    let base = format!("/{}/organisaties/{}", v.slug(), org.slug);
    html! {
        h2 #fotos { "Foto's" }
        p { "Tot " (doeners_app::photos::MAX_PHOTOS) " foto's van uw werk, op uw publieke pagina. JPEG of PNG, tot 8 MB. We verkleinen ze en verwijderen de gegevens van het toestel (zoals de plaats waar de foto genomen is)." }
        ul.photos {
            @for p in photos {
                li {
                    img src=(src(v.slug(), org, p)) alt=(p.alt) width=(p.width) height=(p.height) loading="lazy";
                    form method="post" action={ (base) "/fotos/" (p.id) "/verwijderen" } {
                        (csrf(v))
                        button.secondary type="submit" { "Verwijderen" span.visually-hidden { ": " (p.alt) } }
                    }
                }
            }
        }
        form method="post" action={ (base) "/fotos" } enctype="multipart/form-data" {
            (csrf(v))
            p {
                label for="photo" { "Foto (JPEG of PNG, verplicht)" }
                input #photo type="file" name="photo" accept="image/jpeg,image/png";
            }
            p {
                label for="alt" { "Wat staat op de foto? (verplicht, voor wie ze niet ziet)" }
                input #alt type="text" name="alt" maxlength="200";
            }
            p { button type="submit" { "Foto toevoegen" } }
        }
    }
}
