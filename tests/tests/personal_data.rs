//! A company downloads its data and deletes its account; afterwards its name and address are nowhere in any
//! province's database (on SQLite: not even in the files' free pages or write-ahead logs), nor in the index.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use doeners_tests::{
    TestApp, on_both_backends,
    people::{csrf_of, register_company},
};
use sea_orm::{ConnectionTrait, Statement};

const NAME: &str = "Bakkerij Uniek Janssens";
/// The name it registered with, before renaming: gone too.
const FORMER_NAME: &str = "Bakkerij Vroeger Peeters";
const EMAIL: &str = "uniek.janssens@bakkerij.example";
const PASSWORD: &str = "krokante pistolets om zes";

/// Every row of every table of the tenant's database, as text (PostgreSQL).
async fn postgres_rows(db: &doeners_persistence::TenantDatabase) -> String {
    let conn = db.connection_for_tests();
    let backend = conn.get_database_backend();
    let tables = conn
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = current_schema()",
        ))
        .await
        .expect("tables");
    let mut all = String::new();
    for table in tables {
        let name: String = table.try_get("", "t").expect("name");
        let rows = conn
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT CAST(r AS text) AS row FROM \"{name}\" r"),
            ))
            .await
            .expect("rows");
        for row in rows {
            all.push_str(&row.try_get::<String>("", "row").expect("row"));
            all.push('\n');
        }
    }
    all
}

/// Every byte of every SQLite file in the directory (databases, write-ahead logs), lossily as text.
fn sqlite_bytes(dir: &std::path::Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            all.push_str(&String::from_utf8_lossy(
                &std::fs::read(&path).expect("read"),
            ));
        }
    }
    all
}

async fn everything(app: &TestApp) -> String {
    match app.sqlite_dir() {
        Some(dir) => sqlite_bytes(dir),
        None => {
            let mut all = String::new();
            for tenant in app.state.tenants() {
                all.push_str(&postgres_rows(tenant.database()).await);
            }
            all
        }
    }
}

on_both_backends!(
    an_exported_then_deleted_company_leaves_no_name_or_address_behind,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let cookie = register_company(&app, "limburg", EMAIL, PASSWORD, FORMER_NAME).await;
        let csrf = csrf_of(&app, "limburg", &cookie).await;
        let (status, _, _) = app
            .post_form_as(
                "/limburg/account/bedrijf",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("name", NAME),
                    ("sector", "c"),
                    ("size", "micro"),
                    ("postal_code", "3500"),
                ],
            )
            .await;
        assert_eq!(status, 303, "the company renames itself first");
        let (status, _, _) = app.get_as("/limburg/zoeken?q=verpakking", &cookie).await;
        assert_eq!(status, 200);

        let (status, headers, body) = app.get_as("/limburg/account/gegevens", &cookie).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(headers["cache-control"], "no-store");
        assert!(
            headers["content-disposition"]
                .to_str()
                .expect("text")
                .starts_with("attachment")
        );
        let data: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(data["account"]["e-mailadres"], EMAIL);
        assert_eq!(data["bedrijf"]["naam"], NAME);
        assert_eq!(data["zoekopdrachten"][0]["zoekterm"], "verpakking");
        assert!(
            data["handelingen"]
                .as_array()
                .expect("list")
                .iter()
                .any(|h| h["wat"] == "login"),
            "{data}"
        );
        assert!(
            everything(&app).await.contains(EMAIL),
            "the address is stored before"
        );

        let csrf = csrf_of(&app, "limburg", &cookie).await;
        let (status, _, _) = app
            .post_form_as(
                "/limburg/account/verwijderen",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("current_password", "niet mijn wachtwoord"),
                ],
            )
            .await;
        assert_eq!(status, 422, "a wrong password deletes nothing");
        let (status, _, _) = app
            .post_form_as(
                "/limburg/account/verwijderen",
                &cookie,
                &[("csrf", "vervalst"), ("current_password", PASSWORD)],
            )
            .await;
        assert_eq!(
            status, 403,
            "a form without the session's token deletes nothing"
        );
        assert!(everything(&app).await.contains(EMAIL));

        let (status, headers, page) = app
            .post_form_as(
                "/limburg/account/verwijderen",
                &cookie,
                &[("csrf", &csrf), ("current_password", PASSWORD)],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        assert!(
            headers["set-cookie"]
                .to_str()
                .expect("text")
                .contains("Max-Age=0")
        );
        let (status, headers, _) = app.get_as("/limburg/account", &cookie).await;
        assert_eq!(
            (status, &headers["location"]),
            (303, &"/limburg/aanmelden".parse().expect("header"))
        );

        let stored = everything(&app).await;
        for gone in [EMAIL, NAME, FORMER_NAME] {
            assert!(!stored.contains(gone), "'{gone}' is still stored");
        }
        let log = app.db("limburg").audit_log(50).await.expect("log");
        assert!(
            log.iter().any(|e| e.action == "account.deleted"),
            "the deletion is in the audit log"
        );
        let (_, found) = app
            .get_json(&format!("/api/v1/search?q={}", NAME.replace(' ', "+")))
            .await;
        assert_eq!(found["total"], 0, "the index never held the company");
        let (status, _) = app.get_json("/api/v1/search?q=verpakking").await;
        assert_eq!(status, 200);
        assert_eq!(
            app.db("limburg")
                .search_counts(chrono::Utc::now() - chrono::Duration::hours(1))
                .await
                .expect("counts")
                .searches,
            1,
            "the search still counts, anonymously"
        );
    }
);
