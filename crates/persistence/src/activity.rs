//! Writing a year of demo activity in bulk, with past dates: the same tables and rollups the use cases
//! write, without their per-step round trips (see `doeners seed --activity`).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QueryTrait, sea_query::OnConflict};
use uuid::Uuid;

use crate::{
    ExchangeRow, RouteRow, StepRow, TenantDatabase,
    entities::{account, company, exchange, exchange_event, exchange_fact, exchange_route},
    error::Result,
    exchanges::{exchange_model, route_model, step_model},
};

/// A company account of the demo activity: it cannot sign in (its password hash matches no password).
#[derive(Debug, Clone)]
pub struct SeedCompany {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub sector: String,
    pub size: String,
    pub postal_code: String,
    pub created_at: DateTime<Utc>,
}

impl TenantDatabase {
    async fn run_ignoring<A: sea_orm::ActiveModelTrait>(
        &self,
        insert: sea_orm::InsertMany<A>,
        keys: Vec<<A::Entity as EntityTrait>::Column>,
    ) -> Result<()> {
        let conn = self.conn();
        let statement = insert
            .on_conflict(OnConflict::columns(keys).do_nothing().to_owned())
            .build(conn.get_database_backend());
        conn.execute_raw(statement).await.map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Stores `companies` (verified accounts with their profiles), skipping those already there.
    pub async fn seed_companies(&self, companies: &[SeedCompany]) -> Result<()> {
        for chunk in companies.chunks(200) {
            let accounts = chunk.iter().map(|c| account::ActiveModel {
                id: Set(c.id),
                email: Set(c.email.clone()),
                password_hash: Set("!demo".to_string()),
                role: Set("company".to_string()),
                organisation_id: Set(None),
                email_verified_at: Set(Some(c.created_at)),
                suspended_at: Set(None),
                created_at: Set(c.created_at),
            });
            self.run_ignoring(
                account::Entity::insert_many(accounts),
                vec![account::Column::Id],
            )
            .await?;
            let profiles = chunk.iter().map(|c| company::ActiveModel {
                account_id: Set(c.id),
                name: Set(c.name.clone()),
                enterprise_number: Set(None),
                sector: Set(c.sector.clone()),
                size: Set(c.size.clone()),
                postal_code: Set(c.postal_code.clone()),
            });
            self.run_ignoring(
                company::Entity::insert_many(profiles),
                vec![company::Column::AccountId],
            )
            .await?;
        }
        Ok(())
    }

    /// Stores exchanges with their steps and routes, and their facts, skipping what is there already.
    pub async fn seed_exchanges(
        &self,
        exchanges: &[(ExchangeRow, Vec<StepRow>, Vec<RouteRow>)],
    ) -> Result<()> {
        for chunk in exchanges.chunks(100) {
            let rows = chunk.iter().map(|(e, _, _)| exchange_model(e));
            self.run_ignoring(
                exchange::Entity::insert_many(rows),
                vec![exchange::Column::Id],
            )
            .await?;
            let steps: Vec<_> = chunk
                .iter()
                .flat_map(|(_, steps, _)| steps)
                .map(step_model)
                .collect();
            for part in steps.chunks(300) {
                self.run_ignoring(
                    exchange_event::Entity::insert_many(part.to_vec()),
                    vec![exchange_event::Column::Id],
                )
                .await?;
            }
            let routes: Vec<_> = chunk
                .iter()
                .flat_map(|(_, _, routes)| routes)
                .map(route_model)
                .collect();
            for part in routes.chunks(300) {
                self.run_ignoring(
                    exchange_route::Entity::insert_many(part.to_vec()),
                    vec![
                        exchange_route::Column::ExchangeId,
                        exchange_route::Column::OrganisationId,
                    ],
                )
                .await?;
            }
            let mut active = crate::rollups::Tally::default();
            for (e, steps, _) in chunk {
                active.answers(self.slug().as_str(), e, steps);
            }
            active.store(self).await?;
            let facts = chunk.iter().map(|(e, steps, _)| {
                crate::rollups::fact_model(crate::rollups::facts_of(e, steps))
            });
            self.run_ignoring(
                exchange_fact::Entity::insert_many(facts),
                vec![exchange_fact::Column::ExchangeId],
            )
            .await?;
        }
        Ok(())
    }
}
