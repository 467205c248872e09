//! What each typed word of a query can match, tried in this order until the index knows one: its own stems
//! and Flemish synonyms; the verb without its separable particle (`uitsorteren` → `sorteren`); spoken-Flemish
//! and older spellings (`zakskes`, `insekten`); a synonym or category word within a typo or two; a compound
//! read through parts the index holds; an index term within a typo; a compound's last part that is a word for
//! the work and says which. A word none of these finds, and that names no category, is *unmatched*: it names
//! something the index does not hold, which is what an honest "nobody offers this" rests on. Words that only say
//! how a company asks are left out, and so are unmatched words of the circumstances (`data/context.txt`) beside
//! a matched word; those are read as themselves only, never corrected or cut up.

use std::{
    collections::{BTreeMap, HashSet},
    sync::LazyLock,
};

use doeners_domain::{CategoryGroup, Municipality, text::fold};
use tantivy::{Searcher, Term, query::FuzzyTermQuery, schema::Field};

use crate::{SearchIndex, analysis, intent::label_terms, synonyms::Synonyms, unoffered};

/// Words that say how a company asks, not what work it asks for: they neither count towards an offer's
/// coverage of the query nor make a query unanswerable.
const REQUEST_WORDS: &[&str] = &[
    "zoek",
    "zoeken",
    "gezocht",
    "nodig",
    "iemand",
    "firma",
    "bedrijf",
    "bedrijven",
    "organisatie",
    "partner",
    "dringend",
    "snel",
    "rap",
    "asap",
    "zsm",
    "liefst",
    "spoed",
    "goedkoop",
    "goedkope",
    "betaalbaar",
    "betaalbare",
    "graag",
    "aub",
    "offerte",
    "prijs",
    "prijzen",
    "ons",
    "onze",
    "wij",
    "we",
    "mijn",
    "kan",
    "kunnen",
    "wie",
    "welke",
    "waar",
    "regio",
    "buurt",
    "omgeving",
    "nabij",
    "dichtbij",
    "lokaal",
    "lokale",
    "ne",
    "nen",
    "enen",
    "gij",
    "ge",
    "doen",
    "laten",
    "uitvoeren",
    "aanbieden",
    // Spoken Flemish that the Dutch stop word list does not know.
    "den",
    "da",
    "dat",
    "die",
    "u",
    "uw",
    "komt",
    "komen",
    "kom",
    "rond",
    "eens",
    "efkes",
    "effe",
    "even",
    "iets",
    "wat",
    "allemaal",
    "zijn",
    "hebben",
    "heeft",
    "moet",
    "moeten",
    "willen",
    "wil",
    "zou",
    "zouden",
    "ie",
    "mee",
    "maken",
    "gemaakt",
    "vanbinnen",
    "vanbuiten",
    "zetten",
    "brengen",
    "halen",
];

/// Separable particles of Dutch verbs: `uitsorteren` and `sorteren` name the same work.
const PARTICLES: &[&str] = &[
    "uit", "in", "op", "af", "om", "aan", "bij", "door", "na", "onder", "over", "weg", "mee",
    "terug",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Typed,
    Synonym,
    /// The verb without its particle.
    Particle,
    /// A compound the index does not hold, read as its parts (`broodjeslunch` → `broodjes` + `lunch`), or a
    /// word the index holds only inside compounds (`isolatie` in `dakisolatie`).
    Compound,
    Typo,
}

