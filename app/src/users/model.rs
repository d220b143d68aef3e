use crate::error::{AppError, FieldError};
use crate::i18n::Msg;
use crate::model::{optional, required, NewPassword, Phone, Role};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserView {
    pub id: i64,
    pub phone: String,
    pub name: String,
    pub title: String,
    pub unit: String,
    pub role: Role,
    pub active: bool,
}

/// What a handover moved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub households: u64,
    pub items: u64,
    pub pairings: u64,
    pub cards: u64,
}

/// The editable profile of an account, parsed from a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub phone: Phone,
    pub name: String,
    pub title: String,
    pub unit: String,
    pub role: Role,
}

/// Collects every field's problem at once, so the form shows them all together.
#[derive(Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn take<T>(&mut self, field: &str, r: Result<T, Msg>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(m) => {
                self.0.push(FieldError::new(field, m));
                None
            }
        }
    }

    pub fn finish<T>(self, value: Option<T>) -> Result<T, AppError> {
        match value {
            Some(v) if self.0.is_empty() => Ok(v),
            _ => Err(AppError::Invalid(self.0)),
        }
    }
}

impl Profile {
    pub fn parse(
        phone: &str,
        name: &str,
        title: &str,
        unit: &str,
        role: &str,
    ) -> Result<Self, AppError> {
        let mut e = Errors::default();
        let phone = e.take("phone", Phone::parse(phone));
        let name = e.take("name", required(name, 20));
        let title = e.take("title", optional(title, 30));
        let unit = e.take("unit", optional(unit, 30));
        let role = e.take("role", Role::parse(role));
        let value = (|| {
            Some(Profile {
                phone: phone?,
                name: name?,
                title: title?.unwrap_or_default(),
                unit: unit?.unwrap_or_default(),
                role: role?,
            })
        })();
        e.finish(value)
    }
}

/// A new account: a profile and its first password.
pub fn parse_new_user(
    phone: &str,
    name: &str,
    title: &str,
    unit: &str,
    role: &str,
    password: &str,
) -> Result<(Profile, NewPassword), AppError> {
    let profile = Profile::parse(phone, name, title, unit, role);
    let password = NewPassword::parse(password);
    match (profile, password) {
        (Ok(p), Ok(pw)) => Ok((p, pw)),
        (p, pw) => {
            let mut errs = match p {
                Err(AppError::Invalid(v)) => v,
                _ => Vec::new(),
            };
            if let Err(m) = pw {
                errs.push(FieldError::new("password", m));
            }
            Err(AppError::Invalid(errs))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_every_field_error() {
        let err = parse_new_user("123", "", "", "", "boss", "short").unwrap_err();
        assert_eq!(err.field("phone"), Some(Msg::ValPhone));
        assert_eq!(err.field("name"), Some(Msg::ValRequired));
        assert_eq!(err.field("role"), Some(Msg::ValChoice));
        assert_eq!(err.field("password"), Some(Msg::ValPasswordShort));
        let (p, _) = parse_new_user(
            "13800000001",
            "李明",
            "队员",
            "办公室",
            "cadre",
            "long enough",
        )
        .unwrap();
        assert_eq!(p.role, Role::Cadre);
    }
}
