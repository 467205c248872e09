//! A company keeps organisations (of any province) and searches on its account; a saved search that asked for
//! it sends one e-mail a day naming only offers it did not show before. Both leave with the account's data.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use chrono::TimeZone;
use doeners_domain::{OfferStatus, access::Role};
use doeners_tests::{
    TestApp,
    mail::all,
    on_both_backends,
    people::{offer, person, published_organisation},
};

on_both_backends!(
    a_company_saves_an_organisation_of_another_province_and_removes_it,
    |app: TestApp| async move {
        let limburg = app.db("limburg");
        let company = person(limburg, "inkoop@bedrijf.example", Role::Company).await;
        let elsewhere =
            published_organisation(app.db("vlaams-brabant"), "De Vlinder", "3000").await;
        let reference = format!("vlaams-brabant/{}", elsewhere.slug);

        let (status, _, profile) = app
            .get_as(
                &format!("/vlaams-brabant/organisaties/{}", elsewhere.slug),
                &company.cookie,
            )
            .await;
        assert_eq!(status, 200);
        assert!(profile.contains(&format!("/limburg/account/bewaard?organisatie={reference}")));
        let (status, _, form) = app
            .get_as(
                &format!("/limburg/account/bewaard?organisatie={reference}"),
                &company.cookie,
            )
            .await;
        assert_eq!(status, 200);
        assert!(form.contains("De Vlinder"));
        let (status, headers, _) = app
            .post_form_as(
                "/limburg/account/bewaard",
                &company.cookie,
                &[("csrf", &company.csrf), ("organisation", &reference)],
            )
            .await;
        assert_eq!(status, 303);
        let back = headers
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default();
        let (_, _, account) = app.get_as(back, &company.cookie).await;
        assert!(account.contains("De organisatie is bewaard."));
        assert!(account.contains(&format!(
            r#"href="/vlaams-brabant/organisaties/{}""#,
            elsewhere.slug
        )));
        // Saving it twice keeps one.
        app.post_form_as(
            "/limburg/account/bewaard",
            &company.cookie,
            &[("csrf", &company.csrf), ("organisation", &reference)],
        )
        .await;
        let saved = limburg
            .saved_organisations(company.account)
            .await
            .expect("read");
        assert_eq!(saved.len(), 1);

        // An organisation that does not exist is named, and nothing is saved.
        let (status, _, page) = app
            .post_form_as(
                "/limburg/account/bewaard",
                &company.cookie,
                &[
                    ("csrf", &company.csrf),
                    ("organisation", "vlaams-brabant/bestaat-niet"),
                ],
            )
            .await;
        assert_eq!(status, 422);
        assert!(page.contains("bestaat niet of is niet gepubliceerd"));

        // Only a company saves; another company's id removes nothing.
        let admin = person(limburg, "beheer@limburg.example", Role::ProvinceAdmin).await;
        let (status, _, _) = app
            .get_as(
                &format!("/limburg/account/bewaard?organisatie={reference}"),
                &admin.cookie,
            )
            .await;
        assert_eq!(status, 403);
        let other = person(limburg, "ander@bedrijf.example", Role::Company).await;
        app.post_form_as(
            &format!("/limburg/account/bewaard/{}/verwijderen", saved[0].id),
            &other.cookie,
            &[("csrf", &other.csrf)],
        )
        .await;
        assert_eq!(
            limburg
                .saved_organisations(company.account)
                .await
                .expect("read")
                .len(),
            1
        );
        let (status, _, _) = app
            .post_form_as(
                &format!("/limburg/account/bewaard/{}/verwijderen", saved[0].id),
                &company.cookie,
                &[("csrf", &company.csrf)],
            )
            .await;
        assert_eq!(status, 303);
        assert!(
            limburg
                .saved_organisations(company.account)
                .await
                .expect("read")
                .is_empty()
        );
    }
);

