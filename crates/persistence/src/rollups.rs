//! The evaluation's rollups, kept in the transaction of the write they count and rebuilt from the raw rows on
//! demand (see the `m20261203_000012_evaluation` migration).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use doeners_domain::exchange::{RequestStanding, Step};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use crate::{
    Database, ExchangeRow, StepRow, TenantDatabase,
    entities::{
        company_day, daily_count, exchange_fact, organisation_day, page_view, rollups_built,
        search_log,
    },
    error::Result,
};

/// The Europe/Brussels calendar day of `at`, `YYYY-MM-DD`: the day the provinces report by.
pub fn brussels_day(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Brussels)
        .format("%Y-%m-%d")
        .to_string()
}

/// A zero-result query as it is counted: trimmed, lower case, single spaces.
pub fn normalised_query(query: &str) -> String {
    query
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .chars()
        .take(200)
        .collect()
}

/// Counts to add, by (day, measure, key).
#[derive(Debug, Default)]
pub(crate) struct Tally {
    counts: BTreeMap<(String, String, String), i64>,
    companies: BTreeSet<(String, Uuid)>,
    organisations: BTreeSet<(String, Uuid)>,
}

impl Tally {
    pub(crate) fn add(&mut self, day: &str, measure: &str, key: &str) {
        *self
            .counts
            .entry((day.to_string(), measure.to_string(), key.to_string()))
            .or_default() += 1;
    }

    /// A search, as the rollups count it.
    pub(crate) fn search(
        &mut self,
        at: DateTime<Utc>,
        source: &str,
        query: &str,
        result_count: i64,
        company: Option<Uuid>,
    ) {
        let day = brussels_day(at);
        self.add(&day, "searches", source);
        if result_count == 0 {
            self.add(&day, "zero_results", source);
            let q = normalised_query(query);
            if !q.is_empty() {
                self.add(&day, "zero_query", &q);
            }
        }
        if let Some(c) = company {
            self.companies.insert((day, c));
        }
    }

    /// An organisation active at `at` (answered, or was edited).
    pub(crate) fn organisation(&mut self, at: DateTime<Utc>, organisation: Uuid) {
        self.organisations.insert((brussels_day(at), organisation));
    }

    /// The organisations of `province` that took a step of `exchange`.
    pub(crate) fn answers(&mut self, province: &str, exchange: &ExchangeRow, steps: &[StepRow]) {
        for step in steps
            .iter()
            .filter(|s| s.side == "organisation" && s.actor_province == province)
        {
            if let Some(o) = step.organisation_id.or(exchange.organisation_id) {
                self.organisation(step.created_at, o);
            }
        }
    }

    pub(crate) fn view(&mut self, at: DateTime<Utc>, kind: &str) {
        self.add(&brussels_day(at), &format!("{kind}_views"), "");
    }

    /// Adds the tally to `db`'s rollups (in the caller's transaction). Only a province's database keeps the
    /// active days of companies and organisations: the federation's does not know their province.
    pub(crate) async fn store(self, db: &Database) -> Result<()> {
        let conn = db.conn();
        let rows: Vec<_> = self
            .counts
            .into_iter()
            .map(|((day, measure, key), n)| daily_count::ActiveModel {
                day: Set(day),
                measure: Set(measure),
                key: Set(key),
                n: Set(n),
            })
            .collect();
        for chunk in rows.chunks(500) {
            let statement = daily_count::Entity::insert_many(chunk.to_vec())
                .on_conflict(
                    OnConflict::columns([
                        daily_count::Column::Day,
                        daily_count::Column::Measure,
                        daily_count::Column::Key,
                    ])
                    .value(
                        daily_count::Column::N,
                        Expr::cust("daily_counts.n + excluded.n"),
                    )
                    .to_owned(),
                )
                .build(conn.get_database_backend());
            conn.execute_raw(statement).await.map_err(|e| db.err(e))?;
        }
        if db.slug().as_str() == crate::FEDERATION {
            return Ok(());
        }
        let days = self
            .companies
            .into_iter()
            .map(|(day, company)| company_day::ActiveModel {
                day: Set(day),
                company_id: Set(company),
            });
        insert_new(
            db,
            days.collect(),
            [company_day::Column::CompanyId, company_day::Column::Day],
        )
        .await?;
        let organisations = self.organisations.into_iter().map(|(day, organisation)| {
            organisation_day::ActiveModel {
                organisation_id: Set(organisation),
                day: Set(day),
            }
        });
        insert_new(
            db,
            organisations.collect(),
            [
                organisation_day::Column::OrganisationId,
                organisation_day::Column::Day,
            ],
        )
        .await?;
        Ok(())
    }
}

