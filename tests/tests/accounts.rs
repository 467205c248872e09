//! Accounts, e-mail tokens, sessions and the audit log on real databases.

use std::time::Duration;

use doeners_domain::{Email, OrganisationId, access::Role};
use doeners_persistence::{NewAccount, SessionPolicy, TokenPurpose};
use doeners_tests::{TestApp, on_both_backends};

fn company(email: &str) -> NewAccount {
    NewAccount {
        email: Email::parse(email).expect("address"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo".to_string(),
        role: Role::Company,
        company: None,
    }
}

on_both_backends!(
    an_address_has_one_account_per_province,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let id = db
            .create_account(&company("inkoop@bedrijf.be"))
            .await
            .expect("create")
            .expect("new");
        assert_eq!(
            db.create_account(&company("inkoop@BEDRIJF.be"))
                .await
                .expect("create"),
            None,
            "the same address, its domain in capitals"
        );
        let found = db
            .account_by_email(&Email::parse("inkoop@bedrijf.be").expect("address"))
            .await
            .expect("read")
            .expect("found");
        assert_eq!(
            (found.id, found.role, found.verified),
            (id, Role::Company, false)
        );
        // Another province is another database: the same address is a new account there.
        assert!(
            app.db("antwerpen")
                .create_account(&company("inkoop@bedrijf.be"))
                .await
                .expect("create")
                .is_some()
        );
        let member = NewAccount {
            role: Role::Member(OrganisationId::new()),
            ..company("lid@werkplaats.be")
        };
        let member_id = db
            .create_account(&member)
            .await
            .expect("create")
            .expect("new");
        assert_eq!(
            db.account(member_id).await.expect("read").map(|a| a.role),
            Some(member.role)
        );
    }
);

on_both_backends!(
    an_email_token_verifies_once_and_only_for_its_purpose,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let id = db
            .create_account(&company("aankoop@bedrijf.be"))
            .await
            .expect("create")
            .expect("new");
        let token = db
            .issue_email_token(id, TokenPurpose::VerifyEmail, Duration::from_secs(3600))
            .await
            .expect("token");
        assert_eq!(
            db.redeem_email_token(&token, TokenPurpose::ResetPassword)
                .await
                .expect("redeem"),
            None,
            "a verification token resets no password"
        );
        assert_eq!(
            db.redeem_email_token(&token, TokenPurpose::VerifyEmail)
                .await
                .expect("redeem"),
            Some(id)
        );
        assert!(db.account(id).await.expect("read").expect("found").verified);
        assert_eq!(
            db.redeem_email_token(&token, TokenPurpose::VerifyEmail)
                .await
                .expect("redeem"),
            None,
            "spent"
        );
        let expired = db
            .issue_email_token(id, TokenPurpose::ResetPassword, Duration::ZERO)
            .await
            .expect("token");
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(
            db.redeem_email_token(&expired, TokenPurpose::ResetPassword)
                .await
                .expect("redeem"),
            None,
            "expired"
        );
        assert_eq!(
            db.redeem_email_token("niet-uitgegeven", TokenPurpose::VerifyEmail)
                .await
                .expect("redeem"),
            None
        );
    }
);

