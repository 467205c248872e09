//! `GET /api/v1/search` through the router, on both backends, with the index kept by the projector.

use doeners_persistence::import::{self, ImportFile};
use doeners_tests::{TestApp, on_both_backends};
use serde_json::Value;

fn hits(body: &Value) -> &Vec<Value> {
    body["hits"].as_array().expect("hits")
}

on_both_backends!(
    a_limburg_company_finds_cleaning_near_hasselt_also_across_the_border,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let (status, body) = app
            .get_json(
                "/api/v1/search?q=kuisen%20van%20bureaus&near=3500&portal=limburg&per_page=50",
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(body["total"].as_u64().expect("total") > 0);
        let first = &hits(&body)[0];
        assert_eq!(first["group"], "schoonmaak", "{first}");
        for hit in hits(&body) {
            let text = hit["explanation"]["text"].as_str().expect("explained");
            assert!(text.contains(" km") && text.contains("in "), "{text}");
            assert!(hit["distance_km"].is_number());
        }
        assert!(
            hits(&body)
                .iter()
                .any(|h| h["crosses_border"] == true && h["province"] != "limburg")
        );
        assert!(
            first["explanation"]["text"]
                .as_str()
                .expect("text")
                .contains("kuisen (= "),
            "{first}"
        );
        assert!(body["facets"]["province"].is_object());

        let (_, misspelt) = app
            .get_json("/api/v1/search?q=kuizen%20bureaus&near=Hasselt&portal=limburg")
            .await;
        assert!(misspelt["total"].as_u64().expect("total") > 0);
        assert!(hits(&misspelt).iter().any(|h| h["group"] == "schoonmaak"));
    }
);

on_both_backends!(
    a_place_typed_in_the_query_is_read_as_where_the_work_is,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let (status, body) = app
            .get_json("/api/v1/search?q=kuisen%20van%20bureaus%20regio%20Hasselt&portal=limburg")
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["near_from_query"], "Hasselt", "{body}");
        assert!(!hits(&body).is_empty());
        assert!(hits(&body).iter().all(|h| h["distance_km"].is_number()));
        let (_, given) = app
            .get_json("/api/v1/search?q=kuisen%20van%20bureaus&near=3500&portal=limburg")
            .await;
        assert!(given["near_from_query"].is_null(), "{given}");
        let (status, _, page) = app
            .get("/limburg/zoeken?q=kuisen+van+bureaus+in+Hasselt")
            .await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Gezocht in de buurt van <strong>Hasselt</strong>"),
            "{page}"
        );
    }
);

on_both_backends!(
    bad_search_parameters_name_the_parameter,
    |app: TestApp| async move {
        for (query, parameter, words) in [
            ("near=9999", "near", "onbekende postcode 9999"),
            ("near=Atlantis", "near", "onbekende gemeente"),
            ("radius_km=10", "radius_km", "near"),
            ("near=3500&radius_km=0", "radius_km", "kilometer"),
            ("group=tuinieren", "group", "onbekende groep"),
            (
                "category=x&category=groen",
                "category",
                "onbekende categorie",
            ),
            ("province=gelderland", "province", "onbekende provincie"),
            ("portal=gelderland", "portal", "onbekende provincie"),
            ("per_page=0", "per_page", "1 tot 100"),
        ] {
            let (status, body) = app.get_json(&format!("/api/v1/search?{query}")).await;
            assert_eq!(status, 400, "{query}: {body}");
            let message = body["message"].as_str().expect("message");
            assert!(
                message.contains(&format!("'{parameter}'")) && message.contains(words),
                "{query}: {message}"
            );
        }
    }
);

on_both_backends!(nothing_typed_makes_search_fail, |app: TestApp| async move {
    app.seed().await;
    app.index().await;
    let long = "a".repeat(199);
    for q in [
        "",
        "%22",
        "((",
        "*",
        "%E2%9C%93",
        "OR%20AND",
        "van%20de",
        "%00",
        long.as_str(),
        "fiets%20",
    ] {
        let (status, body) = app.get_json(&format!("/api/v1/search?q={q}")).await;
        assert_eq!(status, 200, "{q}: {body}");
    }
    let (status, _) = app
        .get_json(&format!("/api/v1/search?q={}", "a".repeat(201)))
        .await;
    assert_eq!(status, 400);
});