impl Origin {
    /// How much of a word's weight a match through this origin earns.
    pub fn factor(self) -> f32 {
        match self {
            Self::Typed => 1.0,
            Self::Synonym => 0.9,
            Self::Particle => 0.85,
            Self::Compound => 0.8,
            Self::Typo => 0.8,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Alternative {
    /// The word as it will be matched.
    pub word: String,
    /// Its terms; an alternative of several terms (a split compound) needs them all.
    pub terms: Vec<String>,
    pub origin: Origin,
}

/// One typed word and the ways it may match.
#[derive(Debug, Clone)]
pub(crate) struct WordMatch {
    pub typed: String,
    /// Only alternatives the index knows; empty when the word is unmatched.
    pub alternatives: Vec<Alternative>,
    /// Offers holding the word through its best-known alternative: the rarer, the more the word weighs.
    pub doc_freq: u64,
    /// The categories (indexes into `CATEGORY_SLUGS`) whose names hold the word or one of its synonyms.
    pub names: Vec<usize>,
    /// Names work nobody on the platform does (`unoffered.rs`): unmatched, and what the query asks for.
    pub unoffered: bool,
}

impl WordMatch {
    /// Whether the word finds anything: an offer's text, or a category it names.
    pub fn matched(&self) -> bool {
        !self.alternatives.is_empty() || !self.names.is_empty()
    }
}

/// The words of `q` that say what work is asked for, each resolved against the index.
pub(crate) fn resolve(index: &SearchIndex, searcher: &Searcher, q: &str) -> Vec<WordMatch> {
    let generation = searcher.generation().generation_id();
    let mut out: Vec<WordMatch> = Vec::new();
    // Twelve words at most that count: not the words that only say how a company asks, nor words of the
    // circumstances no offer holds (dropped below), so that a chatty request keeps its work word; twenty-four
    // read in all.
    let counted = |out: &[WordMatch]| {
        out.iter()
            .filter(|w| w.matched() || !context_words().contains(&w.typed))
            .count()
    };
    let typed_words = joined(index, searcher, unoffered::hyphenated(analysis::words(q)));
    for (at, typed) in typed_words.iter().cloned().enumerate() {
        if counted(&out) == 12 || out.len() == 24 {
            break;
        }
        if REQUEST_WORDS.contains(&typed.as_str())
            || is_quantity(&typed)
            || out.iter().any(|w| w.typed == typed)
        {
            continue;
        }
        let terms = analysis::terms(&typed);
        if terms.is_empty() {
            continue; // a stop word
        }
        // A misspelt request word (`maaken` for `maken`) is still a request word, not a typo of some work.
        if index.doc_freq_of(searcher, &terms) == 0
            && typed.chars().count() >= 5
            && REQUEST_WORDS
                .iter()
                .any(|r| bounded_levenshtein(&typed, r, 1).is_some())
        {
            continue;
        }
        // Work nobody offers, named as whom or where the work is for (`vervoer naar de dokter`, `facturen
        // scannen voor de boekhouder`), is a circumstance of work the platform may well do.
        if unoffered::is_unoffered(&typed) && unoffered::for_whom(&typed_words[..at]) {
            continue;
        }
        if unoffered::is_unoffered(&typed) && !index.title_holds(searcher, &typed) {
            out.push(WordMatch {
                typed,
                alternatives: Vec::new(),
                doc_freq: 0,
                names: Vec::new(),
                unoffered: true,
            });
            continue;
        }
        out.push(index.memos.word(generation, &typed.clone(), || {
            resolve_word(index, searcher, typed)
        }));
    }
    // A word of the circumstances (for whom, when, where in general, how much) that no offer holds says
    // nothing of the work: beside a word that finds offers, it neither narrows the answer nor makes it no
    // answer. Alone, it stays unmatched, so that a query of such words alone is not answered with everything.
    if out.iter().any(WordMatch::matched) {
        out.retain(|w| w.matched() || !context_words().contains(&w.typed));
    }
    out
}

/// Words that say for whom, when, where in general, how much or in what state the work is asked, not which
/// work or on what (`collega`, `zomervakantie`, `stad`, `versleten`): `data/context.txt`.
fn context_words() -> &'static HashSet<String> {
    static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
        include_str!("../data/context.txt")
            .lines()
            .map(|w| fold(w.trim()))
            .collect()
    });
    &WORDS
}

/// How many (`200`, `veertig`, `honderd`): it sizes the job, it does not name the work.
fn is_quantity(word: &str) -> bool {
    const NUMERALS: &[&str] = &[
        "twee",
        "drie",
        "vier",
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "twintig",
        "dertig",
        "veertig",
        "vijftig",
        "zestig",
        "zeventig",
        "tachtig",
        "negentig",
        "honderd",
        "honderden",
        "duizend",
        "duizenden",
    ];
    word.chars().all(|c| c.is_ascii_digit()) || NUMERALS.contains(&word)
}

