//! What the evaluation figures read of one province: its rollups for a period of Europe/Brussels days, and
//! the small tables (companies, organisations, offers) whole. Each function reads one database; the console
//! adds provinces up.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, Statement, Value};
use uuid::Uuid;

use crate::{Database, TenantDatabase, entities::organisation, error::Result};

/// A rollup summed over a month (`YYYY-MM`) of the period.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct DayTotal {
    pub month: String,
    pub measure: String,
    pub key: String,
    pub n: i64,
}

/// A registered company's profile.
#[derive(Debug, Clone, FromQueryResult)]
pub struct CompanyRow {
    pub account_id: Uuid,
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

/// Exchanges this province's companies started in the period, counted by what the figures tell apart.
#[derive(Debug, Clone, FromQueryResult)]
pub struct FactGroup {
    pub kind: String,
    pub organisation_province: Option<String>,
    pub month: String,
    pub read: i32,
    pub answered: i32,
    pub interested: Option<i32>,
    pub reason: Option<String>,
    pub reached: i64,
    pub routed: i64,
    pub with_interest: i64,
    pub outcome: Option<String>,
    pub n: i64,
}

/// Collaborations agreed in the period, by kind, organisation province and month.
#[derive(Debug, Clone, FromQueryResult)]
pub struct AgreedGroup {
    pub kind: String,
    pub organisation_province: Option<String>,
    pub month: String,
    pub n: i64,
    pub value: i64,
    pub largest: i64,
}

/// How organisations answered questions: whether interested, the reason, how often.
#[derive(Debug, Clone, FromQueryResult)]
pub struct AnswerGroup {
    pub interested: i32,
    pub reason: Option<String>,
    pub n: i64,
}

/// Everything the figures need of one province for one period. `full` adds what only the console shows
/// (who the active companies are, the samples medians are taken of, the active organisations).
#[derive(Debug, Clone, Default)]
pub struct ProvinceRaw {
    pub monthly: Vec<DayTotal>,
    pub zero_queries: Vec<(String, i64)>,
    pub companies_active: u64,
    pub companies_registered: u64,
    pub companies_total: u64,
    pub facts: Vec<FactGroup>,
    pub agreed: Vec<AgreedGroup>,
    pub question_answers: Vec<AnswerGroup>,
    /// With `full`: the active companies, and the samples (seconds to a first answer, to a first interest;
    /// agreed values).
    pub active_companies: BTreeSet<Uuid>,
    pub answer_seconds: Vec<i64>,
    pub interest_seconds: Vec<i64>,
    pub values: Vec<i64>,
    /// With `full`: organisations of this province that answered or edited in the period.
    pub active_organisations: BTreeSet<Uuid>,
}

#[derive(Debug, FromQueryResult)]
struct Number {
    n: i64,
}

#[derive(Debug, FromQueryResult)]
struct Sample {
    v: Option<i64>,
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
    async fn numbers(&self, sql: &str, values: Vec<Value>) -> Result<Vec<i64>> {
        Ok(
            Sample::find_by_statement(statement(self.backend(), sql, values))
                .all(self.conn())
                .await
                .map_err(|e| self.err(e))?
                .into_iter()
                .filter_map(|s| s.v)
                .collect(),
        )
    }

