//! Password hashes: argon2id with its default cost (19 MiB, 2 passes), computed on the blocking pool so that
//! a login never stalls the threads that serve other requests.

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use doeners_domain::Password;

/// A valid hash of a password nobody has, checked when an address has no account, so that a login for an
/// unknown address takes as long as one with a wrong password.
const DECOY: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$ZG9lbmVyc2RlY295$T3e2MxkLn6c2PQpW5KV3bJx0r8bqM4CzK3Ws9pXx1aE";

pub async fn hash(password: Password) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(
                password.expose().as_bytes(),
                &SaltString::generate(&mut OsRng),
            )
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

/// Whether `candidate` matches `hash`; with no hash, checks a decoy and answers false.
pub async fn verify(hash: Option<String>, candidate: String) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = hash.as_deref().unwrap_or(DECOY);
        let Ok(parsed) = PasswordHash::new(stored) else {
            return false;
        };
        let matches = Argon2::default()
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok();
        matches && hash.is_some()
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let password = Password::new("correct paard batterij nietje").expect("policy");
        let hash = hash(password).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify(Some(hash.clone()), "correct paard batterij nietje".into()).await);
        assert!(!verify(Some(hash), "correct paard batterij nietj".into()).await);
        assert!(
            PasswordHash::new(DECOY).is_ok(),
            "the decoy is a real hash, so it costs as much"
        );
        assert!(!verify(None, "correct paard batterij nietje".into()).await);
    }
}
