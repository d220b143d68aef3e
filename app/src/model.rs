//! Value types shared by every capability, parsed once and trusted afterwards. The same code
//! checks a form in the browser and a request on the server.
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An enum whose variants carry a stable code (stored in the database, sent in forms and
/// URLs) and, usually, a translated label, written once:
///
/// ```ignore
/// crate::code_enum! {
///     /// 岗位
///     pub enum Post { Director = "director" => PostDirector, … }
/// }
/// ```
///
/// gives `ALL` (every variant, in order), `code()`, `parse(code) -> Option<Self>` (surrounding
/// spaces ignored), `label() -> Msg` when every variant names one, and serde by code. A
/// variant may accept other spellings when parsed (`Food = "food" | "吃饭" => DiffFood`: what
/// people type in imported sheets). `by_name:` in front keeps serde by the variant's name, for
/// enums whose JSON was out (in phones' queues) before they moved to the macro.
#[macro_export]
macro_rules! code_enum {
    (by_name: $(#[$m:meta])* $vis:vis enum $name:ident {
        $($(#[$vm:meta])* $var:ident = $code:literal $(| $alias:literal)* $(=> $label:ident)?,)*
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $($(#[$vm])* $var,)*
        }
        $crate::code_enum!(@codes $name { $($var = $code $(| $alias)*,)* });
        $crate::code_enum!(@labels $name { $($var $(=> $label)?,)* });
    };
    ($(#[$m:meta])* $vis:vis enum $name:ident {
        $($(#[$vm:meta])* $var:ident = $code:literal $(| $alias:literal)* $(=> $label:ident)?,)*
    }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $vis enum $name {
            $($(#[$vm])* #[serde(rename = $code)] $var,)*
        }
        $crate::code_enum!(@codes $name { $($var = $code $(| $alias)*,)* });
        $crate::code_enum!(@labels $name { $($var $(=> $label)?,)* });
    };
    (@codes $name:ident { $($var:ident = $code:literal $(| $alias:literal)*,)* }) => {
        impl $name {
            pub const ALL: [$name; [$($code),*].len()] = [$($name::$var),*];

            pub fn code(self) -> &'static str {
                match self {
                    $($name::$var => $code,)*
                }
            }

            pub fn parse(code: &str) -> Option<Self> {
                match code.trim() {
                    $($code $(| $alias)* => Some($name::$var),)*
                    _ => None,
                }
            }
        }
    };
    (@labels $name:ident { $($var:ident => $label:ident,)* }) => {
        impl $name {
            pub fn label(self) -> $crate::i18n::Msg {
                match self {
                    $($name::$var => $crate::i18n::Msg::$label,)*
                }
            }
        }
    };
    (@labels $name:ident { $($var:ident,)* }) => {};
}

/// A mainland China mobile number: 11 digits starting 13–19.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    /// Takes the number however it was typed or pasted (full-width digits, spaces and dashes
    /// of any kind, `+86`, `0086`, `(+86)`): see [`crate::normalize::identifier`].
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let digits = crate::normalize::identifier(raw);
        if digits.is_empty() {
            return Err(Msg::ValRequired);
        }
        let ok = digits.len() == 11
            && digits.chars().all(|c| c.is_ascii_digit())
            && digits.starts_with('1')
            && matches!(digits.as_bytes()[1], b'3'..=b'9');
        if ok {
            Ok(Phone(digits.to_string()))
        } else {
            Err(Msg::ValPhone)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `13812345678` → `138****5678`; anything else keeps only its last two characters.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() == 11 {
        format!(
            "{}****{}",
            chars[..3].iter().collect::<String>(),
            chars[7..].iter().collect::<String>()
        )
    } else {
        mask_tail(&chars, 2)
    }
}

fn mask_tail(chars: &[char], keep: usize) -> String {
    let n = chars.len();
    let keep = keep.min(n);
    "*".repeat(n - keep) + &chars[n - keep..].iter().collect::<String>()
}

/// A resident identity number (GB 11643-1999): 17 digits and a check character.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdNumber(String);

impl IdNumber {
    /// Takes the number however it was typed (full-width, spaced, a lower-case or full-width
    /// `x`, Excel's leading apostrophe): see [`crate::normalize::identifier`].
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s = crate::normalize::identifier(raw);
        if s.is_empty() {
            return Err(Msg::ValRequired);
        }
        let bytes = s.as_bytes();
        if bytes.len() != 18
            || !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(Msg::ValIdFormat);
        }
        let year: i32 = s[6..10].parse().map_err(|_| Msg::ValIdFormat)?;
        let month: u32 = s[10..12].parse().map_err(|_| Msg::ValIdFormat)?;
        let day: u32 = s[12..14].parse().map_err(|_| Msg::ValIdFormat)?;
        let date_ok = (1900..=2100).contains(&year)
            && chrono::NaiveDate::from_ymd_opt(year, month, day).is_some();
        if !date_ok {
            return Err(Msg::ValIdDate);
        }
        if Self::check_char(&bytes[..17]) != bytes[17] {
            return Err(Msg::ValIdCheck);
        }
        Ok(IdNumber(s))
    }

    /// ISO 7064 MOD 11-2 as GB 11643 specifies it.
    pub fn check_char(first17: &[u8]) -> u8 {
        const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        const CHECK: &[u8; 11] = b"10X98765432";
        let sum: u32 = first17
            .iter()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum();
        CHECK[(sum % 11) as usize]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_year(&self) -> i32 {
        self.0[6..10].parse().unwrap_or_default()
    }

    pub fn masked(&self) -> String {
        mask_id(&self.0)
    }
}

/// Keeps the region (first 6) and the last 4 characters: enough to tell people apart on
/// a list, not enough to use the number.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() == 18 {
        format!(
            "{}********{}",
            chars[..6].iter().collect::<String>(),
            chars[14..].iter().collect::<String>()
        )
    } else {
        mask_tail(&chars, 2)
    }
}

/// A required, trimmed piece of text with an upper bound on its length in characters, a
/// line break counting one as the browser's `maxlength` counts it (stored as `\n`).
pub fn required(raw: &str, max_chars: usize) -> Result<String, Msg> {
    let raw = crate::normalize::line_breaks(raw);
    let s = raw.trim();
    if s.is_empty() {
        Err(Msg::ValRequired)
    } else if s.chars().count() > max_chars {
        Err(Msg::ValTooLong)
    } else {
        Ok(s.to_string())
    }
}

/// Optional text: empty means none. Line breaks count as in [`required`].
pub fn optional(raw: &str, max_chars: usize) -> Result<Option<String>, Msg> {
    let raw = crate::normalize::line_breaks(raw);
    let s = raw.trim();
    if s.is_empty() {
        Ok(None)
    } else if s.chars().count() > max_chars {
        Err(Msg::ValTooLong)
    } else {
        Ok(Some(s.to_string()))
    }
}

/// A new password. Only its length is checked: long passphrases beat composition rules.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let n = raw.chars().count();
        if n == 0 {
            Err(Msg::ValRequired)
        } else if n < 8 {
            Err(Msg::ValPasswordShort)
        } else if n > 128 {
            Err(Msg::ValTooLong)
        } else {
            Ok(NewPassword(raw.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

crate::code_enum! {
    by_name:
    /// Who someone is in the programme; decides what they may see and do.
    pub enum Role {
        /// 领导小组办公室: manages users, villages, households.
        Admin = "admin" => RoleAdmin,
        /// 局领导: reads everything.
        Leader = "leader" => RoleLeader,
        /// 干部 / 联村工作队员: works with assigned households.
        Cadre = "cadre" => RoleCadre,
    }
}

impl Role {
    /// A form's role field: required, and one of the codes.
    pub fn parse_field(raw: &str) -> Result<Self, Msg> {
        match Role::parse(raw) {
            Some(r) => Ok(r),
            None if raw.trim().is_empty() => Err(Msg::ValRequired),
            None => Err(Msg::ValChoice),
        }
    }

    /// Leaders and the office see every household; cadres only their own.
    pub fn sees_all_households(self) -> bool {
        matches!(self, Role::Admin | Role::Leader)
    }
}

/// Money in whole fen (分), never a float: the four helps' funds, projects, 集体经济 income.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Fen(pub i64);

/// The most a single amount may be: 100 billion yuan, far above any village's sums and far
/// below where a sum of many could overflow.
const MAX_FEN: i64 = 10_000_000_000_000;

impl Fen {
    /// Yuan as typed or pasted: `1234.5`, `1,234.50`, `１２３４．５`, `¥1234`, `1234元`,
    /// `3.5万`, `3.5万元`. At most two decimals (a third is a typing or Excel slip, refused, not
    /// rounded); never negative. Empty is [`Msg::ValRequired`], other text [`Msg::ValMoney`].
    pub fn parse_yuan(raw: &str) -> Result<Fen, Msg> {
        let s: String = raw
            .chars()
            .map(crate::normalize::half_width)
            .map(|c| if c == '，' { ',' } else { c })
            .filter(|c| !c.is_whitespace() && !matches!(c, '¥' | '￥' | '元'))
            .collect();
        if s.is_empty() {
            return Err(Msg::ValRequired);
        }
        // Commas only as thousands separators: `1,50` (a decimal comma) is refused, never
        // read as 150 yuan.
        let whole_part = s.split('.').next().unwrap_or_default();
        if whole_part.contains(',') {
            let groups: Vec<&str> = whole_part.split(',').collect();
            let first = groups[0].trim_end_matches('万');
            let grouped = !first.is_empty()
                && first.len() <= 3
                && groups[1..]
                    .iter()
                    .all(|g| g.trim_end_matches('万').len() == 3);
            if !grouped {
                return Err(Msg::ValMoney);
            }
        }
        let s: String = s.chars().filter(|c| *c != ',').collect();
        let (s, scale) = match s.strip_suffix('万') {
            Some(rest) => (rest, 10_000i64),
            None => (s.as_str(), 1),
        };
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
        // With 万 the decimals are of ten-thousands: 3.5万 is 35000 yuan, up to 6 places.
        let max_frac = if scale == 1 { 2 } else { 6 };
        if whole.is_empty() && frac.is_empty()
            || !digits(whole)
            || !digits(frac)
            || frac.len() > max_frac
            || whole.len() > 13
        {
            return Err(Msg::ValMoney);
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| Msg::ValMoney)?
        };
        // The fraction in millionths of the unit, then to fen.
        let frac_micro: i64 = format!("{frac:0<6}").parse().map_err(|_| Msg::ValMoney)?;
        let micro_fen = frac_micro.checked_mul(scale * 100).ok_or(Msg::ValMoney)?;
        if micro_fen % 1_000_000 != 0 {
            return Err(Msg::ValMoney);
        }
        let fen = whole
            .checked_mul(scale * 100)
            .and_then(|f| f.checked_add(micro_fen / 1_000_000))
            .filter(|f| *f <= MAX_FEN)
            .ok_or(Msg::ValMoney)?;
        Ok(Fen(fen))
    }

    /// Optional money: empty is zero.
    pub fn parse_optional(raw: &str) -> Result<Fen, Msg> {
        match Fen::parse_yuan(raw) {
            Err(Msg::ValRequired) => Ok(Fen(0)),
            r => r,
        }
    }

    /// Yuan with two decimals and thousands separators: `12,345.60`.
    pub fn yuan(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let n = self.0.unsigned_abs();
        let whole = (n / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped}.{:02}", n % 100)
    }

    /// Yuan with two decimals and no separators, as a form field shows it: `12345.60`.
    pub fn input(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

/// A record id made on the phone (a visit, a ledger step, a work record, a photo's owner): a UUID of version 7 (time-ordered), lower-case hyphenated.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VisitId(String);

impl VisitId {
    pub fn parse(raw: &str) -> Result<Self, Msg> {
        let s = raw.trim().to_ascii_lowercase();
        let b = s.as_bytes();
        let shape = b.len() == 36
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            });
        if shape && b[14] == b'7' && matches!(b[19], b'8' | b'9' | b'a' | b'b') {
            Ok(VisitId(s))
        } else {
            Err(Msg::ValRecordId)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_check(first17: &str) -> String {
        let c = IdNumber::check_char(first17.as_bytes()) as char;
        format!("{first17}{c}")
    }

    #[test]
    fn mobile_numbers() {
        assert_eq!(
            Phone::parse("138 1234 5678").unwrap().as_str(),
            "13812345678"
        );
        assert_eq!(
            Phone::parse("+8613812345678").unwrap().as_str(),
            "13812345678"
        );
        assert_eq!(
            Phone::parse("199-1234-5678").unwrap().as_str(),
            "19912345678"
        );
        assert_eq!(Phone::parse(""), Err(Msg::ValRequired));
        assert_eq!(Phone::parse("12812345678"), Err(Msg::ValPhone));
        assert_eq!(Phone::parse("1381234567"), Err(Msg::ValPhone));
        assert_eq!(Phone::parse("138123456789"), Err(Msg::ValPhone));
        assert_eq!(Phone::parse("1381234567a"), Err(Msg::ValPhone));
        assert_eq!(Phone::parse("0731-8888888"), Err(Msg::ValPhone));
        for typed in [
            "１３９００００２２２２",
            "(+86) 139-0000-2222",
            "0086 139 0000 2222",
        ] {
            assert_eq!(Phone::parse(typed).unwrap().as_str(), "13900002222");
        }
    }

    #[test]
    fn id_numbers_valid() {
        // The specimen number of GB 11643 itself.
        assert!(IdNumber::parse("11010519491231002X").is_ok());
        assert!(IdNumber::parse("11010519491231002x").is_ok());
        let id = with_check("43112219800229123");
        let parsed = IdNumber::parse(&id).unwrap();
        assert_eq!(parsed.birth_year(), 1980);
    }

    #[test]
    fn id_numbers_invalid() {
        assert_eq!(IdNumber::parse("110105194912310021"), Err(Msg::ValIdCheck));
        assert_eq!(IdNumber::parse("11010519491231002"), Err(Msg::ValIdFormat));
        assert_eq!(
            IdNumber::parse("11010519491231002XX"),
            Err(Msg::ValIdFormat)
        );
        assert_eq!(IdNumber::parse("1101051949123100A2"), Err(Msg::ValIdFormat));
        assert_eq!(IdNumber::parse(""), Err(Msg::ValRequired));
        // 1981 is not a leap year, and month 13 does not exist: right check digit, bad date.
        assert_eq!(
            IdNumber::parse(&with_check("43112219810229123")),
            Err(Msg::ValIdDate)
        );
        assert_eq!(
            IdNumber::parse(&with_check("43112219801301123")),
            Err(Msg::ValIdDate)
        );
    }

    #[test]
    fn masking() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("1234"), "**34");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_id("11010519491231002X"), "110105********002X");
        assert_eq!(mask_id("123"), "*23");
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert!(!id.masked().contains("19491231"));
    }

    #[test]
    fn required_fields() {
        assert_eq!(required("  张三 ", 10), Ok("张三".to_string()));
        assert_eq!(required("   ", 10), Err(Msg::ValRequired));
        assert_eq!(required("一二三", 2), Err(Msg::ValTooLong));
        assert_eq!(optional(" ", 5), Ok(None));
        // 2,000 characters typed with 99 line breaks: the browser sends CRLF, and counts 2,000.
        let typed = format!("{}\r\n", "字".repeat(19)).repeat(100);
        let typed = &typed[..typed.len() - 2];
        assert_eq!(typed.replace("\r\n", "\n").chars().count(), 1999);
        assert_eq!(required(typed, 1999).map(|s| s.contains('\r')), Ok(false));
        assert_eq!(required(typed, 1998), Err(Msg::ValTooLong));
        assert_eq!(NewPassword::parse("short"), Err(Msg::ValPasswordShort));
        assert!(NewPassword::parse("long enough").is_ok());
        assert_eq!(Role::parse_field(" cadre"), Ok(Role::Cadre));
        assert_eq!(Role::parse_field("root"), Err(Msg::ValChoice));
        assert_eq!(Role::parse_field(" "), Err(Msg::ValRequired));
    }

    #[test]
    fn money_is_whole_fen_from_whatever_was_typed() {
        assert_eq!(Fen::parse_yuan("1234.5"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse_yuan("1,234.50"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse_yuan("１２３４．５"), Ok(Fen(123_450)));
        assert_eq!(Fen::parse_yuan("¥ 80 元"), Ok(Fen(8_000)));
        assert_eq!(Fen::parse_yuan("3.5万"), Ok(Fen(3_500_000)));
        assert_eq!(Fen::parse_yuan("3.5万元"), Ok(Fen(3_500_000)));
        assert_eq!(Fen::parse_yuan(".5"), Ok(Fen(50)));
        assert_eq!(Fen::parse_yuan("0.01"), Ok(Fen(1)));
        // 0.1 + 0.2 as floats is 0.30000000000000004; in fen it is exact.
        assert_eq!(
            Fen(Fen::parse_yuan("0.1").unwrap().0 + Fen::parse_yuan("0.2").unwrap().0),
            Fen(30)
        );
        assert_eq!(Fen::parse_yuan("1.005"), Err(Msg::ValMoney));
        assert_eq!(Fen::parse_yuan("1,50"), Err(Msg::ValMoney));
        assert_eq!(Fen::parse_yuan("12,34"), Err(Msg::ValMoney));
        assert_eq!(Fen::parse_yuan("1234,567.00"), Err(Msg::ValMoney));
        assert_eq!(Fen::parse_yuan("1，234，567"), Ok(Fen(123_456_700)));
        assert_eq!(Fen::parse_yuan("-5"), Err(Msg::ValMoney));
        assert_eq!(Fen::parse_yuan("1e5"), Err(Msg::ValMoney));
        assert_eq!(Fen::parse_yuan("."), Err(Msg::ValMoney));
        assert_eq!(Fen::parse_yuan("99999999999999"), Err(Msg::ValMoney));
        assert_eq!(Fen::parse_yuan(""), Err(Msg::ValRequired));
        assert_eq!(Fen::parse_optional(" "), Ok(Fen(0)));
        assert_eq!(Fen(123_456_789).yuan(), "1,234,567.89");
        assert_eq!(Fen(5).yuan(), "0.05");
        assert_eq!(Fen(100_000).yuan(), "1,000.00");
        assert_eq!(Fen(123_450).input(), "1234.50");
    }
}
