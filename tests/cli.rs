//! The command-line interface as scripts use it: output formats and exit codes.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_cer-planner"))
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("cer-planner-test-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

#[test]
fn pv_prints_8760_rows_matching_pvlib() {
    let out = bin()
        .args([
            "pv",
            "--lat",
            "45.464",
            "--lon",
            "9.19",
            "--tilt",
            "30",
            "--azimuth",
            "180",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("hour,ac_kwh"));
    let rows: Vec<f64> = lines
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(rows.len(), 8760);
    let annual: f64 = rows.iter().sum();
    // pvlib, same chain: 1,375.7 kWh/kWp (tests/fixtures/pvlib_pv.json).
    assert!((annual / 1375.7 - 1.0).abs() < 0.02, "{annual}");
}

#[test]
fn pv_rejects_bad_arguments_with_exit_code_2() {
    let out = bin()
        .args(["pv", "--tilt", "120", "--azimuth", "180"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--tilt") && err.contains("accepted range 0 to 90"),
        "{err}"
    );
    assert!(
        err.contains("fuori dall'intervallo ammesso, da 0 a 90"),
        "{err}"
    );
    let out = bin()
        .args(["pv", "--tilt", "abc", "--azimuth", "180"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid value 'abc'")
            && err.contains("valore non valido «abc» per «--tilt <TILT>»: atteso un numero"),
        "{err}"
    );
}

/// clap's own refusals (an unknown command or flag, a missing value) are said in Italian too,
/// with clap's suggestion.
#[test]
fn malformed_command_lines_are_refused_in_both_languages() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["simulat", "x.json"],
            "comando sconosciuto «simulat» (forse «size-plant» o «simulate»?)",
        ),
        (
            &["simulate", "x.json", "--budgett", "3"],
            "argomento sconosciuto «--budgett»",
        ),
        (
            &["optimize", "x.json", "--objective"],
            "manca il valore di «--objective <OBJECTIVE>»",
        ),
        (&["simulate"], "manca un argomento obbligatorio: <SCENARIO>"),
    ];
    for (args, italian) in cases {
        let (code, err) = code_and_stderr(bin().args(args));
        assert_eq!(code, Some(2), "{args:?}");
        // Italian first, then clap's English.
        assert!(
            err.starts_with("errore: ") && err.contains(italian) && err.contains("\nerror:"),
            "{args:?}: {err}"
        );
    }
    let out = bin().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("errore"));
}

/// The exit code and standard error of a run of `cmd`.
fn code_and_stderr(cmd: &mut Command) -> (Option<i32>, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A file that cannot be read or written is refused in both languages, with exit code 4.
#[test]
fn file_errors_are_refused_in_both_languages() {
    let missing = tmp("does-not-exist.json");
    let (code, err) = code_and_stderr(bin().arg("validate").arg(&missing));
    assert_eq!(code, Some(4));
    assert!(
        err.contains("cannot read") && err.contains("il file non esiste"),
        "{err}"
    );
    let latin1 = tmp("latin1.json");
    std::fs::write(&latin1, b"{\"name\": \"Citt\xe0 Studi\"}").unwrap();
    let (code, err) = code_and_stderr(bin().arg("validate").arg(&latin1));
    assert_eq!(code, Some(4));
    assert!(
        err.contains("is not UTF-8 text (byte 14)")
            && err.contains("non è testo UTF-8 (byte 14): salvarlo come UTF-8"),
        "{err}"
    );
    let report = missing.join("no-folder").join("r.json");
    let (code, err) = code_and_stderr(
        bin()
            .args([
                "simulate",
                "tests/fixtures/chiaravalle_battery.json",
                "--report",
            ])
            .arg(&report),
    );
    assert_eq!(code, Some(4));
    assert!(
        err.contains("cannot write") && err.contains("la cartella non esiste"),
        "{err}"
    );
}

#[test]
fn simulate_writes_hourly_report_and_svgs() {
    let (h, r, d) = (tmp("h.csv"), tmp("r.json"), tmp("svg"));
    let out = bin()
        .args(["simulate", "profiles/scenarios/bovisa.json", "--hourly"])
        .arg(&h)
        .arg("--report")
        .arg(&r)
        .arg("--svg")
        .arg(&d)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&h).unwrap();
    let header = csv.lines().next().unwrap();
    for col in [
        "hour",
        "production_kwh",
        "consumption_kwh",
        "self_consumption_kwh",
        "injected_kwh",
        "withdrawn_kwh",
        "shared_kwh",
        "zonal_price_eur_per_mwh",
        "tip_eur_per_mwh",
    ] {
        assert!(header.split(',').any(|c| c == col), "{col}");
    }
    assert_eq!(csv.lines().count(), 8761);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&r).unwrap()).unwrap();
    for key in [
        "production_kwh",
        "consumption_kwh",
        "injected_kwh",
        "withdrawn_kwh",
        "shared_kwh",
        "self_consumption_kwh",
        "tip_eur",
        "valorisation_eur",
        "sales_eur",
        "solidarity_min_eur",
    ] {
        assert!(report[key].is_number(), "{key}");
    }
    assert_eq!(report["plants"][0]["power_band"], "up_to200_kw");
    // Report totals equal the sums of the CSV columns.
    let idx = header.split(',').position(|c| c == "shared_kwh").unwrap();
    let s: f64 = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(idx).unwrap().parse::<f64>().unwrap())
        .sum();
    assert!((s - report["shared_kwh"].as_f64().unwrap()).abs() < 0.01);
    for f in ["typical_days.svg", "monthly.svg", "heatmap_shared.svg"] {
        let svg = std::fs::read_to_string(d.join(f)).unwrap();
        assert!(svg.starts_with("<svg") && svg.len() > 2000, "{f}");
    }
}

