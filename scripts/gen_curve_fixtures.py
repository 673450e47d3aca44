#!/usr/bin/env python3
"""Real-looking metered load curves for the importer's tests (tests/curves.rs).

Writes tests/fixtures/curves/*.{csv,xlsx,ods,xls} in the layouts Italian customers download, with a
seeded synthetic consumption (a school: weekdays 7-17, closed in August and at Christmas), and
tests/fixtures/curves/expected.json with, per file, the energy it holds (kWh, summed here
independently of the Rust reader), its step and unit. Re-run: python3 scripts/gen_curve_fixtures.py
(needs PyPI openpyxl for the .xlsx file and xlwt for the .xls one).
"""
import json
import os
import random
from datetime import date, datetime, timedelta

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "fixtures", "curves")
os.makedirs(OUT, exist_ok=True)
rng = random.Random(7)


def last_sunday(y, m):
    d = (date(y, m + 1, 1) if m < 12 else date(y + 1, 1, 1)) - timedelta(days=1)
    while d.weekday() != 6:
        d -= timedelta(days=1)
    return d


def is_summer(utc):
    y = utc.year
    s = datetime.combine(last_sunday(y, 3), datetime.min.time()) + timedelta(hours=1)
    e = datetime.combine(last_sunday(y, 10), datetime.min.time()) + timedelta(hours=1)
    return s <= utc < e


def to_local(utc):
    return utc + timedelta(hours=2 if is_summer(utc) else 1)


def local_midnight_utc(d):
    g = datetime.combine(d, datetime.min.time()) - timedelta(hours=1)
    return g - timedelta(hours=1) if is_summer(g - timedelta(hours=1)) else g


def school_kw(t):
    """Average kW of a school at local time t (seeded noise)."""
    closed = t.month == 8 or (t.month == 12 and t.day >= 23) or (t.month == 1 and t.day <= 6)
    work = t.weekday() < 5 and not closed and 7 <= t.hour < 17
    base = 6.0 if not work else 28.0 + 8.0 * (t.hour in (10, 11, 12))
    return round(base * (1 + 0.1 * (rng.random() - 0.5)), 3)


def intervals(year, step_min, months=None):
    """(local start, utc start, kW) over the year's local days, DST included."""
    d = date(year, 1, 1)
    u = local_midnight_utc(d)
    end = local_midnight_utc(date(year + 1, 1, 1))
    while u < end:
        t = to_local(u)
        if months is None or t.month in months:
            yield t, u, school_kw(t)
        u += timedelta(minutes=step_min)


def it_num(x, d=3):
    return f"{x:.{d}f}".replace(".", ",")


expected = {}

# 1. e-distribuzione-like: 15-minute energy, end stamps (00:15 … 24:00), ';' and decimal comma,
#    a preamble, POD column, injection column at zero.
rows = ["Codice POD;IT001E12345678", "Tipologia;Curva di carico quartoraria", "",
        "POD;Data/Ora;Energia Attiva Prelevata (kWh);Energia Attiva Immessa (kWh)"]
tot = 0.0
for t, u, kw in intervals(2024, 15):
    e = round(kw * 0.25, 3)
    tot += e
    end = t + timedelta(minutes=15)
    stamp = (t.strftime("%d/%m/%Y") + " 24:00") if end.hour == 0 and end.minute == 0 else end.strftime("%d/%m/%Y %H:%M")
    rows.append(f"IT001E12345678;{stamp};{it_num(e)};0,000")
open(os.path.join(OUT, "edistribuzione_15min_2024.csv"), "w", encoding="utf-8").write("\r\n".join(rows) + "\r\n")
expected["edistribuzione_15min_2024.csv"] = {"total_kwh": round(tot, 3), "step_minutes": 15, "unit": "kwh", "layout": "long"}

# 2. Wide: one row per day, 96 quarter-hour columns "00:00-00:15" (92/100 values on DST days,
#    100 columns always), kWh, Windows-1252 text with an accented header.
hdr = ["Data", "Giorno"] + [f"{(i*15)//60:02d}:{(i*15)%60:02d}-{((i+1)*15)//60 % 24:02d}:{((i+1)*15)%60:02d}" for i in range(100)]
rows = [";".join(hdr)]
tot = 0.0
by_day = {}
for t, u, kw in intervals(2025, 15):
    by_day.setdefault(t.date() if not (t.hour == 0 and False) else t.date(), []).append(round(kw * 0.25, 3))
