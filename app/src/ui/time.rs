//! Times as people here read them: Beijing time, whatever the server's or phone's zone.
//! Formatted by hand: chrono's strftime machinery would add tens of KB to the WASM.
use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Timelike, Utc};

fn beijing(t: DateTime<Utc>) -> NaiveDateTime {
    (t + Duration::hours(8)).naive_utc()
}

/// `2026-11-27 09:30`
pub fn minute(t: DateTime<Utc>) -> String {
    let l = beijing(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        l.year(),
        l.month(),
        l.day(),
        l.hour(),
        l.minute()
    )
}

/// The value of a `datetime-local` input: `2026-11-27T09:30`.
pub fn input_value(t: DateTime<Utc>) -> String {
    minute(t).replacen(' ', "T", 1)
}

/// A `datetime-local` value read as Beijing time, as RFC 3339; None when malformed.
pub fn from_input(v: &str) -> Option<String> {
    let (date, time) = v.trim().split_once('T')?;
    let mut d = date.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.splitn(3, ':').map(|p| p.parse::<u32>().ok());
    let (h, min) = (t.next()??, t.next()??);
    chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, day)?;
    chrono::NaiveTime::from_hms_opt(h, min, 0)?;
    Some(format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:00+08:00"))
}

/// An RFC 3339 time (as phones send them), in UTC; None when malformed.
pub fn from_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Today's date in Beijing.
pub fn today() -> chrono::NaiveDate {
    beijing(Utc::now()).date()
}

/// The instant a Beijing day begins: day `d` counts records at or after it and before
/// `day_start(d + 1)`.
pub fn day_start(d: chrono::NaiveDate) -> DateTime<Utc> {
    d.and_time(chrono::NaiveTime::MIN).and_utc() - Duration::hours(8)
}

/// The Beijing date of an instant.
pub fn date_of(t: DateTime<Utc>) -> chrono::NaiveDate {
    beijing(t).date()
}

/// The year and month in Beijing, for "this month" questions.
pub fn month_of(t: DateTime<Utc>) -> (i32, u32) {
    let l = beijing(t);
    (l.year(), l.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_time_round_trips_through_the_input() {
        let t = DateTime::parse_from_rfc3339("2026-11-26T17:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(minute(t), "2026-11-27 01:05");
        assert_eq!(month_of(t), (2026, 11));
        let v = input_value(t);
        assert_eq!(v, "2026-11-27T01:05");
        let back = from_input(&v).unwrap();
        assert_eq!(back, "2026-11-27T01:05:00+08:00");
        assert!(from_input("27/11/2026").is_none());
    }
}
