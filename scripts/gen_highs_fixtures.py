#!/usr/bin/env python3
"""Independent check of the optimiser: solve the exported MPS models with HiGHS (PyPI highspy).

For every case below, runs `cer-planner optimize ... --mps` (release build), solves the MPS
with HiGHS, and writes tests/fixtures/highs_optima.json with HiGHS's optimum and time. The Rust
test `tests/optimize.rs` rebuilds the same models, solves them with clarabel and asserts
agreement within 1e-6 relative. Re-run after any change to the model:

    cargo build --release && python3 scripts/gen_highs_fixtures.py     (pip install highspy)

With --bench it only prints HiGHS's time next to ours (used by `cer-planner bench-opt`).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import highspy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "cer-planner")
CASES = [
    ("bovisa_value", "profiles/scenarios/bovisa.json", ["--objective", "community-value"]),
    ("citta_studi_value", "profiles/scenarios/citta_studi.json", ["--objective", "community-value"]),
    ("niguarda_fund_budget", "profiles/scenarios/niguarda_affori.json", ["--objective", "solidarity-fund", "--budget", "200000"]),
    ("chiaravalle_value", "profiles/scenarios/chiaravalle.json", ["--objective", "community-value"]),
    ("niguarda_value", "profiles/scenarios/niguarda_affori.json", ["--objective", "community-value"]),
    ("bovisa_battery_value", "tests/fixtures/bovisa_battery.json", ["--objective", "community-value"]),
    ("chiaravalle_battery_value", "tests/fixtures/chiaravalle_battery.json", ["--objective", "community-value"]),
    ("bovisa_fund_budget_cers_policy", "profiles/scenarios/bovisa.json", ["--objective", "solidarity-fund", "--budget", "200000", "--keep-households", "--keep-energy-poor"]),
    ("chiaravalle_shared_budget", "profiles/scenarios/chiaravalle.json", ["--objective", "shared-energy", "--budget", "150000"]),
    ("template_min_investment", "profiles/scenarios/template_new_cp.json", ["--objective", "min-investment", "--min-ep-supported", "10", "--min-shared-ratio", "55", "--min-energy-poor", "20"]),
    ("niguarda_value_social", "profiles/scenarios/niguarda_affori.json", ["--objective", "community-value", "--min-energy-poor", "100", "--max-business-share", "5", "--min-shared-ratio", "55"]),
    ("citta_studi_grants_value", "tests/fixtures/citta_studi_grants.json", ["--objective", "community-value"]),
    ("citta_studi_grants_fund_target", "tests/fixtures/citta_studi_grants.json", ["--objective", "solidarity-fund", "--budget", "900000", "--min-shared-ratio", "70"]),
    ("citta_studi_min_investment", "profiles/scenarios/citta_studi.json", ["--objective", "min-investment", "--min-shared-kwh", "800000", "--min-self-sufficiency", "20", "--min-energy-poor", "50"]),
]


def highs_solve(mps):
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(mps)
    t0 = time.perf_counter()
    h.run()
    ms = (time.perf_counter() - t0) * 1000
    status = h.modelStatusToString(h.getModelStatus())
    return h.getInfo().objective_function_value, ms, status


def main():
    bench = "--bench" in sys.argv
    out = {"highspy_version": getattr(highspy, "__version__", "unknown"), "cases": []}
    with tempfile.TemporaryDirectory() as d:
        # Ours first for every case, then HiGHS: HiGHS's worker threads stay busy for a while
        # after a solve and would slow our next run on a 2-core machine.
        reports = []
        for name, scenario, args in CASES:
            mps, rep = os.path.join(d, name + ".mps"), os.path.join(d, name + ".json")
            subprocess.run([BIN, "optimize", os.path.join(ROOT, scenario), *args, "--mps", mps, "--report", rep],
                           check=True, stdout=subprocess.DEVNULL)
            reports.append((mps, json.load(open(rep))))
        for (name, scenario, args), (mps, ours) in zip(CASES, reports):
            obj, ms, status = highs_solve(mps)
            rel = abs(obj - ours["objective_value"]) / max(1.0, abs(obj))
            print(f"{name:30s} HiGHS {obj:16.6f} in {ms:8.1f} ms | ours {ours['objective_value']:16.6f} "
                  f"in {ours['solve_ms']:8.1f} ms ({ours['lp_solves']} LPs) | rel diff {rel:.2e} | {status}", file=sys.stderr)
            out["cases"].append({"name": name, "scenario": scenario, "args": args, "highs_objective": obj,
                                 "highs_ms": ms, "highs_status": status})
    if not bench:
        with open(os.path.join(ROOT, "tests", "fixtures", "highs_optima.json"), "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
