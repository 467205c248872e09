//! Relevance on a judged set the engine was not written beside: organisations and offers worded the way
//! maatwerkbedrijven describe themselves (`data/judged/offers.tsv`), and queries worded the way companies ask,
//! each offer graded 0–3 for it by a judge who did not see the engine (`data/judged/queries-*.tsv`).
//!
//! - Of the queries of judges A and B, half (chosen by a hash of their text) are the ones the engine's rules
//!   were tuned on; the other half was held out, but its texts were once printed during development.
//! - The queries of judge C were written after the rules were set and were the held-out set until 2026-12-07;
//!   since then the rules have been tuned on them too, and they are reported on a line of their own.
//! - Judge D wrote 30 misspelt and 30 no-match queries later, to tune on: they all count as tuned on.
//! - Judge E wrote 130 queries on 2026-12-07, after the rules above were set, and they are never looked at one
//!   by one: the held-out set the floors below are set from. Judges F, G and H wrote 130 more each the same
//!   day, from the same brief, to tune on. Later that day a diagnostic print showed, once, the text and the
//!   unmatched words of E's queries answered with no hit; no rule has been changed since.
//! - So judge I wrote 130 more from the same brief, after every rule here was set: the held-out set that no
//!   one working on the engine has read, reported on its own line with floors of its own.
//!
//! `cargo test -p doeners-search --test judged -- --nocapture` prints the figures per kind for every group, and
//! the queries of the tuned-on half one per line (the held-out sets' only with `DOENERS_SHOW_HELD_OUT`, which
//! makes them no longer held out).

#![allow(clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};

use doeners_domain::{
    CategoryRef, PostalCode, ProvinceRef, ServiceArea, Slug, service_area::Place,
};
use doeners_search::{OfferDocument, SearchIndex, SearchRequest};

/// Floors a group of queries must stay above: precision@5 and nDCG@10 over all its queries, precision@5 for
/// each kind, and the share of the queries nobody can answer that get no hits.
struct Floors {
    precision: f64,
    ndcg: f64,
    per_kind: f64,
    no_match_empty: f64,
}

/// Set from judge E's held-out figures recorded in docs/benchmarks.md ("Work nobody on the platform does, a
/// place typed in the query, and a short answer filled up", 2026-12-07), after the last change: precision@5
/// 0.776 and nDCG@10 0.773 over all, 0.623 for the weakest kind (plain), 16 of the 20 queries nobody can answer
/// answered with no hits (the floor allows one fewer). Raise them when the engine gets better.
const HELD_OUT: Floors = Floors {
    precision: 0.77,
    ndcg: 0.76,
    per_kind: 0.60,
    no_match_empty: 0.75,
};

/// Set from judge I's figures after the same changes: precision@5 0.807 and nDCG@10 0.798 over all, 0.657
/// for the weakest kind (colloquial), 16 of the 20 queries nobody can answer answered with no hits (the floor
/// allows one fewer).
const UNREAD: Floors = Floors {
    precision: 0.80,
    ndcg: 0.79,
    per_kind: 0.64,
    no_match_empty: 0.75,
};

/// Judge C's queries keep the floors they had while they were the held-out set (set from 0.876, 0.866, 0.734
/// and 13 of 15), so that tuning on them can only have raised them.
const FORMERLY_HELD_OUT: Floors = Floors {
    precision: 0.86,
    ndcg: 0.85,
    per_kind: 0.72,
    no_match_empty: 0.86,
};

/// A grade of 2 or 3 makes a hit relevant for precision.
const RELEVANT: u8 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Half {
    TunedOn,
    FormerlyHeldOut,
    NewlyTunedOn,
    SeenOnce,
    HeldOut,
    Unread,
}

impl Half {
    fn name(self) -> &'static str {
        match self {
            Half::TunedOn => "tuned on (A, B, D)",
            Half::FormerlyHeldOut => "tuned on since 2026-12-07 (C)",
            Half::NewlyTunedOn => "tuned on (F, G, H)",
            Half::SeenOnce => "held out, seen once (A, B)",
            Half::HeldOut => "held out (E)",
            Half::Unread => "held out, never read (I)",
        }
    }
}

struct Judged {
    half: Half,
    kind: String,
    q: String,
    near: String,
    portal: String,
    grades: HashMap<String, u8>,
}

/// FNV-1a: stable across platforms and releases, unlike the standard library's hasher.
fn odd(text: &str) -> bool {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x100_0000_01b3);
    }
    hash % 2 == 1
}

