//! Dutch text analysis: words are lowercased, stripped of accents, split into their parts when they are
//! compounds of known words (`fietsenstalling` → `fietsen` + `stalling`), cleared of stop words and stemmed
//! lightly (`fietsen` → `fiets`, see `stemmer.rs`). Documents and queries go through the same analyzer, so their terms meet.

use std::sync::OnceLock;

use doeners_domain::{CategoryGroup, text::fold};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer,
    SplitCompoundWords, StopWordFilter, TextAnalyzer,
};

use crate::{stemmer::DutchStemmer, synonyms::Synonyms};

/// The name the analyzer is registered under in the index.
pub const DUTCH: &str = "nl";

/// Parts that Dutch compounds of this domain are made of, beyond the taxonomy and synonym words.
const COMPOUND_PARTS: &[&str] = &[
    "bedrijf",
    "bedrijfs",
    "bedrijven",
    "stalling",
    "dienst",
    "diensten",
    "werk",
    "werken",
    "atelier",
    "ateliers",
    "onderhoud",
    "herstel",
    "aanleg",
    "beheer",
    "vervoer",
    "goederen",
    "personen",
    "kantoor",
    "kantoren",
    "gebouw",
    "gebouwen",
    "terrein",
    "terreinen",
    "fiets",
    "fietsen",
    "punt",
    "vloot",
    "tuin",
    "tuinen",
    "groen",
    "natuur",
    "hout",
    "houten",
    "metaal",
    "kunststof",
    "kabel",
    "kabels",
    "textiel",
    "kledij",
    "was",
    "strijk",
    "schoonmaak",
    "post",
    "kamer",
    "voeding",
    "productie",
    "groente",
    "groenten",
    "fruit",
    "pakket",
    "pakketten",
    "restaurant",
    "keuken",
    "winkel",
    "kring",
    "kringloop",
    "afval",
    "papier",
    "data",
    "invoer",
    "druk",
    "geschenk",
    "geschenken",
    "relatie",
    "streek",
    "producten",
    "product",
    "buurt",
    "klus",
    "klusjes",
    "huis",
    "verhuis",
    "energie",
    "besparing",
    "sloop",
    "erfgoed",
    "zorg",
    "verpakking",
    "verpakken",
    "hand",
    "machine",
    "promo",
    "display",
    "displays",
    "kwaliteit",
    "controle",
    "order",
    "opslag",
    "voertuig",
    "voertuigen",
    "industrie",
    "reiniging",
    "auto",
    "was",
    "straat",
    "onthaal",
    "balie",
    "schilder",
    "werken",
    "lijst",
    "lijsten",
];

fn dictionary() -> Vec<String> {
    let mut words: Vec<String> = COMPOUND_PARTS.iter().map(|w| w.to_string()).collect();
    for group in CategoryGroup::all() {
        words.extend(group.slug.split('-').map(str::to_string));
        for c in group.categories {
            words.extend(c.slug.split('-').map(str::to_string));
        }
    }
    words.extend(Synonyms::core().words().map(str::to_string));
    // Very short parts split too eagerly ("tafels" is not "ta" + "fels").
    words.retain(|w| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()));
    words.sort();
    words.dedup();
    // A compound in the list would match whole and never be split: keep only words not made of other words.
    let parts: std::collections::HashSet<&str> = words.iter().map(String::as_str).collect();
    let atomic: Vec<String> = words
        .iter()
        .filter(|w| !splits_into(w, &parts, true))
        .cloned()
        .collect();
    atomic
}

/// Whether `word` is a sequence of two or more `parts` (`whole` forbids the word matching itself).
fn splits_into(word: &str, parts: &std::collections::HashSet<&str>, whole: bool) -> bool {
    (3..=word.len()).any(|i| {
        let (head, tail) = word.split_at(i);
        parts.contains(head)
            && (tail.is_empty() && !whole || !tail.is_empty() && splits_into(tail, parts, false))
    })
}

/// The analyzer; building it compiles the compound dictionary, so it is made once and cloned.
pub fn analyzer() -> TextAnalyzer {
    static ANALYZER: OnceLock<TextAnalyzer> = OnceLock::new();
    ANALYZER
        .get_or_init(|| {
            let builder = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter_dynamic(RemoveLongFilter::limit(40))
                .filter_dynamic(LowerCaser)
                .filter_dynamic(AsciiFoldingFilter);
            let builder = match SplitCompoundWords::from_dictionary(dictionary()) {
                Ok(split) => builder.filter_dynamic(split),
                Err(_) => builder,
            };
            let builder = match StopWordFilter::new(Language::Dutch) {
                Some(stop) => builder.filter_dynamic(stop),
                None => builder,
            };
            builder.filter_dynamic(DutchStemmer).build()
        })
        .clone()
}

/// The terms `text` gives, in order.
pub fn terms(text: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The words of a query as typed, folded; used to look up synonyms before stemming. A single letter is no
/// word: it is what an apostrophe leaves (`collega's`, `in't`, `'k zoek`).
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 1)
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compounds_meet_their_parts() {
        let stalling = terms("fietsenstalling");
        let fietsen = terms("fietsen");
        assert!(
            stalling.contains(&fietsen[0]),
            "{stalling:?} vs {fietsen:?}"
        );
    }

    #[test]
    fn accents_case_and_stop_words_go() {
        assert_eq!(
            terms("Industriële REINIGING van de hallen"),
            terms("industriele reiniging hallen")
        );
        assert!(terms("van de het een").is_empty());
    }

    #[test]
    fn a_letter_an_apostrophe_or_hyphen_leaves_is_no_word() {
        assert_eq!(words("collega's e-bike in't"), ["collega", "bike", "in"]);
    }

    #[test]
    fn plural_and_singular_meet() {
        assert_eq!(terms("kantoren"), terms("kantoor"));
        assert_eq!(terms("fietsen"), terms("fiets"));
    }
}
