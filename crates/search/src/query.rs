//! Searching: a request (words, filters, a place), the hits with an explanation each, and facet counts.
//!
//! How offers are ranked is documented, rule by rule, in docs/search.md ("Ranking rules"): an offer's score
//! is the weighted share of the query's words it covers (rare words weigh more; synonyms and corrections a
//! little less), plus what its title adds, plus what a meant category adds; then, with a place, nearness, and
//! the asking portal's own province. Offers that cover less than a third of the query's weight are no match.

use doeners_domain::{
    CategoryGroup, CategoryRef, ExecutionMode, OrganisationKind, ProvinceRef, service_area::Place,
};
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::{
    DocAddress, Searcher, TantivyDocument, Term,
    query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery},
    schema::{Facet, Field, IndexRecordOption, Value},
};

use crate::{
    OfferDocument, SearchError, SearchIndex,
    coverage::{Clause, CoverageQuery, Postings},
    gather::{CATEGORY_SLUGS, Gather, Nearness, province_code},
    intent::{Meant, label_terms},
    memo::StoredOffer,
    typed_place::typed_place,
    words::{self, Origin, WordMatch},
};

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    /// Any of these categories (a group covers its subcategories).
    pub categories: Vec<CategoryRef>,
    pub group: Option<&'static CategoryGroup>,
    pub kind: Option<OrganisationKind>,
    pub mode: Option<ExecutionMode>,
    /// Only organisations in any of these provinces.
    pub provinces: Vec<&'static ProvinceRef>,
    /// Where the work is: only offers whose service area covers it; nearer ranks higher.
    pub near: Option<Place>,
    /// With `near`: only organisations within this distance.
    pub radius_km: Option<u16>,
    /// The province whose portal asks: it ranks first, the others are still shown.
    pub portal: Option<&'static ProvinceRef>,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// True when no hit matches every word of the query (nor the category it means).
    pub relaxed: bool,
    /// The typed words that match nothing the index holds (no term, synonym, typo or category): when they are
    /// the distinctive part of the query, `hits` is empty and `related` holds what the other words find. When
    /// the best hit leaves the distinctive part out, the words it leaves out.
    pub unmatched: Vec<String>,
    /// With an empty `hits`: offers that match the rest of the query, to show as "maybe you mean".
    pub related: Vec<Hit>,
    /// The place the query named (`schoonmaak Hasselt`), read as where the work is because the request gave none.
    pub place_from_query: Option<String>,
    /// How many offers the words (or the category they mean) found, before a short answer was filled up: what
    /// the search log counts as found.
    pub found: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub offer: OfferDocument,
    pub score: f32,
    pub distance_km: Option<f64>,
    /// Whether the organisation lies outside the asking portal's province.
    pub crosses_border: bool,
    pub explanation: Explanation,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Explanation {
    /// The words of the query this offer matched, as typed.
    pub matched_terms: Vec<String>,
    /// (typed word, synonym that matched).
    pub synonyms: Vec<(String, String)>,
    /// (typed word, the known word it was read as).
    pub typos: Vec<(String, String)>,
    /// The offer's category, when a category filter or a query word chose it.
    pub category_match: Option<String>,
    /// Whether the offer is a candidate because the query means its category.
    pub category_intent: bool,
    /// Whether the offer only fills up a short answer: it does the same kind of work as the best hit.
    pub same_kind: bool,
    pub distance_km: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub group: BTreeMap<String, u64>,
    pub category: BTreeMap<String, u64>,
    pub province: BTreeMap<String, u64>,
    pub kind: BTreeMap<String, u64>,
    pub mode: BTreeMap<String, u64>,
}

/// A query of several words matches an offer that covers at least this share of their weight.
const MIN_SHARE: f32 = 0.34;
/// What the offer's title holding a word adds, as a share of the word's weight.
const TITLE_SHARE: f32 = 0.25;
/// What the title holding the typed words in their order adds.
const PHRASE_BONUS: f32 = 0.2;
/// What an offer of a meant category earns, times the strength of the intent.
const CATEGORY_WEIGHT: f32 = 0.8;
/// Offers shown as "maybe you mean" beside an empty answer.
const RELATED: usize = 5;
/// An answer of fewer offers than this is filled up with other offers of its best hit's category.
const FULL_ANSWER: usize = 10;