/// Two typed words that the index holds as one (`kwaliteits controle` → `kwaliteitscontrole`), joined.
fn joined(index: &SearchIndex, searcher: &Searcher, words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut words = words.into_iter().peekable();
    while let Some(word) = words.next() {
        if let Some(next) = words.peek() {
            let together = format!("{word}{next}");
            let terms = analysis::terms(&together);
            if terms.len() == 1
                && terms != analysis::terms(&format!("{word} {next}"))
                && index.doc_freq_of(searcher, &terms) > 0
            {
                out.push(together);
                words.next();
                continue;
            }
        }
        out.push(word);
    }
    out
}

fn resolve_word(index: &SearchIndex, searcher: &Searcher, typed: String) -> WordMatch {
    let synonyms = Synonyms::flemish();
    let with_synonyms = |word: &str, origin: Origin, out: &mut Vec<Alternative>| {
        out.push(Alternative {
            word: word.to_string(),
            terms: analysis::terms(word),
            origin,
        });
        for synonym in synonyms.of(word) {
            out.push(Alternative {
                word: synonym.to_string(),
                terms: analysis::terms(synonym),
                origin: if origin == Origin::Typed {
                    Origin::Synonym
                } else {
                    origin
                },
            });
        }
    };
    let mut alternatives = Vec::new();
    with_synonyms(&typed, Origin::Typed, &mut alternatives);
    let holds = |terms: &[String]| index.doc_freq_of(searcher, terms) > 0;
    let known = |a: &Alternative| holds(&a.terms);
    // The readings of the word itself (without its particle, as written) are tried whenever the
    // index does not hold it as typed: a rare synonym that the index holds must not hide the common verb
    // (`ophalen` → `halen`, beside the one offer that says `ophaaldienst`).
    let typed_known = alternatives.first().is_some_and(known);
    if !typed_known && let Some(verb) = without_particle(&typed) {
        with_synonyms(&verb, Origin::Particle, &mut alternatives);
    }
    // Flemish and older spellings of a word the index holds (`zakskes` → `zakjes`, `insekten` → `insecten`),
    // and a past participle read as its verb (`gemaaid` → `maaien`, `opgehaald` → `ophalen`).
    if !typed_known {
        for variant in spelling_variants(&typed) {
            with_synonyms(&variant, Origin::Synonym, &mut alternatives);
        }
        for verb in infinitives(&typed, true) {
            with_synonyms(&verb, Origin::Synonym, &mut alternatives);
            if let Some(bare) = without_particle(&verb) {
                with_synonyms(&bare, Origin::Particle, &mut alternatives);
            }
        }
    }
    // A word of the circumstances is read as itself only (its stems, synonyms and spellings): corrected or cut
    // up, it would become some work (`vrouwen` → `vouwen`, `mannen` → `manden`).
    let guessing = !context_words().contains(&typed);
    let unread = |alternatives: &[Alternative]| guessing && !alternatives.iter().any(known);
    // Whether a listed word finds offers, itself or through a synonym.
    let finds = |w: &str| {
        std::iter::once(w)
            .chain(synonyms.of(w))
            .any(|s| holds(&analysis::terms(s)))
    };
    // A word people type (a synonym or category word) within a typo or two is the likeliest reading.
    if unread(&alternatives)
        && let Some(corrected) = curated_correction(&typed, &finds)
    {
        with_synonyms(&corrected, Origin::Typo, &mut alternatives);
    }
    // Another verb form (`snoeit`, `verpakt`) only when no listed word is within a typo: any word ending in
    // `t` or `d` could be read as one.
    if unread(&alternatives) {
        for verb in infinitives(&typed, false) {
            with_synonyms(&verb, Origin::Synonym, &mut alternatives);
        }
    }
    if unread(&alternatives) {
        alternatives.extend(index.compound_parts(searcher, &typed));
    }
    if unread(&alternatives)
        && let Some((_, term)) = typo_budget(&typed)
            .and_then(|allowed| index.nearest_index_term(searcher, &typed, allowed))
    {
        // An index term is already analysed: analysing it again could stem it further.
        alternatives.push(Alternative {
            word: term.clone(),
            terms: vec![term],
            origin: Origin::Typo,
        });
    }
    // Last, a compound whose last part is a word people type for the work or what it is done on, and says
    // which work (`melkflessen` → `flessen`; not `dakherstelling` → `herstelling`, which many kinds of offer
    // hold): the last part names the kind of thing, the first only which one.
    if unread(&alternatives)
        && let Some(head) = curated_head(&typed, &finds, &|w: &str| {
            index.concentrated(searcher, &analysis::terms(w))
        })
    {
        with_synonyms(&head, Origin::Compound, &mut alternatives);
    }
    let names = named_categories(&alternatives);
    // A compound's generic part (`schoonmaakbedrijf` → `schoonmaak`) says nothing of the work.
    for a in &mut alternatives {
        if a.terms.len() > 1 {
            a.terms.retain(|t| !request_terms().contains(t));
        }
    }
    // Synonyms that analyse to the same terms (schoonmaak, schoonmaken) would read the same postings twice.
    let mut seen = HashSet::new();
    alternatives.retain(|a| !a.terms.is_empty() && known(a) && seen.insert(a.terms.clone()));
    let doc_freq = alternatives
        .iter()
        .map(|a| index.doc_freq_of(searcher, &a.terms))
        .max()
        .unwrap_or(0);
    WordMatch {
        typed,
        alternatives,
        doc_freq,
        names,
        unoffered: false,
    }
}

