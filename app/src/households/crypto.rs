//! ID numbers at rest: XChaCha20-Poly1305 ciphertext plus an HMAC blind index for exact
//! lookups. Both keys derive from one 32-byte master key (SHUGEN_DATA_KEY).
use anyhow::{bail, Context};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

pub struct DataKey {
    enc: [u8; 32],
    blind: [u8; 32],
}

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(master).expect("any key length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

impl DataKey {
    /// From the base64 text of SHUGEN_DATA_KEY (32 bytes).
    pub fn from_base64(text: &str) -> anyhow::Result<Self> {
        let bytes = STANDARD
            .decode(text.trim())
            .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim()))
            .context("SHUGEN_DATA_KEY is not base64")?;
        let Ok(master) = <[u8; 32]>::try_from(bytes.as_slice()) else {
            bail!("SHUGEN_DATA_KEY must be 32 bytes, got {}", bytes.len());
        };
        Ok(Self::from_master(&master))
    }

    pub fn from_master(master: &[u8; 32]) -> Self {
        DataKey {
            enc: derive(master, "shugen id-number encryption v1"),
            blind: derive(master, "shugen id-number blind index v1"),
        }
    }

    /// A fresh random master key, base64, for demo mode and for operators to store.
    pub fn generate_base64() -> String {
        let mut master = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut master);
        STANDARD.encode(master)
    }

    pub fn encrypt(&self, plain: &str) -> anyhow::Result<String> {
        let cipher = XChaCha20Poly1305::new((&self.enc).into());
        let mut nonce = [0u8; 24];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let ct = cipher
            .encrypt(XNonce::from_slice(&nonce), plain.as_bytes())
            .map_err(|_| anyhow::anyhow!("encrypting"))?;
        let mut out = nonce.to_vec();
        out.extend(ct);
        Ok(STANDARD.encode(out))
    }

    pub fn decrypt(&self, stored: &str) -> anyhow::Result<String> {
        let raw = STANDARD
            .decode(stored)
            .context("ciphertext is not base64")?;
        if raw.len() < 24 {
            bail!("ciphertext too short");
        }
        let (nonce, ct) = raw.split_at(24);
        let cipher = XChaCha20Poly1305::new((&self.enc).into());
        let plain = cipher
            .decrypt(XNonce::from_slice(nonce), ct)
            .map_err(|_| anyhow::anyhow!("decrypting: wrong key or damaged data"))?;
        Ok(String::from_utf8(plain)?)
    }

    pub fn blind_index(&self, id_number: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.blind).expect("any key length");
        mac.update(id_number.trim().to_ascii_uppercase().as_bytes());
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_blind_index() {
        let key = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
        let ct = key.encrypt("11010519491231002X").unwrap();
        assert!(!ct.contains("1949"));
        assert_eq!(key.decrypt(&ct).unwrap(), "11010519491231002X");
        assert_ne!(key.encrypt("x").unwrap(), key.encrypt("x").unwrap());
        assert_eq!(
            key.blind_index("11010519491231002x"),
            key.blind_index("11010519491231002X")
        );
        let other = DataKey::from_base64(&DataKey::generate_base64()).unwrap();
        assert!(other.decrypt(&ct).is_err());
        assert_ne!(other.blind_index("a"), key.blind_index("a"));
        assert!(DataKey::from_base64("c2hvcnQ=").is_err());
    }
}
