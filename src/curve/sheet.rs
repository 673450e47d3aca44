//! Spreadsheets (`.xlsx`, `.ods`, `.xls`) read as rows of text cells in **bounded memory**.
//!
//! A spreadsheet states where its cells are, and a reader that makes a rectangle of that
//! extent trusts the file: two cells at `A1` and `XFD1048576` in a 1.5 kB `.xlsx` asked the
//! dense reader for 549 GB, an `.ods` row repeated a million times or a `text:s` of a
//! billion spaces asks for as much, and a zip entry can inflate a thousand-fold. Here memory
//! follows the cells that hold something, never the extent a file claims:
//! * `.xlsx`: calamine's streaming cell reader (no rectangle), after the zip is measured;
//! * `.ods`: `content.xml` streamed with quick-xml (repeated empty rows and cells only move
//!   the position; repeated values are written out within the budget);
//! * `.xls` (Excel 97–2003): our own reader of the OLE container and its BIFF8 records
//!   ([`xls`]; calamine's sizes memory from the file's own records and follows sector chains
//!   unbounded).
//!
//! Budgets: at most [`MAX_ROWS`] rows with data, [`MAX_COLUMNS`] columns, [`MAX_CELLS`] cells
//! once rows are padded to their last value, [`MAX_INFLATED_BYTES`] inflated from a zip. A file
//! over a budget gets a message naming the sheet and cell (Italian and English).

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor, Read};

use calamine::Data;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::{err, CurveError, MAX_ROWS};

/// Largest column index + 1 accepted (a wide day of quarter hours with DST takes ≈ 105).
pub const MAX_COLUMNS: usize = 500;
/// Largest number of cells kept, rows padded to their last value (a year at 15 minutes in
/// three columns is ≈ 105,000).
pub const MAX_CELLS: usize = 3_000_000;
/// Largest total of bytes a spreadsheet's zip entries may inflate to (the hourly `.xlsx`
/// fixture inflates to 0.93 MB, so a year at 15 minutes to ≈ 4 MB).
pub const MAX_INFLATED_BYTES: u64 = 80_000_000;

/// One sheet: its rows with data, each with its 1-based row number.
#[derive(Debug)]
pub struct Sheet {
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads a spreadsheet (zip: `.xlsx` or `.ods`; OLE: `.xls`) and returns the sheet with the
/// most rows with data (the first of equals): the one that holds the curve.
pub fn read_sheet(bytes: &[u8]) -> Result<Sheet, CurveError> {
    if bytes.starts_with(b"PK\x03\x04") {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(unreadable)?;
        check_inflated_size(&mut zip)?;
        if zip.by_name("content.xml").is_ok() {
            read_ods(&mut zip)
        } else {
            read_xlsx(bytes)
        }
    } else {
        xls::read(bytes)
    }
}

/// Excel 5/95 (BIFF5) and older: not read, with what to do.
fn xls_old() -> CurveError {
    unreadable_text(
        "file .xls di Excel 95 o precedente: aprilo e salvalo come .xlsx, .ods o CSV",
        ".xls file from Excel 95 or earlier: open it and save it as .xlsx, .ods or CSV",
    )
}

fn unreadable_text(it: &str, en: &str) -> CurveError {
    err(None, None, it.to_string(), en.to_string())
}

fn unreadable(e: impl std::fmt::Display) -> CurveError {
    err(
        None,
        None,
        format!("foglio di calcolo non leggibile: {e}"),
        format!("spreadsheet not readable: {e}"),
    )
}

/// Column letters of a 0-based index (`0` → `A`, `26` → `AA`).
fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Rows of one sheet being filled cell by cell, within the budgets.
struct SheetBuilder {
    name: String,
    rows: BTreeMap<usize, Vec<String>>,
    cells: usize,
    first_column: usize,
}

/// The sheets read so far: the one with the most rows kept (the first of equals), the cells
/// of all of them counted against [`MAX_CELLS`] (a file of many sheets is one budget).
#[derive(Default)]
struct Book {
    best: Option<Sheet>,
    cells: usize,
}

impl Book {
    fn sheet(&self, name: &str) -> SheetBuilder {
        SheetBuilder {
            name: name.to_string(),
            rows: BTreeMap::new(),
            cells: self.cells,
            first_column: usize::MAX,
        }
    }

