//! The accounts of a province, and the one-time tokens sent by e-mail to verify an address or reset a
//! password. Passwords arrive here already hashed: hashing is slow on purpose and belongs off the async threads.

use std::time::Duration;

use chrono::Utc;
use doeners_domain::{
    AccountId, CompanyProfile, Email, EnterpriseNumber, NaceSection, OrganisationId, PostalCode,
    SizeClass, access::Role,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};

use crate::{
    Database, TenantDatabase,
    entities::{account, api_token, company, email_token, session},
    error::{PersistenceError, Result},
    secrets,
};

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub password_hash: String,
    pub role: Role,
    /// A company account's profile, stored with the account.
    pub company: Option<CompanyProfile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: AccountId,
    pub email: Email,
    pub role: Role,
    pub password_hash: String,
    pub verified: bool,
    pub suspended: bool,
}

/// What an e-mail token may be redeemed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
    /// Confirms a new address for a signed-in account; the address travels with the token.
    ChangeEmail,
}

impl TokenPurpose {
    fn slug(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify-email",
            Self::ResetPassword => "reset-password",
            Self::ChangeEmail => "change-email",
        }
    }
}

pub(crate) fn record(row: account::Model) -> Result<AccountRecord> {
    let email = Email::stored(&row.email);
    let role = Role::from_stored(
        &row.role,
        row.organisation_id.map(OrganisationId::from_uuid),
    )
    .ok_or_else(|| PersistenceError::Corrupt(format!("onbekende rol '{}'", row.role)))?;
    Ok(AccountRecord {
        id: AccountId::from_uuid(row.id),
        email,
        role,
        password_hash: row.password_hash,
        verified: row.email_verified_at.is_some(),
        suspended: row.suspended_at.is_some(),
    })
}

