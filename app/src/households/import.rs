//! Household import from a spreadsheet as offices really have them: Excel or WPS workbooks
//! (`.xlsx`, `.xls`, every sheet), CSV in UTF-8 or GBK/GB18030, title rows above the header,
//! pre-numbered blank rows, headers in many wordings, and the app's own households export.
//! Nothing is written until the preview is clean; README documents the layout.
use super::model::*;
use crate::i18n::Msg;
use crate::model::required;
use crate::normalize::{identifier, name_key, person_name};
use serde::{Deserialize, Serialize};

/// The columns of the import sheet, found by their header text (Chinese or English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Col {
    Village,
    Group,
    HeadName,
    HeadId,
    Phone,
    Population,
    Economy,
    Income,
    FamilyPlanning,
    Relations,
    Tags,
    Poor,
    Difficulties,
    Members,
    Cadres,
}

/// Each column with the headers that name it (after [`header_key`]; the first is the
/// documented one) and its label.
const COLUMNS: &[(Col, &[&str], Msg)] = &[
    (
        Col::Village,
        &["村", "村名", "行政村", "所在村", "村社区", "village"],
        Msg::FieldVillage,
    ),
    (
        Col::Group,
        &["村民小组", "组", "小组", "组别", "村组", "组名", "group"],
        Msg::FieldGroup,
    ),
    (
        Col::HeadName,
        &[
            "户主姓名",
            "户主",
            "户主名",
            "户主名字",
            "姓名",
            "head",
            "head_name",
        ],
        Msg::FieldHeadName,
    ),
    (
        Col::HeadId,
        &[
            "户主身份证号",
            "身份证号",
            "身份证号码",
            "户主身份证号码",
            "身份证",
            "户主身份证",
            "公民身份号码",
            "户主公民身份号码",
            "head_id",
            "id_number",
        ],
        Msg::FieldHeadId,
    ),
    (
        Col::Phone,
        &[
            "联系电话",
            "电话",
            "手机号",
            "手机号码",
            "联系方式",
            "电话号码",
            "手机",
            "联系手机",
            "户主电话",
            "户主手机",
            "phone",
        ],
        Msg::FieldPhone,
    ),
    (
        Col::Population,
        &[
            "家庭人口",
            "人口",
            "家庭人口数",
            "人口数",
            "家庭人数",
            "人数",
            "population",
        ],
        Msg::FieldPopulation,
    ),
    (
        Col::Economy,
        &["经济状况", "家庭经济状况", "economy"],
        Msg::FieldEconomy,
    ),
    (
        Col::Income,
        &["收入来源", "主要收入来源", "income"],
        Msg::FieldIncome,
    ),
    (
        Col::FamilyPlanning,
        &[
            "计生情况",
            "计划生育",
            "计划生育情况",
            "计生",
            "family_planning",
        ],
        Msg::FieldFamilyPlanning,
    ),
    (
        Col::Relations,
        &["社会关系", "relations"],
        Msg::FieldRelations,
    ),
    (Col::Tags, &["标签", "户类型", "tags"], Msg::FieldTags),
    (
        Col::Poor,
        &["困难户", "是否困难户", "是否贫困户", "poor"],
        Msg::TagPoor,
    ),
    (
        Col::Difficulties,
        &["困难类型", "主要困难", "困难", "difficulties"],
        Msg::FieldDifficulties,
    ),
    (
        Col::Members,
        &["家庭成员", "成员", "members"],
        Msg::FieldMembers,
    ),
    (
        Col::Cadres,
        &[
            "联系干部手机",
            "联系干部",
            "联系干部电话",
            "包户干部",
            "结对干部",
            "联户干部",
            "cadre_phones",
            "cadres",
        ],
        Msg::FieldCadrePhones,
    ),
];

impl Col {
    pub fn label(self) -> Msg {
        COLUMNS
            .iter()
            .find(|c| c.0 == self)
            .map_or(Msg::ImportColumn, |c| c.2)
    }

    fn required(self) -> bool {
        matches!(self, Col::Village | Col::Group | Col::HeadName)
    }

    /// The column a header names, however it is written: `户主\n姓名`, `*身份证号码`,
    /// `家庭成员（姓名/关系/出生年/身份证号）`, `ＰＨＯＮＥ`.
    pub fn from_header(text: &str) -> Option<Col> {
        let key = header_key(text);
        COLUMNS
            .iter()
            .find(|c| c.1.contains(&key.as_str()))
            .map(|c| c.0)
    }
}

/// A header as compared: half-width, lower case, without spaces, line breaks, required-marks
/// and colons, and without a bracketed explanation after the name.
fn header_key(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(crate::normalize::half_width)
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{feff}' | '*' | ':' | '：'))
        .flat_map(char::to_lowercase)
        .collect();
    let cut = folded.find(['(', '（', '[', '【']).unwrap_or(folded.len());
    folded[..cut].to_string()
}