    fn add(&mut self, sheet: SheetBuilder) {
        self.cells = sheet.cells;
        let s = sheet.finish();
        if self
            .best
            .as_ref()
            .is_none_or(|b| s.rows.len() > b.rows.len())
        {
            self.best = Some(s);
        }
    }

    fn into_best(self) -> Sheet {
        self.best.unwrap_or(Sheet { rows: Vec::new() })
    }
}

impl SheetBuilder {
    /// Puts a cell's text at 0-based `row`, `col`; empty text takes no room.
    fn put(&mut self, row: usize, col: usize, text: String) -> Result<(), CurveError> {
        if text.is_empty() {
            return Ok(());
        }
        if col >= MAX_COLUMNS {
            return Err(beyond_columns(&self.name, row, col));
        }
        let cell = format!("{}{}", column_letters(col), row.saturating_add(1));
        if !self.rows.contains_key(&row) && self.rows.len() >= MAX_ROWS {
            return Err(err(
                Some(row.saturating_add(1)),
                None,
                format!("foglio «{}»: più di {MAX_ROWS} righe con dati", self.name),
                format!("sheet “{}”: more than {MAX_ROWS} rows with data", self.name),
            ));
        }
        let cells = self.rows.entry(row).or_default();
        if cells.len() <= col {
            self.cells += col + 1 - cells.len();
            if self.cells > MAX_CELLS {
                return Err(err(
                    Some(row.saturating_add(1)),
                    None,
                    format!(
                        "foglio «{}», cella {cell}: più di {} celle; una curva di carico di un anno a 15 minuti ne ha ~105.000",
                        self.name,
                        crate::format::number(MAX_CELLS as f64, 0, crate::format::Lang::It)
                    ),
                    format!(
                        "sheet “{}”, cell {cell}: more than {} cells; a year's load curve at 15 minutes has ~105,000",
                        self.name,
                        crate::format::number(MAX_CELLS as f64, 0, crate::format::Lang::En)
                    ),
                ));
            }
            cells.resize(col + 1, String::new());
        }
        cells[col] = text;
        self.first_column = self.first_column.min(col);
        Ok(())
    }

    /// The sheet's rows, from its first column with data (as a rectangle reader would give).
    fn finish(self) -> Sheet {
        let skip = if self.first_column == usize::MAX {
            0
        } else {
            self.first_column
        };
        Sheet {
            rows: self
                .rows
                .into_iter()
                .map(|(r, mut cells)| {
                    cells.drain(..skip.min(cells.len()));
                    (r + 1, cells)
                })
                .collect(),
        }
    }
}

/// A value in a column beyond [`MAX_COLUMNS`] (0-based `row`, `col`).
fn beyond_columns(sheet: &str, row: usize, col: usize) -> CurveError {
    let cell = format!(
        "{}{}",
        column_letters(col.min(1 << 24)),
        row.saturating_add(1)
    );
    let last = column_letters(MAX_COLUMNS - 1);
    err(
        Some(row.saturating_add(1)),
        Some(col.saturating_add(1)),
        format!(
            "foglio «{sheet}», cella {cell}: dati oltre la colonna {MAX_COLUMNS} ({last}); una curva di carico ne usa al più ~100: cancella le celle lontane o esporta i dati in CSV"
        ),
        format!(
            "sheet “{sheet}”, cell {cell}: data beyond column {MAX_COLUMNS} ({last}); a load curve uses at most ~100: delete the far cells or export the data as CSV"
        ),
    )
}

/// A calamine cell as text: numbers with a point, dates as `aaaa-mm-gg hh:mm:ss`.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Bool(b) => format!("{b}"),
        Data::DateTime(d) => excel_serial(d.as_f64())
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
    }
}

/// An Excel serial date (days since 1899-12-30) as a date-time, to the second.
pub(super) fn excel_serial(v: f64) -> Option<NaiveDateTime> {
    if !v.is_finite() || !(1.0..200_000.0).contains(&v) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let secs = (v * 86_400.0).round() as i64;
    Some(base + Duration::seconds(secs))
}

