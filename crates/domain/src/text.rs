//! Small text helpers shared by the parsers: trimming, length limits and folding for comparisons.

use crate::InvalidValue;

/// Trims `raw` and checks it is non-empty and at most `max` characters. `what` is the Dutch name of the field.
pub fn required(raw: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(InvalidValue::new(format!("{what} is verplicht")));
    }
    limited(value, what, max)
}

/// Trims `raw` and checks it is at most `max` characters; empty is allowed.
pub fn limited(raw: &str, what: &str, max: usize) -> Result<String, InvalidValue> {
    let value = raw.trim();
    if value.chars().count() > max {
        return Err(InvalidValue::new(format!(
            "{what} is te lang (hoogstens {max} tekens)"
        )));
    }
    Ok(value.to_string())
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
    fn required_rejects_blank_and_too_long() {
        assert!(required("  ", "naam", 10).is_err());
        assert!(required("abcdefghijk", "naam", 10).is_err());
        assert_eq!(required(" abc ", "naam", 10), Ok("abc".to_string()));
    }
}
