//! `.xls` (Excel 97–2003: BIFF8 records in an OLE compound file) read by our own bounded
//! reader, for the cells a load curve has: numbers (`NUMBER`, `RK`, `MULRK`, a formula's
//! cached number), text (`LABELSST` with the shared-string table, `LABEL`, a formula's cached
//! string), booleans, and dates (numbers whose cell format is a date format).
//!
//! Why not calamine's: it parses every sheet at open, reserving rows × columns from the file's
//! own `DIMENSIONS` record and making the rectangle the cells span, and follows the container's
//! sector chains without bounding them (a chain that loops grows without end); a damaged file
//! exhausts the page's memory. Here every length is checked against the bytes present, every
//! chain is at most as long as the file has sectors, and cells go to the bounded
//! [`SheetBuilder`](super::SheetBuilder).
//!
//! References: [MS-CFB] Compound File Binary File Format; [MS-XLS] Excel Binary File Format,
//! sections 2.4 (records) and 2.5.217 (RK numbers).

use super::{excel_serial, unreadable_text, xls_old, Book, Sheet, SheetBuilder};
use crate::curve::CurveError;

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;

/// An OLE compound file: its sectors and allocation table.
struct Cfb<'a> {
    bytes: &'a [u8],
    sector: usize,
    /// Sectors in the file: no chain is longer (a longer one loops).
    n_sectors: usize,
    fat: Vec<u32>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn f64_at(b: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

impl<'a> Cfb<'a> {
    fn open(bytes: &'a [u8]) -> Option<Self> {
        if bytes.len() < 512 || bytes[..8] != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            return None;
        }
        let sector = match u16_at(bytes, 0x1E)? {
            9 => 512,
            12 => 4096,
            _ => return None,
        };
        let n_sectors = bytes.len().div_ceil(sector);
        let mut cfb = Cfb {
            bytes,
            sector,
            n_sectors,
            fat: Vec::new(),
        };
        // The FAT's own sectors: 109 in the header, then the DIFAT chain.
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|i| u32_at(bytes, 0x4C + 4 * i))
            .filter(|&s| s < ENDOFCHAIN)
            .collect();
        let mut difat = u32_at(bytes, 0x44)?;
        let mut steps = 0;
        while difat < ENDOFCHAIN {
            steps += 1;
            if steps > n_sectors {
                return None; // a DIFAT chain that loops
            }
            let s = cfb.sector_bytes(difat)?;
            let per = sector / 4 - 1;
            fat_sectors.extend(
                (0..per)
                    .filter_map(|i| u32_at(s, 4 * i))
                    .filter(|&x| x < ENDOFCHAIN),
            );
            difat = u32_at(s, 4 * per)?;
        }
        if fat_sectors.len() > n_sectors {
            return None;
        }
        let mut fat = Vec::with_capacity(fat_sectors.len() * sector / 4);
        for s in fat_sectors {
            let b = cfb.sector_bytes(s)?;
            fat.extend((0..sector / 4).filter_map(|i| u32_at(b, 4 * i)));
        }
        cfb.fat = fat;
        Some(cfb)
    }

    fn sector_bytes(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.sector)?;
        self.bytes.get(start..start.checked_add(self.sector)?)
    }

    /// The bytes of the chain from `start` in the file's sectors, cut to `len` (or the whole
    /// chain for `None`).
    fn chain(&self, start: u32, len: Option<usize>) -> Option<Vec<u8>> {
        follow(start, len, &self.fat, self.n_sectors, |id| {
            self.sector_bytes(id)
        })
    }

    /// The stream named `name` (case-insensitive), if the directory has one.
    fn stream(&self, name: &str) -> Option<Option<Vec<u8>>> {
        let h = self.bytes;
        let dir = self.chain(u32_at(h, 0x30)?, None)?;
        let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
        let entry_name = |e: &[u8]| -> String {
            let n = (u16_at(e, 0x40).unwrap_or(0) as usize).min(64) / 2;
            let units: Vec<u16> = (0..n.saturating_sub(1))
                .filter_map(|i| u16_at(e, 2 * i))
                .collect();
            String::from_utf16_lossy(&units)
        };
        let size = |e: &[u8]| -> usize {
            let v3 = u16_at(h, 0x1A) == Some(3);
            let s = if v3 {
                u32_at(e, 0x78).unwrap_or(0) as u64
            } else {
                u32_at(e, 0x78).unwrap_or(0) as u64 | ((u32_at(e, 0x7C).unwrap_or(0) as u64) << 32)
            };
            s.min(usize::MAX as u64 / 2) as usize
        };
        let Some(entry) = entries
            .iter()
            .find(|e| e.get(0x42) == Some(&2) && entry_name(e).eq_ignore_ascii_case(name))
        else {
            return Some(None);
        };
        let (start, len) = (u32_at(entry, 0x74)?, size(entry));
        if len > h.len() {
            return None; // a stream longer than the file
        }
        let cutoff = u32_at(h, 0x38)? as usize;
        if len >= cutoff {
            return Some(self.chain(start, Some(len)));
        }
        // a small stream lives in the mini stream (the root entry's chain)
        let root = entries.first()?;
        let root_len = size(root);
        if root_len > h.len() {
            return None;
        }
        let mini_stream = self.chain(u32_at(root, 0x74)?, Some(root_len))?;
        let n_mini_fat = u32_at(h, 0x40)? as usize;
        let mini_fat_len = n_mini_fat
            .checked_mul(self.sector)
            .filter(|&l| l <= h.len())?;
        let mini_fat_bytes = self.chain(u32_at(h, 0x3C)?, Some(mini_fat_len))?;
        let mini_fat: Vec<u32> = mini_fat_bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Some(follow(
            start,
            Some(len),
            &mini_fat,
            mini_stream.len() / 64,
            |id| {
                let at = (id as usize).checked_mul(64)?;
                mini_stream.get(at..at.checked_add(64)?)
            },
        ))
    }
}