/// A cell as the file holds it: Excel keeps numbers as binary floats, which is where ID
/// numbers lose their last digits.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    /// What Excel shows for the cell (a whole number without `.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Cell::Number(f) => f.to_string(),
        }
    }

    /// Empty, or a zero a formula left behind (pre-numbered template rows).
    fn is_blank(&self) -> bool {
        match self {
            Cell::Text(s) => matches!(s.trim(), "" | "0"),
            Cell::Number(f) => *f == 0.0,
        }
    }

    /// An identifier that went through a number: a number cell (Excel kept 15 significant
    /// digits) or text in the scientific notation a number turns into in a CSV.
    fn lost_digits(&self, col: Col) -> bool {
        match self {
            // An 11-digit phone survives a float; an 18-digit ID number never does.
            Cell::Number(f) => col == Col::HeadId || f.abs() >= 1e15 || f.fract() != 0.0,
            Cell::Text(s) => {
                let s = s.trim().to_ascii_uppercase();
                s.contains("E+") && s.chars().all(|c| c.is_ascii_digit() || ".E+".contains(c))
            }
        }
    }
}

/// One sheet of a workbook (a CSV file is one sheet with no name).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// Where a problem is: the sheet, its own row number (first row = 1) and the cell (`D5`)
/// when one cell is at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub sheet: String,
    pub row: usize,
    pub col: Option<Col>,
    pub cell: String,
    pub msg: Msg,
}

/// One kind of problem (a column and a message), how often it occurs and the first places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorGroup {
    pub col: Option<Col>,
    pub msg: Msg,
    pub count: usize,
    pub first: Vec<RowError>,
}

/// How many places of each kind the preview lists: enough to find the pattern, never a
/// 20,000-row table in the browser.
pub const FIRST_PLACES: usize = 5;

/// Groups problems by kind, in the order each kind first occurs.
pub fn group(errors: Vec<RowError>) -> Vec<ErrorGroup> {
    let mut groups: Vec<ErrorGroup> = Vec::new();
    for e in errors {
        match groups.iter_mut().find(|g| g.col == e.col && g.msg == e.msg) {
            Some(g) => {
                g.count += 1;
                if g.first.len() < FIRST_PLACES {
                    g.first.push(e);
                }
            }
            None => groups.push(ErrorGroup {
                col: e.col,
                msg: e.msg,
                count: 1,
                first: vec![e],
            }),
        }
    }
    groups
}

/// What a preview or an import found.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ImportReport {
    /// Data rows read, blank rows not counted.
    pub rows: usize,
    /// Households the import writes (or wrote).
    pub new: usize,
    /// Rows already in the register: skipped, never written twice.
    pub registered: Vec<ErrorGroup>,
    /// Rows with nothing in any recognised column (pre-numbered 序号, formulas giving 0 or "").
    pub blank: usize,
    /// Headers no column matched, as written in the sheet: their values are not imported.
    pub ignored: Vec<String>,
    /// Columns whose values arrived masked (an export): they are not imported.
    pub masked: Vec<Col>,
    /// Sheets with no header row beside sheets that have one (instructions, dropdown lists):
    /// not read.
    #[serde(default)]
    pub skipped_sheets: Vec<String>,
    /// Every problem, counted.
    pub error_count: usize,
    /// The problems by kind, with the first places of each.
    pub errors: Vec<ErrorGroup>,
    /// True only when the rows were written; false for a preview or a refused import.
    pub imported: bool,
}

/// The column name of a zero-based index: 0 → `A`, 27 → `AB`.
fn col_name(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Where each column sits in one sheet.
pub struct Layout(Vec<(Col, usize)>);

/// A row as the import reads it, before the database has its say.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub sheet: String,
    pub row: usize,
    pub household: NewHousehold,
    /// Cadres named by name rather than phone (the export writes names).
    pub cadre_names: Vec<String>,
    /// The head's ID number as the export masks it (`110105********002X`), to tell two
    /// namesakes apart when matching the register.
    pub head_masked_id: Option<String>,
}

impl ImportRow {
    /// The key of its head's name, for matching the register.
    pub fn head_key(&self) -> String {
        name_key(&self.household.head_name)
    }
}

/// Whether an export masked this value (`138****5678`, `110105********002X`).
fn is_masked(s: &str) -> bool {
    s.contains('*')
}

impl Layout {
    /// The layout of a header row, with the headers it does not know (non-empty, as written).
    fn from_header(header: &[Cell]) -> (Self, Vec<String>) {
        let mut found = Vec::new();
        let mut ignored = Vec::new();
        for (i, cell) in header.iter().enumerate() {
            let text = cell.text();
            match Col::from_header(&text) {
                Some(col) if !found.iter().any(|(c, _)| *c == col) => found.push((col, i)),
                _ if text.trim().is_empty() => {}
                _ => ignored.push(text.split_whitespace().collect::<Vec<_>>().join(" ")),
            }
        }
        (Layout(found), ignored)
    }

    fn has(&self, col: Col) -> bool {
        self.0.iter().any(|(c, _)| *c == col)
    }

    fn complete(&self) -> bool {
        COLUMNS.iter().all(|c| !c.0.required() || self.has(c.0))
    }

