//! The house the use cases live in: each runs in one transaction, so a failure halfway leaves nothing of it
//! behind; a search is counted where it was asked; a mail outlives an SMTP server that refuses it.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use std::time::Duration;

use doeners_domain::{Email, OfferStatus, OrganisationStatus, access::Role};
use doeners_persistence::Database;
use doeners_tests::{
    TestApp, on_both_backends,
    people::{draft_organisation, flanders_admin, offer, person, published_organisation},
};
use sea_orm::{ConnectionTrait, DatabaseBackend};

/// Makes every insert into `table` for which `condition` (SQL on the new row, `NEW.…`) holds fail, as a full
/// disk or a broken constraint would: the failure lands in the middle of a use case's transaction.
async fn fail_inserts(db: &Database, table: &str, condition: &str) {
    let conn = db.connection_for_tests();
    let statements = match conn.get_database_backend() {
        DatabaseBackend::Postgres => vec![
            format!(
                "CREATE OR REPLACE FUNCTION injected_fault_{table}() RETURNS trigger AS $$ \
                 BEGIN RAISE EXCEPTION 'injected fault'; END $$ LANGUAGE plpgsql"
            ),
            format!(
                "CREATE TRIGGER injected_fault_{table} BEFORE INSERT ON {table} FOR EACH ROW \
                 WHEN ({condition}) EXECUTE FUNCTION injected_fault_{table}()"
            ),
        ],
        _ => vec![format!(
            "CREATE TRIGGER injected_fault_{table} BEFORE INSERT ON {table} WHEN {condition} \
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
        )],
    };
    for sql in statements {
        conn.execute_unprepared(&sql).await.expect("trigger");
    }
}

async fn count(db: &Database, table: &str) -> i64 {
    let row = db
        .connection_for_tests()
        .query_one_raw(sea_orm::Statement::from_string(
            db.connection_for_tests().get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .expect("count")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("n")
}

on_both_backends!(
    a_registration_whose_mail_cannot_be_queued_stores_nothing,
    |app: TestApp| async move {
        let db = app.db("limburg");
        fail_inserts(db, "mail_outbox", "NEW.recipient LIKE 'faalt%'").await;
        let (status, _, _) = app
            .post_form(
                "/limburg/registreren",
                &[
                    ("email", "faalt@bedrijf.example"),
                    ("password", "een lang genoeg wachtwoord"),
                    ("name", "Bedrijf dat faalt"),
                    ("sector", "c"),
                    ("size", "klein"),
                    ("postal_code", "3500"),
                ],
            )
            .await;
        assert_eq!(status, 500);
        let email = Email::parse("faalt@bedrijf.example").expect("address");
        assert!(
            db.account_by_email(&email).await.expect("read").is_none(),
            "no account without its verification mail"
        );
        for table in [
            "accounts",
            "companies",
            "email_tokens",
            "audit_log",
            "mail_outbox",
        ] {
            assert_eq!(count(db, table).await, 0, "{table} is empty");
        }
    }
);

on_both_backends!(
    an_approval_whose_audit_entry_fails_publishes_nothing,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let admin = person(db, "beheer@limburg.example", Role::ProvinceAdmin).await;
        let org = draft_organisation(db, "Groenwerk Genk", "3600").await;
        let applicant = person(db, "jan@groenwerk.example", Role::Applicant(org.id)).await;
        let outbox_before = count(db, "outbox").await;
        let mail_before = count(db, "mail_outbox").await;
        fail_inserts(db, "audit_log", "NEW.action = 'applicant.approved'").await;
        let (status, _, _) = app
            .post_form_as(
                &format!("/limburg/beheer/aanvragen/{}", applicant.account),
                &admin.cookie,
                &[("csrf", &admin.csrf), ("decision", "approve")],
            )
            .await;
        assert_eq!(status, 500);
        let account = db
            .account(applicant.account)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(account.role, Role::Applicant(org.id), "still an applicant");
        let org = db
            .organisation_by_id(org.id)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(org.status, OrganisationStatus::Draft, "not published");
        assert_eq!(
            count(db, "outbox").await,
            outbox_before,
            "no change announced"
        );
        assert_eq!(
            count(db, "mail_outbox").await,
            mail_before,
            "no mail queued"
        );
    }
);

on_both_backends!(
    an_offer_edit_whose_audit_entry_fails_changes_nothing,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let org = published_organisation(db, "Atelier Hasselt", "3500").await;
        let member = person(db, "lid@atelier.example", Role::Member(org.id)).await;
        let own = offer(db, org.id, "Handverpakking", OfferStatus::Published).await;
        let outbox_before = count(db, "outbox").await;
        fail_inserts(db, "audit_log", "NEW.action = 'offer.edited'").await;
        let (status, _, _) = app
            .post_form_as(
                &format!("/limburg/organisaties/{}/aanbod/{}", org.slug, own.offer.id),
                &member.cookie,
                &[
                    ("csrf", &member.csrf),
                    ("title", "Handverpakking op maat"),
                    ("category", "handverpakking"),
                    ("execution_mode", "eigen-atelier"),
                    ("service_area", "vlaanderen"),
                    ("description", "Manueel verpakken in ons atelier."),
                    ("status", "published"),
                ],
            )
            .await;
        assert_eq!(status, 500);
        let after = db
            .offer_of(org.id, own.offer.id)
            .await
            .expect("read")
            .expect("there");
        assert_eq!(after.offer.draft.title, "Handverpakking", "the title stays");
        assert_eq!(
            count(db, "outbox").await,
            outbox_before,
            "no change announced"
        );
    }
);

