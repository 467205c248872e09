//! One pass over the matches of a query: the count, the page of best hits (with the portal and distance
//! adjustments to the score, and the radius filter) and the facet counts, all read from plain arrays per
//! segment (`columns`) so that a broad query over the whole index stays cheap.

use std::{
    cmp::Ordering,
    collections::BTreeMap,
    sync::{Arc, LazyLock},
};

use doeners_domain::{CategoryGroup, ExecutionMode, GeoPoint, OrganisationKind, ProvinceRef};
use tantivy::{
    DocAddress, DocId, Score, SegmentOrdinal, SegmentReader,
    collector::{Collector, SegmentCollector},
};

use crate::columns::SegmentColumns;

/// Distance at which the nearness factor halves the score.
const DISTANCE_SCALE_KM: f64 = 20.0;
const PORTAL_BOOST: f32 = 1.5;

/// The category slugs an offer can be filed under (groups and subcategories), each with its group.
pub(crate) static CATEGORY_SLUGS: LazyLock<Vec<(&'static str, &'static str)>> =
    LazyLock::new(|| {
        CategoryGroup::all()
            .iter()
            .flat_map(|g| {
                std::iter::once((g.slug, g.slug))
                    .chain(g.categories.iter().map(|c| (c.slug, g.slug)))
            })
            .collect()
    });

const UNKNOWN: u64 = 0xFF;

/// The facet values of one offer packed into one `u64`: category, province, kind and mode, a byte each.
pub(crate) fn facet_code(category: &str, province: &str, kind: &str, mode: &str) -> u64 {
    let position = |found: Option<usize>| found.map_or(UNKNOWN, |i| i as u64);
    let category = position(CATEGORY_SLUGS.iter().position(|(s, _)| *s == category));
    let province = position(ProvinceRef::all().iter().position(|p| p.slug == province));
    let kind = position(OrganisationKind::ALL.iter().position(|k| k.slug() == kind));
    let mode = position(ExecutionMode::ALL.iter().position(|m| m.slug() == mode));
    category | province << 8 | kind << 16 | mode << 24
}

fn byte(code: u32, n: u32) -> usize {
    ((code >> (8 * n)) & 0xFF) as usize
}

pub(crate) fn province_code(province: &ProvinceRef) -> usize {
    ProvinceRef::all()
        .iter()
        .position(|p| p.slug == province.slug)
        .unwrap_or(UNKNOWN as usize)
}

/// Where the work is, for the distance factor and the radius: an equirectangular distance, which over
/// Flemish distances differs from the great circle by far less than the rounding shown to people.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Nearness {
    place: GeoPoint,
    lon_scale: f64,
    radius_km: Option<f64>,
}

impl Nearness {
    pub fn new(place: GeoPoint, radius_km: Option<u16>) -> Self {
        Self {
            place,
            lon_scale: place.lat.to_radians().cos(),
            radius_km: radius_km.map(f64::from),
        }
    }

    fn distance_km(&self, lat: f64, lon: f64) -> f64 {
        const KM_PER_DEGREE: f64 = 111.195;
        let dy = lat - self.place.lat;
        let dx = (lon - self.place.lon) * self.lon_scale;
        (dx * dx + dy * dy).sqrt() * KM_PER_DEGREE
    }
}

pub(crate) struct Gather {
    /// The arrays of each segment, by segment ordinal.
    pub columns: Vec<Arc<SegmentColumns>>,
    pub has_words: bool,
    pub portal: Option<usize>,
    pub near: Option<Nearness>,
    pub offset: usize,
    pub limit: usize,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Gathered {
    pub total: usize,
    /// The page's hits: score, tie-breaking number, document.
    pub top: Vec<(f32, u64, DocAddress)>,
    pub categories: Vec<u64>,
    pub provinces: Vec<u64>,
    pub kinds: Vec<u64>,
    pub modes: Vec<u64>,
}

impl Gathered {
    fn empty() -> Self {
        Self {
            categories: vec![0; CATEGORY_SLUGS.len()],
            provinces: vec![0; ProvinceRef::all().len()],
            kinds: vec![0; OrganisationKind::ALL.len()],
            modes: vec![0; ExecutionMode::ALL.len()],
            ..Default::default()
        }
    }

