//! What the evaluation figures read of one province: its rollups for a period of Europe/Brussels days, and
//! the small tables (companies, organisations, offers) whole. Each function reads one database; the console
//! adds provinces up.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect, Statement, Value,
};
use uuid::Uuid;

use crate::{
    Database, TenantDatabase,
    entities::{exchange_fact, offer, organisation},
    error::Result,
};

/// A rollup summed over a month (`YYYY-MM`) of the period.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct DayTotal {
    pub month: String,
    pub measure: String,
    pub key: String,
    pub n: i64,
}

/// A registered company: when, and its profile.
#[derive(Debug, Clone, FromQueryResult)]
pub struct CompanyRow {
    pub account_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub sector: String,
    pub size: String,
    pub postal_code: String,
}

/// An organisation, with what its profile completeness counts.
#[derive(Debug, Clone)]
pub struct OrganisationRow {
    pub id: Uuid,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    /// How many of the profile's optional parts are filled in (website, e-mail, phone, employees,
    /// description of at least 80 characters), out of five.
    pub filled: u8,
}

#[derive(Debug, Clone, FromQueryResult)]
pub struct OfferRow {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub category: String,
    pub status: String,
}

/// Everything the figures need of one province for one period.
#[derive(Debug, Clone, Default)]
pub struct ProvinceRaw {
    pub monthly: Vec<DayTotal>,
    pub zero_queries: Vec<(String, i64)>,
    pub active_companies: BTreeSet<Uuid>,
    pub facts: Vec<exchange_fact::Model>,
    /// How organisations answered questions of this province's companies: (interested, reason).
    pub question_answers: Vec<(bool, Option<String>)>,
    /// Organisations of this province that answered or edited in the period.
    pub active_organisations: BTreeSet<Uuid>,
}

#[derive(Debug, FromQueryResult)]
struct Key {
    key: String,
    n: i64,
}

#[derive(Debug, FromQueryResult)]
struct Id {
    id: Option<Uuid>,
}

#[derive(Debug, FromQueryResult)]
struct AnswerData {
    data: serde_json::Value,
}

#[derive(Debug, FromQueryResult)]
struct Object {
    object: String,
}

/// `sql` with `$1`, `$2`, ... placeholders, for `backend` (SQLite numbers them `?1`, `?2`, ...).
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        sql.to_string()
    } else {
        sql.replace('$', "?")
    };
    Statement::from_sql_and_values(backend, sql, values)
}

impl Database {
    fn backend(&self) -> DbBackend {
        self.conn().get_database_backend()
    }