on_both_backends!(
    an_invitation_whose_mail_cannot_be_queued_creates_no_administrator,
    |app: TestApp| async move {
        let federation = &**app.state.federation().database();
        let flanders = flanders_admin(federation, "vlaanderen@doeners.example").await;
        let limburg = app.db("limburg");
        fail_inserts(limburg, "mail_outbox", "NEW.recipient LIKE 'faalt%'").await;
        let federation_log = count(federation, "audit_log").await;
        let (status, _, _) = app
            .post_form_as(
                "/admin/limburg/beheerders",
                &flanders.cookie,
                &[
                    ("csrf", &flanders.csrf),
                    ("email-limburg", "faalt@limburg.example"),
                ],
            )
            .await;
        assert_eq!(status, 500);
        let email = Email::parse("faalt@limburg.example").expect("address");
        assert!(
            limburg
                .account_by_email(&email)
                .await
                .expect("read")
                .is_none()
        );
        for table in ["accounts", "email_tokens", "audit_log", "mail_outbox"] {
            assert_eq!(count(limburg, table).await, 0, "{table} is empty");
        }
        assert_eq!(
            count(federation, "audit_log").await,
            federation_log,
            "the federation records no invitation that did not happen"
        );
    }
);

on_both_backends!(
    an_api_search_naming_a_portal_counts_for_no_province,
    |app: TestApp| async move {
        app.seed().await;
        app.index().await;
        let since = chrono::Utc::now() - chrono::Duration::hours(1);
        for _ in 0..5 {
            let (status, _) = app
                .get_json("/api/v1/search?q=groenonderhoud&portal=limburg")
                .await;
            assert_eq!(status, 200);
        }
        let (status, _, _) = app.get("/limburg/zoeken?q=groenonderhoud").await;
        assert_eq!(status, 200);
        let federation = app.state.federation().database();
        let mut api = 0;
        for _ in 0..300 {
            api = count(federation, "search_log WHERE source = 'api'").await;
            if api >= 5
                && app
                    .db("limburg")
                    .search_counts(since)
                    .await
                    .expect("counts")
                    .searches
                    >= 1
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(api, 5, "recorded as API searches");
        let limburg = app
            .db("limburg")
            .search_counts(since)
            .await
            .expect("counts");
        assert_eq!(
            limburg.searches, 1,
            "only the portal's own search counts for Limburg"
        );
    }
);

/// An SMTP server on a free port that answers the first `refusals` connections with 421 and accepts every
/// message after that; returns its port and the messages it accepted.
async fn smtp_server(refusals: usize) -> (u16, std::sync::Arc<tokio::sync::Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen");
    let port = listener.local_addr().expect("addr").port();
    let accepted = std::sync::Arc::new(tokio::sync::Mutex::new(Vec::new()));
    let store = accepted.clone();
    tokio::spawn(async move {
        let mut connections = 0;
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            connections += 1;
            let (read, mut write) = socket.into_split();
            if connections <= refusals {
                let _ = write
                    .write_all(b"421 4.3.2 Service not available, try again later\r\n")
                    .await;
                continue;
            }
            let store = store.clone();
            tokio::spawn(async move {
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut data = None::<String>;
                while let Ok(Some(line)) = lines.next_line().await {
                    if let Some(body) = data.as_mut() {
                        if line == "." {
                            store.lock().await.push(data.take().unwrap_or_default());
                            let _ = write.write_all(b"250 2.0.0 queued\r\n").await;
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line.to_ascii_uppercase();
                    let reply: &[u8] = if verb.starts_with("EHLO") || verb.starts_with("HELO") {
                        b"250 test\r\n"
                    } else if verb.starts_with("DATA") {
                        data = Some(String::new());
                        b"354 go ahead\r\n"
                    } else if verb.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        return;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, accepted)
}

on_both_backends!(
    a_mail_survives_an_smtp_server_that_refuses_twice_and_is_delivered_once,
    |app: TestApp| async move {
        let (port, accepted) = smtp_server(2).await;
        let db = app.db("limburg");
        let to = Email::parse("koper@bedrijf.example").expect("address");
        db.queue_mail(&to, "Welkom", "Welkom bij doeners.\n")
            .await
            .expect("queue");
        let mailer = doeners_app::mail::Mailer::new(
            &format!("smtp://127.0.0.1:{port}"),
            std::env::temp_dir(),
            "doeners <noreply@doeners.example>",
        )
        .expect("mailer");
        let postman = doeners_app::mail::Postman::new(
            vec![Database::clone(db)],
            mailer,
            doeners_app::mail::Backoff {
                first: Duration::from_millis(50),
                max: Duration::from_millis(200),
            },
            doeners_app::Bell::default(),
        );
        let mut sent = 0;
        let mut passes = 0;
        while sent == 0 && passes < 100 {
            sent += postman.deliver_due().await;
            passes += 1;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(sent, 1, "delivered after the refusals");
        assert!(
            passes >= 3,
            "two refused attempts came first ({passes} passes)"
        );
        for _ in 0..10 {
            assert_eq!(postman.deliver_due().await, 0, "nothing is sent twice");
        }
        let accepted = accepted.lock().await;
        assert_eq!(accepted.len(), 1, "{accepted:?}");
        assert!(
            accepted[0].contains("Welkom bij doeners."),
            "{}",
            accepted[0]
        );
        assert_eq!(db.mail_waiting().await.expect("waiting"), 0);
    }
);

on_both_backends!(
    a_message_for_another_province_waits_in_the_outbox_and_the_index_never_sees_it,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let org = published_organisation(db, "Atelier Hasselt", "3500").await;
        let (_, before) = db.changes_since(Default::default()).await.expect("feed");
        let message = doeners_domain::Message {
            id: uuid::Uuid::now_v7(),
            destination: doeners_domain::TenantSlug::parse("vlaams-brabant").expect("slug"),
            conversation: uuid::Uuid::now_v7(),
            sender: doeners_domain::Sender {
                province: doeners_domain::TenantSlug::parse("limburg").expect("slug"),
                account: doeners_domain::AccountId::new(),
                role: Role::Member(org.id),
            },
            kind: "contact_request.sent".to_string(),
            payload: r#"{"message": "Kunnen jullie 2.000 dozen per week vouwen?"}"#.to_string(),
        };
        let tx = db.begin().await.expect("begin");
        tx.send_message(&message).await.expect("send");
        tx.commit().await.expect("commit");
        assert_eq!(
            count(db, "outbox WHERE destination = 'vlaams-brabant'").await,
            1,
            "the message waits for the relay"
        );
        let (changes, after) = db.changes_since(before).await.expect("feed");
        assert!(
            changes.is_empty(),
            "not a change of public data: {changes:?}"
        );
        if db.connection_for_tests().get_database_backend() == DatabaseBackend::Sqlite {
            assert!(after.seq > before.seq, "the position moves past it");
        }
    }
);

/// A pool of its own on `db`'s database, for rolling its schema back the way an older release left it.
async fn raw_pool(db: &Database) -> sea_orm::DatabaseConnection {
    let location = db.location();
    let mut options = sea_orm::ConnectOptions::new(location.connect_url());
    if let doeners_persistence::DatabaseLocation::Postgres {
        schema: Some(schema),
        ..
    } = location
    {
        options.set_schema_search_path(schema.clone());
    }
    sea_orm::Database::connect(options).await.expect("connect")
}

on_both_backends!(
    the_mail_message_and_collaboration_migrations_keep_a_province_s_data,
    |app: TestApp| async move {
        use doeners_migrations::MigratorTrait;
        let db = app.db("limburg");
        let pool = raw_pool(db).await;
        // The schema as the previous release left it, holding a province's data written by that release.
        // Back before the mail outbox, the outbox messages, collaboration and the evaluation's rollups
        // (migrations 8 to 12).
        doeners_migrations::Migrator::down(&pool, Some(5))
            .await
            .expect("back to the previous schema");
        db.seed_demo("70000").await.expect("demo data");
        pool.execute_unprepared(
            "INSERT INTO search_log (id, searched_at, query, filters, result_count) \
             VALUES ('0190a000-0000-7000-8000-000000000001', CURRENT_TIMESTAMP, 'groen', '{}', 0)",
        )
        .await
        .expect("an old search");
        let organisations = count(db, "organisations").await;
        let changes = count(db, "outbox").await;
        assert!(organisations > 0 && changes > 0);

        db.migrate()
            .await
            .expect("the new migrations on a database with data");
        assert_eq!(count(db, "organisations").await, organisations);
        assert_eq!(
            count(db, "outbox WHERE destination IS NULL").await,
            changes,
            "old rows are changes"
        );
        assert_eq!(
            count(db, "search_log WHERE source = 'portal'").await,
            1,
            "an old search was a portal's"
        );
        // The rollups start empty and unbuilt; the rebuild the server runs at start counts the old search.
        assert!(!db.rollups_built().await.expect("rollups"));
        db.rebuild_rollups().await.expect("rebuild");
        assert_eq!(
            count(db, "daily_counts WHERE measure = 'searches'").await,
            1
        );
        assert!(db.rollups_built().await.expect("rollups"));
        let (feed, _) = db.changes_since(Default::default()).await.expect("feed");
        assert_eq!(
            feed.len() as i64,
            changes,
            "the projector still reads every old change"
        );
        app.index().await;
        let (status, found) = app
            .get_json("/api/v1/search?province=limburg&per_page=1")
            .await;
        assert_eq!(status, 200);
        assert!(found["total"].as_u64().unwrap_or_default() > 0, "{found}");
        assert_eq!(db.mail_waiting().await.expect("mail table"), 0);
        // The old changes are no messages: the relay finds nothing to deliver, and exchanges can be written.
        assert!(db.destinations_waiting().await.expect("outbox").is_empty());
        assert_eq!(db.relay_backlog().await.expect("outbox").0, 0);
        assert!(
            db.exchanges_in("contact_request", &["sent"])
                .await
                .expect("exchanges")
                .is_empty()
        );

        // The federation database: a queued mail survives the unsubscribe column's migration and is sent as before.
        let federation = app.state.federation().database();
        let email = doeners_domain::Email::parse("beheer@vlaanderen.example").expect("address");
        federation
            .queue_mail(&email, "Uitnodiging", "Welkom")
            .await
            .expect("queued");
        let federation_pool = raw_pool(federation).await;
        doeners_migrations::FederationMigrator::down(&federation_pool, Some(2))
            .await
            .expect("back before the unsubscribe column and the search rollups");
        federation
            .migrate()
            .await
            .expect("forward again, with a mail waiting");
        assert_eq!(federation.mail_waiting().await.expect("mail"), 1);
        app.postman.deliver_due().await;
        assert_eq!(
            federation.mail_waiting().await.expect("mail"),
            0,
            "sent after the migration"
        );
    }
);

/// The web layer reaches a province's data only through the use cases: it does not depend on the repositories'
/// crate, and it never asks a `Tenant` or the `Federation` for its database.
#[test]
fn the_web_layer_reaches_data_only_through_use_cases() {
    let http = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/http");
    let manifest = std::fs::read_to_string(http.join("Cargo.toml")).expect("manifest");
    for crate_name in ["doeners-persistence", "sea-orm", "doeners-migrations"] {
        assert!(
            !manifest.contains(crate_name),
            "crates/http depends on {crate_name}"
        );
    }
    let mut dirs = vec![http.join("src")];
    let mut read = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_some_and(|x| x == "rs") {
                let source = std::fs::read_to_string(&path).expect("source");
                assert!(
                    !source.contains(".database()"),
                    "{} reaches a database past the use cases",
                    path.display()
                );
                read += 1;
            }
        }
    }
    assert!(read > 30, "read only {read} files of crates/http");
}
