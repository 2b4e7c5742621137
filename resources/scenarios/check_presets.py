#!/usr/bin/python3
"""Checks the bundled presets against the scenario model's rules (docs/model.md, version 2).

Usage:
    /usr/bin/python3 resources/scenarios/check_presets.py [--reference DIR] [--paths N] [--seed S]

Without options it checks, for every resources/scenarios/*.json, the rules of docs/model.md
"File formats" and "Uncertain inputs": known keys in their groups, values inside the slider
ranges of the spec's parameter table (read from docs/model.md itself, so the check follows the
spec), an integer disruption_months, a start that draws no more power than it has, and every
interval and correlation (p5 <= value <= p95, p5 < p95, ends inside the slider range, log
scale positive, a pair once, rank in (-1, 1), a positive definite matrix). It also checks what
each preset claims to show (STORY below). Exit status 1 on any failure.

With --reference DIR (a directory holding jevons_reference.py, the numpy reference of the
model, version 2) it also loads every preset with the reference's own parser and runs it, and
prints the headline outcomes at the horizon. Plain Python 3 for the checks; numpy only for
--reference.
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, "..", "..", "docs", "model.md")
GROUPS = ["initial", "demand", "efficiency", "supply", "power", "market"]
TOP = {"name", "start", "horizon_years", "uncertainty", "correlation"} | set(GROUPS)
INTEGER = {"disruption_months"}


def spec_lines(path=SPEC):
    """The lines of docs/model.md's parameter section (later tables reuse the keys)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    start = text.index("## Scenario parameters")
    end = text.index("## Derived constants", start)
    return text[start:end].splitlines()


def spec_table(path=SPEC):
    """{key: (group, lo, hi)} from the parameter table of docs/model.md."""
    row = re.compile(r"^\|\s*([a-z()]+)\s*\|\s*`([a-z0-9_]+)`\s*\|.*\|\s*([-0-9.e]+)\s*\.\.\s*([-0-9.e]+)\s*\|\s*$")
    out = {}
    for line in spec_lines(path):
        m = row.match(line.strip())
        if m:
            group = "" if m.group(1) == "(top)" else m.group(1)
            out[m.group(2)] = (group, float(m.group(3)), float(m.group(4)))
    if len(out) != 36:
        raise SystemExit(f"{path}: expected 36 parameters in the table, found {len(out)}")
    return out


def spec_defaults(path=SPEC):
    """{key: default} from the same table (power_gw: None, i.e. 1.25 * S0 * w0)."""
    row = re.compile(r"^\|[^|]*\|\s*`([a-z0-9_]+)`\s*\|[^|]*\|[^|]*\|[^|]*\|\s*([^|]*?)\s*\|[^|]*\|\s*$")
    out = {}
    for line in spec_lines(path):
        m = row.match(line.strip())
        if m:
            try:
                out[m.group(1)] = float(m.group(2))
            except ValueError:
                out[m.group(1)] = None
    return out


def flatten(doc):
    vals = {}
    for k, v in doc.items():
        if k in GROUPS:
            vals.update(v)
        elif k == "horizon_years":
            vals[k] = v
    return vals


def cholesky_ok(R):
    n = len(R)
    L = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            s = R[i][j] - sum(L[i][k] * L[j][k] for k in range(j))
            if i == j:
                if s <= 1e-12:
                    return False
                L[i][i] = math.sqrt(s)
            else:
                L[i][j] = s / L[j][j]
    return True


