//! Household facts proposed from the field, merged one field at a time. The later device time
//! wins; a proposal from another device that loses, or that overwrites a value its phone never
//! showed, is a true clash and is kept for the office with both values.
use super::db::{self, NewClash, Stamp};
use crate::db::Tx;
use crate::visits::model::ProposedChange;
use chrono::{DateTime, Utc};

pub struct Proposal<'a> {
    pub household: i64,
    pub change: &'a ProposedChange,
    pub device_time: DateTime<Utc>,
    /// The cadre and the phone together: two cadres on one phone are two devices.
    pub device: &'a str,
    pub cadre: i64,
}

pub async fn apply(tx: &mut Tx, p: &Proposal<'_>, now: DateTime<Utc>) -> sqlx::Result<()> {
    let field = p.change.field;
    let Some(current) = db::field_value(tx, p.household, field).await? else {
        return Ok(());
    };
    if current == p.change.value {
        return Ok(());
    }
    let stamp = db::field_stamp(tx, p.household, field).await?;
    let newer = stamp.as_ref().is_none_or(|s| p.device_time > s.device_time);
    if let Some(s) = &stamp {
        let unseen = p.change.base != current;
        if s.device != p.device && (unseen || !newer) {
            let clash = NewClash {
                household: p.household,
                field,
                kept: (&current, s.device_time, s.cadre_id),
                other: (&p.change.value, p.device_time, Some(p.cadre)),
            };
            db::insert_clash(tx, &clash, now).await?;
        }
    }
    if newer {
        let stamp = Stamp {
            device_time: p.device_time,
            device: p.device.to_string(),
            cadre_id: Some(p.cadre),
        };
        db::set_field(tx, p.household, field, &p.change.value, &stamp, now).await?;
    }
    Ok(())
}
