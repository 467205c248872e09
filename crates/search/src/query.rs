//! Searching: a request (words, filters, a place), the hits with an explanation each, and facet counts.
//!
//! Words are matched through their stems, their Flemish synonyms and, when a word is unknown, the nearest
//! known word within one or two typos. All words must match; when that finds nothing, any word may.
//! With a place, only offers whose service area covers it are returned, and nearer ranks higher; the
//! asking portal's own province ranks higher too.

use std::collections::{BTreeMap, HashSet};

use doeners_domain::{
    CategoryGroup, CategoryRef, ExecutionMode, Municipality, OrganisationKind, ProvinceRef,
    service_area::Place, text::fold,
};
use serde::Serialize;
use tantivy::{
    DocAddress, DocId, Score, Searcher, SegmentReader, TantivyDocument, Term,
    collector::{Count, FacetCollector, TopDocs},
    query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query, TermQuery, TermSetQuery},
    schema::{Facet, IndexRecordOption, Value},
};

use crate::{OfferDocument, SearchError, SearchIndex, analysis, synonyms::Synonyms};

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
    /// True when no offer matched every word and the results match some of them.
    pub relaxed: bool,
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

/// One typed word and the ways it may match.
#[derive(Debug)]
struct WordMatch {
    typed: String,
    /// (the word as it will be matched, its terms, how it came about).
    alternatives: Vec<(String, Vec<String>, Origin)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Origin {
    Typed,
    Synonym,
    Typo,
}

const PORTAL_BOOST: f32 = 1.5;
/// Distance at which the nearness factor halves the score.
const DISTANCE_SCALE_KM: f64 = 20.0;

impl SearchIndex {
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let words = self.word_matches(&searcher, &request.q);
        let filters = self.filters(request);
        let has_words = !words.is_empty();
        let mut relaxed = false;
        let query = self.build(&words, &filters, Occur::Must);
        let (mut total, mut top, mut facet_counts) =
            collect(&searcher, &query, request, has_words)?;
        if total == 0 && words.len() > 1 {
            let any_word = self.build(&words, &filters, Occur::Should);
            (total, top, facet_counts) = collect(&searcher, &any_word, request, has_words)?;
            relaxed = total > 0;
        }
        let mut facets = Facets::default();
        for (dimension, map) in [
            ("/group", &mut facets.group),
            ("/category", &mut facets.category),
            ("/province", &mut facets.province),
            ("/kind", &mut facets.kind),
            ("/mode", &mut facets.mode),
        ] {
            for (facet, count) in facet_counts.get(dimension) {
                if let Some(value) = facet.to_path().last() {
                    map.insert((*value).to_string(), count);
                }
            }
        }
        let hits = top
            .into_iter()
            .map(|(score, address)| self.hit(&searcher, address, score, &words, request))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(SearchResults {
            total,
            hits,
            facets,
            relaxed,
        })
    }