/// Follows a sector chain through its allocation `table` from `start`, cut to `len` (or to its
/// end for `None`): `None` if it leaves the file, visits more than `limit` sectors (there are
/// no more: it loops), or is shorter than `len`.
fn follow<'a>(
    start: u32,
    len: Option<usize>,
    table: &[u32],
    limit: usize,
    sector: impl Fn(u32) -> Option<&'a [u8]>,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0;
    while len.is_none_or(|l| out.len() < l) {
        if id == ENDOFCHAIN && len.is_none() {
            return Some(out);
        }
        if id >= ENDOFCHAIN || steps >= limit {
            return None;
        }
        out.extend_from_slice(sector(id)?);
        id = *table.get(id as usize)?;
        steps += 1;
    }
    if let Some(l) = len {
        out.truncate(l);
    }
    Some(out)
}

/// One BIFF record: its type and data, with its `CONTINUE` records' data after it.
struct Record<'a> {
    kind: u16,
    data: &'a [u8],
    /// The record's data, then each `CONTINUE`'s.
    parts: Vec<&'a [u8]>,
    /// Bytes of the stream this record and its continuations take.
    size: usize,
}

impl<'a> Record<'a> {
    /// A reader of the record's data from byte `at`, across its continuations.
    fn reader(&self, at: usize) -> Reader<'a, '_> {
        Reader {
            parts: &self.parts,
            part: 0,
            at,
        }
    }
}

/// The records from `at` in the stream, `CONTINUE`s gathered with the record they continue.
fn records(stream: &[u8], mut at: usize) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        let begin = at;
        let kind = u16_at(stream, at)?;
        let len = u16_at(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        let mut parts = vec![data];
        while u16_at(stream, at) == Some(0x003C) {
            let l = u16_at(stream, at + 2)? as usize;
            parts.push(stream.get(at + 4..at + 4 + l)?);
            at += 4 + l;
        }
        Some(Record {
            kind,
            data,
            parts,
            size: at - begin,
        })
    })
}

/// Reads BIFF8 strings across a record and its `CONTINUE`s (each continuation of a string's
/// characters starts with a new flags byte).
struct Reader<'a, 'r> {
    parts: &'r [&'a [u8]],
    part: usize,
    at: usize,
}

