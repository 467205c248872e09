//! The portal pages: Dutch, accessible HTML that works without JavaScript.

use doeners_tests::{TestApp, on_both_backends};

fn assert_accessible_page(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "doctype");
    assert!(html.contains(r#"<html lang="nl">"#), "Dutch");
    assert!(html.contains(r#"name="viewport""#), "mobile viewport");
    assert!(
        html.contains("<header")
            && html.contains("<main")
            && html.contains("<footer")
            && html.contains("<nav"),
        "landmarks"
    );
    assert!(!html.contains("<script"), "works without JavaScript");
}

on_both_backends!(
    flanders_home_shows_the_five_provinces,
    |app: TestApp| async move {
        app.seed().await;
        let (status, content_type, html) = app.get("/").await;
        assert_eq!(status, 200);
        assert!(content_type.starts_with("text/html"));
        assert_accessible_page(&html);
        for slug in [
            "antwerpen",
            "limburg",
            "oost-vlaanderen",
            "vlaams-brabant",
            "west-vlaanderen",
        ] {
            assert!(html.contains(&format!(r#"href="/{slug}/""#)), "{slug}");
        }
        assert!(html.contains("Groen &amp; natuur"));
    }
);

on_both_backends!(
    province_home_shows_categories_and_recent_organisations,
    |app: TestApp| async move {
        app.seed().await;
        let (status, _, html) = app.get("/limburg/").await;
        assert_eq!(status, 200);
        assert_accessible_page(&html);
        assert!(html.contains("Welkom in limburg."), "intro");
        assert!(html.contains(r#"href="/limburg/aanbod?categorie=verpakken""#));
        assert!(html.contains("Recent toegevoegd"));
        assert!(html.contains("--brand:#00754a"), "branding colour");
        let (status, _, _) = app.get("/limburg").await;
        assert_eq!(status, 308, "without slash redirects");
    }
);

on_both_backends!(
    offers_page_filters_with_a_labelled_form,
    |app: TestApp| async move {
        app.seed().await;
        let (status, _, html) = app.get("/vlaams-brabant/aanbod?categorie=groen").await;
        assert_eq!(status, 200);
        assert_accessible_page(&html);
        assert!(
            html.contains(r#"<label for="categorie">"#)
                && html.contains(r#"<select id="categorie""#)
        );
        assert!(html.contains(r#"<option value="groen" selected>"#));
        assert!(html.contains("<h2>Groen &amp; natuur</h2>"));
        assert!(!html.contains("<h2>Verpakken"), "only the chosen group");
        let (status, _, html) = app.get("/vlaams-brabant/aanbod?categorie=tuinieren").await;
        assert_eq!(status, 400);
        assert!(html.contains("categorie"));
    }
);

on_both_backends!(
    organisation_profile_shows_offers_and_contact,
    |app: TestApp| async move {
        app.seed().await;
        let (_, body) = app
            .get_json("/api/v1/tenants/antwerpen/organisations?per_page=1")
            .await;
        let slug = body["items"][0]["slug"].as_str().expect("slug").to_string();
        let email = body["items"][0]["email"]
            .as_str()
            .expect("email")
            .to_string();
        let (status, _, html) = app.get(&format!("/antwerpen/organisaties/{slug}")).await;
        assert_eq!(status, 200);
        assert_accessible_page(&html);
        assert!(html.contains(&format!("mailto:{email}")));
        assert!(html.contains("<h2 id=\"aanbod\">Aanbod</h2>"));
        let (status, _, html) = app.get(&format!("/limburg/organisaties/{slug}")).await;
        assert_eq!(
            status, 404,
            "another province's organisation is not on this portal"
        );
        assert_accessible_page(&html);
    }
);

on_both_backends!(
    unknown_pages_answer_404_in_dutch,
    |app: TestApp| async move {
        let (status, _, html) = app.get("/gelderland/").await;
        assert_eq!(status, 404);
        assert!(html.contains("Onbekende provincie"));
        let (status, _, html) = app.get("/limburg/organisaties/Niet%20Geldig").await;
        assert_eq!(status, 404);
        assert!(html.contains("Niet gevonden"));
    }
);

on_both_backends!(
    portal_search_puts_its_province_first_and_explains_in_dutch,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let (status, _, html) = app.get("/limburg/zoeken").await;
        assert_eq!(status, 200);
        assert_accessible_page(&html);
        assert!(html.contains(r#"<label for="q">"#) && html.contains(r#"<label for="near">"#));
        assert!(html.contains("Alleen organisaties uit Limburg"));

        let (status, _, html) = app
            .get("/limburg/zoeken?q=kuisen+van+bureaus&near=3500")
            .await;
        assert_eq!(status, 200);
        assert_accessible_page(&html);
        assert!(html.contains("resultaten"));
        assert!(
            html.contains(" km, in Limburg, past bij: kuisen (= "),
            "explanation in Dutch"
        );
        assert!(
            html.contains("andere provincie"),
            "a partner across the border is shown"
        );
        assert!(
            html.contains("/limburg/zoeken?q=kuisen+van+bureaus&amp;near=3500&amp;group="),
            "facets are links"
        );

        let (status, _, only) = app
            .get("/limburg/zoeken?q=kuisen+van+bureaus&near=3500&alleen=1")
            .await;
        assert_eq!(status, 200);
        assert!(!only.contains("andere provincie"), "only this province");
    }
);

on_both_backends!(
    a_search_nobody_can_answer_says_so_and_invites_a_question,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let (status, _, html) = app.get("/limburg/zoeken?q=schoorsteen+vegen").await;
        assert_eq!(status, 200);
        assert_accessible_page(&html);
        assert!(
            html.contains("<title>Zoeken: schoorsteen vegen · "),
            "the query in the title"
        );
        assert!(html.contains("Niemand biedt dit aan."), "{html}");
        assert!(
            html.contains(r#"href="/limburg/vragen/nieuw""#),
            "the next step"
        );
        assert!(!html.contains(r#"<article class="offer">"#) || html.contains("Misschien zoekt u"));
        let (status, _, body) = app.get("/api/v1/search?q=schoorsteen+vegen").await;
        assert_eq!(status, 200);
        let answer: serde_json::Value = serde_json::from_str(&body).expect("json");
        assert_eq!(answer["total"], 0);
        assert_eq!(answer["hits"].as_array().map(Vec::len), Some(0));
        assert!(
            answer["unmatched"]
                .as_array()
                .is_some_and(|words| words.iter().any(|w| w == "schoorsteen")),
            "{answer}"
        );
        assert!(answer["related"].is_array());
        let (_, _, html) = app.get("/zoeken?q=kinderopvang").await;
        assert!(
            html.contains(r#"href="/west-vlaanderen/vragen/nieuw""#),
            "Flanders-wide: a question goes to a province"
        );
    }
);

on_both_backends!(
    flanders_search_shows_every_province_and_names_bad_input,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let (status, _, html) = app.get("/zoeken?q=fietsherstel").await;
        assert_eq!(status, 200);
        assert_accessible_page(&html);
        assert!(html.contains("Provincie"), "province facet");
        let (status, _, html) = app.get("/zoeken?q=fiets&near=9999").await;
        assert_eq!(status, 400);
        assert!(html.contains("role=\"alert\"") && html.contains("onbekende postcode 9999"));
        assert!(html.contains(r#"value="fiets""#), "what was typed is kept");
        let (status, _, html) = app.get("/zoeken?q=fiets&near=Hasselt+centrum").await;
        assert_eq!(status, 400);
        assert!(
            html.contains("We kennen de plaats") && html.contains("Bedoelt u Hasselt?"),
            "a place not understood, in plain Dutch with places alike"
        );
        assert!(!html.contains("parameter"), "no parameter names on a page");
    }
);

/// Every answer, page or API, forbids scripts, framing and content sniffing; HSTS only when configured.
#[tokio::test]
async fn every_answer_carries_the_security_headers() {
    use tower::ServiceExt;
    let Some(app) = TestApp::new(doeners_tests::Backend::Sqlite).await else {
        return;
    };
    for uri in [
        "/",
        "/limburg/",
        "/zoeken?q=kuisen",
        "/api/v1/tenants",
        "/bestaat-niet",
    ] {
        let response = app
            .router
            .clone()
            .oneshot(
                axum::http::Request::get(uri)
                    .body(axum::body::Body::empty())
                    .expect("request"),
            )
            .await
            .expect("infallible");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let csp = header("content-security-policy");
        assert!(csp.contains("script-src 'none'"), "{uri}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{uri}");
        assert_eq!(header("x-frame-options"), "DENY", "{uri}");
        assert_eq!(
            header("referrer-policy"),
            "strict-origin-when-cross-origin",
            "{uri}"
        );
        assert_eq!(
            header("strict-transport-security"),
            "",
            "{uri}: no HSTS over plain HTTP"
        );
    }
}
