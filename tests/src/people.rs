//! People and organisations for the tests: accounts signed in directly in their province's database (no
//! password round trip), with their session cookie, form token and API token.

use doeners_domain::{
    Email, OfferStatus, Organisation, OrganisationId, OrganisationStatus,
    access::Role,
    forms::{self, Fields},
};
use doeners_persistence::{Database, NewAccount, TenantDatabase};

/// A signed-in account: what a browser and an API client of it would send.
#[derive(Debug, Clone)]
pub struct Person {
    pub account: doeners_domain::AccountId,
    pub email: String,
    pub role: Role,
    /// `name=value` for the `Cookie` header.
    pub cookie: String,
    pub csrf: String,
    /// `dnr_...`, for `Authorization: Bearer`.
    pub token: Option<String>,
}

/// A verified account of `role` in `db`, signed in, with an API token. Its password hash matches no password,
/// so forms that ask for the current password refuse it and change nothing.
pub async fn person(db: &TenantDatabase, email: &str, role: Role) -> Person {
    let mut p = signed_in(db, email, role).await;
    p.token = Some(
        db.create_api_token(p.account, "test")
            .await
            .expect("token")
            .1,
    );
    p
}

/// As `person`, in the federation database: a Flanders administrator of the console (no API tokens there).
pub async fn flanders_admin(db: &Database, email: &str) -> Person {
    signed_in(db, email, Role::FlandersAdmin).await
}

async fn signed_in(db: &Database, email: &str, role: Role) -> Person {
    let id = db
        .create_account(&NewAccount {
            email: Email::parse(email).expect("address"),
            password_hash: "!".to_string(),
            role: role.clone(),
            company: None,
        })
        .await
        .expect("create")
        .expect("new address");
    db.mark_verified(id).await.expect("verify");
    let session = db.open_session(id).await.expect("session");
    Person {
        account: id,
        email: email.to_string(),
        role,
        cookie: format!("sessie-{}={}", db.slug(), session.id),
        csrf: session.csrf_token,
        token: None,
    }
}

pub fn fields(pairs: &[(&str, &str)]) -> Fields {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A published organisation named `name` in postal code `postal_code`.
pub async fn published_organisation(
    db: &TenantDatabase,
    name: &str,
    postal_code: &str,
) -> Organisation {
    organisation(db, name, postal_code, OrganisationStatus::Published).await
}

/// An organisation waiting for approval.
pub async fn draft_organisation(
    db: &TenantDatabase,
    name: &str,
    postal_code: &str,
) -> Organisation {
    organisation(db, name, postal_code, OrganisationStatus::Draft).await
}

async fn organisation(
    db: &TenantDatabase,
    name: &str,
    postal_code: &str,
    status: OrganisationStatus,
) -> Organisation {
    let draft = forms::organisation_draft(&fields(&[
        ("name", name),
        ("kind", "maatwerkbedrijf"),
        ("street", "Industrieweg 1"),
        ("postal_code", postal_code),
        ("description", "Verpakking en assemblage."),
    ]))
    .expect("valid organisation");
    db.register_organisation(&draft, status)
        .await
        .expect("register")
        .expect("new")
}

/// An offer of `organisation` with `title`, published or withdrawn.
pub async fn offer(
    db: &TenantDatabase,
    organisation: OrganisationId,
    title: &str,
    status: OfferStatus,
) -> doeners_persistence::OwnOffer {
    let draft = forms::offer_draft(&fields(&[
        ("title", title),
        ("category", "handverpakking"),
        ("execution_mode", "eigen-atelier"),
        ("service_area", "vlaanderen"),
        ("description", "Manueel verpakken in ons atelier."),
    ]))
    .expect("valid offer");
    let id = db
        .create_offer(organisation, &draft)
        .await
        .expect("create")
        .expect("new title");
    let own = db
        .offer_of(organisation, id)
        .await
        .expect("read")
        .expect("there");
    if status != OfferStatus::Published {
        db.update_offer(organisation, &own, &draft, status)
            .await
            .expect("status")
            .expect("same title");
    }
    db.offer_of(organisation, id)
        .await
        .expect("read")
        .expect("there")
}

/// The `name=value` of the session cookie a response sets.
pub fn session_cookie(headers: &axum::http::HeaderMap) -> String {
    headers
        .get(axum::http::header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string()
}

/// The value of `token=` in the newest message in the mail directory.
pub fn token_from_newest_mail(app: &crate::TestApp) -> String {
    let mail = crate::mail::newest(&app.mail_dir);
    let start = mail.find("token=").expect("a link with a token") + "token=".len();
    mail[start..]
        .split(|c: char| c.is_whitespace())
        .next()
        .expect("token")
        .to_string()
}

/// Registers a company on `tenant`'s portal through its pages, confirms the address from the message and
/// signs in: the session cookie.
pub async fn register_company(
    app: &crate::TestApp,
    tenant: &str,
    email: &str,
    password: &str,
    name: &str,
) -> String {
    let (status, _, page) = app
        .post_form(
            &format!("/{tenant}/registreren"),
            &[
                ("email", email),
                ("password", password),
                ("name", name),
                ("sector", "c"),
                ("size", "klein"),
                ("postal_code", "3500"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let token = token_from_newest_mail(app);
    let (status, _, _) = app
        .get(&format!("/{tenant}/bevestigen?token={token}"))
        .await;
    assert_eq!(status, 200, "the link confirms the address");
    sign_in(app, tenant, email, password).await
}

/// Signs in through the login form: the session cookie.
pub async fn sign_in(app: &crate::TestApp, tenant: &str, email: &str, password: &str) -> String {
    let (status, headers, page) = app
        .post_form(
            &format!("/{tenant}/aanmelden"),
            &[("email", email), ("password", password)],
        )
        .await;
    assert_eq!(status, 303, "signed in: {page}");
    session_cookie(&headers)
}

/// The CSRF token on the signed-in account page.
pub async fn csrf_of(app: &crate::TestApp, tenant: &str, cookie: &str) -> String {
    let (status, _, page) = app.get_as(&format!("/{tenant}/account"), cookie).await;
    assert_eq!(status, 200, "{page}");
    let marker = "name=\"csrf\" value=\"";
    let start = page.find(marker).expect("a form token") + marker.len();
    page[start..].split('"').next().expect("token").to_string()
}
