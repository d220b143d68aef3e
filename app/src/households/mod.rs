//! The household registry (农户): villages' households, their members, tags and the cadres
//! assigned to them, with search, a detail page and spreadsheet import.
pub mod api;
pub mod clashes;
pub mod import;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod merge;

/// Key rotation: every ID number decrypted with `old` and stored again under `new` (with its
/// blind index), in one transaction. Any number the old key cannot open aborts it all, so a
/// wrong old key changes nothing. Returns how many numbers were re-encrypted.
#[cfg(feature = "ssr")]
pub async fn rekey(
    db: &crate::db::Db,
    old: &crypto::DataKey,
    new: &crypto::DataKey,
) -> anyhow::Result<usize> {
    use anyhow::Context;
    let mut tx = db.begin().await?;
    let rows = db::member_id_ciphers(&mut tx).await?;
    for (member, cipher) in &rows {
        let plain = old
            .decrypt(cipher)
            .with_context(|| format!("member {member}: the current key does not open it"))?;
        let again = new.encrypt(&plain)?;
        db::set_member_id_cipher(&mut tx, *member, &again, &new.blind_index(&plain)).await?;
    }
    tx.commit().await?;
    Ok(rows.len())
}
