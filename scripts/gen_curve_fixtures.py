#!/usr/bin/env python3
"""Real-looking metered load curves for the importer's tests (tests/curves.rs).

Writes tests/fixtures/curves/*.{csv,xlsx} in the layouts Italian customers download, with a
seeded synthetic consumption (a school: weekdays 7-17, closed in August and at Christmas), and
tests/fixtures/curves/expected.json with, per file, the energy it holds (kWh, summed here
independently of the Rust reader), its step and unit. Re-run: python3 scripts/gen_curve_fixtures.py
(needs PyPI openpyxl for the .xlsx file).
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

json.dump(expected, open(os.path.join(OUT, "expected.json"), "w"), indent=1)
for k, v in expected.items():
    print(k, v)