    fn index(&self, col: Col) -> Option<usize> {
        self.0.iter().find(|(c, _)| *c == col).map(|(_, i)| *i)
    }

    fn cell<'a>(&self, row: &'a [Cell], col: Col) -> Option<&'a Cell> {
        self.index(col).and_then(|i| row.get(i))
    }

    fn text(&self, row: &[Cell], col: Col) -> String {
        self.cell(row, col).map(Cell::text).unwrap_or_default()
    }

    fn blank(&self, row: &[Cell]) -> bool {
        self.0
            .iter()
            .all(|(_, i)| row.get(*i).is_none_or(Cell::is_blank))
    }

    /// Parses one data row (`number` is its row in the sheet), collecting every problem and
    /// the columns whose values came masked.
    fn parse_row(
        &self,
        sheet: &str,
        number: usize,
        row: &[Cell],
        masked: &mut Vec<Col>,
    ) -> Result<ImportRow, Vec<RowError>> {
        let mut errors = Vec::new();
        let mut check = |col: Col, r: Result<(), Msg>| {
            if let Err(msg) = r {
                errors.push(RowError {
                    sheet: sheet.to_string(),
                    row: number,
                    col: Some(col),
                    cell: self
                        .index(col)
                        .map(|i| format!("{}{number}", col_name(i)))
                        .unwrap_or_default(),
                    msg,
                });
            }
        };
        let mut mask = |col: Col| {
            if !masked.contains(&col) {
                masked.push(col);
            }
        };
        macro_rules! field {
            ($col:expr, $parse:expr, $default:expr) => {{
                match $parse(self.text(row, $col).as_str()) {
                    Ok(v) => v,
                    Err(m) => {
                        check($col, Err(m));
                        $default
                    }
                }
            }};
        }
        // An identifier that went through a number has lost digits: refuse it, never guess.
        let digits_lost = |col: Col| self.cell(row, col).is_some_and(|c| c.lost_digits(col));
        for col in [Col::HeadId, Col::Phone] {
            if digits_lost(col) {
                check(col, Err(Msg::ImportNumberCell));
            }
        }
        let village = field!(Col::Village, |s: &str| required(s, 50), String::new());
        let group = field!(Col::Group, |s: &str| required(s, 50), String::new());
        let head_name = field!(
            Col::HeadName,
            |s: &str| required(&person_name(s), 20),
            String::new()
        );
        let id_text = self.text(row, Col::HeadId);
        let head_masked_id = is_masked(&id_text).then(|| identifier(&id_text));
        let head_id = if digits_lost(Col::HeadId) || head_masked_id.is_some() {
            if head_masked_id.is_some() {
                mask(Col::HeadId);
            }
            None
        } else {
            field!(Col::HeadId, optional_id, None)
        };
        let phone = if digits_lost(Col::Phone) {
            None
        } else if is_masked(&self.text(row, Col::Phone)) {
            mask(Col::Phone);
            None
        } else {
            field!(Col::Phone, optional_phone, None)
        };
        let ImportedMembers {
            members,
            head_birth_year,
            head_masked_id: head_entry_id,
            masked: members_masked,
        } = field!(
            Col::Members,
            |s: &str| import_members(s, &head_name),
            ImportedMembers::default()
        );
        if members_masked {
            mask(Col::Members);
        }
        let population = field!(
            Col::Population,
            |s: &str| parse_population(&population_text(s), members.len()),
            1
        );
        let economy = field!(Col::Economy, long_text, String::new());
        let income_sources = field!(Col::Income, long_text, String::new());
        let family_planning = field!(Col::FamilyPlanning, long_text, String::new());
        let social_relations = field!(Col::Relations, long_text, String::new());
        let mut tags = field!(Col::Tags, parse_tags, Vec::new());
        if field!(Col::Poor, yes_no, false) && !tags.contains(&Tag::Poor) {
            tags.push(Tag::Poor);
        }
        let difficulties = field!(Col::Difficulties, parse_difficulties, Vec::new());
        let (cadre_phones, cadre_names) = cadres(&self.text(row, Col::Cadres));
        if !difficulties.is_empty() && !tags.contains(&Tag::Poor) {
            check(Col::Difficulties, Err(Msg::ValDifficultyNotPoor));
        }
        // The export lists the head among the members (户主): their birth year and, when the
        // export masked it, their ID number's visible ends come from that entry.
        let head_masked_id = head_masked_id.or(head_entry_id);
        if errors.is_empty() {
            Ok(ImportRow {
                sheet: sheet.to_string(),
                row: number,
                household: NewHousehold {
                    village,
                    group,
                    head_name,
                    head_id,
                    head_birth_year,
                    phone,
                    population,
                    economy,
                    income_sources,
                    family_planning,
                    social_relations,
                    tags,
                    difficulties,
                    members,
                    cadre_phones,
                },
                cadre_names,
                head_masked_id,
            })
        } else {
            Err(errors)
        }
    }
}