/// Refuses a zip whose entries inflate beyond [`MAX_INFLATED_BYTES`] in all (measured by
/// inflating them, not by the sizes the zip declares), and an `.xlsx` whose shared strings
/// announce more strings than their bytes can hold (calamine reserves room for the announced
/// `uniqueCount` before reading one).
fn check_inflated_size<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
) -> Result<(), CurveError> {
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(unreadable)?;
        let shared_strings = entry
            .name_raw()
            .to_ascii_lowercase()
            .ends_with(b"sharedstrings.xml");
        let left = MAX_INFLATED_BYTES - total;
        let n =
            std::io::copy(&mut entry.take(left + 1), &mut std::io::sink()).map_err(unreadable)?;
        total += n;
        if total > MAX_INFLATED_BYTES {
            return Err(err(
                None,
                None,
                format!(
                    "il foglio di calcolo decompresso supera {} MB (è un archivio che si gonfia oltre misura): esporta i dati in CSV",
                    MAX_INFLATED_BYTES / 1_000_000
                ),
                format!(
                    "the spreadsheet inflates to more than {} MB (an archive that swells beyond measure): export the data as CSV",
                    MAX_INFLATED_BYTES / 1_000_000
                ),
            ));
        }
        if shared_strings {
            let announced = announced_strings(zip.by_index(i).map_err(unreadable)?);
            // each string takes at least `<si></si>` (9 bytes)
            if announced.is_some_and(|k| k > n / 9 + 1) {
                let k = announced.unwrap_or(0);
                return Err(err(
                    None,
                    None,
                    if k == u64::MAX {
                        "foglio di calcolo danneggiato: l'elenco dei testi non si legge".into()
                    } else {
                        format!("foglio di calcolo danneggiato: annuncia {k} testi in {n} byte")
                    },
                    if k == u64::MAX {
                        "damaged spreadsheet: its list of strings cannot be read".into()
                    } else {
                        format!("damaged spreadsheet: it announces {k} strings in {n} bytes")
                    },
                ));
            }
        }
    }
    Ok(())
}

/// The `uniqueCount` of the first `sst` element, read as calamine reads it (its XML settings);
/// XML that cannot be read before it counts as announcing everything (the file is refused).
fn announced_strings(entry: impl Read) -> Option<u64> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(ref e)) | Ok(Event::Empty(ref e))
                if e.local_name().as_ref() == "sst" =>
            {
                return attr(e, "uniqueCount").and_then(|v| v.trim().parse::<u64>().ok());
            }
            Ok(Event::Eof) => return None,
            Err(_) => return Some(u64::MAX),
            _ => {}
        }
        buf.clear();
    }
}

/// `.xlsx`: each worksheet's cells streamed (calamine's dense `worksheet_range` would make the
/// rectangle the cells span).
fn read_xlsx(bytes: &[u8]) -> Result<Sheet, CurveError> {
    let mut wb: calamine::Xlsx<_> =
        <calamine::Xlsx<_> as calamine::Reader<_>>::new(Cursor::new(bytes)).map_err(unreadable)?;
    let names: Vec<String> = calamine::Reader::sheet_names(&wb).to_vec();
    let mut book = Book::default();
    for name in names {
        let Ok(mut cells) = wb.worksheet_cells_reader(&name) else {
            continue; // a chart sheet or a missing part: no cells
        };
        let mut sheet = book.sheet(&name);
        while let Some(cell) = cells.next_cell().map_err(unreadable)? {
            let (row, col) = cell.get_position();
            let text = cell_text(&Data::from(cell.get_value().clone()));
            sheet.put(row as usize, col as usize, text)?;
        }
        book.add(sheet);
    }
    Ok(book.into_best())
}