/// Inserts the rows of a set (their `keys` say which are there already), in chunks, skipping those present.
async fn insert_new<A, const N: usize>(
    db: &Database,
    rows: Vec<A>,
    keys: [<A::Entity as EntityTrait>::Column; N],
) -> Result<()>
where
    A: sea_orm::ActiveModelTrait + Clone,
{
    let conn = db.conn();
    for chunk in rows.chunks(500) {
        let statement = <A::Entity as EntityTrait>::insert_many(chunk.to_vec())
            .on_conflict(OnConflict::columns(keys).do_nothing().to_owned())
            .build(conn.get_database_backend());
        conn.execute_raw(statement).await.map_err(|e| db.err(e))?;
    }
    Ok(())
}

/// What the evaluation reads of an exchange, folded from its steps in id order.
pub fn facts_of(exchange: &ExchangeRow, steps: &[StepRow]) -> exchange_fact::Model {
    let since = |at: DateTime<Utc>| (at - exchange.created_at).num_seconds().max(0);
    let mut facts = exchange_fact::Model {
        exchange_id: exchange.id,
        kind: exchange.kind.clone(),
        company_province: exchange.company_province.clone(),
        organisation_province: exchange.organisation_province.clone(),
        company_account: exchange.company_account,
        sent_day: brussels_day(exchange.created_at),
        read: false,
        first_answer_seconds: None,
        interested: None,
        reason: None,
        organisations_reached: 0,
        answers: 0,
        interested_answers: 0,
        first_interest_seconds: None,
        outcome: None,
        agreed_day: None,
        agreed_value_eur: None,
    };
    if exchange.kind == "contact_request" {
        fold_request(&mut facts, steps, since);
    } else {
        fold_question(&mut facts, steps, since);
    }
    facts
}

/// A contact request's steps, read as the thread reads them (`RequestStanding`): a step that did not fit where
/// the request stood (two provinces acting at once) changes nothing here either.
fn fold_request(
    facts: &mut exchange_fact::Model,
    steps: &[StepRow],
    since: impl Fn(DateTime<Utc>) -> i64,
) {
    let mut standing = RequestStanding::default();
    for row in steps {
        let Some((side, step)) = crate::step_of(row) else {
            continue;
        };
        if !standing.take(side, &step) {
            continue;
        }
        match step {
            Step::Read => facts.read = true,
            Step::Answered { interested, reason } => {
                facts.read = true;
                facts.answers += 1;
                facts
                    .first_answer_seconds
                    .get_or_insert(since(row.created_at));
                facts.interested = Some(interested);
                facts.reason = reason.map(|r| r.code().to_string());
            }
            Step::CollaborationConfirmed if facts.agreed_day.is_none() => {
                facts.agreed_day = Some(brussels_day(row.created_at));
                facts.agreed_value_eur = standing
                    .agreed
                    .as_ref()
                    .and_then(|c| i64::try_from(c.value_eur).ok());
            }
            _ => {}
        }
    }
}

/// A question's or suggestion's steps: the organisations it reached, how they answered, and the company's own
/// outcome (an organisation's outcome is its own view of it).
fn fold_question(
    facts: &mut exchange_fact::Model,
    steps: &[StepRow],
    since: impl Fn(DateTime<Utc>) -> i64,
) {
    let mut reached = BTreeSet::new();
    for step in steps {
        match step.kind.as_str() {
            "seen" => facts.read = true,
            "routed" => {
                if let Some(o) = step.organisation_id {
                    reached.insert(o);
                }
            }
            "answered" => {
                facts.read = true;
                facts.answers += 1;
                facts
                    .first_answer_seconds
                    .get_or_insert(since(step.created_at));
                if step.data.get("interested").and_then(|v| v.as_bool()) == Some(true) {
                    facts.interested_answers += 1;
                    facts.interested = Some(true);
                    facts
                        .first_interest_seconds
                        .get_or_insert(since(step.created_at));
                } else {
                    facts.interested.get_or_insert(false);
                }
            }
            "outcome" if step.side == "company" => {
                let code = step.data.get("outcome").and_then(|v| v.as_str());
                facts.outcome = code.map(str::to_string);
                let agreed = code == Some("yes");
                facts.agreed_day = agreed.then(|| brussels_day(step.created_at));
                facts.agreed_value_eur = if agreed {
                    step.data.get("value_eur").and_then(|v| v.as_i64())
                } else {
                    None
                };
            }
            _ => {}
        }
    }
    facts.organisations_reached = i32::try_from(reached.len()).unwrap_or(i32::MAX);
}

