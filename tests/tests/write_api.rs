//! API tokens and the write API: a token made on the account page is shown once, acts with its account's
//! rights in its own province only, and stops at revocation; bodies are checked by the import's own rules.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use axum::{body::Body, http::Request};
use doeners_domain::{OfferStatus, access::Role};
use doeners_persistence::import::{ImportFile, parse};
use doeners_tests::{
    TestApp, on_both_backends,
    people::{offer, person, published_organisation},
};

async fn call(
    app: &TestApp,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, serde_json::Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let (status, _, text) = app
        .send(request.body(Body::from(body.to_string())).expect("request"))
        .await;
    let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
    (status, json)
}

on_both_backends!(
    a_members_token_writes_its_organisations_offers_and_nothing_else,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let org = published_organisation(db, "Atelier Maasmechelen", "3630").await;
        let withdrawn = offer(
            db,
            org.id,
            "Oude stoelen herstellen",
            OfferStatus::Withdrawn,
        )
        .await;
        let member = person(db, "lid@atelier.example", Role::Member(org.id)).await;

        let (status, _, page) = app
            .post_form_as(
                "/limburg/account/api-sleutels",
                &member.cookie,
                &[("csrf", &member.csrf), ("name", "voorraadbeheer")],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        let start = page.find("dnr_limburg_").expect("the token is shown");
        let token: String = page[start..].chars().take_while(|c| *c != '<').collect();
        let (_, _, account_page) = app.get_as("/limburg/account", &member.cookie).await;
        assert!(
            account_page.contains("voorraadbeheer") && !account_page.contains(&token),
            "shown once"
        );

        let offers = format!("/api/v1/tenants/limburg/organisations/{}/offers", org.slug);
        let (status, list) = call(&app, "GET", &offers, Some(&token), "").await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(
            list[0]["status"], "withdrawn",
            "members see withdrawn offers"
        );

        let (status, body) = call(&app, "GET", &offers, None, "").await;
        assert_eq!(
            (status, body["error"].as_str()),
            (401, Some("unauthorized"))
        );
        let (status, _) = call(&app, "GET", &offers, Some("dnr_limburg_verzonnen"), "").await;
        assert_eq!(status, 401);
        let stranger = person(
            app.db("antwerpen"),
            "lid@antwerpen.example",
            Role::Member(org.id),
        )
        .await;
        let (status, body) = call(&app, "GET", &offers, stranger.token.as_deref(), "").await;
        assert_eq!(
            status, 404,
            "another province's token finds nothing here: {body}"
        );

        let (status, body) = call(&app, "POST", &offers, Some(&token), "{\"title\": [1]}").await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some("invalid_body"))
        );
        let bad = r#"{"title": "Stoelen matten", "category": "vliegen", "execution_mode": "eigen-atelier", "service_area": "vlaanderen"}"#;
        let (status, body) = call(&app, "POST", &offers, Some(&token), bad).await;
        assert_eq!(status, 422, "{body}");
        let problem = &body["problems"][0];
        assert_eq!(problem["field"], "category");
        let csv = "ref,name,kind,enterprise_number,street,postal_code,municipality,website,email,phone,employees,description\n\
                   a,Atelier,maatwerkbedrijf,,Straat 1,3630,,,,,,\n";
        let offers_csv = "organisation_ref,title,category,execution_mode,service_area,description\na,Stoelen matten,vliegen,eigen-atelier,vlaanderen,\n";
        let import_errors = parse(
            ImportFile {
                name: "organisaties.csv",
                bytes: csv.as_bytes(),
            },
            Some(ImportFile {
                name: "aanbod.csv",
                bytes: offers_csv.as_bytes(),
            }),
        )
        .expect_err("the import refuses it too");
        assert_eq!(
            problem["message"], import_errors[0].reason,
            "the same words as the import"
        );

        let good = r#"{"title": "Stoelen matten", "category": "houtbewerking", "execution_mode": "eigen-atelier", "service_area": "vlaanderen", "description": "Riet en bies."}"#;
        let (status, created) = call(&app, "POST", &offers, Some(&token), good).await;
        assert_eq!(status, 201, "{created}");
        let (status, _) = call(&app, "POST", &offers, Some(&token), good).await;
        assert_eq!(status, 409, "one title per organisation");
        let one = format!("{offers}/{}", withdrawn.offer.id);
        let (status, published) =
            call(&app, "POST", &format!("{one}/publish"), Some(&token), "").await;
        assert_eq!(
            (status, published["status"].as_str()),
            (200, Some("published"))
        );
        app.index().await;
        let (_, found) = app.get_json("/api/v1/search?q=stoelen").await;
        assert_eq!(found["total"], 2, "both offers are public now: {found}");

        // A member withdraws and republishes its organisation; only administrators add organisations.
        let org_uri = format!("/api/v1/tenants/limburg/organisations/{}", org.slug);
        let (status, _) = call(
            &app,
            "POST",
            &format!("{org_uri}/withdraw"),
            Some(&token),
            "",
        )
        .await;
        assert_eq!(status, 200);
        app.index().await;
        let (_, found) = app.get_json("/api/v1/search?q=stoelen").await;
        assert_eq!(
            found["total"], 0,
            "a withdrawn organisation leaves search with its offers"
        );
        let (status, body) = call(
            &app,
            "POST",
            &format!("{org_uri}/publish"),
            Some(&token),
            "",
        )
        .await;
        assert_eq!(
            (status, body["slug"].as_str()),
            (200, Some(org.slug.as_str()))
        );
        let new_org = r#"{"name": "Werkplaats Lanaken", "kind": "maatwerkafdeling", "street": "Brugstraat 2", "postal_code": "3620"}"#;
        let (status, _) = call(
            &app,
            "POST",
            "/api/v1/tenants/limburg/organisations",
            Some(&token),
            new_org,
        )
        .await;
        assert_eq!(status, 403, "a member does not add organisations");
        let admin = person(db, "beheer@limburg.example", Role::ProvinceAdmin).await;
        let (status, created) = call(
            &app,
            "POST",
            "/api/v1/tenants/limburg/organisations",
            admin.token.as_deref(),
            new_org,
        )
        .await;
        assert_eq!(
            (status, created["name"].as_str()),
            (201, Some("Werkplaats Lanaken")),
            "{created}"
        );
        let (status, _) = app
            .get_json("/api/v1/tenants/limburg/organisations/werkplaats-lanaken")
            .await;
        assert_eq!(status, 200, "published at once");

        let log = db.audit_log(50).await.expect("log");
        assert!(log.iter().any(|e| e.action == "api-token.created"));
        assert!(
            log.iter()
                .any(|e| e.action == "offer.created" && e.detail["via"] == "api")
        );

        let token_id = db.api_tokens_of(member.account).await.expect("tokens")[1].id;
        let (status, _, _) = app
            .post_form_as(
                &format!("/limburg/account/api-sleutels/{token_id}/intrekken"),
                &member.cookie,
                &[("csrf", &member.csrf)],
            )
            .await;
        assert_eq!(status, 303);
        let (status, _) = call(&app, "GET", &offers, Some(&token), "").await;
        assert_eq!(status, 401, "a revoked token stops working");
    }
);
