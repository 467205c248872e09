//! Notification preferences: how often an account wants mail (at once, a daily digest, or not at all), and
//! the one-click unsubscribe that works without signing in, by the token in the link.

use doeners_domain::{AccountId, access::Caller};

use crate::{AppError, Tenant};

/// How often an account is written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Immediate,
    Daily,
    Off,
}

impl Frequency {
    pub const ALL: [Self; 3] = [Self::Immediate, Self::Daily, Self::Off];

    pub fn slug(self) -> &'static str {
        match self {
            Self::Immediate => "immediate",
            Self::Daily => "daily",
            Self::Off => "off",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Immediate => "Meteen, per bericht",
            Self::Daily => "Eén overzicht per dag",
            Self::Off => "Geen meldingen",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.slug() == raw.trim())
    }
}

/// The caller's own preference.
pub async fn of(tenant: &Tenant, account: AccountId) -> Result<Frequency, AppError> {
    let preference = tenant.db.notification_preference(account).await?;
    Ok(Frequency::parse(&preference.frequency).unwrap_or(Frequency::Immediate))
}

/// Sets the caller's own preference.
pub async fn set(tenant: &Tenant, caller: &Caller, frequency: Frequency) -> Result<(), AppError> {
    let tx = tenant.db.begin().await?;
    tx.set_notification_frequency(caller.account, frequency.slug())
        .await?;
    tx.audit(
        Some(caller.account),
        "notifications.changed",
        &format!("account:{}", caller.account),
        serde_json::json!({ "frequency": frequency.slug() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Turns the mail of the token's account off; false for a token no account has.
pub async fn unsubscribe(tenant: &Tenant, token: &str) -> Result<bool, AppError> {
    let token = token.trim();
    if token.is_empty() || token.len() > 100 {
        return Ok(false);
    }
    let Some(account) = tenant.db.account_by_unsubscribe_token(token).await? else {
        return Ok(false);
    };
    let tx = tenant.db.begin().await?;
    tx.set_notification_frequency(account, Frequency::Off.slug())
        .await?;
    tx.audit(
        Some(account),
        "notifications.unsubscribed",
        &format!("account:{account}"),
        serde_json::json!({ "via": "one-click" }),
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
