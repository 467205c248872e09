//! A tenant's database location, read from its configuration.
//!
//! - `sqlite://limburg.db`: a file; a relative path lies under the data directory.
//! - `postgres://user@host/db`: a PostgreSQL database of its own (created by `migrate` if missing).
//! - `postgres://user@host/db?schema=limburg`: a schema of its own on a shared database.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseLocation {
    Sqlite(PathBuf),
    Postgres { url: String, schema: Option<String> },
}

impl DatabaseLocation {
    pub fn parse(raw: &str, data_dir: &Path) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(path) = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(
                    "een SQLite-URL noemt een bestand, zoals sqlite://limburg.db".to_string(),
                );
            }
            let path = PathBuf::from(path);
            return Ok(Self::Sqlite(if path.is_absolute() {
                path
            } else {
                data_dir.join(path)
            }));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            let (base, query) = raw.split_once('?').unwrap_or((raw, ""));
            let mut schema = None;
            let mut kept = Vec::new();
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                match pair.split_once('=') {
                    Some(("schema", value)) => {
                        let valid = !value.is_empty()
                            && value.len() <= 63
                            && value
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                        if !valid {
                            return Err(format!(
                                "ongeldige schemanaam '{value}': kleine letters, cijfers en _"
                            ));
                        }
                        schema = Some(value.to_string());
                    }
                    _ => kept.push(pair),
                }
            }
            let url = if kept.is_empty() {
                base.to_string()
            } else {
                format!("{base}?{}", kept.join("&"))
            };
            return Ok(Self::Postgres { url, schema });
        }
        Err(format!(
            "onbekend soort databank in '{raw}': gebruik sqlite:// of postgres://"
        ))
    }

    /// The URL to hand to the driver.
    pub fn connect_url(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}?mode=rwc", path.display()),
            Self::Postgres { url, .. } => url.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_sqlite_paths_lie_under_the_data_dir() {
        let loc = DatabaseLocation::parse("sqlite://limburg.db", Path::new("/srv/data"));
        assert_eq!(
            loc,
            Ok(DatabaseLocation::Sqlite(PathBuf::from(
                "/srv/data/limburg.db"
            )))
        );
        let abs = DatabaseLocation::parse("sqlite:///tmp/x.db", Path::new("/srv/data"));
        assert_eq!(
            abs,
            Ok(DatabaseLocation::Sqlite(PathBuf::from("/tmp/x.db")))
        );
    }

    #[test]
    fn postgres_schema_is_taken_out_of_the_url() {
        let loc = DatabaseLocation::parse(
            "postgres://u@h/db?schema=limburg&sslmode=disable",
            Path::new("."),
        );
        assert_eq!(
            loc,
            Ok(DatabaseLocation::Postgres {
                url: "postgres://u@h/db?sslmode=disable".into(),
                schema: Some("limburg".into())
            })
        );
        assert!(
            DatabaseLocation::parse("postgres://u@h/db?schema=Lim;burg", Path::new(".")).is_err()
        );
    }

    #[test]
    fn other_schemes_are_refused() {
        assert!(DatabaseLocation::parse("mysql://h/db", Path::new(".")).is_err());
        assert!(DatabaseLocation::parse("sqlite://", Path::new(".")).is_err());
    }
}