impl<'a> Reader<'a, '_> {
    fn cur(&mut self) -> Option<&'a [u8]> {
        while self.at >= self.parts.get(self.part)?.len() {
            self.part += 1;
            self.at = 0;
        }
        Some(self.parts[self.part])
    }

    fn bytes(&mut self, n: usize) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(n.min(1 << 16));
        while out.len() < n {
            let p = self.cur()?;
            let take = (n - out.len()).min(p.len() - self.at);
            out.extend_from_slice(&p[self.at..self.at + take]);
            self.at += take;
        }
        Some(out)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn u16(&mut self) -> Option<u16> {
        let b = self.bytes(2)?;
        Some(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.bytes(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn skip(&mut self, n: usize) -> Option<()> {
        let mut left = n;
        while left > 0 {
            let p = self.cur()?;
            let take = left.min(p.len() - self.at);
            self.at += take;
            left -= take;
        }
        Some(())
    }

    /// `cch` characters, compressed (1 byte) or UTF-16, the flag renewed at each part boundary.
    fn chars(&mut self, cch: usize, mut wide: bool) -> Option<String> {
        let mut units: Vec<u16> = Vec::with_capacity(cch.min(1 << 16));
        while units.len() < cch {
            if self.at >= self.parts.get(self.part)?.len() {
                self.part += 1;
                self.at = 0;
                wide = self.u8()? & 1 == 1;
                continue;
            }
            if wide {
                units.push(self.u16()?);
            } else {
                units.push(self.u8()? as u16);
            }
        }
        Some(String::from_utf16_lossy(&units))
    }

    /// An `XLUnicodeRichExtendedString` (the shared-string table's entries).
    fn rich_string(&mut self) -> Option<String> {
        let cch = self.u16()? as usize;
        let flags = self.u8()?;
        let runs = if flags & 0x08 != 0 {
            self.u16()? as usize
        } else {
            0
        };
        let ext = if flags & 0x04 != 0 {
            self.u32()? as usize
        } else {
            0
        };
        let s = self.chars(cch, flags & 1 == 1)?;
        self.skip(4 * runs)?;
        self.skip(ext)?;
        Some(s)
    }

    /// An `XLUnicodeString` (16-bit count).
    fn string(&mut self) -> Option<String> {
        let cch = self.u16()? as usize;
        let flags = self.u8()?;
        self.chars(cch, flags & 1 == 1)
    }
}

/// A number stored as an RK value ([MS-XLS] 2.5.217).
fn rk(v: u32) -> f64 {
    let x = if v & 2 != 0 {
        ((v as i32) >> 2) as f64
    } else {
        f64::from_bits(((v & 0xFFFF_FFFC) as u64) << 32)
    };
    if v & 1 != 0 {
        x / 100.0
    } else {
        x
    }
}

/// Whether a number format shows a date or time: the built-in ones (14–22, 45–47) or a
/// custom one with d, m, y, h or s outside quotes, escapes and `[colour]` sections.
fn is_date_format(id: u16, custom: Option<&str>) -> bool {
    if let Some(f) = custom {
        let mut quoted = false;
        let mut bracket = false;
        let mut escaped = false;
        for c in f.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => quoted = !quoted,
                '[' if !quoted => bracket = true,
                ']' if !quoted => bracket = false,
                'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S'
                    if !quoted && !bracket =>
                {
                    return true
                }
                _ => {}
            }
        }
        return false;
    }
    matches!(id, 14..=22 | 45..=47)
}

/// Reads every worksheet of an `.xls` into bounded sheets: the workbook stream out of its
/// compound file, the workbook's globals (dates, number formats, shared strings, where each
/// sheet starts), then each sheet's cells.
pub(super) fn read(bytes: &[u8]) -> Result<Sheet, CurveError> {
    let stream = workbook_stream(bytes)?;
    let globals = Globals::read(&stream)?;
    // Each sheet is a substream of its own; positions that overlap (a damaged directory of
    // sheets) would read the same bytes again and again, so the records read in all are at
    // most twice the stream.
    let mut positions = std::collections::HashSet::new();
    let mut scanned = 0usize;
    let mut book = Book::default();
    for (name, pos) in &globals.sheets {
        if !positions.insert(*pos) {
            continue;
        }
        let mut sheet = book.sheet(name);
        read_sheet(&stream, *pos, &globals, &mut scanned, &mut sheet)?;
        book.add(sheet);
    }
    Ok(book.into_best())
}

fn damaged() -> CurveError {
    unreadable_text(
        "file .xls danneggiato (la sua struttura interna non si legge): aprilo con Excel o LibreOffice e salvalo di nuovo come .xlsx, .ods o CSV",
        "damaged .xls file (its inner structure cannot be read): open it in Excel or LibreOffice and save it again as .xlsx, .ods or CSV",
    )
}

/// The "Workbook" stream of the compound file (BIFF8); Excel 5/95's "Book" (BIFF5) is
/// refused with its own message.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, CurveError> {
    let cfb = Cfb::open(bytes).ok_or_else(damaged)?;
    match cfb.stream("Workbook") {
        Some(Some(s)) => Ok(s),
        Some(None) => Err(match cfb.stream("Book") {
            Some(Some(_)) => xls_old(),
            _ => damaged(),
        }),
        None => Err(damaged()),
    }
}

