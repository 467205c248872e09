//! Creating a tenant's own PostgreSQL database when its URL names one that does not exist yet.

use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DbErr};

use crate::error::{PersistenceError, Result};

/// Creates the database `url` names when the server says it does not exist. A server that does not answer is
/// said within `timeout` (the configured connect timeout), not after a fresh pool's default of 30 s, which
/// would hold up the start of every other province.
pub async fn create_database_if_missing(url: &str, tenant: &str, timeout: Duration) -> Result<()> {
    let connect = |url: String| {
        let mut options = ConnectOptions::new(url);
        options
            .max_connections(1)
            .connect_timeout(timeout)
            .acquire_timeout(timeout)
            .sqlx_logging(false);
        Database::connect(options)
    };
    match connect(url.to_string()).await {
        Ok(conn) => {
            let _ = conn.close().await;
            return Ok(());
        }
        Err(e) if !is_missing_database(&e) => return Err(PersistenceError::from_db(tenant, e)),
        Err(_) => {}
    }
    let (server, name) = split_database_name(url).ok_or_else(|| PersistenceError::BadUrl {
        tenant: tenant.to_string(),
        reason: "de URL noemt geen databank".to_string(),
    })?;
    let valid = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid {
        return Err(PersistenceError::BadUrl {
            tenant: tenant.to_string(),
            reason: format!("ongeldige databanknaam '{name}'"),
        });
    }
    let admin = connect(format!("{server}/postgres"))
        .await
        .map_err(|e| PersistenceError::from_db(tenant, e))?;
    let created = admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await;
    let _ = admin.close().await;
    match created {
        Ok(_) => Ok(()),
        // Another process created it between our check and our create.
        Err(e) if e.to_string().contains("already exists") => Ok(()),
        Err(e) => Err(PersistenceError::from_db(tenant, e)),
    }
}

fn is_missing_database(err: &DbErr) -> bool {
    let text = err.to_string();
    text.contains("3D000") || (text.contains("database") && text.contains("does not exist"))
}

/// `postgres://u@h:5432/db?x=y` → (`postgres://u@h:5432`, `db`).
fn split_database_name(url: &str) -> Option<(String, String)> {
    let without_query = url.split('?').next()?;
    let scheme_end = without_query.find("://")? + 3;
    let slash = without_query[scheme_end..].find('/')? + scheme_end;
    let name = &without_query[slash + 1..];
    (!name.is_empty()).then(|| (without_query[..slash].to_string(), name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_server_and_database() {
        assert_eq!(
            split_database_name(
                "postgres://postgres@127.0.0.1:5432/doeners_limburg?sslmode=disable"
            ),
            Some((
                "postgres://postgres@127.0.0.1:5432".to_string(),
                "doeners_limburg".to_string()
            ))
        );
        assert_eq!(split_database_name("postgres://h"), None);
    }
}
