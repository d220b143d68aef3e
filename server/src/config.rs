//! Configuration from the environment, with defaults that serve one machine (DESIGN.md §3).
use anyhow::{bail, Context};
use app::households::crypto::DataKey;
use std::path::{Path, PathBuf};

/// Feedback forms one address may store per 15 minutes: a service day puts forty villagers
/// and more on one Wi-Fi address, so this guards against floods, not people.
pub const DEFAULT_FEEDBACK_LIMIT: u32 = 200;

pub struct Config {
    pub database_url: String,
    pub site_addr: String,
    pub public_origin: Option<String>,
    pub data_key: Option<String>,
    pub feedback_limit: u32,
    pub client_ip_header: Option<http::HeaderName>,
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default.to_string())
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let public_origin = std::env::var("SHUGEN_PUBLIC_ORIGIN")
            .ok()
            .map(|o| o.trim().trim_end_matches('/').to_string())
            .filter(|o| !o.is_empty());
        if let Some(o) = &public_origin {
            if !(o.starts_with("http://") || o.starts_with("https://")) {
                bail!("SHUGEN_PUBLIC_ORIGIN must start with http:// or https://, got {o}");
            }
        }
        let feedback_limit = match std::env::var("SHUGEN_FEEDBACK_LIMIT") {
            Ok(v) if !v.trim().is_empty() => v
                .trim()
                .parse()
                .with_context(|| format!("SHUGEN_FEEDBACK_LIMIT must be a number, got {v}"))?,
            _ => DEFAULT_FEEDBACK_LIMIT,
        };
        let client_ip_header = match std::env::var("SHUGEN_CLIENT_IP_HEADER") {
            Ok(v) if !v.trim().is_empty() => Some(
                http::HeaderName::from_bytes(v.trim().as_bytes()).with_context(|| {
                    format!("SHUGEN_CLIENT_IP_HEADER is not a header name: {v}")
                })?,
            ),
            _ => None,
        };
        Ok(Config {
            feedback_limit,
            client_ip_header,
            database_url: env_or("DATABASE_URL", "sqlite:data/shugen.db"),
            site_addr: env_or("LEPTOS_SITE_ADDR", "127.0.0.1:3000"),
            public_origin,
            data_key: std::env::var("SHUGEN_DATA_KEY")
                .ok()
                .filter(|k| !k.trim().is_empty()),
        })
    }

    /// Where demo mode keeps its generated key: beside the SQLite file. With PostgreSQL there
    /// is none: several servers must share one key, so SHUGEN_DATA_KEY is required.
    pub fn key_file(&self) -> Option<PathBuf> {
        if !self.database_url.starts_with("sqlite:") {
            return None;
        }
        let path = self
            .database_url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or(path);
        Some(
            Path::new(path)
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .join("shugen.key"),
        )
    }

    /// SHUGEN_DATA_KEY, else the demo key file. Without either there is no key, and the
    /// server refuses to start rather than store ID numbers it could not read back.
    pub fn load_data_key(&self) -> anyhow::Result<DataKey> {
        if let Some(k) = &self.data_key {
            return DataKey::from_base64(k);
        }
        let Some(file) = self.key_file() else {
            bail!(
                "no data key: with PostgreSQL set SHUGEN_DATA_KEY (32 random bytes, base64; \
                 `openssl rand -base64 32`), the same on every server"
            );
        };
        match std::fs::read_to_string(&file) {
            Ok(text) => DataKey::from_base64(&text)
                .with_context(|| format!("reading the key in {}", file.display())),
            Err(_) => bail!(
                "no data key: set SHUGEN_DATA_KEY (32 random bytes, base64; `openssl rand -base64 32`) \
                 or run `shugen demo` to create {} for a demo",
                file.display()
            ),
        }
    }

    /// Demo mode: make a key file if there is no key at all.
    pub fn ensure_demo_key(&self) -> anyhow::Result<()> {
        if self.data_key.is_some() {
            return Ok(());
        }
        let Some(file) = self.key_file() else {
            bail!("the demo on PostgreSQL needs SHUGEN_DATA_KEY, the key every server will share");
        };
        if file.exists() {
            return Ok(());
        }
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_private(&file, &DataKey::generate_base64())
            .with_context(|| format!("writing {}", file.display()))?;
        eprintln!("demo: generated a data key in {}", file.display());
        Ok(())
    }
}

#[cfg(unix)]
pub(crate) fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