impl SearchIndex {
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        // A place typed into the query says where the work is, when the request does not say it otherwise.
        if request.near.is_none()
            && let Some(typed) = typed_place(&request.q)
        {
            let mut results = self.answer(
                &SearchRequest {
                    q: typed.rest,
                    near: Some(typed.place),
                    ..request.clone()
                },
                true,
            )?;
            results.place_from_query = Some(typed.name);
            return Ok(results);
        }
        self.answer(request, true)
    }

    /// The answer to a request whose place is settled; `fill`: a short answer is filled up.
    fn answer(&self, request: &SearchRequest, fill: bool) -> Result<SearchResults, SearchError> {
        // Whether there is an answer at all is the first page's to say: a later page of no answer is none.
        if request.offset > 0 && !request.q.trim().is_empty() {
            let first = self.answer(
                &SearchRequest {
                    offset: 0,
                    ..request.clone()
                },
                fill,
            )?;
            if first.total == 0 {
                return Ok(first);
            }
        }
        let searcher = self.reader.searcher();
        let columns = self.columns.of(&searcher)?;
        let words = words::resolve(self, &searcher, &request.q);
        let searcher_documents = searcher.num_docs();
        let weights = weights(&words, searcher_documents);
        let unmatched: Vec<String> = words
            .iter()
            .filter(|w| !w.matched())
            .map(|w| w.typed.clone())
            .collect();
        let matched = words.len() - unmatched.len();
        let meant = if matched > 0 {
            self.meant(&searcher, &columns, &words, &weights)
        } else {
            Vec::new()
        };
        let filters = self.filters(request);
        let min_score = least_score(&words, &weights, &meant);
        let gather = |has_words: bool, offset: usize, limit: usize| Gather {
            columns: columns.clone(),
            has_words,
            portal: request.portal.map(province_code),
            near: request
                .near
                .map(|p| Nearness::new(p.point, request.radius_km)),
            offset,
            limit,
        };
        let mut results = SearchResults {
            total: 0,
            hits: Vec::new(),
            facets: Facets::default(),
            relaxed: false,
            unmatched,
            related: Vec::new(),
            place_from_query: None,
            found: 0,
        };
        // The distinctive part of the query names what nobody offers: say so, and show what the rest finds.
        // A stray word beside a clear request (`zwerfvuil rond ons terrein oprapen`) does not make it
        // unanswerable: twice as many matched words and a meant category, or three times as many, outweigh it.
        // Work nobody on the platform does is no answer, however much of the rest finds something; unless
        // another word names work the platform holds (`facturen scannen voor de boekhouder`).
        let unmatched = results.unmatched.len();
        let unoffered = words.iter().any(|w| w.unoffered);
        let answerable = !unoffered
            && (unmatched == 0
                || matched >= 3 * unmatched
                || (matched >= 2 * unmatched && !meant.is_empty()));
        let query = self.build(&words, &weights, &meant, filters, min_score);
        let generation = searcher.generation().generation_id();
        if !answerable {
            if matched > 0 {
                let related = self.memos.answer(
                    generation,
                    format!("related {}", memo_key(request)),
                    || searcher.search(&query, &gather(true, 0, RELATED)),
                )?;
                results.related =
                    self.hits(&searcher, related.top.clone(), &words, &meant, request)?;
            }
            return Ok(results);
        }
        let has_words = matched > 0;
        let gathered = self.memos.answer(generation, memo_key(request), || {
            searcher.search(
                &query,
                &gather(has_words, request.offset, request.limit.clamp(1, 100)),
            )
        })?;
        let [group, category, province, kind, mode] = gathered.facets();
        results.facets = Facets {
            group,
            category,
            province,
            kind,
            mode,
        };
        results.total = gathered.total;
        results.hits = self.hits(&searcher, gathered.top.clone(), &words, &meant, request)?;
        // The best hit leaves the query's distinctive part out (`zonnepanelen reinigen` answered by office
        // cleaning, `herstelling van heftrucks` by bicycle repair): nobody offers what was asked. Decided on the
        // first page, which says whether there is an answer at all; a later page of an answer stays one.
        if let Some(top) = results.hits.first().filter(|top| {
            has_words
                && request.offset == 0
                && covered_share(&words, searcher_documents, top) < LEAST_COVERED
                && !(top.explanation.category_intent && unmatched == 0)
        }) {
            // What nobody offers is what the best hit leaves out.
            results.unmatched = words
                .iter()
                .filter(|w| !top.explanation.matched_terms.contains(&w.typed))
                .map(|w| w.typed.clone())
                .collect();
            results.related = std::mem::take(&mut results.hits);
            results.related.truncate(RELATED);
            results.total = 0;
            results.facets = Facets::default();
            return Ok(results);
        }
        results.relaxed = results.hits.first().is_some_and(|h| {
            h.explanation.matched_terms.len() < matched && !h.explanation.category_intent
        });
        results.found = results.total;
        if fill && has_words && results.total < FULL_ANSWER {
            return self.filled(request, results);
        }
        Ok(results)
    }

    /// A short answer (`kabelbomen laten maken`: one offer says it in those words) is filled up with other offers
    /// of its best hit's category, nearest first near a place: a company that finds one partner for the work
    /// wants to see the others that do it, and a word the others do not use is no reason to hide them. They come
    /// after every offer the words found, marked as the same kind of work; the facets stay those of the offers
    /// the words found.
    fn filled(
        &self,
        request: &SearchRequest,
        mut results: SearchResults,
    ) -> Result<SearchResults, SearchError> {
        // The whole answer fits on one window of FULL_ANSWER: fill that, then cut the page asked for.
        if request.offset > 0 || request.limit < FULL_ANSWER || results.hits.len() < results.total {
            let whole = self.answer(
                &SearchRequest {
                    offset: 0,
                    limit: FULL_ANSWER,
                    ..request.clone()
                },
                true,
            )?;
            let hits = whole
                .hits
                .into_iter()
                .skip(request.offset)
                .take(request.limit.clamp(1, 100));
            return Ok(SearchResults {
                hits: hits.collect(),
                ..whole
            });
        }
        // No offer serving the place words it so: the kind of work is what the best offer elsewhere does.
        let elsewhere = if results.hits.is_empty() && request.near.is_some() {
            let unplaced = SearchRequest {
                near: None,
                radius_km: None,
                offset: 0,
                limit: 1,
                ..request.clone()
            };
            self.answer(&unplaced, false)?.hits
        } else {
            Vec::new()
        };
        let Some(category) = results
            .hits
            .first()
            .or(elsewhere.first())
            .and_then(|best| CategoryRef::parse(&best.offer.category).ok())
        else {
            return Ok(results);
        };
        let of_the_kind = SearchRequest {
            q: String::new(),
            categories: vec![category],
            offset: 0,
            limit: FULL_ANSWER,
            ..request.clone()
        };
        let kind = self.answer(&of_the_kind, false)?;
        for mut hit in kind.hits {
            if results.hits.len() >= FULL_ANSWER {
                break;
            }
            if results
                .hits
                .iter()
                .any(|h| h.offer.offer_id == hit.offer.offer_id)
            {
                continue;
            }
            // The facets stay those of what the words found: narrowing by one must keep a best hit to fill from.
            hit.explanation.same_kind = true;
            results.total += 1;
            results.hits.push(hit);
        }
        Ok(results)
    }

    fn hits(
        &self,
        searcher: &Searcher,
        top: Vec<(f32, u64, DocAddress)>,
        words: &[WordMatch],
        meant: &[Meant],
        request: &SearchRequest,
    ) -> Result<Vec<Hit>, SearchError> {
        top.into_iter()
            .map(|(score, _, address)| self.hit(searcher, address, score, words, meant, request))
            .collect()
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        words: &[WordMatch],
        meant: &[Meant],
        request: &SearchRequest,
    ) -> Result<Hit, SearchError> {
        let at = (
            searcher.segment_reader(address.segment_ord).segment_id(),
            address.doc_id,
        );
        let stored = self
            .memos
            .offer(searcher.generation().generation_id(), at, || {
                self.stored_offer(searcher, address)
            })?;
        let offer = stored.offer.clone();
        // Stored sorted, so a lookup is a binary search.
        let terms: Vec<&str> = stored.terms.iter().map(String::as_str).collect();
        let distance_km = request
            .near
            .map(|p| (p.point.distance_km(&offer.home()) * 10.0).round() / 10.0);
        let crosses_border = request.portal.is_some_and(|p| p.slug != offer.province);
        let explanation = explain(&offer, &terms, words, meant, request, distance_km);
        Ok(Hit {
            offer,
            score,
            distance_km,
            crosses_border,
            explanation,
        })
    }

    /// A hit's offer and its sorted terms, as stored.
    fn stored_offer(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<std::sync::Arc<StoredOffer>, SearchError> {
        let stored: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            stored
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
        };
        let offer: OfferDocument = serde_json::from_str(text(self.fields.source))
            .map_err(|e| SearchError::Document(e.to_string()))?;
        let terms = text(self.fields.terms)
            .split(' ')
            .map(str::to_string)
            .collect();
        Ok(std::sync::Arc::new(StoredOffer { offer, terms }))
    }

    /// One slot per matched word, scoring the word's weight when any of its alternatives matches (the
    /// best of them: synonyms and corrections earn a little less than what was typed), and one for the title
    /// holding it; a bonus when the title holds the typed words in order; a slot per meant category. The filters
    /// must all hold.
    fn build(
        &self,
        words: &[WordMatch],
        weights: &[f32],
        meant: &[Meant],
        filters: Vec<Vec<Term>>,
        least: f32,
    ) -> Box<dyn Query> {
        let postings = |field: Field, terms: &[String]| {
            Postings::Every(
                terms
                    .iter()
                    .map(|t| Term::from_field_text(field, t))
                    .collect(),
            )
        };
        let mut text: Vec<Clause> = Vec::new();
        let mut slot = 0;
        for (word, weight) in words.iter().zip(weights) {
            if word.alternatives.is_empty() {
                continue; // unmatched, or matched only by naming a category: its category's clause carries it
            }
            for (field, share) in [(self.fields.words, 1.0), (self.fields.title, TITLE_SHARE)] {
                text.extend(word.alternatives.iter().map(|a| Clause {
                    postings: postings(field, &a.terms),
                    slot,
                    value: weight * share * a.origin.factor(),
                }));
                slot += 1;
            }
        }
        let typed: Vec<Term> = words
            .iter()
            .filter(|w| {
                w.alternatives
                    .first()
                    .is_some_and(|a| a.origin == Origin::Typed)
            })
            .flat_map(|w| w.alternatives[0].terms.iter())
            .map(|t| Term::from_field_text(self.fields.title, t))
            .collect();
        if typed.len() > 1 {
            text.push(Clause {
                postings: Postings::Query(Box::new(PhraseQuery::new(typed))),
                slot,
                value: PHRASE_BONUS,
            });
            slot += 1;
        }
        for m in meant {
            let (dimension, slug) = m.facet;
            let facet = Term::from_facet(self.fields.facets, &Facet::from_path([dimension, slug]));
            text.push(Clause {
                postings: Postings::Every(vec![facet]),
                slot,
                value: m.strength * CATEGORY_WEIGHT,
            });
            slot += 1;
        }
        if text.is_empty() {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
            clauses.extend(
                filters
                    .into_iter()
                    .map(|terms| (Occur::Must, any_of(terms))),
            );
            return Box::new(BooleanQuery::new(clauses));
        }
        Box::new(
            CoverageQuery::new(text, std::sync::Arc::clone(&self.lists))
                .at_least(least)
                .filtered(filters),
        )
    }

    /// The filters, each as the terms of which a match must hold one.
    /// (The radius is checked while gathering, against each organisation's coordinate.)
    fn filters(&self, r: &SearchRequest) -> Vec<Vec<Term>> {
        let facet = |dimension: &str, values: Vec<&str>| -> Vec<Term> {
            values
                .into_iter()
                .map(|v| Term::from_facet(self.fields.facets, &Facet::from_path([dimension, v])))
                .collect()
        };
        let mut filters = Vec::new();
        if !r.categories.is_empty() {
            filters.push(facet(
                "category",
                r.categories
                    .iter()
                    .flat_map(CategoryRef::covered_slugs)
                    .collect(),
            ));
        }
        if let Some(group) = r.group {
            filters.push(facet("group", vec![group.slug]));
        }
        if let Some(kind) = r.kind {
            filters.push(facet("kind", vec![kind.slug()]));
        }
        if let Some(mode) = r.mode {
            filters.push(facet("mode", vec![mode.slug()]));
        }
        if !r.provinces.is_empty() {
            filters.push(facet(
                "province",
                r.provinces.iter().map(|p| p.slug).collect(),
            ));
        }
        if let Some(place) = &r.near {
            filters.push(
                crate::place_terms(place)
                    .iter()
                    .map(|t| Term::from_field_text(self.fields.coverage, t))
                    .collect(),
            );
        }
        filters
    }
}

