//! The Flemish synonym lists: every word of a group finds the others. `data/synonyms.txt` is the reviewed core,
//! whose words also split compounds (see `analysis`); `data/spoken.txt` adds spoken Flemish and loanwords for the
//! work in the taxonomy, as synonyms only, and `data/everyday.txt` the everyday words for the things the work is
//! done on and the verbs companies type.

use std::{collections::HashMap, sync::OnceLock};

use doeners_domain::text::fold;

const SOURCE: &str = include_str!("../data/synonyms.txt");
const SPOKEN: &str = include_str!("../data/spoken.txt");
const EVERYDAY: &str = include_str!("../data/everyday.txt");

pub struct Synonyms {
    groups: Vec<Vec<String>>,
    by_word: HashMap<String, Vec<usize>>,
}

impl Synonyms {
    pub fn parse(source: &str) -> Self {
        let groups: Vec<Vec<String>> = source
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                l.split(',')
                    .map(fold)
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|g| g.len() > 1)
            .collect();
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, group) in groups.iter().enumerate() {
            for word in group {
                by_word.entry(word.clone()).or_default().push(i);
            }
        }
        Self { groups, by_word }
    }

    /// The lists shipped with the platform.
    pub fn flemish() -> &'static Synonyms {
        static LIST: OnceLock<Synonyms> = OnceLock::new();
        LIST.get_or_init(|| Synonyms::parse(&format!("{SOURCE}\n{SPOKEN}\n{EVERYDAY}")))
    }

    /// The lists a misspelt word may be corrected to (`curated_correction`): the core and spoken Flemish, not
    /// the everyday words, among whose thousands a word nobody offers (`kinderen`, `keuren`) is always a typo or
    /// two from some other (`kieren`, `deuren`).
    pub fn correctable() -> &'static Synonyms {
        static LIST: OnceLock<Synonyms> = OnceLock::new();
        LIST.get_or_init(|| Synonyms::parse(&format!("{SOURCE}\n{SPOKEN}")))
    }

    /// The core list alone, whose words also split compounds: changing it changes how offers are indexed.
    pub fn core() -> &'static Synonyms {
        static LIST: OnceLock<Synonyms> = OnceLock::new();
        LIST.get_or_init(|| Synonyms::parse(SOURCE))
    }

    /// The other words that mean the same as `word` (folded), without `word` itself.
    pub fn of(&self, word: &str) -> Vec<&str> {
        let word = fold(word);
        let mut out: Vec<&str> = self
            .by_word
            .get(&word)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.groups.get(i))
            .flatten()
            .map(String::as_str)
            .filter(|w| *w != word)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().flatten().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_at_least_sixty_groups() {
        assert!(
            Synonyms::flemish().group_count() >= 60,
            "{}",
            Synonyms::flemish().group_count()
        );
    }

    #[test]
    fn words_find_each_other_both_ways() {
        let s = Synonyms::flemish();
        assert!(s.of("kuisen").contains(&"poetsen"));
        assert!(s.of("poetsen").contains(&"kuisen"));
        assert!(s.of("Velo").contains(&"fiets"));
        assert!(s.of("traiteur").contains(&"catering"));
        assert!(s.of("bureau").contains(&"kantoor"));
        assert!(s.of("onbestaand").is_empty());
    }

    #[test]
    fn everyday_words_find_their_group_but_are_no_target_for_typos() {
        assert!(Synonyms::flemish().of("poubelle").contains(&"vuilbak"));
        assert!(Synonyms::correctable().of("poubelle").is_empty());
        assert!(!Synonyms::correctable().of("vuilbak").is_empty());
    }
}