    /// The rollups of the days `from..=to` (`YYYY-MM-DD`), summed per month, except zero-result queries.
    pub async fn monthly_rollups(&self, from: &str, to: &str) -> Result<Vec<DayTotal>> {
        let sql = "SELECT substr(day, 1, 7) AS month, measure, key, CAST(SUM(n) AS BIGINT) AS n FROM daily_counts \
                   WHERE day >= $1 AND day <= $2 AND measure <> 'zero_query' \
                   GROUP BY substr(day, 1, 7), measure, key ORDER BY 1, 2, 3";
        let rows = DayTotal::find_by_statement(statement(
            self.backend(),
            sql,
            vec![from.into(), to.into()],
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        // PostgreSQL sums a bigint into a numeric; the cast keeps one type on both.
        Ok(rows)
    }

    /// The most frequent queries that found nothing in `from..=to`, most frequent first.
    pub async fn zero_result_queries(
        &self,
        from: &str,
        to: &str,
        limit: u64,
    ) -> Result<Vec<(String, i64)>> {
        let sql = "SELECT key, CAST(SUM(n) AS BIGINT) AS n FROM daily_counts \
                   WHERE measure = 'zero_query' AND day >= $1 AND day <= $2 \
                   GROUP BY key ORDER BY SUM(n) DESC, key LIMIT $3";
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(Key::find_by_statement(statement(
            self.backend(),
            sql,
            vec![from.into(), to.into(), limit.into()],
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))?
        .into_iter()
        .map(|k| (k.key, k.n))
        .collect())
    }
}

impl TenantDatabase {
    /// What the figures read of this province for the days `from..=to`, which begin at `start` and end
    /// before `end` (UTC instants of the same period, for the raw rows without a day column).
    pub async fn evaluation_raw(
        &self,
        from: &str,
        to: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<ProvinceRaw> {
        let province = self.slug().as_str().to_string();
        let backend = self.backend();
        let monthly = self.monthly_rollups(from, to).await?;
        let zero_queries = self.zero_result_queries(from, to, 200).await?;
        let active = Id::find_by_statement(statement(
            backend,
            "SELECT company_id AS id FROM company_days WHERE day >= $1 AND day <= $2 \
             UNION SELECT company_account AS id FROM exchange_facts \
             WHERE company_province = $3 AND sent_day >= $4 AND sent_day <= $5 AND company_account IS NOT NULL",
            vec![
                from.into(),
                to.into(),
                province.clone().into(),
                from.into(),
                to.into(),
            ],
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        let facts = exchange_fact::Entity::find()
            .filter(exchange_fact::Column::CompanyProvince.eq(province.clone()))
            .filter(
                sea_orm::Condition::any()
                    .add(exchange_fact::Column::SentDay.between(from, to))
                    .add(exchange_fact::Column::AgreedDay.between(from, to)),
            )
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        let answers = AnswerData::find_by_statement(statement(
            backend,
            "SELECT s.data AS data FROM exchange_events s \
             JOIN exchange_facts f ON f.exchange_id = s.exchange_id \
             WHERE f.company_province = $1 AND f.kind <> 'contact_request' \
             AND f.sent_day >= $2 AND f.sent_day <= $3 AND s.kind = 'answered'",
            vec![province.clone().into(), from.into(), to.into()],
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        let question_answers = answers
            .into_iter()
            .map(|a| {
                let interested = a.data.get("interested").and_then(|v| v.as_bool());
                let reason = a
                    .data
                    .get("reason")
                    .and_then(|v| v.as_str())
                    .map(str::to_string);
                (interested.unwrap_or(false), reason)
            })
            .collect();
        let answering = Id::find_by_statement(statement(
            backend,
            "SELECT COALESCE(s.organisation_id, e.organisation_id) AS id FROM exchange_events s \
             JOIN exchanges e ON e.id = s.exchange_id \
             WHERE s.side = 'organisation' AND s.actor_province = $1 \
             AND s.created_at >= $2 AND s.created_at < $3",
            vec![province.into(), start.into(), end.into()],
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        let mut active_organisations: BTreeSet<Uuid> =
            answering.into_iter().filter_map(|i| i.id).collect();
        let edits = Object::find_by_statement(statement(
            backend,
            "SELECT DISTINCT object FROM audit_log WHERE at >= $1 AND at < $2 \
             AND (object LIKE 'organisation:%' OR object LIKE 'offer:%')",
            vec![start.into(), end.into()],
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        let edited: Vec<(bool, Uuid)> = edits
            .iter()
            .filter_map(|o| {
                let (kind, id) = o.object.split_once(':')?;
                Some((kind == "offer", Uuid::parse_str(id).ok()?))
            })
            .collect();
        let offers: Vec<Uuid> = edited
            .iter()
            .filter(|(o, _)| *o)
            .map(|(_, id)| *id)
            .collect();
        active_organisations.extend(edited.iter().filter(|(o, _)| !*o).map(|(_, id)| *id));
        if !offers.is_empty() {
            for chunk in offers.chunks(500) {
                let owners: Vec<Uuid> = offer::Entity::find()
                    .select_only()
                    .column(offer::Column::OrganisationId)
                    .filter(offer::Column::Id.is_in(chunk.to_vec()))
                    .into_tuple()
                    .all(self.conn())
                    .await
                    .map_err(|e| self.err(e))?;
                active_organisations.extend(owners);
            }
        }
        Ok(ProvinceRaw {
            monthly,
            zero_queries,
            active_companies: active.into_iter().filter_map(|i| i.id).collect(),
            facts,
            question_answers,
            active_organisations,
        })
    }

    /// Every registered company, with when it registered.
    pub async fn company_rows(&self) -> Result<Vec<CompanyRow>> {
        CompanyRow::find_by_statement(Statement::from_string(
            self.backend(),
            "SELECT c.account_id AS account_id, a.created_at AS created_at, c.sector AS sector, \
             c.size AS size, c.postal_code AS postal_code \
             FROM companies c JOIN accounts a ON a.id = c.account_id",
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))
    }

    /// Every organisation (any status), with its profile completeness.
    pub async fn organisation_rows(&self) -> Result<Vec<OrganisationRow>> {
        let rows = organisation::Entity::find()
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(rows
            .into_iter()
            .map(|o| {
                let filled = [
                    o.website.as_deref().is_some_and(|w| !w.is_empty()),
                    o.email.as_deref().is_some_and(|w| !w.is_empty()),
                    o.phone.as_deref().is_some_and(|w| !w.is_empty()),
                    o.employees.is_some(),
                    o.description.chars().count() >= 80,
                ]
                .into_iter()
                .filter(|f| *f)
                .count();
                OrganisationRow {
                    id: o.id,
                    slug: o.slug,
                    name: o.name,
                    kind: o.kind,
                    status: o.status,
                    created_at: o.created_at,
                    filled: u8::try_from(filled).unwrap_or(5),
                }
            })
            .collect())
    }

    pub async fn offer_rows(&self) -> Result<Vec<OfferRow>> {
        OfferRow::find_by_statement(Statement::from_string(
            self.backend(),
            "SELECT id, organisation_id, category, status FROM offers",
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))
    }
}
