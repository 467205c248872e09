//! The engine on the demo data of all five provinces, in memory.

// Helpers of a test file may fail loudly: a failed expectation is a failed test.
#![allow(clippy::expect_used)]

mod common;

use common::{demo_index as index, place};
use doeners_domain::{CategoryRef, ProvinceRef};
use doeners_search::SearchRequest;

fn request(q: &str) -> SearchRequest {
    SearchRequest {
        q: q.to_string(),
        limit: 20,
        ..Default::default()
    }
}

#[test]
fn kuisen_van_bureaus_near_hasselt_finds_cleaning_nearby_across_the_border_too() {
    let index = index();
    let limburg = ProvinceRef::by_slug("limburg");
    let results = index
        .search(&SearchRequest {
            near: Some(place("3500")),
            portal: limburg,
            limit: 50,
            ..request("kuisen van bureaus")
        })
        .expect("search");
    assert!(results.total > 0, "found something");
    let first = &results.hits[0];
    assert_eq!(first.offer.group, "schoonmaak", "{first:#?}");
    assert!(
        first
            .explanation
            .synonyms
            .iter()
            .any(|(typed, _)| typed == "kuisen"),
        "{:?}",
        first.explanation
    );
    assert!(first.distance_km.is_some());
    for hit in &results.hits {
        let area = doeners_domain::ServiceArea::parse(&hit.offer.service_area).expect("area");
        assert!(
            area.covers(hit.offer.home(), &place("3500")),
            "{} must serve Hasselt",
            hit.offer.organisation_name
        );
    }
    assert!(
        results.hits.iter().any(|h| h.crosses_border),
        "a partner from another province is included"
    );
    assert!(
        results
            .hits
            .iter()
            .all(|h| h.crosses_border == (h.offer.province != "limburg"))
    );
}

#[test]
fn a_misspelt_query_still_finds_the_right_offers() {
    let index = index();
    let right = index.search(&request("groenonderhoud")).expect("search");
    let misspelt = index.search(&request("groenonderhout")).expect("search");
    assert!(right.total > 0);
    assert_eq!(misspelt.total, right.total);
    assert_eq!(
        misspelt.hits[0].explanation.typos,
        vec![("groenonderhout".to_string(), "groenonderhoud".to_string())]
    );
    let kuizen = index.search(&request("kuizen")).expect("search");
    assert!(
        kuizen.total > 0
            && kuizen.hits.iter().all(|h| h.offer.group == "schoonmaak"
                || h.offer.category == "voertuigreiniging"
                || !h.explanation.matched_terms.is_empty())
    );
}

#[test]
fn compounds_plurals_and_synonyms_meet() {
    let index = index();
    let stalling = index.search(&request("fietsenstalling")).expect("search");
    assert!(
        stalling
            .hits
            .iter()
            .any(|h| h.offer.category == "fietspunt"),
        "fietsenstalling finds the fietspunt"
    );
    let velo = index.search(&request("velo herstellen")).expect("search");
    assert!(
        velo.hits.iter().any(|h| h.offer.category == "fietsherstel"),
        "velo finds fiets"
    );
    let traiteur = index.search(&request("traiteur")).expect("search");
    assert!(traiteur.total > 0 && traiteur.hits[0].offer.category == "catering");
}

#[test]
fn filters_and_facets_agree() {
    let index = index();
    let all = index.search(&request("")).expect("search");
    assert_eq!(all.total as u64, index.document_count());
    let green = CategoryRef::parse("groen").expect("group");
    let only_green = index
        .search(&SearchRequest {
            categories: vec![green],
            ..request("")
        })
        .expect("search");
    assert_eq!(
        only_green.total as u64,
        all.facets.group.get("groen").copied().unwrap_or_default()
    );
    assert!(only_green.hits.iter().all(|h| h.offer.group == "groen"));
    let west = ProvinceRef::by_slug("west-vlaanderen").expect("province");
    let in_west = index
        .search(&SearchRequest {
            provinces: vec![west],
            ..request("")
        })
        .expect("search");
    assert_eq!(
        in_west.facets.province.keys().collect::<Vec<_>>(),
        vec!["west-vlaanderen"]
    );
    assert_eq!(in_west.total as u64, all.facets.province["west-vlaanderen"]);
}

#[test]
fn a_radius_keeps_only_nearby_organisations_and_nearer_ranks_higher() {
    let index = index();
    let at = place("9000");
    let results = index
        .search(&SearchRequest {
            near: Some(at),
            radius_km: Some(15),
            limit: 100,
            ..request("")
        })
        .expect("search");
    assert!(results.total > 0);
    for hit in &results.hits {
        assert!(
            hit.distance_km.expect("distance") <= 25.0,
            "{}: {:?}",
            hit.offer.municipality,
            hit.distance_km
        );
    }
    let distances: Vec<f64> = results.hits.iter().filter_map(|h| h.distance_km).collect();
    let mut sorted = distances.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(distances, sorted, "without words, nearer ranks first");
}