#[test]
fn malformed_scenarios_get_exit_code_3_and_name_the_field() {
    let cases = [
        (r#"{"schema_version":1}"#, "name"),
        (
            r#"{"schema_version":2,"name":"x","cp":{"name":"a","code":"AC001E00934"},"members":[],"plants":[]}"#,
            "schema_version",
        ),
        (
            r#"{"schema_version":1,"name":"x","cp":{"name":"a","code":"AC1"},"members":[],"plants":[]}"#,
            "cp.code",
        ),
        (
            r#"{"schema_version":1,"name":"x","cp":{"name":"a","code":"AC001E00934"},"members":[{"category":"alien","count":1}],"plants":[]}"#,
            "members[0].category",
        ),
        (
            r#"{"schema_version":1,"name":"x","cp":{"name":"a","code":"AC001E00934"},"members":[],"plants":[{"id":"a","owner":"public","kwp":-5,"tilt_deg":30,"azimuth_deg":180}]}"#,
            "plants[0].kwp",
        ),
        (
            r#"{"schema_version":1,"name":"x","cp":{"name":"a","code":"AC001E00934"},"members":[],"plants":[],"parameters":{"discount_rate_pct":500}}"#,
            "parameters.discount_rate_pct",
        ),
        ("[1,2,", "(file)"),
    ];
    for (i, (text, field)) in cases.iter().enumerate() {
        let p = tmp(&format!("bad{i}.json"));
        std::fs::write(&p, text).unwrap();
        let out = bin().arg("simulate").arg(&p).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "case {i}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(field), "case {i}: {err}");
        assert!(!err.contains("panicked"), "case {i}: {err}");
    }
    let out = bin()
        .args(["simulate", "/nonexistent/file.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
}

#[test]
fn simulate_accepts_an_hourly_price_csv() {
    let prices = tmp("prices.csv");
    let mut text = String::from("hour,price_eur_per_mwh\n");
    for h in 0..8760 {
        text.push_str(&format!("{h},{}\n", if h % 24 < 8 { 120 } else { 80 }));
    }
    std::fs::write(&prices, text).unwrap();
    let (hourly, report) = (tmp("ph.csv"), tmp("pr.json"));
    let out = bin()
        .args(["simulate", "profiles/scenarios/bovisa.json", "--prices"])
        .arg(&prices)
        .arg("--hourly")
        .arg(&hourly)
        .arg("--report")
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(&hourly).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let pz = header
        .iter()
        .position(|c| *c == "zonal_price_eur_per_mwh")
        .unwrap();
    let row5: Vec<&str> = csv.lines().nth(6).unwrap().split(',').collect();
    assert_eq!(row5[pz].parse::<f64>().unwrap(), 120.0);
    std::fs::write(&prices, "1\n2\n").unwrap();
    let out = bin()
        .args(["simulate", "profiles/scenarios/bovisa.json", "--prices"])
        .arg(&prices)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("8760") && err.contains("ne servono 8.760"),
        "{err}"
    );
}
