//! Defects found by probing the running server as an attacker would, each held by a test: redirects that leave
//! the platform, memory anyone can grow, links that follow the `Host` header, access that outlives a password
//! reset, an audit log that can be flooded, timing that tells who has an account, control characters in names,
//! private answers a cache may keep, the scheme of an `Origin`, framework errors in English and public metrics.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use axum::{
    body::Body,
    http::{Request, header},
};
use doeners_domain::{OfferStatus, Password, access::Role};
use doeners_http::{HttpSettings, routes::Table};
use doeners_tests::{
    Backend, TestApp, on_both_backends,
    people::{offer, person, published_organisation, register_company, token_from_newest_mail},
};

async fn api(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: &str,
    body: &str,
) -> (u16, axum::http::HeaderMap, String) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(body.to_string()))
        .expect("request");
    app.send(request).await
}

fn from_client(mut request: Request<Body>, client: u8) -> Request<Body> {
    let from = std::net::SocketAddr::from(([192, 0, 2, client], 40000));
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(from));
    request
}

fn login(email: &str, password: &str, client: u8) -> Request<Body> {
    let body = format!(
        "email={}&password={}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    );
    from_client(
        Request::post("/limburg/aanmelden")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(body))
            .expect("request"),
        client,
    )
}

#[tokio::test]
async fn only_a_province_redirects_and_only_to_its_own_path() {
    let app = TestApp::new(Backend::Sqlite).await.expect("SQLite");
    let (status, headers, _) = app
        .send(
            Request::get("/limburg")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(status, 308);
    assert_eq!(
        headers.get(header::LOCATION).expect("location"),
        "/limburg/"
    );
    for path in [
        "/%2Fevil.example",
        "/%5Cevil.example",
        "/%01",
        "/gelderland",
    ] {
        let (status, headers, body) = app
            .send(Request::get(path).body(Body::empty()).expect("request"))
            .await;
        assert_eq!(status, 404, "{path}: {body}");
        assert!(headers.get(header::LOCATION).is_none(), "{path}");
        assert!(body.contains("Onbekende provincie"), "{path}: {body}");
    }
}

#[tokio::test]
async fn an_overlong_login_is_refused_before_any_work_and_keeps_no_key() {
    let app = TestApp::new(Backend::Sqlite).await.expect("SQLite");
    let huge = format!("{}@probe.example", "a".repeat(1_000_000));
    for client in 1..=3 {
        let (status, _, page) = app.send(login(&huge, "x", client)).await;
        assert_eq!(status, 401);
        assert!(page.contains("te lang"), "{page}");
        assert!(page.len() < 100_000, "the address is not echoed back");
    }
    assert_eq!(
        app.state.limits().login_per_account.len(),
        0,
        "no bucket for an address that cannot exist"
    );
    // A long address that is still an address keeps one bucket of fixed size.
    let long = format!("{}@{}.example", "b".repeat(64), "c".repeat(60));
    let (status, _, _) = app.send(login(&long, "x", 4)).await;
    assert_eq!(status, 401);
    assert_eq!(app.state.limits().login_per_account.len(), 1);
}

on_both_backends!(
    links_in_mail_come_from_configuration_not_from_the_host_header,
    |app: TestApp| async move {
        person(app.db("limburg"), "lid@werkplaats.example", Role::Company).await;
        let request = Request::post("/limburg/wachtwoord-vergeten")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "evil.example")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from("email=lid%40werkplaats.example"))
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, 200);
        let mail = doeners_tests::mail::newest(&app.mail_dir);
        assert!(!mail.contains("evil.example"), "{mail}");
        assert!(
            mail.contains("http://127.0.0.1:8080/limburg/wachtwoord-herstellen?token="),
            "{mail}"
        );
    }
);

