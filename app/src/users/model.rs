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
    pub post: Post,
    /// 岗位职责, as printed on the liaison card; may be empty.
    pub duties: String,
}

crate::code_enum! {
    /// A person's post in the programme (the plan's 三(一)2 二 and 四), set by the office. It
    /// decides the pairing quota; the role decides what the account may do.
    pub enum Post {
        /// 局长
        Director = "director" => PostDirector,
        /// 副局长 and the other 班子成员
        Deputy = "deputy" => PostDeputy,
        /// 纪检员 (a 班子成员 too)
        Discipline = "discipline" => PostDiscipline,
        /// 股室（局、中心）负责人
        UnitHead = "unit_head" => PostUnitHead,
        /// 联村工作队员
        Liaison = "liaison" => PostLiaison,
        /// 领导小组办公室工作人员: runs the programme, pairs with no one.
        Office = "office" => PostOffice,
    }
}

impl Post {
    /// The post an account without one most likely holds, read from its role and title: how
    /// the quota was guessed before posts existed (and how migration 0008 filled them in).
    /// Used when a form or `shugen user add` leaves the post out.
    pub fn guess(role: Role, title: &str) -> Post {
        let t = title.trim();
        match role {
            Role::Admin => Post::Office,
            Role::Leader if t.contains("纪检") => Post::Discipline,
            Role::Leader if t.contains("局长") && !t.contains("副局长") => Post::Director,
            Role::Leader => Post::Deputy,
            Role::Cadre if ["股长", "主任", "负责人"].iter().any(|w| t.contains(w)) => {
                Post::UnitHead
            }
            Role::Cadre => Post::Liaison,
        }
    }

    /// 班子成员: the bureau's leadership, listed on every liaison card.
    pub fn is_leadership(self) -> bool {
        matches!(self, Post::Director | Post::Deputy | Post::Discipline)
    }
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
    pub post: Post,
    pub duties: String,
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

/// An account's profile as typed: every field a string, as forms and the CLI give them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub phone: String,
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub unit: String,
    pub role: String,
    /// A [`Post`] code; empty: guessed from the role and title ([`Post::guess`]).
    #[serde(default)]
    pub post: String,
    #[serde(default)]
    pub duties: String,
}

impl Profile {
    /// Every field's problem at once ([`AppError::Invalid`]).
    pub fn parse(f: &ProfileForm) -> Result<Self, AppError> {
        let mut e = Errors::default();
        let phone = e.take("phone", Phone::parse(&f.phone));
        let name = e.take("name", required(&f.name, 20));
        let title = e.take("title", optional(&f.title, 30));
        let unit = e.take("unit", optional(&f.unit, 30));
        let role = e.take("role", Role::parse_field(&f.role));
        let duties = e.take("duties", optional(&f.duties, 200));
        let post = match (f.post.trim(), role, &title) {
            ("", Some(role), Some(title)) => {
                Some(Post::guess(role, title.as_deref().unwrap_or_default()))
            }
            ("", _, _) => None,
            (code, _, _) => e.take("post", Post::parse(code).ok_or(Msg::ValChoice)),
        };
        let value = (|| {
            Some(Profile {
                phone: phone?,
                name: name?,
                title: title?.unwrap_or_default(),
                unit: unit?.unwrap_or_default(),
                role: role?,
                post: post?,
                duties: duties?.unwrap_or_default(),
            })
        })();
        e.finish(value)
    }
}

/// A new account: a profile and its first password.
pub fn parse_new_user(
    form: &ProfileForm,
    password: &str,
) -> Result<(Profile, NewPassword), AppError> {
    let profile = Profile::parse(form);
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
        let form = |phone: &str, name: &str, role: &str, post: &str| ProfileForm {
            phone: phone.into(),
            name: name.into(),
            title: "队员".into(),
            unit: "办公室".into(),
            role: role.into(),
            post: post.into(),
            duties: String::new(),
        };
        let err = parse_new_user(&form("123", "", "boss", "chief"), "short").unwrap_err();
        assert_eq!(err.field("phone"), Some(Msg::ValPhone));
        assert_eq!(err.field("name"), Some(Msg::ValRequired));
        assert_eq!(err.field("role"), Some(Msg::ValChoice));
        assert_eq!(err.field("post"), Some(Msg::ValChoice));
        assert_eq!(err.field("password"), Some(Msg::ValPasswordShort));
        let (p, _) =
            parse_new_user(&form("13800000001", "李明", "cadre", ""), "long enough").unwrap();
        assert_eq!(p.role, Role::Cadre);
        assert_eq!(
            p.post,
            Post::Liaison,
            "no post given: guessed from role and title"
        );
        let (p, _) = parse_new_user(
            &form("13800000001", "李明", "cadre", " director "),
            "long enough",
        )
        .unwrap();
        assert_eq!(
            p.post,
            Post::Director,
            "a cadre account may hold the director's post"
        );
    }

    #[test]
    fn posts_guessed_as_the_quota_once_was() {
        assert_eq!(Post::guess(Role::Leader, "党组书记、局长"), Post::Director);
        assert_eq!(Post::guess(Role::Leader, "副局长"), Post::Deputy);
        assert_eq!(Post::guess(Role::Leader, "纪检员"), Post::Discipline);
        assert_eq!(Post::guess(Role::Cadre, "办公室主任"), Post::UnitHead);
        assert_eq!(Post::guess(Role::Cadre, "联村工作队员"), Post::Liaison);
        assert_eq!(Post::guess(Role::Admin, "局长"), Post::Office);
        assert!(Post::Discipline.is_leadership() && !Post::UnitHead.is_leadership());
        assert_eq!(Post::parse("unit_head"), Some(Post::UnitHead));
        assert_eq!(
            serde_json::to_string(&Post::UnitHead).unwrap(),
            "\"unit_head\""
        );
    }
}
