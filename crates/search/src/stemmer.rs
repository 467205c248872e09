//! A light Dutch stemmer for search. The Snowball stemmer makes `fiets` into `fiet` but `fietsen` into
//! `fiets`, so singular and plural miss each other; this one only removes what Dutch inflection adds (plural
//! `-en`/`-s`, diminutive `-tje`/`-je`, adjective `-e`) and writes long vowels short (`kantoor`, `kantoren` →
//! `kantor`), which is what matching needs.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The stem of a lowercase, accent-free word.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if w.chars().count() <= 3 || !w.is_ascii() {
        return w;
    }
    for suffix in ["tjes", "etjes", "tje", "jes", "je"] {
        if w.len() >= suffix.len() + 3 && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            break;
        }
    }
    if w.len() >= 6 && w.ends_with("en") {
        w.truncate(w.len() - 2);
        undouble_final_consonant(&mut w);
    } else if w.len() >= 5 && w.ends_with('s') && ends_like_plural_s(&w[..w.len() - 1]) {
        w.truncate(w.len() - 1);
    } else if w.len() >= 5 && w.ends_with('e') {
        w.truncate(w.len() - 1);
        undouble_final_consonant(&mut w);
    }
    shorten_long_vowels(&w)
}

/// Plural `-s` follows a vowel or the endings -el, -em, -en, -er, -je.
fn ends_like_plural_s(rest: &str) -> bool {
    rest.ends_with(['a', 'e', 'i', 'o', 'u', 'y'])
        || ["el", "em", "en", "er", "je", "ie"]
            .iter()
            .any(|e| rest.ends_with(e))
}

fn undouble_final_consonant(w: &mut String) {
    let bytes = w.as_bytes();
    let n = bytes.len();
    if n >= 2 && bytes[n - 1] == bytes[n - 2] && !b"aeiou".contains(&bytes[n - 1]) {
        w.pop();
    }
}

fn shorten_long_vowels(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut previous = None;
    for c in w.chars() {
        if previous == Some(c) && matches!(c, 'a' | 'e' | 'o' | 'u') {
            continue;
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

/// The stemmer as a tantivy token filter.
#[derive(Clone, Copy, Debug, Default)]
pub struct DutchStemmer;

impl TokenFilter for DutchStemmer {
    type Tokenizer<T: Tokenizer> = DutchStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Self::Tokenizer<T> {
        DutchStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct DutchStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for DutchStemmerFilter<T> {
    type TokenStream<'a> = DutchStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        DutchStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct DutchStemmerStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for DutchStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let stemmed = stem(&self.tail.token().text);
        self.tail.token_mut().text = stemmed;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn singular_and_plural_meet() {
        for (a, b) in [
            ("fiets", "fietsen"),
            ("kantoor", "kantoren"),
            ("bureau", "bureaus"),
            ("tuin", "tuinen"),
            ("bus", "bussen"),
            ("schilder", "schilders"),
            ("auto", "autos"),
            ("tafel", "tafels"),
            ("geschenk", "geschenken"),
            ("pakket", "pakketten"),
            ("schoon", "schone"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
    }

    #[test]
    fn short_and_unrelated_words_stay_apart() {
        assert_eq!(stem("groen"), "groen");
        assert_ne!(stem("groen"), stem("groente"));
        assert_eq!(stem("was"), "was");
        assert_ne!(stem("fiets"), stem("fiet"));
    }
}
