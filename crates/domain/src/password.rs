//! A password someone chose: 12 to 128 characters, and not one an attacker tries first. The list of common
//! passwords (`data/common-passwords.txt`, see `scripts/common-passwords/generate.py`) is checked against
//! the password as typed and against its core, so `Wachtwoord2024!` is refused like `wachtwoord`.

use std::{collections::HashSet, fmt, sync::LazyLock};

use crate::InvalidValue;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
});

/// A password that passed the policy. It never shows itself in logs or debug output.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(raw: &str) -> Result<Self, InvalidValue> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(InvalidValue::new(format!(
                "het wachtwoord is te kort: gebruik minstens {MIN_CHARS} tekens"
            )));
        }
        if chars > MAX_CHARS {
            return Err(InvalidValue::new(format!(
                "het wachtwoord is te lang: gebruik hoogstens {MAX_CHARS} tekens"
            )));
        }
        if is_common(raw) {
            return Err(InvalidValue::new(
                "dit wachtwoord is te makkelijk te raden: het staat (of zijn kern staat) op de lijst van veelgebruikte wachtwoorden; kies een langere zin of een wachtwoordbeheerder",
            ));
        }
        Ok(Self(raw.to_string()))
    }

    /// The password itself, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Whether the password, or what is left of it without the digits and signs people add at either end, is
/// common, or is one short piece repeated.
fn is_common(raw: &str) -> bool {
    let lower = raw.to_lowercase();
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    COMMON.contains(lower.as_str())
        || COMMON.contains(compact.as_str())
        || (core.chars().count() >= 4 && COMMON.contains(core))
        || repeats_a_short_piece(&compact)
        || follows_a_row(&compact)
}

/// `123456789012`, `qwertyuiopas`, `azertyuiopqs`, `zyxwvutsrqpo`: a run along the digits, the alphabet or a
/// keyboard (QWERTY or the Belgian AZERTY), either way.
fn follows_a_row(s: &str) -> bool {
    const ROWS: [&str; 4] = [
        "0123456789",
        "abcdefghijklmnopqrstuvwxyz",
        "qwertyuiopasdfghjklzxcvbnm",
        "azertyuiopqsdfghjklmwxcvbn",
    ];
    ROWS.iter().any(|row| {
        let twice = row.repeat(1 + s.len() / row.len() + 1);
        let backwards: String = twice.chars().rev().collect();
        twice.contains(s) || backwards.contains(s)
    })
}

/// `aaaaaaaaaaaa`, `abcabcabcabc`, `121212121212`: one piece of at most four characters, repeated.
fn repeats_a_short_piece(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    (1..=4).any(|n| {
        chars.len() >= 2 * n
            && chars.len().is_multiple_of(n)
            && chars.chunks(n).all(|piece| piece == &chars[..n])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(raw: &str) -> String {
        Password::new(raw)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn length_is_counted_in_characters() {
        assert!(refused("kort").contains("minstens 12"));
        assert!(Password::new("één twee drie vier").is_ok());
        assert!(refused(&"x7".repeat(65)).contains("hoogstens 128"));
        assert!(Password::new(&"paardbatterijniet".repeat(8)[..128]).is_ok());
    }

    #[test]
    fn common_passwords_and_their_cores_are_refused() {
        for common in [
            "123456789012",
            "qwertyuiopas",
            "Wachtwoord2024!",
            "!!Paswoord123456",
            "azertyuiop1234",
            "1qaz2wsx3edc",
            "aaaaaaaaaaaa",
            "abcabcabcabc",
        ] {
            assert!(refused(common).contains("makkelijk te raden"), "{common}");
        }
    }

    #[test]
    fn a_long_sentence_passes() {
        let p = Password::new("correct paard batterij nietje").expect("a good passphrase");
        assert_eq!(p.expose(), "correct paard batterij nietje");
        assert_eq!(format!("{p:?}"), "Password(***)");
    }
}