    fn hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        score: f32,
        words: &[WordMatch],
        request: &SearchRequest,
    ) -> Result<Hit, SearchError> {
        let stored: TantivyDocument = searcher.doc(address)?;
        let source = stored
            .get_first(self.fields.source)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let offer: OfferDocument =
            serde_json::from_str(source).map_err(|e| SearchError::Document(e.to_string()))?;
        let distance_km = request
            .near
            .map(|p| (p.point.distance_km(&offer.home()) * 10.0).round() / 10.0);
        let crosses_border = request.portal.is_some_and(|p| p.slug != offer.province);
        let explanation = explain(&offer, words, request, distance_km);
        Ok(Hit {
            offer,
            score,
            distance_km,
            crosses_border,
            explanation,
        })
    }

    /// Each typed word with its stems, synonyms and (when unknown) typo corrections.
    fn word_matches(&self, searcher: &Searcher, q: &str) -> Vec<WordMatch> {
        let synonyms = Synonyms::flemish();
        let mut out = Vec::new();
        for typed in analysis::words(q).into_iter().take(12) {
            let terms = analysis::terms(&typed);
            if terms.is_empty() {
                continue; // a stop word
            }
            let mut alternatives = vec![(typed.clone(), terms, Origin::Typed)];
            for synonym in synonyms.of(&typed) {
                alternatives.push((
                    synonym.to_string(),
                    analysis::terms(synonym),
                    Origin::Synonym,
                ));
            }
            if !alternatives
                .iter()
                .any(|(_, terms, _)| self.known(searcher, terms))
                && let Some(corrected) = self.correct(searcher, &typed)
            {
                let mut extra =
                    vec![(corrected.clone(), analysis::terms(&corrected), Origin::Typo)];
                for synonym in synonyms.of(&corrected) {
                    extra.push((
                        synonym.to_string(),
                        analysis::terms(synonym),
                        Origin::Synonym,
                    ));
                }
                alternatives.extend(extra);
            }
            alternatives.retain(|(_, terms, _)| !terms.is_empty());
            out.push(WordMatch {
                typed,
                alternatives,
            });
        }
        out
    }

    fn known(&self, searcher: &Searcher, terms: &[String]) -> bool {
        terms.iter().all(|t| {
            [self.fields.title, self.fields.text].iter().any(|f| {
                searcher
                    .doc_freq(&Term::from_field_text(*f, t))
                    .unwrap_or(0)
                    > 0
            })
        })
    }

    /// The known word nearest to `typed` within the typos its length allows: synonym and taxonomy words first
    /// (they are real words people type), then the index's own terms.
    fn correct(&self, searcher: &Searcher, typed: &str) -> Option<String> {
        let allowed = match typed.chars().count() {
            0..=3 => return None,
            4..=7 => 1,
            _ => 2,
        };
        let mut best: Option<(usize, String)> = None;
        let mut consider = |candidate: &str| {
            if let Some(d) = bounded_levenshtein(typed, candidate, allowed)
                && d > 0
                && best
                    .as_ref()
                    .is_none_or(|(bd, bw)| d < *bd || (d == *bd && candidate < bw.as_str()))
            {
                best = Some((d, candidate.to_string()));
            }
        };
        for word in Synonyms::flemish().words() {
            consider(word);
        }
        for group in CategoryGroup::all() {
            for word in std::iter::once(group.label).chain(group.categories.iter().map(|c| c.label))
            {
                for w in analysis::words(word) {
                    consider(&w);
                }
            }
        }
        if best.is_none() {
            let stem = analysis::terms(typed)
                .into_iter()
                .next()
                .unwrap_or_default();
            for segment in searcher.segment_readers() {
                for field in [self.fields.title, self.fields.text] {
                    let Ok(inverted) = segment.inverted_index(field) else {
                        continue;
                    };
                    let mut stream = inverted.terms().stream().ok()?;
                    while stream.advance() {
                        if let Ok(term) = std::str::from_utf8(stream.key())
                            && let Some(d) = bounded_levenshtein(&stem, term, allowed)
                            && d > 0
                            && best.as_ref().is_none_or(|(bd, _)| d < *bd)
                        {
                            best = Some((d, term.to_string()));
                        }
                    }
                }
            }
        }
        best.map(|(_, w)| w)
    }

    fn build(&self, words: &[WordMatch], filters: &[Box<dyn Query>], occur: Occur) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words {
            let alternatives: Vec<(Occur, Box<dyn Query>)> = word
                .alternatives
                .iter()
                .map(|(_, terms, origin)| {
                    let weight = if *origin == Origin::Typed { 1.0 } else { 0.8 };
                    let all_terms: Vec<(Occur, Box<dyn Query>)> = terms
                        .iter()
                        .map(|t| {
                            let title: Box<dyn Query> = Box::new(BoostQuery::new(
                                Box::new(TermQuery::new(
                                    Term::from_field_text(self.fields.title, t),
                                    IndexRecordOption::WithFreqs,
                                )),
                                2.0 * weight,
                            ));
                            let body: Box<dyn Query> = Box::new(BoostQuery::new(
                                Box::new(TermQuery::new(
                                    Term::from_field_text(self.fields.text, t),
                                    IndexRecordOption::WithFreqs,
                                )),
                                weight,
                            ));
                            (
                                Occur::Must,
                                Box::new(BooleanQuery::new(vec![
                                    (Occur::Should, title),
                                    (Occur::Should, body),
                                ])) as Box<dyn Query>,
                            )
                        })
                        .collect();
                    (
                        Occur::Should,
                        Box::new(BooleanQuery::new(all_terms)) as Box<dyn Query>,
                    )
                })
                .collect();
            if !alternatives.is_empty() {
                text.push((occur, Box::new(BooleanQuery::new(alternatives))));
            }
        }
        if text.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        } else {
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(text))));
        }
        for filter in filters {
            clauses.push((Occur::Must, filter.box_clone()));
        }
        BooleanQuery::new(clauses)
    }

    fn filters(&self, r: &SearchRequest) -> Vec<Box<dyn Query>> {
        let facet_set = |dimension: &str, values: Vec<&str>| -> Box<dyn Query> {
            let terms = values
                .into_iter()
                .map(|v| Term::from_facet(self.fields.facets, &Facet::from_path([dimension, v])));
            Box::new(TermSetQuery::new(terms))
        };
        let mut filters = Vec::new();
        if !r.categories.is_empty() {
            filters.push(facet_set(
                "category",
                r.categories
                    .iter()
                    .flat_map(CategoryRef::covered_slugs)
                    .collect(),
            ));
        }
        if let Some(group) = r.group {
            filters.push(facet_set("group", vec![group.slug]));
        }
        if let Some(kind) = r.kind {
            filters.push(facet_set("kind", vec![kind.slug()]));
        }
        if let Some(mode) = r.mode {
            filters.push(facet_set("mode", vec![mode.slug()]));
        }
        if !r.provinces.is_empty() {
            filters.push(facet_set(
                "province",
                r.provinces.iter().map(|p| p.slug).collect(),
            ));
        }
        if let Some(place) = &r.near {
            let covers = [
                format!("prov:{}", place.province.slug),
                format!("mun:{}", place.municipality_nis),
            ];
            filters.push(Box::new(TermSetQuery::new(
                covers
                    .iter()
                    .map(|t| Term::from_field_text(self.fields.coverage, t)),
            )));
            if let Some(km) = r.radius_km {
                let near: Vec<Term> = Municipality::all()
                    .iter()
                    .filter(|m| m.point.distance_km(&place.point) <= f64::from(km))
                    .map(|m| {
                        Term::from_field_text(self.fields.coverage, &format!("home:{}", m.nis))
                    })
                    .collect();
                filters.push(Box::new(TermSetQuery::new(near)));
            }
        }
        filters
    }
}