/// Documents holding any of `terms`, scoring nothing.
fn any_of(terms: Vec<Term>) -> Box<dyn Query> {
    let postings: Vec<(Occur, Box<dyn Query>)> = terms
        .into_iter()
        .map(|t| {
            (
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::new(postings)),
        0.0,
    ))
}

fn explain(
    offer: &OfferDocument,
    doc_terms: &[&str],
    words: &[WordMatch],
    meant: &[Meant],
    request: &SearchRequest,
    distance_km: Option<f64>,
) -> Explanation {
    let category = CategoryRef::parse(&offer.category).ok();
    let position = CATEGORY_SLUGS
        .iter()
        .position(|(s, _)| *s == offer.category);
    let mut e = Explanation {
        distance_km,
        ..Default::default()
    };
    let label = position.and_then(|p| label_terms().get(p));
    let mut category_word = false;
    for word in words {
        let matched = word.alternatives.iter().find(|a| {
            a.terms
                .iter()
                .all(|t| doc_terms.binary_search(&t.as_str()).is_ok())
        });
        if let Some(a) = matched {
            e.matched_terms.push(word.typed.clone());
            match a.origin {
                Origin::Synonym | Origin::Particle | Origin::Compound => {
                    e.synonyms.push((word.typed.clone(), a.word.clone()));
                }
                Origin::Typo => e.typos.push((word.typed.clone(), a.word.clone())),
                Origin::Typed => {}
            }
            if let Some(label) = label {
                category_word |= a.terms.iter().any(|t| label.contains(t));
            }
        }
    }
    e.category_intent = position.is_some_and(|p| meant.iter().any(|m| m.categories.contains(&p)));
    let filtered = !request.categories.is_empty() || request.group.is_some();
    if filtered || category_word || e.category_intent {
        e.category_match = category.map(|c| c.name().to_string());
    }
    e
}