impl Database {
    /// Creates the account, unverified; `None` when the address already has an account in this province.
    pub async fn create_account(&self, new: &NewAccount) -> Result<Option<AccountId>> {
        if self.account_by_email(&new.email).await?.is_some() {
            return Ok(None);
        }
        let id = AccountId::new();
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        let inserted = account::ActiveModel {
            id: Set(id.as_uuid()),
            email: Set(new.email.as_str().to_string()),
            password_hash: Set(new.password_hash.clone()),
            role: Set(new.role.slug().to_string()),
            organisation_id: Set(new.role.organisation().map(|o| o.as_uuid())),
            email_verified_at: Set(None),
            suspended_at: Set(None),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await;
        if inserted.is_ok()
            && let Some(profile) = &new.company
        {
            company::ActiveModel {
                account_id: Set(id.as_uuid()),
                name: Set(profile.name.clone()),
                enterprise_number: Set(profile.enterprise_number.as_ref().map(|n| n.to_string())),
                sector: Set(profile.sector.slug().to_string()),
                size: Set(profile.size.slug().to_string()),
                postal_code: Set(profile.postal_code.to_string()),
            }
            .insert(&txn)
            .await
            .map_err(|e| self.err(e))?;
        }
        match inserted {
            Ok(_) => {
                txn.commit().await.map_err(|e| self.err(e))?;
                Ok(Some(id))
            }
            // Two registrations with the same address at once: the unique index lets one through.
            Err(_) if self.account_by_email(&new.email).await?.is_some() => Ok(None),
            Err(e) => Err(self.err(e)),
        }
    }

    pub async fn account(&self, id: AccountId) -> Result<Option<AccountRecord>> {
        account::Entity::find_by_id(id.as_uuid())
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .map(record)
            .transpose()
    }

    /// The accounts that hold `role` (by its stored name), oldest first.
    pub async fn accounts_with_role(&self, role: &str) -> Result<Vec<AccountRecord>> {
        account::Entity::find()
            .filter(account::Column::Role.eq(role))
            .order_by_asc(account::Column::CreatedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(record)
            .collect()
    }

    pub async fn account_by_email(&self, email: &Email) -> Result<Option<AccountRecord>> {
        account::Entity::find()
            .filter(account::Column::Email.eq(email.as_str()))
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .map(record)
            .transpose()
    }

    /// A token to put in an e-mail; only its digest is kept.
    pub async fn issue_email_token(
        &self,
        account: AccountId,
        purpose: TokenPurpose,
        valid_for: Duration,
    ) -> Result<String> {
        self.issue_token(account, purpose, valid_for, None).await
    }

    /// A link that, once followed, makes `new_email` the account's address.
    pub async fn issue_email_change_token(
        &self,
        account: AccountId,
        new_email: &Email,
        valid_for: Duration,
    ) -> Result<String> {
        self.issue_token(
            account,
            TokenPurpose::ChangeEmail,
            valid_for,
            Some(new_email),
        )
        .await
    }

    async fn issue_token(
        &self,
        account: AccountId,
        purpose: TokenPurpose,
        valid_for: Duration,
        new_email: Option<&Email>,
    ) -> Result<String> {
        let secret = secrets::new_secret()?;
        let valid_for = chrono::Duration::from_std(valid_for)
            .map_err(|e| PersistenceError::Corrupt(e.to_string()))?;
        email_token::ActiveModel {
            token_digest: Set(secrets::digest(&secret)),
            account_id: Set(account.as_uuid()),
            purpose: Set(purpose.slug().to_string()),
            expires_at: Set(Utc::now() + valid_for),
            used_at: Set(None),
            new_email: Set(new_email.map(|e| e.as_str().to_string())),
        }
        .insert(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        Ok(secret)
    }

    /// Spends a token: once, before it expires, for its own purpose. Verifying an address marks the account
    /// verified in the same transaction.
    pub async fn redeem_email_token(
        &self,
        secret: &str,
        purpose: TokenPurpose,
    ) -> Result<Option<AccountId>> {
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        let now = Utc::now();
        let Some(token) = email_token::Entity::find_by_id(secrets::digest(secret))
            .one(&txn)
            .await
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        if token.purpose != purpose.slug() || token.used_at.is_some() || token.expires_at < now {
            return Ok(None);
        }
        let account = token.account_id;
        let new_email = token.new_email.clone();
        // Spending one link of a purpose voids the account's other links of that purpose: an older reset link
        // left in a mailbox must not work after a newer one was used.
        email_token::Entity::update_many()
            .col_expr(
                email_token::Column::UsedAt,
                sea_orm::sea_query::Expr::value(now),
            )
            .filter(email_token::Column::AccountId.eq(account))
            .filter(email_token::Column::Purpose.eq(purpose.slug()))
            .filter(email_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        // Following any e-mailed link proves the address (an administrator's account is verified by setting
        // its first password through one).
        if purpose != TokenPurpose::ChangeEmail {
            account::Entity::update_many()
                .col_expr(
                    account::Column::EmailVerifiedAt,
                    sea_orm::sea_query::Expr::value(now),
                )
                .filter(account::Column::Id.eq(account))
                .filter(account::Column::EmailVerifiedAt.is_null())
                .exec(&txn)
                .await
                .map_err(|e| self.err(e))?;
        }
        if let (TokenPurpose::ChangeEmail, Some(new_email)) = (purpose, new_email) {
            let taken = account::Entity::find()
                .filter(account::Column::Email.eq(new_email.as_str()))
                .one(&txn)
                .await
                .map_err(|e| self.err(e))?;
            if taken.is_some() {
                return Ok(None);
            }
            account::Entity::update_many()
                .col_expr(
                    account::Column::Email,
                    sea_orm::sea_query::Expr::value(new_email),
                )
                .filter(account::Column::Id.eq(account))
                .exec(&txn)
                .await
                .map_err(|e| self.err(e))?;
        }
        txn.commit().await.map_err(|e| self.err(e))?;
        Ok(Some(AccountId::from_uuid(account)))
    }

    /// Marks the address verified without a link: for accounts made from the command line.
    pub async fn mark_verified(&self, id: AccountId) -> Result<()> {
        account::Entity::update_many()
            .col_expr(
                account::Column::EmailVerifiedAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .filter(account::Column::Id.eq(id.as_uuid()))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

/// What only a province's accounts have: a company profile and API tokens.
impl TenantDatabase {
    /// A company account's profile.
    pub async fn company(&self, account: AccountId) -> Result<Option<CompanyProfile>> {
        let Some(row) = company::Entity::find_by_id(account.as_uuid())
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        let corrupt = |e: doeners_domain::InvalidValue| PersistenceError::Corrupt(e.to_string());
        Ok(Some(CompanyProfile {
            name: row.name,
            enterprise_number: row
                .enterprise_number
                .as_deref()
                .map(EnterpriseNumber::parse)
                .transpose()
                .map_err(corrupt)?,
            sector: NaceSection::parse(&row.sector).map_err(corrupt)?,
            size: SizeClass::parse(&row.size).map_err(corrupt)?,
            postal_code: PostalCode::parse(&row.postal_code).map_err(corrupt)?,
        }))
    }

    /// Replaces a company account's profile; false when the account has none.
    pub async fn update_company(
        &self,
        account: AccountId,
        profile: &CompanyProfile,
    ) -> Result<bool> {
        let done = company::Entity::update_many()
            .col_expr(
                company::Column::Name,
                sea_orm::sea_query::Expr::value(profile.name.clone()),
            )
            .col_expr(
                company::Column::EnterpriseNumber,
                sea_orm::sea_query::Expr::value(
                    profile.enterprise_number.as_ref().map(|n| n.to_string()),
                ),
            )
            .col_expr(
                company::Column::Sector,
                sea_orm::sea_query::Expr::value(profile.sector.slug()),
            )
            .col_expr(
                company::Column::Size,
                sea_orm::sea_query::Expr::value(profile.size.slug()),
            )
            .col_expr(
                company::Column::PostalCode,
                sea_orm::sea_query::Expr::value(profile.postal_code.to_string()),
            )
            .filter(company::Column::AccountId.eq(account.as_uuid()))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(done.rows_affected == 1)
    }

    /// Replaces the password hash and ends every session and API token of the account, in one transaction: who
    /// knew the old password, or held a token made with it, is out.
    pub async fn set_password_hash(&self, id: AccountId, hash: &str) -> Result<()> {
        self.change_and_end_sessions(id, account::Column::PasswordHash, hash.into())
            .await
    }

    /// Suspends the account and ends its sessions and API tokens at once.
    pub async fn suspend_account(&self, id: AccountId) -> Result<()> {
        self.change_and_end_sessions(id, account::Column::SuspendedAt, Utc::now().into())
            .await
    }

    /// Sets one column of the account, ends all its sessions, revokes its API tokens and voids its unused e-mail
    /// links, in one transaction.
    async fn change_and_end_sessions(
        &self,
        id: AccountId,
        column: account::Column,
        value: sea_orm::Value,
    ) -> Result<()> {
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        account::Entity::update_many()
            .col_expr(column, sea_orm::sea_query::Expr::value(value))
            .filter(account::Column::Id.eq(id.as_uuid()))
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        session::Entity::delete_many()
            .filter(session::Column::AccountId.eq(id.as_uuid()))
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        api_token::Entity::update_many()
            .col_expr(
                api_token::Column::RevokedAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .filter(api_token::Column::AccountId.eq(id.as_uuid()))
            .filter(api_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        // Links still in a mailbox die too: an address change asked by whoever had the session must not be
        // confirmable after the owner changed the password to shut them out.
        email_token::Entity::update_many()
            .col_expr(
                email_token::Column::UsedAt,
                sea_orm::sea_query::Expr::value(Utc::now()),
            )
            .filter(email_token::Column::AccountId.eq(id.as_uuid()))
            .filter(email_token::Column::UsedAt.is_null())
            .exec(&txn)
            .await
            .map_err(|e| self.err(e))?;
        txn.commit().await.map_err(|e| self.err(e))
    }
}