fn offers() -> Vec<(String, OfferDocument)> {
    let source = include_str!("../data/judged/offers.tsv");
    let mut lines = source.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (key, name, kind, postal, category, mode, area, title, description) = (
        column("key"),
        column("organisation"),
        column("kind"),
        column("postal_code"),
        column("category"),
        column("mode"),
        column("service_area"),
        column("title"),
        column("description"),
    );
    let mut organisations: HashMap<String, uuid::Uuid> = HashMap::new();
    let mut out = Vec::new();
    for (i, line) in lines.filter(|l| !l.trim().is_empty()).enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        let code = PostalCode::parse(f[postal]).expect("postal code");
        let municipality = code.municipality("").expect("municipality");
        let province = municipality.province().expect("province");
        let tenant = if province.slug == "brussel" {
            "vlaams-brabant"
        } else {
            province.slug
        };
        let category_ref = CategoryRef::parse(f[category]).expect("category");
        ServiceArea::parse(f[area]).expect("service area");
        let next = organisations.len() as u128 + 1;
        let organisation_id = *organisations
            .entry(f[name].to_string())
            .or_insert_with(|| uuid::Uuid::from_u128(next));
        let point = code.point();
        out.push((
            f[key].to_string(),
            OfferDocument {
                tenant: tenant.to_string(),
                offer_id: uuid::Uuid::from_u128(1_000_000 + i as u128),
                organisation_id,
                organisation_slug: Slug::from_name(f[name]).to_string(),
                organisation_name: f[name].to_string(),
                kind: f[kind].to_string(),
                title: f[title].to_string(),
                description: f[description].to_string(),
                category: f[category].to_string(),
                group: category_ref.group().slug.to_string(),
                mode: f[mode].to_string(),
                service_area: f[area].to_string(),
                postal_code: f[postal].to_string(),
                municipality: municipality.name.to_string(),
                municipality_nis: municipality.nis.to_string(),
                province: province.slug.to_string(),
                lat: point.lat,
                lon: point.lon,
            },
        ));
    }
    out
}

/// The queries of every judge, each of whom wrote and graded their own without seeing the engine. Judge C's
/// file is held out whole, C's and D's tuned on whole; A and B's are split by a hash of each query.
fn queries() -> Vec<Judged> {
    [
        ("queries-a.tsv", None),
        ("queries-b.tsv", None),
        ("queries-c.tsv", Some(Half::FormerlyHeldOut)),
        ("queries-d.tsv", Some(Half::TunedOn)),
        ("queries-e.tsv", Some(Half::HeldOut)),
        ("queries-f.tsv", Some(Half::NewlyTunedOn)),
        ("queries-g.tsv", Some(Half::NewlyTunedOn)),
        ("queries-h.tsv", Some(Half::NewlyTunedOn)),
        ("queries-i.tsv", Some(Half::Unread)),
    ]
    .into_iter()
    .flat_map(|(file, whole)| {
        let path = format!("{}/data/judged/{file}", env!("CARGO_MANIFEST_DIR"));
        // A missing file shows as too few queries below.
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        text.lines()
            .skip(1)
            .map(|l| (whole, l.to_string()))
            .collect::<Vec<_>>()
    })
    .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
    .map(|(whole, line)| {
        let f: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| f.get(i).copied().unwrap_or("").trim().to_string();
        let grades = field(4)
            .split_whitespace()
            .filter_map(|g| g.split_once(':'))
            .map(|(k, g)| (k.to_string(), g.parse::<u8>().expect("grade 0-3")))
            .collect();
        let half = whole.unwrap_or_else(|| {
            if odd(&format!("{}|{}", field(1), field(2))) {
                Half::SeenOnce
            } else {
                Half::TunedOn
            }
        });
        Judged {
            half,
            kind: field(0),
            q: field(1),
            near: field(2),
            portal: field(3),
            grades,
        }
    })
    .collect()
}

fn index(offers: &[(String, OfferDocument)]) -> SearchIndex {
    let index = SearchIndex::in_memory().expect("index");
    let docs: Vec<OfferDocument> = offers.iter().map(|(_, d)| d.clone()).collect();
    index.upsert(&docs).expect("upsert");
    index.commit("{}").expect("commit");
    index
}