/// The least score of a match: a third of the weight of the words offers can hold, or what a meant category
/// alone earns, whichever is less, so that every offer of a meant category is a candidate.
fn least_score(words: &[WordMatch], weights: &[f32], meant: &[Meant]) -> f32 {
    let text: f32 = words
        .iter()
        .zip(weights)
        .filter(|(w, _)| !w.alternatives.is_empty())
        .map(|(_, weight)| weight)
        .sum();
    meant
        .iter()
        .map(|m| m.strength * CATEGORY_WEIGHT)
        .fold(MIN_SHARE * text, f32::min)
        .max(f32::MIN_POSITIVE)
}

/// What a request's answer is kept under: every parameter that changes it, each slug once and in order, so
/// that repeating a filter in a URL neither grows the key nor makes another answer.
fn memo_key(r: &SearchRequest) -> String {
    let mut categories: Vec<String> = r
        .categories
        .iter()
        .map(|c| match c {
            CategoryRef::Group(g) => format!("g:{}", g.slug),
            CategoryRef::Category(_, c) => format!("c:{}", c.slug),
        })
        .collect();
    categories.sort();
    categories.dedup();
    let mut provinces: Vec<&str> = r.provinces.iter().map(|p| p.slug).collect();
    provinces.sort_unstable();
    provinces.dedup();
    format!(
        "{}|{}|{:?}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{}|{}",
        r.q,
        categories.join(","),
        r.group.map(|g| g.slug),
        r.kind,
        r.mode,
        provinces.join(","),
        r.near.map(|p| (
            p.point.lat,
            p.point.lon,
            p.province.slug,
            p.municipality_nis
        )),
        r.radius_km,
        r.portal.map(|p| p.slug),
        r.offset,
        r.limit.clamp(1, 100),
    )
}