/// The categories whose names hold every term of one of the alternatives.
fn named_categories(alternatives: &[Alternative]) -> Vec<usize> {
    label_terms()
        .iter()
        .enumerate()
        .filter(|(_, label)| {
            alternatives
                .iter()
                .any(|a| !a.terms.is_empty() && a.terms.iter().all(|t| label.contains(t)))
        })
        .map(|(c, _)| c)
        .collect()
}

/// Spoken-Flemish diminutives written as said (`-ske`, `-skes`, `-ke`, `-kes` for `-je`, `-jes`), the
/// older `k` for `c` (`insekten`, `elektrisch`/`electrisch`), a verb or plural typed the way it is said,
/// without the `e` of its ending (`wassn`, `drukn`, `klaarzettn`), and who does the work read as the work
/// (`uitbater` → `uitbating`, `verhuizers` → `verhuizing`).
fn spelling_variants(typed: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Only the noun of the work: the verb would read `kapper` as `kappen` and `bakker` as `bakken`.
    if let Some(stem) = typed
        .strip_suffix("ers")
        .or_else(|| typed.strip_suffix("er"))
        .filter(|stem| stem.chars().count() >= 4)
    {
        out.push(format!("{stem}ing"));
    }
    if let Some(stem) = typed.strip_suffix('n')
        && stem.chars().count() >= 3
        && stem
            .chars()
            .last()
            .is_some_and(|c| c.is_alphabetic() && !"aeiouyj".contains(c))
    {
        out.push(format!("{stem}en"));
    }
    for (spoken, written) in [("skes", "jes"), ("ske", "je"), ("kes", "jes"), ("ke", "je")] {
        if let Some(stem) = typed.strip_suffix(spoken)
            && stem.chars().count() >= 3
        {
            out.push(format!("{stem}{written}"));
            break;
        }
    }
    if typed.contains('k') {
        out.push(typed.replace('k', "c"));
    }
    if typed.contains('c') {
        out.push(typed.replace('c', "k"));
    }
    out
}

