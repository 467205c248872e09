//! The public JSON API through the router in-process, on both backends.

use doeners_tests::{PROVINCES, TestApp, on_both_backends};
use serde_json::Value;

fn items(body: &Value) -> &Vec<Value> {
    body["items"].as_array().expect("items array")
}

on_both_backends!(
    tenants_lists_the_five_provinces,
    |app: TestApp| async move {
        let (status, body) = app.get_json("/api/v1/tenants").await;
        assert_eq!(status, 200);
        let slugs: Vec<&str> = body
            .as_array()
            .expect("array")
            .iter()
            .map(|t| t["slug"].as_str().expect("slug"))
            .collect();
        assert_eq!(slugs, PROVINCES.iter().map(|(s, _)| *s).collect::<Vec<_>>());
    }
);

on_both_backends!(categories_list_the_taxonomy, |app: TestApp| async move {
    let (status, body) = app.get_json("/api/v1/categories").await;
    assert_eq!(status, 200);
    let groups = body.as_array().expect("array");
    assert_eq!(groups.len(), 13);
    assert_eq!(groups[0]["slug"], "verpakken");
    assert_eq!(groups[0]["categories"][0]["slug"], "handverpakking");
});

on_both_backends!(
    limburg_answers_only_limburg_organisations,
    |app: TestApp| async move {
        app.seed().await;
        let (_, antwerpen) = app
            .get_json("/api/v1/tenants/antwerpen/organisations?per_page=100")
            .await;
        let antwerpen_slugs: Vec<&str> = items(&antwerpen)
            .iter()
            .map(|o| o["slug"].as_str().expect("slug"))
            .collect();
        let (status, body) = app
            .get_json("/api/v1/tenants/limburg/organisations?per_page=100")
            .await;
        assert_eq!(status, 200);
        assert!(body["total"].as_u64().expect("total") >= 40);
        for org in items(&body) {
            assert_eq!(org["address"]["province"], "limburg", "{org}");
            assert!(!antwerpen_slugs.contains(&org["slug"].as_str().expect("slug")));
        }
        // Antwerpen's organisation is not reachable through Limburg's path.
        let foreign = antwerpen_slugs
            .iter()
            .find(|s| !body.to_string().contains(*s))
            .expect("an Antwerpen slug");
        let (status, err) = app
            .get_json(&format!("/api/v1/tenants/limburg/organisations/{foreign}"))
            .await;
        assert_eq!(status, 404);
        assert_eq!(err["error"], "organisation_not_found");
    }
);

on_both_backends!(
    unknown_tenant_and_object_answer_404_in_the_error_shape,
    |app: TestApp| async move {
        for uri in [
            "/api/v1/tenants/gelderland/organisations",
            "/api/v1/tenants/gelderland/offers",
            "/api/v1/tenants/gelderland/organisations/x",
        ] {
            let (status, body) = app.get_json(uri).await;
            assert_eq!(status, 404, "{uri}");
            assert_eq!(body["error"], "tenant_not_found", "{uri}");
            assert!(
                body["message"]
                    .as_str()
                    .expect("message")
                    .contains("gelderland")
            );
        }
        let (status, body) = app
            .get_json("/api/v1/tenants/limburg/organisations/bestaat-niet")
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (404, Some("organisation_not_found"))
        );
        let (status, body) = app.get_json("/api/v1/nergens").await;
        assert_eq!((status, body["error"].as_str()), (404, Some("not_found")));
    }
);

on_both_backends!(
    invalid_queries_name_the_parameter,
    |app: TestApp| async move {
        for (query, parameter) in [
            ("page=0", "page"),
            ("page=twee", "page"),
            ("per_page=1000", "per_page"),
            ("kind=vzw", "kind"),
            ("category=tuinieren", "category"),
        ] {
            let (status, body) = app
                .get_json(&format!("/api/v1/tenants/limburg/organisations?{query}"))
                .await;
            assert_eq!(status, 400, "{query}");
            assert_eq!(body["error"], "invalid_parameter");
            assert!(
                body["message"]
                    .as_str()
                    .expect("message")
                    .contains(&format!("'{parameter}'")),
                "{body}"
            );
        }
        let (status, body) = app
            .get_json("/api/v1/tenants/limburg/offers?category=%ff%fe")
            .await;
        assert_eq!(status, 400, "{body}");
    }
);

on_both_backends!(
    organisations_filter_and_show_their_offers,
    |app: TestApp| async move {
        app.seed().await;
        let (status, body) = app
            .get_json(
                "/api/v1/tenants/west-vlaanderen/organisations?kind=maatwerkbedrijf&per_page=5",
            )
            .await;
        assert_eq!(status, 200);
        assert!(items(&body).len() <= 5);
        assert!(items(&body).iter().all(|o| o["kind"] == "maatwerkbedrijf"));
        let slug = items(&body)[0]["slug"].as_str().expect("slug").to_string();
        let (status, detail) = app
            .get_json(&format!(
                "/api/v1/tenants/west-vlaanderen/organisations/{slug}"
            ))
            .await;
        assert_eq!(status, 200);
        assert_eq!(detail["slug"], slug.as_str());
        assert!(!detail["offers"].as_array().expect("offers").is_empty());
        assert!(detail["offers"][0]["service_area_label"].is_string());

        let (status, offers) = app
            .get_json("/api/v1/tenants/west-vlaanderen/offers?category=schoonmaak&per_page=100")
            .await;
        assert_eq!(status, 200);
        assert!(items(&offers).iter().all(|o| o["group"] == "schoonmaak"));
        assert!(
            items(&offers)
                .iter()
                .all(|o| o["organisation"]["slug"].is_string())
        );
    }
);

on_both_backends!(
    openapi_documents_every_api_route,
    |app: TestApp| async move {
        let (status, doc) = app.get_json("/api/openapi.json").await;
        assert_eq!(status, 200);
        assert!(doc["openapi"].as_str().expect("version").starts_with("3."));
        for path in [
            "/api/v1/tenants",
            "/api/v1/categories",
            "/api/v1/tenants/{tenant}/organisations",
            "/api/v1/tenants/{tenant}/organisations/{slug}",
            "/api/v1/tenants/{tenant}/offers",
        ] {
            assert!(doc["paths"][path]["get"].is_object(), "{path} documented");
        }
        assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
        let (status, content_type, html) = app.get("/api/docs").await;
        assert_eq!(status, 200);
        assert!(content_type.starts_with("text/html"));
        assert!(html.contains("/api/v1/tenants/{tenant}/offers"));
    }
);
