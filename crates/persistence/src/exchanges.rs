//! Contact requests and questions as one province holds them: the exchange, its steps and, for a question, the
//! organisations it was routed to. A province holds an exchange when one of its parties lives there; the
//! company's province and each organisation's province keep copies under the same ids, written by the use case
//! on one side and by the relay on the other. Every insert here is idempotent by id, so a message that arrives
//! twice adds nothing the second time.

use chrono::{DateTime, Utc};
use doeners_domain::{AccountId, OrganisationId};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, sea_query::OnConflict,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    Database, TenantDatabase,
    entities::{account, exchange, exchange_event, exchange_route},
    error::Result,
};

/// An exchange as stored, and as the relay carries it to another province.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExchangeRow {
    pub id: Uuid,
    /// `contact_request`, `question` or `suggestion`.
    pub kind: String,
    pub company_province: String,
    pub company_account: Option<Uuid>,
    pub company_name: String,
    pub organisation_province: Option<String>,
    pub organisation_id: Option<Uuid>,
    pub header: serde_json::Value,
    pub state: String,
    pub deadline: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One step of an exchange.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRow {
    pub id: Uuid,
    pub exchange_id: Uuid,
    pub organisation_id: Option<Uuid>,
    pub kind: String,
    pub side: String,
    pub actor_province: String,
    pub actor_account: Option<Uuid>,
    pub body: Option<String>,
    pub data: serde_json::Value,
    pub created_at: DateTime<Utc>,
}

/// An organisation a question went to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RouteRow {
    pub exchange_id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_province: String,
    pub organisation_slug: String,
    pub organisation_name: String,
    pub batch: i32,
    pub score: f64,
    pub routed_at: DateTime<Utc>,
}

