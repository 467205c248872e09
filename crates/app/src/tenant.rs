//! A province as the use cases see it: its public profile and its database.

use doeners_domain::TenantProfile;
use doeners_persistence::TenantDatabase;

#[derive(Debug, Clone)]
pub struct Tenant {
    pub profile: TenantProfile,
    pub db: TenantDatabase,
}

impl Tenant {
    pub fn slug(&self) -> &str {
        self.profile.slug.as_str()
    }
}