/// `3`, `３`, `3人`, `3.0` → `3`.
fn population_text(s: &str) -> String {
    let s = identifier(s);
    let s = s.trim_end_matches('人');
    s.strip_suffix(".0").unwrap_or(s).to_string()
}

/// The 困难户 column: yes, no, or empty for no.
fn yes_no(s: &str) -> Result<bool, Msg> {
    match identifier(s).to_lowercase().as_str() {
        "是" | "是的" | "y" | "yes" | "true" | "1" | "√" | "✓" | "困难户" | "贫困户" => {
            Ok(true)
        }
        "" | "否" | "不是" | "n" | "no" | "false" | "0" | "×" => Ok(false),
        _ => Err(Msg::ValChoice),
    }
}

/// Cadres by phone or, as the export writes them, by name.
fn cadres(s: &str) -> (Vec<crate::model::Phone>, Vec<String>) {
    let mut phones = Vec::new();
    let mut names = Vec::new();
    for part in split_list(s) {
        match crate::model::Phone::parse(part) {
            Ok(p) => phones.push(p),
            Err(_) => names.push(person_name(part)),
        }
    }
    (phones, names)
}

/// The members column. The head's own entry (relation 户主, as the export writes it) is not a
/// member: it gives back the head's birth year and masked ID number. A masked ID number is
/// dropped (`masked` says one was).
fn import_members(raw: &str, head_name: &str) -> Result<ImportedMembers, Msg> {
    let mut out = ImportedMembers::default();
    for entry in raw
        .split([';', '；', '\n'])
        .filter(|e| !e.trim().is_empty())
    {
        let parts: Vec<&str> = entry.split(['/', '／']).map(str::trim).collect();
        let masked_id = parts
            .get(3)
            .filter(|id| is_masked(id))
            .map(|id| identifier(id));
        let entry = if masked_id.is_some() {
            out.masked = true;
            parts[..3].join("/")
        } else {
            entry.to_string()
        };
        let mut parsed = parse_members(&entry)?;
        let Some(m) = parsed.pop() else { continue };
        if m.relation == "户主" && name_key(&m.name) == name_key(head_name) {
            out.head_birth_year = m.birth_year;
            out.head_masked_id = masked_id;
        } else {
            out.members.push(m);
        }
    }
    Ok(out)
}

/// The members column as the import reads it.
#[derive(Default)]
struct ImportedMembers {
    /// Everyone but the head.
    members: Vec<NewMember>,
    /// From the head's own 户主 entry, when the column has one.
    head_birth_year: Option<i32>,
    head_masked_id: Option<String>,
    /// Some ID number in the column came masked, and was dropped.
    masked: bool,
}

/// A parsed workbook: the good rows, every problem, and what was read past.
#[derive(Default)]
pub struct Parsed {
    pub good: Vec<ImportRow>,
    pub errors: Vec<RowError>,
    pub rows: usize,
    pub blank: usize,
    pub ignored: Vec<String>,
    pub masked: Vec<Col>,
    pub skipped_sheets: Vec<String>,
}

/// How far down a sheet the header may be (title and note rows above it).
const HEADER_SEARCH_ROWS: usize = 10;

/// Parses every sheet. In each, the header is the first of its top rows that names every
/// required column; rows with nothing in a recognised column are counted as blank; an ID
/// number that appears twice in the workbook is an error on its second row.
pub fn parse_book(sheets: &[Sheet]) -> Parsed {
    let mut out = Parsed::default();
    let mut seen_ids = std::collections::HashSet::new();
    // Sheets with data but no header: instructions, dropdown lists. Skipped by name when
    // another sheet has a header; when none has, the missing columns are the problem.
    let mut headless = Vec::new();
    let mut any_header = false;
    for sheet in sheets {
        let header_at = sheet
            .rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .position(|r| Layout::from_header(r).0.complete());
        let Some(h) = header_at else {
            if sheet.rows.iter().flatten().any(|c| !c.is_blank()) {
                headless.push(sheet);
            }
            continue;
        };
        any_header = true;
        let (layout, ignored) = Layout::from_header(&sheet.rows[h]);
        for name in ignored {
            if !out.ignored.contains(&name) {
                out.ignored.push(name);
            }
        }
        for (i, row) in sheet.rows.iter().enumerate().skip(h + 1) {
            let number = i + 1;
            if layout.blank(row) {
                // Rows with nothing at all are not rows; a numbered template row is.
                out.blank += usize::from(row.iter().any(|c| !c.text().trim().is_empty()));
                continue;
            }
            out.rows += 1;
            match layout.parse_row(&sheet.name, number, row, &mut out.masked) {
                Ok(r) => {
                    let h = &r.household;
                    let ids = h
                        .head_id
                        .iter()
                        .chain(h.members.iter().filter_map(|m| m.id_number.as_ref()));
                    let mut dup = false;
                    for id in ids {
                        dup |= !seen_ids.insert(id.as_str().to_string());
                    }
                    if dup {
                        out.errors.push(RowError {
                            sheet: sheet.name.clone(),
                            row: number,
                            col: Some(Col::HeadId),
                            cell: String::new(),
                            msg: Msg::ImportDuplicateId,
                        });
                    } else {
                        out.good.push(r);
                    }
                }
                Err(mut e) => out.errors.append(&mut e),
            }
        }
    }
    for sheet in headless {
        if any_header {
            out.skipped_sheets.push(sheet.name.clone());
            continue;
        }
        let best = sheet
            .rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .map(|r| Layout::from_header(r).0)
            .max_by_key(|l| l.0.len())
            .unwrap_or(Layout(Vec::new()));
        for c in COLUMNS.iter().filter(|c| c.0.required() && !best.has(c.0)) {
            out.errors.push(RowError {
                sheet: sheet.name.clone(),
                row: 1,
                col: Some(c.0),
                cell: String::new(),
                msg: Msg::ImportMissingColumn,
            });
        }
    }
    if out.rows == 0 && out.errors.is_empty() {
        out.errors.push(RowError {
            sheet: String::new(),
            row: 1,
            col: None,
            cell: String::new(),
            msg: Msg::ImportEmpty,
        });
    }
    out
}

