//! Ledger-style XLSX sheets written by `rust_xlsxwriter` in its constant-memory mode: a merged
//! title row, a merged note row, Chinese column headers (frozen, and repeated on every printed
//! page), then the rows, one sheet per group, landscape A4 fitted to the page width. Each
//! sheet's rows go to a temporary file as they arrive, so a sheet of any length holds one row
//! in memory; the zip is written to the caller's writer at the end.
use super::sheet::{Cell, Column};
use chrono::{Duration, NaiveDateTime};
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatPattern, Workbook as Book, XlsxError,
};
use std::io::Write;

/// The rows above the data: title, note, headers.
const HEAD_ROWS: u32 = 3;

/// The cell formats of a ledger sheet.
struct Styles {
    title: Format,
    note: Format,
    header: Format,
    text: Format,
    date: Format,
    time: Format,
    number: Format,
}

impl Styles {
    fn new() -> Styles {
        // 宋体 with the GB2312 charset, as the bureau's own ledgers are set.
        let song = Format::new()
            .set_font_name("宋体")
            .set_font_family(3)
            .set_font_charset(134)
            .set_font_size(11);
        let boxed = song
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top);
        let centred = boxed.clone().set_align(FormatAlign::Center);
        Styles {
            title: song
                .clone()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            note: song
                .clone()
                .set_font_size(10)
                .set_font_color(Color::RGB(0x59_59_59))
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            header: song
                .set_bold()
                .set_pattern(FormatPattern::Solid)
                .set_background_color(Color::RGB(0xED_E6_E0))
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            text: boxed.set_text_wrap(),
            date: centred.clone().set_num_format("yyyy-mm-dd"),
            time: centred.clone().set_num_format("yyyy-mm-dd hh:mm"),
            number: centred,
        }
    }
}

/// One workbook being filled: `sheet` starts a group, `row` adds to it, `finish` writes the
/// file.
pub struct Workbook {
    book: Book,
    columns: &'static [Column],
    title: String,
    note: String,
    styles: Styles,
    sheets: Vec<String>,
    row: u32,
}

impl Workbook {
    pub fn new(columns: &'static [Column], title: String, note: String) -> Workbook {
        Workbook {
            book: Book::new(),
            columns,
            title,
            note,
            styles: Styles::new(),
            sheets: Vec::new(),
            row: 0,
        }
    }

    /// Starts the next sheet (its name made acceptable to Excel and unique), with its title,
    /// note and header rows. Errors: the temporary file cannot be created.
    pub fn sheet(&mut self, name: &str) -> Result<(), XlsxError> {
        let name = sheet_name(name, &self.sheets);
        let last = self.columns.len().saturating_sub(1) as u16;
        let s = &self.styles;
        let sheet = self.book.add_worksheet_with_constant_memory()?;
        sheet.set_name(&name)?;
        for (i, c) in self.columns.iter().enumerate() {
            sheet.set_column_width(i as u16, c.width)?;
        }
        sheet.set_row_height(0, 30)?;
        sheet.set_row_height(1, 18)?;
        sheet.set_row_height(2, 30)?;
        sheet.merge_range(0, 0, 0, last, &format!("{name} {}", self.title), &s.title)?;
        sheet.merge_range(1, 0, 1, last, &self.note, &s.note)?;
        for (i, c) in self.columns.iter().enumerate() {
            sheet.write_string_with_format(2, i as u16, c.header, &s.header)?;
        }
        sheet.set_freeze_panes(HEAD_ROWS, 0)?;
        sheet.set_repeat_rows(2, 2)?;
        sheet
            .set_landscape()
            .set_paper_size(9)
            .set_print_fit_to_pages(1, 0)
            .set_print_center_horizontally(true)
            .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
        self.sheets.push(name);
        self.row = HEAD_ROWS;
        Ok(())
    }

    /// Adds a row to the current sheet. Text is always text (never a formula); times show in
    /// Beijing time.
    pub fn row(&mut self, cells: &[Cell]) -> Result<(), XlsxError> {
        let (r, s) = (self.row, &self.styles);
        let sheet = self
            .book
            .worksheet_from_index(self.sheets.len().saturating_sub(1))?;
        for (i, cell) in cells.iter().enumerate() {
            let c = i as u16;
            match cell {
                Cell::Text(t) => sheet.write_string_with_format(r, c, t, &s.text)?,
                Cell::Int(n) => sheet.write_number_with_format(r, c, *n as f64, &s.number)?,
                Cell::Date(d) => sheet.write_datetime_with_format(r, c, d, &s.date)?,
                Cell::Time(t) => {
                    let local: NaiveDateTime = (*t + Duration::hours(8)).naive_utc();
                    sheet.write_datetime_with_format(r, c, local, &s.time)?
                }
                Cell::Empty => sheet.write_blank(r, c, &s.text)?,
            };
        }
        self.row += 1;
        Ok(())
    }

