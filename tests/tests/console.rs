//! The Flanders administrators' console: its own session, every province at a glance, and the province
//! administrators it invites, suspends and removes.

// A failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use doeners_domain::{Email, access::Role};
use doeners_tests::{
    TestApp,
    mail::newest,
    on_both_backends,
    people::{flanders_admin, person},
};

on_both_backends!(
    the_console_invites_suspends_and_removes_province_administrators,
    |app: TestApp| async move {
        let federation = &**app.state.federation().database();
        let flanders = flanders_admin(federation, "vlaanderen@doeners.example").await;
        let limburg = app.db("limburg");
        let local = person(limburg, "beheer@limburg.example", Role::ProvinceAdmin).await;

        // A province administrator is admitted and sees their own province only, without the forms that
        // manage administrators.
        let (status, _, page) = app.get_as("/admin", &local.cookie).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Provincie limburg"), "{page}");
        assert!(!page.contains("Provincie antwerpen"), "{page}");
        assert!(!page.contains("Uitnodigen"), "{page}");
        let (status, _, _) = app.get_as("/admin/limburg/logboek", &local.cookie).await;
        assert_eq!(status, 200, "their own province's audit log");
        let (status, _, _) = app.get_as("/admin/antwerpen/logboek", &local.cookie).await;
        assert_eq!(status, 404, "not another province's");

        let (status, _, page) = app.get_as("/admin", &flanders.cookie).await;
        assert_eq!(status, 200, "{page}");
        for province in [
            "Provincie limburg",
            "Provincie antwerpen",
            "beheer@limburg.example",
        ] {
            assert!(page.contains(province), "{province}: {page}");
        }

        let (status, _, _) = app
            .post_form_as(
                "/admin/limburg/beheerders",
                &flanders.cookie,
                &[
                    ("csrf", &flanders.csrf),
                    ("email-limburg", "nieuw@limburg.example"),
                ],
            )
            .await;
        assert_eq!(status, 303);
        let invitation = newest(&app.mail_dir);
        assert!(
            invitation.contains("/limburg/wachtwoord-herstellen?token="),
            "{invitation}"
        );
        let invited = limburg
            .account_by_email(&Email::parse("nieuw@limburg.example").expect("address"))
            .await
            .expect("read")
            .expect("there");
        assert_eq!(invited.role, Role::ProvinceAdmin);

        let manage = format!("/admin/limburg/beheerders/{}", local.account);
        let (status, _, _) = app
            .post_form_as(
                &manage,
                &flanders.cookie,
                &[("csrf", "vervalst"), ("decision", "suspend")],
            )
            .await;
        assert_eq!(status, 403, "the console's forms carry its token");
        let (status, _, _) = app
            .post_form_as(
                &manage,
                &flanders.cookie,
                &[("csrf", &flanders.csrf), ("decision", "suspend")],
            )
            .await;
        assert_eq!(status, 303);
        let (status, _, _) = app.get_as("/limburg/beheer/aanvragen", &local.cookie).await;
        assert_eq!(status, 303, "a suspension ends the sessions at once");
        assert!(
            limburg
                .account(local.account)
                .await
                .expect("read")
                .expect("there")
                .suspended
        );

        let (status, _, _) = app
            .post_form_as(
                &manage,
                &flanders.cookie,
                &[("csrf", &flanders.csrf), ("decision", "remove")],
            )
            .await;
        assert_eq!(status, 303);
        assert!(
            limburg
                .account(local.account)
                .await
                .expect("read")
                .is_none()
        );
        let company = person(limburg, "bedrijf@limburg.example", Role::Company).await;
        let (status, _, _) = app
            .post_form_as(
                &format!("/admin/limburg/beheerders/{}", company.account),
                &flanders.cookie,
                &[("csrf", &flanders.csrf), ("decision", "remove")],
            )
            .await;
        assert_eq!(status, 404, "only province administrators are managed here");
        assert!(
            limburg
                .account(company.account)
                .await
                .expect("read")
                .is_some()
        );

        let actions: Vec<String> = limburg
            .audit_log(20)
            .await
            .expect("log")
            .into_iter()
            .map(|e| e.action)
            .collect();
        for action in [
            "province-admin.created",
            "province-admin.suspended",
            "province-admin.removed",
        ] {
            assert!(
                actions.contains(&action.to_string()),
                "{action} in {actions:?}"
            );
        }
        let console_log = federation.audit_log(20).await.expect("log");
        assert!(
            console_log
                .iter()
                .all(|e| e.actor == Some(flanders.account))
        );
        assert_eq!(console_log.len(), 3);
        let (status, _, page) = app.get_as("/admin/limburg/logboek", &flanders.cookie).await;
        assert_eq!(status, 200);
        // The console reads the province's log as sentences, with roles and no names.
        assert!(
            page.contains("Een beheerder van Vlaanderen verwijderde een beheerder."),
            "{page}"
        );
        assert!(!page.contains("province-admin.removed"));
    }
);