/// Reads an upload into sheets: `.csv` (UTF-8 with or without BOM, else GBK/GB18030, what
/// older Excel and WPS write), `.xlsx`, `.xlsm`, `.xls` and `.ods` (every sheet).
#[cfg(feature = "ssr")]
pub fn read_book(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, Msg> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".csv") {
        let text = decode_csv(bytes)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let rows = reader
            .records()
            .map(|r| {
                r.map(|rec| rec.iter().map(|c| Cell::Text(c.to_string())).collect())
                    .map_err(|_| Msg::ImportUnreadable)
            })
            .collect::<Result<_, _>>()?;
        Ok(vec![Sheet {
            name: String::new(),
            rows,
        }])
    } else if [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        // calamine is a large parser fed by whoever uploads: a workbook it chokes on is
        // unreadable, never a panic.
        std::panic::catch_unwind(|| read_workbook(bytes)).unwrap_or(Err(Msg::ImportUnreadable))
    } else {
        Err(Msg::ImportFileType)
    }
}

/// UTF-8 (BOM or not) when the bytes are UTF-8, else GB18030 (a superset of GBK and GB2312);
/// bytes that are neither are refused, never stored as mojibake.
#[cfg(feature = "ssr")]
fn decode_csv(bytes: &[u8]) -> Result<String, Msg> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        Err(Msg::ImportNotUtf8)
    } else {
        Ok(text.into_owned())
    }
}

