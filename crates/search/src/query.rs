//! Searching: a request (words, filters, a place), the hits with an explanation each, and facet counts.
//!
//! Words are matched through their stems, their Flemish synonyms and, when a word is unknown, the nearest
//! known word within one or two typos. All words must match; when that finds nothing, any word may.
//! With a place, only offers whose service area covers it are returned, and nearer ranks higher; the
//! asking portal's own province ranks higher too.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    sync::LazyLock,
};

use doeners_domain::{
    CategoryGroup, CategoryRef, ExecutionMode, OrganisationKind, ProvinceRef, service_area::Place,
    text::fold,
};
use serde::Serialize;
use tantivy::{
    DocAddress, Searcher, TantivyDocument, Term,
    query::{
        AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query,
        TermQuery,
    },
    schema::{Facet, IndexRecordOption, Value},
};

use crate::{
    OfferDocument, SearchError, SearchIndex, analysis,
    gather::{Gather, Nearness, province_code},
    index::FACET_CODE,
    synonyms::Synonyms,
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

impl SearchIndex {
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        let words = self.word_matches(&searcher, &request.q);
        let filters = self.filters(request);
        let has_words = !words.is_empty();
        let mut relaxed = false;
        let query = self.build(&words, &filters, Occur::Must);
        let gather = Gather {
            facet_field: FACET_CODE,
            has_words,
            portal: request.portal.map(province_code),
            near: request
                .near
                .map(|p| Nearness::new(p.point, request.radius_km)),
            offset: request.offset,
            limit: request.limit.clamp(1, 100),
        };
        let mut gathered = searcher.search(&query, &gather)?;
        if gathered.total == 0 && words.len() > 1 {
            let any_word = self.build(&words, &filters, Occur::Should);
            gathered = searcher.search(&any_word, &gather)?;
            relaxed = gathered.total > 0;
        }
        let [group, category, province, kind, mode] = gathered.facets();
        let facets = Facets {
            group,
            category,
            province,
            kind,
            mode,
        };
        let total = gathered.total;
        let top = gathered.top;
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
        // Stored sorted, so a lookup is a binary search.
        let terms: Vec<&str> = stored
            .get_first(self.fields.terms)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .split(' ')
            .collect();
        let distance_km = request
            .near
            .map(|p| (p.point.distance_km(&offer.home()) * 10.0).round() / 10.0);
        let crosses_border = request.portal.is_some_and(|p| p.slug != offer.province);
        let explanation = explain(&offer, &terms, words, request, distance_km);
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
            // Synonyms that analyse to the same terms (schoonmaak, schoonmaken) would read the same postings twice.
            let mut seen = HashSet::new();
            alternatives.retain(|(_, terms, _)| !terms.is_empty() && seen.insert(terms.clone()));
            out.push(WordMatch {
                typed,
                alternatives,
            });
        }
        out
    }

    fn known(&self, searcher: &Searcher, terms: &[String]) -> bool {
        terms.iter().all(|t| {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.words, t))
                .unwrap_or(0)
                > 0
        })
    }

    /// The known word nearest to `typed` within the typos its length allows: synonym and taxonomy words first
    /// (they are real words people type), then the index's own terms.
    fn correct(&self, searcher: &Searcher, typed: &str) -> Option<String> {
        let allowed: u8 = match typed.chars().count() {
            0..=3 => return None,
            4..=7 => 1,
            _ => 2,
        };
        let mut best: Option<(usize, String)> = None;
        let mut consider = |candidate: &str| {
            if let Some(d) = bounded_levenshtein(typed, candidate, usize::from(allowed))
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
            best = self.nearest_index_term(searcher, typed, allowed);
        }
        best.map(|(_, w)| w)
    }

    /// Every word must (or, relaxed, may) match through one of its alternatives; an alternative of several
    /// terms (a split compound) needs them all. Synonyms and corrections weigh a little less than what was typed.
    /// The index term nearest to the stem of `typed`, through a Levenshtein automaton over the term
    /// dictionary (transpositions count as one typo); among equally near terms, the most frequent.
    fn nearest_index_term(
        &self,
        searcher: &Searcher,
        typed: &str,
        allowed: u8,
    ) -> Option<(usize, String)> {
        let stem = analysis::terms(typed).into_iter().next()?;
        for distance in 1..=allowed {
            let fuzzy = FuzzyTermQuery::new(
                Term::from_field_text(self.fields.words, &stem),
                distance,
                true,
            );
            let mut found: BTreeMap<String, u32> = BTreeMap::new();
            for segment in searcher.segment_readers() {
                let Ok(inverted) = segment.inverted_index(self.fields.words) else {
                    continue;
                };
                let Ok(mut stream) = fuzzy
                    .automaton()
                    .and_then(|a| Ok(inverted.terms().search(a).into_stream()?))
                else {
                    continue;
                };
                while stream.advance() {
                    if let Ok(term) = std::str::from_utf8(stream.key())
                        && term != stem
                    {
                        *found.entry(term.to_string()).or_default() += stream.value().doc_freq;
                    }
                }
            }
            if let Some((term, _)) = found
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
            {
                return Some((usize::from(distance), term));
            }
        }
        None
    }

    fn build(&self, words: &[WordMatch], filters: &[Box<dyn Query>], occur: Occur) -> BooleanQuery {
        let term = |t: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(self.fields.words, t),
                IndexRecordOption::WithFreqs,
            ))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in words {
            let mut alternatives: Vec<(Occur, Box<dyn Query>)> = word
                .alternatives
                .iter()
                .map(|(_, terms, origin)| {
                    let query = match terms.as_slice() {
                        [one] => term(one),
                        several => Box::new(BooleanQuery::new(
                            several.iter().map(|t| (Occur::Must, term(t))).collect(),
                        )),
                    };
                    let query = if *origin == Origin::Typed {
                        query
                    } else {
                        Box::new(BoostQuery::new(query, 0.8))
                    };
                    (Occur::Should, query)
                })
                .collect();
            match alternatives.len() {
                0 => {}
                1 => text.push((occur, alternatives.remove(0).1)),
                _ => text.push((occur, Box::new(BooleanQuery::new(alternatives)))),
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

    /// The filters as term postings, which score nothing: any of the terms of each filter must match.
    /// (The radius is checked while gathering, against each organisation's coordinate.)
    fn filters(&self, r: &SearchRequest) -> Vec<Box<dyn Query>> {
        let any_of = |terms: Vec<Term>| -> Box<dyn Query> {
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
        };
        let facet = |dimension: &str, values: Vec<&str>| {
            any_of(
                values
                    .into_iter()
                    .map(|v| {
                        Term::from_facet(self.fields.facets, &Facet::from_path([dimension, v]))
                    })
                    .collect(),
            )
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
            filters.push(any_of(
                [
                    format!("prov:{}", place.province.slug),
                    format!("mun:{}", place.municipality_nis),
                ]
                .iter()
                .map(|t| Term::from_field_text(self.fields.coverage, t))
                .collect(),
            ));
        }
        filters
    }
}

fn explain(
    offer: &OfferDocument,
    doc_terms: &[&str],
    words: &[WordMatch],
    request: &SearchRequest,
    distance_km: Option<f64>,
) -> Explanation {
    let category = CategoryRef::parse(&offer.category).ok();
    let mut e = Explanation {
        distance_km,
        ..Default::default()
    };
    let mut category_word = false;
    for word in words {
        let matched = word.alternatives.iter().find(|(_, terms, _)| {
            terms
                .iter()
                .all(|t| doc_terms.binary_search(&t.as_str()).is_ok())
        });
        if let Some((used, terms, origin)) = matched {
            e.matched_terms.push(word.typed.clone());
            match origin {
                Origin::Synonym => e.synonyms.push((word.typed.clone(), used.clone())),
                Origin::Typo => e.typos.push((word.typed.clone(), used.clone())),
                Origin::Typed => {}
            }
            if let Some(c) = category {
                let label_terms = category_terms(c);
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

/// The terms of a category's name and slug, analysed once per category.
fn category_terms(category: CategoryRef) -> &'static [String] {
    static TERMS: LazyLock<HashMap<&'static str, Vec<String>>> = LazyLock::new(|| {
        CategoryGroup::all()
            .iter()
            .flat_map(|g| {
                std::iter::once(CategoryRef::Group(g)).chain(
                    g.categories
                        .iter()
                        .map(move |c| CategoryRef::Category(g, c)),
                )
            })
            .map(|c| {
                let text = format!("{} {}", c.name(), c.slug().replace('-', " "));
                (c.slug(), analysis::terms(&text))
            })
            .collect()
    });
    TERMS.get(category.slug()).map_or(&[], Vec::as_slice)
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