/// What the workbook's first substream says about all sheets.
#[derive(Default)]
struct Globals {
    /// Dates count from 1904 (old Mac workbooks) instead of 1900.
    date_1904: bool,
    /// Custom number formats by id.
    formats: std::collections::HashMap<u16, String>,
    /// Each cell style's number format id.
    xf_formats: Vec<u16>,
    /// The shared strings.
    strings: Vec<String>,
    /// Worksheets (not charts or macros): name and position of their substream.
    sheets: Vec<(String, usize)>,
}

impl Globals {
    fn read(stream: &[u8]) -> Result<Globals, CurveError> {
        let mut g = Globals::default();
        for (i, r) in records(stream, 0).enumerate() {
            match r.kind {
                // BIFF8 only (Excel 97–2003); Excel 5/95 wrote BIFF5
                0x0809 if i == 0 && u16_at(r.data, 0) != Some(0x0600) => return Err(xls_old()),
                0x002F => {
                    return Err(unreadable_text(
                        "il file .xls è protetto da password: toglila o salvalo come .xlsx o CSV",
                        "the .xls file is password-protected: remove it or save as .xlsx or CSV",
                    ))
                }
                0x0022 => g.date_1904 = u16_at(r.data, 0) == Some(1),
                0x041E => {
                    let mut rd = r.reader(0);
                    if let (Some(id), Some(f)) = (rd.u16(), rd.string()) {
                        g.formats.insert(id, f);
                    }
                }
                0x00E0 => g.xf_formats.push(u16_at(r.data, 2).unwrap_or(0)),
                0x00FC => g.shared_strings(&r)?,
                0x0085 => {
                    let pos = u32_at(r.data, 0).ok_or_else(damaged)? as usize;
                    let kind = r.data.get(5).copied().unwrap_or(0xFF);
                    let mut rd = r.reader(6);
                    let name = rd
                        .u8()
                        .and_then(|cch| {
                            let wide = rd.u8()? & 1 == 1;
                            rd.chars(cch as usize, wide)
                        })
                        .unwrap_or_default();
                    if kind == 0 {
                        g.sheets.push((name, pos));
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        Ok(g)
    }

    /// The shared strings (SST, continued over CONTINUE records), at most as many as a sheet
    /// may hold cells.
    fn shared_strings(&mut self, r: &Record) -> Result<(), CurveError> {
        let mut rd = r.reader(8);
        let unique = u32_at(r.data, 4).unwrap_or(0) as usize;
        for _ in 0..unique {
            match rd.rich_string() {
                Some(s) => self.strings.push(s),
                None => break,
            }
            if self.strings.len() > super::MAX_CELLS {
                return Err(damaged());
            }
        }
        Ok(())
    }

    /// A number as the cell shows it: a date and time (ISO) when its style's format is a
    /// date's, else the number.
    fn number_text(&self, v: f64, xf: u16) -> String {
        let id = self.xf_formats.get(xf as usize).copied().unwrap_or(0);
        if is_date_format(id, self.formats.get(&id).map(String::as_str)) {
            let serial = if self.date_1904 { v + 1462.0 } else { v };
            excel_serial(serial)
                .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                .unwrap_or_default()
        } else {
            format!("{v}")
        }
    }
}

/// One sheet's cells from its substream at `pos` (charts nested in it skipped); `scanned`
/// counts the bytes of records read over all sheets.
fn read_sheet(
    stream: &[u8],
    pos: usize,
    g: &Globals,
    scanned: &mut usize,
    sheet: &mut SheetBuilder,
) -> Result<(), CurveError> {
    let mut depth = 0usize; // nested substreams (charts) are skipped
    let mut formula_at: Option<(usize, usize)> = None;
    for (i, r) in records(stream, pos).enumerate() {
        *scanned += r.size;
        if *scanned > 2 * stream.len() {
            return Err(damaged());
        }
        match r.kind {
            0x0809 => {
                if i > 0 {
                    depth += 1;
                }
            }
            0x000A if depth == 0 => break,
            0x000A => depth -= 1,
            _ if depth > 0 => {}
            _ => cell(&r, g, &mut formula_at, sheet)?,
        }
    }
    Ok(())
}

/// The cell a record holds, if any: numbers (NUMBER, RK, MULRK), text (LABELSST, LABEL),
/// booleans (BOOLERR), formulas' cached values (FORMULA, and STRING after a text one, whose
/// cell `formula_at` keeps).
fn cell(
    r: &Record,
    g: &Globals,
    formula_at: &mut Option<(usize, usize)>,
    sheet: &mut SheetBuilder,
) -> Result<(), CurveError> {
    let d = r.data;
    let at = || {
        Some((
            u16_at(d, 0)? as usize,
            u16_at(d, 2)? as usize,
            u16_at(d, 4)?,
        ))
    };
    match r.kind {
        0x0203 => {
            if let (Some((row, col, xf)), Some(v)) = (at(), f64_at(d, 6)) {
                sheet.put(row, col, g.number_text(v, xf))?;
            }
        }
        0x027E => {
            if let (Some((row, col, xf)), Some(v)) = (at(), u32_at(d, 6)) {
                sheet.put(row, col, g.number_text(rk(v), xf))?;
            }
        }
        0x00BD => {
            if let (Some(row), Some(first)) = (u16_at(d, 0), u16_at(d, 2)) {
                let n = d.len().saturating_sub(6) / 6;
                for k in 0..n {
                    if let (Some(xf), Some(v)) = (u16_at(d, 4 + 6 * k), u32_at(d, 6 + 6 * k)) {
                        sheet.put(row as usize, first as usize + k, g.number_text(rk(v), xf))?;
                    }
                }
            }
        }
        0x00FD => {
            if let (Some((row, col, _)), Some(k)) = (at(), u32_at(d, 6)) {
                // a reference past the shared strings: the file is damaged
                let text = g.strings.get(k as usize).ok_or_else(damaged)?;
                sheet.put(row, col, text.trim().to_string())?;
            }
        }
        0x0204 => {
            if let Some((row, col, _)) = at() {
                let text = r.reader(6).string().unwrap_or_default();
                sheet.put(row, col, text.trim().to_string())?;
            }
        }
        0x0205 => {
            // a boolean (an error code reads as nothing)
            if let (Some((row, col, _)), Some(v), Some(0)) = (at(), d.get(6), d.get(7)) {
                sheet.put(row, col, (*v != 0).to_string())?;
            }
        }
        0x0006 => {
            *formula_at = None;
            if let Some((row, col, xf)) = at() {
                if u16_at(d, 12) == Some(0xFFFF) {
                    match d.get(6) {
                        Some(0) => *formula_at = Some((row, col)), // the STRING record follows
                        Some(1) => sheet.put(row, col, (d.get(8) != Some(&0)).to_string())?,
                        _ => {}
                    }
                } else if let Some(v) = f64_at(d, 6) {
                    sheet.put(row, col, g.number_text(v, xf))?;
                }
            }
        }
        0x0207 => {
            if let Some((row, col)) = formula_at.take() {
                let text = r.reader(0).string().unwrap_or_default();
                sheet.put(row, col, text.trim().to_string())?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers_decode() {
        // [MS-XLS] 2.5.217: integers shifted by 2 with fX100 and fInt flags
        assert_eq!(rk((123 << 2) | 2), 123.0);
        assert_eq!(rk((12345 << 2) | 3), 123.45);
        assert_eq!(rk(((-7i32) << 2) as u32 | 2), -7.0);
        let x = 1.5f64.to_bits();
        assert_eq!(rk((x >> 32) as u32), 1.5);
    }

    #[test]
    fn date_formats_are_told_from_numbers() {
        assert!(is_date_format(14, None));
        assert!(is_date_format(22, None));
        assert!(!is_date_format(0, None));
        assert!(!is_date_format(2, None));
        assert!(is_date_format(164, Some("dd/mm/yyyy hh:mm")));
        assert!(!is_date_format(165, Some("0.00\" kWh\"")));
        assert!(!is_date_format(166, Some("[Red]0.0")));
    }

    #[test]
    fn damaged_containers_are_refused_not_followed() {
        // a header that points its directory at a sector whose chain loops on itself
        let mut b = vec![0u8; 512 * 3];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        b[0x1A] = 3;
        b[0x1E] = 9;
        b[0x2C] = 1;
        // FAT in sector 0: sector 1 → 1 (a loop); directory starts at sector 1
        b[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes());
        for i in 1..109 {
            b[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&u32::MAX.to_le_bytes());
        }
        b[0x44..0x48].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        b[0x30..0x34].copy_from_slice(&1u32.to_le_bytes());
        b[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes());
        b[512 + 4..512 + 8].copy_from_slice(&1u32.to_le_bytes());
        assert!(read(&b).is_err());
        // a stream that announces more bytes than the file has
        assert!(read(&b[..600]).is_err());
    }
}
