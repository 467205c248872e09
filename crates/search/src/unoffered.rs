//! Work the platform's organisations do not do (`data/unoffered.txt`): trades, professions and services outside
//! the taxonomy (`schoorsteenveger`, `liftonderhoud`, `boekhouder`, `ehbo-opleiding`). A request for one is work
//! nobody offers, even when an offer's text mentions the word in passing (rats in a warehouse offer) or the rest
//! of the request is generic enough to find something (`onderhoud van de liften`). An offer whose title holds
//! the word does offer that work: then the word is read like any other.

use std::{collections::HashSet, sync::LazyLock};

use doeners_domain::text::fold;

fn listed() -> &'static HashSet<String> {
    static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
        include_str!("../data/unoffered.txt")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(fold)
            .filter(|w| !w.is_empty())
            .collect()
    });
    &WORDS
}

/// Whether `word` (folded, as typed) names work nobody on the platform does.
pub(crate) fn is_unoffered(word: &str) -> bool {
    listed().contains(word)
}

/// Whether the words before a listed one make it whom or where the work is for: a preposition of purpose or
/// destination before an article or possessive (`naar de dokter`, `voor onze boekhouder`; not `advocaat voor
/// arbeidsrecht`, where it says which work).
pub(crate) fn for_whom(before: &[String]) -> bool {
    const PREPOSITIONS: &[&str] = &["voor", "naar", "bij", "aan"];
    const DETERMINERS: &[&str] = &[
        "de", "het", "een", "onze", "ons", "uw", "hun", "mijn", "zijn", "haar",
    ];
    matches!(before, [.., p, d] if PREPOSITIONS.contains(&p.as_str()) && DETERMINERS.contains(&d.as_str()))
}

/// Two typed words that a listed word writes with a hyphen (`ehbo opleiding`, typed as `EHBO-opleiding`), as
/// that one word.
pub(crate) fn hyphenated(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut words = words.into_iter().peekable();
    while let Some(word) = words.next() {
        if let Some(next) = words.peek() {
            let together = format!("{word}-{next}");
            if is_unoffered(&together) {
                out.push(together);
                words.next();
                continue;
            }
        }
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis;

    #[test]
    fn a_hyphenated_trade_is_read_as_one_word() {
        assert_eq!(
            hyphenated(analysis::words("EHBO-opleiding voor ons personeel")),
            ["ehbo-opleiding", "voor", "ons", "personeel"]
        );
        assert!(is_unoffered("schoorsteenveger"));
        let before = |q: &str| analysis::words(q);
        assert!(for_whom(&before("vervoer naar de")));
        assert!(for_whom(&before("facturen scannen voor onze")));
        assert!(!for_whom(&before("een")));
        assert!(!for_whom(&before("advocaat voor")));
        assert!(!for_whom(&before("")));
        assert!(!is_unoffered("onderhoud"));
    }

    #[test]
    fn no_listed_word_is_a_word_for_offered_work() {
        let synonyms = crate::synonyms::Synonyms::flemish();
        let clashes: Vec<&String> = listed()
            .iter()
            .filter(|w| synonyms.words().any(|s| s == w.as_str()))
            .collect();
        assert!(clashes.is_empty(), "{clashes:?}");
    }
}