    async fn number(&self, sql: &str, values: Vec<Value>) -> Result<u64> {
        let row = Number::find_by_statement(statement(self.backend(), sql, values))
            .one(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        Ok(row.map_or(0, |r| u64::try_from(r.n).unwrap_or(0)))
    }

    /// What the figures read of this province for the days `from..=to`, which begin at `start` and end
    /// before `end` (UTC instants of the same period, for the raw rows without a day column).
    pub async fn evaluation_raw(
        &self,
        from: &str,
        to: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        full: bool,
    ) -> Result<ProvinceRaw> {
        let province = self.slug().as_str().to_string();
        let backend = self.backend();
        let here = || Value::from(province.clone());
        let days = || vec![here(), from.into(), to.into()];
        let started = std::time::Instant::now();
        let lap = |what: &str| tracing::debug!(province = %province, what, ms = started.elapsed().as_secs_f64() * 1000.0, "evaluation read");
        let mut raw = ProvinceRaw {
            monthly: self.monthly_rollups(from, to).await?,
            ..ProvinceRaw::default()
        };
        lap("monthly");
        // A company is active when it has a day in the period, or sent something in it: one index seek per
        // company on each table, however many searches the period holds.
        let active = "SELECT c.account_id AS id FROM companies c WHERE EXISTS \
             (SELECT 1 FROM company_days d WHERE d.company_id = c.account_id AND d.day >= $1 AND d.day <= $2) \
             OR EXISTS (SELECT 1 FROM exchange_facts f WHERE f.company_account = c.account_id \
             AND f.sent_day >= $3 AND f.sent_day <= $4 AND f.company_province = $5)";
        let active_values = || vec![from.into(), to.into(), from.into(), to.into(), here()];
        raw.companies_active = self
            .number(
                &format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM ({active}) AS active"),
                active_values(),
            )
            .await?;
        lap("companies_active");
        raw.companies_registered = self
            .number(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM accounts WHERE role = 'company' \
                 AND created_at >= $1 AND created_at < $2",
                vec![start.into(), end.into()],
            )
            .await?;
        lap("companies_registered");
        raw.companies_total = self
            .number(
                "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM accounts WHERE role = 'company' AND created_at < $1",
                vec![end.into()],
            )
            .await?;
        lap("companies_total");
        // The published figures need only totals: grouped by kind (and whether answered), they cost one pass.
        let (detail, grouping) = if full {
            (
                "organisation_province, substr(sent_day, 1, 7) AS month, \
                 CAST(CASE WHEN read THEN 1 ELSE 0 END AS INTEGER) AS read, \
                 CAST(CASE WHEN interested IS NULL THEN NULL WHEN interested THEN 1 ELSE 0 END AS INTEGER) AS interested, \
                 reason, outcome",
                ", organisation_province, substr(sent_day, 1, 7), read, interested, reason, outcome",
            )
        } else {
            (
                "CAST(NULL AS TEXT) AS organisation_province, '' AS month, 0 AS read, \
                 CAST(NULL AS INTEGER) AS interested, CAST(NULL AS TEXT) AS reason, CAST(NULL AS TEXT) AS outcome",
                "",
            )
        };
        let sql = format!(
            "SELECT kind, {detail}, \
             CAST(CASE WHEN first_answer_seconds IS NULL THEN 0 ELSE 1 END AS INTEGER) AS answered, \
             CAST(SUM(organisations_reached) AS BIGINT) AS reached, \
             CAST(SUM(CASE WHEN organisations_reached > 0 THEN 1 ELSE 0 END) AS BIGINT) AS routed, \
             CAST(SUM(CASE WHEN interested_answers > 0 THEN 1 ELSE 0 END) AS BIGINT) AS with_interest, \
             CAST(COUNT(*) AS BIGINT) AS n FROM exchange_facts \
             WHERE company_province = $1 AND sent_day >= $2 AND sent_day <= $3 \
             GROUP BY kind, CASE WHEN first_answer_seconds IS NULL THEN 0 ELSE 1 END{grouping}"
        );
        raw.facts = FactGroup::find_by_statement(statement(backend, &sql, days()))
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        lap("facts");
        let (detail, grouping) = if full {
            (
                "organisation_province, substr(agreed_day, 1, 7) AS month",
                ", organisation_province, substr(agreed_day, 1, 7)",
            )
        } else {
            (
                "CAST(NULL AS TEXT) AS organisation_province, '' AS month",
                "",
            )
        };
        let sql = format!(
            "SELECT kind, {detail}, CAST(COUNT(*) AS BIGINT) AS n, \
             CAST(COALESCE(SUM(agreed_value_eur), 0) AS BIGINT) AS value, \
             CAST(COALESCE(MAX(agreed_value_eur), 0) AS BIGINT) AS largest FROM exchange_facts \
             WHERE company_province = $1 AND agreed_day >= $2 AND agreed_day <= $3 GROUP BY kind{grouping}"
        );
        raw.agreed = AgreedGroup::find_by_statement(statement(backend, &sql, days()))
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        lap("agreed");
        if !full {
            return Ok(raw);
        }
        raw.zero_queries = self.zero_result_queries(from, to, 200).await?;
        lap("zero_queries");
        // The answer is in the step's JSON document: matched as text, the same way on both databases.
        let text = if backend == DbBackend::Postgres {
            "CAST(s.data AS TEXT)"
        } else {
            "s.data"
        };
        let reason = doeners_domain::exchange::Reason::ALL
            .iter()
            .map(|r| format!("WHEN {text} LIKE '%\"{0}\"%' THEN '{0}'", r.code()))
            .collect::<Vec<_>>()
            .join(" ");
        let sql = format!(
            "SELECT CAST(CASE WHEN {text} LIKE '%\"interested\":true%' OR {text} LIKE '%\"interested\": true%' \
             THEN 1 ELSE 0 END AS INTEGER) AS interested, CASE {reason} ELSE NULL END AS reason, \
             CAST(COUNT(*) AS BIGINT) AS n FROM exchange_events s \
             JOIN exchange_facts f ON f.exchange_id = s.exchange_id \
             WHERE f.company_province = $1 AND f.kind <> 'contact_request' \
             AND f.sent_day >= $2 AND f.sent_day <= $3 AND s.kind = 'answered' GROUP BY 1, 2"
        );
        raw.question_answers = AnswerGroup::find_by_statement(statement(backend, &sql, days()))
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        lap("question_answers");
        let ids = Id::find_by_statement(statement(backend, active, active_values()))
            .all(self.conn())
            .await
            .map_err(|e| self.err(e))?;
        raw.active_companies = ids.into_iter().filter_map(|i| i.id).collect();
        lap("active_companies");
        let cohort =
            "FROM exchange_facts WHERE company_province = $1 AND sent_day >= $2 AND sent_day <= $3";
        raw.answer_seconds = self
            .numbers(
                &format!("SELECT first_answer_seconds AS v {cohort} AND kind = 'contact_request'"),
                days(),
            )
            .await?;
        lap("answer_seconds");
        raw.interest_seconds = self
            .numbers(
                &format!(
                    "SELECT first_interest_seconds AS v {cohort} AND kind <> 'contact_request'"
                ),
                days(),
            )
            .await?;
        lap("interest_seconds");
        raw.values = self
            .numbers(
                "SELECT agreed_value_eur AS v FROM exchange_facts \
                 WHERE company_province = $1 AND agreed_day >= $2 AND agreed_day <= $3",
                days(),
            )
            .await?;
        lap("values");
        let active_organisations = Id::find_by_statement(statement(
            backend,
            "SELECT o.id AS id FROM organisations o WHERE EXISTS (SELECT 1 FROM organisation_days d \
             WHERE d.organisation_id = o.id AND d.day >= $1 AND d.day <= $2)",
            vec![from.into(), to.into()],
        ))
        .all(self.conn())
        .await
        .map_err(|e| self.err(e))?;
        raw.active_organisations = active_organisations
            .into_iter()
            .filter_map(|i| i.id)
            .collect();
        lap("active_organisations");
        Ok(raw)
    }

    /// Every registered company's profile.
    pub async fn company_rows(&self) -> Result<Vec<CompanyRow>> {
        CompanyRow::find_by_statement(Statement::from_string(
            self.backend(),
            "SELECT account_id, sector, size, postal_code FROM companies",
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
