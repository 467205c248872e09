//! From a match to a contract across provinces, over the API alone: a company in Limburg contacts an
//! organisation in Vlaams-Brabant, which answers on its own province's API; both record and confirm the
//! collaboration, and each province's database holds its side. A question from Antwerpen reaches organisations
//! in two provinces, and the outcome question is asked once. Notification mail carries the one-click
//! unsubscribe headers, and the link works without signing in. The relay applies a message once, refuses a
//! forged sender, and carries a company's erasure to the other province.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use axum::{body::Body, http::Request};
use doeners_domain::{OfferStatus, access::Role};
use doeners_tests::{
    TestApp, mail, on_both_backends,
    people::{offer, person, published_organisation},
};
use serde_json::{Value, json};

async fn call(app: &TestApp, method: &str, uri: &str, token: &str, body: Value) -> (u16, Value) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::from(body.to_string()))
        .expect("request");
    let (status, _, text) = app.send(request).await;
    let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, json)
}

fn token(p: &doeners_tests::people::Person) -> &str {
    p.token.as_deref().expect("a token")
}

on_both_backends!(
    a_limburg_company_and_a_vlaams_brabant_organisation_agree_a_collaboration_over_the_api,
    |app: TestApp| async move {
        let vb = app.db("vlaams-brabant");
        let org = published_organisation(vb, "Atelier Leuven", "3000").await;
        let packing = offer(vb, org.id, "Handverpakking op maat", OfferStatus::Published).await;
        let member = person(vb, "lid@atelier-leuven.example", Role::Member(org.id)).await;
        let company = person(app.db("limburg"), "inkoop@hasselt.example", Role::Company).await;
        let stranger = person(app.db("limburg"), "ander@genk.example", Role::Company).await;

        let (status, sent) = call(
            &app,
            "POST",
            "/api/v1/tenants/limburg/contact-requests",
            token(&company),
            json!({
                "organisation": format!("vlaams-brabant/{}", org.slug),
                "offer_id": packing.offer.id.to_string(),
                "message": "Wij zoeken handverpakking voor 20.000 geschenkdozen per jaar.",
                "budget_band": "25000_100000",
                "wished_start": "2027-03-01",
            }),
        )
        .await;
        assert_eq!(status, 201, "{sent}");
        assert_eq!(sent["state"], "sent");
        assert_eq!(sent["your_side"], "company");
        assert_eq!(sent["offer_title"], "Handverpakking op maat");
        let id = sent["id"].as_str().expect("an id").to_string();
        let limburg = format!("/api/v1/tenants/limburg/contact-requests/{id}");
        let brabant = format!("/api/v1/tenants/vlaams-brabant/contact-requests/{id}");

        // The relay delivered it after the request: the same id names it in Vlaams-Brabant's API.
        let (status, list) = call(
            &app,
            "GET",
            "/api/v1/tenants/vlaams-brabant/contact-requests",
            token(&member),
            json!(null),
        )
        .await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(list["items"][0]["id"], id.as_str());
        assert_eq!(list["items"][0]["waits_for_answer"], true);
        let (status, seen) = call(&app, "GET", &brabant, token(&member), json!(null)).await;
        assert_eq!(
            (status, seen["state"].as_str()),
            (200, Some("read")),
            "{seen}"
        );
        assert_eq!(
            seen["thread"][0]["message"],
            "Wij zoeken handverpakking voor 20.000 geschenkdozen per jaar."
        );

        // Neither another company nor a caller without a token learns that it exists.
        let (status, _) = call(&app, "GET", &limburg, token(&stranger), json!(null)).await;
        assert_eq!(status, 404);
        let (status, _) = call(&app, "GET", &brabant, token(&company), json!(null)).await;
        assert_eq!(status, 404, "the company uses its own province's API");
        // The company cannot answer for the organisation.
        let (status, _) = call(
            &app,
            "POST",
            &format!("{limburg}/answer"),
            token(&company),
            json!({"interested": true, "message": "ja"}),
        )
        .await;
        assert_eq!(status, 409);

        let (status, answered) = call(
            &app,
            "POST",
            &format!("{brabant}/answer"),
            token(&member),
            json!({"interested": true, "message": "Graag! Wij hebben plaats vanaf maart.", "reason": null}),
        )
        .await;
        assert_eq!(status, 200, "{answered}");
        assert_eq!(answered["state"], "interested");

        let started = std::time::Instant::now();
        let (status, mine) = call(&app, "GET", &limburg, token(&company), json!(null)).await;
        assert_eq!(status, 200, "{mine}");
        assert_eq!(mine["state"], "interested");
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        let reply = mine["thread"]
            .as_array()
            .expect("a thread")
            .iter()
            .find(|s| s["kind"] == "answered")
            .expect("the answer reached Limburg");
        assert_eq!(reply["message"], "Graag! Wij hebben plaats vanaf maart.");

        let (status, recorded) = call(
            &app,
            "POST",
            &format!("{limburg}/collaboration"),
            token(&company),
            json!({"value_eur": 12000, "start_date": "2027-03-01", "description": "Verpakking geschenkdozen"}),
        )
        .await;
        assert_eq!(status, 200, "{recorded}");
        assert_eq!(recorded["state"], "collaboration_proposed");
        assert_eq!(recorded["collaboration"]["confirmed"], false);
        let (status, _) = call(
            &app,
            "POST",
            &format!("{limburg}/collaboration/confirm"),
            token(&company),
            json!(null),
        )
        .await;
        assert_eq!(status, 409, "one side cannot confirm its own figures");
        let (status, confirmed) = call(
            &app,
            "POST",
            &format!("{brabant}/collaboration/confirm"),
            token(&member),
            json!(null),
        )
        .await;
        assert_eq!(status, 200, "{confirmed}");
        assert_eq!(confirmed["state"], "collaboration_agreed");

        let (_, mine) = call(&app, "GET", &limburg, token(&company), json!(null)).await;
        assert_eq!(mine["state"], "collaboration_agreed");
        assert_eq!(mine["collaboration"]["value_eur"], 12000);
        assert_eq!(mine["collaboration"]["confirmed"], true);
        assert_eq!(mine["delivered"], true);

        // Each province's database holds its side: the same exchange, the same steps, the same state.
        let uuid: uuid::Uuid = id.parse().expect("uuid");
        let here = app.db("limburg").exchange(uuid).await.expect("read");
        let there = app.db("vlaams-brabant").exchange(uuid).await.expect("read");
        assert_eq!(
            here.as_ref().map(|e| e.state.as_str()),
            Some("collaboration_agreed")
        );
        assert_eq!(
            there.as_ref().map(|e| e.state.as_str()),
            Some("collaboration_agreed")
        );
        let steps = |db: &doeners_persistence::TenantDatabase| {
            let db = db.clone();
            async move {
                db.steps_of(uuid)
                    .await
                    .expect("steps")
                    .into_iter()
                    .map(|s| (s.id, s.kind))
                    .collect::<Vec<_>>()
            }
        };
        let limburg_steps = steps(app.db("limburg")).await;
        assert_eq!(limburg_steps, steps(app.db("vlaams-brabant")).await);
        let kinds: Vec<&str> = limburg_steps.iter().map(|(_, k)| k.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "sent",
                "read",
                "answered",
                "collaboration.recorded",
                "collaboration.confirmed"
            ]
        );
        assert!(
            app.db("antwerpen")
                .exchange(uuid)
                .await
                .expect("read")
                .is_none(),
            "a province without a party holds nothing of it"
        );

        // The member was told of the new request, with RFC 8058's headers.
        let mails = mail::all(&app.mail_dir);
        let told = mails
            .iter()
            .find(|m| m.contains("lid@atelier-leuven.example") && m.contains("Nieuwe aanvraag"))
            .expect("the member was told");
        assert!(told.contains("List-Unsubscribe: <http"), "{told}");
        assert!(
            told.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            "{told}"
        );
        app.assert_rollups_match_a_rebuild().await;
    }
);