for d, vals in sorted(by_day.items()):
    tot += sum(vals)
    cells = [d.strftime("%d/%m/%Y"), ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"][d.weekday()]]
    cells += [it_num(v) for v in vals] + [""] * (100 - len(vals))
    rows.append(";".join(cells))
open(os.path.join(OUT, "wide_quartorario_2025.csv"), "w", encoding="cp1252").write("\n".join(rows) + "\n")
expected["wide_quartorario_2025.csv"] = {"total_kwh": round(tot, 3), "step_minutes": 15, "unit": "kwh", "layout": "wide"}

# 3. Portale-Consumi-like: hourly, date and hour index 1…24 (hour ending), quoted fields.
rows = ['"POD";"Data";"Ora";"Consumo (kWh)"']
tot = 0.0
seen = {}
for t, u, kw in intervals(2025, 60):
    if t.month > 6:
        continue  # half a year: the rest is estimated
    e = round(kw, 3)
    key = (t.date(), t.hour)
    if key in seen:  # the repeated autumn hour does not occur in Jan-Jun
        continue
    seen[key] = True
    tot += e
    rows.append(f'"IT001E12345678";"{t.strftime("%d/%m/%Y")}";"{t.hour + 1}";"{it_num(e)}"')
open(os.path.join(OUT, "portale_consumi_orario_h1_2025.csv"), "w", encoding="utf-8-sig").write("\n".join(rows) + "\n")
expected["portale_consumi_orario_h1_2025.csv"] = {"total_kwh": round(tot, 3), "step_minutes": 60, "unit": "kwh", "layout": "long", "estimated_months": [7, 8, 9, 10, 11, 12]}

# 4. ISO 8601 with offsets, 30-minute average power in kW, ',' separator and decimal point.
rows = ["timestamp,active_power_kW,reactive_power_kvar"]
tot = 0.0
for t, u, kw in intervals(2023, 30):
    off = "+02:00" if is_summer(u) else "+01:00"
    rows.append(f"{t.strftime('%Y-%m-%dT%H:%M:%S')}{off},{kw:.3f},{kw*0.3:.3f}")
    tot += kw * 0.5
open(os.path.join(OUT, "iso_30min_kw_2023.csv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
expected["iso_30min_kw_2023.csv"] = {"total_kwh": round(tot, 3), "step_minutes": 30, "unit": "kw", "layout": "long"}

# 5. A spreadsheet: hourly, Excel date-times in one column (interval start), kWh.
try:
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Consumi"
    ws.append(["Curva oraria scuola via Pascoli"])
    ws.append([])
    ws.append(["Inizio intervallo", "kWh"])
    tot = 0.0
    seen = set()
    for t, u, kw in intervals(2025, 60):
        if t in seen:  # naive local clock: the repeated autumn hour is written twice
            pass
        seen.add(t)
        ws.append([t, round(kw, 3)])
        tot += round(kw, 3)
    wb.save(os.path.join(OUT, "foglio_orario_2025.xlsx"))
    expected["foglio_orario_2025.xlsx"] = {"total_kwh": round(tot, 3), "step_minutes": 60, "unit": "kwh", "layout": "long"}
except ImportError:
    print("openpyxl not installed: the .xlsx fixture was not written")

# 6. An OpenDocument spreadsheet as LibreOffice writes it: wide, one row per day of 24 hourly
#    kWh columns (23/25 on the DST days), dates as date cells shown gg/mm/aaaa, equal
#    neighbours written once with table:number-columns-repeated, a heading with an entity and
#    spaces, a note sheet, and the sheet's empty tail as a million repeated empty rows.
import zipfile
from xml.sax.saxutils import escape


def ods_cell(v):
    if isinstance(v, date):
        return (f'<table:table-cell table:style-name="ce1" office:value-type="date" '
                f'office:date-value="{v.isoformat()}" calcext:value-type="date">'
                f'<text:p>{v.strftime("%d/%m/%Y")}</text:p></table:table-cell>')
    if isinstance(v, float):
        return (f'<table:table-cell office:value-type="float" office:value="{v!r}" '
                f'calcext:value-type="float"><text:p>{it_num(v, 1)}</text:p></table:table-cell>')
    return (f'<table:table-cell office:value-type="string" calcext:value-type="string">'
            f'<text:p>{v}</text:p></table:table-cell>')


def ods_row(values):
    """Equal neighbours collapsed with number-columns-repeated, as LibreOffice saves."""
    out, i = [], 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i] and not isinstance(values[i], date):
            j += 1
        cell = ods_cell(values[i])
        if j > i:
            cell = cell.replace("<table:table-cell ", f'<table:table-cell table:number-columns-repeated="{j - i + 1}" ', 1)
        out.append(cell)
        i = j + 1
    return "<table:table-row>" + "".join(out) + '<table:table-cell table:number-columns-repeated="990"/></table:table-row>'


def write_ods(path, sheets):
    body = "".join(
        f'<table:table table:name="{escape(name)}">' + "".join(rows)
        + '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>'
        for name, rows in sheets)
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
               'office:version="1.3"><office:body><office:spreadsheet>' + body
               + '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (2025, 1, 1, 0, 0, 0)), "application/vnd.oasis.opendocument.spreadsheet")
        for name, data in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            z.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)


by_day = {}
for t, u, kw in intervals(2025, 60):
    by_day.setdefault(t.date(), []).append(round(kw * 2) / 2)  # to 0.5 kWh: equal neighbours repeat
rows = [ods_row(["Consumi orari &amp; note", ]).replace("&amp;amp;", "&amp;"),
        "<table:table-row><table:table-cell/></table:table-row>",
        ods_row(["Data"] + [f"{h:02d}-{h + 1:02d}" for h in range(25)])]
tot = 0.0
for d, vals in sorted(by_day.items()):
    tot += sum(vals)
    rows.append(ods_row([d] + [float(v) for v in vals]))
write_ods(os.path.join(OUT, "foglio_libreoffice_2025.ods"),
          [("Curva", rows), ("Note", [ods_row(["Scuola<text:s text:c=\"2\"/>via Pascoli"]), ods_row(["Fonte", "contatore"])])])
expected["foglio_libreoffice_2025.ods"] = {"total_kwh": round(tot, 3), "step_minutes": 60, "unit": "kwh", "layout": "wide"}

# 8. Excel 97-2003 (.xls, BIFF8 in an OLE container, written by PyPI xlwt): hourly, dates as
#    numbers with a date format (interval start), kWh, a notes column of unique strings (a
#    shared-string table long enough to continue over several records), accented text, and a
#    second sheet.
try:
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Consumi orari")
    info = wb.add_sheet("Informazioni")
    info.write(0, 0, "Punto di prelievo")
    info.write(0, 1, "IT001E98765432 — scuola è aperta")
    stamp = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    ws.write(0, 0, "Curva di carico oraria — attività didattica")
    ws.write(2, 0, "Inizio")
    ws.write(2, 1, "kWh")
    ws.write(2, 2, "Nota")
    tot = 0.0
    for i, (t, u, kw) in enumerate(intervals(2025, 60)):
        v = round(kw, 2)
        ws.write(3 + i, 0, t, stamp)
        ws.write(3 + i, 1, v)
        if i < 3000:
            ws.write(3 + i, 2, f"lettura n. {i} ✓")
        tot += v
    wb.save(os.path.join(OUT, "excel97_orario_2025.xls"))
    expected["excel97_orario_2025.xls"] = {"total_kwh": round(tot, 3), "step_minutes": 60, "unit": "kwh", "layout": "long"}
except ImportError:
    print("xlwt not installed: the .xls fixture was not written")

# 7. Damaged and hostile spreadsheets (tests/curves.rs: each refused with a message naming
#    what is wrong, in little memory): they claim extents, repetitions and sizes far beyond
#    what they hold.
HOSTILE = os.path.join(OUT, "hostile")
os.makedirs(HOSTILE, exist_ok=True)


def write_xlsx(path, sheet_xml, shared=None):
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Consumi" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wbrels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
              + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared else '')
              + '</Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in (("[Content_Types].xml", ct), ("_rels/.rels", rels), ("xl/workbook.xml", wb),
                           ("xl/_rels/workbook.xml.rels", wbrels), ("xl/worksheets/sheet1.xml", sheet_xml)):
            z.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
        if shared:
            z.writestr(zipfile.ZipInfo("xl/sharedStrings.xml", (2025, 1, 1, 0, 0, 0)), shared, compress_type=zipfile.ZIP_DEFLATED)


