//! What a buyer reads on an organisation's profile beside its offers: how to reach it first, its capacity,
//! certificates and references, and what working with its kind of organisation means.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use doeners_domain::access::Role;
use doeners_tests::{
    TestApp, on_both_backends,
    people::{person, published_organisation},
};

on_both_backends!(
    capacity_certificates_and_references_are_kept_and_shown_on_the_profile,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let admin = person(db, "beheer@limburg.example", Role::ProvinceAdmin).await;
        let org = published_organisation(db, "De Beuk", "3600").await;
        let path = format!("/limburg/organisaties/{}/details", org.slug);

        let too_many = "label\n".repeat(13);
        let (status, _, page) = app
            .post_form_as(
                &path,
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("capacity", "200 dozen per dag"),
                    ("certificates", &too_many),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(
            page.contains("Hoogstens 12 certificaten"),
            "a sentence: {page}"
        );
        assert!(
            page.contains(r#"aria-describedby="certificates-problem""#),
            "tied to its field"
        );
        assert!(page.contains("200 dozen per dag"), "what was typed stays");
        assert!(
            db.details_of(org.id).await.expect("read").is_empty(),
            "nothing saved"
        );

        let (status, headers, _) = app
            .post_form_as(
                &path,
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("capacity", "200 dozen per dag, 30 medewerkers"),
                    ("certificates", "ISO 9001\nVCA"),
                    ("references", "Brouwerij Martens, geschenkdozen sinds 2021"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        assert!(
            headers
                .get("location")
                .and_then(|l| l.to_str().ok())
                .is_some_and(|l| l.ends_with("?bewaard=details"))
        );
        let (_, _, profile) = app
            .get(&format!("/limburg/organisaties/{}", org.slug))
            .await;
        for shown in [
            "200 dozen per dag, 30 medewerkers",
            "<li>ISO 9001</li>",
            "<li>VCA</li>",
            "Brouwerij Martens, geschenkdozen sinds 2021",
            "Neem contact op",
            "Samenwerken met een maatwerkbedrijf",
        ] {
            assert!(profile.contains(shown), "{shown}");
        }
        // The contact comes before the offers.
        let contact = profile.find("Neem contact op").expect("contact");
        let offers = profile.find(r#"id="aanbod""#).expect("offers");
        assert!(contact < offers, "contact first");
    }
);