on_both_backends!(
    a_question_from_antwerpen_reaches_organisations_in_two_provinces_and_its_outcome_is_asked_once,
    |app: TestApp| async move {
        let mut members = Vec::new();
        for (province, name, postal) in [
            ("limburg", "Maatwerk Hasselt", "3500"),
            ("vlaams-brabant", "Atelier Leuven", "3000"),
        ] {
            let db = app.db(province);
            let org = published_organisation(db, name, postal).await;
            offer(
                db,
                org.id,
                "Handverpakking en etikettering",
                OfferStatus::Published,
            )
            .await;
            let email = format!("lid@{}.example", org.slug);
            members.push((province, person(db, &email, Role::Member(org.id)).await));
        }
        app.index().await;
        let company = person(
            app.db("antwerpen"),
            "aankoop@mechelen.example",
            Role::Company,
        )
        .await;
        let deadline = (chrono::Utc::now() + chrono::Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();

        let (status, posted) = call(
            &app,
            "POST",
            "/api/v1/tenants/antwerpen/questions",
            token(&company),
            json!({
                "title": "Handverpakking van promotiemateriaal",
                "description": "Wij zoeken een partner die 5.000 pakketten met de hand verpakt en etiketteert.",
                "category": "handverpakking",
                "place": "2800",
                "deadline": deadline,
                "budget_band": "5000_25000",
            }),
        )
        .await;
        assert_eq!(status, 201, "{posted}");
        assert_eq!(posted["state"], "open");
        let recipients: Vec<&str> = posted["recipients"]
            .as_array()
            .expect("recipients")
            .iter()
            .filter_map(|r| r["organisation"].as_str())
            .collect();
        assert!(
            recipients.iter().any(|r| r.starts_with("limburg/"))
                && recipients.iter().any(|r| r.starts_with("vlaams-brabant/")),
            "routed to both provinces: {recipients:?}"
        );
        let id = posted["id"].as_str().expect("id").to_string();

        for (i, (province, member)) in members.iter().enumerate() {
            let (status, list) = call(
                &app,
                "GET",
                &format!("/api/v1/tenants/{province}/questions"),
                token(member),
                json!(null),
            )
            .await;
            assert_eq!(status, 200, "{list}");
            assert_eq!(list["items"][0]["id"], id.as_str(), "{province}: {list}");
            assert_eq!(list["items"][0]["waits_for_answer"], true);
            // Opening it is recorded once, as the step "seen".
            for _ in 0..2 {
                let (status, _) = call(
                    &app,
                    "GET",
                    &format!("/api/v1/tenants/{province}/questions/{id}"),
                    token(member),
                    json!(null),
                )
                .await;
                assert_eq!(status, 200);
            }
            let body = if i == 0 {
                json!({"interested": true, "message": "Wij kunnen dit in april."})
            } else {
                json!({"interested": false, "message": "", "reason": "no_capacity"})
            };
            let (status, answered) = call(
                &app,
                "POST",
                &format!("/api/v1/tenants/{province}/questions/{id}/answer"),
                token(member),
                body,
            )
            .await;
            assert_eq!(status, 200, "{province}: {answered}");
            assert_eq!(
                answered["recipients"].as_array().map(Vec::len),
                Some(1),
                "an organisation sees only its own part"
            );
        }
        let (status, seen) = call(
            &app,
            "GET",
            &format!("/api/v1/tenants/antwerpen/questions/{id}"),
            token(&company),
            json!(null),
        )
        .await;
        assert_eq!(status, 200, "{seen}");
        let looks = seen["thread"]
            .as_array()
            .expect("thread")
            .iter()
            .filter(|s| s["kind"] == "seen")
            .count();
        assert_eq!(
            looks, 2,
            "each organisation's first look reached Antwerpen once"
        );
        let answers: Vec<(String, Value)> = seen["recipients"]
            .as_array()
            .expect("recipients")
            .iter()
            .map(|r| {
                (
                    r["organisation"].as_str().unwrap_or_default().to_string(),
                    r["interested"].clone(),
                )
            })
            .collect();
        assert!(
            answers
                .iter()
                .any(|(o, i)| o.starts_with("limburg/") && *i == json!(true)),
            "{answers:?}"
        );
        assert!(
            answers
                .iter()
                .any(|(o, i)| o.starts_with("vlaams-brabant/") && *i == json!(false)),
            "{answers:?}"
        );

        // After the deadline the scheduler asks the company and the interested organisation, once.
        let later = chrono::Utc::now() + chrono::Duration::days(30);
        let scheduler = app.scheduler();
        let first = scheduler.run_due(later).await;
        assert_eq!(first.outcome_questions, 1);
        let again = scheduler.run_due(later).await;
        assert_eq!(
            again.outcome_questions, 0,
            "a run key keeps it from running twice"
        );
        app.relay_messages().await;
        app.deliver_mail().await;
        let mails = mail::all(&app.mail_dir);
        let asked: Vec<&String> = mails
            .iter()
            .filter(|m| m.contains("Kwam er een samenwerking van"))
            .collect();
        assert!(
            asked.iter().any(|m| m.contains("aankoop@mechelen.example")),
            "the company was asked"
        );
        assert!(
            asked.iter().any(|m| m.contains(&members[0].1.email)),
            "the interested organisation in Limburg was asked"
        );
        assert!(
            !asked.iter().any(|m| m.contains(&members[1].1.email)),
            "the organisation that was not interested is not asked"
        );
        assert_eq!(asked.len(), 2, "each once");
        let (_, closed) = call(
            &app,
            "GET",
            &format!("/api/v1/tenants/antwerpen/questions/{id}"),
            token(&company),
            json!(null),
        )
        .await;
        assert_eq!(closed["state"], "closed");
        let (status, outcome) = call(
            &app,
            "POST",
            &format!("/api/v1/tenants/antwerpen/questions/{id}/outcome"),
            token(&company),
            json!({"outcome": "yes", "value_eur": 4500}),
        )
        .await;
        assert_eq!(status, 200, "{outcome}");
        // The company's outcome stays the company's: the organisations do not see its figure.
        app.relay_messages().await;
        let (_, theirs) = call(
            &app,
            "GET",
            &format!("/api/v1/tenants/limburg/questions/{id}"),
            token(&members[0].1),
            json!(null),
        )
        .await;
        // (Compared as a value: "4500" may well turn up in a timestamp.)
        let figures: Vec<&Value> = theirs["thread"]
            .as_array()
            .expect("thread")
            .iter()
            .filter_map(|step| step["data"].get("value_eur"))
            .collect();
        assert!(!figures.contains(&&json!(4500)), "{theirs}");
        let companys_outcome = theirs["thread"]
            .as_array()
            .expect("thread")
            .iter()
            .any(|step| step["kind"] == "outcome" && step["side"] == "company");
        assert!(!companys_outcome, "{theirs}");
        app.assert_rollups_match_a_rebuild().await;
    }
);

on_both_backends!(
    a_one_click_unsubscribe_works_without_signing_in,
    |app: TestApp| async move {
        let vb = app.db("vlaams-brabant");
        let org = published_organisation(vb, "Atelier Leuven", "3000").await;
        let member = person(vb, "lid@atelier-leuven.example", Role::Member(org.id)).await;
        let company = person(app.db("limburg"), "inkoop@hasselt.example", Role::Company).await;
        let ask = |n: u32| {
            json!({
                "organisation": format!("vlaams-brabant/{}", org.slug),
                "message": format!("Vraag nummer {n} over handverpakking."),
            })
        };
        let (status, _) = call(
            &app,
            "POST",
            "/api/v1/tenants/limburg/contact-requests",
            token(&company),
            ask(1),
        )
        .await;
        assert_eq!(status, 201);
        let told = mail::all_raw(&app.mail_dir)
            .into_iter()
            .find(|m| m.contains(&member.email))
            .expect("the member was told");
        let start =
            told.find("List-Unsubscribe: <").expect("the header") + "List-Unsubscribe: <".len();
        let url: String = told[start..].chars().take_while(|c| *c != '>').collect();
        let path = url
            .split_once("://")
            .map(|(_, rest)| &rest[rest.find('/').expect("a path")..])
            .expect("a URL");
        assert!(
            path.starts_with("/vlaams-brabant/meldingen/uitschrijven?token="),
            "{path}"
        );

        // What a mail client sends (RFC 8058): a POST with this body, no cookie, no CSRF token.
        let (status, _, page) = app
            .send(
                Request::builder()
                    .method("POST")
                    .uri(path)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(Body::from("List-Unsubscribe=One-Click"))
                    .expect("request"),
            )
            .await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("U bent uitgeschreven"));
        let before = mail::all(&app.mail_dir).len();
        let (status, _) = call(
            &app,
            "POST",
            "/api/v1/tenants/limburg/contact-requests",
            token(&company),
            ask(2),
        )
        .await;
        assert_eq!(status, 201);
        assert_eq!(
            mail::all(&app.mail_dir).len(),
            before,
            "no more mail after unsubscribing"
        );
        // A made-up token changes nothing and says so.
        let (status, _, _) = app
            .post_form(
                "/vlaams-brabant/meldingen/uitschrijven?token=verzonnen",
                &[("List-Unsubscribe", "One-Click")],
            )
            .await;
        assert_eq!(status, 404);
    }
);