def check(doc, table, defaults, where):
    errs = []
    err = errs.append
    for k in doc:
        if k not in TOP:
            err(f"{where}: unknown top-level key {k!r}")
    if not isinstance(doc.get("name"), str) or not doc["name"]:
        err(f"{where}: name must be a non-empty string")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(doc.get("start", ""))):
        err(f"{where}: start must be YYYY-MM")
    for g in GROUPS:
        for k, v in doc.get(g, {}).items():
            if k not in table or table[k][0] != g:
                err(f"{where}: {g}.{k}: not a key of group {g}")
                continue
            lo, hi = table[k][1:]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
                err(f"{where}: {g}.{k} = {v!r} outside {lo:g} .. {hi:g}")
            if k in INTEGER and v != int(v):
                err(f"{where}: {g}.{k} = {v!r} must be an integer")
    if "horizon_years" in doc:
        lo, hi = table["horizon_years"][1:]
        if not lo <= doc["horizon_years"] <= hi:
            err(f"{where}: horizon_years outside {lo:g} .. {hi:g}")
    vals = {k: v for k, v in defaults.items()}
    vals.update(flatten(doc))
    if vals.get("power_gw") is None:
        vals["power_gw"] = 1.25 * vals["installed_base_mh100e"] * vals["kw_per_h100e"]
    draw = vals["installed_base_mh100e"] * vals["kw_per_h100e"]
    if draw > vals["power_gw"]:
        err(f"{where}: the start draws {draw:g} GW, more than power_gw = {vals['power_gw']:g} GW")
    unc = doc.get("uncertainty", {})
    for k, u in unc.items():
        w = f"{where}: uncertainty.{k}"
        if k == "horizon_years" or k not in table:
            err(f"{w}: not an uncertain input")
            continue
        extra = set(u) - {"p5", "p95", "scale"}
        if extra or "p5" not in u or "p95" not in u:
            err(f"{w}: needs p5 and p95, optional scale; found {sorted(u)}")
            continue
        p5, p95, scale, v = u["p5"], u["p95"], u.get("scale", "linear"), vals[k]
        lo, hi = table[k][1:]
        if scale not in ("linear", "log"):
            err(f"{w}: scale {scale!r} is not linear or log")
        if not (lo <= p5 <= hi and lo <= p95 <= hi):
            err(f"{w}: p5/p95 = {p5:g}/{p95:g} outside the slider range {lo:g} .. {hi:g}")
        if not p5 < p95:
            err(f"{w}: p5 = {p5:g} not below p95 = {p95:g}")
        if not p5 <= v <= p95:
            err(f"{w}: value {v:g} not in [{p5:g}, {p95:g}]")
        if scale == "log" and not (p5 > 0 and v > 0 and p95 > 0):
            err(f"{w}: log scale needs p5, value, p95 > 0")
    corr = doc.get("correlation", [])
    keys = list(unc)
    R = [[1.0 if i == j else 0.0 for j in range(len(keys))] for i in range(len(keys))]
    seen = set()
    for n, c in enumerate(corr):
        w = f"{where}: correlation[{n}]"
        if set(c) != {"between", "rank"} or len(c["between"]) != 2:
            err(f"{w}: needs between: [a, b] and rank")
            continue
        a, b = c["between"]
        pair = frozenset((a, b))
        if a == b or pair in seen:
            err(f"{w}: pair {a}, {b} named twice or with itself")
        seen.add(pair)
        if a not in unc or b not in unc:
            err(f"{w}: {a} and {b} must both be in uncertainty")
            continue
        if not -1 < c["rank"] < 1:
            err(f"{w}: rank {c['rank']} not in (-1, 1)")
            continue
        i, j = keys.index(a), keys.index(b)
        R[i][j] = R[j][i] = 2 * math.sin(math.pi * c["rank"] / 6)
    if keys and not cholesky_ok(R):
        err(f"{where}: the correlation matrix is not positive definite")
    return errs, vals


# What each preset claims (docs/model.md "Uncertain inputs of the presets", scenarios README).
def story(name, v, doc):
    unc = doc.get("uncertainty", {})
    lo = lambda k: unc.get(k, {}).get("p5", v[k])
    hi = lambda k: unc.get(k, {}).get("p95", v[k])
    claims = {
        "Base case": [("point values are the spec's defaults (power_gw its 30 GW)", None)],
        "Jevons boom": [("elasticity above 1 over the whole interval", lo("price_elasticity") > 1)],
        "DeepSeek deflation": [
            ("elasticity below 1 over the whole interval", hi("price_elasticity") < 1),
            ("orders follow revenue (revenue_response > 0 over the interval)", lo("revenue_response") > 0),
            ("breakthroughs more frequent and larger than the Base case",
             v["breakthroughs_per_year"] > 0.3 and v["breakthrough_x"] > 2)],
        "Export-control escalation": [("export_control above export_control_at_start",
                                       v["export_control"] > v["export_control_at_start"])],
        "Taiwan disruption": [("disruptions far likelier than the Base case's 0.02 a year",
                               lo("disruption_probability_per_year") > 0.02)],
        "Capex pullback": [
            ("shipments grow slower than the Base case's 1.8x", hi("shipment_growth_x_per_year") < 1.8),
            ("orders ignore scarcity and follow revenue", v["capex_response"] == 0 and lo("revenue_response") > 0)],
        "Power crunch": [
            ("power grows slower than the power need of shipments (m_E < m_s / m_w), over the intervals",
             hi("power_growth_x_per_year") < v["shipment_growth_x_per_year"] / v["power_efficiency_x_per_year"]),
            ("no path starts short of power (p5 of power_gw above the start's draw)",
             lo("power_gw") > v["installed_base_mh100e"] * v["kw_per_h100e"])],
    }
    return claims.get(name)