on_both_backends!(
    a_saved_search_mails_once_a_day_about_new_offers_only,
    |app: TestApp| async move {
        let limburg = app.db("limburg");
        let company = person(limburg, "inkoop@bedrijf.example", Role::Company).await;
        let org = published_organisation(limburg, "De Beuk", "3600").await;
        offer(
            limburg,
            org.id,
            "Geschenkdozen vullen",
            OfferStatus::Published,
        )
        .await;
        app.index().await;

        let (_, _, results) = app
            .get_as("/limburg/zoeken?q=geschenkdozen&near=3500", &company.cookie)
            .await;
        assert!(
            results.contains("Bewaar deze zoekopdracht"),
            "a company may save the search"
        );
        let (status, headers, _) = app
            .post_form_as(
                "/limburg/account/zoekopdrachten",
                &company.cookie,
                &[
                    ("csrf", &company.csrf),
                    ("q", "geschenkdozen"),
                    ("near", "3500"),
                    ("alert", "1"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let back = headers
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or_default();
        let (_, _, page) = app.get_as(back, &company.cookie).await;
        assert!(page.contains("De zoekopdracht is bewaard."));
        // The same search saved again (a double click) stays one search.
        app.post_form_as(
            "/limburg/account/zoekopdrachten",
            &company.cookie,
            &[
                ("csrf", &company.csrf),
                ("q", "Geschenkdozen"),
                ("near", "3500"),
                ("alert", "1"),
            ],
        )
        .await;
        assert_eq!(
            limburg
                .saved_searches(company.account)
                .await
                .expect("read")
                .len(),
            1
        );
        // Words no one can keep are named.
        let (status, _, page) = app
            .post_form_as(
                "/limburg/account/zoekopdrachten",
                &company.cookie,
                &[("csrf", &company.csrf), ("q", "geschenk\u{0}dozen")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(page.contains("stuurteken"), "{page}");
        let (_, _, account) = app.get_as("/limburg/account", &company.cookie).await;
        assert!(account.contains("geschenkdozen bij 3500"));
        assert!(account.contains("e-mail bij nieuw aanbod"));

        // Without a new offer, no mail; with one, a mail naming only it; the same day again, nothing.
        let morning = chrono::Utc
            .with_ymd_and_hms(2026, 12, 7, 9, 0, 0)
            .single()
            .expect("time");
        app.deliver_mail().await;
        let before = if app.mail_dir.exists() {
            all(&app.mail_dir).len()
        } else {
            0
        };
        let scheduler = app.scheduler();
        assert_eq!(scheduler.run_due(morning).await.alerts, 0);
        offer(
            limburg,
            org.id,
            "Geschenkdozen inpakken voor bedrijven",
            OfferStatus::Published,
        )
        .await;
        app.index().await;
        let next_day = morning + chrono::Duration::days(1);
        assert_eq!(scheduler.run_due(next_day).await.alerts, 1);
        app.deliver_mail().await;
        let mails = all(&app.mail_dir);
        assert_eq!(mails.len(), before + 1);
        let alert = mails
            .iter()
            .find(|m| m.contains("Nieuw aanbod voor"))
            .expect("the alert");
        assert!(alert.contains("Geschenkdozen inpakken voor bedrijven"));
        assert!(
            !alert.contains("* Geschenkdozen vullen"),
            "an offer the search showed is not repeated"
        );
        assert_eq!(
            scheduler
                .run_due(next_day + chrono::Duration::hours(2))
                .await
                .alerts,
            0
        );

        // The saved search is part of the account's data, and leaves with it.
        let data = limburg
            .personal_data(company.account)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(
            data["bewaarde_zoekopdrachten"][0]["zoekterm"],
            "geschenkdozen"
        );
        limburg
            .delete_account(company.account)
            .await
            .expect("delete");
        assert!(
            limburg
                .saved_searches(company.account)
                .await
                .expect("read")
                .is_empty()
        );
    }
);