#[test]
fn anything_typed_answers_without_error() {
    let index = index();
    for q in [
        "",
        "   ",
        "\"",
        "((",
        "a OR",
        "*",
        "é",
        "ø∂ƒ",
        "x".repeat(500).as_str(),
        "van de het",
        "0123456789",
    ] {
        index.search(&request(q)).expect("no query fails");
    }
}

#[test]
fn hits_of_equal_score_come_in_the_same_order_whatever_order_the_index_was_built_in() {
    use doeners_search::SearchIndex;
    let documents = common::demo_documents();
    let build = |docs: &[doeners_search::OfferDocument], chunk: usize| {
        let index = SearchIndex::in_memory().expect("index");
        for part in docs.chunks(chunk) {
            index.upsert(part).expect("upsert");
            index.commit("{}").expect("commit");
        }
        index
    };
    let reversed: Vec<_> = documents.iter().rev().cloned().collect();
    let (one, other) = (build(&documents, documents.len()), build(&reversed, 97));
    for q in ["verpakken", "assemblage", "kuisen", ""] {
        let ids = |index: &SearchIndex| {
            index
                .search(&SearchRequest {
                    limit: 60,
                    ..request(q)
                })
                .expect("search")
                .hits
                .iter()
                .map(|h| h.offer.offer_id)
                .collect::<Vec<_>>()
        };
        let first = ids(&one);
        assert!(first.len() > 10, "'{q}' finds enough to have ties");
        assert_eq!(first, ids(&other), "'{q}'");
    }
}

#[test]
fn a_kept_answer_gives_the_same_page_and_a_commit_forgets_it() {
    let index = index();
    let asked = request("schoonmaak van kantoren");
    let ids = |r: &doeners_search::SearchResults| -> Vec<uuid::Uuid> {
        r.hits.iter().map(|h| h.offer.offer_id).collect()
    };
    let first = index.search(&asked).expect("search");
    let again = index.search(&asked).expect("search");
    assert!(first.total > 0);
    assert_eq!(ids(&first), ids(&again));
    assert_eq!(first.total, again.total);
    assert_eq!(
        first.hits[0].explanation.matched_terms,
        again.hits[0].explanation.matched_terms
    );
    // A new offer for the same work, committed: the same request finds it at once.
    let mut new = first.hits[0].offer.clone();
    new.offer_id = uuid::Uuid::from_u128(42);
    index.upsert(&[new]).expect("upsert");
    index.commit("{}").expect("commit");
    let after = index.search(&asked).expect("search");
    assert_eq!(after.total, first.total + 1);
    assert!(ids(&after).contains(&uuid::Uuid::from_u128(42)) || after.hits.len() == 20);
}

#[test]
fn words_of_the_circumstances_neither_narrow_an_answer_nor_make_one_on_their_own() {
    let index = index();
    let work = index.search(&request("groenonderhoud")).expect("search");
    let told = index
        .search(&request(
            "groenonderhoud tijdens de zomervakantie voor de collega's",
        ))
        .expect("search");
    assert!(work.total > 0);
    assert_eq!(
        told.total,
        work.total,
        "the circumstances change nothing: {:?}",
        told.hits
            .iter()
            .map(|h| &h.explanation.matched_terms)
            .collect::<Vec<_>>()
    );
    assert!(told.unmatched.is_empty(), "{:?}", told.unmatched);
    let alone = index
        .search(&request("voor onze collega's tijdens de zomervakantie"))
        .expect("search");
    assert_eq!(alone.total, 0, "circumstances alone are no request");
    assert!(
        alone.unmatched.contains(&"zomervakantie".to_string()),
        "{:?}",
        alone.unmatched
    );
    // Read as itself only: corrected, `vrouwen` would become `vouwen`.
    let women = index.search(&request("vrouwen")).expect("search");
    assert_eq!(
        women.total,
        0,
        "{:?}",
        women.hits.first().map(|h| &h.explanation)
    );
    // A chatty request keeps its work word, however many words come before it.
    let chatty = index
        .search(&request(
            "goeiedag beste mensen, wij zoeken dringend voor onze collega's tijdens de zomervakantie \
             in de stad iemand voor het groenonderhoud",
        ))
        .expect("search");
    assert!(
        chatty.hits.iter().any(|h| h
            .explanation
            .matched_terms
            .contains(&"groenonderhoud".to_string())),
        "{:?}",
        chatty.unmatched
    );
}