/// The least share of the query's words, weighed by rarity, that the best hit must hold for an answer.
const LEAST_COVERED: f32 = 0.25;

/// The share of the query's words, each weighing its inverse document frequency (an unmatched word weighs as
/// much as a word no offer holds), that `hit` holds.
fn covered_share(words: &[WordMatch], documents: u64, hit: &Hit) -> f32 {
    let rarity = |w: &WordMatch| {
        let held_by = if w.matched() { w.doc_freq } else { 0 };
        idf(held_by, documents)
    };
    let all: f32 = words.iter().map(rarity).sum();
    let held: f32 = words
        .iter()
        .filter(|w| hit.explanation.matched_terms.contains(&w.typed))
        .map(rarity)
        .sum();
    if all > 0.0 { held / all } else { 1.0 }
}

/// Each matched word's weight in the query: rare words weigh more than common ones (the inverse document
/// frequency of its best-known alternative), shares of one over the matched words; unmatched words weigh nothing.
fn weights(words: &[WordMatch], documents: u64) -> Vec<f32> {
    let idf: Vec<f32> = words
        .iter()
        .map(|w| {
            if w.matched() {
                // Dampened: one rare word should not outweigh all the others.
                idf(w.doc_freq, documents).sqrt()
            } else {
                0.0
            }
        })
        .collect();
    let sum: f32 = idf.iter().sum();
    idf.iter()
        .map(|w| if sum > 0.0 { w / sum } else { 0.0 })
        .collect()
}

/// How rare a word held by `held_by` of `documents` offers is (BM25's inverse document frequency).
fn idf(held_by: u64, documents: u64) -> f32 {
    let (df, n) = (held_by as f32, documents as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln().max(0.05)
}
