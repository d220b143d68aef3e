//! A streaming XLSX writer for ledger-style sheets: a merged title row, a merged note row,
//! Chinese column headers (repeated on every printed page), then the rows, one sheet per
//! group. Rows go straight into a deflating zip stream, so a sheet of any length needs only
//! one row in memory. Cells are inline strings, numbers and dates with a date format.
use super::sheet::{Cell, Column};
use chrono::{Duration, NaiveDate, Timelike};
use std::fmt::Write as _;
use std::io::Write;
use zip::write::{SimpleFileOptions, StreamWriter};
use zip::{CompressionMethod, ZipWriter};

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Styles by index (`s="n"`): 1 title, 2 note, 3 header, 4 text, 5 date, 6 date and time,
/// 7 number.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="4"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="16"/><name val="黑体"/><family val="3"/><charset val="134"/></font><font><sz val="10"/><color rgb="FF595959"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFEDE6E0"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="8">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="left" vertical="center"/></xf>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>
<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="top"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"#;

/// Writes one workbook into `out` as rows arrive.
pub struct Workbook<W: Write> {
    zip: ZipWriter<StreamWriter<W>>,
    columns: &'static [Column],
    title: String,
    note: String,
    sheets: Vec<String>,
    row: u32,
}

impl<W: Write> Workbook<W> {
    pub fn new(
        out: W,
        columns: &'static [Column],
        title: String,
        note: String,
    ) -> zip::result::ZipResult<Self> {
        let mut zip = ZipWriter::new_stream(out);
        let opts = options();
        zip.start_file("[Content_Types].xml", opts)?;
        // Every other .xml part is a worksheet, so the list never depends on the sheet count.
        write!(
            zip,
            r#"{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
        )?;
        zip.start_file("_rels/.rels", opts)?;
        write!(
            zip,
            r#"{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        )?;
        zip.start_file("xl/styles.xml", opts)?;
        zip.write_all(STYLES.as_bytes())?;
        Ok(Workbook {
            zip,
            columns,
            title,
            note,
            sheets: Vec::new(),
            row: 0,
        })
    }

    /// Closes the current sheet (if any) and starts the next, with its title rows.
    pub fn sheet(&mut self, name: &str) -> zip::result::ZipResult<()> {
        self.end_sheet()?;
        let name = sheet_name(name, &self.sheets);
        self.sheets.push(name.clone());
        let n = self.sheets.len();
        self.zip
            .start_file(format!("xl/worksheets/sheet{n}.xml"), options())?;
        let mut s = format!(
            r#"{HEAD}<worksheet {NS}><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"{sel}><pane ySplit="3" topLeftCell="A4" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><cols>"#,
            sel = if n == 1 { r#" tabSelected="1""# } else { "" }
        );
        for (i, c) in self.columns.iter().enumerate() {
            let _ = write!(
                s,
                r#"<col min="{k}" max="{k}" width="{w}" customWidth="1"/>"#,
                k = i + 1,
                w = c.width
            );
        }
        s.push_str("</cols><sheetData>");
        let _ = write!(
            s,
            r#"<row r="1" ht="30" customHeight="1">{}</row><row r="2" ht="18" customHeight="1">{}</row><row r="3" ht="30" customHeight="1">"#,
            text_cell("A1", &format!("{name} {}", self.title), 1),
            text_cell("A2", &self.note, 2),
        );
        for (i, c) in self.columns.iter().enumerate() {
            s.push_str(&text_cell(&format!("{}3", col(i)), c.header, 3));
        }
        s.push_str("</row>");
        self.zip.write_all(s.as_bytes())?;
        self.row = 3;
        Ok(())
    }

    pub fn row(&mut self, cells: &[Cell]) -> zip::result::ZipResult<()> {
        self.row += 1;
        let r = self.row;
        let mut s = format!(r#"<row r="{r}">"#);
        for (i, cell) in cells.iter().enumerate() {
            let at = format!("{}{r}", col(i));
            match cell {
                Cell::Text(t) => s.push_str(&text_cell(&at, t, 4)),
                Cell::Int(n) => {
                    let _ = write!(s, r#"<c r="{at}" s="7"><v>{n}</v></c>"#);
                }
                Cell::Date(d) => {
                    let _ = write!(s, r#"<c r="{at}" s="5"><v>{}</v></c>"#, serial(*d));
                }
                Cell::Time(t) => {
                    let local = (*t + Duration::hours(8)).naive_utc();
                    let day = serial(local.date()) as f64;
                    let frac = f64::from(local.num_seconds_from_midnight()) / 86_400.0;
                    let _ = write!(s, r#"<c r="{at}" s="6"><v>{:.6}</v></c>"#, day + frac);
                }
                Cell::Empty => {
                    let _ = write!(s, r#"<c r="{at}" s="4"/>"#);
                }
            }
        }
        s.push_str("</row>");
        Ok(self.zip.write_all(s.as_bytes())?)
    }

    fn end_sheet(&mut self) -> zip::result::ZipResult<()> {
        if self.sheets.is_empty() {
            return Ok(());
        }
        let last = col(self.columns.len().saturating_sub(1));
        write!(
            self.zip,
            r#"</sheetData><mergeCells count="2"><mergeCell ref="A1:{last}1"/><mergeCell ref="A2:{last}2"/></mergeCells><printOptions horizontalCentered="1"/><pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>"#
        )?;
        Ok(())
    }

    /// Ends the last sheet and writes the workbook that names the sheets. A workbook with no
    /// rows at all still gets one sheet with its headers.
    pub fn finish(mut self, empty_name: &str) -> zip::result::ZipResult<W> {
        if self.sheets.is_empty() {
            self.sheet(empty_name)?;
        }
        self.end_sheet()?;
        let opts = options();
        let mut wb =
            format!(r#"{HEAD}<workbook {NS}><bookViews><workbookView/></bookViews><sheets>"#);
        for (i, name) in self.sheets.iter().enumerate() {
            let _ = write!(
                wb,
                r#"<sheet name="{}" sheetId="{k}" r:id="rId{k}"/>"#,
                xml(name),
                k = i + 1
            );
        }
        wb.push_str("</sheets><definedNames>");
        for (i, name) in self.sheets.iter().enumerate() {
            // The header row repeats on every printed page.
            let _ = write!(
                wb,
                r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'{}'!$3:$3</definedName>"#,
                xml(&name.replace('\'', "''"))
            );
        }
        wb.push_str("</definedNames></workbook>");
        self.zip.start_file("xl/workbook.xml", opts)?;
        self.zip.write_all(wb.as_bytes())?;
        let mut rels = format!(
            r#"{HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        );
        let n = self.sheets.len();
        for k in 1..=n {
            let _ = write!(
                rels,
                r#"<Relationship Id="rId{k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{k}.xml"/>"#
            );
        }
        let _ = write!(
            rels,
            r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#,
            n + 1
        );
        self.zip.start_file("xl/_rels/workbook.xml.rels", opts)?;
        self.zip.write_all(rels.as_bytes())?;
        Ok(self.zip.finish()?.into_inner())
    }
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
}

fn text_cell(at: &str, text: &str, style: u8) -> String {
    format!(
        r#"<c r="{at}" t="inlineStr" s="{style}"><is><t xml:space="preserve">{}</t></is></c>"#,
        xml(text)
    )
}

/// XML-escapes text, first dropping characters XML 1.0 cannot carry (a stray control
/// character in a villager's text must not make the file unreadable).
fn xml(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    crate::ui::esc(&kept)
}

/// Column letters: 0 → A, 25 → Z, 26 → AA.
pub fn col(i: usize) -> String {
    let mut n = i + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Excel's day number (1900 system): days since 1899-12-30.
pub fn serial(d: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (d - epoch).num_days()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the book.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(28)
        .collect();
    let clean = if clean.trim().is_empty() {
        "Sheet".to_string()
    } else {
        clean
    };
    let mut candidate = clean.clone();
    let mut k = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&candidate)) {
        candidate = format!("{clean}({k})");
        k += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_dates_and_names_as_excel_wants_them() {
        assert_eq!(col(0), "A");
        assert_eq!(col(25), "Z");
        assert_eq!(col(26), "AA");
        assert_eq!(
            serial(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
            46353
        );
        assert_eq!(sheet_name("a/b", &[]), "a_b");
        assert_eq!(sheet_name("民智村", &["民智村".into()]), "民智村(2)");
        assert_eq!(sheet_name("  ", &[]), "Sheet");
        assert_eq!(xml("a\u{1}<b>"), "a&lt;b&gt;");
    }
}