on_both_backends!(
    the_relay_applies_a_message_once_and_refuses_a_forged_sender,
    |app: TestApp| async move {
        let vb = app.db("vlaams-brabant");
        let org = published_organisation(vb, "Atelier Leuven", "3000").await;
        let company = person(app.db("limburg"), "inkoop@hasselt.example", Role::Company).await;
        let (status, sent) = call(
            &app,
            "POST",
            "/api/v1/tenants/limburg/contact-requests",
            token(&company),
            json!({"organisation": format!("vlaams-brabant/{}", org.slug), "message": "Wij zoeken verpakking."}),
        )
        .await;
        assert_eq!(status, 201, "{sent}");
        let id: uuid::Uuid = sent["id"].as_str().expect("id").parse().expect("uuid");
        let tenants = app.state.tenants();
        let brabant = tenants
            .iter()
            .find(|t| t.slug() == "vlaams-brabant")
            .expect("tenant");
        let services = app.state.services();

        // The message as the relay delivered it: a second delivery does nothing.
        let steps = vb.steps_of(id).await.expect("steps");
        let exchange = vb.exchange(id).await.expect("read").expect("delivered");
        let message = doeners_domain::Message {
            id: uuid::Uuid::now_v7(),
            destination: brabant.profile.slug.clone(),
            conversation: id,
            sender: doeners_domain::Sender {
                province: doeners_domain::TenantSlug::parse("limburg").expect("slug"),
                account: company.account,
                role: Role::Company,
            },
            kind: "exchange.step".to_string(),
            payload: json!({"type": "step", "step": {
                "id": uuid::Uuid::now_v7(), "exchange_id": id, "organisation_id": exchange.organisation_id,
                "kind": "message", "side": "company", "actor_province": "limburg",
                "actor_account": company.account.as_uuid(), "body": "Nog een vraag.", "data": {},
                "created_at": chrono::Utc::now(),
            }})
            .to_string(),
        };
        use doeners_app::collaboration::{Received, receive};
        let first = receive(brabant, services, "limburg", &message)
            .await
            .expect("receive");
        assert_eq!(first, Received::Applied);
        let second = receive(brabant, services, "limburg", &message)
            .await
            .expect("receive");
        assert_eq!(second, Received::AlreadyHad);
        assert_eq!(vb.steps_of(id).await.expect("steps").len(), steps.len() + 1);

        // Another Limburg account cannot speak for the company, nor Antwerpen for Limburg.
        let mut forged = message.clone();
        forged.id = uuid::Uuid::now_v7();
        forged.sender.account = doeners_domain::AccountId::new();
        assert!(matches!(
            receive(brabant, services, "limburg", &forged)
                .await
                .expect("receive"),
            Received::Refused(_)
        ));
        let mut elsewhere = message.clone();
        elsewhere.id = uuid::Uuid::now_v7();
        elsewhere.sender.province = doeners_domain::TenantSlug::parse("antwerpen").expect("slug");
        assert!(matches!(
            receive(brabant, services, "antwerpen", &elsewhere)
                .await
                .expect("receive"),
            Received::Refused(_)
        ));
        assert_eq!(
            vb.steps_of(id).await.expect("steps").len(),
            steps.len() + 1,
            "nothing forged was stored"
        );
    }
);

