//! The evaluation figures of one province for one period, read from its rollups, and the Flanders totals as
//! their sum. Every figure has a key; the sheet gives each a Dutch label and a place on the console.

use std::collections::{BTreeMap, BTreeSet};

use doeners_domain::{
    OrganisationKind, PostalCode,
    company::{NaceSection, SizeClass},
    exchange::Reason,
    taxonomy::CategoryRef,
};
use doeners_persistence::ProvinceRaw;

use super::Period;
use crate::{AppError, Tenant};

/// Counts, breakdowns and the samples medians are taken of.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub counts: BTreeMap<&'static str, u64>,
    /// A count per label (sector, reason, ...), by breakdown.
    pub breakdowns: BTreeMap<&'static str, BTreeMap<String, u64>>,
    pub samples: BTreeMap<&'static str, Vec<i64>>,
    /// Per month (`YYYY-MM`), a few counts.
    pub monthly: BTreeMap<String, BTreeMap<&'static str, u64>>,
    /// Contact requests and collaborations from requests, by (company's province, organisation's province).
    pub matrix: BTreeMap<(String, String), (u64, u64)>,
}

impl Figures {
    pub fn count(&self, key: &str) -> u64 {
        self.counts.get(key).copied().unwrap_or(0)
    }

    fn add(&mut self, key: &'static str, n: u64) {
        *self.counts.entry(key).or_default() += n;
    }

    fn tally(&mut self, breakdown: &'static str, label: &str, n: u64) {
        *self
            .breakdowns
            .entry(breakdown)
            .or_default()
            .entry(label.to_string())
            .or_default() += n;
    }

    fn sample(&mut self, key: &'static str, v: i64) {
        self.samples.entry(key).or_default().push(v);
    }

    fn monthly(&mut self, month: &str, key: &'static str, n: u64) {
        *self
            .monthly
            .entry(month.to_string())
            .or_default()
            .entry(key)
            .or_default() += n;
    }

    /// Adds `other` to these figures (the Flanders totals are the provinces' sum).
    pub fn absorb(&mut self, other: &Figures) {
        for (k, v) in &other.counts {
            self.add(k, *v);
        }
        for (b, labels) in &other.breakdowns {
            for (l, n) in labels {
                self.tally(b, l, *n);
            }
        }
        for (k, vs) in &other.samples {
            self.samples.entry(k).or_default().extend(vs);
        }
        for (m, counts) in &other.monthly {
            for (k, n) in counts {
                self.monthly(m, k, *n);
            }
        }
        for (cell, (r, c)) in &other.matrix {
            let e = self.matrix.entry(cell.clone()).or_default();
            e.0 += r;
            e.1 += c;
        }
    }

    /// The median of a sample; `None` without values.
    pub fn median(&self, key: &str) -> Option<f64> {
        let mut v = self.samples.get(key)?.clone();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        let mid = v.len() / 2;
        #[allow(clippy::cast_precision_loss)]
        Some(if v.len() % 2 == 1 {
            v[mid] as f64
        } else {
            (v[mid - 1] as f64 + v[mid] as f64) / 2.0
        })
    }

    /// The largest value of a sample (for the dominance rule of published sums).
    pub fn largest(&self, key: &str) -> i64 {
        self.samples
            .get(key)
            .and_then(|v| v.iter().max().copied())
            .unwrap_or(0)
    }
}

/// The arrondissement of a municipality, by the first two digits of its NIS code.
pub fn arrondissement(nis: &str) -> &'static str {
    match nis.get(..2).unwrap_or("") {
        "11" => "Antwerpen",
        "12" => "Mechelen",
        "13" => "Turnhout",
        "21" => "Brussel-Hoofdstad",
        "23" => "Halle-Vilvoorde",
        "24" => "Leuven",
        "31" => "Brugge",
        "32" => "Diksmuide",
        "33" => "Ieper",
        "34" => "Kortrijk",
        "35" => "Oostende",
        "36" => "Roeselare",
        "37" => "Tielt",
        "38" => "Veurne",
        "41" => "Aalst",
        "42" => "Dendermonde",
        "43" => "Eeklo",
        "44" => "Gent",
        "45" => "Oudenaarde",
        "46" => "Sint-Niklaas",
        "71" => "Hasselt",
        "72" => "Maaseik",
        "73" => "Tongeren",
        _ => "Buiten Vlaanderen",
    }
}

