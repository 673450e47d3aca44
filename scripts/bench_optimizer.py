#!/usr/bin/env python3
"""The optimiser against HiGHS on seeded random variants of the presets (PyPI highspy).

For each series (seed, number of cases, extra roofs across 200 kW, battery or not) it runs
`cer-planner bench-opt ... --out DIR` (release build): our whole optimisation per variant, and
the band choice exported as mixed-integer MPS models (binary band weights, every hour in full;
one model per band of the battery's own plant when that plant may cross a band limit). HiGHS
then solves each model; the optimum is the best of a variant's models. It prints every case,
the distribution of ours/HiGHS time (median, 90th percentile, maximum) and the slowest cases,
and checks that ours lies between HiGHS's best point and its dual bound (relative MIP gap
1e-6; at HiGHS's time limit of 60 s per model the two still bracket the optimum).

    python3 scripts/bench_optimizer.py                      # the default series
    python3 scripts/bench_optimizer.py --series 7:10:15:0   # seed:cases:roofs:battery(0/1)[:odd(0/1)]
                                                            # (odd: odd but valid inputs, bench-opt --odd)
    python3 scripts/bench_optimizer.py --fixture            # also write tests/fixtures/highs_variants.json
                                                            # (the series run replace theirs)

The fixture holds HiGHS's optima for the series the Rust test
`tests/optimize.rs::random_variants_equal_highs_mixed_integer` rebuilds and solves.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import highspy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "cer-planner")
# (seed, cases, extra roofs across 200 kW, battery)
DEFAULT_SERIES = [(1, 10, 0, 0), (2, 8, 5, 0), (3, 6, 15, 0), (4, 6, 0, 1), (5, 4, 3, 1)]


def highs_solve(path, time_limit):
    """HiGHS's MIP solve: (best objective, dual bound, ms, status); the objective and bound are
    None when HiGHS found no feasible point."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 1e-6)
    h.setOptionValue("time_limit", float(time_limit))
    h.readModel(path)
    t0 = time.perf_counter()
    h.run()
    ms = (time.perf_counter() - t0) * 1000
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    if status in ("Optimal", "Time limit reached") and info.primal_solution_status == 2:
        bound = info.mip_dual_bound if h.getLp().integrality_ else info.objective_function_value
        return info.objective_function_value, bound, ms, status
    if status == "Time limit reached":
        return None, info.mip_dual_bound, ms, status
    return None, None, ms, status


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def main():
    args = sys.argv[1:]
    series = [tuple(int(x) for x in a.split(":")) for i, a in enumerate(args) if i > 0 and args[i - 1] == "--series"]
    series = [(s + (0,))[:5] for s in (series or DEFAULT_SERIES)]
    limit = 60  # s per model; beyond it HiGHS's incumbent and dual bound bracket the optimum
    rows, fixture = [], []
    with tempfile.TemporaryDirectory() as d:
        for seed, cases, roofs, battery, odd in series:
            out = os.path.join(d, f"s{seed}_{roofs}_{battery}_{odd}")
            cmd = [BIN, "bench-opt", "--seed", str(seed), "--cases", str(cases), "--roofs", str(roofs), "--out", out]
            if battery:
                cmd.append("--battery")
            if odd:
                cmd.append("--odd")
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            results = []
            for case in json.load(open(os.path.join(out, "summary.json"))):
                best, bound, hms, statuses = None, None, 0.0, []
                pick = max if case["sense"] == "max" else min
                for m in case["milps"]:
                    obj, bd, ms, status = highs_solve(m, limit)
                    hms += ms
                    statuses.append(status)
                    if obj is not None:
                        best = obj if best is None else pick(best, obj)
                    if bd is not None:
                        bound = bd if bound is None else pick(bound, bd)
                if all(s == "Optimal" for s in statuses) or (best is not None and all(s in ("Optimal", "Infeasible") for s in statuses)):
                    h_status = "optimal"
                elif all(s == "Infeasible" for s in statuses):
                    h_status = "infeasible"
                else:
                    h_status = "limit"  # time limit: HiGHS's best point and its dual bound still bracket the optimum
                ours = case["objective"]
                tol = 1e-6 * max(1.0, abs(best if best is not None else (ours or 1.0)))
                if ours is None:
                    agree = h_status == "infeasible"
                elif case["sense"] == "max":
                    agree = (best is None or ours >= best - tol) and (bound is None or ours <= bound + tol)
                else:
                    agree = (best is None or ours <= best + tol) and (bound is None or ours >= bound - tol)
                row = dict(case, highs_objective=best, highs_bound=bound, highs_ms=hms, highs_status=h_status, agree=agree)
                rows.append(row)
                results.append({"case": case["case"], "status": case["status"], "highs_status": h_status,
                                "highs_objective": best, "highs_bound": bound, "highs_ms": round(hms, 1)})
                print(f"s{seed} r{roofs} b{battery}{' odd' if odd else ''} case {case['case']:2d}: ours {ours!s:>20} in {case['whole_ms']:9.1f} ms"
                      f" ({case['nodes']} nodes, {case['lp_solves']} LPs) | HiGHS {best!s:>20} (bound {bound!s:>20}) in {hms:9.1f} ms {h_status}"
                      f" | {'agree' if agree else 'DISAGREE'} | {case['label']}", flush=True)
            entry = {"seed": seed, "cases": cases, "roofs": roofs, "battery": bool(battery)}
            if odd:
                entry["odd"] = True
            fixture.append(dict(entry, results=results))
    timed = rows  # at the time limit HiGHS's time is a lower bound: the ratio an upper bound
    ratios = [r["whole_ms"] / max(r["highs_ms"], 1e-3) for r in timed]
    print()
    if ratios:
        print(f"ours/HiGHS time over {len(ratios)} variants (whole optimisation vs HiGHS's solve of the MIP): "
              f"median {statistics.median(ratios):.2f}, p90 {pct(ratios, 0.9):.2f}, max {max(ratios):.2f}")
    for label, sel in [("without a battery", lambda r: not r["battery"]), ("with a battery", lambda r: r["battery"])]:
        rs = [r["whole_ms"] / max(r["highs_ms"], 1e-3) for r in timed if sel(r)]
        ms = [r["whole_ms"] for r in timed if sel(r)]
        if rs:
            print(f"  {label:18s}: ratio median {statistics.median(rs):.2f}, p90 {pct(rs, 0.9):.2f}, max {max(rs):.2f};"
                  f" ours median {statistics.median(ms):.0f} ms, max {max(ms):.0f} ms")
    print("slowest cases (ours):")
    for r in sorted(rows, key=lambda r: -r["whole_ms"])[:5]:
        print(f"  {r['whole_ms']:9.1f} ms (HiGHS {r['highs_ms']:9.1f} ms) seed {r['seed']} case {r['case']} roofs {r['roofs']}"
              f" battery {r['battery']}: {r['label']}")
    print("largest ours/HiGHS ratios:")
    for r in sorted(timed, key=lambda r: -r["whole_ms"] / max(r["highs_ms"], 1e-3))[:5]:
        print(f"  {r['whole_ms'] / max(r['highs_ms'], 1e-3):6.2f}: {r['whole_ms']:9.1f} ms vs HiGHS {r['highs_ms']:9.1f} ms,"
              f" seed {r['seed']} case {r['case']} roofs {r['roofs']} battery {r['battery']}: {r['label']}")
    bad = [r for r in rows if not r["agree"]]
    print(f"{len(rows) - len(bad)} of {len(rows)} agree with HiGHS" + ("" if not bad else f"; DISAGREE: {[(r['seed'], r['case']) for r in bad]}"))
    if "--fixture" in args:
        # The series run here replace the same series in the fixture; the others are kept.
        path = os.path.join(ROOT, "tests", "fixtures", "highs_variants.json")
        key = lambda x: (x["seed"], x["cases"], x["roofs"], bool(x["battery"]), bool(x.get("odd", False)))
        old = json.load(open(path))["series"] if os.path.exists(path) else []
        new = {key(x): x for x in fixture}
        merged = [new.pop(key(x), x) for x in old] + list(new.values())
        with open(path, "w") as f:
            json.dump({"highspy_version": getattr(highspy, "__version__", "unknown"), "series": merged}, f, indent=1)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
