//! A platform on PostgreSQL for the tests of the real executable: a database per province and one for the
//! federation, with a name of their own, as environment variables for `doeners`.

use std::path::Path;

use doeners_persistence::DatabaseLocation;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// The server and the `DOENERS__...__DATABASE_URL` variables of a fresh platform named `tag`; `None` (with a loud
/// warning) when no PostgreSQL is found and none is required.
pub async fn postgres_platform(tag: &str) -> Option<(String, Vec<(String, String)>)> {
    let Some(server) = doeners_tests::postgres::server_url() else {
        assert!(
            std::env::var("DOENERS_REQUIRE_POSTGRES").is_err(),
            "DOENERS_REQUIRE_POSTGRES is set but no PostgreSQL was found"
        );
        eprintln!("WARNING: no PostgreSQL here; the {tag} test on PostgreSQL is SKIPPED");
        return None;
    };
    let prefix = format!(
        "doeners_{tag}_{}",
        &Uuid::now_v7().simple().to_string()[20..]
    );
    let mut env = Vec::new();
    for slug in [
        "antwerpen",
        "limburg",
        "oost-vlaanderen",
        "vlaams-brabant",
        "west-vlaanderen",
    ] {
        let key = slug.replace('-', "_").to_uppercase();
        env.push((
            format!("DOENERS__TENANTS__{key}__DATABASE_URL"),
            format!("{server}/{prefix}_{}", slug.replace('-', "_")),
        ));
    }
    env.push((
        "DOENERS__FEDERATION__DATABASE_URL".to_string(),
        format!("{server}/{prefix}_federation"),
    ));
    Some((server, env))
}

pub fn postgres_location(env: &[(String, String)], slug: &str) -> DatabaseLocation {
    let key = format!(
        "DOENERS__TENANTS__{}__DATABASE_URL",
        slug.replace('-', "_").to_uppercase()
    );
    let url = &env.iter().find(|(k, _)| *k == key).expect("url").1;
    DatabaseLocation::parse(url, Path::new(".")).expect("location")
}

pub async fn admin_sql(server: &str, sql: &str) {
    let admin = sea_orm::Database::connect(format!("{server}/postgres"))
        .await
        .expect("admin connection");
    admin
        .execute_unprepared(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    admin.close().await.expect("close");
}

pub async fn drop_databases(server: &str, env: &[(String, String)]) {
    for (_, url) in env {
        let name = url.rsplit('/').next().unwrap_or_default();
        admin_sql(
            server,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
        .await;
    }
}