/// The verbs a past participle (`participle`: with its `ge-`, `gemaaid` → `maaien`, `gesorteerd` → `sorteren`,
/// `geplakt` → `plakken`, `opgehaald` → `ophalen`) or another `-t` or `-d` form (`verpakt` → `verpakken`,
/// `snoeit` → `snoeien`) may come from. Only readings the index holds are kept by the caller, so the spelling
/// rules may offer a few that are not words. A strong participle (`gewassen`) is not read: `genieten` would
/// become `nieten`.
fn infinitives(typed: &str, participle: bool) -> Vec<String> {
    let (particle, body) = PARTICLES
        .iter()
        .filter_map(|p| typed.strip_prefix(p).map(|rest| (*p, rest)))
        .find(|(_, rest)| rest.starts_with("ge"))
        .unwrap_or(("", typed));
    let core = match (body.strip_prefix("ge"), participle) {
        (Some(core), true) => core,
        (None, false) if particle.is_empty() && body.chars().count() >= 5 => body,
        _ => return Vec::new(),
    };
    if core.chars().count() < 3 {
        return Vec::new();
    }
    let mut verbs = Vec::new();
    if let Some(stem) = core.strip_suffix('t').or_else(|| core.strip_suffix('d')) {
        let chars: Vec<char> = stem.chars().collect();
        let n = chars.len();
        verbs.push(format!("{stem}en"));
        if n >= 3 && chars[n - 2] == chars[n - 3] && "aeou".contains(chars[n - 2]) {
            // a long vowel written once before `-en`: haal → halen, sorteer → sorteren
            let short: String = chars[..n - 2].iter().chain(&chars[n - 1..]).collect();
            verbs.push(format!("{short}en"));
        } else if n >= 2 && "aeiou".contains(chars[n - 2]) && !"aeiouwj".contains(chars[n - 1]) {
            // a short vowel keeps its sound by doubling the consonant: plak → plakken
            verbs.push(format!("{stem}{}en", chars[n - 1]));
        }
        for (voiceless, voiced) in [('f', 'v'), ('s', 'z')] {
            if let Some(front) = stem.strip_suffix(voiceless) {
                verbs.push(format!("{front}{voiced}en"));
            }
        }
    }
    verbs
        .into_iter()
        .map(|v| format!("{particle}{v}"))
        .filter(|v| v != typed)
        .collect()
}

/// How many typos a word of this length may hold; none below four letters.
fn typo_budget(typed: &str) -> Option<u8> {
    match typed.chars().count() {
        0..=3 => None,
        4..=7 => Some(1),
        _ => Some(2),
    }
}

/// The longest last part of `typed`, of seven letters or more (a shorter one is too often the end of some
/// other word: `vertrokken`, `rokken`), that is a synonym or category word and finds offers.
/// When that part does not say which work (`says_which`), there is no reading: a shorter listed word at the
/// end (`schenken` in `geschenken`) is not what the compound names.
fn curated_head(
    typed: &str,
    finds: &dyn Fn(&str) -> bool,
    says_which: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let chars: Vec<char> = typed.chars().collect();
    let curated = curated_words();
    (3..chars.len().saturating_sub(6))
        .map(|at| chars[at..].iter().collect::<String>())
        .find(|tail| curated.contains(tail.as_str()) && finds(tail))
        .filter(|tail| says_which(tail))
}

/// The words people type for the work: every synonym, and the words of the taxonomy's labels, but for those
/// that say how a company asks or the circumstances (`dringend`, `goedkoop`).
fn curated_words() -> &'static HashSet<String> {
    static WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
        let mut words: HashSet<String> = Synonyms::flemish().words().map(str::to_string).collect();
        for group in CategoryGroup::all() {
            for label in
                std::iter::once(group.label).chain(group.categories.iter().map(|c| c.label))
            {
                words.extend(analysis::words(label));
            }
        }
        words.retain(|w| !REQUEST_WORDS.contains(&w.as_str()) && !context_words().contains(w));
        words
    });
    &WORDS
}

/// The synonym or category word nearest to `typed` within its typo budget (the alphabetically first of equally
/// near ones) that finds offers, itself or through its synonyms: these are real words people type. Two typos
/// must keep the first letter, as for the index's own terms: the longer the list, the more words lie two
/// edits from any word.
fn curated_correction(typed: &str, finds: &dyn Fn(&str) -> bool) -> Option<String> {
    let allowed = usize::from(typo_budget(typed)?);
    let first = typed.chars().next();
    // Nearest first; at equal distance a letter doubled or undoubled (`wasen` → `wassen`, not `wagen`), the
    // commonest slip in Dutch spelling; then the alphabetically first.
    let mut best: Option<(usize, bool, String)> = None;
    let mut consider = |candidate: &str| {
        if let Some(d) = bounded_levenshtein(typed, candidate, allowed)
            && d > 0
            && (d < 2 || candidate.chars().next() == first)
        {
            let key = (d, !doubling_apart(typed, candidate));
            if best.as_ref().is_none_or(|(bd, bs, bw)| {
                key < (*bd, *bs) || (key == (*bd, *bs) && candidate < bw.as_str())
            }) && finds(candidate)
            {
                best = Some((key.0, key.1, candidate.to_string()));
            }
        }
    };
    for word in Synonyms::correctable().words() {
        consider(word);
    }
    for group in CategoryGroup::all() {
        for word in std::iter::once(group.label).chain(group.categories.iter().map(|c| c.label)) {
            for w in analysis::words(word) {
                consider(&w);
            }
        }
    }
    best.map(|(_, _, w)| w)
}