fn place_of(postal: &str) -> (&'static str, String) {
    let municipality = PostalCode::parse(postal)
        .ok()
        .and_then(|p| p.areas().first().and_then(|a| a.municipality()));
    match municipality {
        Some(m) => (arrondissement(m.nis), m.name.to_string()),
        None => ("Onbekend", "Onbekend".to_string()),
    }
}

fn month_of(day: &str) -> &str {
    day.get(..7).unwrap_or(day)
}

fn within(day: &str, period: &Period) -> bool {
    (period.from_day().as_str()..=period.to_day().as_str()).contains(&day)
}

/// The rollup counts of a database (a province's or the federation's), as figures.
fn rollup_figures(f: &mut Figures, raw_monthly: &[doeners_persistence::DayTotal], federation: bool) {
    for t in raw_monthly {
        let n = u64::try_from(t.n).unwrap_or(0);
        match (t.measure.as_str(), t.key.as_str(), federation) {
            ("searches", _, false) | ("searches", "flanders" | "api", true) => {
                f.add("searches", n);
                f.monthly(&t.month, "searches", n);
                if federation {
                    f.add(
                        if t.key == "api" {
                            "searches_api"
                        } else {
                            "searches_flanders_wide"
                        },
                        n,
                    );
                } else {
                    f.add("searches_portal", n);
                }
            }
            ("zero_results", _, _) => {
                f.add("zero_result_searches", n);
                f.monthly(&t.month, "zero_result_searches", n);
            }
            ("profile_views", _, false) => f.add("profile_views", n),
            ("offer_views", _, false) => f.add("offer_views", n),
            _ => {}
        }
    }
}

/// The Flanders-wide searches (the federation database's log), as figures to add to the Flanders totals.
pub async fn flanders_wide(federation: &crate::Federation, period: &Period) -> Result<Figures, AppError> {
    let db = federation.db();
    let monthly = db
        .monthly_rollups(&period.from_day(), &period.to_day())
        .await?;
    let mut f = Figures::default();
    rollup_figures(&mut f, &monthly, true);
    for (q, n) in db
        .zero_result_queries(&period.from_day(), &period.to_day(), 200)
        .await?
    {
        f.tally("zero_queries", &q, u64::try_from(n).unwrap_or(0));
    }
    Ok(f)
}