pub(crate) fn fact_model(f: exchange_fact::Model) -> exchange_fact::ActiveModel {
    exchange_fact::ActiveModel {
        exchange_id: Set(f.exchange_id),
        kind: Set(f.kind),
        company_province: Set(f.company_province),
        organisation_province: Set(f.organisation_province),
        company_account: Set(f.company_account),
        sent_day: Set(f.sent_day),
        read: Set(f.read),
        first_answer_seconds: Set(f.first_answer_seconds),
        interested: Set(f.interested),
        reason: Set(f.reason),
        organisations_reached: Set(f.organisations_reached),
        answers: Set(f.answers),
        interested_answers: Set(f.interested_answers),
        first_interest_seconds: Set(f.first_interest_seconds),
        outcome: Set(f.outcome),
        agreed_day: Set(f.agreed_day),
        agreed_value_eur: Set(f.agreed_value_eur),
    }
}

/// Every rollup row of a database, in a stable order.
#[derive(Debug, Clone, PartialEq)]
pub struct RollupSnapshot {
    pub counts: Vec<daily_count::Model>,
    pub company_days: Vec<company_day::Model>,
    pub facts: Vec<exchange_fact::Model>,
    pub organisation_days: Vec<organisation_day::Model>,
}

const BUILT: &str = "evaluation";

/// Rows read at a time by a rebuild.
const PAGE: u64 = 20_000;

/// What a rebuild counts of a search.
#[derive(Debug, sea_orm::FromQueryResult)]
struct Counted {
    searched_at: DateTime<Utc>,
    source: String,
    query: String,
    result_count: i32,
    company_id: Option<Uuid>,
}

impl Database {
    /// Whether this database's rollups were built (by a rebuild, or because it started empty with them).
    pub async fn rollups_built(&self) -> Result<bool> {
        Ok(rollups_built::Entity::find_by_id(BUILT.to_string())
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?
            .is_some())
    }

    /// Counts the organisation an audited edit of `object` (`organisation:<id>`, `offer:<id>`) is about as active
    /// today (in the caller's transaction; a province's database only).
    pub(crate) async fn edit_counts(&self, object: &str, at: DateTime<Utc>) -> Result<()> {
        let Some((kind, id)) = object.split_once(':') else {
            return Ok(());
        };
        let Ok(id) = Uuid::parse_str(id) else {
            return Ok(());
        };
        if self.slug().as_str() == crate::FEDERATION {
            return Ok(());
        }
        let organisation = match kind {
            "organisation" => Some(id),
            "offer" => crate::entities::offer::Entity::find_by_id(id)
                .one(self.conn())
                .await
                .map_err(|e| self.err(e))?
                .map(|o| o.organisation_id),
            _ => None,
        };
        let Some(organisation) = organisation else {
            return Ok(());
        };
        let mut tally = Tally::default();
        tally.organisation(at, organisation);
        tally.store(self).await
    }