/// Whether two words differ only in letters doubled or undoubled (`wasen`, `wassen`; `asemblage`,
/// `assemblage`; `scharnierren`, `scharnieren`).
fn doubling_apart(a: &str, b: &str) -> bool {
    let single = |w: &str| {
        let mut out: Vec<char> = w.chars().collect();
        out.dedup();
        out
    };
    a != b && single(a) == single(b)
}

/// `uitsorteren` → `sorteren`: the verb without a separable particle, when what is left is a word of its own.
fn without_particle(typed: &str) -> Option<String> {
    PARTICLES
        .iter()
        .filter_map(|p| typed.strip_prefix(p))
        .filter(|rest| rest.chars().count() >= 5)
        .max_by_key(|rest| rest.len())
        .map(str::to_string)
}

/// The terms of the request words, to take them out of compounds.
fn request_terms() -> &'static HashSet<String> {
    static TERMS: LazyLock<HashSet<String>> = LazyLock::new(|| {
        REQUEST_WORDS
            .iter()
            .flat_map(|w| analysis::terms(w))
            .collect()
    });
    &TERMS
}

/// The terms of every municipality's name: a typo is never read as a place (a place goes in `near`).
fn place_terms() -> &'static HashSet<String> {
    static TERMS: LazyLock<HashSet<String>> = LazyLock::new(|| {
        Municipality::all()
            .iter()
            .flat_map(|m| analysis::terms(m.name))
            .collect()
    });
    &TERMS
}

impl SearchIndex {
    /// Offers holding every one of `terms` at least once, as far as the term statistics tell: the rarest term's count.
    pub(crate) fn doc_freq_of(&self, searcher: &Searcher, terms: &[String]) -> u64 {
        terms
            .iter()
            .map(|t| {
                searcher
                    .doc_freq(&Term::from_field_text(self.fields.words, t))
                    .unwrap_or(0)
            })
            .min()
            .unwrap_or(0)
    }

    /// Whether an offer's title holds every term of `typed`: that offer does the work the word names.
    fn title_holds(&self, searcher: &Searcher, typed: &str) -> bool {
        let terms = analysis::terms(typed);
        !terms.is_empty()
            && terms.iter().all(|t| {
                searcher
                    .doc_freq(&Term::from_field_text(self.fields.title, t))
                    .is_ok_and(|n| n > 0)
            })
    }

