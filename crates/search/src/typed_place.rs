//! A place typed into the query (`schoonmaak van kantoren Hasselt`, `catering in de buurt van 3500`): companies
//! write where the work is beside what it is. When the request names no place, the typed one says where the
//! work must happen, so that nearness ranks the answer; as a word it would only match offers that happen to
//! mention the town.

use std::{collections::HashSet, sync::LazyLock};

use doeners_domain::{Municipality, ProvinceRef, service_area::Place, text::fold};

/// A place read from the query, and the query without it.
#[derive(Debug, Clone)]
pub(crate) struct TypedPlace {
    pub place: Place,
    /// The place as the query named it: the municipality's name, or the postal code.
    pub name: String,
    /// The query without the place and the words that introduced it (`in de buurt van`).
    pub rest: String,
}

/// Words that go with a place before it (`in de buurt van`, `te`, `bij`): taken out with it.
const INTRODUCING: &[&str] = &[
    "in",
    "te",
    "de",
    "het",
    "rond",
    "rondom",
    "nabij",
    "bij",
    "omgeving",
    "omstreken",
    "regio",
    "streek",
    "buurt",
    "van",
    "postcode",
];

/// Words after which a number is a postal code (`in 3500`, `regio 3500`); unlike `te`, `van` or `rond` (`rond
/// 5000 flyers`), they introduce a place rather than an amount.
const PLACE_WORDS: &[&str] = &[
    "in",
    "nabij",
    "omgeving",
    "omstreken",
    "regio",
    "streek",
    "postcode",
];

/// Municipalities whose name is also an everyday word (`boom`, `peer`, `halen`, `namen`, `kapellen`), found by
/// looking every name up in a Dutch lexicon and reading the short ones: such a name is read as a place only when
/// it is written with a capital after the first word, in a query that is not all capitals (`verhuis naar
/// Peer`), never in `snoeien van een boom` or `t-shirts bedrukken in geel`.
const EVERYDAY_WORDS: &[&str] = &[
    "as",
    "balen",
    "bergen",
    "bever",
    "boom",
    "bouillon",
    "chimay",
    "duffel",
    "essen",
    "forest",
    "geel",
    "graven",
    "hal",
    "halen",
    "herve",
    "hoegaarden",
    "kapellen",
    "landen",
    "lens",
    "lessen",
    "lier",
    "lint",
    "luik",
    "malle",
    "manage",
    "menen",
    "mol",
    "namen",
    "peer",
    "pelt",
    "putte",
    "schoten",
    "silly",
    "spa",
    "voeren",
    "vorst",
    "wellen",
];

/// Every municipality's name in Dutch and French, folded: the quick test before a name is parsed.
fn municipality_names() -> &'static HashSet<String> {
    static NAMES: LazyLock<HashSet<String>> = LazyLock::new(|| {
        Municipality::all()
            .iter()
            .flat_map(|m| [fold(m.name), fold(m.name_fr)])
            .collect()
    });
    &NAMES
}

