//! One folding of what people type and what spreadsheets carry, used at every door: imports,
//! forms, the villager's pages, search and receipt lookup. Phones, ID numbers and receipt codes
//! go through [`identifier`] before they are parsed; person names through [`person_name`]
//! before they are stored or searched, and through [`name_key`] when two are compared.

/// Characters that carry nothing a person meant to type: zero-width joiners and spaces, the
/// byte-order mark, soft hyphen, the bidi controls that a pasted WeChat message brings, and
/// NUL (which a spreadsheet cell may carry and PostgreSQL cannot store).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{0000}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Every hyphen and dash of every width, and the minus signs.
fn dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' | '\u{30FC}'
    )
}

/// Full-width ASCII (`１`, `Ｘ`, `＋`, `（`) as the ASCII it stands for; the ideographic space
/// as a space. Everything else unchanged.
pub fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// An identifier as its characters: half-width, upper case, without spaces of any kind,
/// invisible marks, dashes, brackets, or the apostrophe Excel users type to keep a number
/// as text; a mainland calling code (`+86`, `0086`, `(+86)`) in front is dropped.
/// `"（+86）139-0000 2222"` → `"13900002222"`; `"'11010519491231002ｘ"` → `"11010519491231002X"`.
pub fn identifier(raw: &str) -> String {
    let s: String = raw
        .chars()
        .map(half_width)
        .filter(|c| {
            !c.is_whitespace()
                && !invisible(*c)
                && !dash(*c)
                && !matches!(c, '(' | ')' | '[' | ']' | '\'' | '‘' | '’' | '`' | '"')
        })
        .map(|c| c.to_ascii_uppercase())
        .collect();
    for prefix in ["+86", "0086"] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return rest.to_string();
        }
    }
    s
}

/// The middle-dot family that separates the parts of a minority or foreign name.
fn middle_dot(c: char) -> bool {
    matches!(
        c,
        '.' | '\u{00B7}'
            | '\u{0387}'
            | '\u{2022}'
            | '\u{2027}'
            | '\u{2219}'
            | '\u{22C5}'
            | '\u{30FB}'
            | '\u{FF0E}'
            | '\u{FF65}'
            | '\u{FE52}'
    )
}

/// A person's name as it is stored and shown: trimmed, invisible marks gone, every middle
/// dot as `·` with no space around it, no space beside a Chinese character, other runs of
/// space as one. `" 阿依古丽 • 买买提 "` → `"阿依古丽·买买提"`; `"王  小明"` → `"王小明"`.
pub fn person_name(raw: &str) -> String {
    let parts: Vec<char> = raw
        .chars()
        .filter(|c| !invisible(*c))
        .map(|c| if middle_dot(c) { '·' } else { half_width(c) })
        .collect();
    let mut out = String::new();
    let mut space = false;
    for c in parts {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        let keep_space = space
            && out
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii_alphanumeric())
            && c.is_ascii_alphanumeric();
        if keep_space {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// The key two names compare by (duplicate checks, "already registered"): the stored form
/// without its dots and spaces, in lower case. `"阿依古丽·买买提"` and `"阿依古丽买买提"` match.
pub fn name_key(raw: &str) -> String {
    person_name(raw)
        .chars()
        .filter(|c| *c != '·' && *c != ' ')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Free text from a form, with every line break as `\n`: the browser sends `\r\n`, counts it
/// as one character for `maxlength`, and so must the server.
pub fn line_breaks(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\r') {
        std::borrow::Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// A form body (or query string) without `%00` and raw NUL bytes (a typed `%` arrives as
/// `%25`, so `%00` is only ever NUL). Repeated until nothing changes, so that removing one
/// cannot join its neighbours into another (`%%0000`).
pub fn without_form_nul(body: &[u8]) -> Vec<u8> {
    let mut body = body.to_vec();
    loop {
        let mut out = Vec::with_capacity(body.len());
        let mut i = 0;
        while i < body.len() {
            if body[i..].starts_with(b"%00") {
                i += 3;
            } else if body[i] == 0 {
                i += 1;
            } else {
                out.push(body[i]);
                i += 1;
            }
        }
        if out.len() == body.len() {
            return out;
        }
        body = out;
    }
}

/// A JSON body without the escape `\u0000`. Escapes are read pairwise, so an escaped
/// backslash followed by `u0000` (the text `\u0000`) stays as it is.
pub fn without_json_nul(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] == b'\\' {
            if body[i + 1..].starts_with(b"u0000") {
                i += 6;
            } else {
                out.extend_from_slice(&body[i..(i + 2).min(body.len())]);
                i += 2;
            }
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn nul_leaves_forms_and_json_and_nothing_else() {
        assert_eq!(super::without_form_nul(b"a=x%00y&b=%2500"), b"a=xy&b=%2500");
        assert_eq!(super::without_form_nul(b"a=%%0000&b=x\0y"), b"a=&b=xy");
        assert_eq!(
            super::without_json_nul(br#"{"a":"x\u0000y","b":"\\u0000","c":"\u00001"}"#),
            br#"{"a":"xy","b":"\\u0000","c":"1"}"#
        );
    }

    use super::*;

    #[test]
    fn identifiers_fold_whatever_was_typed() {
        let table = [
            ("13900002222", "13900002222"),
            ("１３９００００２２２２", "13900002222"),
            ("(+86) 139-0000-2222", "13900002222"),
            ("（＋８６）139 0000 2222", "13900002222"),
            ("+86 139\u{2014}0000\u{2013}2222", "13900002222"),
            ("0086-139-0000-2222", "13900002222"),
            ("\u{202D}139\u{200B}0000\u{00A0}2222\u{202C}", "13900002222"),
            ("139\u{3000}0000\u{FF0D}2222", "13900002222"),
            ("'11010519491231002X", "11010519491231002X"),
            (" 110105 19491231 002ｘ ", "11010519491231002X"),
            ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
            ("\u{FEFF}11010519491231002x\t", "11010519491231002X"),
            ("7k3m-9qxd", "7K3M9QXD"),
            ("7K3M－9QXD", "7K3M9QXD"),
            ("", ""),
        ];
        for (raw, want) in table {
            assert_eq!(identifier(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn names_fold_spaces_and_middle_dots() {
        let table = [
            ("张三", "张三", "张三"),
            (" 张 三 ", "张三", "张三"),
            ("张\u{3000}三", "张三", "张三"),
            ("阿依古丽 • 买买提", "阿依古丽·买买提", "阿依古丽买买提"),
            ("阿依古丽・买买提", "阿依古丽·买买提", "阿依古丽买买提"),
            ("阿依古丽．买买提", "阿依古丽·买买提", "阿依古丽买买提"),
            ("阿依古丽.买买提", "阿依古丽·买买提", "阿依古丽买买提"),
            (
                "阿依古丽\u{200B}·\u{00A0}买买提",
                "阿依古丽·买买提",
                "阿依古丽买买提",
            ),
            ("John   Smith", "John Smith", "johnsmith"),
            ("", "", ""),
        ];
        for (raw, stored, key) in table {
            assert_eq!(person_name(raw), stored, "{raw:?}");
            assert_eq!(name_key(raw), key, "{raw:?}");
        }
    }

    #[test]
    fn line_breaks_count_once() {
        assert_eq!(line_breaks("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert!(matches!(line_breaks("abc"), std::borrow::Cow::Borrowed(_)));
    }
}