on_both_backends!(
    a_deleted_company_is_erased_from_every_province_that_holds_its_requests,
    |app: TestApp| async move {
        let vb = app.db("vlaams-brabant");
        let org = published_organisation(vb, "Atelier Leuven", "3000").await;
        let company = person(app.db("limburg"), "inkoop@hasselt.example", Role::Company).await;
        let (status, sent) = call(
            &app,
            "POST",
            "/api/v1/tenants/limburg/contact-requests",
            token(&company),
            json!({"organisation": format!("vlaams-brabant/{}", org.slug), "message": "Mijn naam is Jan Peeters, bel 0470 12 34 56."}),
        )
        .await;
        assert_eq!(status, 201, "{sent}");
        let id: uuid::Uuid = sent["id"].as_str().expect("id").parse().expect("uuid");
        let limburg = app
            .state
            .tenants()
            .iter()
            .find(|t| t.slug() == "limburg")
            .expect("tenant");
        doeners_app::own_account::delete_own(limburg, company.account)
            .await
            .expect("deleted");
        app.relay_messages().await;
        for db in [app.db("limburg"), vb] {
            let held = db
                .exchange(id)
                .await
                .expect("read")
                .expect("the request stays, nameless");
            assert_eq!(held.company_account, None);
            assert_eq!(held.company_name, "(verwijderd bedrijf)");
            let steps = db.steps_of(id).await.expect("steps");
            assert!(
                steps.iter().all(|s| s.body.is_none()),
                "no text is left in {}",
                db.slug()
            );
        }
        let audit = vb.audit_log(10).await.expect("audit");
        assert!(
            audit.iter().any(|e| e.action == "exchange.erased"),
            "{audit:?}"
        );
        let home_audit = app.db("limburg").audit_log(10).await.expect("audit");
        let deleted = home_audit
            .iter()
            .find(|e| e.action == "account.deleted")
            .expect("logged");
        assert!(
            deleted.detail.to_string().contains("vlaams-brabant"),
            "{deleted:?}"
        );
    }
);

