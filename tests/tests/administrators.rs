//! What a province's administrators read and use: the audit log as Dutch sentences in Brussels time, with names
//! only for the province's own administrators; the organisation list searched and filtered; the header's link
//! to their tools.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use doeners_domain::access::Role;
use doeners_tests::{
    TestApp, on_both_backends,
    people::{draft_organisation, flanders_admin, person, published_organisation},
};

on_both_backends!(
    the_audit_log_reads_as_sentences_with_names_only_for_the_province,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let admin = person(db, "beheer@limburg.example", Role::ProvinceAdmin).await;
        let org = published_organisation(db, "De Beuk", "3600").await;
        let manage = format!("/limburg/organisaties/{}/beheren", org.slug);
        let (status, headers, _) = app
            .post_form_as(
                &format!("/limburg/organisaties/{}/aanbod", org.slug),
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("title", "Handverpakking"),
                    ("category", "handverpakking"),
                    ("execution_mode", "eigen-atelier"),
                    ("area", "straal"),
                    ("area_km", "25"),
                    ("description", "Met de hand verpakken."),
                ],
            )
            .await;
        assert_eq!(status, 303);
        assert_eq!(
            headers.get("location").and_then(|l| l.to_str().ok()),
            Some(format!("{manage}?bewaard=nieuw-aanbod").as_str())
        );

        let (status, _, log) = app.get_as("/limburg/beheer/logboek", &admin.cookie).await;
        assert_eq!(status, 200);
        assert!(
            log.contains("beheer@limburg.example (beheerder Limburg) voegde het aanbod 'Handverpakking' van De Beuk toe."),
            "{log}"
        );
        assert!(!log.contains("offer.created"), "no raw codes");
        assert!(!log.contains(&org.id.to_string()), "no identifiers");
        // A Brussels time: a month in Dutch and hours and minutes.
        assert!(
            [
                "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"
            ]
            .iter()
            .any(|m| log.contains(&format!(" {m} 20"))),
            "a Dutch date"
        );

        // The console sees the same sentence with the role and without the address.
        let federation = &**app.state.federation().database();
        let flanders = flanders_admin(federation, "vlaanderen@doeners.example").await;
        let (status, _, console) = app.get_as("/admin/limburg/logboek", &flanders.cookie).await;
        assert_eq!(status, 200);
        assert!(
            console.contains("Een beheerder van Limburg voegde het aanbod"),
            "{console}"
        );
        assert!(
            !console.contains("beheer@limburg.example"),
            "no names in the console"
        );
    }
);

on_both_backends!(
    administrators_search_and_filter_the_organisations_and_find_their_tools_in_the_header,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let admin = person(db, "beheer@limburg.example", Role::ProvinceAdmin).await;
        published_organisation(db, "De Beuk", "3600").await;
        published_organisation(db, "Groenwerk Hasselt", "3500").await;
        draft_organisation(db, "Nieuwe Werkplaats", "3600").await;

        let names = |page: &str| {
            ["De Beuk", "Groenwerk Hasselt", "Nieuwe Werkplaats"]
                .into_iter()
                .filter(|n| page.contains(&format!(">{n}</a>")))
                .collect::<Vec<_>>()
        };
        let (status, _, page) = app
            .get_as("/limburg/beheer/organisaties?q=beuk", &admin.cookie)
            .await;
        assert_eq!(status, 200);
        assert_eq!(names(&page), ["De Beuk"], "a part of the name, any case");
        let (_, _, page) = app
            .get_as("/limburg/beheer/organisaties?q=3600", &admin.cookie)
            .await;
        assert_eq!(
            names(&page),
            ["De Beuk", "Nieuwe Werkplaats"],
            "a postal code"
        );
        let (_, _, page) = app
            .get_as("/limburg/beheer/organisaties?status=draft", &admin.cookie)
            .await;
        assert_eq!(names(&page), ["Nieuwe Werkplaats"], "a status");
        let (_, _, page) = app
            .get_as("/limburg/beheer/organisaties?q=100%25_", &admin.cookie)
            .await;
        assert!(names(&page).is_empty(), "LIKE's wildcards are letters here");
        assert!(page.contains("Geen organisatie past bij"));

        // The header links the tools for the administrator, and for no one else.
        assert!(page.contains(r#"href="/limburg/beheer""#));
        let (status, _, tools) = app.get_as("/limburg/beheer", &admin.cookie).await;
        assert_eq!(status, 200);
        assert!(tools.contains(r#"href="/limburg/beheer/logboek""#));
        let company = person(db, "inkoop@bedrijf.example", Role::Company).await;
        let (_, _, home) = app.get_as("/limburg/", &company.cookie).await;
        assert!(!home.contains(r#"href="/limburg/beheer""#));
    }
);