fn request(j: &Judged, limit: usize) -> SearchRequest {
    SearchRequest {
        q: j.q.clone(),
        near: (!j.near.is_empty()).then(|| Place::parse(&j.near).expect("a known place")),
        portal: ProvinceRef::by_slug(&j.portal),
        limit,
        ..Default::default()
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct Score {
    precision: f64,
    ndcg: f64,
    /// Answered with no hit: right for a query nobody can answer, a miss for any other.
    empty: bool,
}

/// Normalised precision at 5 and nDCG at 10 of one query; a query nobody can answer scores 1 when it
/// returns no hit and 0 otherwise.
fn score(
    j: &Judged,
    index: &SearchIndex,
    keys: &HashMap<uuid::Uuid, String>,
    docs: &HashMap<String, OfferDocument>,
) -> (Score, String) {
    let results = index.search(&request(j, 10)).expect("search");
    let ranked: Vec<&str> = results
        .hits
        .iter()
        .map(|h| keys[&h.offer.offer_id].as_str())
        .collect();
    if j.kind == "no-match" {
        let s = if results.hits.is_empty() { 1.0 } else { 0.0 };
        return (
            Score {
                precision: s,
                ndcg: s,
                empty: results.hits.is_empty(),
            },
            ranked.join(" "),
        );
    }
    // What the engine could return: with a place, only offers that serve it.
    let place = (!j.near.is_empty()).then(|| Place::parse(&j.near).expect("place"));
    let achievable: Vec<u8> = {
        let mut grades: Vec<u8> = j
            .grades
            .iter()
            .filter(|(k, _)| {
                let doc = &docs[k.as_str()];
                place.as_ref().is_none_or(|p| {
                    ServiceArea::parse(&doc.service_area)
                        .expect("area")
                        .covers(doc.home(), p)
                })
            })
            .map(|(_, g)| *g)
            .collect();
        grades.sort_unstable_by(|a, b| b.cmp(a));
        grades
    };
    let grade = |k: &str| j.grades.get(k).copied().unwrap_or(0);
    let relevant_available = achievable.iter().filter(|g| **g >= RELEVANT).count().min(5);
    let good = ranked
        .iter()
        .take(5)
        .filter(|k| grade(k) >= RELEVANT)
        .count();
    let precision = if relevant_available == 0 {
        1.0
    } else {
        good as f64 / relevant_available as f64
    };
    let dcg = |grades: &mut dyn Iterator<Item = u8>| -> f64 {
        grades
            .take(10)
            .enumerate()
            .map(|(i, g)| (2f64.powi(i32::from(g)) - 1.0) / ((i + 2) as f64).log2())
            .sum()
    };
    let ideal = dcg(&mut achievable.iter().copied());
    let got = dcg(&mut ranked.iter().map(|k| grade(k)));
    let ndcg = if ideal > 0.0 { got / ideal } else { 1.0 };
    let shown = ranked
        .iter()
        .map(|k| format!("{k}:{}", grade(k)))
        .collect::<Vec<_>>()
        .join(" ");
    (
        Score {
            precision,
            ndcg,
            empty: ranked.is_empty(),
        },
        shown,
    )
}

fn mean(scores: &[Score]) -> Score {
    let n = scores.len().max(1) as f64;
    Score {
        precision: scores.iter().map(|s| s.precision).sum::<f64>() / n,
        ndcg: scores.iter().map(|s| s.ndcg).sum::<f64>() / n,
        empty: false,
    }
}

#[test]
fn the_held_out_half_stays_above_its_floors() {
    let offers = offers();
    let index = index(&offers);
    let keys: HashMap<uuid::Uuid, String> = offers
        .iter()
        .map(|(k, d)| (d.offer_id, k.clone()))
        .collect();
    let docs: HashMap<String, OfferDocument> = offers.into_iter().collect();
    let judged = queries();
    // Every file is there: 110 queries from each of A, B and C, 60 from D, 130 from each of E, F, G, H and I.
    let enough = judged.len() >= 1040;
    let show_held_out = std::env::var_os("DOENERS_SHOW_HELD_OUT").is_some();
    let mut by: BTreeMap<(Half, String), Vec<Score>> = BTreeMap::new();
    let mut report = String::new();
    for j in &judged {
        for key in j.grades.keys() {
            assert!(docs.contains_key(key), "'{}': unknown offer {key}", j.q);
        }
        let (s, shown) = score(j, &index, &keys, &docs);
        by.entry((j.half, j.kind.clone())).or_default().push(s);
        by.entry((j.half, "all".to_string())).or_default().push(s);
        if matches!(
            j.half,
            Half::TunedOn | Half::FormerlyHeldOut | Half::NewlyTunedOn
        ) || show_held_out
        {
            report.push_str(&format!(
                "{:>4.2} {:>4.2}  {:<12} {} {} → {shown}\n",
                s.precision, s.ndcg, j.kind, j.q, j.near
            ));
        }
    }
    let mut table = String::from(
        "| half | kind | queries | precision@5 | nDCG@10 | answered empty |\n|---|---|---|---|---|---|\n",
    );
    for ((half, kind), scores) in &by {
        let m = mean(scores);
        table.push_str(&format!(
            "| {} | {kind} | {} | {:.3} | {:.3} | {} |\n",
            half.name(),
            scores.len(),
            m.precision,
            m.ndcg,
            scores.iter().filter(|s| s.empty).count()
        ));
    }
    println!("{report}\n{table}");
    assert!(enough, "all 1,040 judged queries, found {}", judged.len());
    for (half, floors) in [
        (Half::HeldOut, HELD_OUT),
        (Half::Unread, UNREAD),
        (Half::FormerlyHeldOut, FORMERLY_HELD_OUT),
    ] {
        let of = |kind: &str| mean(&by[&(half, kind.to_string())]);
        let name = half.name();
        assert!(
            of("all").precision >= floors.precision && of("all").ndcg >= floors.ndcg,
            "{name}: figures fell below their floors:\n{table}"
        );
        for ((h, kind), scores) in &by {
            if *h == half {
                assert!(
                    mean(scores).precision >= floors.per_kind,
                    "{name}: precision@5 for {kind} fell below {}:\n{table}",
                    floors.per_kind
                );
            }
        }
        assert!(
            of("no-match").precision >= floors.no_match_empty,
            "{name}: more queries nobody can answer returned hits:\n{table}"
        );
    }
}

#[test]
fn hand_packing_near_genk_comes_first_whatever_words_it_uses() {
    let offers = offers();
    let index = index(&offers);
    let genk = Place::parse("3600").expect("Genk");
    let nearby: Vec<&OfferDocument> = offers
        .iter()
        .map(|(_, d)| d)
        .filter(|d| d.category == "handverpakking")
        .filter(|d| d.home().distance_km(&genk.point) <= 20.0)
        .filter(|d| {
            ServiceArea::parse(&d.service_area)
                .expect("area")
                .covers(d.home(), &genk)
        })
        .collect();
    assert!(
        nearby.len() >= 5,
        "the judged data holds hand packing near Genk"
    );
    let results = index
        .search(&SearchRequest {
            q: "met de hand inpakken".to_string(),
            near: Some(genk),
            limit: 20,
            ..Default::default()
        })
        .expect("search");
    let first: Vec<&str> = results
        .hits
        .iter()
        .take(nearby.len())
        .map(|h| h.offer.title.as_str())
        .collect();
    for offer in &nearby {
        assert!(
            first.contains(&offer.title.as_str()),
            "'{}' of {} ({} km) is not among the first {}: {first:?}",
            offer.title,
            offer.organisation_name,
            offer.home().distance_km(&genk.point).round(),
            nearby.len()
        );
    }
}

#[test]
fn a_generic_word_beside_work_nobody_does_is_no_answer_but_a_later_page_of_an_answer_stays_one() {
    let offers = offers();
    let index = index(&offers);
    let asked = |q: &str, offset: usize| {
        index
            .search(&SearchRequest {
                q: q.to_string(),
                offset,
                limit: 5,
                ..Default::default()
            })
            .expect("search")
    };
    // `reinigen` is held by many offers, `zonnepanelen` by one that mounts their frames: nobody cleans them.
    let nobody = asked("zonnepanelen op het dak reinigen", 0);
    assert!(
        nobody.hits.is_empty(),
        "{:?}",
        nobody.hits.first().map(|h| &h.offer.title)
    );
    assert_eq!(nobody.total, 0);
    assert!(
        !nobody.related.is_empty(),
        "what the rest finds is offered beside it"
    );
    assert!(
        nobody.unmatched.contains(&"zonnepanelen".to_string())
            && !nobody.unmatched.contains(&"reinigen".to_string()),
        "what nobody offers is named: {:?}",
        nobody.unmatched
    );
    let second_page = asked("zonnepanelen op het dak reinigen", 5);
    assert_eq!(second_page.total, 0, "a later page of no answer is none");
    assert!(second_page.hits.is_empty());
    let answer = asked("schoonmaak van kantoren", 0);
    assert!(answer.total > 10);
    let later = asked("schoonmaak van kantoren", 5);
    assert_eq!(later.total, answer.total);
    assert_eq!(later.hits.len(), 5);
}

#[test]
fn a_compound_is_read_as_its_last_part_only_when_that_says_which_work() {
    let offers = offers();
    let index = index(&offers);
    let ask = |q: &str| {
        index
            .search(&SearchRequest {
                q: q.to_string(),
                limit: 10,
                ..Default::default()
            })
            .expect("search")
    };
    let labels = ask("fabrieksetiketten");
    assert!(
        labels.hits.first().is_some_and(|h| h
            .explanation
            .synonyms
            .contains(&("fabrieksetiketten".to_string(), "etiketten".to_string()))),
        "fabrieksetiketten is read as etiketten: {:?}",
        labels.hits.first().map(|h| &h.explanation)
    );
    let roof = ask("dakherstelling");
    assert!(
        roof.hits.is_empty() && roof.unmatched.contains(&"dakherstelling".to_string()),
        "many kinds of offer hold herstelling: {:?}",
        roof.hits.first().map(|h| &h.explanation)
    );
}