    /// Writes the workbook into `out`. A workbook with no rows at all still gets one sheet,
    /// `empty_name`, with its headers.
    pub fn finish(mut self, empty_name: &str, out: impl Write + Send) -> Result<(), XlsxError> {
        if self.sheets.is_empty() {
            self.sheet(empty_name)?;
        }
        self.book.save_to_writer(out)
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, no apostrophe at
/// either end, unique in the book (Excel compares without case).
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let clean = clean.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    let clean = if clean.is_empty() { "Sheet" } else { clean };
    let mut candidate = clean.to_string();
    let mut k = 2;
    while taken
        .iter()
        .any(|t| t.to_lowercase() == candidate.to_lowercase())
    {
        candidate = format!("{clean}({k})");
        k += 1;
    }
    candidate
}

/// Excel's day number (1900 system) of a date: days since 1899-12-30.
#[cfg(test)]
fn serial(d: chrono::NaiveDate) -> i64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone, Utc};
    use std::io::Read;

    #[test]
    fn sheet_names_as_excel_wants_them() {
        assert_eq!(sheet_name("a/b", &[]), "a_b");
        assert_eq!(sheet_name("民智村", &["民智村".into()]), "民智村(2)");
        assert_eq!(sheet_name("Ab", &["aB".into()]), "Ab(2)");
        assert_eq!(sheet_name("  ", &[]), "Sheet");
        assert_eq!(sheet_name("'x'", &[]), "x");
        assert_eq!(sheet_name(&"长".repeat(40), &[]).chars().count(), 28);
    }

    /// The parts of a written workbook, by name.
    fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut s = String::new();
                f.read_to_string(&mut s).unwrap();
                (f.name().unwrap().to_string(), s)
            })
            .collect()
    }

    const COLUMNS: &[Column] = &[
        Column {
            header: "户主",
            width: 10,
        },
        Column {
            header: "日期",
            width: 12,
        },
        Column {
            header: "时间",
            width: 17,
        },
        Column {
            header: "人口",
            width: 6,
        },
    ];

    #[test]
    fn a_sheet_per_group_with_title_headers_and_typed_cells() {
        let mut book = Workbook::new(COLUMNS, "民情台账".into(), "导出人：周建国".into());
        book.sheet("民智村").unwrap();
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 2, 30, 0).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        book.row(&[
            Cell::text("=1+1<b>\u{1}"),
            Cell::Date(day),
            Cell::Time(at),
            Cell::Int(4),
        ])
        .unwrap();
        book.sheet("民智村").unwrap();
        book.row(&[Cell::Empty, Cell::Empty, Cell::Empty, Cell::Int(1)])
            .unwrap();
        let mut out = Vec::new();
        book.finish("空", &mut out).unwrap();
        let parts = parts(&out);
        let wb = &parts["xl/workbook.xml"];
        assert!(
            wb.contains(r#"name="民智村""#) && wb.contains(r#"name="民智村(2)""#),
            "{wb}"
        );
        assert!(
            wb.contains("_xlnm.Print_Titles"),
            "the header row repeats on paper"
        );
        let all: String = parts.values().cloned().collect();
        assert!(all.contains("民智村 民情台账") && all.contains("导出人：周建国"));
        let s1 = &parts["xl/worksheets/sheet1.xml"];
        assert!(s1.contains(r#"<mergeCell ref="A1:D1"/>"#), "{s1}");
        assert!(s1.contains(r#"<pane ySplit="3""#), "headers frozen");
        assert!(s1.contains("<pageSetup") && s1.contains(r#"orientation="landscape""#));
        assert!(!s1.contains("<f>"), "text is never a formula");
        // The date's serial number; 10:30 in Beijing is 0.4375 of a day.
        assert!(s1.contains(&format!("<v>{}</v>", serial(day))), "{s1}");
        assert!(s1.contains(&format!("<v>{}.4375</v>", serial(day))), "{s1}");
        // A control character cannot make the file unreadable: it is escaped as Excel does.
        assert!(!all.contains('\u{1}') && all.contains("=1+1&lt;b&gt;"));
    }

    #[test]
    fn a_workbook_without_rows_still_has_its_headers() {
        let mut out = Vec::new();
        Workbook::new(COLUMNS, "t".into(), "n".into())
            .finish("民情台账", &mut out)
            .unwrap();
        let parts = parts(&out);
        assert!(parts["xl/workbook.xml"].contains(r#"name="民情台账""#));
        let all: String = parts.values().cloned().collect();
        assert!(all.contains("户主"));
    }
}