#[cfg(feature = "ssr")]
fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, Msg> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| Msg::ImportUnreadable)?;
    let mut sheets = Vec::new();
    for (name, range) in book.worksheets() {
        // Rows and columns as Excel numbers them, whatever cell the used range starts at.
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = (0..top).map(|_| Vec::new()).collect();
        for row in range.rows() {
            let mut cells: Vec<Cell> = (0..left).map(|_| Cell::Text(String::new())).collect();
            cells.extend(row.iter().map(|cell| match cell {
                Data::Empty => Cell::Text(String::new()),
                Data::Float(f) => Cell::Number(*f),
                Data::Int(i) => Cell::Number(*i as f64),
                Data::String(s) => Cell::Text(s.clone()),
                other => Cell::Text(other.to_string()),
            }));
            rows.push(cells);
        }
        sheets.push(Sheet { name, rows });
    }
    if sheets.is_empty() {
        return Err(Msg::ImportEmpty);
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_rows(rows: &[&[&str]]) -> Vec<Vec<Cell>> {
        rows.iter()
            .map(|r| r.iter().map(|s| Cell::Text(s.to_string())).collect())
            .collect()
    }

    fn sheet(rows: &[&[&str]]) -> Vec<Sheet> {
        vec![Sheet {
            name: String::new(),
            rows: text_rows(rows),
        }]
    }

    fn msgs(p: &Parsed) -> Vec<(usize, Option<Col>, Msg)> {
        p.errors.iter().map(|e| (e.row, e.col, e.msg)).collect()
    }

    #[test]
    fn good_and_bad_rows() {
        let rows = sheet(&[
            &[
                "村",
                "村民小组",
                "户主姓名",
                "户主身份证号",
                "联系电话",
                "标签",
                "困难类型",
            ],
            &[
                "民智村",
                "一组",
                "张三",
                "11010519491231002X",
                "13812345678",
                "困难户",
                "看病",
            ],
            &["民智村", "一组", "", "", "12345", "", ""],
            &["", "", "", "", "", "", ""],
            &["民智村", "二组", "王五", "11010519491231002X", "", "", ""],
        ]);
        let p = parse_book(&rows);
        assert_eq!(p.rows, 3);
        assert_eq!(p.good.len(), 1);
        assert_eq!(p.good[0].household.head_name, "张三");
        assert_eq!(p.good[0].household.population, 1);
        let m = msgs(&p);
        assert!(m.contains(&(3, Some(Col::HeadName), Msg::ValRequired)));
        assert!(m.contains(&(3, Some(Col::Phone), Msg::ValPhone)));
        assert!(m.contains(&(5, Some(Col::HeadId), Msg::ImportDuplicateId)));
        let phone = p.errors.iter().find(|e| e.col == Some(Col::Phone)).unwrap();
        assert_eq!(phone.cell, "E3");
    }

    #[test]
    fn missing_columns_and_empty_sheets() {
        assert_eq!(
            parse_book(&sheet(&[&["户主姓名"], &["张三"]])).errors.len(),
            2
        );
        assert_eq!(parse_book(&[]).errors[0].msg, Msg::ImportEmpty);
        let headers_only = parse_book(&sheet(&[&["village", "group", "head"]]));
        assert_eq!(headers_only.errors[0].msg, Msg::ImportEmpty);
    }

    #[test]
    fn difficulties_need_the_poor_tag() {
        let rows = sheet(&[&["村", "组", "户主", "困难类型"], &["a", "b", "c", "住房"]]);
        assert_eq!(parse_book(&rows).errors[0].msg, Msg::ValDifficultyNotPoor);
    }

    #[test]
    fn headers_in_the_wordings_offices_use() {
        let table = [
            ("身份证号码", Col::HeadId),
            ("户主身份证号码", Col::HeadId),
            ("*户主身份证号", Col::HeadId),
            ("手机号", Col::Phone),
            ("手机号码", Col::Phone),
            ("联系方式", Col::Phone),
            ("电话号码", Col::Phone),
            ("家庭人口数", Col::Population),
            ("计划生育", Col::FamilyPlanning),
            ("户主\n姓名", Col::HeadName),
            ("户主 姓名：", Col::HeadName),
            ("家庭成员（姓名/关系/出生年/身份证号）", Col::Members),
            ("村（社区）", Col::Village),
            ("ＰＨＯＮＥ", Col::Phone),
            ("联系干部", Col::Cadres),
            ("困难户", Col::Poor),
        ];
        for (header, col) in table {
            assert_eq!(Col::from_header(header), Some(col), "{header:?}");
        }
        assert_eq!(Col::from_header("序号"), None);
        assert_eq!(Col::from_header("备注"), None);
    }

    #[test]
    fn unknown_columns_are_named_and_nothing_is_dropped_silently() {
        let rows = sheet(&[
            &[
                "序号",
                "村",
                "村民小组",
                "户主姓名",
                "身份证号码",
                "手机号码",
                "备注",
                "家庭人口数",
                "计划生育",
            ],
            &[
                "1",
                "民智村",
                "一组",
                "张三",
                "11010519491231002X",
                "１３９００００２２２２",
                "x",
                "3",
                "已落实",
            ],
        ]);
        let p = parse_book(&rows);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.ignored, ["序号", "备注"]);
        let h = &p.good[0].household;
        assert_eq!(
            h.head_id.as_ref().map(|i| i.as_str()),
            Some("11010519491231002X")
        );
        assert_eq!(h.phone.as_ref().map(|p| p.as_str()), Some("13900002222"));
        assert_eq!(h.population, 3);
        assert_eq!(h.family_planning, "已落实");
    }

    #[test]
    fn title_rows_numbered_blank_rows_and_sheets() {
        let mut rows = text_rows(&[
            &["民智村 农户花名册"],
            &["截至2026-11-30 · 导出：办公室"],
            &["序号", "村", "村民小组", "户主"],
            &["1", "民智村", "一组", "张三"],
        ]);
        for n in 2..=499 {
            rows.push(vec![
                Cell::Number(n as f64),
                Cell::Text(String::new()),
                Cell::Number(0.0),
                Cell::Text(String::new()),
            ]);
        }
        let book = vec![
            Sheet {
                name: "民智村".into(),
                rows,
            },
            Sheet {
                name: "空表".into(),
                rows: Vec::new(),
            },
            Sheet {
                name: "填表说明".into(),
                rows: text_rows(&[&["身份证号请设为文本格式"], &["每户一行"]]),
            },
            Sheet {
                name: "廖家村".into(),
                rows: text_rows(&[
                    &["村", "组", "户主", "电话"],
                    &["廖家村", "一组", "李四", "123"],
                ]),
            },
        ];
        let p = parse_book(&book);
        assert_eq!((p.rows, p.blank, p.good.len()), (2, 498, 1));
        assert_eq!(p.skipped_sheets, ["填表说明"]);
        assert_eq!(p.good[0].row, 4);
        assert_eq!(
            p.errors,
            [RowError {
                sheet: "廖家村".into(),
                row: 2,
                col: Some(Col::Phone),
                cell: "D2".into(),
                msg: Msg::ValPhone
            }]
        );
    }

    #[test]
    fn identifiers_that_went_through_a_number_are_refused() {
        // 11010519491231002X cannot be a number; a real 18-digit ID typed into a number cell
        // is stored as the nearest float, its last digits changed.
        let id = 110105194912310021_f64;
        let book = vec![Sheet {
            name: "S".into(),
            rows: vec![
                ["村", "组", "户主", "身份证号", "电话"]
                    .map(|s| Cell::Text(s.into()))
                    .to_vec(),
                vec![
                    Cell::Text("民智村".into()),
                    Cell::Text("一组".into()),
                    Cell::Text("张三".into()),
                    Cell::Number(id),
                    Cell::Number(13900002222.0),
                ],
                ["民智村", "一组", "李四", "1.10105E+17", "1.39E+10"]
                    .map(|s| Cell::Text(s.into()))
                    .to_vec(),
                [
                    "民智村",
                    "一组",
                    "王五",
                    "'11010519491231002ｘ",
                    " 139 0000 2222 ",
                ]
                .map(|s| Cell::Text(s.into()))
                .to_vec(),
            ],
        }];
        let p = parse_book(&book);
        let m: Vec<(usize, String, Msg)> = p
            .errors
            .iter()
            .map(|e| (e.row, e.cell.clone(), e.msg))
            .collect();
        assert_eq!(
            m,
            [
                (2, "D2".to_string(), Msg::ImportNumberCell),
                (3, "D3".to_string(), Msg::ImportNumberCell),
                (3, "E3".to_string(), Msg::ImportNumberCell),
            ]
        );
        assert_eq!(p.good.len(), 1);
        assert_eq!(
            p.good[0].household.head_id.as_ref().unwrap().as_str(),
            "11010519491231002X"
        );
        assert_eq!(
            p.good[0].household.phone.as_ref().unwrap().as_str(),
            "13900002222"
        );
    }

    #[test]
    fn the_export_reads_back_with_its_masks_named() {
        let rows = sheet(&[
            &["村", "村民小组", "户主", "家庭人口", "联系电话", "困难户", "困难类型", "标签", "家庭成员（姓名/关系/出生年/身份证号）", "联系干部"],
            &["民智村", "一组", "张三", "3", "138****5678", "是", "看病难、住房难", "社会贤达", "张三/户主/1949/110105********002X；李四/配偶/1952/；张小明/子女/1980/110105********1234", "刘建国、13800000102"],
        ]);
        let p = parse_book(&rows);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let r = &p.good[0];
        let h = &r.household;
        assert_eq!(h.population, 3);
        assert_eq!(h.members.len(), 2);
        assert_eq!(h.members[1].id_number, None);
        assert_eq!(h.head_birth_year, Some(1949));
        assert_eq!(r.head_masked_id.as_deref(), Some("110105********002X"));
        assert_eq!(h.tags, [Tag::Notable, Tag::Poor]);
        assert_eq!(h.difficulties, [Difficulty::Medical, Difficulty::Housing]);
        assert_eq!(h.phone, None);
        assert_eq!(r.cadre_names, ["刘建国"]);
        assert_eq!(h.cadre_phones.len(), 1);
        assert_eq!(p.masked, [Col::Phone, Col::Members]);
    }

    #[test]
    fn problems_are_grouped_by_kind() {
        let errors: Vec<RowError> = (2..20_002)
            .map(|row| RowError {
                sheet: String::new(),
                row,
                col: Some(if row % 2 == 0 {
                    Col::Phone
                } else {
                    Col::HeadName
                }),
                cell: String::new(),
                msg: Msg::ValPhone,
            })
            .collect();
        let g = group(errors);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].count, g[0].first.len()), (10_000, FIRST_PLACES));
        assert_eq!(g[1].first[0].row, 3);
    }

    #[test]
    fn column_names() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(27), "AB");
        assert_eq!(col_name(701), "ZZ");
        assert_eq!(col_name(702), "AAA");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn csv_in_utf8_with_or_without_bom_and_in_gbk() {
        let rows = |name: &str, bytes: &[u8]| -> Vec<Vec<String>> {
            read_book(name, bytes).unwrap()[0]
                .rows
                .iter()
                .map(|r| r.iter().map(Cell::text).collect())
                .collect()
        };
        let text = "村,组\n民智村,一组\n";
        let want = vec![vec!["村", "组"], vec!["民智村", "一组"]];
        assert_eq!(rows("x.CSV", format!("\u{feff}{text}").as_bytes()), want);
        assert_eq!(rows("x.csv", text.as_bytes()), want);
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert_eq!(rows("x.csv", &gbk), want);
        assert_eq!(read_book("x.txt", b""), Err(Msg::ImportFileType));
        assert_eq!(read_book("x.csv", &[0x81, 0x20]), Err(Msg::ImportNotUtf8));
        assert_eq!(
            read_book("x.xlsx", b"not a zip"),
            Err(Msg::ImportUnreadable)
        );
        assert_eq!(
            read_book("x.xls", b"not a workbook"),
            Err(Msg::ImportUnreadable)
        );
    }

    /// xorshift64*: a fixed seed, so a failure replays.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    const HEADER: [&str; 10] = [
        "村",
        "村民小组",
        "户主姓名",
        "户主身份证号",
        "联系电话",
        "家庭人口",
        "标签",
        "困难类型",
        "家庭成员",
        "联系干部手机",
    ];
    const ROW: [&str; 10] = [
        "民智村",
        "一组",
        "赵一",
        "11010519491231002X",
        "13811112222",
        "3",
        "困难户",
        "看病",
        "赵二/配偶/1952",
        "13800000101",
    ];

    /// A minimal workbook (inline strings), stored or deflated.
    #[cfg(feature = "ssr")]
    fn workbook(rows: &[Vec<String>], deflate: bool) -> Vec<u8> {
        use std::io::Write;
        use zip::write::SimpleFileOptions;
        let esc = |t: &str| {
            t.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let mut sheet = String::from(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for (r, row) in rows.iter().enumerate() {
            sheet += &format!(r#"<row r="{}">"#, r + 1);
            for (c, text) in row.iter().enumerate() {
                let col = (b'A' + c as u8) as char;
                sheet += &format!(
                    r#"<c r="{col}{}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    r + 1,
                    esc(text)
                );
            }
            sheet += "</row>";
        }
        sheet += "</sheetData></worksheet>";
        let files = [
            ("[Content_Types].xml", r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            ("xl/worksheets/sheet1.xml", sheet),
        ];
        let method = if deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in files {
            zip.start_file(
                name,
                SimpleFileOptions::default().compression_method(method),
            )
            .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn cell(rng: &mut Rng) -> String {
        const ODD: [&str; 12] = [
            "",
            "0",
            "-1",
            "9999999999999999999",
            "1e309",
            "NaN",
            "=1+1",
            "赵二/配偶/",
            "//1952",
            "/ / /",
            "\u{0}",
            "民智村,一组",
        ];
        match rng.below(3) {
            0 => ODD[rng.below(ODD.len())].to_string(),
            1 => (0..rng.below(30))
                .map(|_| char::from_u32(rng.below(0x2_0000) as u32).unwrap_or('?'))
                .collect(),
            _ => ROW[rng.below(ROW.len())].to_string(),
        }
    }

    fn flip(rng: &mut Rng, mut bytes: Vec<u8>) -> Vec<u8> {
        for _ in 0..1 + rng.below(16) {
            if bytes.is_empty() {
                break;
            }
            let i = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[i] = rng.next() as u8,
                1 => bytes.truncate(i),
                _ => bytes.insert(i, rng.next() as u8),
            }
        }
        bytes
    }

    /// Property: whatever the bytes, reading and parsing an upload ends in rows or a
    /// catalogue message, never a panic; every bad row is named by its row number.
    #[cfg(feature = "ssr")]
    #[test]
    fn no_upload_makes_the_import_panic() {
        let good = vec![
            HEADER.map(str::to_string).to_vec(),
            ROW.map(str::to_string).to_vec(),
        ];
        let seed = workbook(&good, false);
        let texts = |sheets: Vec<Sheet>| -> Vec<Vec<String>> {
            sheets[0]
                .rows
                .iter()
                .map(|r| r.iter().map(Cell::text).collect())
                .collect()
        };
        assert_eq!(texts(read_book("h.xlsx", &seed).unwrap()), good);
        assert_eq!(
            texts(read_book("h.xlsx", &workbook(&good, true)).unwrap()),
            good
        );
        let csv = format!("{}\n{}\n", HEADER.join(","), ROW.join(","));
        let cases: usize = std::env::var("SHUGEN_FUZZ_CASES")
            .ok()
            .and_then(|s| s.parse::<usize>().ok())
            .map_or(12_000, |n| n * 480);
        let mut rng = Rng(0x1A2B_3C4D_5E6F_7788);
        let (mut read, mut refused) = (0, 0);
        for i in 0..cases {
            let (name, bytes) = match i % 4 {
                0 => ("h.csv", flip(&mut rng, csv.clone().into_bytes())),
                1 => ("h.xlsx", flip(&mut rng, seed.clone())),
                2 => {
                    let rows: Vec<Vec<String>> = (0..1 + rng.below(4))
                        .map(|r| {
                            if r == 0 && rng.below(2) == 0 {
                                HEADER.map(str::to_string).to_vec()
                            } else {
                                (0..rng.below(14)).map(|_| cell(&mut rng)).collect()
                            }
                        })
                        .collect();
                    ("h.xlsx", workbook(&rows, rng.below(2) == 0))
                }
                _ => (
                    "h.xlsx",
                    (0..rng.below(2048)).map(|_| rng.next() as u8).collect(),
                ),
            };
            match read_book(name, &bytes) {
                Ok(sheets) => {
                    read += 1;
                    let parsed = parse_book(&sheets);
                    let longest = sheets.iter().map(|s| s.rows.len()).max().unwrap_or(0);
                    assert!(parsed.errors.iter().all(|e| e.row <= longest + 1));
                }
                Err(msg) => {
                    refused += 1;
                    assert!(!msg.text(crate::i18n::Locale::Zh).is_empty());
                }
            }
        }
        println!("import fuzz: {cases} uploads, {read} read, {refused} refused with a message");
        assert!(read > 0 && refused > 0);
    }
}
