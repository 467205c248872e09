//! A year of demo activity up to today, the same on every run for the same day: companies registering,
//! searching (some finding nothing), viewing profiles, sending requests that are read, answered and turned into
//! collaborations, and questions routed across provinces with their answers and outcomes. Written through the
//! same repositories as the use cases (in bulk, with past dates), both provinces' copies of an exchange that
//! crosses a border included, so the console has something to show on a platform's first run.
//!
//! `scale` multiplies the volumes: 1 is a realistic year for a province (about 20,000 searches, 1,000 contact
//! requests, 100 questions), 10 is the benchmark's.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use doeners_domain::geography::Municipality;
use doeners_persistence::{
    ExchangeRow, OrganisationRow, PageView, RouteRow, SearchLogEntry, SearchSource, SeedCompany,
    StepRow, ViewKind,
};
use serde_json::json;
use uuid::Uuid;

use crate::{AppError, Federation, Tenant};

/// The demo data's deterministic generator, with what the activity asks of it: the same seed gives the same
/// year.
struct Dice(doeners_demo::Dice);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0.roll()
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// True with `percent` chance.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[usize::try_from(self.below(items.len() as u64)).unwrap_or(0)]
    }

    /// A time-ordered id for `at` (UUIDv7 with deterministic random bits).
    fn id_at(&mut self, at: DateTime<Utc>) -> Uuid {
        let bytes = self.next().to_le_bytes();
        let more = self.next().to_le_bytes();
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&bytes);
        random[8..].copy_from_slice(&more[..2]);
        let ms = u64::try_from(at.timestamp_millis()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(ms, &random).into_uuid()
    }
}

const QUERIES: &[&str] = &[
    "verpakken",
    "inpakken van dozen",
    "groenonderhoud",
    "tuinonderhoud bedrijventerrein",
    "schoonmaak kantoren",
    "poetsen",
    "catering",
    "broodjes voor vergadering",
    "montage",
    "assemblage kleine onderdelen",
    "drukwerk",
    "fietsherstel",
    "textiel herstellen",
    "strijken",
    "sorteren",
    "etiketteren",
    "logistiek",
    "kringwinkel",
    "houtbewerking",
    "paletten",
    "wasserij",
    "digitaliseren van documenten",
    "onderhoud groen",
    "verhuis",
    "schrijnwerk",
    "meubels op maat",
    "naaiatelier",
    "mailing versturen",
    "klusjesdienst",
    "renovatie",
];
const NOBODY: &[&str] = &[
    "lasrobot programmeren",
    "3d-print prototypes",
    "tolk gebarentaal",
    "drone inspectie daken",
    "boekhouding",
    "vertaling chinees",
    "asbestverwijdering",
    "kraanverhuur",
];
const SECTORS: &[&str] = &[
    "c", "c", "c", "g", "g", "f", "f", "n", "n", "h", "q", "m", "i", "o", "p", "j",
];
const SIZES: &[&str] = &[
    "micro",
    "micro",
    "klein",
    "klein",
    "klein",
    "middelgroot",
    "middelgroot",
    "groot",
];
const REASONS: &[&str] = &[
    "no_capacity",
    "no_capacity",
    "not_our_work",
    "outside_service_area",
    "too_small",
    "too_large",
    "timing",
    "other",
];
const BUDGETS: &[&str] = &[
    "tot_5000",
    "5000_25000",
    "5000_25000",
    "25000_100000",
    "meer_dan_100000",
    "onbekend",
];

/// What one province holds: its organisations, and its share of the companies.
struct Province {
    slug: String,
    organisations: Vec<OrganisationRow>,
    /// The published offers of each organisation.
    offers: BTreeMap<Uuid, Vec<Uuid>>,
    postal_codes: Vec<String>,
    companies: Vec<(Uuid, DateTime<Utc>, String)>,
}

#[derive(Debug, Default)]
pub struct Seeded {
    pub companies: usize,
    pub searches: usize,
    pub views: usize,
    pub requests: usize,
    pub questions: usize,
}