    /// The facet counts by dimension and slug, leaving out values no match has.
    pub fn facets(&self) -> [BTreeMap<String, u64>; 5] {
        let counted = |counts: &[u64], slug: &dyn Fn(usize) -> &'static str| {
            counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| (slug(i).to_string(), *n))
                .collect::<BTreeMap<_, _>>()
        };
        let mut groups = BTreeMap::new();
        for (i, n) in self.categories.iter().enumerate() {
            if *n > 0 {
                *groups.entry(CATEGORY_SLUGS[i].1.to_string()).or_insert(0) += n;
            }
        }
        [
            groups,
            counted(&self.categories, &|i| CATEGORY_SLUGS[i].0),
            counted(&self.provinces, &|i| ProvinceRef::all()[i].slug),
            counted(&self.kinds, &|i| OrganisationKind::ALL[i].slug()),
            counted(&self.modes, &|i| ExecutionMode::ALL[i].slug()),
        ]
    }
}

/// A hit waiting for its place on the page: higher score first, then the offer's own tie-breaking number
/// (so that the order does not depend on where the offer lies in this node's index), then the document.
#[derive(Debug, Clone, Copy)]
struct Ranked(f32, u64, DocAddress);

impl Ranked {
    fn before(&self, other: &Self) -> Ordering {
        other
            .0
            .total_cmp(&self.0)
            .then_with(|| self.1.cmp(&other.1))
            .then_with(|| {
                (self.2.segment_ord, self.2.doc_id).cmp(&(other.2.segment_ord, other.2.doc_id))
            })
    }
}

pub(crate) struct SegmentGather {
    segment: SegmentOrdinal,
    columns: Arc<SegmentColumns>,
    has_words: bool,
    portal: Option<usize>,
    near: Option<Nearness>,
    keep: usize,
    /// The best `keep` so far, unordered; `floor` is the worst of them once full.
    best: Vec<Ranked>,
    floor: Option<Ranked>,
    total: usize,
    /// Matches by facet value, a row per byte of the facet code: counted for every match, so indexed by the
    /// byte itself, without a bounds check.
    counts: Box<[[u64; 256]; 4]>,
}

impl Gather {
    /// Counts matches and facets only, without ranking a page.
    pub fn counting(columns: Vec<Arc<SegmentColumns>>) -> Self {
        Self {
            columns,
            has_words: false,
            portal: None,
            near: None,
            offset: 0,
            limit: 0,
        }
    }
}

impl Collector for Gather {
    type Fruit = Gathered;
    type Child = SegmentGather;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentGather> {
        let columns = self.columns.get(segment as usize).cloned().ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no columns for segment {segment}"))
        })?;
        Ok(SegmentGather {
            segment,
            columns,
            has_words: self.has_words,
            portal: self.portal,
            near: self.near,
            keep: self.offset + self.limit,
            best: Vec::new(),
            floor: None,
            total: 0,
            counts: Box::new([[0; 256]; 4]),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.has_words
    }

    fn merge_fruits(&self, fruits: Vec<Gathered>) -> tantivy::Result<Gathered> {
        let mut merged = Gathered::empty();
        let mut ranked = Vec::new();
        for fruit in fruits {
            merged.total += fruit.total;
            for (sum, part) in [
                (&mut merged.categories, &fruit.categories),
                (&mut merged.provinces, &fruit.provinces),
                (&mut merged.kinds, &fruit.kinds),
                (&mut merged.modes, &fruit.modes),
            ] {
                for (s, p) in sum.iter_mut().zip(part) {
                    *s += p;
                }
            }
            ranked.extend(fruit.top.into_iter().map(|(s, t, a)| Ranked(s, t, a)));
        }
        ranked.sort_by(Ranked::before);
        merged.top = ranked
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|r| (r.0, r.1, r.2))
            .collect();
        Ok(merged)
    }
}

