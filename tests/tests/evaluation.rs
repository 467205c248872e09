//! The evaluation figures against a hand-made March 2026 in Limburg and Antwerpen: every measure counted from
//! rows with known dates, the period's first and last Brussels day (not UTC), the console's CSV and JSON
//! holding the numbers of its tables, the published figures hiding small counts, and who sees what.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Utc};
use doeners_domain::access::Role;
use doeners_persistence::{
    ExchangeRow, PageView, RouteRow, SearchLogEntry, SearchSource, SeedCompany, StepRow, ViewKind,
};
use doeners_tests::{
    TestApp, on_both_backends,
    people::{flanders_admin, person, published_organisation},
};
use serde_json::{Value, json};
use uuid::Uuid;

fn at(t: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(t)
        .expect("time")
        .with_timezone(&Utc)
}

fn search(t: &str, query: &str, results: usize, company: Option<Uuid>) -> SearchLogEntry {
    SearchLogEntry {
        searched_at: at(t),
        source: SearchSource::Portal,
        query: query.to_string(),
        filters: json!({}),
        result_count: results,
        company_id: company,
    }
}

fn company(email: &str, created: &str) -> SeedCompany {
    SeedCompany {
        id: Uuid::now_v7(),
        email: email.to_string(),
        name: email.to_string(),
        sector: "c".to_string(),
        size: "klein".to_string(),
        postal_code: "3500".to_string(),
        created_at: at(created),
    }
}

/// A step at `t`; ids follow the times, as the platform's own do.
fn step(
    exchange: Uuid,
    org: Option<Uuid>,
    kind: &str,
    side: &str,
    t: &str,
    data: Value,
) -> StepRow {
    let ms = u64::try_from(at(t).timestamp_millis()).expect("after 1970");
    let random: [u8; 10] = Uuid::now_v7().as_bytes()[6..].try_into().expect("10 bytes");
    StepRow {
        id: uuid::Builder::from_unix_timestamp_millis(ms, &random).into_uuid(),
        exchange_id: exchange,
        organisation_id: org,
        kind: kind.to_string(),
        side: side.to_string(),
        actor_province: String::new(),
        actor_account: None,
        body: None,
        data,
        created_at: at(t),
    }
}

fn request(id: Uuid, from: &str, company: Uuid, to: &str, org: Uuid, sent: &str) -> ExchangeRow {
    ExchangeRow {
        id,
        kind: "contact_request".to_string(),
        company_province: from.to_string(),
        company_account: Some(company),
        company_name: "Bedrijf".to_string(),
        organisation_province: Some(to.to_string()),
        organisation_id: Some(org),
        header: json!({}),
        state: "sent".to_string(),
        deadline: None,
        created_at: at(sent),
        updated_at: at(sent),
    }
}

/// A declared collaboration, as the platform stores it.
fn recorded(value_eur: u64) -> Value {
    json!({ "value_eur": value_eur, "start_date": "2026-04-01", "end_date": null, "description": "Verpakking" })
}

fn answered(interested: bool, reason: Option<&str>) -> Value {
    json!({ "interested": interested, "reason": reason })
}

/// The values of row `key` in the section `id` of the console's JSON, by column name.
fn row(json: &Value, id: &str, key: &str) -> Vec<(String, Value)> {
    let section = json["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no section {id}"));
    let columns = section["columns"].as_array().expect("columns");
    let row = section["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("no row {key} in {id}: {section}"));
    columns
        .iter()
        .map(|c| c.as_str().expect("name").to_string())
        .zip(row["values"].as_array().expect("values").iter().cloned())
        .collect()
}

