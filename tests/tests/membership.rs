//! An organisation asks for an account, the province approves, and its member keeps its offers: what they add,
//! change or withdraw reaches search. A claim the province refuses leaves nothing of the applicant behind.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use doeners_domain::{Email, access::Role};
use doeners_tests::{
    TestApp,
    mail::newest,
    on_both_backends,
    people::{csrf_of, person, published_organisation, sign_in, token_from_newest_mail},
};

const PASSWORD: &str = "groene vingers in genk";

async fn search_titles(app: &TestApp, q: &str) -> Vec<String> {
    app.index().await;
    let (status, body) = app.get_json(&format!("/api/v1/search?q={q}")).await;
    assert_eq!(status, 200, "{body}");
    body["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

on_both_backends!(
    a_new_organisation_is_approved_and_its_member_keeps_its_offers_in_search,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let admin = person(db, "beheer@limburg.example", Role::ProvinceAdmin).await;
        let (status, _, page) = app
            .post_form(
                "/limburg/registreren/organisatie",
                &[
                    ("account_email", "jan@groenwerk.example"),
                    ("password", PASSWORD),
                    ("name", "Groenwerk Genk"),
                    ("kind", "maatwerkbedrijf"),
                    ("street", "Kolenspoor 3"),
                    ("postal_code", "3600"),
                    ("employees", "veel"),
                ],
            )
            .await;
        assert_eq!(status, 422, "a bad field is named, nothing is saved");
        assert!(page.contains("werknemers"), "{page}");
        let (status, _, page) = app
            .post_form(
                "/limburg/registreren/organisatie",
                &[
                    ("account_email", "jan@groenwerk.example"),
                    ("password", PASSWORD),
                    ("name", "Groenwerk Genk"),
                    ("kind", "maatwerkbedrijf"),
                    ("street", "Kolenspoor 3"),
                    ("postal_code", "3600"),
                    ("description", "Groenonderhoud met een ploeg uit de buurt."),
                ],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        let token = token_from_newest_mail(&app);
        let (status, _, _) = app.get(&format!("/limburg/bevestigen?token={token}")).await;
        assert_eq!(status, 200);
        let cookie = sign_in(&app, "limburg", "jan@groenwerk.example", PASSWORD).await;
        let account = db
            .account_by_email(&Email::parse("jan@groenwerk.example").expect("address"))
            .await
            .expect("read")
            .expect("there");
        let Role::Applicant(org_id) = account.role else {
            panic!("an applicant: {:?}", account.role)
        };
        let org = db
            .organisation_by_id(org_id)
            .await
            .expect("read")
            .expect("there");
        let manage = format!("/limburg/organisaties/{}/beheren", org.slug);

        let (_, _, page) = app.get_as("/limburg/account", &cookie).await;
        assert!(page.contains("wacht op goedkeuring"), "{page}");
        let (status, _, _) = app.get_as(&manage, &cookie).await;
        assert_eq!(status, 404, "an applicant does not manage yet");
        let (status, _, _) = app
            .get(&format!("/limburg/organisaties/{}", org.slug))
            .await;
        assert_eq!(status, 404, "a draft is not public");

        let (status, _, list) = app
            .get_as("/limburg/beheer/organisaties", &admin.cookie)
            .await;
        assert_eq!(status, 200);
        assert!(
            list.contains("Groenwerk Genk") && list.contains("Ontwerp"),
            "drafts are listed: {list}"
        );
        let (status, _, queue) = app.get_as("/limburg/beheer/aanvragen", &admin.cookie).await;
        assert_eq!(status, 200);
        assert!(
            queue.contains("Groenwerk Genk") && queue.contains("jan@groenwerk.example"),
            "{queue}"
        );
        let decide = format!("/limburg/beheer/aanvragen/{}", account.id);
        let (status, _, _) = app
            .post_form_as(
                &decide,
                &admin.cookie,
                &[("csrf", &admin.csrf), ("decision", "approve")],
            )
            .await;
        assert_eq!(status, 303);
        assert!(newest(&app.mail_dir).contains("goedgekeurd"));
        let log = db.audit_log(20).await.expect("log");
        assert!(
            log.iter()
                .any(|e| e.action == "applicant.approved" && e.actor == Some(admin.account))
        );

        let (status, _, page) = app.get_as(&manage, &cookie).await;
        assert_eq!(status, 200, "{page}");
        let csrf = csrf_of(&app, "limburg", &cookie).await;
        let offer = |title: &'static str, category: &'static str| {
            vec![
                ("csrf", csrf.clone()),
                ("title", title.to_string()),
                ("category", category.to_string()),
                ("execution_mode", "op-locatie".to_string()),
                ("service_area", "radius:30".to_string()),
                (
                    "description",
                    "Maaien, snoeien en hagen scheren.".to_string(),
                ),
            ]
        };
        let post = |uri: String, fields: Vec<(&'static str, String)>| {
            let cookie = cookie.clone();
            let app = &app;
            async move {
                let pairs: Vec<(&str, &str)> =
                    fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form_as(&uri, &cookie, &pairs).await
            }
        };
        let (status, _, page) = post(
            format!("/limburg/organisaties/{}/aanbod", org.slug),
            offer("Hagen scheren", "vliegen"),
        )
        .await;
        assert_eq!(status, 422, "{page}");
        assert!(
            page.contains("vliegen"),
            "the bad category is named: {page}"
        );
        let (status, _, _) = post(
            format!("/limburg/organisaties/{}/aanbod", org.slug),
            offer("Hagen scheren", "groenonderhoud"),
        )
        .await;
        assert_eq!(status, 303);
        assert_eq!(search_titles(&app, "hagen").await, ["Hagen scheren"]);

        let own = db.offers_of(org.id).await.expect("offers");
        let edit = format!(
            "/limburg/organisaties/{}/aanbod/{}",
            org.slug, own[0].offer.id
        );
        let mut renamed = offer("Hagen en heggen snoeien", "groenonderhoud");
        renamed.push(("status", "published".to_string()));
        let (status, _, _) = post(edit.clone(), renamed.clone()).await;
        assert_eq!(status, 303);
        assert_eq!(
            search_titles(&app, "heggen").await,
            ["Hagen en heggen snoeien"]
        );
        assert!(
            !search_titles(&app, "scheren")
                .await
                .contains(&"Hagen scheren".to_string()),
            "the old title is gone"
        );

        renamed.pop();
        renamed.push(("status", "withdrawn".to_string()));
        let (status, _, _) = post(edit, renamed).await;
        assert_eq!(status, 303);
        assert!(
            search_titles(&app, "heggen").await.is_empty(),
            "a withdrawn offer leaves search"
        );
        let (_, _, page) = app.get_as(&manage, &cookie).await;
        assert!(
            page.contains("Hagen en heggen snoeien") && page.contains("Ingetrokken"),
            "its members still see it"
        );
    }
);

on_both_backends!(
    a_refused_claim_removes_the_applicant_and_keeps_the_organisation,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let admin = person(db, "beheer@limburg.example", Role::ProvinceAdmin).await;
        let org = published_organisation(db, "Kringloop Hasselt", "3500").await;
        let (status, _, page) = app
            .post_form(
                "/limburg/registreren/organisatie",
                &[
                    ("account_email", "iemand@kringloop.example"),
                    ("password", PASSWORD),
                    (
                        "claim",
                        &format!("https://doeners.be/limburg/organisaties/{}", org.slug),
                    ),
                ],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        let token = token_from_newest_mail(&app);
        app.get(&format!("/limburg/bevestigen?token={token}")).await;
        let email = Email::parse("iemand@kringloop.example").expect("address");
        let account = db
            .account_by_email(&email)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(account.role, Role::Applicant(org.id));

        let decide = format!("/limburg/beheer/aanvragen/{}", account.id);
        // A refusal needs a reason: without one nothing happens and the field says so.
        let (status, _, page) = app
            .post_form_as(
                &decide,
                &admin.cookie,
                &[("csrf", &admin.csrf), ("decision", "refuse")],
            )
            .await;
        assert_eq!(status, 422);
        assert!(page.contains("Schrijf waarom u weigert"));
        assert!(db.account_by_email(&email).await.expect("read").is_some());
        let (status, _, _) = app
            .post_form_as(
                &decide,
                &admin.cookie,
                &[
                    ("csrf", &admin.csrf),
                    ("decision", "refuse"),
                    ("reason", "Deze organisatie hoort bij een andere provincie."),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let letter = newest(&app.mail_dir);
        assert!(letter.contains("niet goedgekeurd"));
        assert!(
            letter.contains("Deze organisatie hoort bij een andere provincie."),
            "the reason reaches the applicant"
        );
        assert!(
            db.account_by_email(&email).await.expect("read").is_none(),
            "the account is gone"
        );
        assert!(
            db.organisation_by_id(org.id).await.expect("read").is_some(),
            "the organisation stays"
        );
        let (status, _, _) = app
            .post_form_as(
                &decide,
                &admin.cookie,
                &[("csrf", &admin.csrf), ("decision", "approve")],
            )
            .await;
        assert_eq!(status, 404, "a handled applicant waits no more");
    }
);
