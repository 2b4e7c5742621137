#!/usr/bin/python3
"""Compares the C++ engine (`jevons simulate`) with the numpy reference of docs/model.md.

    /usr/bin/python3 compare.py --jevons build/bin/jevons --scenario base_case.json [--paths N]

Runs `jevons simulate --scenario F --paths N --seed S --format json --out tmp`, then the
reference (jevons_reference.py, independent random numbers) on the same scenario, and
checks every series x statistic x step, the shortage probability, the step count, the month
labels and the scenario echo. Exit 0 when everything agrees within the tolerances below,
1 otherwise, with a listing of the worst disagreements (and a per-series summary).

The two runs use different random numbers, so agreement is statistical. Every tolerance is
the sampling uncertainty of BOTH runs at 4 standard errors, plus the approximation the spec
allows the engine (percentiles within 0.5 % of the exact order statistic) and float32 rounding.
Both runs are seeded, so a given engine build gets the same verdict every time.

Measured with 200k + 200k paths (numpy 1.24):
* False alarms: --self-check (below; no 0.5 %/float32 allowance) with seeds 1 and 11..18 on both
  scenarios: 18 runs, 0 failures, worst percentile |z| 3.89. Means alone, 30 reference runs per
  scenario compared pairwise (870 ordered pairs): 0.8 % (base case) and 2.4 % (high volatility)
  of pairs had some mean beyond 4 se; without the heavy-tail rule below, 87 % did (high volatility).
* Power: a second copy of the reference with one deliberate bug, used as the "engine", is rejected
  for each of: shipments growth at t_{k-1}, drift -0.5 s_a dt, disruptions one month too long,
  training demand at t_{k+1}, life 12L+1 months, breakthrough rate x1.1, r_max x0.97 (high
  volatility only: the base case never reaches r_max below p95), no rationing in tokens served,
  D_k/S_k computed from Da_k, r^psi -> r^(1.05 psi).

--self-check replaces the engine by a second, independently seeded reference run: the
false-alarm rate of these tolerances can be measured without the engine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jevons_reference as ref  # noqa: E402

# ------------------------------------------------------------------------------------------
# Tolerances (all justified here; do not widen them to make a failing engine pass)
# ------------------------------------------------------------------------------------------
# Number of standard errors. Two-sided normal tail at 4 sigma: 6.3e-5 per check; the checks of
# one run are strongly correlated (neighbouring steps share most of their randomness), so the
# effective number of independent checks is far below their count and a false alarm is rare.
Z = 4.0
# Percentiles: the spec lets the engine read each percentile from fine histograms if it is within
# 0.5 % (relative) of the exact order statistic of its own sample.
HIST_REL = 0.005
# The engine computes in float32 (fast-math vector expf/logf): 24-bit mantissa, relative rounding
# 6e-8 per operation; over up to 120 steps of compounding (W, F, S, C are running sums/products)
# the accumulated relative error stays below ~1e-5. 1e-4 is a generous bound for that.
FLOAT_REL = 1e-4
# Means: the normal approximation of a sample mean (Lindeberg) needs the variance not to be carried
# by a handful of paths. Where the reference's TAIL_PATHS largest squared deviations hold more than
# HEAVY_SHARE of the total, the sample sd (and so any standard error) is itself a few-path estimate:
# two correct implementations then differ by 10-5000 "standard errors" (measured: tokens served in
# high_volatility.json, whose breakthroughs make it ~ 4^Poisson(10) x lognormal(sd 2); see README).
# Such means get only a distribution-free one-sided check: for X >= 0, mean(X) >= mean(min(X, c))
# with c the reference's TRUNC_LEVEL quantile; min(X, c) is bounded, so its mean has a reliable
# normal standard error. (Every series is >= 0.)
HEAVY_SHARE = 0.2
TAIL_FRACTION = 1e-4   # TAIL_PATHS = max(10, TAIL_FRACTION * reference paths)
TRUNC_LEVEL = 0.999
# Double rounding: the distributions have atoms (utilization = 1 in a shortage, the price at
# r = 1 or r_max, token prices at each breakthrough count) whose value two implementations compute
# through different operation orders; 1e-9 relative covers double-precision differences there.
ROUND_REL = 1e-9
# Shortage probability: continuity allowance of this many paths (of the smaller run) on top of
# the normal band, for p near 0 or 1 where the normal approximation of the binomial is poor and
# for paths whose D_k and S_k are so close that float32 rounding flips D_k > S_k.
SHORTAGE_PATHS = 3.0


def quantile_band(q, n_e, n_r, z=Z):
    """Probability levels [lo, hi] that the engine's q-quantile must fall between, measured in the
    reference's distribution. The sample q-quantile of n draws sits at true level q + e with
    e ~ N(0, q(1-q)/n) (binomial standard error of the empirical CDF at the quantile); for the
    engine's sample (n_e) and the reference's (n_r) independent, the difference of levels has
    variance q(1-q)(1/n_e + 1/n_r)."""
    sd = math.sqrt(q * (1 - q) * (1.0 / n_e + 1.0 / n_r))
    return max(0.0, q - z * sd), min(1.0, q + z * sd), sd


class Failure:
    def __init__(self, severity, text, series, stat, step):
        self.severity, self.text, self.series, self.stat, self.step = severity, text, series, stat, step


def run_engine(jevons, scenario_path, paths, seed, backend, threads, timeout):
    with tempfile.TemporaryDirectory(prefix="jevons-compare-") as tmp:
        out = os.path.join(tmp, "engine.json")
        cmd = [jevons, "simulate", "--scenario", scenario_path, "--paths", str(paths),
               "--seed", str(seed), "--format", "json", "--out", out]
        if backend:
            cmd += ["--backend", backend]
        if threads:
            cmd += ["--threads", str(threads)]
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        t0 = time.time()
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise RuntimeError(f"could not run {' '.join(cmd)}: {e}") from None
        dt = time.time() - t0
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}{p.stderr}")
        try:
            with open(out, encoding="utf-8") as f:
                return json.load(f), dt, " ".join(cmd)
        except (OSError, ValueError) as e:
            raise RuntimeError(f"{' '.join(cmd)}: cannot read its JSON output: {e}") from None


def fmt(x):
    return f"{x:.6g}" if isinstance(x, (int, float)) else repr(x)


def check_structure(eng, sc, n_e, seed, failures):
    """Layout, step count, months, scenario echo. Returns False if the series are unusable."""
    T = sc.steps()
    ok = True

    def fail(msg):
        failures.append(Failure(math.inf, msg, "-", "-", -1))

    if eng.get("steps") != T:
        fail(f"steps: engine {eng.get('steps')!r}, spec round(12*H) = {T}")
    if eng.get("paths") != n_e:
        fail(f"paths: engine {eng.get('paths')!r}, requested {n_e}")
    if "seed" in eng and eng.get("seed") != seed:
        fail(f"seed: engine {eng.get('seed')!r}, requested {seed}")
    months = [sc.month_label(k) for k in range(T + 1)]
    if eng.get("months") != months:
        em = eng.get("months")
        fail(f"months: engine {em[:2] if isinstance(em, list) else em!r}...{em[-1:] if isinstance(em, list) else ''}"
             f" ({len(em) if isinstance(em, list) else '?'} labels), expected {months[:2]}...{months[-1:]} ({T + 1})")
    # Scenario echo: "as read, defaults filled in".
    echo = eng.get("scenario")
    want = sc.to_json()
    if not isinstance(echo, dict):
        fail("scenario: missing from the engine's output")
    else:
        for key in ("name", "start", "horizon_years"):
            if echo.get(key) != want[key]:
                fail(f"scenario.{key}: engine {echo.get(key)!r}, file/defaults {want[key]!r}")
        for g in ref.GROUPS:
            eg = echo.get(g)
            if not isinstance(eg, dict):
                fail(f"scenario.{g}: missing")
                continue
            for key, v in want[g].items():
                ev = eg.get(key)
                if not isinstance(ev, (int, float)) or abs(ev - v) > 1e-9 * max(1.0, abs(v)):
                    fail(f"scenario.{g}.{key}: engine {ev!r}, file/defaults {v!r}")
            for key in eg:
                if key not in want[g]:
                    fail(f"scenario.{g}.{key}: not a key of the spec")
    series = eng.get("series")
    if not isinstance(series, dict):
        fail("series: missing")
        return False
    for s in ref.SERIES:
        if s not in series:
            fail(f"series {s}: missing")
            ok = False
            continue
        for st in ref.STATS:
            arr = series[s].get(st)
            if not isinstance(arr, list) or len(arr) != T + 1:
                fail(f"series {s}.{st}: expected {T + 1} numbers, got "
                     f"{len(arr) if isinstance(arr, list) else type(arr).__name__}")
                ok = False
            elif not all(isinstance(x, (int, float)) and math.isfinite(x) for x in arr):
                bad = [k for k, x in enumerate(arr) if not (isinstance(x, (int, float)) and math.isfinite(x))]
                fail(f"series {s}.{st}: non-finite or non-numeric values at steps {bad[:10]}")
                ok = False
    extra = set(series) - set(ref.SERIES)
    if extra:
        fail(f"series: unexpected keys {sorted(extra)}")
    sp = eng.get("shortage_probability")
    if not isinstance(sp, list) or len(sp) != T + 1 or \
            not all(isinstance(x, (int, float)) and math.isfinite(x) for x in sp):
        fail(f"shortage_probability: expected {T + 1} finite numbers")
        ok = False
    return ok


def compare(eng, sc, n_e, n_r, ref_seed, failures, heavy, hist_rel=HIST_REL, float_rel=FLOAT_REL,
            z_pct=Z, z_mean=Z, verbose=False):
    """Statistical comparison, step by step while the reference runs (its per-path values are
    never all kept). Appends to failures, and (series, step) of heavy-tailed means to heavy.
    Returns (number of checks, largest severity per kind)."""
    T = sc.steps()
    months = [sc.month_label(k) for k in range(T + 1)]
    pct_levels = [p / 100.0 for p in ref.PERCENTILES]
    bands = [quantile_band(q, n_e, n_r, z_pct) for q in pct_levels]
    levels = sorted(set(pct_levels + [b[0] for b in bands] + [b[1] for b in bands] + [TRUNC_LEVEL]))
    tail_paths = min(n_r, max(10, int(math.ceil(TAIL_FRACTION * n_r))))
    lidx = {q: i for i, q in enumerate(levels)}
    E = {s: {st: np.asarray(eng["series"][s][st], dtype=float) for st in ref.STATS} for s in ref.SERIES}
    Esp = np.asarray(eng["shortage_probability"], dtype=float)
    nchecks = 0
    worst = {"percentile": 0.0, "percentile |z|": 0.0, "mean": 0.0, "shortage": 0.0}
    allowance_only = []
    rel_mean = math.sqrt(1.0 / n_e + 1.0 / n_r)
    for k, values, short in ref.iterate_steps(sc, n_r, ref_seed):
        Q = np.quantile(values, levels, axis=1)          # (levels, series); numpy 'linear'
        mean = values.mean(axis=1)
        dev2 = (values - mean[:, None]) ** 2
        ss = dev2.sum(axis=1)
        sd = np.sqrt(ss / max(n_r - 1, 1))
        top = np.partition(dev2, n_r - tail_paths, axis=1)[:, n_r - tail_paths:].sum(axis=1)
        share = np.divide(top, ss, out=np.zeros_like(ss), where=ss > 0)
        trunc = np.minimum(values, Q[lidx[TRUNC_LEVEL]][:, None])
        tmean = trunc.mean(axis=1)
        tsd = trunc.std(axis=1, ddof=1) if n_r > 1 else np.zeros(len(ref.SERIES))
        del dev2, trunc
        for i, s in enumerate(ref.SERIES):
            x = values[i]
            # --- percentiles -------------------------------------------------------------------
            for j, q in enumerate(pct_levels):
                st = ref.STATS[j]
                e = E[s][st][k]
                lo_q, hi_q, sdq = bands[j]
                lo_v, hi_v = Q[lidx[lo_q], i], Q[lidx[hi_q], i]
                slack = hist_rel + float_rel + ROUND_REL
                lo_b = lo_v - slack * abs(lo_v)
                hi_b = hi_v + slack * abs(hi_v)
                nchecks += 1
                # where the engine's value sits in the reference's distribution (level space), up to
                # float32/rounding differences (an atom at 0.85 is 0.85000002 in float32)
                fs = (float_rel + ROUND_REL) * abs(e)
                f_lo = np.count_nonzero(x < e - fs) / n_r
                f_hi = np.count_nonzero(x <= e + fs) / n_r
                zz = (f_lo - q) / sdq if f_lo > q else ((f_hi - q) / sdq if f_hi < q else 0.0)
                worst["percentile |z|"] = max(worst["percentile |z|"], abs(zz))
                half = max((hi_b - lo_b) / 2, 1e-300)
                if abs(zz) > z_pct and lo_b <= e <= hi_b:
                    # statistically distinguishable, accepted by the histogram allowance
                    rq = Q[lidx[q], i]
                    allowance_only.append((abs(e - rq) / abs(rq) if rq else 0.0, s, st, k))
                if lo_b <= e <= hi_b:
                    sev = abs(e - (lo_b + hi_b) / 2) / half
                else:
                    sev = 1.0 + (lo_b - e if e < lo_b else e - hi_b) / half
                worst["percentile"] = max(worst["percentile"], sev)
                if sev > 1.0:
                    rq = Q[lidx[q], i]
                    failures.append(Failure(sev, (
                        f"{s} {st} step {k} ({months[k]}): engine {fmt(e)}, reference {st} {fmt(rq)} "
                        f"(rel diff {(e - rq) / rq if rq else float('nan'):+.3%}); allowed [{fmt(lo_b)}, {fmt(hi_b)}] "
                        f"= ref quantiles at levels [{lo_q:.4f}, {hi_q:.4f}] -/+ {slack:.2%}; engine value is the "
                        f"reference's {f_lo:.4f}..{f_hi:.4f} quantile (z = {zz:+.1f})"), s, st, k))
            # --- mean --------------------------------------------------------------------------
            # Engine mean - reference mean has standard error sd*sqrt(1/n_e + 1/n_r) (sd estimated
            # from the reference's sample; the engine's own sd is not in its output).
            e = E[s]["mean"][k]
            nchecks += 1
            if share[i] < HEAVY_SHARE:
                tol = z_mean * sd[i] * rel_mean + float_rel * abs(mean[i])
                diff = e - mean[i]
                sev = abs(diff) / tol if tol > 0 else (0.0 if diff == 0 else math.inf)
                worst["mean"] = max(worst["mean"], sev)
                if sev > 1.0:
                    failures.append(Failure(sev, (
                        f"{s} mean step {k} ({months[k]}): engine {fmt(e)}, reference {fmt(mean[i])} "
                        f"(rel diff {diff / mean[i] if mean[i] else float('nan'):+.3%}); allowed +/- {fmt(tol)} "
                        f"({z_mean:g} x sd {fmt(sd[i])} x sqrt(1/{n_e} + 1/{n_r}) + {float_rel:g} rel); "
                        f"|diff| = {abs(diff) / (tol / z_mean) if tol else math.inf:.1f} standard errors"),
                        s, "mean", k))
            else:
                heavy.append((s, k))
                bound = tmean[i] - z_mean * tsd[i] * rel_mean - float_rel * abs(tmean[i])
                tol = max(tmean[i] - bound, 1e-300)
                sev = (bound - e) / tol + 1.0 if e < bound else 0.0
                worst["mean"] = max(worst["mean"], sev)
                if sev > 1.0:
                    failures.append(Failure(sev, (
                        f"{s} mean step {k} ({months[k]}): engine {fmt(e)} is below the lower bound "
                        f"{fmt(bound)} = reference mean of min(x, q{TRUNC_LEVEL:g} = {fmt(Q[lidx[TRUNC_LEVEL], i])}) "
                        f"{fmt(tmean[i])} - {z_mean:g} se (heavy tail: top {tail_paths} paths hold "
                        f"{share[i]:.0%} of the variance; reference mean {fmt(mean[i])})"), s, "mean", k))
        # --- shortage probability --------------------------------------------------------------
        pr = np.count_nonzero(short) / n_r
        pe = Esp[k]
        pbar = (pe * n_e + pr * n_r) / (n_e + n_r)           # pooled under "same p"
        tol = z_pct * math.sqrt(pbar * (1 - pbar) * (1.0 / n_e + 1.0 / n_r)) + SHORTAGE_PATHS / min(n_e, n_r)
        nchecks += 1
        sev = abs(pe - pr) / tol
        worst["shortage"] = max(worst["shortage"], sev)
        if sev > 1.0:
            failures.append(Failure(sev, (
                f"shortage_probability step {k} ({months[k]}): engine {pe:.6f}, reference {pr:.6f}; "
                f"allowed +/- {tol:.6f} ({z_pct:g} x binomial se of the difference + {SHORTAGE_PATHS:g} paths)"),
                "shortage_probability", "p", k))
        if verbose and k % 12 == 0:
            print(f"  reference step {k}/{T}", file=sys.stderr)
    worst["allowance_only"] = sorted(allowance_only, reverse=True)
    return nchecks, worst


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jevons", help="path of the jevons binary")
    ap.add_argument("--scenario", required=True, help="scenario JSON file")
    ap.add_argument("--paths", type=int, default=200_000, help="engine paths (default 200000)")
    ap.add_argument("--ref-paths", type=int, default=None, help="reference paths (default: --paths)")
    ap.add_argument("--seed", type=int, default=42, help="engine seed")
    ap.add_argument("--ref-seed", type=int, default=None, help="reference seed (default: seed + 1000003)")
    ap.add_argument("--backend", choices=["auto", "cpu", "cuda"], help="passed to jevons simulate")
    ap.add_argument("--threads", type=int, help="passed to jevons simulate")
    ap.add_argument("--engine-json", help="use this engine output instead of running --jevons")
    ap.add_argument("--self-check", action="store_true",
                    help="compare the reference with itself (another seed) instead of the engine")
    ap.add_argument("--worst", type=int, default=25, help="disagreements to list (default 25)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds allowed for the engine run")
    ap.add_argument("--z", type=float, default=Z, help=f"standard errors allowed (default {Z:g})")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    n_e = a.paths
    n_r = a.ref_paths or a.paths
    ref_seed = a.ref_seed if a.ref_seed is not None else a.seed + 1000003
    try:
        sc = ref.load_scenario(a.scenario)
    except (ref.ScenarioError, OSError) as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 1

    t0 = time.time()
    hist_rel, float_rel = HIST_REL, FLOAT_REL
    try:
        if a.self_check:
            # The stand-in "engine" has exact percentiles in double precision: no histogram or
            # float32 allowance, so this measures the false-alarm rate of the statistical bands alone.
            eng = ref.simulate(sc, n_e, a.seed)
            label = f"reference (seed {a.seed}) as engine, no histogram/float32 allowance"
            eng_time = time.time() - t0
            hist_rel, float_rel = 0.0, 0.0
        elif a.engine_json:
            with open(a.engine_json, encoding="utf-8") as f:
                eng = json.load(f)
            n_e = eng.get("paths", n_e)
            label = a.engine_json
            eng_time = 0.0
        else:
            if not a.jevons:
                ap.error("--jevons is required (or --engine-json / --self-check)")
            eng, eng_time, label = run_engine(a.jevons, a.scenario, n_e, a.seed, a.backend, a.threads, a.timeout)
    except (RuntimeError, OSError, ValueError) as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1

    failures = []
    heavy = []
    usable = check_structure(eng, sc, n_e, a.seed, failures)
    nchecks = 0
    worst = {}
    t1 = time.time()
    if usable:
        nchecks, worst = compare(eng, sc, n_e, n_r, ref_seed, failures, heavy, hist_rel, float_rel,
                                 z_pct=a.z, z_mean=a.z, verbose=not a.quiet)
    t2 = time.time()

    print(f"scenario {a.scenario} ({sc.name}), T = {sc.steps()} steps")
    print(f"engine:    {label}  [{n_e} paths, backend {eng.get('backend', '?')}, {eng_time:.1f} s]")
    print(f"reference: jevons_reference.py [{n_r} paths, seed {ref_seed}, {t2 - t1:.1f} s]")
    print(f"checks: {nchecks} statistical + structure; worst |diff|/tolerance: " +
          ", ".join(f"{k} {worst[k]:.2f}" for k in ("mean", "shortage") if k in worst) +
          (f"; worst percentile |z| in level space, before the {hist_rel + float_rel + ROUND_REL:.3g} "
           f"relative allowance: {worst['percentile |z|']:.1f} (limit {a.z:g})" if worst else ""))
    ao = worst.get("allowance_only")
    if ao:
        r, s_, st, k = ao[0]
        print(f"percentiles outside the statistical band but within the {hist_rel:.1%} histogram allowance: "
              f"{len(ao)}; largest deviation from the reference's quantile {r:.3%} ({s_} {st} step {k})")
    if heavy:
        per = {}
        for s_, k in heavy:
            per.setdefault(s_, []).append(k)
        print(f"heavy-tailed means (lower bound only): " +
              "; ".join(f"{s_} {len(ks)} steps ({ks[0]}..{ks[-1]})" for s_, ks in per.items()))
    if not failures:
        print("OK: engine and reference agree")
        return 0
    failures.sort(key=lambda f: -f.severity)
    print(f"\n{len(failures)} DISAGREEMENTS; worst {min(a.worst, len(failures))} "
          f"(severity = distance from the band centre in band half-widths; > 1 fails):")
    for f in failures[:a.worst]:
        sev = "struct" if math.isinf(f.severity) else f"{f.severity:6.2f}"
        print(f"  [{sev}] {f.text}")
    # per series / statistic summary, to see patterns (e.g. one series, all steps after k)
    summary = {}
    for f in failures:
        if f.step < 0:
            continue
        key = (f.series, f.stat)
        steps = summary.setdefault(key, [])
        steps.append(f.step)
    if summary:
        print("\nfailing steps per series/statistic:")
        for (s, st), steps in sorted(summary.items()):
            steps.sort()
            print(f"  {s:28s} {st:5s} {len(steps):3d} steps: {steps[:12]}{' ...' if len(steps) > 12 else ''}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
