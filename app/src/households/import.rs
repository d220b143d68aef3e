//! Household import from a spreadsheet: the column layout, row parsing, and the preview
//! that lists every bad row before anything is written. README documents the layout.
use super::model::*;
use crate::i18n::Msg;
use crate::model::required;
use serde::{Deserialize, Serialize};

/// The columns of the import sheet, found by their header text (Chinese or English).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    Difficulties,
    Members,
    Cadres,
}

impl Col {
    pub const ALL: [Col; 14] = [
        Col::Village,
        Col::Group,
        Col::HeadName,
        Col::HeadId,
        Col::Phone,
        Col::Population,
        Col::Economy,
        Col::Income,
        Col::FamilyPlanning,
        Col::Relations,
        Col::Tags,
        Col::Difficulties,
        Col::Members,
        Col::Cadres,
    ];

    /// The header names accepted for this column; the first is the documented one.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Col::Village => &["村", "village"],
            Col::Group => &["村民小组", "组", "group"],
            Col::HeadName => &["户主姓名", "户主", "head"],
            Col::HeadId => &["户主身份证号", "身份证号", "head_id"],
            Col::Phone => &["联系电话", "电话", "phone"],
            Col::Population => &["家庭人口", "人口", "population"],
            Col::Economy => &["经济状况", "economy"],
            Col::Income => &["收入来源", "income"],
            Col::FamilyPlanning => &["计生情况", "family_planning"],
            Col::Relations => &["社会关系", "relations"],
            Col::Tags => &["标签", "tags"],
            Col::Difficulties => &["困难类型", "difficulties"],
            Col::Members => &["家庭成员", "members"],
            Col::Cadres => &["联系干部手机", "cadre_phones"],
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Col::Village => Msg::FieldVillage,
            Col::Group => Msg::FieldGroup,
            Col::HeadName => Msg::FieldHeadName,
            Col::HeadId => Msg::FieldHeadId,
            Col::Phone => Msg::FieldPhone,
            Col::Population => Msg::FieldPopulation,
            Col::Economy => Msg::FieldEconomy,
            Col::Income => Msg::FieldIncome,
            Col::FamilyPlanning => Msg::FieldFamilyPlanning,
            Col::Relations => Msg::FieldRelations,
            Col::Tags => Msg::FieldTags,
            Col::Difficulties => Msg::FieldDifficulties,
            Col::Members => Msg::FieldMembers,
            Col::Cadres => Msg::FieldCadrePhones,
        }
    }

    fn required(self) -> bool {
        matches!(self, Col::Village | Col::Group | Col::HeadName)
    }
}

/// One problem in the sheet: the sheet's own row number (header = row 1) and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row: usize,
    pub col: Option<Col>,
    pub msg: Msg,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: usize,
    pub errors: Vec<RowError>,
    /// True only when the rows were written; false for a preview or a refused import.
    pub imported: bool,
}

/// Where each column sits in the sheet.
pub struct Layout(Vec<(Col, usize)>);

impl Layout {
    pub fn from_header(header: &[String]) -> Result<Self, Vec<RowError>> {
        let mut found = Vec::new();
        for (i, cell) in header.iter().enumerate() {
            let h = cell.trim().trim_start_matches('\u{feff}').to_lowercase();
            if let Some(col) = Col::ALL.iter().find(|c| c.headers().contains(&h.as_str())) {
                found.push((*col, i));
            }
        }
        let missing: Vec<RowError> = Col::ALL
            .iter()
            .filter(|c| c.required() && !found.iter().any(|(f, _)| f == *c))
            .map(|c| RowError {
                row: 1,
                col: Some(*c),
                msg: Msg::ImportMissingColumn,
            })
            .collect();
        if missing.is_empty() {
            Ok(Layout(found))
        } else {
            Err(missing)
        }
    }

