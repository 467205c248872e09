//! Secrets handed to people (session ids, e-mail tokens): 256 random bits, URL-safe. The database keeps only
//! their SHA-256 digest.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use sha2::{Digest, Sha256};

use crate::error::{PersistenceError, Result};

pub fn new_secret() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| PersistenceError::Corrupt(format!("geen willekeurige bytes: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