#[test]
fn a_place_typed_in_the_query_is_where_the_work_is() {
    let index = index();
    let typed = index
        .search(&request("kuisen van bureaus in de buurt van Hasselt"))
        .expect("search");
    assert_eq!(typed.place_from_query.as_deref(), Some("Hasselt"));
    let asked = index
        .search(&SearchRequest {
            near: Some(place("Hasselt")),
            ..request("kuisen van bureaus")
        })
        .expect("search");
    assert!(asked.total > 0);
    let ids = |r: &doeners_search::SearchResults| {
        r.hits.iter().map(|h| h.offer.offer_id).collect::<Vec<_>>()
    };
    assert_eq!(ids(&typed), ids(&asked), "the same answer as with near");
    assert!(typed.hits.iter().all(|h| h.distance_km.is_some()));
    // A place given apart is where the work is; a town in the words is then left to them.
    let given = index
        .search(&SearchRequest {
            near: Some(place("Genk")),
            ..request("kuisen van bureaus Hasselt")
        })
        .expect("search");
    assert_eq!(given.place_from_query, None);
}

#[test]
fn work_nobody_on_the_platform_does_is_no_answer_even_beside_generic_words() {
    let index = index();
    for (q, word) in [
        ("schoorsteenveger voor ons kantoor", "schoorsteenveger"),
        ("EHBO-opleiding voor ons personeel", "ehbo-opleiding"),
        ("jaarlijks liftonderhoud en schoonmaak", "liftonderhoud"),
    ] {
        let results = index.search(&request(q)).expect("search");
        assert!(
            results.hits.is_empty() && results.total == 0,
            "{q}: {:?}",
            results.hits.first().map(|h| &h.offer.title)
        );
        assert!(
            results.unmatched.contains(&word.to_string()),
            "{q}: {:?}",
            results.unmatched
        );
    }
}

#[test]
fn an_offer_whose_title_names_unlisted_work_is_found_for_it() {
    let (index, _) = common::demo_index_with("", "Rijlessen voor bestelwagens", |_| {});
    let results = index.search(&request("rijlessen")).expect("search");
    assert_eq!(
        results.hits.first().map(|h| h.offer.title.as_str()),
        Some("Rijlessen voor bestelwagens")
    );
}

#[test]
fn a_short_answer_is_filled_up_with_offers_of_the_same_kind_after_the_ones_the_words_find() {
    let (index, soap) =
        common::demo_index_with("streekproducten", "Zeepziederij met geitenmelk", |_| {});
    let answer = index.search(&request("zeepziederij")).expect("search");
    assert_eq!(answer.hits[0].offer.offer_id, soap.offer_id);
    assert!(!answer.hits[0].explanation.same_kind);
    let filled = &answer.hits[1..];
    assert!(
        !filled.is_empty(),
        "other regional products fill the answer"
    );
    assert!(
        filled
            .iter()
            .all(|h| h.explanation.same_kind && h.offer.category == "streekproducten"),
        "{filled:#?}"
    );
    assert_eq!(answer.total, answer.hits.len());
    // The facets and the count the search log keeps are those of what the words found.
    assert_eq!(answer.facets.category.get("streekproducten"), Some(&1));
    assert_eq!(answer.found, 1);
    // Page by page, the same answer.
    let first = index
        .search(&SearchRequest {
            limit: 2,
            ..request("zeepziederij")
        })
        .expect("search");
    let second = index
        .search(&SearchRequest {
            limit: 2,
            offset: 2,
            ..request("zeepziederij")
        })
        .expect("search");
    assert_eq!((first.total, second.total), (answer.total, answer.total));
    let paged: Vec<_> = first
        .hits
        .iter()
        .chain(&second.hits)
        .map(|h| h.offer.offer_id)
        .collect();
    let whole: Vec<_> = answer
        .hits
        .iter()
        .take(4)
        .map(|h| h.offer.offer_id)
        .collect();
    assert_eq!(paged, whole);
}

#[test]
fn where_no_offer_serving_the_place_uses_the_words_the_ones_doing_that_work_there_are_shown() {
    let (index, soap) =
        common::demo_index_with("streekproducten", "Zeepziederij met geitenmelk", |soap| {
            soap.service_area = "municipalities:8000".to_string();
        });
    let near_brugge = index
        .search(&SearchRequest {
            near: Some(place("8000")),
            ..request("zeepziederij")
        })
        .expect("search");
    assert_eq!(near_brugge.hits[0].offer.offer_id, soap.offer_id);
    let near_hasselt = index
        .search(&SearchRequest {
            near: Some(place("3500")),
            ..request("zeepziederij")
        })
        .expect("search");
    assert!(
        !near_hasselt.hits.is_empty(),
        "regional products serving Hasselt are shown"
    );
    assert!(
        near_hasselt.hits.iter().all(|h| h.explanation.same_kind
            && h.offer.category == "streekproducten"
            && h.offer.offer_id != soap.offer_id
            && h.distance_km.is_some()),
        "{:#?}",
        near_hasselt.hits
    );
}