fn cell(json: &Value, id: &str, key: &str, column: &str) -> Value {
    row(json, id, key)
        .into_iter()
        .find(|(c, _)| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {id}/{key}"))
        .1
}

const LIMBURG: &str = "Provincie limburg";
const ANTWERPEN: &str = "Provincie antwerpen";
const MARCH: &str = "from=2026-03-01&to=2026-03-31";

/// March 2026 in two provinces. Brussels is UTC+1 until 29 March, UTC+2 after.
async fn scenario(app: &TestApp) {
    let limburg = app.db("limburg");
    let antwerpen = app.db("antwerpen");
    let l1 = published_organisation(limburg, "Maatwerk Hasselt", "3500")
        .await
        .id
        .as_uuid();
    let n1 = published_organisation(antwerpen, "Atelier Schelde", "2000")
        .await
        .id
        .as_uuid();
    let a = company("a@bedrijf.example", "2026-01-05T10:00:00Z");
    let b = company("b@bedrijf.example", "2026-03-15T10:00:00Z");
    let c = company("c@bedrijf.example", "2026-03-31T22:30:00Z"); // 1 April in Brussels
    let d = company("d@bedrijf.example", "2026-03-02T10:00:00Z");
    limburg
        .seed_companies(&[a.clone(), b.clone(), c.clone()])
        .await
        .expect("companies");
    antwerpen
        .seed_companies(std::slice::from_ref(&d))
        .await
        .expect("companies");

    limburg
        .record_searches(&[
            search("2026-02-28T22:59:59Z", "verpakken", 4, None), // 28 February, 23:59:59 in Brussels
            search("2026-02-28T23:00:00Z", "verpakken", 4, None), // 1 March, midnight
            search("2026-03-31T21:59:59Z", "verpakken", 4, None), // 31 March, 23:59:59 (summer time)
            search("2026-03-31T22:00:00Z", "verpakken", 4, None), // 1 April, midnight
            search("2026-03-10T09:00:00Z", "kraanverhuur", 0, Some(a.id)),
            search("2026-03-10T09:01:00Z", "Kraanverhuur ", 0, None),
            search("2026-03-10T09:02:00Z", "groenonderhoud", 7, Some(a.id)),
            search("2026-03-11T09:00:00Z", "catering", 3, None),
            search("2026-03-12T09:00:00Z", "catering", 3, None),
            search("2026-03-13T09:00:00Z", "montage", 9, None),
        ])
        .await
        .expect("searches");
    antwerpen
        .record_searches(&[
            search("2026-03-05T09:00:00Z", "verpakken", 2, None),
            search("2026-03-06T09:00:00Z", "verpakken", 2, None),
            search("2026-03-07T09:00:00Z", "verpakken", 2, None),
        ])
        .await
        .expect("searches");
    let wide: Vec<SearchLogEntry> = (0..4)
        .map(|i| SearchLogEntry {
            source: SearchSource::Flanders,
            ..search(
                &format!("2026-03-0{}T09:00:00Z", i + 1),
                "schoonmaak",
                5,
                None,
            )
        })
        .collect();
    app.state
        .federation()
        .database()
        .record_searches(&wide)
        .await
        .expect("searches");
    limburg
        .record_views(&[
            PageView {
                viewed_at: at("2026-03-03T09:00:00Z"),
                kind: ViewKind::Profile,
                organisation_id: l1,
                offer_id: None,
            },
            PageView {
                viewed_at: at("2026-03-03T09:00:00Z"),
                kind: ViewKind::Offer,
                organisation_id: l1,
                offer_id: Some(Uuid::now_v7()),
            },
            PageView {
                viewed_at: at("2026-04-03T09:00:00Z"),
                kind: ViewKind::Profile,
                organisation_id: l1,
                offer_id: None,
            },
        ])
        .await
        .expect("views");

    // r1: A asks L1 on 3 March; read, answered with interest 24 hours later, agreed on 11 March for € 12.000.
    let r1 = Uuid::now_v7();
    let r1_steps = vec![
        step(
            r1,
            None,
            "sent",
            "company",
            "2026-03-03T10:00:00Z",
            json!({}),
        ),
        step(
            r1,
            None,
            "read",
            "organisation",
            "2026-03-03T12:00:00Z",
            json!({}),
        ),
        step(
            r1,
            None,
            "answered",
            "organisation",
            "2026-03-04T10:00:00Z",
            answered(true, None),
        ),
        step(
            r1,
            None,
            "collaboration.recorded",
            "company",
            "2026-03-10T10:00:00Z",
            recorded(12000),
        ),
        step(
            r1,
            None,
            "collaboration.confirmed",
            "organisation",
            "2026-03-11T10:00:00Z",
            json!({}),
        ),
    ];
    // r2: B asks N1 in Antwerpen on 20 March; declined after 48 hours, no capacity.
    let r2 = Uuid::now_v7();
    let r2_steps = vec![
        step(
            r2,
            None,
            "sent",
            "company",
            "2026-03-20T10:00:00Z",
            json!({}),
        ),
        step(
            r2,
            None,
            "read",
            "organisation",
            "2026-03-21T10:00:00Z",
            json!({}),
        ),
        step(
            r2,
            None,
            "answered",
            "organisation",
            "2026-03-22T10:00:00Z",
            answered(false, Some("no_capacity")),
        ),
    ];
    // r3: sent in February, agreed on 5 March for € 8.000: a March collaboration, not a March request.
    let r3 = Uuid::now_v7();
    let r3_steps = vec![
        step(
            r3,
            None,
            "sent",
            "company",
            "2026-02-20T10:00:00Z",
            json!({}),
        ),
        step(
            r3,
            None,
            "answered",
            "organisation",
            "2026-02-21T10:00:00Z",
            answered(true, None),
        ),
        step(
            r3,
            None,
            "collaboration.recorded",
            "organisation",
            "2026-03-01T10:00:00Z",
            recorded(8000),
        ),
        step(
            r3,
            None,
            "collaboration.confirmed",
            "company",
            "2026-03-05T10:00:00Z",
            json!({}),
        ),
    ];
    // r4: D in Antwerpen asks L1 on 25 March; no answer yet.
    let r4 = Uuid::now_v7();
    let r4_steps = vec![step(
        r4,
        None,
        "sent",
        "company",
        "2026-03-25T10:00:00Z",
        json!({}),
    )];
    // q1: B's question of 12 March, routed to L1 and N1: L1 interested after 5 hours, N1 not (too small);
    // B says on 30 March it led to a collaboration of € 5.000.
    let q1 = Uuid::now_v7();
    let question = ExchangeRow {
        kind: "question".to_string(),
        organisation_province: None,
        organisation_id: None,
        ..request(q1, "limburg", b.id, "", Uuid::nil(), "2026-03-12T10:00:00Z")
    };
    let route = |org: Uuid, province: &str| RouteRow {
        exchange_id: q1,
        organisation_id: org,
        organisation_province: province.to_string(),
        organisation_slug: "x".to_string(),
        organisation_name: "x".to_string(),
        batch: 1,
        score: 1.0,
        routed_at: at("2026-03-12T10:05:00Z"),
    };
    let q1_steps = vec![
        step(
            q1,
            None,
            "posted",
            "company",
            "2026-03-12T10:00:00Z",
            json!({}),
        ),
        step(
            q1,
            Some(l1),
            "routed",
            "platform",
            "2026-03-12T10:05:00Z",
            json!({}),
        ),
        step(
            q1,
            Some(n1),
            "routed",
            "platform",
            "2026-03-12T10:05:01Z",
            json!({}),
        ),
        step(
            q1,
            Some(l1),
            "answered",
            "organisation",
            "2026-03-12T15:00:00Z",
            answered(true, None),
        ),
        step(
            q1,
            Some(n1),
            "answered",
            "organisation",
            "2026-03-13T10:00:00Z",
            answered(false, Some("too_small")),
        ),
        step(
            q1,
            None,
            "outcome",
            "company",
            "2026-03-30T10:00:00Z",
            json!({ "outcome": "yes", "value_eur": 5000 }),
        ),
    ];
    let rows = |list: Vec<(ExchangeRow, Vec<StepRow>, Vec<RouteRow>)>| list;
    limburg
        .seed_exchanges(&rows(vec![
            (
                request(r1, "limburg", a.id, "limburg", l1, "2026-03-03T10:00:00Z"),
                r1_steps,
                vec![],
            ),
            (
                request(r2, "limburg", b.id, "antwerpen", n1, "2026-03-20T10:00:00Z"),
                r2_steps.clone(),
                vec![],
            ),
            (
                request(r3, "limburg", a.id, "limburg", l1, "2026-02-20T10:00:00Z"),
                r3_steps,
                vec![],
            ),
            (
                request(r4, "antwerpen", d.id, "limburg", l1, "2026-03-25T10:00:00Z"),
                r4_steps.clone(),
                vec![],
            ),
            (
                question.clone(),
                q1_steps.clone(),
                vec![route(l1, "limburg"), route(n1, "antwerpen")],
            ),
        ]))
        .await
        .expect("exchanges");
    antwerpen
        .seed_exchanges(&rows(vec![
            (
                request(r2, "limburg", b.id, "antwerpen", n1, "2026-03-20T10:00:00Z"),
                r2_steps,
                vec![],
            ),
            (
                request(r4, "antwerpen", d.id, "limburg", l1, "2026-03-25T10:00:00Z"),
                r4_steps,
                vec![],
            ),
            (
                question,
                q1_steps
                    .into_iter()
                    .filter(|s| s.organisation_id == Some(n1))
                    .collect(),
                vec![route(n1, "antwerpen")],
            ),
        ]))
        .await
        .expect("exchanges");
}

on_both_backends!(
    every_measure_counts_the_hand_made_month_in_brussels_days,
    |app: TestApp| async move {
        scenario(&app).await;
        let federation = &**app.state.federation().database();
        let admin = flanders_admin(federation, "vlaanderen@doeners.example").await;
        let (status, _, body) = app
            .get_as(&format!("/admin/evaluatie.json?{MARCH}"), &admin.cookie)
            .await;
        assert_eq!(status, 200, "{body}");
        let json: Value = serde_json::from_str(&body).expect("JSON");
        let expect = |id: &str, key: &str, column: &str, value: Value| {
            assert_eq!(
                cell(&json, id, key, column),
                value,
                "{id}/{key} for {column}"
            );
        };
        // Companies: B registered in March (A in January, C on 1 April in Brussels); A searched, A and B
        // asked.
        expect("bedrijven", "companies_registered", LIMBURG, json!(1.0));
        expect("bedrijven", "companies_total", LIMBURG, json!(2.0));
        expect("bedrijven", "companies_active", LIMBURG, json!(2.0));
        expect("bedrijven", "companies_active", ANTWERPEN, json!(1.0));
        expect("bedrijven", "companies_active", "Vlaanderen", json!(3.0));
        expect("sector", "sector:Industrie", LIMBURG, json!(2.0));
        expect(
            "arrondissement",
            "arrondissement:Hasselt",
            LIMBURG,
            json!(2.0),
        );
        // Searches: the first and last second of March in Brussels count, the ones just outside do not.
        expect("zoeken", "searches", LIMBURG, json!(8.0));
        expect("zoeken", "searches", ANTWERPEN, json!(3.0));
        expect("zoeken", "searches", "Vlaanderen", json!(15.0));
        expect("zoeken", "searches_flanders_wide", "Vlaanderen", json!(4.0));
        expect("zoeken", "zero_result_searches", LIMBURG, json!(2.0));
        expect("zoeken", "zero_result_share", LIMBURG, json!(25.0));
        expect("zoeken", "profile_views", LIMBURG, json!(1.0));
        expect("zoeken", "offer_views", LIMBURG, json!(1.0));
        expect(
            "vraag_zonder_aanbod",
            "zero_queries:kraanverhuur",
            LIMBURG,
            json!(2.0),
        );
        // Contact requests sent in March by Limburg's companies: r1 and r2.
        expect("contactaanvragen", "contact_requests", LIMBURG, json!(2.0));
        expect(
            "contactaanvragen",
            "contact_requests_read_share",
            LIMBURG,
            json!(100.0),
        );
        expect(
            "contactaanvragen",
            "contact_requests_answered",
            LIMBURG,
            json!(2.0),
        );
        expect(
            "contactaanvragen",
            "answer_hours_median",
            LIMBURG,
            json!(36.0),
        );
        expect(
            "contactaanvragen",
            "contact_requests_interested_share",
            LIMBURG,
            json!(50.0),
        );
        expect(
            "contactaanvragen",
            "contact_requests",
            ANTWERPEN,
            json!(1.0),
        );
        expect(
            "contactaanvragen",
            "contact_requests_answered_share",
            ANTWERPEN,
            json!(0.0),
        );
        expect(
            "redenen",
            "reasons:Geen capaciteit op dit moment",
            LIMBURG,
            json!(1.0),
        );
        // Collaborations agreed in March: r1, r3 (sent in February) and q1.
        expect("samenwerkingen", "collaborations", LIMBURG, json!(3.0));
        expect(
            "samenwerkingen",
            "collaborations_from_requests",
            LIMBURG,
            json!(2.0),
        );
        expect(
            "samenwerkingen",
            "collaborations_from_questions",
            LIMBURG,
            json!(1.0),
        );
        expect(
            "samenwerkingen",
            "collaboration_value_eur",
            LIMBURG,
            json!(25000.0),
        );
        expect(
            "samenwerkingen",
            "collaboration_value_median",
            LIMBURG,
            json!(8000.0),
        );
        expect(
            "samenwerkingen",
            "conversion_search_contact",
            LIMBURG,
            json!(25.0),
        );
        expect(
            "samenwerkingen",
            "conversion_contact_collaboration",
            LIMBURG,
            json!(100.0),
        );
        // The question.
        expect("vragen", "questions", LIMBURG, json!(1.0));
        expect("vragen", "questions_routed", LIMBURG, json!(1.0));
        expect("vragen", "organisations_reached", LIMBURG, json!(2.0));
        expect("vragen", "questions_with_interest", LIMBURG, json!(1.0));
        expect("vragen", "interest_hours_median", LIMBURG, json!(5.0));
        expect("vragen", "question_answers", LIMBURG, json!(2.0));
        expect("vragen", "question_answers_interested", LIMBURG, json!(1.0));
        expect(
            "vraag_redenen",
            "question_reasons:Opdracht te klein",
            LIMBURG,
            json!(1.0),
        );
        expect("uitkomsten", "outcomes:Samenwerking", LIMBURG, json!(1.0));
        // Organisations, and who works with whom.
        expect("organisaties", "organisations", LIMBURG, json!(1.0));
        expect(
            "soorten",
            "organisation_kinds:Maatwerkbedrijf",
            "Vlaanderen",
            json!(2.0),
        );
        expect(
            "grensoverschrijdend",
            "contact_requests_cross_border",
            LIMBURG,
            json!(1.0),
        );
        expect(
            "grensoverschrijdend",
            "contact_requests_cross_border",
            ANTWERPEN,
            json!(1.0),
        );
        expect(
            "matrix_aanvragen",
            "matrix_aanvragen:limburg",
            ANTWERPEN,
            json!(1.0),
        );
        expect(
            "matrix_aanvragen",
            "matrix_aanvragen:limburg",
            LIMBURG,
            json!(1.0),
        );
        expect(
            "matrix_aanvragen",
            "matrix_aanvragen:antwerpen",
            LIMBURG,
            json!(1.0),
        );
        expect(
            "matrix_samenwerkingen",
            "matrix_samenwerkingen:limburg",
            LIMBURG,
            json!(2.0),
        );

        // A day either side of the boundary moves the boundary searches out.
        let (_, _, body) = app
            .get_as(
                "/admin/evaluatie.json?from=2026-03-02&to=2026-03-30",
                &admin.cookie,
            )
            .await;
        let narrower: Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(cell(&narrower, "zoeken", "searches", LIMBURG), json!(6.0));
    }
);

/// The text of each table row of the console page, by its `data-key`, cell by cell.
fn page_rows(page: &str) -> Vec<(String, Vec<String>)> {
    page.split("<tr data-key=\"")
        .skip(1)
        .map(|chunk| {
            let key = chunk.split('"').next().expect("key").to_string();
            let row = chunk.split("</tr>").next().expect("row");
            let cells = row
                .split("<td>")
                .skip(1)
                .map(|c| c.split("</td>").next().expect("cell").to_string())
                .collect();
            (key, cells)
        })
        .collect()
}

/// A console cell's text as a number: "1.234" → 1234, "12,5 %" → 12.5, "€ 8.000" → 8000, "–" → none.
fn number_of(text: &str) -> Option<f64> {
    let t = text
        .replace("€", "")
        .replace(" %", "")
        .replace(" uur", "")
        .replace('.', "")
        .replace(',', ".");
    let t = t.trim();
    (t != "–").then(|| t.parse().unwrap_or_else(|_| panic!("not a number: {text}")))
}

on_both_backends!(
    the_exports_hold_the_numbers_of_the_tables,
    |app: TestApp| async move {
        scenario(&app).await;
        let federation = &**app.state.federation().database();
        let admin = flanders_admin(federation, "vlaanderen@doeners.example").await;
        let (status, _, page) = app
            .get_as(&format!("/admin/evaluatie?{MARCH}"), &admin.cookie)
            .await;
        assert_eq!(status, 200, "{page}");
        for chart in ["g-zoek", "g-trechter", "g-provincies-aanvragen", "g-matrix"] {
            assert!(
                page.contains(&format!("aria-labelledby=\"{chart}-t {chart}-d\"")),
                "chart {chart}"
            );
        }
        assert_eq!(
            page.matches(" style=").count(),
            1,
            "no style attribute but the body's brand colour"
        );
        let (_, _, json) = app
            .get_as(&format!("/admin/evaluatie.json?{MARCH}"), &admin.cookie)
            .await;
        let json: Value = serde_json::from_str(&json).expect("JSON");
        let (status, headers, csv) = app
            .get_as(&format!("/admin/evaluatie.csv?{MARCH}"), &admin.cookie)
            .await;
        assert_eq!(status, 200);
        assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
        assert!(csv.starts_with('\u{feff}'), "a byte order mark for Excel");
        let csv_rows: std::collections::HashMap<String, Vec<String>> = csv
            .lines()
            .filter_map(|l| {
                let cells: Vec<String> = l.split(';').map(str::to_string).collect();
                (cells.len() > 2).then(|| (cells[1].clone(), cells[2..].to_vec()))
            })
            .collect();
        let json_rows: std::collections::HashMap<String, Vec<Value>> = json["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .flat_map(|s| s["rows"].as_array().expect("rows").iter())
            .map(|r| {
                (
                    r["key"].as_str().expect("key").to_string(),
                    r["values"].as_array().expect("values").clone(),
                )
            })
            .collect();
        let rows = page_rows(&page);
        assert!(
            rows.len() > 60,
            "every table row has its key: {}",
            rows.len()
        );
        for (key, cells) in &rows {
            let from_json = &json_rows[key];
            let from_csv = &csv_rows[key];
            assert_eq!(cells.len(), from_json.len(), "{key}");
            for (i, text) in cells.iter().enumerate() {
                let shown = number_of(text);
                assert_eq!(
                    shown,
                    from_json[i].as_f64(),
                    "{key} column {i}: page {text}, JSON {}",
                    from_json[i]
                );
                let csv_value = (!from_csv[i].is_empty()).then(|| {
                    from_csv[i]
                        .replace(',', ".")
                        .parse::<f64>()
                        .expect("CSV number")
                });
                assert_eq!(
                    shown, csv_value,
                    "{key} column {i}: page {text}, CSV {}",
                    from_csv[i]
                );
            }
        }
        let (status, _, report) = app
            .get_as(
                &format!("/admin/rapport?{MARCH}&province=limburg"),
                &admin.cookie,
            )
            .await;
        assert_eq!(status, 200, "{report}");
        assert!(
            report.contains("In maart 2026 gebruikten 2 bedrijven uit limburg het platform"),
            "{report}"
        );
        assert!(
            report.contains("In maart 2026 werden 3 samenwerkingen afgesproken"),
            "{report}"
        );
    }
);

on_both_backends!(
    published_figures_hide_small_counts_and_province_administrators_see_their_own,
    |app: TestApp| async move {
        scenario(&app).await;
        let (status, stats) = app.get_json(&format!("/api/v1/stats?{MARCH}")).await;
        assert_eq!(status, 200, "{stats}");
        let province = |slug: &str| {
            stats["provinces"]
                .as_array()
                .expect("provinces")
                .iter()
                .find(|p| p["province"] == slug)
                .expect("province")
                .clone()
        };
        // Antwerpen's 3 searches are hidden; Limburg's 8 too, or Flanders' 15 minus the rest would tell.
        assert_eq!(province("antwerpen")["searches"], Value::Null);
        assert_eq!(province("limburg")["searches"], Value::Null);
        assert_eq!(
            province("west-vlaanderen")["searches"],
            json!(0),
            "zero is shown"
        );
        assert_eq!(stats["flanders"]["searches"], json!(15));
        assert_eq!(province("limburg")["contact_requests"], Value::Null);
        assert_eq!(
            stats["flanders"]["contact_requests"],
            Value::Null,
            "3 is hidden"
        );
        assert_eq!(
            province("limburg")["collaboration_value_eur"],
            Value::Null,
            "fewer than 5 make it"
        );
        let (status, bad) = app.get_json("/api/v1/stats?from=2026-02-30").await;
        assert_eq!(status, 422, "a date in form that is no day");
        assert!(
            bad["message"].as_str().expect("message").contains("'from'"),
            "{bad}"
        );
        let (status, bad) = app.get_json("/api/v1/stats?from=1%20maart").await;
        assert_eq!(status, 400, "no date at all");
        assert!(
            bad["message"].as_str().expect("message").contains("'from'"),
            "{bad}"
        );
        let (status, _, page) = app.get(&format!("/cijfers?{MARCH}")).await;
        assert_eq!(status, 200);
        assert!(
            page.contains("verborgen") && page.contains("Modellicentie Gratis Hergebruik"),
            "{page}"
        );
        let (status, _, csv) = app.get(&format!("/cijfers.csv?{MARCH}")).await;
        assert_eq!(status, 200);
        assert!(csv.contains("searches;;;0;0;0;15"), "{csv}");

        // Nobody signed in is sent to sign in; a company may not; a province administrator reads their own
        // province and the Flanders totals, never another province's detail.
        for path in [
            "/admin/evaluatie",
            "/admin/evaluatie.csv",
            "/admin/evaluatie.json",
            "/admin/rapport",
        ] {
            let (status, headers, _) = app.get_as(path, "").await;
            assert_eq!(status, 303, "{path}");
            assert_eq!(headers["location"], "/admin/aanmelden", "{path}");
        }
        let company = person(app.db("limburg"), "inkoop@bedrijf.example", Role::Company).await;
        let (status, _, _) = app.get_as("/admin/evaluatie", &company.cookie).await;
        assert_eq!(status, 403);
        let local = person(
            app.db("limburg"),
            "beheer@limburg.example",
            Role::ProvinceAdmin,
        )
        .await;
        let (status, _, body) = app
            .get_as(&format!("/admin/evaluatie.json?{MARCH}"), &local.cookie)
            .await;
        assert_eq!(status, 200, "{body}");
        let json: Value = serde_json::from_str(&body).expect("JSON");
        let columns = &json["sections"][0]["columns"];
        assert_eq!(columns, &json!([LIMBURG, "Vlaanderen"]));
        assert_eq!(
            cell(
                &json,
                "matrix_aanvragen",
                "matrix_aanvragen:antwerpen",
                LIMBURG
            ),
            json!(1.0)
        );
        assert_eq!(
            cell(
                &json,
                "matrix_aanvragen",
                "matrix_aanvragen:antwerpen",
                ANTWERPEN
            ),
            Value::Null
        );
        assert!(!body.contains("Atelier Schelde"));
        for other in [
            "/admin/evaluatie?province=antwerpen",
            "/admin/rapport?province=antwerpen",
            "/admin/evaluatie.csv?province=antwerpen",
        ] {
            let (status, _, _) = app.get_as(other, &local.cookie).await;
            assert_eq!(status, 404, "{other}");
        }
    }
);

on_both_backends!(
    the_rollups_agree_with_a_recount_from_the_raw_rows,
    |app: TestApp| async move {
        scenario(&app).await;
        for slug in ["limburg", "antwerpen"] {
            let db = app.db(slug);
            let kept = db.rollup_snapshot().await.expect("snapshot");
            db.rebuild_rollups().await.expect("rebuild");
            assert_eq!(
                db.rollup_snapshot().await.expect("snapshot"),
                kept,
                "{slug}"
            );
            assert!(
                !kept.counts.is_empty() && !kept.facts.is_empty(),
                "{slug} has rollups"
            );
        }
    }
);