    /// A word the index does not hold, read through compounds: as two parts it holds (with a linking `s`, `e`
    /// or `en` between them), or else as the terms it holds that end with the word (`isolatie` in `dakisolatie`).
    fn compound_parts(&self, searcher: &Searcher, typed: &str) -> Vec<Alternative> {
        let known = |t: &str| self.doc_freq_of(searcher, &[t.to_string()]) > 0;
        let chars: Vec<char> = typed.chars().collect();
        let mut best: Option<(Alternative, bool)> = None;
        for at in 3..chars.len().saturating_sub(2) {
            let head: String = chars[..at].iter().collect();
            let rest: String = chars[at..].iter().collect();
            for tail in ["", "s", "e", "en"]
                .iter()
                .filter_map(|link| rest.strip_prefix(link))
                .filter(|t| t.chars().count() >= 3)
            {
                let (h, t) = (analysis::terms(&head), analysis::terms(tail));
                let ([h], [t]) = (h.as_slice(), t.as_slice()) else {
                    continue;
                };
                if !known(h) {
                    continue;
                }
                // The last part may hold the typo (`bedrijfsgebouwn`); a part found as typed wins over a corrected one.
                let (t, exact) = if known(t) {
                    (t.clone(), true)
                } else if let Some((_, corrected)) = self.nearest_index_term(searcher, tail, 1) {
                    (corrected, false)
                } else {
                    continue;
                };
                let better = best
                    .as_ref()
                    .is_none_or(|(b, b_exact)| (exact, tail.len()) > (*b_exact, b.terms[1].len()));
                if better {
                    best = Some((
                        Alternative {
                            word: format!("{head} {t}"),
                            terms: vec![h.clone(), t],
                            origin: Origin::Compound,
                        },
                        exact,
                    ));
                }
            }
        }
        if let Some((parts, _)) = best {
            return vec![parts];
        }
        let Some(stem) = analysis::terms(typed).into_iter().next() else {
            return Vec::new();
        };
        if stem.chars().count() < 5 {
            return Vec::new();
        }
        self.terms_ending_with(searcher, self.fields.words, &stem)
            .into_iter()
            .map(|term| Alternative {
                word: term.clone(),
                terms: vec![term],
                origin: Origin::Compound,
            })
            .collect()
    }

    /// Up to eight index terms that end with `suffix` (and are longer), the most frequent first.
    fn terms_ending_with(&self, searcher: &Searcher, field: Field, suffix: &str) -> Vec<String> {
        let mut found: BTreeMap<String, u32> = BTreeMap::new();
        let pattern = format!(".+{}", regex_escape(suffix));
        let Ok(automaton) = tantivy_fst::Regex::new(&pattern) else {
            return Vec::new();
        };
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *found.entry(term.to_string()).or_default() += stream.value().doc_freq;
                }
            }
        }
        let mut found: Vec<(String, u32)> = found.into_iter().collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        found.into_iter().take(8).map(|(t, _)| t).collect()
    }

    /// The index term nearest to the stem of `typed`, through a Levenshtein automaton over the term
    /// dictionary (transpositions count as one typo); among equally near terms, the most frequent.
    fn nearest_index_term(
        &self,
        searcher: &Searcher,
        typed: &str,
        allowed: u8,
    ) -> Option<(usize, String)> {
        let stem = analysis::terms(typed).into_iter().next()?;
        // A short stem is one typo away from many unrelated words (`lift`, `ligt`; `opvang`, `ophang`): correct only longer ones,
        // allow two typos only in long stems, and keep the first letter, which people rarely get wrong.
        let length = stem.chars().count();
        if length < 7 {
            return None;
        }
        let allowed = if length < 10 { allowed.min(1) } else { allowed };
        let first = stem.chars().next()?;
        let places = place_terms();
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
                        && term.starts_with(first)
                        && !places.contains(term)
                    {
                        *found.entry(term.to_string()).or_default() += stream.value().doc_freq;
                    }
                }
            }
            // A letter doubled or undoubled first, as in `curated_correction`; then the most frequent.
            if let Some((term, _)) = found.into_iter().max_by(|a, b| {
                doubling_apart(&stem, &a.0)
                    .cmp(&doubling_apart(&stem, &b.0))
                    .then_with(|| a.1.cmp(&b.1))
                    .then_with(|| b.0.cmp(&a.0))
            }) {
                return Some((usize::from(distance), term));
            }
        }
        None
    }
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

