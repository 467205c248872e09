//! Where accounts live: a province's database, or the federation database of the Flanders administrators.
//! Sessions, sign-in and audit entries work the same in both.

use doeners_domain::TenantSlug;
use doeners_persistence::{Database, FEDERATION, FederationDatabase};

use crate::Tenant;

/// The federation database beside the provinces: the Flanders administrators, their sessions and audit log,
/// and the searches of no province.
#[derive(Debug, Clone)]
pub struct Federation(FederationDatabase);

impl Federation {
    pub fn new(db: FederationDatabase) -> Self {
        Self(db)
    }

    /// The database itself, for the server's workers, the command line and tests; the web layer goes through
    /// the use cases.
    pub fn database(&self) -> &FederationDatabase {
        &self.0
    }

    pub(crate) fn db(&self) -> &Database {
        &self.0
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Realm<'a> {
    Province(&'a Tenant),
    Federation(&'a Federation),
}

impl Realm<'_> {
    pub(crate) fn db(&self) -> &Database {
        match self {
            Self::Province(t) => &t.db,
            Self::Federation(f) => f.db(),
        }
    }

    /// Its name in cookies and logs: the province's slug, or `vlaanderen`.
    pub fn name(&self) -> &str {
        match self {
            Self::Province(t) => t.slug(),
            Self::Federation(_) => FEDERATION,
        }
    }

    /// The province, for a province's realm.
    pub fn province(&self) -> Option<&TenantSlug> {
        match self {
            Self::Province(t) => Some(&t.profile.slug),
            Self::Federation(_) => None,
        }
    }
}