/// `.ods`: `content.xml` streamed. Rows and cells repeated empty only move the position; a
/// value repeated is written out, within the budgets; text is read to [`MAX_TEXT_CHARS`].
fn read_ods<R: Read + std::io::Seek>(zip: &mut zip::ZipArchive<R>) -> Result<Sheet, CurveError> {
    use quick_xml::events::Event;
    let entry = zip.by_name("content.xml").map_err(unreadable)?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry.take(MAX_INFLATED_BYTES)));
    let mut buf = Vec::new();
    let mut r = OdsReader {
        row_repeat: 1,
        ..OdsReader::default()
    };
    loop {
        match xml.read_event_into(&mut buf).map_err(unreadable)? {
            Event::Start(ref e) => r.start(e, false)?,
            Event::Empty(ref e) => r.start(e, true)?,
            Event::Text(ref t) => r.text(&t.xml10_content()),
            Event::GeneralRef(ref g) => r.text(&general_ref(g)),
            Event::End(ref e) => r.end(e.name().as_ref())?,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(r.finish())
}

/// The text an XML entity or character reference stands for (the five predefined entities;
/// nothing for others).
fn general_ref(r: &quick_xml::events::BytesRef<'_>) -> String {
    match r.resolve_char_ref() {
        Ok(Some(ch)) => ch.to_string(),
        _ => match r.as_ref() {
            "amp" => "&".into(),
            "lt" => "<".into(),
            "gt" => ">".into(),
            "quot" => "\"".into(),
            "apos" => "'".into(),
            _ => String::new(),
        },
    }
}

/// Where an `.ods` content stream stands while it is read: the sheets so far, the sheet, row
/// and column being read, and the cell being read (its value from attributes, or its text,
/// and its repetition).
#[derive(Default)]
struct OdsReader {
    book: Book,
    sheet: Option<SheetBuilder>,
    row: usize,
    row_repeat: usize,
    col: usize,
    row_cells: Vec<(usize, String)>,
    cell: Option<OdsCell>,
}

impl OdsReader {
    /// An opening (or empty, self-closing) element.
    fn start(
        &mut self,
        e: &quick_xml::events::BytesStart<'_>,
        empty: bool,
    ) -> Result<(), CurveError> {
        match e.name().as_ref() {
            "table:table" => {
                self.close_sheet();
                let name = attr(e, "table:name").unwrap_or_default();
                self.sheet = Some(self.book.sheet(&name));
                self.row = 0;
                if empty {
                    self.close_sheet();
                }
            }
            "table:table-row" => {
                self.row_repeat = repeat(e, "table:number-rows-repeated");
                self.col = 0;
                self.row_cells.clear();
                if empty {
                    self.row = self.row.saturating_add(self.row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let c = OdsCell::from_attributes(e);
                if empty {
                    self.place_cell(c)?;
                } else {
                    self.cell = Some(c);
                }
            }
            "text:p" | "text:h" if !empty => {
                if let Some(c) = self.cell.as_mut() {
                    if c.paragraphs > 0 {
                        c.push_text("\n");
                    }
                    c.paragraphs += 1;
                }
            }
            // push_text keeps at most MAX_TEXT_CHARS
            "text:s" => self.text(&" ".repeat(repeat(e, "text:c").min(MAX_TEXT_CHARS))),
            "text:tab" => self.text("\t"),
            "text:line-break" => self.text("\n"),
            "office:annotation" if !empty => {
                if let Some(c) = self.cell.as_mut() {
                    c.in_annotation += 1;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Text inside the cell being read (none outside a cell).
    fn text(&mut self, t: &str) {
        if let Some(c) = self.cell.as_mut() {
            c.push_text(t);
        }
    }

    /// A closing element.
    fn end(&mut self, name: &str) -> Result<(), CurveError> {
        match name {
            "table:table-cell" | "table:covered-table-cell" => {
                if let Some(c) = self.cell.take() {
                    self.place_cell(c)?;
                }
            }
            "office:annotation" => {
                if let Some(c) = self.cell.as_mut() {
                    c.in_annotation = c.in_annotation.saturating_sub(1);
                }
            }
            "table:table-row" => {
                if let (Some(s), false) = (self.sheet.as_mut(), self.row_cells.is_empty()) {
                    // a row of values repeated: written out (within the budgets)
                    for k in 0..self.row_repeat {
                        for (c, text) in &self.row_cells {
                            s.put(self.row.saturating_add(k), *c, text.clone())?;
                        }
                    }
                }
                self.row = self.row.saturating_add(self.row_repeat);
                self.row_cells.clear();
            }
            "table:table" => self.close_sheet(),
            _ => {}
        }
        Ok(())
    }

    /// A finished cell into the current row (its repetitions and spans), moving the column on.
    fn place_cell(&mut self, c: OdsCell) -> Result<(), CurveError> {
        self.col = c.place(
            sheet_name(&self.sheet),
            self.row,
            self.col,
            &mut self.row_cells,
        )?;
        Ok(())
    }

    /// The sheet being read, if any, added to the book.
    fn close_sheet(&mut self) {
        if let Some(s) = self.sheet.take() {
            self.book.add(s);
        }
    }

    /// The best sheet of the book (after the last sheet is closed).
    fn finish(mut self) -> Sheet {
        self.close_sheet();
        self.book.into_best()
    }
}

/// Longest text kept from one `.ods` cell, bytes (a cell of a load curve is a number, a
/// date or a heading).
const MAX_TEXT_CHARS: usize = 1_000;

/// One `.ods` cell being read.
struct OdsCell {
    /// The value from the attributes (number, date, time, boolean), when there is one.
    value: Option<String>,
    text: String,
    paragraphs: usize,
    in_annotation: usize,
    repeat: usize,
}

impl OdsCell {
    fn from_attributes(e: &quick_xml::events::BytesStart<'_>) -> Self {
        let kind = attr(e, "office:value-type").unwrap_or_default();
        let value = match kind.as_str() {
            "float" | "percentage" | "currency" => attr(e, "office:value")
                .map(|v| v.trim().parse::<f64>().map(|f| format!("{f}")).unwrap_or(v)),
            "date" => attr(e, "office:date-value"),
            "time" => attr(e, "office:time-value"),
            "boolean" => attr(e, "office:boolean-value"),
            "string" => attr(e, "office:string-value"),
            _ => None,
        };
        OdsCell {
            value,
            text: String::new(),
            paragraphs: 0,
            in_annotation: 0,
            repeat: repeat(e, "table:number-columns-repeated"),
        }
    }

    fn push_text(&mut self, s: &str) {
        if self.in_annotation > 0 {
            return;
        }
        for ch in s.chars() {
            if self.text.len() >= MAX_TEXT_CHARS {
                return;
            }
            self.text.push(ch);
        }
    }

    /// Places the cell (and its repetitions) at `col` of 0-based `row`; returns the next column.
    fn place(
        self,
        sheet: &str,
        row: usize,
        col: usize,
        row_cells: &mut Vec<(usize, String)>,
    ) -> Result<usize, CurveError> {
        let text = self.value.unwrap_or(self.text).trim().to_string();
        let next = col.saturating_add(self.repeat);
        if !text.is_empty() {
            if next > MAX_COLUMNS {
                return Err(beyond_columns(sheet, row, col.max(MAX_COLUMNS)));
            }
            for c in col..next {
                row_cells.push((c, text.clone()));
            }
        }
        Ok(next)
    }
}

mod xls;

fn sheet_name(sheet: &Option<SheetBuilder>) -> &str {
    sheet.as_ref().map_or("", |s| s.name.as_str())
}

/// An attribute's unescaped value.
fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

/// A repetition count attribute (1 when absent or unreadable; at least 1).
fn repeat(e: &quick_xml::events::BytesStart<'_>, name: &str) -> usize {
    attr(e, name)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in files {
            w.start_file(*name, opts).unwrap();
            w.write_all(data.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn ods(tables: &str) -> Vec<u8> {
        zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            (
                "content.xml",
                &format!(
                    "<office:document-content xmlns:office=\"o\" xmlns:table=\"t\" xmlns:text=\"x\"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
                ),
            ),
        ])
    }

    #[test]
    fn column_letters_follow_the_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(499), "SF");
        assert_eq!(column_letters(16383), "XFD");
    }

    #[test]
    fn ods_cells_read_as_the_program_shows_them() {
        let bytes = ods(concat!(
            r#"<table:table table:name="Curva">"#,
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>"#,
            r#"<table:table-row><table:table-cell/><table:table-cell office:value-type="string"><text:p>A &amp; B<text:s text:c="2"/>c</text:p><text:p>d</text:p><office:annotation><text:p>nota</text:p></office:annotation></table:table-cell>"#,
            r#"<table:table-cell office:value-type="float" office:value="1.50" table:number-columns-repeated="2"><text:p>1,5</text:p></table:table-cell>"#,
            r#"<table:covered-table-cell/><table:table-cell office:value-type="date" office:date-value="2025-03-30T02:00:00"/></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="2"><table:table-cell/><table:table-cell office:value-type="percentage" office:value="0.25"/></table:table-row>"#,
            r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
            r#"</table:table><table:table table:name="Vuoto"/>"#
        ));
        // the sheet with the most rows is the one read (the empty "Vuoto" is not)
        let sheet = read_sheet(&bytes).unwrap();
        let rows = &sheet.rows;
        // the first column with data is B: rows start there, as the rectangle would
        assert_eq!(
            rows[0],
            (
                3,
                vec![
                    "A & B  c\nd".to_string(),
                    "1.5".into(),
                    "1.5".into(),
                    "".into(),
                    "2025-03-30T02:00:00".into()
                ]
            )
        );
        assert_eq!(rows[1], (4, vec!["0.25".to_string()]));
        assert_eq!(rows[2], (5, vec!["0.25".to_string()]));
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn far_columns_and_damaged_xls_are_refused_with_what_to_do() {
        let e = read_sheet(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]).unwrap_err();
        assert!(e.message_it.contains("file .xls danneggiato"), "{e}");
        let e = ods(
            r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-repeated="499"/><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="2"/></table:table-row></table:table>"#,
        );
        let e = read_sheet(&e).unwrap_err();
        assert!(e.message_it.contains("cella SG1"), "{e}");
        assert_eq!(e.line, Some(1));
        // a value in the last allowed column is read
        let ok = ods(
            r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-repeated="499"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
        );
        assert_eq!(read_sheet(&ok).unwrap().rows[0].1, vec!["1".to_string()]);
    }

    #[test]
    fn the_cell_budget_names_the_cell() {
        let mut s = Book::default().sheet("S");
        let mut r = 0;
        let e = loop {
            if let Err(e) = s.put(r, MAX_COLUMNS - 1, "1".into()) {
                break e;
            }
            r += 1;
        };
        assert_eq!(r, MAX_CELLS / MAX_COLUMNS);
        assert!(e.message_en.contains("more than 3,000,000 cells"), "{e}");
        assert!(e.message_it.contains("più di 3.000.000 celle"), "{e}");
    }

    /// Every cell of the sheet with the most rows, as calamine reads it.
    fn calamine_rows(bytes: &[u8]) -> Vec<(usize, Vec<String>)> {
        let mut wb: calamine::Xls<_> = calamine::Reader::new(Cursor::new(bytes.to_vec())).unwrap();
        let names = calamine::Reader::sheet_names(&wb).to_vec();
        let mut best = Vec::new();
        for name in names {
            let range = calamine::Reader::worksheet_range(&mut wb, &name).unwrap();
            let (row0, _) = range.start().unwrap_or((0, 0));
            let rows: Vec<(usize, Vec<String>)> = range
                .rows()
                .enumerate()
                .map(|(i, r)| {
                    let mut cells: Vec<String> = r.iter().map(cell_text).collect();
                    while cells.last().is_some_and(|c| c.is_empty()) {
                        cells.pop();
                    }
                    (row0 as usize + i + 1, cells)
                })
                .filter(|(_, c)| !c.is_empty())
                .collect();
            if rows.len() > best.len() {
                best = rows;
            }
        }
        best
    }

    /// Our `.xls` reader against calamine's on real BIFF8 files (xlwt: shared strings over
    /// several CONTINUE records, UTF-16 text, dates with a custom format, RK and NUMBER
    /// cells, two sheets): every cell equal.
    #[test]
    fn xls_cells_equal_calamines() {
        let seed = std::fs::read("fuzz/seeds/load_curve/sheet.xls").unwrap();
        let ours = read_sheet(&seed).unwrap();
        assert_eq!(ours.rows, calamine_rows(&seed));
        assert_eq!(ours.rows.len(), 49);
        let bytes = std::fs::read("tests/fixtures/curves/excel97_orario_2025.xls").unwrap();
        let ours = read_sheet(&bytes).unwrap();
        assert_eq!(ours.rows, calamine_rows(&bytes));
        assert_eq!(ours.rows.len(), 8762); // title, headings, 8,760 hours
        assert_eq!(ours.rows[2].1[0], "2025-01-01 00:00:00");
        assert_eq!(
            ours.rows[0].1[0],
            "Curva di carico oraria — attività didattica"
        );
        assert_eq!(ours.rows[3001].1[2], "lettura n. 2999 ✓");
    }
}