/// Edit distance between `a` and `b` when it is at most `max`, else `None`.
fn bounded_levenshtein(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = fold(a).chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    // Two neighbouring letters swapped (`montgae`) is one typo, as for the index's own terms.
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j + 1] + 1)
                .min(current[j] + 1)
                .min(previous[j] + cost);
            if i > 0 && j > 0 && *ca == b[j - 1] && a[i - 1] == *cb {
                current[j + 1] = current[j + 1].min(before[j - 1] + 1);
            }
        }
        if current.iter().min().is_some_and(|&m| m > max) {
            return None;
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous.last().copied().filter(|&d| d <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compound_is_read_as_its_last_part_when_that_is_a_word_for_the_work() {
        let every = |_: &str| true;
        let none = |_: &str| false;
        assert_eq!(
            curated_head("melkflessen", &every, &every).as_deref(),
            Some("flessen")
        );
        assert_eq!(
            curated_head("kantoorschilderwerk", &every, &every).as_deref(),
            Some("schilderwerk")
        );
        assert_eq!(
            curated_head("vertrokken", &every, &every),
            None,
            "not `rokken`"
        );
        assert_eq!(
            curated_head("hoogdringend", &every, &every),
            None,
            "not `dringend`"
        );
        assert_eq!(
            curated_head("hoofdkantoren", &every, &every),
            None,
            "not `kantoren`"
        );
        assert_eq!(curated_head("melkflessen", &none, &every), None);
        assert_eq!(
            curated_head("snoephandverpakking", &every, &every).as_deref(),
            Some("handverpakking")
        );
        assert_eq!(
            curated_head("snoephandverpakking", &every, &|w| w != "handverpakking"),
            None,
            "a part that does not say which work is not passed over for a shorter one"
        );
    }

    #[test]
    fn levenshtein_is_bounded() {
        assert_eq!(bounded_levenshtein("kuisen", "kuisen", 1), Some(0));
        assert_eq!(bounded_levenshtein("kuizen", "kuisen", 1), Some(1));
        assert_eq!(
            bounded_levenshtein("groenonderhout", "groenonderhoud", 2),
            Some(1)
        );
        assert_eq!(bounded_levenshtein("fiets", "catering", 2), None);
        assert_eq!(bounded_levenshtein("montgae", "montage", 1), Some(1));
    }

    #[test]
    fn a_letter_doubled_or_undoubled_is_the_likeliest_typo() {
        assert!(doubling_apart("wasen", "wassen"));
        assert!(doubling_apart("scharnierren", "scharnieren"));
        assert!(!doubling_apart("wasen", "wagen"));
        assert!(!doubling_apart("wassen", "wassen"));
        let listed = |w: &str| ["wagen", "wassen"].contains(&w);
        assert_eq!(
            curated_correction("wasen", &listed).as_deref(),
            Some("wassen")
        );
    }

    #[test]
    fn a_past_participle_is_read_as_its_verb() {
        for (form, participle, verb) in [
            ("gemaaid", true, "maaien"),
            ("gesorteerd", true, "sorteren"),
            ("geplakt", true, "plakken"),
            ("gepoetst", true, "poetsen"),
            ("opgehaald", true, "ophalen"),
            ("geleverd", true, "leveren"),
            ("verpakt", false, "verpakken"),
            ("snoeit", false, "snoeien"),
        ] {
            assert!(
                infinitives(form, participle).contains(&verb.to_string()),
                "{form}: {:?}",
                infinitives(form, participle)
            );
        }
        assert!(infinitives("kantoor", false).is_empty());
        assert!(infinitives("gent", true).is_empty());
        assert!(
            infinitives("genieten", true).is_empty(),
            "a strong participle is not read"
        );
    }

    #[test]
    fn a_particle_comes_off_when_a_word_is_left() {
        assert_eq!(without_particle("uitsorteren").as_deref(), Some("sorteren"));
        assert_eq!(without_particle("inpakken").as_deref(), Some("pakken"));
        assert_eq!(without_particle("opbouw"), None);
    }

    #[test]
    fn an_ending_typed_as_said_gets_its_e_back() {
        assert!(spelling_variants("drukn").contains(&"druken".to_string()));
        assert!(spelling_variants("klaarzettn").contains(&"klaarzetten".to_string()));
        assert!(!spelling_variants("kraan").iter().any(|v| v.ends_with("en")));
        assert!(spelling_variants("uitbater").contains(&"uitbating".to_string()));
        assert!(spelling_variants("verhuizers").contains(&"verhuizing".to_string()));
        assert!(!spelling_variants("kapper").contains(&"kappen".to_string()));
        assert!(!spelling_variants("lijn").iter().any(|v| v.ends_with("en")));
    }

    #[test]
    fn place_names_are_known() {
        assert!(place_terms().contains(&analysis::terms("Genk")[0]));
    }
}
