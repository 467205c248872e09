//! The published figures (`/cijfers`, `/api/v1/stats`): a few measures per province and for Flanders, with
//! small counts hidden so that no company or organisation can be singled out.
//!
//! - A count from 1 to 4 is hidden (`null`); zero is shown.
//! - Secondary suppression: where a measure hides exactly one province while the Flanders total is shown, the
//!   total minus the others would give it away, so the smallest other province is hidden too (or, when no
//!   other is left, the total).
//! - A sum of money is hidden when fewer than 5 collaborations make it, or one of them makes more than half
//!   of it; then the same secondary rule.

use serde::Serialize;
use serde_json::{Map, Value};

use super::{Evaluation, Figures};

/// The published measures, in order, with their Dutch labels.
pub const MEASURES: [(&str, &str); 10] = [
    ("companies_registered", "Nieuw geregistreerde bedrijven"),
    ("companies_active", "Bedrijven die het platform gebruikten"),
    ("searches", "Zoekopdrachten"),
    ("zero_result_searches", "Zoekopdrachten zonder resultaat"),
    ("contact_requests", "Contactaanvragen"),
    ("contact_requests_answered", "Beantwoorde contactaanvragen"),
    ("collaborations", "Samenwerkingen"),
    (
        "collaboration_value_eur",
        "Afgesproken waarde van de samenwerkingen (euro)",
    ),
    ("questions", "Vragen en suggesties van bedrijven"),
    (
        "questions_with_interest",
        "Vragen met minstens één geïnteresseerde organisatie",
    ),
];

/// The smallest count that is shown as it is.
pub const THRESHOLD: u64 = 5;

/// The licence the published figures are under.
pub const LICENCE: &str = "Modellicentie Gratis Hergebruik – v1.0";
pub const LICENCE_URL: &str = "https://www.vlaanderen.be/digitaal-vlaanderen/onze-oplossingen/open-data/voorwaarden-voor-het-hergebruik-van-overheidsinformatie/modellicentie-gratis-hergebruik";

#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub from: String,
    pub to: String,
    pub provinces: Vec<Map<String, Value>>,
    pub flanders: Map<String, Value>,
}

fn raw(f: &Figures, measure: &str) -> u64 {
    match measure {
        "questions" => f.count("questions") + f.count("suggestions"),
        other => f.count(other),
    }
}

/// Whether a cell of `measure` must be hidden on its own.
fn primary(f: &Figures, measure: &str) -> bool {
    let n = raw(f, measure);
    if measure == "collaboration_value_eur" {
        let makers = f.count("collaborations");
        let largest = u64::try_from(f.largest).unwrap_or(0);
        return n > 0 && (makers < THRESHOLD || largest * 2 > n);
    }
    (1..THRESHOLD).contains(&n)
}

/// The cells of one measure (provinces, then Flanders): `None` where hidden.
pub fn suppressed(
    cells: &[Option<&Figures>],
    total: &Figures,
    measure: &str,
) -> (Vec<Option<u64>>, Option<u64>) {
    let mut shown: Vec<Option<u64>> = cells
        .iter()
        .map(|f| f.filter(|f| !primary(f, measure)).map(|f| raw(f, measure)))
        .collect();
    let mut flanders = (!primary(total, measure)).then(|| raw(total, measure));
    let hidden = |shown: &[Option<u64>]| shown.iter().filter(|c| c.is_none()).count();
    if flanders.is_some() && hidden(&shown) == 1 {
        let next = shown
            .iter()
            .enumerate()
            .filter_map(|(i, c)| c.map(|v| (v == 0, v, i)))
            .min();
        match next {
            Some((_, _, i)) => shown[i] = None,
            None => flanders = None,
        }
    }
    (shown, flanders)
}

/// The published figures of `e`.
pub fn published(e: &Evaluation) -> Stats {
    let cells: Vec<Option<&Figures>> = e.provinces.iter().map(|(_, _, f)| f.as_ref()).collect();
    let mut provinces: Vec<Map<String, Value>> = e
        .provinces
        .iter()
        .map(|(slug, _, _)| {
            let mut m = Map::new();
            m.insert("province".to_string(), Value::from(slug.as_str()));
            m
        })
        .collect();
    let mut flanders = Map::new();
    for (measure, _) in MEASURES {
        let (shown, total) = suppressed(&cells, &e.flanders, measure);
        for (row, v) in provinces.iter_mut().zip(shown) {
            row.insert(measure.to_string(), v.map_or(Value::Null, Value::from));
        }
        flanders.insert(measure.to_string(), total.map_or(Value::Null, Value::from));
    }
    Stats {
        from: e.period.from_day(),
        to: e.period.to_day(),
        provinces,
        flanders,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(measure: &'static str, n: u64) -> Figures {
        let mut f = Figures::default();
        f.counts.insert(measure, n);
        f
    }

    #[test]
    fn small_counts_are_hidden_and_cannot_be_worked_out() {
        let a = with("searches", 3);
        let b = with("searches", 40);
        let c = with("searches", 12);
        let d = with("searches", 0);
        let total = with("searches", 55);
        let (shown, flanders) = suppressed(
            &[Some(&a), Some(&b), Some(&c), Some(&d)],
            &total,
            "searches",
        );
        // 3 is hidden; so is the smallest other province (0 would tell nothing, 12 does), and zero stays zero.
        assert_eq!(shown, vec![None, Some(40), None, Some(0)]);
        assert_eq!(flanders, Some(55));
        let (shown, _) = suppressed(
            &[Some(&with("searches", 0))],
            &with("searches", 0),
            "searches",
        );
        assert_eq!(shown, vec![Some(0)]);
    }

    #[test]
    fn a_sum_of_money_needs_five_collaborations_and_no_dominant_one() {
        let mut few = with("collaborations", 4);
        few.counts.insert("collaboration_value_eur", 40_000);
        few.largest = 10_000;
        assert!(primary(&few, "collaboration_value_eur"));
        let mut dominated = with("collaborations", 6);
        dominated.counts.insert("collaboration_value_eur", 100_000);
        dominated.largest = 60_000;
        assert!(primary(&dominated, "collaboration_value_eur"));
        let mut fine = with("collaborations", 5);
        fine.counts.insert("collaboration_value_eur", 50_000);
        fine.largest = 10_000;
        assert!(!primary(&fine, "collaboration_value_eur"));
    }
}
