//! Which categories of the taxonomy a query means, learned from the index itself: for every word, how the
//! offers that hold it spread over the categories (a word found mostly in hand-packing offers means hand
//! packing), leaning on the categories whose names the word is part of. An offer of a meant category is a
//! candidate even when it shares few words with the query.

use std::{
    collections::HashMap,
    sync::{Arc, LazyLock},
};

use doeners_domain::CategoryRef;
use tantivy::{Searcher, Term, query::TermQuery, schema::IndexRecordOption};

use crate::{
    SearchIndex, analysis,
    columns::SegmentColumns,
    gather::{CATEGORY_SLUGS, Gather},
    words::WordMatch,
};

/// How many offers' worth of evidence a category's name weighs for a word that is part of it.
const NAME_PRIOR: f32 = 3.0;
/// Pseudo-offers that keep a word held by one or two offers from meaning their category outright.
const SMOOTHING: f32 = 2.0;
/// A category is meant when it holds this share of the query's evidence, and at least half of the best one's.
const MEANT: f32 = 0.25;
/// A group is meant, when no single category is, when its categories together hold this share.
const MEANT_GROUP: f32 = 0.5;
const MAX_MEANT: usize = 3;
/// A word's spread counts as evidence only when at least this share of its offers is in one category.
const CONCENTRATED: f32 = 0.4;
/// A category is meant only when at least this many of its offers hold a query word, or a word names it.
const MIN_SUPPORT: f32 = 2.0;

/// A category (or a whole group) the query means, and how strongly.
#[derive(Debug, Clone)]
pub(crate) struct Meant {
    /// Indexes into `CATEGORY_SLUGS`: the category, or every category of the group.
    pub categories: Vec<usize>,
    /// `("category" | "group", slug)`: the facet that selects these offers.
    pub facet: (&'static str, &'static str),
    pub strength: f32,
}

impl SearchIndex {
    /// The categories the `words` mean, given each word's weight in the query.
    pub(crate) fn meant(
        &self,
        searcher: &Searcher,
        columns: &[Arc<SegmentColumns>],
        words: &[WordMatch],
        weights: &[f32],
    ) -> Vec<Meant> {
        let mut evidence = vec![0.0_f32; CATEGORY_SLUGS.len()];
        // Offers of each category that hold a query word, and whether a word names it: one offer's wording
        // is no evidence of what a word means.
        let mut support = vec![0.0_f32; CATEGORY_SLUGS.len()];
        for (word, weight) in words.iter().zip(weights) {
            if !word.matched() || *weight <= 0.0 {
                continue;
            }
            let mut counts = vec![0.0_f32; CATEGORY_SLUGS.len()];
            let mut named = vec![false; CATEGORY_SLUGS.len()];
            for alternative in &word.alternatives {
                if let Some(rarest) = self.rarest(searcher, &alternative.terms) {
                    for (c, n) in self.spread(searcher, columns, &rarest).iter().enumerate() {
                        counts[c] += *n as f32;
                    }
                }
            }
            // A word spread evenly over several categories (`onderhoud`) says nothing of which one is meant.
            if spread_evenly(&counts) {
                counts.iter_mut().for_each(|n| *n = 0.0);
            }
            for c in &word.names {
                if let Some(n) = named.get_mut(*c) {
                    *n = true;
                }
            }
            let named_count = named.iter().filter(|n| **n).count();
            let total: f32 = counts.iter().sum::<f32>()
                + if named_count > 0 { NAME_PRIOR } else { 0.0 }
                + SMOOTHING;
            for c in 0..counts.len() {
                let prior = if named[c] {
                    NAME_PRIOR / named_count as f32
                } else {
                    0.0
                };
                evidence[c] += weight * (counts[c] + prior) / total;
                support[c] += counts[c] + if named[c] { MIN_SUPPORT } else { 0.0 };
            }
        }
        for (e, s) in evidence.iter_mut().zip(&support) {
            if *s < MIN_SUPPORT {
                *e = 0.0;
            }
        }
        meant_from(&evidence)
    }