on_both_backends!(
    a_password_reset_or_change_ends_every_session_and_api_token,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let org = published_organisation(db, "Atelier Genk", "3600").await;
        let member = person(db, "lid@atelier.example", Role::Member(org.id)).await;
        let token = member.token.clone().expect("token");
        let offers = "/api/v1/tenants/limburg/organisations/atelier-genk/offers";
        let body = r#"{"title":"Inpakken","category":"handverpakking","execution_mode":"eigen-atelier","service_area":"vlaanderen"}"#;
        let (status, _, text) = api(&app, "POST", offers, &token, body).await;
        assert_eq!(status, 201, "the token works before: {text}");

        let ask = || {
            app.post_form(
                "/limburg/wachtwoord-vergeten",
                &[("email", "lid@atelier.example")],
            )
        };
        ask().await;
        let older = token_from_newest_mail(&app);
        tokio::time::sleep(Duration::from_millis(20)).await;
        ask().await;
        let newer = token_from_newest_mail(&app);
        assert_ne!(older, newer);
        let password = "een heel nieuw wachtwoord voor het atelier";
        let (status, _, page) = app
            .post_form(
                "/limburg/wachtwoord-herstellen",
                &[("token", &newer), ("password", password)],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("API-sleutels ingetrokken"), "{page}");
        let (status, _, _) = app
            .post_form(
                "/limburg/wachtwoord-herstellen",
                &[
                    ("token", &older),
                    ("password", "nog een ander lang wachtwoord"),
                ],
            )
            .await;
        assert_eq!(status, 400, "the older link died with the newer one");
        let (status, _, _) = api(
            &app,
            "POST",
            offers,
            &token,
            &body.replace("Inpakken", "Sorteren"),
        )
        .await;
        assert_eq!(status, 401, "the token died with the old password");
        let (status, _, _) = app.get_as("/limburg/account", &member.cookie).await;
        assert_eq!(status, 303, "the session died with the old password");

        // A change while signed in does the same.
        let old_password = "een lange zin als wachtwoord";
        let cookie = register_company(
            &app,
            "limburg",
            "inkoop@bedrijf.example",
            old_password,
            "Bedrijf",
        )
        .await;
        let csrf = doeners_tests::people::csrf_of(&app, "limburg", &cookie).await;
        let (status, _, page) = app
            .post_form_as(
                "/limburg/account/api-sleutels",
                &cookie,
                &[("csrf", &csrf), ("name", "koppeling")],
            )
            .await;
        assert_eq!(status, 200);
        let start = page.find("dnr_limburg_").expect("the token is shown");
        let company_token: String = page[start..].chars().take_while(|c| *c != '<').collect();
        let (_, _, account_page) = app.get_as("/limburg/account", &cookie).await;
        assert!(
            account_page.contains("worden al uw API-sleutels ingetrokken"),
            "the account page says so before the change"
        );
        let (status, _, text) = api(&app, "POST", offers, &company_token, body).await;
        assert_ne!(status, 401, "the token is recognised: {text}");
        // Whoever had the session asks for the address to become theirs; the owner then changes the password.
        let (status, _, _) = app
            .post_form_as(
                "/limburg/account/e-mailadres",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("current_password", old_password),
                    ("new_email", "overname@elders.example"),
                ],
            )
            .await;
        assert_eq!(status, 200);
        let takeover = doeners_tests::mail::all(&app.mail_dir)
            .into_iter()
            .find_map(|m| {
                let at = m.find("e-mailadres-bevestigen?token=")?
                    + "e-mailadres-bevestigen?token=".len();
                m[at..].split_whitespace().next().map(str::to_string)
            })
            .expect("the link sent to the new address");
        let (status, _, _) = app
            .post_form_as(
                "/limburg/account/wachtwoord",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("current_password", old_password),
                    ("new_password", "nog een lange zin als wachtwoord"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let (status, _, _) = api(&app, "POST", offers, &company_token, body).await;
        assert_eq!(status, 401, "no longer recognised after the change");
        let (status, _, _) = app
            .get(&format!("/limburg/e-mailadres-bevestigen?token={takeover}"))
            .await;
        assert_eq!(
            status, 400,
            "the pending address change died with the old password"
        );
    }
);

on_both_backends!(
    throttled_logins_are_one_audit_entry_per_address_and_real_events_stay_visible,
    |app: TestApp| async move {
        let db = app.db("limburg");
        person(db, "lid@werkplaats.example", Role::Company).await;
        db.audit(
            None,
            "organisation.approved",
            "organisation:x",
            serde_json::json!({}),
        )
        .await
        .expect("audit");
        let mut throttled = 0;
        for _ in 0..250 {
            let (status, _, _) = app
                .send(login("lid@werkplaats.example", "fout wachtwoord", 7))
                .await;
            if status == 429 {
                throttled += 1;
            }
        }
        assert!(throttled >= 240, "{throttled}");
        // Another client address trying the same account is throttled too, and counted on its own.
        let (status, _, _) = app
            .send(login("lid@werkplaats.example", "fout wachtwoord", 8))
            .await;
        assert_eq!(status, 429, "the account is throttled from any address");
        let log = db.audit_log(200).await.expect("log");
        let entries: Vec<_> = log
            .iter()
            .filter(|e| e.action == "login.throttled")
            .collect();
        assert_eq!(entries.len(), 2, "one entry per address: {entries:?}");
        let from_7 = entries
            .iter()
            .find(|e| e.detail["client"] == "192.0.2.7")
            .expect("the hammering address");
        assert_eq!(from_7.detail["count"], throttled);
        assert!(
            log.iter().any(|e| e.action == "organisation.approved"),
            "the real event is still in the last 200"
        );
    }
);