    /// A database without searches or exchanges has all the rollups it needs: marked built, so that only a
    /// database migrated from before the rollups is rebuilt at start.
    pub(crate) async fn mark_built_when_raw_is_empty(&self) -> Result<()> {
        use sea_orm::PaginatorTrait;
        if self.rollups_built().await? {
            return Ok(());
        }
        let searches = search_log::Entity::find()
            .limit(1)
            .count(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        // The federation database has no exchanges table; a province's may hold some.
        let exchanges = if self.slug().as_str() == crate::FEDERATION {
            0
        } else {
            crate::entities::exchange::Entity::find()
                .limit(1)
                .count(self.conn())
                .await
                .map_err(|e| self.err(e))?
        };
        if searches == 0 && exchanges == 0 {
            self.mark_built().await?;
        }
        Ok(())
    }

    async fn mark_built(&self) -> Result<()> {
        let statement = rollups_built::Entity::insert(rollups_built::ActiveModel {
            name: Set(BUILT.to_string()),
            built_at: Set(Utc::now()),
        })
        .on_conflict(
            OnConflict::column(rollups_built::Column::Name)
                .update_column(rollups_built::Column::BuiltAt)
                .to_owned(),
        )
        .build(self.conn().get_database_backend());
        self.conn()
            .execute_raw(statement)
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Recounts the search rollups from the search log, in pages, into the caller's transaction.
    async fn recount_searches(&self) -> Result<()> {
        daily_count::Entity::delete_many()
            .filter(daily_count::Column::Measure.is_in(["searches", "zero_results", "zero_query"]))
            .exec(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        // Only the columns counted are read (not the id, which an old row may hold in another form), a page
        // at a time in id order.
        let mut offset = 0;
        loop {
            let rows: Vec<Counted> = search_log::Entity::find()
                .select_only()
                .column(search_log::Column::SearchedAt)
                .column(search_log::Column::Source)
                .column(search_log::Column::Query)
                .column(search_log::Column::ResultCount)
                .column(search_log::Column::CompanyId)
                .order_by_asc(search_log::Column::Id)
                .offset(offset)
                .limit(PAGE)
                .into_model()
                .all(self.conn())
                .await
                .map_err(|e| self.err(e))?;
            if rows.is_empty() {
                return Ok(());
            }
            offset += rows.len() as u64;
            let mut tally = Tally::default();
            for r in &rows {
                tally.search(
                    r.searched_at,
                    &r.source,
                    &r.query,
                    i64::from(r.result_count),
                    r.company_id,
                );
            }
            tally.store(self).await?;
        }
    }

    /// Rebuilds the search rollups of the federation database from its search log.
    pub async fn rebuild_search_rollups(&self) -> Result<()> {
        let tx = self.begin().await?;
        tx.recount_searches().await?;
        tx.mark_built().await?;
        tx.commit().await
    }
}

impl TenantDatabase {
    /// The rollups of a new step (in the caller's transaction): its exchange's facts folded again, and the
    /// organisation of this province that took it counted as active.
    pub(crate) async fn count_step(&self, step: &StepRow) -> Result<()> {
        let Some(exchange) = self.refresh_facts(step.exchange_id).await? else {
            return Ok(());
        };
        let mut tally = Tally::default();
        tally.answers(self.slug().as_str(), &exchange, std::slice::from_ref(step));
        tally.store(self).await
    }

    /// Folds exchange `id`'s steps into its facts again (in the caller's transaction); the exchange, when this
    /// province holds it.
    pub(crate) async fn refresh_facts(&self, id: Uuid) -> Result<Option<ExchangeRow>> {
        let Some(exchange) = self.exchange(id).await? else {
            return Ok(None);
        };
        let steps = self.steps_of(id).await?;
        let facts = facts_of(&exchange, &steps);
        let statement = exchange_fact::Entity::insert(fact_model(facts))
            .on_conflict(
                OnConflict::column(exchange_fact::Column::ExchangeId)
                    .update_columns([
                        exchange_fact::Column::Read,
                        exchange_fact::Column::FirstAnswerSeconds,
                        exchange_fact::Column::Interested,
                        exchange_fact::Column::Reason,
                        exchange_fact::Column::OrganisationsReached,
                        exchange_fact::Column::Answers,
                        exchange_fact::Column::InterestedAnswers,
                        exchange_fact::Column::FirstInterestSeconds,
                        exchange_fact::Column::Outcome,
                        exchange_fact::Column::AgreedDay,
                        exchange_fact::Column::AgreedValueEur,
                        exchange_fact::Column::CompanyAccount,
                    ])
                    .to_owned(),
            )
            .build(self.conn().get_database_backend());
        self.conn()
            .execute_raw(statement)
            .await
            .map_err(|e| self.err(e))?;
        Ok(Some(exchange))
    }

    /// Throws away this province's rollups and counts them again from the raw rows, in one transaction: the
    /// search log, the page views and every exchange's steps.
    pub async fn rebuild_rollups(&self) -> Result<()> {
        let tx = self.begin().await?;
        // Company days come from signed-in searches only: the search recount writes them again.
        company_day::Entity::delete_many()
            .exec(tx.conn())
            .await
            .map_err(|e| tx.err(e))?;
        tx.recount_searches().await?;
        daily_count::Entity::delete_many()
            .filter(daily_count::Column::Measure.is_in(["profile_views", "offer_views"]))
            .exec(tx.conn())
            .await
            .map_err(|e| tx.err(e))?;
        let mut after: Option<Uuid> = None;
        loop {
            let mut page = page_view::Entity::find().order_by_asc(page_view::Column::Id);
            if let Some(a) = after {
                page = page.filter(page_view::Column::Id.gt(a));
            }
            let rows = page
                .limit(20_000)
                .all(tx.conn())
                .await
                .map_err(|e| tx.err(e))?;
            let Some(last) = rows.last() else { break };
            after = Some(last.id);
            let mut tally = Tally::default();
            for r in &rows {
                tally.view(r.viewed_at, &r.kind);
            }
            tally.store(&tx).await?;
        }
        exchange_fact::Entity::delete_many()
            .exec(tx.conn())
            .await
            .map_err(|e| tx.err(e))?;
        // Every exchange folded from its steps, in bulk: the same fold `add_step` runs one at a time.
        let exchanges = crate::entities::exchange::Entity::find()
            .order_by_asc(crate::entities::exchange::Column::Id)
            .all(tx.conn())
            .await
            .map_err(|e| tx.err(e))?;
        let mut steps: std::collections::HashMap<Uuid, Vec<StepRow>> =
            std::collections::HashMap::new();
        for step in crate::entities::exchange_event::Entity::find()
            .order_by_asc(crate::entities::exchange_event::Column::Id)
            .all(tx.conn())
            .await
            .map_err(|e| tx.err(e))?
        {
            steps
                .entry(step.exchange_id)
                .or_default()
                .push(crate::exchanges::step_row(step));
        }
        organisation_day::Entity::delete_many()
            .exec(tx.conn())
            .await
            .map_err(|e| tx.err(e))?;
        let mut active = Tally::default();
        let province = tx.slug().as_str().to_string();
        let facts: Vec<_> = exchanges
            .into_iter()
            .map(|e| {
                let row = crate::exchanges::exchange_row(e);
                let own = steps.remove(&row.id).unwrap_or_default();
                active.answers(&province, &row, &own);
                fact_model(facts_of(&row, &own))
            })
            .collect();
        let edits = crate::entities::audit_log::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(crate::entities::audit_log::Column::Object.starts_with("organisation:"))
                    .add(crate::entities::audit_log::Column::Object.starts_with("offer:")),
            )
            .all(tx.conn())
            .await
            .map_err(|e| tx.err(e))?;
        let owners: std::collections::HashMap<Uuid, Uuid> = crate::entities::offer::Entity::find()
            .all(tx.conn())
            .await
            .map_err(|e| tx.err(e))?
            .into_iter()
            .map(|o| (o.id, o.organisation_id))
            .collect();
        for edit in edits {
            let Some((kind, id)) = edit.object.split_once(':') else {
                continue;
            };
            let Ok(id) = Uuid::parse_str(id) else {
                continue;
            };
            let organisation = if kind == "offer" {
                owners.get(&id).copied()
            } else {
                Some(id)
            };
            if let Some(o) = organisation {
                active.organisation(edit.at, o);
            }
        }
        active.store(&tx).await?;
        for chunk in facts.chunks(200) {
            exchange_fact::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(tx.conn())
                .await
                .map_err(|e| tx.err(e))?;
        }
        tx.mark_built().await?;
        tx.commit().await
    }

    /// Every rollup row, in a stable order: for the test that compares them with a rebuild.
    pub async fn rollup_snapshot(&self) -> Result<RollupSnapshot> {
        let counts = daily_count::Entity::find()
            .order_by_asc(daily_count::Column::Day)
            .order_by_asc(daily_count::Column::Measure)
            .order_by_asc(daily_count::Column::Key)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let days = company_day::Entity::find()
            .order_by_asc(company_day::Column::Day)
            .order_by_asc(company_day::Column::CompanyId)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let facts = exchange_fact::Entity::find()
            .order_by_asc(exchange_fact::Column::ExchangeId)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let organisations = organisation_day::Entity::find()
            .order_by_asc(organisation_day::Column::OrganisationId)
            .order_by_asc(organisation_day::Column::Day)
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(RollupSnapshot {
            counts,
            company_days: days,
            facts,
            organisation_days: organisations,
        })
    }
}