/// The figures of `tenant` for `period`.
pub async fn of_province(tenant: &Tenant, period: &Period) -> Result<Figures, AppError> {
    let (from, to) = (period.from_day(), period.to_day());
    let db = &tenant.db;
    let raw: ProvinceRaw = db
        .evaluation_raw(&from, &to, period.start(), period.end())
        .await?;
    let companies = db.company_rows().await?;
    let organisations = db.organisation_rows().await?;
    let offers = db.offer_rows().await?;
    let mut f = Figures::default();
    rollup_figures(&mut f, &raw.monthly, false);
    for (q, n) in &raw.zero_queries {
        f.tally("zero_queries", q, u64::try_from(*n).unwrap_or(0));
    }

    // Companies: registered in the period, registered by its end, and the profile of the active ones.
    let (start, end) = (period.start(), period.end());
    for c in &companies {
        if c.created_at < end {
            f.add("companies_total", 1);
        }
        if c.created_at >= start && c.created_at < end {
            f.add("companies_registered", 1);
        }
    }
    f.add("companies_active", raw.active_companies.len() as u64);
    for c in companies
        .iter()
        .filter(|c| raw.active_companies.contains(&c.account_id))
    {
        let sector = NaceSection::parse(&c.sector).map_or("Onbekend", |s| s.label());
        let size = SizeClass::parse(&c.size).map_or("Onbekend", |s| s.label());
        let (arrondissement, municipality) = place_of(&c.postal_code);
        f.tally("sector", sector, 1);
        f.tally("size", size, 1);
        f.tally("arrondissement", arrondissement, 1);
        f.tally("municipality", &municipality, 1);
    }

    // Exchanges this province's companies started: cohorts by the day they were sent, collaborations by the
    // day they were agreed.
    let here = tenant.slug();
    for x in &raw.facts {
        let sent = within(&x.sent_day, period);
        let agreed = x.agreed_day.as_deref().filter(|d| within(d, period));
        let other = x.organisation_province.clone().unwrap_or_default();
        let crosses = !other.is_empty() && other != here;
        match x.kind.as_str() {
            "contact_request" => {
                if sent {
                    f.add("contact_requests", 1);
                    f.monthly(month_of(&x.sent_day), "contact_requests", 1);
                    f.matrix.entry((here.to_string(), other.clone())).or_default().0 += 1;
                    if crosses {
                        f.add("contact_requests_cross_border", 1);
                    }
                    if x.read {
                        f.add("contact_requests_read", 1);
                    }
                    if let Some(s) = x.first_answer_seconds {
                        f.add("contact_requests_answered", 1);
                        f.sample("answer_seconds", s);
                    }
                    match x.interested {
                        Some(true) => f.add("contact_requests_interested", 1),
                        Some(false) => {
                            let reason = x
                                .reason
                                .as_deref()
                                .and_then(|r| Reason::parse(r).ok())
                                .map_or("Geen reden gegeven", Reason::label);
                            f.tally("reasons", reason, 1);
                        }
                        None => {}
                    }
                }
                if let Some(day) = agreed {
                    f.add("collaborations", 1);
                    f.add("collaborations_from_requests", 1);
                    f.monthly(month_of(day), "collaborations", 1);
                    f.matrix.entry((here.to_string(), other.clone())).or_default().1 += 1;
                    if crosses {
                        f.add("collaborations_cross_border", 1);
                    }
                    let value = x.agreed_value_eur.unwrap_or(0).max(0);
                    f.add("collaboration_value_eur", u64::try_from(value).unwrap_or(0));
                    f.sample("collaboration_values", value);
                }
            }
            kind => {
                if sent {
                    let key = if kind == "suggestion" { "suggestions" } else { "questions" };
                    f.add(key, 1);
                    f.monthly(month_of(&x.sent_day), "questions", 1);
                    if x.organisations_reached > 0 {
                        f.add("questions_routed", 1);
                        f.add(
                            "organisations_reached",
                            u64::try_from(x.organisations_reached).unwrap_or(0),
                        );
                    }
                    if x.interested_answers > 0 {
                        f.add("questions_with_interest", 1);
                    }
                    if let Some(s) = x.first_interest_seconds {
                        f.sample("interest_seconds", s);
                    }
                    let outcome = match x.outcome.as_deref() {
                        Some("yes") => "Samenwerking",
                        Some("no") => "Geen samenwerking",
                        Some("not_yet") => "Nog niet beslist",
                        _ => "Nog geen uitkomst",
                    };
                    f.tally("outcomes", outcome, 1);
                }
                if let Some(day) = agreed {
                    f.add("collaborations", 1);
                    f.add("collaborations_from_questions", 1);
                    f.monthly(month_of(day), "collaborations", 1);
                    let value = x.agreed_value_eur.unwrap_or(0).max(0);
                    f.add("collaboration_value_eur", u64::try_from(value).unwrap_or(0));
                    f.sample("collaboration_values", value);
                }
            }
        }
    }
    for (interested, reason) in &raw.question_answers {
        f.add("question_answers", 1);
        if *interested {
            f.add("question_answers_interested", 1);
        } else {
            let reason = reason
                .as_deref()
                .and_then(|r| Reason::parse(r).ok())
                .map_or("Geen reden gegeven", Reason::label);
            f.tally("question_reasons", reason, 1);
        }
    }

    // Organisations of this province: as they stand now, and whether they were active in the period.
    let published: BTreeSet<_> = organisations
        .iter()
        .filter(|o| o.status == "published")
        .map(|o| o.id)
        .collect();
    for o in organisations.iter().filter(|o| published.contains(&o.id)) {
        let kind = OrganisationKind::parse(&o.kind).map_or("Andere", |k| k.label());
        f.add("organisations", 1);
        f.tally("organisation_kinds", kind, 1);
        f.add("profile_parts", 5);
        f.add("profile_parts_filled", u64::from(o.filled));
    }
    for offer in offers
        .iter()
        .filter(|o| o.status == "published" && published.contains(&o.organisation_id))
    {
        f.add("offers", 1);
        let group = CategoryRef::parse(&offer.category).map_or("Andere", |c| c.group().label);
        f.tally("offer_groups", group, 1);
    }
    f.add(
        "organisations_active",
        raw.active_organisations
            .iter()
            .filter(|o| published.contains(o))
            .count() as u64,
    );
    Ok(f)
}
