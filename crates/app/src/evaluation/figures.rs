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
    /// The largest agreed value of one collaboration (the dominance rule of published sums).
    pub largest: i64,
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
        self.largest = self.largest.max(other.largest);
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

/// The rollup counts of a database (a province's or the federation's), as figures.
fn rollup_figures(
    f: &mut Figures,
    raw_monthly: &[doeners_persistence::DayTotal],
    federation: bool,
) {
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
pub async fn flanders_wide(
    federation: &crate::Federation,
    period: &Period,
) -> Result<Figures, AppError> {
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

/// How much of a province's figures to read: what the published figures need, or everything the console
/// shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    Published,
    Full,
}

fn reason_label(code: Option<&str>) -> &'static str {
    code.and_then(|r| Reason::parse(r).ok())
        .map_or("Geen reden gegeven", Reason::label)
}

/// The figures of `tenant` for `period`.
pub async fn of_province(
    tenant: &Tenant,
    period: &Period,
    depth: Depth,
) -> Result<Figures, AppError> {
    let (from, to) = (period.from_day(), period.to_day());
    let db = &tenant.db;
    let full = depth == Depth::Full;
    let raw: ProvinceRaw = db
        .evaluation_raw(&from, &to, period.start(), period.end(), full)
        .await?;
    let mut f = Figures::default();
    rollup_figures(&mut f, &raw.monthly, false);
    for (q, n) in &raw.zero_queries {
        f.tally("zero_queries", q, u64::try_from(*n).unwrap_or(0));
    }
    f.add("companies_total", raw.companies_total);
    f.add("companies_registered", raw.companies_registered);
    f.add("companies_active", raw.companies_active);
    let n64 = |n: i64| u64::try_from(n).unwrap_or(0);

    // Exchanges this province's companies started: cohorts by the day they were sent, collaborations by the
    // day they were agreed.
    let here = tenant.slug();
    for g in &raw.facts {
        let n = n64(g.n);
        let other = g.organisation_province.clone().unwrap_or_default();
        if g.kind == "contact_request" {
            f.add("contact_requests", n);
            f.monthly(&g.month, "contact_requests", n);
            f.matrix
                .entry((here.to_string(), other.clone()))
                .or_default()
                .0 += n;
            if !other.is_empty() && other != here {
                f.add("contact_requests_cross_border", n);
            }
            if g.read == 1 {
                f.add("contact_requests_read", n);
            }
            if g.answered == 1 {
                f.add("contact_requests_answered", n);
            }
            match g.interested {
                Some(1) => f.add("contact_requests_interested", n),
                Some(_) => f.tally("reasons", reason_label(g.reason.as_deref()), n),
                None => {}
            }
        } else {
            let key = if g.kind == "suggestion" {
                "suggestions"
            } else {
                "questions"
            };
            f.add(key, n);
            f.monthly(&g.month, "questions", n);
            f.add("questions_routed", n64(g.routed));
            f.add("organisations_reached", n64(g.reached));
            f.add("questions_with_interest", n64(g.with_interest));
            let outcome = match g.outcome.as_deref() {
                Some("yes") => "Samenwerking",
                Some("no") => "Geen samenwerking",
                Some("not_yet") => "Nog niet beslist",
                _ => "Nog geen uitkomst",
            };
            f.tally("outcomes", outcome, n);
        }
    }
    for g in &raw.agreed {
        let n = n64(g.n);
        let other = g.organisation_province.clone().unwrap_or_default();
        f.add("collaborations", n);
        f.monthly(&g.month, "collaborations", n);
        f.add("collaboration_value_eur", n64(g.value));
        f.largest = f.largest.max(g.largest);
        if g.kind == "contact_request" {
            f.add("collaborations_from_requests", n);
            f.matrix
                .entry((here.to_string(), other.clone()))
                .or_default()
                .1 += n;
            if !other.is_empty() && other != here {
                f.add("collaborations_cross_border", n);
            }
        } else {
            f.add("collaborations_from_questions", n);
        }
    }
    f.samples
        .insert("answer_seconds", raw.answer_seconds.clone());
    f.samples
        .insert("interest_seconds", raw.interest_seconds.clone());
    f.samples.insert("collaboration_values", raw.values.clone());
    for a in &raw.question_answers {
        let n = n64(a.n);
        f.add("question_answers", n);
        if a.interested == 1 {
            f.add("question_answers_interested", n);
        } else {
            f.tally("question_reasons", reason_label(a.reason.as_deref()), n);
        }
    }
    if !full {
        return Ok(f);
    }

    // The profile of the companies that were active.
    let companies = db.company_rows().await?;
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
    let organisations = db.organisation_rows().await?;
    let offers = db.offer_rows().await?;

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
