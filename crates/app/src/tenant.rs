//! A province as the use cases see it: its public profile and its database.

use doeners_domain::TenantProfile;
use doeners_persistence::TenantDatabase;

#[derive(Debug, Clone)]
pub struct Tenant {
    pub profile: TenantProfile,
    /// Reached only by the use cases: the web layer has no way to a province's rows but through them.
    pub(crate) db: TenantDatabase,
    /// How collaboration works in this province (its tenant file's `[collaboration]`).
    pub rules: crate::collaboration::Rules,
    /// Whether its database has been migrated since the server started (shared by every clone): a province
    /// whose database was away at the start is prepared when it is back, and `/readyz` says it waits till then.
    prepared: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Tenant {
    pub fn new(profile: TenantProfile, db: TenantDatabase) -> Self {
        Self {
            profile,
            db,
            rules: crate::collaboration::Rules::default(),
            prepared: std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true)),
        }
    }

    /// Says whether the database has been migrated (and seeded where allowed) since the start.
    pub fn set_prepared(&self, prepared: bool) {
        self.prepared
            .store(prepared, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn is_prepared(&self) -> bool {
        self.prepared.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn with_rules(self, rules: crate::collaboration::Rules) -> Self {
        Self { rules, ..self }
    }

    /// The database itself, for the server's workers (projector, checkpoints, migrations), the command line
    /// and tests; the web layer goes through the use cases, and a test holds it to that.
    pub fn database(&self) -> &TenantDatabase {
        &self.db
    }

    pub fn slug(&self) -> &str {
        self.profile.slug.as_str()
    }
}
