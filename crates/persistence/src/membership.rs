//! People who registered or claimed an organisation, and the province's answer. An applicant becomes a member
//! when a province administrator approves; a new organisation is published at the same moment. A refused
//! applicant's account is removed (they may register again), and so is the organisation they proposed when
//! no one else belongs to it.

use doeners_domain::{AccountId, Email, Organisation, OrganisationStatus, access::Role};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};

use crate::{
    TenantDatabase,
    entities::{account, organisation},
    error::Result,
    records::organisation_from,
};

/// An applicant waiting in the province's queue.
#[derive(Debug, Clone)]
pub struct Applicant {
    pub account: AccountId,
    pub email: Email,
    pub organisation: Organisation,
}

impl TenantDatabase {
    /// Verified applicants, oldest first (an unverified address is not worth an administrator's time yet).
    pub async fn applicants(&self) -> Result<Vec<Applicant>> {
        self.find_applicants(None).await
    }

    /// Verified applicants, or only the one with account `only`.
    async fn find_applicants(&self, only: Option<AccountId>) -> Result<Vec<Applicant>> {
        let mut query = account::Entity::find()
            .filter(account::Column::Role.eq("applicant"))
            .filter(account::Column::EmailVerifiedAt.is_not_null());
        if let Some(id) = only {
            query = query.filter(account::Column::Id.eq(id.as_uuid()));
        }
        let rows = query
            .order_by_asc(account::Column::CreatedAt)
            .find_also_related(organisation::Entity)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .filter_map(|(a, o)| o.map(|o| (a, o)))
            .map(|(a, o)| {
                Ok(Applicant {
                    account: AccountId::from_uuid(a.id),
                    email: Email::stored(&a.email),
                    organisation: organisation_from(&o)?,
                })
            })
            .collect()
    }

    /// Makes the applicant a member, publishing the organisation if it was new. `None` when the account is
    /// not an applicant (already handled, or never one).
    pub async fn approve_applicant(&self, id: AccountId) -> Result<Option<Organisation>> {
        let Some(applicant) = self.applicant(id).await? else {
            return Ok(None);
        };
        let org = applicant.organisation;
        let txn = self.conn().begin().await.map_err(|e| self.err(e))?;
        account::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(id.as_uuid()),
            role: Set(Role::Member(org.id).slug().to_string()),
            ..Default::default()
        }
        .update(&txn)
        .await
        .map_err(|e| self.err(e))?;
        if org.status == OrganisationStatus::Draft {
            crate::editing::set_status_in(&txn, org.id, OrganisationStatus::Published)
                .await
                .map_err(|e| self.err(e))?;
        }
        txn.commit().await.map_err(|e| self.err(e))?;
        Ok(Some(org))
    }

    /// Removes the applicant's account, and the organisation it proposed if that was never published and
    /// has no one else. Returns the address to tell, or `None` when the account is not an applicant.
    pub async fn refuse_applicant(&self, id: AccountId) -> Result<Option<Email>> {
        let Some(applicant) = self.applicant(id).await? else {
            return Ok(None);
        };
        let org = applicant.organisation;
        self.delete_account(id).await?;
        let others = account::Entity::find()
            .filter(account::Column::OrganisationId.eq(org.id.as_uuid()))
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        if org.status == OrganisationStatus::Draft && others == 0 {
            organisation::Entity::delete_by_id(org.id.as_uuid())
                .exec(self.conn())
                .await
                .map_err(|e| self.err(e))?;
        }
        Ok(Some(applicant.email))
    }

    async fn applicant(&self, id: AccountId) -> Result<Option<Applicant>> {
        Ok(self.find_applicants(Some(id)).await?.pop())
    }
}