/// What one pass collects: the count, the page of hits and the facet counts.
type Collected = (
    usize,
    Vec<(f32, DocAddress)>,
    tantivy::collector::FacetCounts,
);

/// One pass over the matches: the count, the page of hits (scored with the portal and distance adjustments)
/// and the facet counts.
fn collect(
    searcher: &Searcher,
    query: &BooleanQuery,
    request: &SearchRequest,
    has_words: bool,
) -> Result<Collected, SearchError> {
    let mut facet_collector = FacetCollector::for_field("facets");
    for dimension in ["/group", "/category", "/province", "/kind", "/mode"] {
        facet_collector.add_facet(dimension);
    }
    let limit = request.limit.clamp(1, 100);
    let near = request.near.map(|p| p.point);
    let portal_code = request.portal.and_then(|p| p.nis.parse::<u64>().ok());
    let top = TopDocs::with_limit(limit)
        .and_offset(request.offset)
        .tweak_score(move |segment: &SegmentReader| {
            let fast = segment.fast_fields();
            let lat = fast.f64("lat").ok();
            let lon = fast.f64("lon").ok();
            let province = fast.u64("province_code").ok();
            move |doc: DocId, score: Score| {
                let mut s = if has_words { score } else { 1.0 };
                if let (Some(code), Some(col)) = (portal_code, &province)
                    && col.first(doc) == Some(code)
                {
                    s *= PORTAL_BOOST;
                }
                if let (Some(place), Some(lat), Some(lon)) = (near, &lat, &lon)
                    && let (Some(la), Some(lo)) = (lat.first(doc), lon.first(doc))
                {
                    let d = place.distance_km(&doeners_domain::GeoPoint { lat: la, lon: lo });
                    s *= (1.0 / (1.0 + d / DISTANCE_SCALE_KM)) as f32;
                }
                s
            }
        });
    Ok(searcher.search(query, &(Count, top, facet_collector))?)
}

fn explain(
    offer: &OfferDocument,
    words: &[WordMatch],
    request: &SearchRequest,
    distance_km: Option<f64>,
) -> Explanation {
    let category = CategoryRef::parse(&offer.category).ok();
    let doc_text = format!(
        "{} {} {} {} {}",
        offer.title,
        offer.description,
        category
            .map(|c| format!("{} {}", c.name(), c.group().label))
            .unwrap_or_default(),
        offer.category.replace('-', " "),
        offer.organisation_name
    );
    let doc_terms: HashSet<String> = analysis::terms(&doc_text).into_iter().collect();
    let mut e = Explanation {
        distance_km,
        ..Default::default()
    };
    let mut category_word = false;
    for word in words {
        let matched = word
            .alternatives
            .iter()
            .find(|(_, terms, _)| terms.iter().all(|t| doc_terms.contains(t)));
        if let Some((used, terms, origin)) = matched {
            e.matched_terms.push(word.typed.clone());
            match origin {
                Origin::Synonym => e.synonyms.push((word.typed.clone(), used.clone())),
                Origin::Typo => e.typos.push((word.typed.clone(), used.clone())),
                Origin::Typed => {}
            }
            if let Some(c) = category {
                let label_terms = analysis::terms(&format!(
                    "{} {}",
                    c.name(),
                    offer.category.replace('-', " ")
                ));
                category_word |= terms.iter().any(|t| label_terms.contains(t));
            }
        }
    }
    let filtered = !request.categories.is_empty() || request.group.is_some();
    if filtered || category_word {
        e.category_match = category.map(|c| c.name().to_string());
    }
    e
}

/// Edit distance between `a` and `b` when it is at most `max`, else `None`.
fn bounded_levenshtein(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = fold(a).chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j + 1] + 1)
                .min(current[j] + 1)
                .min(previous[j] + cost);
        }
        if current.iter().min().is_some_and(|&m| m > max) {
            return None;
        }
        previous = current;
    }
    previous.last().copied().filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::bounded_levenshtein;

    #[test]
    fn levenshtein_is_bounded() {
        assert_eq!(bounded_levenshtein("kuisen", "kuisen", 1), Some(0));
        assert_eq!(bounded_levenshtein("kuizen", "kuisen", 1), Some(1));
        assert_eq!(
            bounded_levenshtein("groenonderhout", "groenonderhoud", 2),
            Some(1)
        );
        assert_eq!(bounded_levenshtein("fiets", "catering", 2), None);
    }
}