    fn cell<'a>(&self, row: &'a [String], col: Col) -> &'a str {
        self.0
            .iter()
            .find(|(c, _)| *c == col)
            .and_then(|(_, i)| row.get(*i))
            .map(|s| s.as_str())
            .unwrap_or("")
    }

    /// Parses one data row (`number` is its row in the sheet), collecting every problem.
    pub fn parse_row(&self, number: usize, row: &[String]) -> Result<NewHousehold, Vec<RowError>> {
        let mut errors = Vec::new();
        let mut check = |col: Col, r: Result<(), Msg>| {
            if let Err(msg) = r {
                errors.push(RowError {
                    row: number,
                    col: Some(col),
                    msg,
                });
            }
        };
        macro_rules! field {
            ($col:expr, $parse:expr, $default:expr) => {{
                match $parse(self.cell(row, $col)) {
                    Ok(v) => v,
                    Err(m) => {
                        check($col, Err(m));
                        $default
                    }
                }
            }};
        }
        let village = field!(Col::Village, |s| required(s, 50), String::new());
        let group = field!(Col::Group, |s| required(s, 50), String::new());
        let head_name = field!(Col::HeadName, |s| required(s, 20), String::new());
        let head_id = field!(Col::HeadId, optional_id, None);
        let phone = field!(Col::Phone, optional_phone, None);
        let members = field!(Col::Members, parse_members, Vec::new());
        let population = field!(Col::Population, |s| parse_population(s, members.len()), 1);
        let economy = field!(Col::Economy, long_text, String::new());
        let income_sources = field!(Col::Income, long_text, String::new());
        let family_planning = field!(Col::FamilyPlanning, long_text, String::new());
        let social_relations = field!(Col::Relations, long_text, String::new());
        let tags = field!(Col::Tags, parse_tags, Vec::new());
        let difficulties = field!(Col::Difficulties, parse_difficulties, Vec::new());
        let cadre_phones = field!(
            Col::Cadres,
            |s: &str| split_list(s)
                .map(crate::model::Phone::parse)
                .collect::<Result<Vec<_>, _>>(),
            Vec::new()
        );
        if !difficulties.is_empty() && !tags.contains(&Tag::Poor) {
            check(Col::Difficulties, Err(Msg::ValDifficultyNotPoor));
        }
        if errors.is_empty() {
            Ok(NewHousehold {
                village,
                group,
                head_name,
                head_id,
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
            })
        } else {
            Err(errors)
        }
    }
}

/// A parsed sheet: the good rows (with their row numbers), every problem, and how many
/// data rows it had.
pub struct Parsed {
    pub good: Vec<(usize, NewHousehold)>,
    pub errors: Vec<RowError>,
    pub rows: usize,
}

