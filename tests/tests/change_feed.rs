//! The change feed and the search projector on real databases: nothing skipped, nothing repeated.

use std::sync::Arc;

use doeners_domain::TenantSlug;
use doeners_persistence::{
    FeedPosition, PoolSettings, TenantDatabase,
    entities::{organisation, outbox},
};
use doeners_projector::{Feed, Projector};
use doeners_search::{SearchIndex, SearchRequest};
use doeners_tests::{TestApp, TestPostgres, on_both_backends};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, TransactionTrait,
    sea_query::Expr,
};
use uuid::Uuid;

fn event(id: Uuid) -> outbox::ActiveModel {
    outbox::ActiveModel {
        event_id: Set(Uuid::now_v7()),
        kind: Set("organisation.updated".to_string()),
        aggregate_id: Set(id),
        payload: Set(serde_json::json!({ "organisation_id": id })),
        created_at: Set(chrono_now()),
        ..Default::default()
    }
}

fn chrono_now() -> sea_orm::prelude::DateTimeUtc {
    sea_orm::prelude::DateTimeUtc::from(std::time::SystemTime::now())
}

/// Limburg's schema on the test database, migrated, with a pool of `connections`.
async fn limburg_on(pg: &TestPostgres, connections: u32) -> TenantDatabase {
    let pool = PoolSettings {
        max_connections: connections,
        connect_timeout: std::time::Duration::from_secs(2),
    };
    let slug = TenantSlug::parse("limburg").expect("slug");
    let db = TenantDatabase::open(slug, pg.tenant_location("limburg"), &pool)
        .await
        .expect("open");
    db.migrate().await.expect("migrate");
    db
}