/// An application for a new organisation on Limburg's portal, from `email`.
fn application(
    email: &'static str,
    enterprise_number: &'static str,
) -> Vec<(&'static str, &'static str)> {
    vec![
        ("account_email", email),
        ("password", "een lange zin als wachtwoord"),
        ("name", "Nieuwe Werkplaats"),
        ("kind", "maatwerkbedrijf"),
        ("enterprise_number", enterprise_number),
        ("postal_code", "3500"),
    ]
}

on_both_backends!(
    registering_an_organisation_takes_as_long_for_a_known_address_as_for_a_new_one,
    |app: TestApp| async move {
        person(
            app.db("limburg"),
            "bestaand@werkplaats.example",
            Role::Company,
        )
        .await;
        let form = |email| application(email, "");
        // The reference: one password hash, the work a new address costs (the fastest of three, as other tests
        // share the machine).
        let mut one_hash = Duration::MAX;
        for _ in 0..3 {
            let started = Instant::now();
            doeners_app::passwords::hash(
                Password::new("een lange zin als wachtwoord").expect("ok"),
            )
            .await
            .expect("hash");
            one_hash = one_hash.min(started.elapsed());
        }
        let started = Instant::now();
        let (status, _, page) = app
            .post_form(
                "/limburg/registreren/organisatie",
                &form("bestaand@werkplaats.example"),
            )
            .await;
        let known = started.elapsed();
        assert_eq!(status, 200, "{page}");
        assert!(
            known >= one_hash / 2,
            "a known address answered in {known:?}, a hash takes {one_hash:?}"
        );
    }
);

on_both_backends!(
    a_taken_enterprise_number_is_answered_alike_for_a_known_and_a_new_address,
    |app: TestApp| async move {
        person(
            app.db("limburg"),
            "bestaand@werkplaats.example",
            Role::Company,
        )
        .await;
        let form = |email| application(email, "0203.201.340");
        let (status, _, first) = app
            .post_form(
                "/limburg/registreren/organisatie",
                &form("eerste@werkplaats.example"),
            )
            .await;
        assert_eq!(status, 200, "the number is new: {first}");
        let (known, _, known_page) = app
            .post_form(
                "/limburg/registreren/organisatie",
                &form("bestaand@werkplaats.example"),
            )
            .await;
        let (new, _, new_page) = app
            .post_form(
                "/limburg/registreren/organisatie",
                &form("nieuw@werkplaats.example"),
            )
            .await;
        assert_eq!((known, new), (422, 422));
        assert_eq!(
            known_page.replace("bestaand@", "nieuw@"),
            new_page,
            "the answer, but for the address typed, tells no one who has an account"
        );
        assert!(known_page.contains("staat al op het portaal"));
    }
);