on_both_backends!(
    sessions_end_when_idle_old_closed_or_suspended,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let id = db
            .create_account(&company("sessie@bedrijf.be"))
            .await
            .expect("create")
            .expect("new");
        let long = SessionPolicy::default();
        let first = db.open_session(id).await.expect("open");
        let second = db.open_session(id).await.expect("open");
        assert_ne!(first.id, second.id, "every login gets a new id");
        let active = db
            .active_session(&first.id, &long)
            .await
            .expect("read")
            .expect("active");
        assert_eq!(
            (active.account.id, active.csrf_token),
            (id, first.csrf_token.clone())
        );

        db.close_session(&first.id).await.expect("close");
        assert!(
            db.active_session(&first.id, &long)
                .await
                .expect("read")
                .is_none()
        );

        tokio::time::sleep(Duration::from_millis(20)).await;
        let idle = SessionPolicy {
            idle: Duration::from_millis(5),
            ..long
        };
        assert!(
            db.active_session(&second.id, &idle)
                .await
                .expect("read")
                .is_none()
        );
        assert!(
            db.active_session(&second.id, &long)
                .await
                .expect("read")
                .is_none(),
            "an expired session is gone, not just refused"
        );

        let third = db.open_session(id).await.expect("open");
        tokio::time::sleep(Duration::from_millis(20)).await;
        let short_lived = SessionPolicy {
            absolute: Duration::from_millis(5),
            ..long
        };
        assert!(
            db.active_session(&third.id, &short_lived)
                .await
                .expect("read")
                .is_none()
        );

        let fourth = db.open_session(id).await.expect("open");
        db.suspend_account(id).await.expect("suspend");
        assert!(
            db.active_session(&fourth.id, &long)
                .await
                .expect("read")
                .is_none()
        );
        assert!(
            db.account(id)
                .await
                .expect("read")
                .expect("found")
                .suspended
        );
        assert!(
            app.db("antwerpen")
                .active_session(&fourth.id, &long)
                .await
                .expect("read")
                .is_none(),
            "a session id means nothing in another province"
        );
    }
);

on_both_backends!(
    the_audit_log_keeps_who_did_what_newest_first,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let actor = db
            .create_account(&company("admin@limburg.be"))
            .await
            .expect("create")
            .expect("new");
        db.audit(
            None,
            "login.failed",
            "account:onbekend",
            serde_json::json!({ "reason": "wachtwoord" }),
        )
        .await
        .expect("audit");
        db.audit(
            Some(actor),
            "login",
            &format!("account:{actor}"),
            serde_json::json!({}),
        )
        .await
        .expect("audit");
        let log = db.audit_log(10).await.expect("read");
        assert_eq!(
            log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["login", "login.failed"]
        );
        assert_eq!(log[0].actor, Some(actor));
        assert!(
            app.db("antwerpen")
                .audit_log(10)
                .await
                .expect("read")
                .is_empty()
        );
    }
);

on_both_backends!(
    guessing_a_password_is_slowed_down,
    |app: TestApp| async move {
        let guess = [
            ("email", "doelwit@bedrijf.be"),
            ("password", "misschien dit wachtwoord"),
        ];
        for attempt in 1..=5 {
            let (status, _, _) = app.post_form("/limburg/aanmelden", &guess).await;
            assert_eq!(status, 401, "attempt {attempt} is answered");
        }
        let (status, headers, page) = app.post_form("/limburg/aanmelden", &guess).await;
        assert_eq!(status, 429);
        let wait: u64 = headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After in seconds");
        assert!((1..=60).contains(&wait), "{wait}");
        assert!(page.contains("te vaak"), "{page}");
        // The same address on another province's portal is another account.
        let (status, _, _) = app.post_form("/antwerpen/aanmelden", &guess).await;
        assert_eq!(status, 401);
        let log = app.db("limburg").audit_log(10).await.expect("audit");
        assert_eq!(log[0].action, "login.throttled");
        assert_eq!(log.iter().filter(|e| e.action == "login.failed").count(), 5);
    }
);