impl SegmentGather {
    fn offer(&mut self, score: f32, doc: DocId) {
        // A hit scoring below the worst kept one cannot make the page: decided without reading its tie.
        if let Some(floor) = self.floor
            && score < floor.0
        {
            return;
        }
        let ranked = Ranked(
            score,
            self.columns.tie(doc),
            DocAddress::new(self.segment, doc),
        );
        if self.best.len() < self.keep {
            self.best.push(ranked);
            if self.best.len() == self.keep {
                self.floor = self.best.iter().copied().max_by(|a, b| a.before(b));
            }
            return;
        }
        let Some(floor) = self.floor else { return };
        if ranked.before(&floor) != Ordering::Less {
            return;
        }
        // Replace the worst kept hit, then find the new worst: rare once the page has filled with good hits.
        if let Some(slot) = self.best.iter_mut().find(|r| r.2 == floor.2) {
            *slot = ranked;
        }
        self.floor = self.best.iter().copied().max_by(|a, b| a.before(b));
    }
}

impl SegmentCollector for SegmentGather {
    type Fruit = Gathered;

    fn collect(&mut self, doc: DocId, score: Score) {
        let mut score = if self.has_words { score } else { 1.0 };
        if let Some(near) = &self.near
            && let Some((lat, lon)) = self.columns.point(doc)
        {
            let km = near.distance_km(lat, lon);
            if near.radius_km.is_some_and(|r| km > r) {
                return;
            }
            score *= (1.0 / (1.0 + km / DISTANCE_SCALE_KM)) as f32;
        }
        let code = self.columns.code(doc);
        if self.portal.is_some_and(|p| p == byte(code, 1)) {
            score *= PORTAL_BOOST;
        }
        self.total += 1;
        for (n, row) in self.counts.iter_mut().enumerate() {
            row[(code >> (8 * n)) as u8 as usize] += 1;
        }
        if self.keep > 0 {
            self.offer(score, doc);
        }
    }

    fn harvest(self) -> Gathered {
        let mut gathered = Gathered::empty();
        gathered.total = self.total;
        gathered.top = self.best.into_iter().map(|r| (r.0, r.1, r.2)).collect();
        for (counts, row) in [
            &mut gathered.categories,
            &mut gathered.provinces,
            &mut gathered.kinds,
            &mut gathered.modes,
        ]
        .into_iter()
        .zip(self.counts.iter())
        {
            // An unknown value (0xFF) is counted in its row but has no slug: left out, as before.
            for (count, n) in counts.iter_mut().zip(row) {
                *count = *n;
            }
        }
        gathered
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facet_codes_round_trip() {
        let code = facet_code("groenonderhoud", "limburg", "maatwerkbedrijf", "op-locatie") as u32;
        assert_eq!(CATEGORY_SLUGS[byte(code, 0)], ("groenonderhoud", "groen"));
        assert_eq!(ProvinceRef::all()[byte(code, 1)].slug, "limburg");
        assert_eq!(
            facet_code("?", "?", "?", "?"),
            0xFF | 0xFF << 8 | 0xFF << 16 | 0xFF << 24
        );
    }

    #[test]
    fn nearness_is_close_to_the_great_circle() {
        let hasselt = GeoPoint::new(50.93, 5.34).expect("point");
        let leuven = GeoPoint::new(50.88, 4.70).expect("point");
        let near = Nearness::new(hasselt, None);
        let exact = hasselt.distance_km(&leuven);
        assert!(
            (near.distance_km(leuven.lat, leuven.lon) - exact).abs() < 0.05,
            "{exact}"
        );
    }
}