on_both_backends!(
    control_characters_and_unmailable_addresses_are_refused_in_dutch,
    |app: TestApp| async move {
        let (status, _, page) = app
            .post_form(
                "/limburg/registreren/organisatie",
                &[
                    ("account_email", "nieuw@werkplaats.example"),
                    ("password", "een lange zin als wachtwoord"),
                    ("name", "Werk\u{0}plaats"),
                    ("kind", "maatwerkbedrijf"),
                    ("postal_code", "3500"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(page.contains("stuurteken (U+0000)"), "{page}");
        let (status, _, page) = app
            .post_form(
                "/limburg/registreren",
                &[
                    ("email", "<script>alert(1)</script>@probe.example"),
                    ("password", "een lange zin als wachtwoord"),
                    ("name", "Bedrijf"),
                    ("sector", "c"),
                    ("size", "klein"),
                    ("postal_code", "3500"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(page.contains("Ongeldig e-mailadres"), "a sentence: {page}");
        assert!(
            page.contains(r#"aria-invalid="true" aria-describedby="email-problem""#),
            "tied to its field: {page}"
        );
        assert!(
            !app.mail_dir.exists(),
            "no account, no message for an address no mailer takes"
        );
        let db = app.db("limburg");
        let org = published_organisation(db, "Atelier Hasselt", "3500").await;
        let member = person(db, "lid@atelier.example", Role::Member(org.id)).await;
        let (status, _, text) = api(
            &app,
            "POST",
            "/api/v1/tenants/limburg/organisations/atelier-hasselt/offers",
            member.token.as_deref().expect("token"),
            r#"{"title":"Inpakken\u001b[31m","category":"handverpakking","execution_mode":"eigen-atelier","service_area":"vlaanderen"}"#,
        )
        .await;
        assert_eq!(status, 422, "{text}");
        assert!(text.contains("U+001B"), "{text}");
    }
);

on_both_backends!(
    answers_with_tokens_typed_addresses_or_unpublished_data_are_never_stored,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let org = published_organisation(db, "Atelier Bree", "3960").await;
        offer(db, org.id, "Verborgen", OfferStatus::Withdrawn).await;
        let member = person(db, "lid@atelier.example", Role::Member(org.id)).await;
        for (what, status, headers) in [
            {
                let (s, h, _) = app
                    .get_as("/limburg/wachtwoord-herstellen?token=abc", "")
                    .await;
                ("reset link", s, h)
            },
            {
                let (s, h, _) = app
                    .get_as("/limburg/e-mailadres-bevestigen?token=abc", "")
                    .await;
                ("address change link", s, h)
            },
            {
                let (s, h, _) = app
                    .post_form(
                        "/limburg/aanmelden",
                        &[("email", "iemand@x.example"), ("password", "x")],
                    )
                    .await;
                ("login error", s, h)
            },
            {
                let (s, h, _) = api(
                    &app,
                    "GET",
                    "/api/v1/tenants/limburg/organisations/atelier-bree/offers",
                    member.token.as_deref().expect("token"),
                    "",
                )
                .await;
                ("own offers", s, h)
            },
        ] {
            assert!(status < 500, "{what}: {status}");
            assert_eq!(
                headers
                    .get(header::CACHE_CONTROL)
                    .map(|v| v.to_str().expect("text")),
                Some("no-store"),
                "{what}"
            );
        }
        let (_, headers, _) = app.get_as("/static/site.css", "").await;
        assert_eq!(
            headers.get(header::CACHE_CONTROL).expect("cache-control"),
            "public, max-age=3600",
            "what is the same for everyone may be kept"
        );
    }
);

#[tokio::test]
async fn an_origin_counts_with_its_scheme() {
    let settings = HttpSettings {
        public_url: "https://doeners.example".to_string(),
        ..HttpSettings::default()
    };
    let app = TestApp::with_settings(Backend::Sqlite, settings)
        .await
        .expect("SQLite");
    let post = |origin: &str| {
        Request::post("/limburg/aanmelden")
            .header(header::HOST, "doeners.example")
            .header(header::ORIGIN, origin)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("email=a%40b.example&password=x"))
            .expect("request")
    };
    let (status, _, page) = app.send(post("http://doeners.example")).await;
    assert_eq!(status, 403, "plain HTTP on the same host is another origin");
    assert!(page.contains("andere website"), "{page}");
    let (status, _, _) = app.send(post("https://doeners.example")).await;
    assert_eq!(status, 401, "the platform's own origin reaches the login");
    let (status, _, _) = app.send(post("https://doeners.example.evil")).await;
    assert_eq!(status, 403);
}

/// A handler with a bug.
async fn paniek() -> String {
    panic!("a bug")
}

#[tokio::test]
async fn framework_errors_answer_in_the_platforms_shape_and_in_dutch() {
    let mut app = TestApp::new(Backend::Sqlite).await.expect("SQLite");
    app.add_routes(Table::new().get("/api/v1/paniek", paniek));
    let admin = person(
        app.db("limburg"),
        "beheer@limburg.example",
        Role::ProvinceAdmin,
    )
    .await;
    let big = "x".repeat(2 * 1024 * 1024);
    let (status, _, body) = api(
        &app,
        "POST",
        "/api/v1/tenants/limburg/organisations",
        admin.token.as_deref().expect("token"),
        &big,
    )
    .await;
    assert_eq!(status, 413);
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(json["error"], "payload_too_large");
    assert_eq!(json["message"], "De inhoud is te groot: hoogstens 1024 kB.");
    let request = Request::post("/api/v1/tenants")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .expect("request");
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, 405);
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(json["error"], "method_not_allowed");
    let (status, _, body) = app.get("/api/v1/paniek").await;
    assert_eq!(status, 500);
    let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(json["error"], "internal_error");
    assert_eq!(json["message"], "Er ging iets mis aan onze kant.");
    let request = Request::post("/limburg/aanmelden")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT_ENCODING, "gzip")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(big))
        .expect("request");
    let (status, headers, body) = app.send(request).await;
    assert_eq!(status, 413);
    assert!(
        headers.get(header::CONTENT_ENCODING).is_none(),
        "the page in Dutch is sent as it is, not labelled as the framework's compressed text"
    );
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .expect("text")
            .starts_with("text/html")
    );
    assert!(
        body.contains("De inhoud is te groot: hoogstens 1024 kB."),
        "{body}"
    );
}

#[tokio::test]
async fn metrics_need_the_configured_token() {
    let app = TestApp::new(Backend::Sqlite).await.expect("SQLite");
    let (status, _, _) = app.get("/metrics").await;
    assert_eq!(
        status, 404,
        "no token configured: not served on the public address"
    );
    let settings = HttpSettings {
        metrics_token: "geheim-metrics-token".to_string(),
        ..HttpSettings::default()
    };
    let app = TestApp::with_settings(Backend::Sqlite, settings)
        .await
        .expect("SQLite");
    let get = |token: &str| {
        Request::get("/metrics")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .expect("request")
    };
    let (status, _, _) = app.send(get("fout")).await;
    assert_eq!(status, 401);
    let (status, headers, _) = app.send(get("geheim-metrics-token")).await;
    assert_eq!(status, 200);
    assert_eq!(headers[header::CONTENT_TYPE], "text/plain; version=0.0.4");
}

#[tokio::test]
async fn the_openapi_document_states_what_the_server_takes() {
    let app = TestApp::new(Backend::Sqlite).await.expect("SQLite");
    let (status, doc) = app.get_json("/api/openapi.json").await;
    assert_eq!(status, 200);
    let params = doc["paths"]["/api/v1/search"]["get"]["parameters"]
        .as_array()
        .expect("parameters");
    let param = |name: &str| {
        params
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))["schema"]
            .clone()
    };
    assert_eq!(param("page")["minimum"], 1);
    assert_eq!(param("per_page")["minimum"], 1);
    assert_eq!(param("per_page")["maximum"], 100);
    assert!(
        param("kind")["enum"]
            .as_array()
            .is_some_and(|kinds| kinds.iter().any(|k| k == "maatwerkbedrijf")),
        "closed lists come from the domain"
    );
    // This server's five provinces, and the empty value a form sends for "none".
    assert!(
        param("portal")["enum"]
            .as_array()
            .is_some_and(|t| t.len() == 6
                && t.iter().any(|s| s == "limburg")
                && t.iter().any(|s| s == ""))
    );
    let create = &doc["paths"]["/api/v1/tenants/{tenant}/organisations/{slug}/offers"]["post"];
    assert_eq!(
        create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/OfferFields"
    );
    assert!(
        create["responses"]["400"].is_object(),
        "invalid_body is documented"
    );
    let fields = &doc["components"]["schemas"]["OfferFields"];
    assert_eq!(fields["additionalProperties"], false);
    assert!(
        fields["properties"]["category"]["enum"]
            .as_array()
            .is_some_and(|c| c.iter().any(|s| s == "handverpakking"))
    );

    // What the document refuses, the server refuses: an unknown field, a number, an empty page number.
    let db = app.db("limburg");
    let org = published_organisation(db, "Atelier Tongeren", "3700").await;
    let member = person(db, "lid@atelier.example", Role::Member(org.id)).await;
    let token = member.token.as_deref().expect("token");
    let offers = "/api/v1/tenants/limburg/organisations/atelier-tongeren/offers";
    let (status, _, body) = api(&app, "POST", offers, token, r#"{"titel":"Inpakken"}"#).await;
    assert_eq!(status, 400);
    assert!(body.contains("onbekend veld 'titel'"), "{body}");
    let (status, _, body) = api(&app, "POST", offers, token, r#"{"title":12}"#).await;
    assert_eq!(status, 400);
    assert!(body.contains("moet tekst zijn"), "{body}");
    let (status, body) = app
        .get_json("/api/v1/tenants/limburg/offers?per_page=")
        .await;
    assert_eq!(status, 400, "{body}");
}