on_both_backends!(
    a_signed_in_company_is_recorded_with_its_searches,
    |app: TestApp| async move {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        app.seed().await;
        app.index().await;
        let db = app.db("limburg");
        let id = db
            .create_account(&company("zoeker@bedrijf.be"))
            .await
            .expect("create")
            .expect("new");
        let session = db.open_session(id).await.expect("open");
        let request = axum::http::Request::get("/limburg/zoeken?q=kuisen")
            .header("cookie", format!("sessie-limburg={}", session.id))
            .body(axum::body::Body::empty())
            .expect("request");
        let (status, _, _) = app.send(request).await;
        assert_eq!(status, 200);
        // The search log is written beside the answer, not before it.
        let mut recorded = None;
        for _ in 0..100 {
            recorded = doeners_persistence::entities::search_log::Entity::find()
                .filter(doeners_persistence::entities::search_log::Column::Query.eq("kuisen"))
                .one(db.connection_for_tests())
                .await
                .expect("read");
            if recorded.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let recorded = recorded.expect("the search is recorded");
        assert_eq!(recorded.company_id, Some(id.as_uuid()));
    }
);

on_both_backends!(
    a_forgotten_password_is_replaced_by_a_link_that_works_once,
    |app: TestApp| async move {
        let db = app.db("limburg");
        let id = db
            .create_account(&company("vergeetachtig@bedrijf.be"))
            .await
            .expect("create")
            .expect("new");
        let verify = db
            .issue_email_token(id, TokenPurpose::VerifyEmail, Duration::from_secs(60))
            .await
            .expect("token");
        db.redeem_email_token(&verify, TokenPurpose::VerifyEmail)
            .await
            .expect("verify");
        let old_session = db.open_session(id).await.expect("open");

        // An unknown address gets the same answer and no message.
        let (status, _, unknown) = app
            .post_form(
                "/limburg/wachtwoord-vergeten",
                &[("email", "niemand@bedrijf.be")],
            )
            .await;
        assert_eq!(status, 200);
        assert!(!app.mail_dir.exists(), "no message for an unknown address");
        let (status, _, known) = app
            .post_form(
                "/limburg/wachtwoord-vergeten",
                &[("email", "vergeetachtig@bedrijf.be")],
            )
            .await;
        assert_eq!((status, known), (200, unknown), "the same page either way");

        let mail = doeners_tests::mail::newest(&app.mail_dir);
        let link = mail
            .lines()
            .find(|l| l.contains("/limburg/wachtwoord-herstellen?token="))
            .expect("a link");
        let token = link.trim().rsplit("token=").next().expect("token");

        let (status, _, page) = app
            .post_form(
                "/limburg/wachtwoord-herstellen",
                &[("token", token), ("password", "wachtwoord2025")],
            )
            .await;
        assert_eq!(status, 422, "a weak password is refused");
        assert!(page.contains("makkelijk te raden"));
        let new_password = "een nieuwe lange zin voor doeners";
        let (status, _, _) = app
            .post_form(
                "/limburg/wachtwoord-herstellen",
                &[("token", token), ("password", new_password)],
            )
            .await;
        assert_eq!(status, 200, "the refused password did not spend the link");
        let (status, _, _) = app
            .post_form(
                "/limburg/wachtwoord-herstellen",
                &[("token", token), ("password", new_password)],
            )
            .await;
        assert_eq!(status, 400, "the link works once");

        assert!(
            db.active_session(&old_session.id, &SessionPolicy::default())
                .await
                .expect("read")
                .is_none(),
            "a new password ends the old sessions"
        );
        let (status, _, _) = app
            .post_form(
                "/limburg/aanmelden",
                &[
                    ("email", "vergeetachtig@bedrijf.be"),
                    ("password", new_password),
                ],
            )
            .await;
        assert_eq!(status, 303, "the new password signs in");
    }
);

on_both_backends!(
    one_address_gets_a_limited_number_of_messages_whoever_asks,
    |app: TestApp| async move {
        let request = |client: u8, email: &str| {
            let mut request = axum::http::Request::post("/limburg/wachtwoord-vergeten")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("sec-fetch-site", "same-origin")
                .body(axum::body::Body::from(format!(
                    "email={}",
                    email.replace('@', "%40")
                )))
                .expect("request");
            let from = std::net::SocketAddr::from(([192, 0, 2, client], 40000));
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(from));
            request
        };
        for client in 1..=5 {
            let (status, _, _) = app.send(request(client, "doelwit@bedrijf.be")).await;
            assert_eq!(status, 200, "request {client}");
        }
        let (status, headers, _) = app.send(request(6, "doelwit@bedrijf.be")).await;
        assert_eq!(
            status, 429,
            "a sixth client asking for the same address is slowed down"
        );
        assert!(headers.contains_key("retry-after"));
        let (status, _, _) = app.send(request(6, "iemand-anders@bedrijf.be")).await;
        assert_eq!(status, 200, "that client may still ask for another address");
    }
);