/// The last place the query names, if any. A municipality's name may take up to three words (`Sint Truiden`,
/// `Sint-Pieters-Leeuw`); a postal code counts only as the query's last word, before a comma, or after a word
/// that introduces a place and not before another word (`in 3500`), since a number elsewhere is how many
/// (`2000 etiketten kleven`, `in 1000 zakjes`). A province's name is no place (`in Limburg`, `provincie
/// Antwerpen`): the municipality of Limburg lies in the province of Luik.
pub(crate) fn typed_place(q: &str) -> Option<TypedPlace> {
    let tokens: Vec<&str> = q.split_whitespace().collect();
    let bare: Vec<&str> = tokens
        .iter()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let word_before = |at: usize, n: usize| at.checked_sub(n).map(|i| fold(bare[i]));
    // `in 3500`, `regio 3500`, `in de buurt van 3500`.
    let introduced = |at: usize| {
        word_before(at, 1).is_some_and(|w| PLACE_WORDS.contains(&w.as_str()))
            || (word_before(at, 1).as_deref() == Some("van")
                && word_before(at, 2).is_some_and(|w| {
                    ["buurt", "omgeving", "omstreken", "regio"].contains(&w.as_str())
                }))
    };
    let ends_a_phrase = |at: usize| {
        at + 1 == bare.len()
            || tokens[at].ends_with(|c: char| !c.is_alphanumeric())
            || (introduced(at) && !bare[at + 1].starts_with(char::is_alphabetic))
    };
    // In a query typed in capitals, a capital says nothing.
    let cased = q.chars().any(char::is_lowercase);
    let mut found: Option<(usize, usize, Place, String)> = None;
    let mut start = 0;
    while start < bare.len() {
        let first = bare[start];
        if first.len() == 4 && first.chars().all(|c| c.is_ascii_digit()) {
            if ends_a_phrase(start)
                && let Ok(place) = Place::parse(first)
            {
                found = Some((start, start + 1, place, first.to_string()));
            }
            start += 1;
            continue;
        }
        let mut next = start + 1;
        for end in (start + 1..=(start + 3).min(bare.len())).rev() {
            let span = &bare[start..end];
            let Some(name) = [span.join("-"), span.join(" ")]
                .into_iter()
                .map(|n| fold(&n))
                .find(|n| municipality_names().contains(n))
            else {
                continue;
            };
            let capitalised =
                cased && start > 0 && first.chars().next().is_some_and(char::is_uppercase);
            if EVERYDAY_WORDS.contains(&name.as_str()) && !capitalised {
                continue;
            }
            let province = ProvinceRef::all().iter().find(|p| fold(p.name) == name);
            if word_before(start, 1).as_deref() == Some("provincie") {
                break;
            }
            if let Ok(place) = Place::parse(&name)
                && let Some(municipality) = Municipality::by_nis(place.municipality_nis)
                && province.is_none_or(|p| municipality.province() == Some(p))
            {
                found = Some((start, end, place, municipality.name.to_string()));
                next = end;
            }
            break;
        }
        start = next;
    }
    let (mut start, end, place, name) = found?;
    while start > 0 && INTRODUCING.contains(&fold(bare[start - 1]).as_str()) {
        start -= 1;
    }
    let rest = tokens[..start]
        .iter()
        .chain(&tokens[end..])
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    Some(TypedPlace { place, name, rest })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(q: &str) -> Option<(String, String)> {
        typed_place(q).map(|t| (t.name, t.rest))
    }

    #[test]
    fn a_town_or_postal_code_after_the_work_is_where_it_is() {
        let hasselt = Some(("Hasselt".to_string(), "schoonmaak van kantoren".to_string()));
        assert_eq!(read("schoonmaak van kantoren Hasselt"), hasselt);
        assert_eq!(
            read("schoonmaak van kantoren in de buurt van hasselt"),
            hasselt
        );
        assert_eq!(
            read("schoonmaak van kantoren, regio Hasselt."),
            Some((
                "Hasselt".to_string(),
                "schoonmaak van kantoren,".to_string()
            ))
        );
        assert_eq!(
            read("catering in Sint Truiden voor 40 man"),
            Some((
                "Sint-Truiden".to_string(),
                "catering voor 40 man".to_string()
            ))
        );
        assert_eq!(
            read("strijkdienst 3500"),
            Some(("3500".to_string(), "strijkdienst".to_string()))
        );
        assert_eq!(
            read("Gent: flyers plooien"),
            Some(("Gent".to_string(), "flyers plooien".to_string()))
        );
    }

    #[test]
    fn a_number_of_things_or_an_everyday_word_is_no_place() {
        assert!(read("2000 etiketten kleven").is_none());
        assert!(read("snoeien van een boom").is_none());
        assert!(read("oude meubels halen en lessen geven").is_none());
        assert!(read("groenonderhoud").is_none());
        assert!(read("een busje om ons volk naar het werk te voeren").is_none());
        assert!(read("mos van de graven halen").is_none());
        assert!(read("mailing van 5000 brieven naar onze klanten").is_none());
        assert_eq!(
            read("bomen snoeien in Boom").map(|(name, _)| name),
            Some("Boom".to_string())
        );
        assert_eq!(
            read("verhuis naar Peer").map(|(name, _)| name),
            Some("Peer".to_string())
        );
        assert!(read("verhuis in de buurt van peer").is_none());
        assert!(read("t-shirts bedrukken in geel").is_none());
        assert!(read("SNOEIEN VAN EEN BOOM").is_none());
        assert!(read("schoonmaak van kerken en kapellen").is_none());
        assert!(read("rond 5000 flyers plooien").is_none());
        assert!(read("snoepjes verpakken in 1000 zakjes").is_none());
        assert!(read("schoonmaak van kantoren in Limburg").is_none());
        assert!(read("catering in de provincie Antwerpen").is_none());
        assert_eq!(
            read("catering in Antwerpen").map(|(name, _)| name),
            Some("Antwerpen".to_string())
        );
        assert_eq!(
            read("strijkdienst in 3500, liefst snel").map(|(name, _)| name),
            Some("3500".to_string())
        );
    }
}