pub(crate) fn exchange_row(m: exchange::Model) -> ExchangeRow {
    ExchangeRow {
        id: m.id,
        kind: m.kind,
        company_province: m.company_province,
        company_account: m.company_account,
        company_name: m.company_name,
        organisation_province: m.organisation_province,
        organisation_id: m.organisation_id,
        header: m.header,
        state: m.state,
        deadline: m.deadline,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

pub(crate) fn step_row(m: exchange_event::Model) -> StepRow {
    StepRow {
        id: m.id,
        exchange_id: m.exchange_id,
        organisation_id: m.organisation_id,
        kind: m.kind,
        side: m.side,
        actor_province: m.actor_province,
        actor_account: m.actor_account,
        body: m.body,
        data: m.data,
        created_at: m.created_at,
    }
}

fn route_row(m: exchange_route::Model) -> RouteRow {
    RouteRow {
        exchange_id: m.exchange_id,
        organisation_id: m.organisation_id,
        organisation_province: m.organisation_province,
        organisation_slug: m.organisation_slug,
        organisation_name: m.organisation_name,
        batch: m.batch,
        score: m.score,
        routed_at: m.routed_at,
    }
}

/// Runs `insert` with `ON CONFLICT DO NOTHING` on `keys`: whether a row was written.
pub(crate) async fn insert_ignoring_conflict<A: sea_orm::ActiveModelTrait>(
    db: &Database,
    insert: sea_orm::Insert<A>,
    keys: Vec<<A::Entity as EntityTrait>::Column>,
) -> Result<bool> {
    let conn = db.conn();
    let statement = insert
        .on_conflict(OnConflict::columns(keys).do_nothing().to_owned())
        .build(conn.get_database_backend());
    let done = conn.execute_raw(statement).await.map_err(|e| db.err(e))?;
    Ok(done.rows_affected() > 0)
}

pub(crate) fn exchange_model(row: &ExchangeRow) -> exchange::ActiveModel {
    exchange::ActiveModel {
        id: Set(row.id),
        kind: Set(row.kind.clone()),
        company_province: Set(row.company_province.clone()),
        company_account: Set(row.company_account),
        company_name: Set(row.company_name.clone()),
        organisation_province: Set(row.organisation_province.clone()),
        organisation_id: Set(row.organisation_id),
        header: Set(row.header.clone()),
        state: Set(row.state.clone()),
        deadline: Set(row.deadline.clone()),
        created_at: Set(row.created_at),
        updated_at: Set(row.updated_at),
    }
}

pub(crate) fn step_model(step: &StepRow) -> exchange_event::ActiveModel {
    exchange_event::ActiveModel {
        id: Set(step.id),
        exchange_id: Set(step.exchange_id),
        organisation_id: Set(step.organisation_id),
        kind: Set(step.kind.clone()),
        side: Set(step.side.clone()),
        actor_province: Set(step.actor_province.clone()),
        actor_account: Set(step.actor_account),
        body: Set(step.body.clone()),
        data: Set(step.data.clone()),
        created_at: Set(step.created_at),
    }
}

pub(crate) fn route_model(route: &RouteRow) -> exchange_route::ActiveModel {
    exchange_route::ActiveModel {
        exchange_id: Set(route.exchange_id),
        organisation_id: Set(route.organisation_id),
        organisation_province: Set(route.organisation_province.clone()),
        organisation_slug: Set(route.organisation_slug.clone()),
        organisation_name: Set(route.organisation_name.clone()),
        batch: Set(route.batch),
        score: Set(route.score),
        routed_at: Set(route.routed_at),
    }
}

impl TenantDatabase {
    /// Stores `row` unless this province holds it already; whether it was new.
    pub async fn insert_exchange(&self, row: &ExchangeRow) -> Result<bool> {
        let model = exchange_model(row);
        insert_ignoring_conflict(
            self,
            exchange::Entity::insert(model),
            vec![exchange::Column::Id],
        )
        .await
    }

    pub async fn exchange(&self, id: Uuid) -> Result<Option<ExchangeRow>> {
        Ok(exchange::Entity::find_by_id(id)
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .map(exchange_row))
    }

    /// Sets the exchange's state. Called before a use case appends its outbox message: the row lock it takes
    /// on PostgreSQL orders two writers of one exchange, so their messages leave in the order they committed.
    pub async fn set_exchange_state(&self, id: Uuid, state: &str) -> Result<()> {
        exchange::Entity::update_many()
            .col_expr(exchange::Column::State, state.into())
            .col_expr(exchange::Column::UpdatedAt, Utc::now().into())
            .filter(exchange::Column::Id.eq(id))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Adds `step` unless it is there already; whether it was new.
    pub async fn add_step(&self, step: &StepRow) -> Result<bool> {
        let model = step_model(step);
        let new = insert_ignoring_conflict(
            self,
            exchange_event::Entity::insert(model),
            vec![exchange_event::Column::Id],
        )
        .await?;
        if new {
            self.count_step(step).await?;
        }
        Ok(new)
    }

    /// The steps of exchange `id`, in id order (ids are time-ordered, so both provinces read the same order).
    pub async fn steps_of(&self, id: Uuid) -> Result<Vec<StepRow>> {
        Ok(exchange_event::Entity::find()
            .filter(exchange_event::Column::ExchangeId.eq(id))
            .order_by_asc(exchange_event::Column::Id)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(step_row)
            .collect())
    }

    /// Adds `route` unless the question went to that organisation already; whether it was new.
    pub async fn add_route(&self, route: &RouteRow) -> Result<bool> {
        let model = route_model(route);
        insert_ignoring_conflict(
            self,
            exchange_route::Entity::insert(model),
            vec![
                exchange_route::Column::ExchangeId,
                exchange_route::Column::OrganisationId,
            ],
        )
        .await
    }

    /// The organisations question `id` went to, in the order it chose them.
    pub async fn routes_of(&self, id: Uuid) -> Result<Vec<RouteRow>> {
        Ok(exchange_route::Entity::find()
            .filter(exchange_route::Column::ExchangeId.eq(id))
            .order_by_asc(exchange_route::Column::Batch)
            .order_by_desc(exchange_route::Column::Score)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(route_row)
            .collect())
    }

    /// The exchanges of `kind` a company started, newest first.
    pub async fn exchanges_of_company(
        &self,
        account: AccountId,
        kinds: &[&str],
    ) -> Result<Vec<ExchangeRow>> {
        Ok(exchange::Entity::find()
            .filter(exchange::Column::CompanyAccount.eq(account.as_uuid()))
            .filter(exchange::Column::Kind.is_in(kinds.iter().copied()))
            .order_by_desc(exchange::Column::CreatedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(exchange_row)
            .collect())
    }

    /// The contact requests addressed to `organisation`, newest first.
    pub async fn requests_to(&self, organisation: OrganisationId) -> Result<Vec<ExchangeRow>> {
        Ok(exchange::Entity::find()
            .filter(exchange::Column::OrganisationId.eq(organisation.as_uuid()))
            .filter(exchange::Column::Kind.eq("contact_request"))
            .order_by_desc(exchange::Column::CreatedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(exchange_row)
            .collect())
    }

    /// The questions routed to `organisation`, newest first.
    pub async fn questions_to(&self, organisation: OrganisationId) -> Result<Vec<ExchangeRow>> {
        let ids: Vec<Uuid> = exchange_route::Entity::find()
            .filter(exchange_route::Column::OrganisationId.eq(organisation.as_uuid()))
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(|r| r.exchange_id)
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(exchange::Entity::find()
            .filter(exchange::Column::Id.is_in(ids))
            .order_by_desc(exchange::Column::CreatedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(exchange_row)
            .collect())
    }

    /// Every exchange of `kind` in `state`, oldest first: for the scheduler and the suggestion list.
    pub async fn exchanges_in(&self, kind: &str, states: &[&str]) -> Result<Vec<ExchangeRow>> {
        Ok(exchange::Entity::find()
            .filter(exchange::Column::Kind.eq(kind))
            .filter(exchange::Column::State.is_in(states.iter().copied()))
            .order_by_asc(exchange::Column::CreatedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(exchange_row)
            .collect())
    }

    /// Every exchange of `kind`, whatever its state, oldest first: for the administrators' counts.
    pub async fn exchanges_of_kind(&self, kind: &str) -> Result<Vec<ExchangeRow>> {
        Ok(exchange::Entity::find()
            .filter(exchange::Column::Kind.eq(kind))
            .order_by_asc(exchange::Column::CreatedAt)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(exchange_row)
            .collect())
    }

    /// The ids of the exchanges that have a step of `kind` (e.g. `reported`), in one query.
    pub async fn exchanges_with_step(&self, kind: &str) -> Result<Vec<Uuid>> {
        let mut ids: Vec<Uuid> = exchange_event::Entity::find()
            .select_only()
            .column(exchange_event::Column::ExchangeId)
            .filter(exchange_event::Column::Kind.eq(kind))
            .into_tuple()
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// How many contact requests `account` sent since `since`: for the daily limit.
    pub async fn requests_sent_since(
        &self,
        account: AccountId,
        since: DateTime<Utc>,
    ) -> Result<u64> {
        exchange::Entity::find()
            .filter(exchange::Column::CompanyAccount.eq(account.as_uuid()))
            .filter(exchange::Column::Kind.eq("contact_request"))
            .filter(exchange::Column::CreatedAt.gte(since))
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))
    }

    /// Erases what a deleted company wrote or is known by in exchange `id`: its name and account, and every
    /// text of the thread (a thread is correspondence with that person). States, dates and agreed values stay,
    /// without a name, for the province's counts.
    pub async fn erase_company_from(&self, id: Uuid) -> Result<()> {
        exchange::Entity::update_many()
            .col_expr(
                exchange::Column::CompanyAccount,
                Option::<Uuid>::None.into(),
            )
            .col_expr(exchange::Column::CompanyName, "(verwijderd bedrijf)".into())
            .filter(exchange::Column::Id.eq(id))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        exchange_event::Entity::update_many()
            .col_expr(exchange_event::Column::Body, Option::<String>::None.into())
            .filter(exchange_event::Column::ExchangeId.eq(id))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        exchange_event::Entity::update_many()
            .col_expr(
                exchange_event::Column::ActorAccount,
                Option::<Uuid>::None.into(),
            )
            .filter(exchange_event::Column::ExchangeId.eq(id))
            .filter(exchange_event::Column::Side.eq("company"))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        self.refresh_facts(id).await.map(|_| ())
    }

    /// The members of `organisation`, who are told about its requests and questions.
    pub async fn members_of(
        &self,
        organisation: OrganisationId,
    ) -> Result<Vec<crate::AccountRecord>> {
        account::Entity::find()
            .filter(account::Column::Role.eq("member"))
            .filter(account::Column::OrganisationId.eq(organisation.as_uuid()))
            .filter(account::Column::SuspendedAt.is_null())
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .into_iter()
            .map(crate::accounts::record)
            .collect()
    }
}