on_both_backends!(
    on_the_portals_a_company_asks_from_a_profile_and_the_organisation_answers_on_its_own,
    |app: TestApp| async move {
        let vb = app.db("vlaams-brabant");
        let org = published_organisation(vb, "Atelier Leuven", "3000").await;
        offer(vb, org.id, "Handverpakking op maat", OfferStatus::Published).await;
        let member = person(vb, "lid@atelier-leuven.example", Role::Member(org.id)).await;
        let company = person(app.db("limburg"), "inkoop@hasselt.example", Role::Company).await;
        let form = format!("/limburg/contact?organisatie=vlaams-brabant/{}", org.slug);

        // A visitor who is not signed in is asked to, and comes back to the form.
        let (status, _, page) = app.get(&form).await;
        assert_eq!(status, 401);
        assert!(
            page.contains("/limburg/aanmelden?terug=/limburg/contact"),
            "{page}"
        );
        // The profile in Vlaams-Brabant sends a Limburg company to the form on its own portal.
        let (_, _, profile) = app
            .get_as(
                &format!("/vlaams-brabant/organisaties/{}", org.slug),
                &company.cookie,
            )
            .await;
        assert!(profile.contains(&form.replace('&', "&amp;")), "{profile}");
        let (status, _, page) = app.get_as(&form, &company.cookie).await;
        assert_eq!(status, 200, "{page}");

        let organisation = format!("vlaams-brabant/{}", org.slug);
        let (status, _, page) = app
            .post_form_as(
                "/limburg/contact",
                &company.cookie,
                &[
                    ("csrf", &company.csrf),
                    ("organisation", &organisation),
                    ("message", ""),
                ],
            )
            .await;
        assert_eq!(status, 422, "an empty message is refused: {page}");
        assert!(page.contains("Het bericht is verplicht"));
        let (status, headers, _) = app
            .post_form_as(
                "/limburg/contact",
                &company.cookie,
                &[
                    ("csrf", &company.csrf),
                    ("organisation", &organisation),
                    ("message", "Wij zoeken verpakking voor 500 dozen."),
                    ("budget_band", "tot_5000"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let thread = headers
            .get("location")
            .and_then(|l| l.to_str().ok())
            .expect("to the thread")
            .to_string();
        assert!(thread.starts_with("/limburg/aanvragen/"), "{thread}");
        let id = thread.rsplit('/').next().expect("id");

        let theirs = format!("/vlaams-brabant/aanvragen/{id}");
        let (status, _, page) = app.get_as(&theirs, &member.cookie).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Wij zoeken verpakking voor 500 dozen."));
        let (status, _, page) = app
            .post_form_as(
                &format!("{theirs}/antwoord"),
                &member.cookie,
                &[
                    ("csrf", &member.csrf),
                    ("interested", "ja"),
                    ("message", "Graag, wij bellen u."),
                ],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Uw antwoord is verstuurd"));
        let (_, _, page) = app.get_as(&thread, &company.cookie).await;
        assert!(
            page.contains("is geïnteresseerd") && page.contains("Graag, wij bellen u."),
            "{page}"
        );
        // The member of another province's organisation, or the company on the other portal, sees nothing.
        let (status, _, _) = app.get_as(&theirs, &company.cookie).await;
        assert_eq!(status, 404);
        let (status, _, manage) = app
            .get_as(
                &format!("/vlaams-brabant/organisaties/{}/beheren", org.slug),
                &member.cookie,
            )
            .await;
        assert_eq!(status, 200);
        assert!(manage.contains("Contactaanvragen"), "{manage}");
        // Reported as abuse: the organisation's administrators see the texts, the company's province does not.
        let (status, _, _) = app
            .post_form_as(
                &format!("{theirs}/melden"),
                &member.cookie,
                &[("csrf", &member.csrf)],
            )
            .await;
        assert_eq!(status, 200);
        let brabant_admin = person(vb, "beheer@vlaams-brabant.example", Role::ProvinceAdmin).await;
        let (_, _, oversight) = app
            .get_as("/vlaams-brabant/beheer/samenwerking", &brabant_admin.cookie)
            .await;
        assert!(
            oversight.contains("Wij zoeken verpakking voor 500 dozen."),
            "{oversight}"
        );
        let limburg_admin = person(
            app.db("limburg"),
            "beheer@limburg.example",
            Role::ProvinceAdmin,
        )
        .await;
        let (_, _, oversight) = app
            .get_as("/limburg/beheer/samenwerking", &limburg_admin.cookie)
            .await;
        assert!(oversight.contains("Aantallen per stand"), "{oversight}");
        assert!(
            !oversight.contains("Wij zoeken verpakking voor 500 dozen."),
            "{oversight}"
        );
    }
);

on_both_backends!(
    administrators_publish_good_practices_only_with_the_parties_consent,
    |app: TestApp| async move {
        let admin = person(
            app.db("limburg"),
            "beheer@limburg.example",
            Role::ProvinceAdmin,
        )
        .await;
        let case = [
            ("csrf", admin.csrf.as_str()),
            ("title", "Geschenkdozen uit Genk"),
            (
                "story",
                "Een brouwerij liet 20.000 geschenkdozen verpakken door een maatwerkbedrijf.",
            ),
            ("category", "handverpakking"),
            ("organisations", "Maatwerk Genk"),
            ("company", "Brouwerij Genk"),
            ("organisations_consent", "ja"),
        ];
        let (status, _, page) = app
            .post_form_as("/limburg/beheer/goede-praktijken", &admin.cookie, &case)
            .await;
        assert_eq!(status, 422, "the company did not consent: {page}");
        let mut consented = case.to_vec();
        consented.push(("company_consent", "ja"));
        let (status, _, page) = app
            .post_form_as(
                "/limburg/beheer/goede-praktijken",
                &admin.cookie,
                &consented,
            )
            .await;
        assert_eq!(status, 200, "{page}");
        for list in ["/limburg/goede-praktijken", "/goede-praktijken"] {
            let (status, _, page) = app.get(list).await;
            assert_eq!(status, 200);
            assert!(
                page.contains("Geschenkdozen uit Genk") && page.contains("Brouwerij Genk"),
                "{list}"
            );
        }
        let company = person(app.db("limburg"), "inkoop@hasselt.example", Role::Company).await;
        let (status, _, _) = app
            .post_form_as(
                "/limburg/beheer/goede-praktijken",
                &company.cookie,
                &[("csrf", &company.csrf)],
            )
            .await;
        assert_eq!(status, 403);
    }
);

on_both_backends!(
    an_unanswered_request_is_reminded_once,
    |app: TestApp| async move {
        let vb = app.db("vlaams-brabant");
        let org = published_organisation(vb, "Atelier Leuven", "3000").await;
        let member = person(vb, "lid@atelier-leuven.example", Role::Member(org.id)).await;
        let company = person(app.db("limburg"), "inkoop@hasselt.example", Role::Company).await;
        let (status, _) = call(
            &app,
            "POST",
            "/api/v1/tenants/limburg/contact-requests",
            token(&company),
            json!({"organisation": format!("vlaams-brabant/{}", org.slug), "message": "Wij zoeken verpakking."}),
        )
        .await;
        assert_eq!(status, 201);
        let scheduler = app.scheduler();
        assert_eq!(
            scheduler.run_due(chrono::Utc::now()).await.reminders,
            0,
            "not yet due"
        );
        let later = chrono::Utc::now() + chrono::Duration::days(3);
        assert_eq!(scheduler.run_due(later).await.reminders, 1);
        assert_eq!(scheduler.run_due(later).await.reminders, 0, "once");
        app.relay_messages().await;
        app.deliver_mail().await;
        let reminded = mail::all(&app.mail_dir)
            .into_iter()
            .filter(|m| m.contains(&member.email) && m.contains("Herinnering"))
            .count();
        assert_eq!(reminded, 1);
    }
);

on_both_backends!(
    an_organisation_picks_up_a_suggestion_of_another_province,
    |app: TestApp| async move {
        let limburg = app.db("limburg");
        let org = published_organisation(limburg, "Maatwerk Hasselt", "3500").await;
        let member = person(
            limburg,
            "lid@maatwerk-hasselt.example",
            Role::Member(org.id),
        )
        .await;
        let company = person(
            app.db("antwerpen"),
            "aankoop@mechelen.example",
            Role::Company,
        )
        .await;
        let (status, posted) = call(
            &app,
            "POST",
            "/api/v1/tenants/antwerpen/questions",
            token(&company),
            json!({"kind": "suggestion", "title": "Herstel van paletten",
                   "description": "In de haven is veel vraag naar het herstel van houten paletten."}),
        )
        .await;
        assert_eq!(status, 201, "{posted}");
        let id = posted["id"].as_str().expect("id");
        let (status, _, page) = app.get_as("/limburg/suggesties", &member.cookie).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("Herstel van paletten"),
            "listed across provinces"
        );
        let (status, _, page) = app
            .post_form_as(
                &format!("/limburg/suggesties/antwerpen/{id}/oppakken"),
                &member.cookie,
                &[("csrf", &member.csrf)],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Genoteerd"), "{page}");
        // Once the relay delivered the step to Antwerpen, every list shows who picked it up.
        let (_, _, page) = app.get_as("/limburg/suggesties", &member.cookie).await;
        assert!(
            page.contains("Opgepakt door: Maatwerk Hasselt (limburg)"),
            "{page}"
        );
        let uuid: uuid::Uuid = id.parse().expect("uuid");
        let steps = app.db("antwerpen").steps_of(uuid).await.expect("steps");
        assert!(steps.iter().any(|s| s.kind == "picked_up"), "{steps:?}");
        let told = mail::all(&app.mail_dir)
            .into_iter()
            .any(|m| m.contains("aankoop@mechelen.example") && m.contains("suggestie op"));
        assert!(told, "the company was told");
    }
);

on_both_backends!(
    signing_in_from_the_contact_form_returns_to_it_even_after_a_wrong_password,
    |app: TestApp| async move {
        let back = "/limburg/contact?organisatie=vlaams-brabant/atelier-leuven";
        let (_, _, page) = app
            .get(&format!(
                "/limburg/aanmelden?terug={}",
                back.replace('?', "%3F")
                    .replace('=', "%3D")
                    .replace('/', "%2F")
            ))
            .await;
        assert!(
            page.contains(
                r#"name="terug" value="/limburg/contact?organisatie=vlaams-brabant/atelier-leuven""#
            ),
            "{page}"
        );
        let (status, _, page) = app
            .post_form(
                "/limburg/aanmelden",
                &[
                    ("email", "niemand@hasselt.example"),
                    ("password", "fout wachtwoord"),
                    ("terug", back),
                ],
            )
            .await;
        assert_eq!(status, 401);
        assert!(
            page.contains(r#"name="terug""#),
            "the way back is kept: {page}"
        );
        // Only a path of this portal is a way back.
        let (_, _, page) = app
            .get("/limburg/aanmelden?terug=https://elders.example/")
            .await;
        assert!(!page.contains(r#"name="terug""#), "{page}");
    }
);
