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
}

impl Tenant {
    pub fn new(profile: TenantProfile, db: TenantDatabase) -> Self {
        Self {
            profile,
            db,
            rules: crate::collaboration::Rules::default(),
        }
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
