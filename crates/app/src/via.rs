//! Which face a change came through (the portal or the API), as the audit entry records it.

/// Which face the change came through, for the audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Portal,
    Api,
}

impl Via {
    pub(crate) fn detail(self) -> serde_json::Value {
        match self {
            Self::Portal => serde_json::json!({}),
            Self::Api => serde_json::json!({ "via": "api" }),
        }
    }
}
