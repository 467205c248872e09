//! Small text helpers shared by the parsers: trimming, length limits and folding for comparisons.

use crate::InvalidValue;

/// One line of text (a name, a title), trimmed: non-empty, at most `max` characters, no control characters.
/// `what` is the Dutch name of the field.
pub fn required(raw: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(InvalidValue::new(format!("{what} is verplicht")));
    }
    line(value, what, max)
}

/// One line of text that may be empty: at most `max` characters, no control characters (not even a line break).
pub fn line(raw: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    let value = limited(raw, what, max)?;
    if value.contains(['\n', '\r', '\t']) {
        return Err(InvalidValue::new(format!(
            "{what} mag geen regeleinde of tab bevatten"
        )));
    }
    Ok(value)
}

/// Text of several lines (a description), trimmed: at most `max` characters; line breaks and tabs are kept,
/// other control characters (NUL, escape, ...) are refused, since they mean nothing to a reader and break what
/// shows or exports the text.
pub fn limited(raw: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    let value = fits(raw, what, max)?;
    if let Some(c) = value
        .chars()
        .find(|c| is_forbidden_control(*c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(InvalidValue::new(format!(
            "{what} bevat een onzichtbaar stuurteken (U+{:04X}): verwijder het",
            u32::from(c)
        )));
    }
    Ok(value)
}

/// Trims `raw` and checks only its length: for values read back from the database, which were checked as typed
/// when they were written (by rules that may since have become stricter).
pub fn fits(raw: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    let value = raw.trim();
    if value.chars().count() > max {
        return Err(InvalidValue::new(format!(
            "{what} is te lang (hoogstens {max} tekens)"
        )));
    }
    Ok(value.to_string())
}

/// Control characters, and the invisible ones that reorder or hide text (bidirectional overrides, zero-width
/// joiners aside) which have no place in a name or a description.
fn is_forbidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Lowercases and strips the accents of Dutch and French text, so `Liège`, `liege` and `LIEGE` compare equal.
pub fn fold(value: &str) -> String {
    value
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' | 'ý' => 'y',
            '’' | '`' => '\'',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_and_accents() {
        assert_eq!(fold(" Liège "), "liege");
        assert_eq!(fold("Écaussinnes"), "ecaussinnes");
    }

    #[test]
    fn control_characters_are_refused_and_named() {
        let nul = required("Werk\u{0}plaats", "naam", 100).expect_err("NUL");
        assert!(nul.to_string().contains("U+0000"), "{nul}");
        assert!(
            required("Werk\u{1b}[31mplaats", "naam", 100).is_err(),
            "escape"
        );
        assert!(
            required("Twee\nregels", "naam", 100).is_err(),
            "a name is one line"
        );
        assert!(line("Kerk\tstraat", "straat", 100).is_err());
        assert!(limited("Bidi \u{202E}tekst", "beschrijving", 100).is_err());
        assert_eq!(
            limited("Eerste regel.\r\nTweede\tregel.", "beschrijving", 100),
            Ok("Eerste regel.\r\nTweede\tregel.".to_string()),
            "a description keeps its lines"
        );
    }

    #[test]
    fn required_rejects_blank_and_too_long() {
        assert!(required("  ", "naam", 10).is_err());
        assert!(required("abcdefghijk", "naam", 10).is_err());
        assert_eq!(required(" abc ", "naam", 10), Ok("abc".to_string()));
    }
}