/// Parses a whole sheet (header first). Blank rows are skipped; an ID number that appears
/// twice in the sheet is an error on its second row.
pub fn parse_sheet(rows: &[Vec<String>]) -> Parsed {
    let empty = |errors| Parsed {
        good: Vec::new(),
        errors,
        rows: 0,
    };
    let Some((header, data)) = rows.split_first() else {
        return empty(vec![RowError {
            row: 1,
            col: None,
            msg: Msg::ImportEmpty,
        }]);
    };
    let layout = match Layout::from_header(header) {
        Ok(l) => l,
        Err(errs) => return empty(errs),
    };
    let mut good = Vec::new();
    let mut errors = Vec::new();
    let mut seen_ids = std::collections::HashSet::new();
    let mut count = 0;
    for (i, row) in data.iter().enumerate() {
        let number = i + 2;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        count += 1;
        match layout.parse_row(number, row) {
            Ok(h) => {
                let ids = h
                    .head_id
                    .iter()
                    .chain(h.members.iter().filter_map(|m| m.id_number.as_ref()));
                let mut dup = false;
                for id in ids {
                    dup |= !seen_ids.insert(id.as_str().to_string());
                }
                if dup {
                    errors.push(RowError {
                        row: number,
                        col: Some(Col::HeadId),
                        msg: Msg::ImportDuplicateId,
                    });
                } else {
                    good.push((number, h));
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if count == 0 {
        errors.push(RowError {
            row: 1,
            col: None,
            msg: Msg::ImportEmpty,
        });
    }
    Parsed {
        good,
        errors,
        rows: count,
    }
}

/// Reads the bytes of a `.csv` (UTF-8, with or without BOM) or `.xlsx` file into rows of text.
#[cfg(feature = "ssr")]
pub fn read_rows(file_name: &str, bytes: &[u8]) -> Result<Vec<Vec<String>>, Msg> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".csv") {
        let text = std::str::from_utf8(bytes).map_err(|_| Msg::ImportNotUtf8)?;
        let text = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|r| {
                r.map(|rec| rec.iter().map(str::to_string).collect())
                    .map_err(|_| Msg::ImportUnreadable)
            })
            .collect()
    } else if lower.ends_with(".xlsx") {
        // calamine is a large parser fed by whoever uploads: a workbook it chokes on is
        // unreadable, never a panic.
        std::panic::catch_unwind(|| read_xlsx(bytes)).unwrap_or(Err(Msg::ImportUnreadable))
    } else {
        Err(Msg::ImportFileType)
    }
}

#[cfg(feature = "ssr")]
fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, Msg> {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| Msg::ImportUnreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(Msg::ImportEmpty)?
        .map_err(|_| Msg::ImportUnreadable)?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    // Whole numbers come back as floats; "2.0" people in a household is 2.
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", *f as i64)
                    }
                    other => other.to_string(),
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
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
        let Parsed { good, errors, rows } = parse_sheet(&rows);
        assert_eq!(rows, 3);
        assert_eq!(good.len(), 1);
        assert_eq!(good[0].1.head_name, "张三");
        assert_eq!(good[0].1.population, 1);
        assert!(errors.contains(&RowError {
            row: 3,
            col: Some(Col::HeadName),
            msg: Msg::ValRequired
        }));
        assert!(errors.contains(&RowError {
            row: 3,
            col: Some(Col::Phone),
            msg: Msg::ValPhone
        }));
        assert!(errors.contains(&RowError {
            row: 5,
            col: Some(Col::HeadId),
            msg: Msg::ImportDuplicateId
        }));
    }

    #[test]
    fn missing_columns_and_empty_sheets() {
        assert_eq!(parse_sheet(&sheet(&[&["户主姓名"]])).errors.len(), 2);
        assert_eq!(parse_sheet(&[]).errors[0].msg, Msg::ImportEmpty);
        let headers_only = parse_sheet(&sheet(&[&["village", "group", "head"]]));
        assert_eq!(headers_only.errors[0].msg, Msg::ImportEmpty);
    }

    #[test]
    fn difficulties_need_the_poor_tag() {
        let rows = sheet(&[&["村", "组", "户主", "困难类型"], &["a", "b", "c", "住房"]]);
        assert_eq!(parse_sheet(&rows).errors[0].msg, Msg::ValDifficultyNotPoor);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn csv_with_bom() {
        let rows = read_rows("x.CSV", "\u{feff}村,组\n民智村,一组\n".as_bytes()).unwrap();
        assert_eq!(rows[0][0], "村");
        assert_eq!(rows[1][1], "一组");
        assert_eq!(read_rows("x.txt", b""), Err(Msg::ImportFileType));
        assert_eq!(read_rows("x.csv", &[0xff, 0xfe]), Err(Msg::ImportNotUtf8));
        assert_eq!(
            read_rows("x.xlsx", b"not a zip"),
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
        assert_eq!(read_rows("h.xlsx", &seed).unwrap(), good);
        assert_eq!(read_rows("h.xlsx", &workbook(&good, true)).unwrap(), good);
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
            match read_rows(name, &bytes) {
                Ok(rows) => {
                    read += 1;
                    let parsed = parse_sheet(&rows);
                    assert!(parsed.errors.iter().all(|e| e.row <= rows.len() + 1));
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