on_both_backends!(
    an_imported_offer_is_searchable_and_a_changed_one_updates,
    |app: TestApp| async move {
        app.index().await;
        let orgs = "ref,name,kind,enterprise_number,street,postal_code,municipality,website,email,phone,employees,description\n\
                z1,Zeepziederij Zonhoven,sociale-onderneming,,Dorp 1,3520,,,,,,\n";
        let offers = "organisation_ref,title,category,execution_mode,service_area,description\n\
                  z1,Ambachtelijke zeep,streekproducten,producten,flanders,Zeep van geitenmelk\n";
        let batch = import::parse(
            ImportFile {
                name: "o.csv",
                bytes: orgs.as_bytes(),
            },
            Some(ImportFile {
                name: "a.csv",
                bytes: offers.as_bytes(),
            }),
        )
        .expect("valid");
        app.db("limburg").upsert(&batch).await.expect("import");
        let (_, before) = app.get_json("/api/v1/search?q=geitenmelk").await;
        assert_eq!(before["total"], 0, "not indexed before the projector runs");
        app.index().await;
        let (_, after) = app.get_json("/api/v1/search?q=geitenmelk").await;
        assert_eq!(after["total"], 1);
        assert_eq!(
            hits(&after)[0]["organisation"]["url"],
            "/limburg/organisaties/zeepziederij-zonhoven"
        );

        let changed = offers.replace("geitenmelk", "schapenmelk");
        let batch = import::parse(
            ImportFile {
                name: "o.csv",
                bytes: orgs.as_bytes(),
            },
            Some(ImportFile {
                name: "a.csv",
                bytes: changed.as_bytes(),
            }),
        )
        .expect("valid");
        app.db("limburg").upsert(&batch).await.expect("import");
        app.index().await;
        let (_, old) = app.get_json("/api/v1/search?q=geitenmelk").await;
        let (_, new) = app.get_json("/api/v1/search?q=schapenmelk").await;
        assert_eq!(
            (old["total"].as_u64(), new["total"].as_u64()),
            (Some(0), Some(1))
        );
    }
);

on_both_backends!(
    portal_searches_are_recorded_and_zero_results_are_countable,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let _ = app
            .get_json("/api/v1/search?q=groenonderhoud&portal=limburg")
            .await;
        let _ = app
            .get_json("/api/v1/search?q=ruimtevaart&portal=limburg")
            .await;
        let _ = app.get("/limburg/zoeken?q=onderwaterlassen").await;
        let _ = app
            .get_json("/api/v1/search?q=groenonderhoud&portal=antwerpen")
            .await;
        let since = chrono_since();
        let mut counts = Default::default();
        for _ in 0..200 {
            counts = app
                .db("limburg")
                .search_counts(since)
                .await
                .expect("counts");
            if counts.searches >= 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(
            counts,
            doeners_persistence::SearchCounts {
                searches: 1,
                without_results: 1
            },
            "only the search asked on Limburg's portal is Limburg's; API searches are the API's"
        );
        let antwerpen = app
            .db("antwerpen")
            .search_counts(since)
            .await
            .expect("counts");
        assert_eq!(
            antwerpen.searches, 0,
            "an API search naming a portal is no search of that province"
        );
    }
);

on_both_backends!(
    flanders_wide_searches_are_recorded_in_the_federation_database,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let _ = app.get("/zoeken?q=groenonderhoud").await;
        let _ = app.get_json("/api/v1/search?q=ruimtevaart").await;
        let since = chrono_since();
        let federation = app.state.federation().database();
        let mut counts = Default::default();
        for _ in 0..200 {
            counts = federation.search_counts(since).await.expect("counts");
            if counts.searches >= 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert_eq!(
            counts,
            doeners_persistence::SearchCounts {
                searches: 2,
                without_results: 1
            }
        );
        for tenant in app.state.tenants() {
            let here = tenant
                .database()
                .search_counts(since)
                .await
                .expect("counts");
            assert_eq!(here.searches, 0, "no province counts them");
        }
    }
);

fn chrono_since() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() - chrono::Duration::hours(1)
}
