//! An organisation's photos: the re-encoded JPEG and what the profile needs to show it.

use chrono::Utc;
use doeners_domain::OrganisationId;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::{TenantDatabase, entities::organisation_photo, error::Result};

/// A photo as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoInfo {
    pub id: Uuid,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

impl TenantDatabase {
    pub async fn add_photo(
        &self,
        organisation: OrganisationId,
        alt: &str,
        jpeg: Vec<u8>,
        (width, height): (u32, u32),
    ) -> Result<Uuid> {
        let id = Uuid::now_v7();
        let row = organisation_photo::ActiveModel {
            id: Set(id),
            organisation_id: Set(organisation.as_uuid()),
            alt: Set(alt.to_string()),
            jpeg: Set(jpeg),
            width: Set(i32::try_from(width).unwrap_or(i32::MAX)),
            height: Set(i32::try_from(height).unwrap_or(i32::MAX)),
            created_at: Set(Utc::now()),
        };
        organisation_photo::Entity::insert(row)
            .exec_without_returning(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(id)
    }

    /// The organisation's photos, oldest first, without their bytes.
    pub async fn photos_of(&self, organisation: OrganisationId) -> Result<Vec<PhotoInfo>> {
        let rows: Vec<(Uuid, String, i32, i32)> = organisation_photo::Entity::find()
            .select_only()
            .column(organisation_photo::Column::Id)
            .column(organisation_photo::Column::Alt)
            .column(organisation_photo::Column::Width)
            .column(organisation_photo::Column::Height)
            .filter(organisation_photo::Column::OrganisationId.eq(organisation.as_uuid()))
            .order_by_asc(organisation_photo::Column::Id)
            .into_tuple()
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .map(|(id, alt, width, height)| PhotoInfo {
                id,
                alt,
                width: u32::try_from(width).unwrap_or(0),
                height: u32::try_from(height).unwrap_or(0),
            })
            .collect())
    }

    pub async fn photo_count(&self, organisation: OrganisationId) -> Result<u64> {
        organisation_photo::Entity::find()
            .filter(organisation_photo::Column::OrganisationId.eq(organisation.as_uuid()))
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))
    }

    /// One photo's JPEG, only if it is this organisation's.
    pub async fn photo(&self, organisation: OrganisationId, id: Uuid) -> Result<Option<Vec<u8>>> {
        Ok(organisation_photo::Entity::find_by_id(id)
            .filter(organisation_photo::Column::OrganisationId.eq(organisation.as_uuid()))
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .map(|row| row.jpeg))
    }

    pub async fn remove_photo(&self, organisation: OrganisationId, id: Uuid) -> Result<()> {
        organisation_photo::Entity::delete_many()
            .filter(organisation_photo::Column::Id.eq(id))
            .filter(organisation_photo::Column::OrganisationId.eq(organisation.as_uuid()))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}