SHEET = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<dimension ref="A1:XFD1048576"/><sheetData>{}</sheetData></worksheet>')
# two cells 549 GB apart for a reader that makes the rectangle between them
write_xlsx(os.path.join(HOSTILE, "celle_lontane.xlsx"),
           SHEET.format('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'))
# a million rows apart in column CZ: 100 million cells (3 GB) for a rectangle reader
write_xlsx(os.path.join(HOSTILE, "righe_lontane.xlsx"),
           SHEET.format('<row r="1"><c r="A1"><v>1</v></c></row><row r="1000000"><c r="CZ1000000"><v>2</v></c></row>'))
# shared strings that inflate to 300 MB from a file of a few hundred kB
write_xlsx(os.path.join(HOSTILE, "bomba_zip.xlsx"), SHEET.format('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
           shared='<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
           + "0" * 300_000_000 + "</t></si></sst>")
# shared strings announcing a trillion strings (a reader that reserves room for them aborts)
write_xlsx(os.path.join(HOSTILE, "testi_annunciati.xlsx"), SHEET.format('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'),
           shared='<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1000000000000"><si><t>Data</t></si></sst>')
# a value row repeated a billion times; a billion spaces in a cell; a value repeated across 16,384 columns
write_ods(os.path.join(HOSTILE, "righe_ripetute.ods"),
          [("Curva", [ods_row([date(2025, 1, 1), 1.5]).replace("<table:table-row>", '<table:table-row table:number-rows-repeated="1000000000">', 1)])])
write_ods(os.path.join(HOSTILE, "spazi.ods"),
          [("Curva", [ods_row(['a<text:s text:c="1000000000"/>b'])])])
write_ods(os.path.join(HOSTILE, "colonne_ripetute.ods"),
          [("Curva", [ods_row([date(2025, 1, 1)]).replace('<table:table-cell table:number-columns-repeated="990"/>',
                      '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/>')] * 1000)])
# an OLE signature and nothing behind it: refused as damaged
open(os.path.join(HOSTILE, "vecchio_excel.xls"), "wb").write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))
# the .xls of section 8 altered: its DIMENSIONS record claims 4 billion rows × 256 columns (a
# reader that reserves them aborts; ours does not use the record: the file reads as before),
# and its Workbook stream claims 2 GB over a sector chain that loops on itself (a reader that
# follows the chain until the claimed length grows without end; ours refuses it as damaged)
import struct
xls_path = os.path.join(OUT, "excel97_orario_2025.xls")
if os.path.exists(xls_path):
    raw = bytearray(open(xls_path, "rb").read())
    at = raw.index(b"\x00\x02\x0e\x00", 600)  # the worksheet's DIMENSIONS (type 0x0200, 14 bytes)
    struct.pack_into("<IIHH", raw, at + 4, 0, 0xFFFFFFF0, 0, 0xFF)
    open(os.path.join(HOSTILE, "dimensioni_enormi.xls"), "wb").write(raw)
    raw = bytearray(open(xls_path, "rb").read())
    fat_sectors = [x for x in struct.unpack_from("<109I", raw, 0x4C) if x < 0xFFFFFFFE]
    fat = b"".join(raw[512 * (1 + s):512 * (2 + s)] for s in fat_sectors)
    dir_start = struct.unpack_from("<I", raw, 0x30)[0]
    sector, entry = dir_start, None
    while entry is None and sector < 0xFFFFFFFE:
        for k in range(4):
            off = 512 * (1 + sector) + 128 * k
            if raw[off:off + 16].decode("utf-16-le", "replace").startswith("Workbook"):
                entry = off
        sector = struct.unpack_from("<I", fat, 4 * sector)[0]
    start = struct.unpack_from("<I", raw, entry + 0x74)[0]
    struct.pack_into("<I", raw, entry + 0x78, 0x7FFFFFFF)
    fat_sector_of_start = fat_sectors[start // 128]
    struct.pack_into("<I", raw, 512 * (1 + fat_sector_of_start) + 4 * (start % 128), start)
    open(os.path.join(HOSTILE, "catena_circolare.xls"), "wb").write(raw)

json.dump(expected, open(os.path.join(OUT, "expected.json"), "w"), indent=1)
for k, v in expected.items():
    print(k, v)
