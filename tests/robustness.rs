//! No input makes the core panic: systematic mutations of a preset are either rejected with
//! messages or simulated.

use cer_planner::scenario::parse_and_validate;
use cer_planner::simulate::simulate;
use serde_json::Value;

fn mutate(v: &Value, path: &mut Vec<String>, out: &mut Vec<Value>, root: &Value) {
    let replacements = [
        Value::Null,
        serde_json::json!(-1),
        serde_json::json!(0),
        serde_json::json!(1e308),
        serde_json::json!(-1e308),
        serde_json::json!("x"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!(4294967296u64),
    ];
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                path.push(k.clone());
                for r in &replacements {
                    let mut c = root.clone();
                    *c.pointer_mut(&format!("/{}", path.join("/"))).unwrap() = r.clone();
                    out.push(c);
                }
                let mut c = root.clone();
                if let Some(Value::Object(parent)) = c.pointer_mut(
                    &format!("/{}", path[..path.len() - 1].join("/")).replace("//", "/"),
                ) {
                    parent.remove(k);
                    out.push(c);
                }
                mutate(child, path, out, root);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate().take(2) {
                path.push(i.to_string());
                mutate(child, path, out, root);
                path.pop();
            }
        }
        _ => {}
    }
}

#[test]
fn mutated_presets_never_panic() {
    let root: Value =
        serde_json::from_str(include_str!("../profiles/scenarios/niguarda_affori.json")).unwrap();
    let mut cases = Vec::new();
    mutate(&root, &mut Vec::new(), &mut cases, &root);
    assert!(cases.len() > 200, "{}", cases.len());
    let (mut ok, mut rejected) = (0, 0);
    for c in &cases {
        match parse_and_validate(&c.to_string()) {
            Ok(v) => {
                let r = simulate(&v).report;
                assert!(r.production_kwh.is_finite() && r.tip_eur.is_finite());
                let req = cer_planner::optimize::OptimizeRequest::new(
                    cer_planner::optimize::Objective::CommunityValue,
                );
                assert!(!matches!(
                    cer_planner::optimize::optimize(&v, &req),
                    cer_planner::optimize::OptimizeOutcome::Failed(_)
                ));
                ok += 1;
            }
            Err(e) => {
                assert!(!e.is_empty());
                assert!(e.iter().all(|x| !x.field.is_empty()
                    && !x.message_en.is_empty()
                    && !x.message_it.is_empty()));
                rejected += 1;
            }
        }
    }
    println!(
        "{} mutations: {ok} simulated, {rejected} rejected with messages",
        cases.len()
    );
    assert!(rejected > 100);
}

#[test]
fn optimiser_never_panics_on_edge_cases() {
    use cer_planner::optimize::{optimize, Objective, OptimizeOutcome, OptimizeRequest};
    let cases = [
        r#"{"schema_version":1,"name":"empty","cp":{"name":"X","code":"AC001E00934"},"members":[],"plants":[]}"#,
        r#"{"schema_version":1,"name":"no members","cp":{"name":"X","code":"AC001E00934"},"members":[{"category":"household","count":0,"available":0}],"plants":[{"id":"a","owner":"public","kwp":10,"tilt_deg":0,"azimuth_deg":0,"roof_potential_kwp":20}]}"#,
        r#"{"schema_version":1,"name":"north facade, grant, empty battery","cp":{"name":"X","code":"AC001E00934"},"members":[{"category":"school","count":1}],"plants":[{"id":"a","owner":"school","kwp":1000,"tilt_deg":90,"azimuth_deg":360,"host_category":"school","capital_grant_pct":40}],"battery":{"energy_kwh":0,"power_kw":0}}"#,
        r#"{"schema_version":1,"name":"only members","cp":{"name":"X","code":"AC001E00934"},"members":[{"category":"shop","count":3,"available":9}],"plants":[]}"#,
    ];
    let objectives = [
        Objective::CommunityValue,
        Objective::SolidarityFund,
        Objective::SharedEnergy,
        Objective::MinInvestment,
    ];
    for text in cases {
        let v = parse_and_validate(text).unwrap();
        for o in objectives {
            let mut req = OptimizeRequest::new(o);
            req.min_shared_ratio_pct = Some(55.0);
            match optimize(&v, &req) {
                OptimizeOutcome::Solved { report, .. } => {
                    assert!(report.objective_value.is_finite())
                }
                OptimizeOutcome::Infeasible { conflicts } => assert!(!conflicts.is_empty()),
                OptimizeOutcome::Failed(e) => panic!("{}: {e}", v.scenario.name),
            }
        }
    }
}