/// A transaction that took a lower sequence number and commits after one with a higher number is still read.
#[tokio::test]
async fn a_late_commit_with_a_lower_sequence_is_not_skipped_on_postgres() {
    let Some(pg) = TestPostgres::create().await else {
        return;
    };
    let db = limburg_on(&pg, 4).await;
    let start = db.feed_position().await.expect("position");

    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    let slow = db.connection_for_tests().begin().await.expect("begin");
    let low = event(a).insert(&slow).await.expect("insert a");
    let fast = db.connection_for_tests().begin().await.expect("begin");
    let high = event(b).insert(&fast).await.expect("insert b");
    assert!(
        low.seq < high.seq,
        "the slow transaction holds the lower sequence number"
    );
    fast.commit().await.expect("commit b");

    let (first, middle) = db.changes_since(start).await.expect("read");
    assert!(
        first.iter().all(|c| c.aggregate_id != a),
        "an uncommitted change cannot be read"
    );

    slow.commit().await.expect("commit a");
    // The watermark is the cluster's oldest running transaction: another test's open transaction can hold it
    // back for a while. Read on until the late change shows up (or 10 s pass), then once more.
    let mut seen: Vec<Uuid> = first.iter().map(|c| c.aggregate_id).collect();
    let mut position = middle;
    for _ in 0..500 {
        let (changes, next) = db.changes_since(position).await.expect("read");
        seen.extend(changes.iter().map(|c| c.aggregate_id));
        position = next;
        if seen.contains(&a) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (after, _) = db.changes_since(position).await.expect("read");
    seen.extend(after.iter().map(|c| c.aggregate_id));
    assert_eq!(
        seen.iter().filter(|id| **id == a).count(),
        1,
        "the late, lower change is read exactly once"
    );
    assert_eq!(
        seen.iter().filter(|id| **id == b).count(),
        1,
        "the early, higher change is read exactly once"
    );
}

/// Many writers at once on PostgreSQL: every change is read exactly once.
#[tokio::test]
async fn concurrent_writers_never_make_the_feed_skip_or_repeat_on_postgres() {
    let Some(pg) = TestPostgres::create().await else {
        return;
    };
    let db = limburg_on(&pg, 8).await;
    let mut position = FeedPosition::default();
    let mut writers = Vec::new();
    for w in 0..6u64 {
        let db = db.clone();
        writers.push(tokio::spawn(async move {
            let mut ids = Vec::new();
            for i in 0..25u64 {
                let txn = db.connection_for_tests().begin().await.expect("begin");
                let id = Uuid::now_v7();
                event(id).insert(&txn).await.expect("insert");
                // Hold some transactions open so that commit order differs from sequence order.
                if (w + i) % 3 == 0 {
                    tokio::time::sleep(std::time::Duration::from_millis(3)).await;
                }
                txn.commit().await.expect("commit");
                ids.push(id);
            }
            ids
        }));
    }
    let mut read: Vec<Uuid> = Vec::new();
    let mut written: Vec<Uuid> = Vec::new();
    let mut done = false;
    while !done {
        done = writers.iter().all(tokio::task::JoinHandle::is_finished);
        let (changes, next) = db.changes_since(position).await.expect("read");
        read.extend(changes.iter().map(|c| c.aggregate_id));
        position = next;
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    for w in writers {
        written.extend(w.await.expect("writer"));
    }
    // Every writer has committed; the watermark passes their transactions once every older transaction in the
    // cluster (other tests run beside this one) has finished too.
    let horizon = db.feed_horizon().await.expect("horizon");
    for _ in 0..2000 {
        let (rest, next) = db.changes_since(position).await.expect("read");
        read.extend(rest.iter().map(|c| c.aggregate_id));
        position = next;
        if position.xmin >= horizon.xmin {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    read.sort();
    written.sort();
    assert_eq!(read, written, "every change read exactly once");
}

fn feeds(app: &TestApp) -> Vec<Feed> {
    app.state
        .tenants()
        .iter()
        .map(|t| Feed {
            tenant: t.profile.slug.to_string(),
            db: t.database().clone(),
        })
        .collect()
}

fn offers_in_index(index: &SearchIndex, tenant: &str) -> usize {
    let province = doeners_domain::ProvinceRef::by_slug(tenant).expect("province");
    index
        .search(&SearchRequest {
            provinces: vec![province],
            limit: 1,
            ..Default::default()
        })
        .expect("search")
        .total
}

on_both_backends!(
    the_projector_follows_changes_and_resumes_where_the_index_is,
    |app: TestApp| async move {
        app.seed().await;
        let dir = tempfile::tempdir().expect("temp dir");
        let index = Arc::new(SearchIndex::open(dir.path()).expect("index"));
        let mut projector = Projector::resume(index.clone(), feeds(&app)).expect("resume");
        assert_eq!(
            projector.unindexed().len(),
            5,
            "a new index knows no province"
        );
        projector.rebuild_all().await.expect("rebuild");
        let (_, limburg_offers) = app.db("limburg").published_counts().await.expect("counts");
        assert_eq!(offers_in_index(&index, "limburg") as u64, limburg_offers);
        assert_eq!(
            projector.pass().await.expect("pass").changes,
            0,
            "nothing new after a rebuild"
        );

        // Withdraw an organisation, through a write that appends to the outbox like every public change.
        let db = app.db("limburg");
        let victim = organisation::Entity::find()
            .one(db.connection_for_tests())
            .await
            .expect("query")
            .expect("an organisation");
        let txn = db.connection_for_tests().begin().await.expect("begin");
        organisation::Entity::update_many()
            .col_expr(organisation::Column::Status, Expr::value("withdrawn"))
            .filter(organisation::Column::Id.eq(victim.id))
            .exec(&txn)
            .await
            .expect("withdraw");
        event(victim.id).insert(&txn).await.expect("outbox");
        txn.commit().await.expect("commit");

        let pass = projector.pass().await.expect("pass");
        assert_eq!((pass.changes, pass.organisations), (1, 1));
        let (_, now_published) = db.published_counts().await.expect("counts");
        assert_eq!(
            offers_in_index(&index, "limburg") as u64,
            now_published,
            "the withdrawn offers left the index"
        );

        // A restart: a new projector on the same index directory takes up the saved positions.
        drop(projector);
        drop(index);
        let index = Arc::new(SearchIndex::open(dir.path()).expect("reopen"));
        let mut projector = Projector::resume(index.clone(), feeds(&app)).expect("resume");
        assert!(
            projector.unindexed().is_empty(),
            "positions were saved with the index"
        );
        assert_eq!(
            projector.pass().await.expect("pass").changes,
            0,
            "no change is applied twice"
        );
        assert_eq!(offers_in_index(&index, "limburg") as u64, now_published);
    }
);