impl std::fmt::Display for Seeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} bedrijven, {} zoekopdrachten, {} bekeken pagina's, {} contactaanvragen, {} vragen",
            self.companies, self.searches, self.views, self.requests, self.questions
        )
    }
}

#[allow(clippy::too_many_arguments)]
fn step(
    dice: &mut Dice,
    exchange: Uuid,
    organisation: Option<Uuid>,
    kind: &str,
    side: &str,
    province: &str,
    at: DateTime<Utc>,
    data: serde_json::Value,
) -> StepRow {
    StepRow {
        id: dice.id_at(at),
        exchange_id: exchange,
        organisation_id: organisation,
        kind: kind.to_string(),
        side: side.to_string(),
        actor_province: province.to_string(),
        actor_account: None,
        body: None,
        data,
        created_at: at,
    }
}

/// Fills every province with a year of activity up to `now`, unless it has some already. Returns what was
/// written.
pub async fn seed(
    tenants: &[Tenant],
    federation: &Federation,
    scale: u32,
    now: DateTime<Utc>,
) -> Result<Seeded, AppError> {
    let scale = u64::from(scale.max(1));
    let mut seeded = Seeded::default();
    let mut fresh = 0;
    for t in tenants {
        if t.db.claim_run("demo-activity", "seeded").await? {
            fresh += 1;
        }
    }
    if fresh < tenants.len() {
        tracing::warn!(
            provinces = tenants.len() - fresh,
            "demo activity is there already: none is added"
        );
        return Ok(seeded);
    }
    let mut provinces = Vec::new();
    for t in tenants {
        let organisations: Vec<OrganisationRow> =
            t.db.organisation_rows()
                .await?
                .into_iter()
                .filter(|o| o.status == "published")
                .collect();
        let postal_codes: Vec<String> = Municipality::all()
            .iter()
            .filter(|m| m.province().is_some_and(|p| p.slug == t.slug()))
            .filter_map(|m| m.postal_areas().next().map(|a| a.code.to_string()))
            .collect();
        let mut offers: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
        for o in t.db.offer_rows().await? {
            if o.status == "published" {
                offers.entry(o.organisation_id).or_default().push(o.id);
            }
        }
        provinces.push(Province {
            slug: t.slug().to_string(),
            organisations,
            offers,
            postal_codes,
            companies: Vec::new(),
        });
    }
    let year = Duration::days(365);
    let start = now - year;
    let mut dice = Dice(doeners_demo::Dice::new(0x0064_6f65_6e65_7273 ^ scale));
    let at_within = |dice: &mut Dice, from: DateTime<Utc>, to: DateTime<Utc>| {
        let span = (to - from).num_seconds().max(1);
        from + Duration::seconds(
            i64::try_from(dice.below(u64::try_from(span).unwrap_or(1))).unwrap_or(0),
        )
    };

    // Companies, some registered before the year began.
    for (i, (p, t)) in provinces.iter_mut().zip(tenants).enumerate() {
        let mut rows = Vec::new();
        for n in 0..(120 * scale) {
            let created = at_within(
                &mut dice,
                now - Duration::days(500),
                now - Duration::hours(1),
            );
            let id = dice.id_at(created);
            let postal = if p.postal_codes.is_empty() {
                "1000".to_string()
            } else {
                dice.pick(&p.postal_codes).clone()
            };
            rows.push(SeedCompany {
                id,
                email: format!("inkoop{n}@bedrijf{i}.demo.example"),
                name: format!("Demobedrijf {} {n}", p.slug),
                sector: (*dice.pick(SECTORS)).to_string(),
                size: (*dice.pick(SIZES)).to_string(),
                postal_code: postal,
                created_at: created,
            });
            p.companies
                .push((id, created, format!("Demobedrijf {} {n}", p.slug)));
        }
        t.db.seed_companies(&rows).await?;
        seeded.companies += rows.len();
    }

    // Searches and views.
    for (p, t) in provinces.iter().zip(tenants) {
        let mut searches = Vec::new();
        for _ in 0..(20_000 * scale) {
            let at = at_within(&mut dice, start, now);
            let nobody = dice.chance(12);
            let query = if nobody {
                *dice.pick(NOBODY)
            } else {
                *dice.pick(QUERIES)
            };
            let signed_in = p.companies.iter().filter(|c| c.1 < at).count() > 0 && dice.chance(30);
            let company = if signed_in {
                let known: Vec<_> = p.companies.iter().filter(|c| c.1 < at).collect();
                Some(dice.pick(&known).0)
            } else {
                None
            };
            searches.push(SearchLogEntry {
                searched_at: at,
                source: SearchSource::Portal,
                query: query.to_string(),
                filters: json!({}),
                result_count: if nobody {
                    0
                } else {
                    usize::try_from(1 + dice.below(40)).unwrap_or(1)
                },
                company_id: company,
            });
        }
        seeded.searches += searches.len();
        for chunk in searches.chunks(5_000) {
            t.db.record_searches(chunk).await?;
        }
        let mut views = Vec::new();
        if !p.organisations.is_empty() {
            for _ in 0..(8_000 * scale) {
                let org = dice.pick(&p.organisations).id;
                let at = at_within(&mut dice, start, now);
                let from_hit = dice.chance(35);
                views.push(PageView {
                    viewed_at: at,
                    kind: ViewKind::Profile,
                    organisation_id: org,
                    offer_id: None,
                });
                let offers = p.offers.get(&org).map_or(&[][..], Vec::as_slice);
                if from_hit && !offers.is_empty() {
                    views.push(PageView {
                        viewed_at: at,
                        kind: ViewKind::Offer,
                        organisation_id: org,
                        offer_id: Some(*dice.pick(offers)),
                    });
                }
            }
        }
        seeded.views += views.len();
        for chunk in views.chunks(5_000) {
            t.db.record_views(chunk).await?;
        }
    }
    let mut wide = Vec::new();
    for _ in 0..(10_000 * scale) {
        let at = at_within(&mut dice, start, now);
        let nobody = dice.chance(10);
        wide.push(SearchLogEntry {
            searched_at: at,
            source: if dice.chance(15) {
                SearchSource::Api
            } else {
                SearchSource::Flanders
            },
            query: (*if nobody {
                dice.pick(NOBODY)
            } else {
                dice.pick(QUERIES)
            })
            .to_string(),
            filters: json!({}),
            result_count: if nobody { 0 } else { 12 },
            company_id: None,
        });
    }
    seeded.searches += wide.len();
    for chunk in wide.chunks(5_000) {
        federation.db().record_searches(chunk).await?;
    }

    // Exchanges: per province of the company, with a copy for each other province taking part.
    type Copies = Vec<(ExchangeRow, Vec<StepRow>, Vec<RouteRow>)>;
    let mut copies: BTreeMap<String, Copies> = BTreeMap::new();
    let all_orgs: Vec<(String, OrganisationRow)> = provinces
        .iter()
        .flat_map(|p| p.organisations.iter().map(|o| (p.slug.clone(), o.clone())))
        .collect();
    if all_orgs.is_empty() {
        return Ok(seeded);
    }
    for p in &provinces {
        let own: Vec<&(String, OrganisationRow)> =
            all_orgs.iter().filter(|(s, _)| *s == p.slug).collect();
        for _ in 0..(1_000 * scale) {
            let sent = at_within(&mut dice, start, now);
            let known: Vec<_> = p.companies.iter().filter(|c| c.1 < sent).collect();
            if known.is_empty() {
                continue;
            }
            let company = dice.pick(&known);
            let (org_province, org) = if own.is_empty() || dice.chance(22) {
                dice.pick(&all_orgs)
            } else {
                *dice.pick(&own)
            };
            let id = dice.id_at(sent);
            let mut steps = vec![step(
                &mut dice,
                id,
                None,
                "sent",
                "company",
                &p.slug,
                sent,
                json!({}),
            )];
            let mut t = sent;
            let mut state = "sent";
            if dice.chance(85) {
                t += Duration::minutes(i64::try_from(30 + dice.below(48 * 60)).unwrap_or(60));
                steps.push(step(
                    &mut dice,
                    id,
                    None,
                    "read",
                    "organisation",
                    org_province,
                    t,
                    json!({}),
                ));
                state = "read";
                if dice.chance(82) {
                    t += Duration::minutes(i64::try_from(10 + dice.below(72 * 60)).unwrap_or(60));
                    let interested = dice.chance(62);
                    let reason = (!interested).then(|| *dice.pick(REASONS));
                    steps.push(step(
                        &mut dice,
                        id,
                        None,
                        "answered",
                        "organisation",
                        org_province,
                        t,
                        json!({ "interested": interested, "reason": reason }),
                    ));
                    state = if interested {
                        "interested"
                    } else {
                        "not_interested"
                    };
                    if interested && dice.chance(45) {
                        t += Duration::days(i64::try_from(3 + dice.below(30)).unwrap_or(3));
                        let value = 800
                            + dice.below(45_000)
                            + if dice.chance(10) {
                                dice.below(150_000)
                            } else {
                                0
                            };
                        let by_company = dice.chance(50);
                        let (by, by_province, other, other_province) = if by_company {
                            (
                                "company",
                                p.slug.as_str(),
                                "organisation",
                                org_province.as_str(),
                            )
                        } else {
                            (
                                "organisation",
                                org_province.as_str(),
                                "company",
                                p.slug.as_str(),
                            )
                        };
                        steps.push(step(&mut dice, id, None, "collaboration.recorded", by, by_province, t,
                            json!({ "value_eur": value, "start_date": (t + Duration::days(14)).format("%Y-%m-%d").to_string(), "end_date": null, "description": "Afgesproken via doeners" })));
                        state = "collaboration_proposed";
                        if dice.chance(85) {
                            t += Duration::days(i64::try_from(1 + dice.below(7)).unwrap_or(1));
                            steps.push(step(
                                &mut dice,
                                id,
                                None,
                                "collaboration.confirmed",
                                other,
                                other_province,
                                t,
                                json!({}),
                            ));
                            state = "collaboration_agreed";
                        }
                    }
                }
            }
            steps.retain(|s| s.created_at <= now);
            let updated = steps.last().map_or(sent, |s| s.created_at);
            let row = ExchangeRow {
                id,
                kind: "contact_request".to_string(),
                company_province: p.slug.clone(),
                company_account: Some(company.0),
                company_name: company.2.clone(),
                organisation_province: Some(org_province.clone()),
                organisation_id: Some(org.id),
                header: json!({ "organisation_slug": org.slug, "organisation_name": org.name, "offer_id": null, "offer_title": null,
                    "budget_band": dice.pick(BUDGETS), "wished_start": null, "question_id": null }),
                state: state.to_string(),
                deadline: None,
                created_at: sent,
                updated_at: updated,
            };
            if *org_province != p.slug {
                copies.entry(org_province.clone()).or_default().push((
                    row.clone(),
                    steps.clone(),
                    Vec::new(),
                ));
            }
            copies
                .entry(p.slug.clone())
                .or_default()
                .push((row, steps, Vec::new()));
            seeded.requests += 1;
        }
        for _ in 0..(100 * scale) {
            let posted = at_within(&mut dice, start, now);
            let known: Vec<_> = p.companies.iter().filter(|c| c.1 < posted).collect();
            if known.is_empty() {
                continue;
            }
            let company = dice.pick(&known);
            let id = dice.id_at(posted);
            let suggestion = dice.chance(20);
            let query = *dice.pick(QUERIES);
            let mut steps = vec![step(
                &mut dice,
                id,
                None,
                "posted",
                "company",
                &p.slug,
                posted,
                json!({}),
            )];
            let mut routes = Vec::new();
            let routed_at = posted + Duration::minutes(5);
            let reach = if dice.chance(8) { 0 } else { 3 + dice.below(4) };
            let mut chosen: Vec<&(String, OrganisationRow)> = Vec::new();
            for _ in 0..reach {
                let candidate = if own.is_empty() || dice.chance(25) {
                    dice.pick(&all_orgs)
                } else {
                    *dice.pick(&own)
                };
                if !chosen.iter().any(|c| c.1.id == candidate.1.id) {
                    chosen.push(candidate);
                }
            }
            let mut interest = false;
            for (province, org) in &chosen {
                routes.push(RouteRow {
                    exchange_id: id,
                    organisation_id: org.id,
                    organisation_province: province.clone(),
                    organisation_slug: org.slug.clone(),
                    organisation_name: org.name.clone(),
                    batch: 1,
                    score: 1.0,
                    routed_at,
                });
                steps.push(step(
                    &mut dice,
                    id,
                    Some(org.id),
                    "routed",
                    "platform",
                    &p.slug,
                    routed_at,
                    json!({ "batch": 1 }),
                ));
                if dice.chance(60) {
                    let t = routed_at
                        + Duration::minutes(i64::try_from(30 + dice.below(72 * 60)).unwrap_or(60));
                    steps.push(step(
                        &mut dice,
                        id,
                        Some(org.id),
                        "seen",
                        "organisation",
                        province,
                        t,
                        json!({}),
                    ));
                    let interested = dice.chance(40);
                    interest |= interested;
                    let reason = (!interested).then(|| *dice.pick(REASONS));
                    let t = t + Duration::minutes(
                        i64::try_from(10 + dice.below(24 * 60)).unwrap_or(60),
                    );
                    steps.push(step(
                        &mut dice,
                        id,
                        Some(org.id),
                        "answered",
                        "organisation",
                        province,
                        t,
                        json!({ "interested": interested, "reason": reason }),
                    ));
                }
            }
            let deadline = posted + Duration::days(30);
            if dice.chance(55) {
                let t = deadline + Duration::days(i64::try_from(1 + dice.below(10)).unwrap_or(1));
                let roll = dice.below(100);
                let (code, value) = if interest && roll < 45 {
                    ("yes", Some(1_000 + dice.below(40_000)))
                } else if roll < 80 {
                    ("no", None)
                } else {
                    ("not_yet", None)
                };
                steps.push(step(
                    &mut dice,
                    id,
                    None,
                    "outcome",
                    "company",
                    &p.slug,
                    t,
                    json!({ "outcome": code, "value_eur": value }),
                ));
            }
            steps.sort_by_key(|s| s.id);
            steps.retain(|s| s.created_at <= now);
            let row = ExchangeRow {
                id,
                kind: if suggestion { "suggestion" } else { "question" }.to_string(),
                company_province: p.slug.clone(),
                company_account: Some(company.0),
                company_name: company.2.clone(),
                organisation_province: None,
                organisation_id: None,
                header: json!({ "title": format!("Gezocht: {query}"), "description": format!("Wij zoeken een partner voor {query}."),
                    "category": null, "place": null, "budget_band": dice.pick(BUDGETS) }),
                state: if chosen.is_empty() {
                    "unmatched"
                } else if deadline < now {
                    "closed"
                } else {
                    "open"
                }
                .to_string(),
                deadline: Some(deadline.format("%Y-%m-%d").to_string()),
                created_at: posted,
                updated_at: steps.last().map_or(posted, |s| s.created_at),
            };
            let others: std::collections::BTreeSet<&String> = chosen
                .iter()
                .map(|(s, _)| s)
                .filter(|s| **s != p.slug)
                .collect();
            for other in others {
                let theirs: Vec<RouteRow> = routes
                    .iter()
                    .filter(|r| r.organisation_province == *other)
                    .cloned()
                    .collect();
                let ids: Vec<Uuid> = theirs.iter().map(|r| r.organisation_id).collect();
                let their_steps: Vec<StepRow> = steps
                    .iter()
                    .filter(|s| s.organisation_id.is_some_and(|o| ids.contains(&o)))
                    .cloned()
                    .collect();
                copies
                    .entry(other.clone())
                    .or_default()
                    .push((row.clone(), their_steps, theirs));
            }
            copies
                .entry(p.slug.clone())
                .or_default()
                .push((row, steps, routes));
            seeded.questions += 1;
        }
    }
    for t in tenants {
        if let Some(rows) = copies.get(t.slug()) {
            let tx = t.db.begin().await?;
            tx.seed_exchanges(rows).await?;
            tx.commit().await?;
        }
    }
    Ok(seeded)
}
