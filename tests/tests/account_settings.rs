//! Changing one's password and e-mail address while signed in.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use doeners_domain::Email;
use doeners_tests::{
    TestApp,
    mail::{all, newest},
    on_both_backends,
    people::{csrf_of, register_company, sign_in},
};

const OLD: &str = "zeven zeeën zeilen";
const NEW: &str = "acht ankers aan boord";

on_both_backends!(
    a_new_password_ends_other_sessions_and_a_new_address_counts_once_confirmed,
    |app: TestApp| async move {
        let cookie = register_company(
            &app,
            "limburg",
            "koper@fabriek.example",
            OLD,
            "Fabriek Bree",
        )
        .await;
        let elsewhere = sign_in(&app, "limburg", "koper@fabriek.example", OLD).await;
        let csrf = csrf_of(&app, "limburg", &cookie).await;

        let company = |size: &'static str| {
            [
                ("csrf", csrf.clone()),
                ("name", "Fabriek Bree nv".to_string()),
                ("sector", "c".to_string()),
                ("size", size.to_string()),
                ("postal_code", "3960".to_string()),
            ]
        };
        let pairs = |f: &[(&'static str, String); 5]| -> Vec<(&'static str, String)> { f.to_vec() };
        let send = |f: Vec<(&'static str, String)>| {
            let cookie = cookie.clone();
            let app = &app;
            async move {
                let p: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form_as("/limburg/account/bedrijf", &cookie, &p)
                    .await
                    .0
            }
        };
        assert_eq!(
            send(pairs(&company("reusachtig"))).await,
            422,
            "a bad size is refused"
        );
        assert_eq!(send(pairs(&company("middelgroot"))).await, 303);
        let account = app
            .db("limburg")
            .account_by_email(&Email::parse("koper@fabriek.example").expect("address"))
            .await
            .expect("read")
            .expect("there");
        let profile = app
            .db("limburg")
            .company(account.id)
            .await
            .expect("read")
            .expect("profile");
        assert_eq!(
            (profile.name.as_str(), profile.size.slug()),
            ("Fabriek Bree nv", "middelgroot")
        );

        let (status, _, page) = app
            .post_form_as(
                "/limburg/account/wachtwoord",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("current_password", "fout"),
                    ("new_password", NEW),
                ],
            )
            .await;
        assert_eq!(status, 422, "{page}");
        let (status, _, page) = app
            .post_form_as(
                "/limburg/account/wachtwoord",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("current_password", OLD),
                    ("new_password", "wachtwoord123"),
                ],
            )
            .await;
        assert_eq!(status, 422, "the policy holds here too");
        assert!(page.contains("Nieuw wachtwoord"), "{page}");
        let (status, headers, _) = app
            .post_form_as(
                "/limburg/account/wachtwoord",
                &cookie,
                &[
                    ("csrf", &csrf),
                    ("current_password", OLD),
                    ("new_password", NEW),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let renewed = doeners_tests::people::session_cookie(&headers);
        let (status, _, _) = app.get_as("/limburg/account", &renewed).await;
        assert_eq!(status, 200, "this browser stays signed in");
        let (status, _, _) = app.get_as("/limburg/account", &elsewhere).await;
        assert_eq!(status, 303, "the other session has ended");
        sign_in(&app, "limburg", "koper@fabriek.example", NEW).await;

        let csrf = csrf_of(&app, "limburg", &renewed).await;
        let (status, _, _) = app
            .post_form_as(
                "/limburg/account/e-mailadres",
                &renewed,
                &[
                    ("csrf", &csrf),
                    ("current_password", NEW),
                    ("new_email", "aankoop@fabriek.example"),
                ],
            )
            .await;
        assert_eq!(status, 200);
        let notice = newest(&app.mail_dir);
        assert!(
            notice.contains("wordt gewijzigd"),
            "the old address is warned: {notice}"
        );
        let db = app.db("limburg");
        let old = Email::parse("koper@fabriek.example").expect("address");
        let new = Email::parse("aankoop@fabriek.example").expect("address");
        assert!(
            db.account_by_email(&old).await.expect("read").is_some(),
            "nothing changes before the link"
        );
        let link_mail = all(&app.mail_dir)
            .into_iter()
            .find(|m| m.contains("e-mailadres-bevestigen"))
            .expect("the confirmation message");
        assert!(
            link_mail.contains("aankoop@fabriek.example"),
            "sent to the new address"
        );
        let start = link_mail.find("token=").expect("token") + 6;
        let token: String = link_mail[start..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        let (status, _, _) = app
            .get(&format!("/limburg/e-mailadres-bevestigen?token={token}"))
            .await;
        assert_eq!(status, 200);
        assert!(db.account_by_email(&new).await.expect("read").is_some());
        assert!(db.account_by_email(&old).await.expect("read").is_none());
        let (status, _, _) = app
            .get(&format!("/limburg/e-mailadres-bevestigen?token={token}"))
            .await;
        assert_eq!(status, 400, "the link works once");
    }
);
