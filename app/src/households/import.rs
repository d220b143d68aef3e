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
    } else {
        Err(Msg::ImportFileType)
    }
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
}