def headline(ref, path, paths, seed):
    sc = ref.load_scenario(path)
    res = ref.simulate(sc, paths=paths, seed=seed,
                       shares="demand_supply_ratio" if sc.uncertainty else None)
    T = res["steps"]
    s = res["series"]
    pc = res["power_constrained_probability"]
    first = next((k for k in range(T + 1) if pc[k] > 0.5), None)
    out = {
        "month": res["months"][T],
        "demand_p50_M": s["demand_h100e"]["p50"][T] / 1e6,
        "supply_p50_M": s["supply_h100e"]["p50"][T] / 1e6,
        "ds_p5": s["demand_supply_ratio"]["p5"][T],
        "ds_p50": s["demand_supply_ratio"]["p50"][T],
        "ds_p95": s["demand_supply_ratio"]["p95"][T],
        "shortage": res["shortage_probability"][T],
        "power_constrained": pc[T],
        "first_power_month": res["months"][first] if first is not None else "never",
        "covers": res["revenue_covers_capex_probability"][T],
        "max_covers": max(res["revenue_covers_capex_probability"]),
        "unpowered_p50_M": s["unpowered_h100e"]["p50"][T] / 1e6,
        "power_p50_GW": s["power_draw_gw"]["p50"][T],
        "capex_p50_bn": s["capex_usd_per_month"]["p50"][T] / 1e9,
        "revenue_p50_bn": s["ai_revenue_usd_per_month"]["p50"][T] / 1e9,
        "cum_capex_p50_bn": s["cumulative_capex_usd"]["p50"][T] / 1e9,
        "cum_rev_p50_bn": s["cumulative_ai_revenue_usd"]["p50"][T] / 1e9,
        "token_price_p50": s["token_price_usd_per_mtok"]["p50"][T],
    }
    if "variance_shares" in res:
        sh = {k: v[T] for k, v in res["variance_shares"]["shares"].items()}
        out["top_shares"] = sorted(sh.items(), key=lambda kv: -kv[1])[:3]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reference", help="directory with jevons_reference.py (model version 2)")
    ap.add_argument("--paths", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("files", nargs="*", help="scenario files (default: resources/scenarios/*.json)")
    a = ap.parse_args(argv)
    table, defaults = spec_table(), spec_defaults()
    files = a.files or sorted(glob.glob(os.path.join(HERE, "*.json")))
    failed = 0
    names = set()
    for f in files:
        where = os.path.basename(f)
        with open(f, encoding="utf-8") as fh:
            doc = json.load(fh)
        errs, vals = check(doc, table, defaults, where)
        if doc.get("name") in names:
            errs.append(f"{where}: name {doc.get('name')!r} used twice")
        names.add(doc.get("name"))
        if doc.get("name") == "Base case":
            flat = flatten(doc)
            for k, d in defaults.items():
                want = 30.0 if k == "power_gw" else d
                if k in flat and flat[k] != want:
                    errs.append(f"{where}: {k} = {flat[k]} differs from the spec default {want}")
        claims = story(doc.get("name"), vals, doc)
        if claims is None:
            errs.append(f"{where}: no story check for preset {doc.get('name')!r}")
        else:
            for text, ok in claims:
                if ok is False:
                    errs.append(f"{where}: claim fails: {text}")
        n_unc, n_corr = len(doc.get("uncertainty", {})), len(doc.get("correlation", []))
        print(f"{'FAIL' if errs else 'ok  '} {where}: {doc.get('name')} "
              f"({n_unc} uncertain inputs, {n_corr} correlations)")
        for e in errs:
            print("     " + e)
        failed += bool(errs)
    if a.reference:
        sys.dont_write_bytecode = True  # leave the reference's directory as it is
        sys.path.insert(0, a.reference)
        import jevons_reference as ref  # noqa: E402
        if not any(p[1] == "power_gw" for p in ref.PARAMS):
            print(f"{a.reference}: the reference does not implement model version 2; not run")
            return 1
        print(f"\nnumpy reference, {a.paths} paths, seed {a.seed}; values at the horizon")
        for f in files:
            h = headline(ref, f, a.paths, a.seed)
            print(f"\n{os.path.basename(f)} ({h['month']})")
            print(f"  demand p50 {h['demand_p50_M']:.0f} M H100e, supply p50 {h['supply_p50_M']:.0f} M; "
                  f"D/S p50 {h['ds_p50']:.2f} (p5 {h['ds_p5']:.2f}, p95 {h['ds_p95']:.2f}); "
                  f"P(shortage) {h['shortage']:.3f}")
            print(f"  P(power-constrained) {h['power_constrained']:.3f}, above 0.5 from {h['first_power_month']}; "
                  f"unpowered p50 {h['unpowered_p50_M']:.1f} M H100e; power draw p50 {h['power_p50_GW']:.0f} GW")
            print(f"  P(revenue covers capex) {h['covers']:.4f} (highest over the run {h['max_covers']:.4f}); "
                  f"cumulative AI revenue p50 {h['cum_rev_p50_bn']:.0f} B vs capex {h['cum_capex_p50_bn']:.0f} B USD; "
                  f"per month: revenue {h['revenue_p50_bn']:.1f} B, capex {h['capex_p50_bn']:.1f} B; "
                  f"token price p50 {h['token_price_p50']:.2g} USD/Mtok")
            if "top_shares" in h:
                print("  largest variance shares of D/S: " +
                      ", ".join(f"{k} {v:.2f}" for k, v in h["top_shares"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
