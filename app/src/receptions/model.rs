//! Reception types and the service-day reminder.
use crate::error::FieldError;
use crate::feedback::model::Category;
use crate::i18n::Msg;
use crate::model::{optional, required, Phone};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionForm {
    pub held_on: String,
    pub visitor_name: String,
    #[serde(default)]
    pub visitor_phone: String,
    #[serde(default)]
    pub village: String,
    pub category: String,
    pub matter: String,
    #[serde(default)]
    pub action: String,
    /// The service day's id it was received on, or empty.
    #[serde(default)]
    pub service_day: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReception {
    pub held_on: NaiveDate,
    pub visitor_name: String,
    pub visitor_phone: String,
    pub village: String,
    pub category: Category,
    pub matter: String,
    pub action: String,
    pub service_day: Option<i64>,
}

impl ReceptionForm {
    /// Every field's error at once. A reception may be written up to 31 days later, never
    /// for a day to come.
    pub fn parse(&self, today: NaiveDate) -> Result<NewReception, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text =
            |field: &str, r: Result<Option<String>, Msg>| FieldError::text(&mut errors, field, r);
        let visitor_name = text("visitor_name", required(&self.visitor_name, 20).map(Some));
        let village = text("village", optional(&self.village, 40));
        let matter = text("matter", required(&self.matter, 2000).map(Some));
        let action = text("action", optional(&self.action, 2000));
        let visitor_phone = match self.visitor_phone.trim() {
            "" => String::new(),
            p => match Phone::parse(p) {
                Ok(p) => p.as_str().to_string(),
                Err(m) => {
                    errors.push(FieldError::new("visitor_phone", m));
                    String::new()
                }
            },
        };
        let held_on = recent_day(&self.held_on, today);
        if held_on.is_none() {
            errors.push(FieldError::new("held_on", Msg::ValReceptionDay));
        }
        let category = Category::parse(&self.category);
        if category.is_none() {
            errors.push(FieldError::new("category", Msg::ValChoice));
        }
        let service_day = match self.service_day.trim() {
            "" => None,
            id => {
                let id = id.parse::<i64>().ok();
                if id.is_none() {
                    errors.push(FieldError::new("service_day", Msg::ValChoice));
                }
                id
            }
        };
        match (held_on, category) {
            (Some(held_on), Some(category)) if errors.is_empty() => Ok(NewReception {
                held_on,
                visitor_name,
                visitor_phone,
                village,
                category,
                matter,
                action,
                service_day,
            }),
            _ => Err(errors),
        }
    }
}

/// A `YYYY-MM-DD` day no later than `today` and at most 31 days before it: how late a
/// service day's records may still be written up.
fn recent_day(raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| *d <= today && (today - *d).num_days() <= 31)
}

/// A service day (便民服务日) as the form sends it: held in a village, at a place, by the
/// staff present, whether or not anyone came.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDayForm {
    /// The village's id.
    pub village: String,
    pub held_on: String,
    pub place: String,
    /// Who was on duty, as names.
    pub staff: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewServiceDay {
    pub village_id: i64,
    pub held_on: NaiveDate,
    pub place: String,
    pub staff: String,
    pub note: String,
}

impl ServiceDayForm {
    /// Every field's error at once; the day as for a reception (up to 31 days back).
    pub fn parse(&self, today: NaiveDate) -> Result<NewServiceDay, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text =
            |field: &str, r: Result<Option<String>, Msg>| FieldError::text(&mut errors, field, r);
        let place = text("place", required(&self.place, 40).map(Some));
        let staff = text("staff", required(&self.staff, 200).map(Some));
        let note = text("note", optional(&self.note, 2000));
        let village_id = self.village.trim().parse::<i64>().ok();
        if village_id.is_none() {
            errors.push(FieldError::new("village", Msg::ValChoice));
        }
        let held_on = recent_day(&self.held_on, today);
        if held_on.is_none() {
            errors.push(FieldError::new("held_on", Msg::ValReceptionDay));
        }
        match (village_id, held_on) {
            (Some(village_id), Some(held_on)) if errors.is_empty() => Ok(NewServiceDay {
                village_id,
                held_on,
                place,
                staff,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// A recorded service day with the receptions attached to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDayRow {
    pub id: i64,
    pub village: String,
    pub held_on: NaiveDate,
    pub place: String,
    pub staff: String,
    pub note: String,
    /// Receptions recorded against this day (0: nobody came, and the day still counts).
    pub visitors: i64,
}

impl ServiceDayRow {
    /// "民智村 · 12-06", as the reception form's choice shows it.
    pub fn short(&self) -> String {
        format!("{} · {}", self.village, self.held_on)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceptionRow {
    pub id: String,
    pub held_on: NaiveDate,
    pub cadre: String,
    pub visitor_name: String,
    pub visitor_phone: String,
    pub village: String,
    pub category: Category,
    pub matter: String,
    pub action: String,
    /// The ledger item made from it, if any.
    pub item: Option<String>,
}

/// What the home page says about the service days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reminder {
    /// Tomorrow is the 6th.
    Tomorrow(NaiveDate),
    /// Today is the 6th or the 7th.
    Today,
}

pub fn reminder(today: NaiveDate) -> Option<Reminder> {
    match today.day() {
        5 => today.succ_opt().map(Reminder::Tomorrow),
        6 | 7 => Some(Reminder::Today),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_reminder_comes_the_day_before_and_on_the_days() {
        assert_eq!(
            reminder(day(2026, 12, 5)),
            Some(Reminder::Tomorrow(day(2026, 12, 6)))
        );
        assert_eq!(reminder(day(2026, 12, 6)), Some(Reminder::Today));
        assert_eq!(reminder(day(2026, 12, 7)), Some(Reminder::Today));
        assert_eq!(reminder(day(2026, 12, 4)), None);
        assert_eq!(reminder(day(2026, 12, 8)), None);
    }

    #[test]
    fn a_reception_names_every_problem_and_refuses_days_to_come() {
        let today = day(2026, 12, 6);
        let errs = ReceptionForm::default().parse(today).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in ["visitor_name", "matter", "held_on", "category"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        let mut f = ReceptionForm {
            held_on: "2026-12-07".into(),
            visitor_name: "张大爷".into(),
            category: "relief".into(),
            matter: "低保复核".into(),
            ..Default::default()
        };
        assert!(f.parse(today).is_err(), "tomorrow");
        f.held_on = "2026-12-06".into();
        let r = f.parse(today).unwrap();
        assert_eq!(r.category, Category::Relief);
        f.visitor_phone = "123".into();
        assert_eq!(f.parse(today).unwrap_err()[0].field, "visitor_phone");
    }
}
