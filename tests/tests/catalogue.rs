//! The province catalogue on real databases: demo data, what the public sees, and the walls between provinces.

use doeners_domain::CategoryRef;
use doeners_persistence::{
    OrganisationFilter, Page,
    entities::{organisation, outbox},
};
use doeners_tests::{Backend, TestApp, on_both_backends};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr,
};

const ALL: Page = Page {
    number: 1,
    per_page: 100,
};

on_both_backends!(
    demo_seed_fills_every_province_and_is_idempotent,
    |app: TestApp| async move {
        for tenant in app.state.tenants() {
            let first = tenant
                .database()
                .seed_demo(&tenant.profile.nis_code)
                .await
                .expect("seed");
            assert!(
                (40..=80).contains(&first.organisations_created),
                "{}: {first:?}",
                tenant.profile.slug
            );
            assert!(first.offers_created >= first.organisations_created);
            let events = outbox::Entity::find()
                .count(tenant.database().connection_for_tests())
                .await
                .expect("count");
            assert_eq!(
                events as usize,
                first.organisations_created + first.offers_created
            );

            let second = tenant
                .database()
                .seed_demo(&tenant.profile.nis_code)
                .await
                .expect("seed again");
            assert!(!second.changed_anything(), "{second:?}");
            assert_eq!(second.organisations_unchanged, first.organisations_created);
            assert_eq!(
                outbox::Entity::find()
                    .count(tenant.database().connection_for_tests())
                    .await
                    .expect("count"),
                events
            );
        }
    }
);

on_both_backends!(
    withdrawn_organisations_are_not_public,
    |app: TestApp| async move {
        app.seed().await;
        let db = app.db("limburg");
        let before = db
            .published_organisations(OrganisationFilter::default(), ALL)
            .await
            .expect("list");
        let victim = before.items.first().expect("some organisation").clone();
        organisation::Entity::update_many()
            .col_expr(organisation::Column::Status, Expr::value("withdrawn"))
            .filter(organisation::Column::Id.eq(victim.id.as_uuid()))
            .exec(db.connection_for_tests())
            .await
            .expect("withdraw");

        let after = db
            .published_organisations(OrganisationFilter::default(), ALL)
            .await
            .expect("list");
        assert_eq!(after.total, before.total - 1);
        assert!(after.items.iter().all(|o| o.id != victim.id));
        assert!(
            db.published_organisation(victim.slug.as_str())
                .await
                .expect("get")
                .is_none()
        );
        let offers = db
            .published_offers(
                None,
                Page {
                    number: 1,
                    per_page: 100,
                },
            )
            .await
            .expect("offers");
        assert!(offers.items.iter().all(|l| l.organisation.id != victim.id));
        let (orgs, _) = db.published_counts().await.expect("counts");
        assert_eq!(orgs, after.total);
    }
);

on_both_backends!(
    each_province_reads_only_its_own_rows,
    |app: TestApp| async move {
        app.seed().await;
        for tenant in app.state.tenants() {
            let page = tenant
                .database()
                .published_organisations(OrganisationFilter::default(), ALL)
                .await
                .expect("list");
            assert!(page.total > 0);
            for org in &page.items {
                assert_eq!(
                    org.draft.address.municipality.province_nis, tenant.profile.nis_code,
                    "{}",
                    org.draft.name
                );
            }
        }
    }
);

on_both_backends!(
    filters_by_category_group_and_kind,
    |app: TestApp| async move {
        app.seed().await;
        let db = app.db("oost-vlaanderen");
        let group = CategoryRef::parse("groen").expect("group");
        let filter = OrganisationFilter {
            category: Some(group),
            kind: None,
        };
        let green = db.published_organisations(filter, ALL).await.expect("list");
        assert!(green.total > 0);
        for org in &green.items {
            let (_, offers) = db
                .published_organisation(org.slug.as_str())
                .await
                .expect("get")
                .expect("published");
            assert!(
                offers
                    .iter()
                    .any(|o| o.draft.category.group().slug == "groen"),
                "{}",
                org.draft.name
            );
        }
        let kind = doeners_domain::OrganisationKind::Maatwerkbedrijf;
        let filter = OrganisationFilter {
            category: None,
            kind: Some(kind),
        };
        let page = db.published_organisations(filter, ALL).await.expect("list");
        assert!(page.items.iter().all(|o| o.draft.kind == kind));
        let offers = db.published_offers(Some(group), ALL).await.expect("offers");
        assert!(
            offers.total > 0
                && offers
                    .items
                    .iter()
                    .all(|l| l.offer.draft.category.group().slug == "groen")
        );
        let counts = db.offer_counts_by_category().await.expect("counts");
        let green_total: u64 = counts
            .iter()
            .filter(|(slug, _)| group.covered_slugs().contains(&slug.as_str()))
            .map(|(_, n)| n)
            .sum();
        assert_eq!(green_total, offers.total);
    }
);

on_both_backends!(paging_is_stable_and_complete, |app: TestApp| async move {
    app.seed().await;
    let db = app.db("antwerpen");
    let total = db
        .published_offers(
            None,
            Page {
                number: 1,
                per_page: 7,
            },
        )
        .await
        .expect("p1")
        .total;
    let mut seen = std::collections::HashSet::new();
    for number in 1..=total.div_ceil(7) {
        let page = db
            .published_offers(
                None,
                Page {
                    number,
                    per_page: 7,
                },
            )
            .await
            .expect("page");
        for l in page.items {
            assert!(seen.insert(l.offer.id), "an offer appeared on two pages");
        }
    }
    assert_eq!(seen.len() as u64, total);
});

/// Readers must not wait for the projector, an import or the search log: SQLite tenants log ahead.
#[tokio::test]
async fn sqlite_tenants_write_ahead_so_readers_do_not_wait() {
    let Some(app) = TestApp::new(Backend::Sqlite).await else {
        return;
    };
    let row = app
        .db("limburg")
        .connection_for_tests()
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DatabaseBackend::Sqlite,
            "PRAGMA journal_mode",
        ))
        .await
        .expect("pragma")
        .expect("a row");
    let mode: String = row.try_get_by_index(0).expect("text");
    assert_eq!(mode, "wal");
}