    /// Whether the offers holding any of `terms` are mostly of one category (at least two of them): a word that
    /// says which work is meant, unlike `herstelling` or `reiniging`, which many kinds of offer hold.
    pub(crate) fn concentrated(&self, searcher: &Searcher, terms: &[String]) -> bool {
        let Ok(columns) = self.columns.of(searcher) else {
            return false;
        };
        let mut counts = vec![0.0_f32; CATEGORY_SLUGS.len()];
        for term in terms {
            for (c, n) in self.spread(searcher, &columns, term).iter().enumerate() {
                counts[c] += *n as f32;
            }
        }
        let most = counts.iter().copied().fold(0.0_f32, f32::max);
        most >= MIN_SUPPORT && !spread_evenly(&counts)
    }

    fn rarest(&self, searcher: &Searcher, terms: &[String]) -> Option<String> {
        terms
            .iter()
            .min_by_key(|t| self.doc_freq_of(searcher, std::slice::from_ref(t)))
            .cloned()
    }

    /// How the offers holding `term` spread over the categories.
    fn spread(
        &self,
        searcher: &Searcher,
        columns: &[Arc<SegmentColumns>],
        term: &str,
    ) -> Arc<Vec<u64>> {
        let generation = searcher.generation().generation_id();
        self.memos.spread(generation, term, || {
            let query = TermQuery::new(
                Term::from_field_text(self.fields.words, term),
                IndexRecordOption::Basic,
            );
            let counted = searcher
                .search(&query, &Gather::counting(columns.to_vec()))
                .map(|g| g.categories)
                .unwrap_or_default();
            Arc::new(counted)
        })
    }
}

/// Whether offers counted per category are spread so evenly that no category holds `CONCENTRATED` of them.
fn spread_evenly(counts: &[f32]) -> bool {
    let held: f32 = counts.iter().sum();
    let most = counts.iter().copied().fold(0.0_f32, f32::max);
    held > 0.0 && most / held < CONCENTRATED
}

fn meant_from(evidence: &[f32]) -> Vec<Meant> {
    let best = evidence.iter().copied().fold(0.0_f32, f32::max);
    let mut categories: Vec<(usize, f32)> = evidence
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, e)| *e >= MEANT && *e >= best / 2.0)
        .collect();
    categories.sort_by(|a, b| b.1.total_cmp(&a.1));
    categories.truncate(MAX_MEANT);
    if !categories.is_empty() {
        return categories
            .into_iter()
            .filter_map(|(c, strength)| {
                let (slug, group) = CATEGORY_SLUGS.get(c)?;
                // A group's own entry stands for the whole group.
                let (facet, categories) = if slug == group {
                    (("group", *group), of_group(group))
                } else {
                    (("category", *slug), vec![c])
                };
                Some(Meant {
                    categories,
                    facet,
                    strength,
                })
            })
            .collect();
    }
    let mut groups: HashMap<&'static str, (Vec<usize>, f32)> = HashMap::new();
    for (c, e) in evidence.iter().enumerate() {
        if let Some((_, group)) = CATEGORY_SLUGS.get(c) {
            let entry = groups.entry(group).or_default();
            entry.0.push(c);
            entry.1 += e;
        }
    }
    let mut groups: Vec<_> = groups
        .into_iter()
        .filter(|(_, (_, e))| *e >= MEANT_GROUP)
        .collect();
    groups.sort_by(|a, b| b.1.1.total_cmp(&a.1.1));
    groups
        .into_iter()
        .take(1)
        .map(|(slug, (categories, strength))| Meant {
            categories,
            facet: ("group", slug),
            strength: strength * 0.7,
        })
        .collect()
}

fn of_group(group: &str) -> Vec<usize> {
    CATEGORY_SLUGS
        .iter()
        .enumerate()
        .filter(|(_, (_, g))| *g == group)
        .map(|(c, _)| c)
        .collect()
}

/// The terms of each category's name and slug, in the order of `CATEGORY_SLUGS`.
pub(crate) fn label_terms() -> &'static [Vec<String>] {
    static TERMS: LazyLock<Vec<Vec<String>>> = LazyLock::new(|| {
        CATEGORY_SLUGS
            .iter()
            .map(|(slug, _)| {
                CategoryRef::parse(slug)
                    .map(|c| analysis::terms(&format!("{} {}", c.name(), slug.replace('-', " "))))
                    .unwrap_or_default()
            })
            .collect()
    });
    &TERMS
}
