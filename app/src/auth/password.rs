//! Password hashes: argon2id with the parameters of DESIGN.md §5, computed off the async
//! threads, never serialisable.
use anyhow::anyhow;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordVerifier, Version};
use std::fmt;

/// A stored PHC string. Deliberately not `Serialize`: it cannot reach a client by accident.
#[derive(Clone)]
pub struct PasswordHashString(pub String);

impl fmt::Debug for PasswordHashString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHashString(***)")
    }
}

fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash(password: &str) -> anyhow::Result<PasswordHashString> {
    let salt = SaltString::generate(&mut OsRng);
    let phc = hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|e| anyhow!("hashing password: {e}"))?;
    Ok(PasswordHashString(phc.to_string()))
}

pub fn verify(password: &str, stored: &PasswordHashString) -> bool {
    match PasswordHash::new(&stored.0) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the account does not exist, so that the answer takes as
/// long for an unknown phone number as for a wrong password.
pub fn dummy() -> PasswordHashString {
    static DUMMY: std::sync::OnceLock<PasswordHashString> = std::sync::OnceLock::new();
    DUMMY
        .get_or_init(|| hash("not a real password").expect("hashing a constant"))
        .clone()
}

/// Runs `f` on the blocking pool, holding one of the state's hashing permits.
pub async fn off_thread<T: Send + 'static>(
    permits: &tokio::sync::Semaphore,
    f: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let _permit = permits.acquire().await?;
    Ok(tokio::task::spawn_blocking(f).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash("correct horse").unwrap();
        assert!(h.0.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse", &h));
        assert!(!verify("wrong horse", &h));
        assert!(!verify("x", &PasswordHashString("garbage".into())));
    }
}
