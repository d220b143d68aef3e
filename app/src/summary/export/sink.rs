//! Where an export's rows go: CSV records straight into the response body, or an XLSX
//! workbook built on a blocking thread and zipped into the body at the end.
use crate::error::AppError;
use crate::summary::sheet::{Cell, Column};
use crate::summary::xlsx::Workbook;
use axum::body::Bytes;
use std::io::{self, Write};
use tokio::sync::mpsc;

/// The client went away, or the database failed: either way the export stops.
#[derive(Debug)]
pub enum Stop {
    Gone,
    Db(sqlx::Error),
    /// A read through another capability failed.
    App(AppError),
}

impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Stop::App(e)
    }
}

impl From<sqlx::Error> for Stop {
    fn from(e: sqlx::Error) -> Self {
        Stop::Db(e)
    }
}

/// Where rows go: CSV text straight into the body, or XLSX through a blocking thread.
pub(super) enum Sink {
    Csv {
        out: mpsc::Sender<io::Result<Bytes>>,
        /// Records written by the `csv` crate, going out in chunks.
        buf: Vec<u8>,
    },
    Xlsx {
        work: mpsc::Sender<Work>,
        group: Option<String>,
        done: tokio::task::JoinHandle<()>,
    },
}

pub(super) enum Work {
    Sheet(String),
    Row(Vec<Cell>),
    /// The rows stopped early: end the file broken, not as a complete-looking workbook.
    Abort,
}

const CHUNK: usize = 64 * 1024;

impl Sink {
    pub(super) fn csv(out: mpsc::Sender<io::Result<Bytes>>, columns: &'static [Column]) -> Sink {
        // The BOM tells Excel the file is UTF-8: without it Chinese opens garbled.
        let mut buf = "\u{FEFF}".as_bytes().to_vec();
        let head: Vec<Cell> = columns.iter().map(|c| Cell::text(c.header)).collect();
        // Writing into memory cannot fail.
        let _ = csv_record(&mut buf, &head);
        Sink::Csv { out, buf }
    }

    pub(super) fn xlsx(
        out: mpsc::Sender<io::Result<Bytes>>,
        columns: &'static [Column],
        title: &'static str,
        note: String,
    ) -> Sink {
        let (work, mut rx) = mpsc::channel::<Work>(256);
        let done = tokio::task::spawn_blocking(move || {
            let mut writer = ChannelWriter {
                out: out.clone(),
                buf: Vec::with_capacity(CHUNK),
            };
            let result = (|| -> Result<(), rust_xlsxwriter::XlsxError> {
                let mut book = Workbook::new(columns, title.into(), note);
                while let Some(w) = rx.blocking_recv() {
                    match w {
                        Work::Sheet(name) => book.sheet(&name)?,
                        // Rows wait in temporary files until the end: stop early if
                        // the client has gone.
                        Work::Row(_) if out.is_closed() => {
                            return Err(io::Error::from(io::ErrorKind::BrokenPipe).into());
                        }
                        Work::Row(cells) => book.row(&cells)?,
                        Work::Abort => {
                            return Err(io::Error::other("export aborted").into());
                        }
                    }
                }
                book.finish(title, &mut writer)?;
                writer.flush()?;
                Ok(())
            })();
            if let Err(e) = result {
                tracing::warn!(error = ?e, "xlsx export ended early");
                let _ = out.blocking_send(Err(io::Error::other("export failed")));
            }
        });
        Sink::Xlsx {
            work,
            group: None,
            done,
        }
    }

    pub(super) async fn row(&mut self, group: &str, cells: Vec<Cell>) -> Result<(), Stop> {
        match self {
            Sink::Csv { out, buf } => {
                let _ = csv_record(buf, &cells);
                if buf.len() >= CHUNK {
                    let chunk = Bytes::from(std::mem::take(buf));
                    out.send(Ok(chunk)).await.map_err(|_| Stop::Gone)?;
                }
            }
            Sink::Xlsx { work, group: g, .. } => {
                if g.as_deref() != Some(group) {
                    *g = Some(group.to_string());
                    work.send(Work::Sheet(group.to_string()))
                        .await
                        .map_err(|_| Stop::Gone)?;
                }
                work.send(Work::Row(cells)).await.map_err(|_| Stop::Gone)?;
            }
        }
        Ok(())
    }

    pub(super) async fn finish(self) -> Result<(), Stop> {
        match self {
            Sink::Csv { out, buf } => {
                if !buf.is_empty() {
                    out.send(Ok(Bytes::from(buf)))
                        .await
                        .map_err(|_| Stop::Gone)?;
                }
            }
            Sink::Xlsx { work, done, .. } => {
                drop(work);
                let _ = done.await;
            }
        }
        Ok(())
    }

    pub(super) async fn fail(self) {
        match self {
            Sink::Csv { out, .. } => {
                let _ = out.send(Err(io::Error::other("export failed"))).await;
            }
            Sink::Xlsx { work, done, .. } => {
                let _ = work.send(Work::Abort).await;
                drop(work);
                let _ = done.await;
            }
        }
    }
}

/// One CSV record appended to `buf`, written by the `csv` crate (quoted as RFC 4180 needs,
/// CRLF line ends). Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a
/// tab or a carriage return first) gets a leading apostrophe: a villager's words must never
/// become a formula on the office PC.
fn csv_record(buf: &mut Vec<u8>, cells: &[Cell]) -> csv::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .buffer_capacity(1024)
        .from_writer(buf);
    w.write_record(cells.iter().map(|cell| match cell {
        Cell::Text(t) if t.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{t}"),
        Cell::Text(t) => t.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Date(d) => d.to_string(),
        Cell::Time(t) => crate::ui::time::minute(*t),
        Cell::Empty => String::new(),
    }))?;
    w.flush()?;
    Ok(())
}

/// The workbook's zip, in chunks, into the response body. A closed body (the client
/// went away) fails the write, which ends the blocking thread.
struct ChannelWriter {
    out: mpsc::Sender<io::Result<Bytes>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.out
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_it_must_and_defuses_formulas() {
        let mut buf = Vec::new();
        csv_record(
            &mut buf,
            &[
                Cell::text("王\"五\""),
                Cell::text("a,b"),
                Cell::text("=HYPERLINK(\"x\")"),
                Cell::Int(3),
                Cell::Empty,
                Cell::text("两行\n文字"),
                Cell::text("\t=1+1"),
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\"王\"\"五\"\"\",\"a,b\",\"'=HYPERLINK(\"\"x\"\")\",3,,\"两行\n文字\",'\t=1+1\r\n"
        );
    }
}
