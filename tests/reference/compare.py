#!/usr/bin/python3
"""Compares the C++ engine (`jevons simulate`) with the numpy reference of docs/model.md (v2).

    /usr/bin/python3 compare.py --jevons build/bin/jevons --scenario base_case.json [--paths N]
                                [--shares SERIES]

Runs `jevons simulate --scenario F --paths N --seed S --format json --out tmp` (plus
`--shares SERIES` when the scenario has uncertain inputs), then the reference
(jevons_reference.py, independent random numbers) on the same scenario, and checks every
series (15) x statistic (8) x step, the three probabilities, the variance shares, the step
count, the month labels and the scenario echo. Exit 0 when everything agrees within the
tolerances below, 1 otherwise, with a listing of the worst disagreements (and a per-series
summary).

The two runs use different random numbers, so agreement is statistical. Every tolerance is
the sampling uncertainty of BOTH runs at 4 standard errors (4.5 for percentiles), plus the approximation the spec
allows the engine (percentiles within 0.5 % of the exact order statistic, except at a point
mass) and float32 rounding. Both runs are seeded, so a given engine build gets the same
verdict every time.

Measured (numpy 1.24, 200k + 200k paths; the tables are in tests/reference/README.md):
* False alarms: --self-check (below; no 0.5 %/float32 allowance, percentiles at 4 sigma) with
  seeds 1..5 on all four fixtures: 20 runs, 0 failures; largest mean/probability/share severity
  0.91, largest percentile |z| 4.0 (median 3.45, hence Z_PCT = 4.5 below). With the final
  tolerances, 10 more runs (seeds 6-8): 0 failures, percentile |z| up to 4.2.
* Power: --self-check --with-allowances --perturb KEY=1.05 (the reference with one parameter, and
  its interval, scaled, its scenario echo left unscaled, as the "engine") fails for gpu life,
  power efficiency, backlog halving (two fixtures), reasoning growth, power_gw, elasticity,
  revenue response and capex response; supply_volatility x1.05 in total_disruption.json moves
  percentiles by < 0.73 % and passes (below the 0.5 % histogram allowance; it fails without
  it). Binning the shares by the uncorrelated normals (--perturb-shares) fails at 31 tolerances.

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
# Percentiles are most of the checks (15 series x 7 levels x T+1 steps = 6405 at T = 60). The
# largest level-space |z| of 20 self-check runs (README) had median 3.45: as the largest of N_eff
# independent |N(0,1)|, N_eff ~ 1240 per run, so a 4-sigma band would fail a correct engine in
# ~7 % of runs (an estimate; before the histogram allowance, which widens most bands further).
# 4.5 sigma (6.8e-6 per check) makes that ~0.8 % by the same estimate.
Z_PCT = 4.5
# Percentiles: the spec lets the engine read each percentile from fine histograms if it is within
# 0.5 % (relative) of the exact order statistic of its own sample -- but not at a point mass,
# where it must be the value itself (docs/model.md "Outputs"); see POINT MASSES below.
HIST_REL = 0.005
# The engine computes in float32 (fast-math vector expf/logf): 24-bit mantissa, relative rounding
# 6e-8 per operation; over up to 120 steps of compounding (W, F, S, C, B, CR are running sums or
# products) the accumulated relative error stays below ~1e-5. 1e-4 is a generous bound for that.
FLOAT_REL = 1e-4
# Means: the normal approximation of a sample mean (Lindeberg) needs the variance not to be carried
# by a handful of paths. Where the reference's TAIL_PATHS largest squared deviations hold more than
# HEAVY_SHARE of the total, the sample sd (and so any standard error) is itself a few-path estimate:
# two correct implementations then differ by 10-5000 "standard errors" (measured: tokens served in
# high_volatility.json, whose breakthroughs make it ~ 4^Poisson(10) x lognormal(sd 2); see README).
# Such means get only a distribution-free one-sided check: for X >= 0, mean(X) >= mean(min(X, c))
# with c the reference's TRUNC_LEVEL quantile; min(X, c) is bounded, so its mean has a reliable
# normal standard error. (Every series is >= 0.) The same holds where the reference's values at a
# step are all one value (sum of squared deviations 0) but the series can leave it on rare paths:
# unpowered = 0 on all 200k reference paths while the engine's run has one path with a backlog
# (measured: total_disruption.json, self-check seed 6, month 9: engine mean 0.43 H100e from one
# path). No two-sided bound is possible there, only mean >= that value. Where the spec makes a
# step deterministic (step 0 without uncertain inputs) check_structure compares every statistic
# with the spec's step-0 value, both sides.
HEAVY_SHARE = 0.2
TAIL_FRACTION = 1e-4   # TAIL_PATHS = max(10, TAIL_FRACTION * reference paths)
TRUNC_LEVEL = 0.999
# Double rounding: the distributions have atoms (utilization = 1 in a shortage, unpowered = 0,
# capex = 0 in a total disruption, the power draw at the limit E_k, the price at r = 1 or r_max,
# token prices at each breakthrough count) whose value two implementations compute through
# different operation orders; 1e-9 relative covers double-precision differences there, and is
# also what "the reference has a point mass here" means (see POINT MASSES).
ROUND_REL = 1e-9
# POINT MASSES: where the reference's quantiles at both ends of a percentile's band are the same
# value (within ROUND_REL), the percentile sits on a point mass with high confidence and the spec
# requires the engine's percentile to be exactly that value: the band is then that value with the
# float32 allowance only (FLOAT_REL relative, so an atom at 0 must be exactly 0), no histogram
# allowance. Besides, every statistic of every series must be >= 0 and utilization <= 1 exactly
# ("a percentile never leaves the range of the values at its step"; Sv_k <= S_k in any precision).
#
# Probabilities (shortage, power-constrained, revenue covers capex): 4 binomial standard errors of
# the difference (pooled p) plus PROB_PATHS paths of the smaller run (continuity: the normal
# approximation of the binomial is poor for p near 0 or 1), plus the share of reference paths whose
# condition is within FLOAT_REL (relative) of its edge (D ~ S, Gq_kw ~ room, CR ~ C): float32
# rounding may flip those paths' events in the engine.
PROB_PATHS = 3.0
# Variance shares (docs/model.md "Variance shares"): each is a ratio of a between-bin variance to
# the total variance of y = ln(max(x, 1e-30)), a smooth function of sample means, so by the delta
# method its sampling sd is sd(IF)/sqrt(N), IF the influence function computed from the
# reference's sample (jevons_reference.variance_shares(with_sd=True)). The difference of the two
# runs' shares must be within Z sd(IF) sqrt(1/n_e + 1/n_r), plus Z sqrt(2 (B-1)) sqrt(1/n_e^2 +
# 1/n_r^2) (where the share is ~0 the delta term vanishes and the estimate is (chi^2_(B-1) - (B-1))/N
# noise around 0: sd sqrt(2 (B-1))/N), plus SHARE_ABS, an absolute allowance for what the delta
# method leaves out: the O((B-1)/N) bias of eta2 at a nonzero share, which the correction c removes
# only at share 0 (1.5e-4 at 200k paths), an IF sd estimated from a handful of paths where y is
# nearly constant (unpowered = 0 on all but a few paths in the first months), and the engine's
# float32 (y = ln x to ~1e-6, bins by a float Phi(z): paths within 1e-7 of a bin edge). Measured
# (README): the delta-method sd matches the spread of shares over 40 seeds to within its own
# sampling error (ratio 0.85-1.16 for shares from 0.01 to 0.44; 0.5 for shares ~0, conservative).
SHARE_ABS = 0.001


# The parameters the spec's step-0 values depend on (D0 = u0 S0, S0, u0, P0, c0, Q0, Q0 c0, G0 K0,
# S0 w0, S0 K0 / (12 L), 730 u0 S0 P0).
STEP0_KEYS = {"installed_base_mh100e", "shipments_mh100e_per_month", "utilization", "gpu_hour_price_usd",
              "token_price_usd_per_mtok", "tokens_per_month", "capex_usd_per_h100e", "gpu_life_years",
              "kw_per_h100e"}


def quantile_band(q, n_e, n_r, z=Z):
    """Probability levels [lo, hi] that the engine's q-quantile must fall between, measured in the
    reference's distribution. The sample q-quantile of n draws sits at true level q + e with
    e ~ N(0, q(1-q)/n) (binomial standard error of the empirical CDF at the quantile); for the
    engine's sample (n_e) and the reference's (n_r) independent, the difference of levels has
    variance q(1-q)(1/n_e + 1/n_r)."""
    sd = math.sqrt(q * (1 - q) * (1.0 / n_e + 1.0 / n_r))
    return max(0.0, q - z * sd), min(1.0, q + z * sd), sd


def sorted_quantile(srt, q):
    """numpy's 'linear' quantile of each row of a row-sorted array (h = (n-1) q)."""
    n = srt.shape[1]
    h = (n - 1) * q
    lo = int(math.floor(h))
    hi = min(lo + 1, n - 1)
    a, b = srt[:, lo], srt[:, hi]
    return np.where(a == b, a, a + (h - lo) * (b - a))


class Failure:
    def __init__(self, severity, text, series, stat, step):
        self.severity, self.text, self.series, self.stat, self.step = severity, text, series, stat, step


def run_engine(jevons, scenario_path, paths, seed, backend, threads, timeout, shares):
    with tempfile.TemporaryDirectory(prefix="jevons-compare-") as tmp:
        out = os.path.join(tmp, "engine.json")
        cmd = [jevons, "simulate", "--scenario", scenario_path, "--paths", str(paths),
               "--seed", str(seed), "--format", "json", "--out", out]
        if shares:
            cmd += ["--shares", shares]
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


def _finite_list(arr, n):
    return isinstance(arr, list) and len(arr) == n and \
        all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in arr)


def check_structure(eng, sc, n_e, seed, shares, failures, float_rel=FLOAT_REL):
    """Layout, step count, months, scenario echo, natural bounds, step-0 zeros. Returns False if
    the series are unusable."""
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
    # Scenario echo: "as read, defaults filled in" (power_gw's default included).
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
        # intervals and correlations "as read": same inputs, ends and scales (a missing scale
        # reads as the default, linear); same pairs and ranks, in any order.
        eu = echo.get("uncertainty") or {}
        wu = want.get("uncertainty", {})
        if not isinstance(eu, dict) or set(eu) != set(wu):
            fail(f"scenario.uncertainty: engine {sorted(eu) if isinstance(eu, dict) else eu!r}, "
                 f"file {sorted(wu)}")
        else:
            for key, w in wu.items():
                e = eu[key]
                if not isinstance(e, dict) or any(
                        not isinstance(e.get(f), (int, float)) or abs(e.get(f) - w[f]) > 1e-9 * max(1.0, abs(w[f]))
                        for f in ("p5", "p95")) or e.get("scale", "linear") != w["scale"]:
                    fail(f"scenario.uncertainty.{key}: engine {e!r}, file {w!r}")
        ec = echo.get("correlation") or []

        def pairs(lst):
            out = {}
            for item in lst if isinstance(lst, list) else []:
                if isinstance(item, dict) and isinstance(item.get("between"), list) and len(item["between"]) == 2:
                    out[frozenset(item["between"])] = item.get("rank")
            return out
        ep, wp = pairs(ec), pairs(want.get("correlation", []))
        if set(ep) != set(wp) or any(not isinstance(ep[k], (int, float)) or abs(ep[k] - wp[k]) > 1e-12 for k in wp):
            fail(f"scenario.correlation: engine {ec!r}, file {want.get('correlation', [])!r}")
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
            elif not _finite_list(arr, T + 1):
                bad = [k for k, x in enumerate(arr) if not (isinstance(x, (int, float)) and math.isfinite(x))]
                fail(f"series {s}.{st}: non-finite or non-numeric values at steps {bad[:10]}")
                ok = False
            else:
                # natural bounds, exactly (a percentile never leaves the range of the values)
                neg = [k for k, x in enumerate(arr) if x < 0]
                if neg:
                    fail(f"series {s}.{st}: negative at steps {neg[:10]} (first {arr[neg[0]]!r}); every series is >= 0")
                if s == "utilization":
                    over = [k for k, x in enumerate(arr) if x > 1.0]
                    if over:
                        fail(f"series utilization.{st}: above 1 at steps {over[:10]} (first {arr[over[0]]!r}); "
                             "Sv <= S, so no value is")
    extra = set(series) - set(ref.SERIES)
    if extra:
        fail(f"series: unexpected keys {sorted(extra)}")
    if ok and not (set(sc.uncertainty) & STEP0_KEYS):
        # step 0 is deterministic unless an input of the step-0 values is uncertain (docs/model.md
        # "Step 0 values"): every statistic is that value, up to float32 (and the rounding of a
        # mean of equal numbers)
        for s, v0 in zip(ref.SERIES, ref.step0_values(sc)):
            for st in ref.STATS:
                e = series[s][st][0]
                if abs(e - v0) > (float_rel + ROUND_REL) * abs(v0):
                    fail(f"series {s}.{st} step 0: engine {e!r}, spec's step-0 value {v0!r}")
    for pk in ref.PROBABILITIES:
        arr = eng.get(pk)
        if not _finite_list(arr, T + 1):
            fail(f"{pk}: expected {T + 1} finite numbers")
            ok = False
        elif arr[0] != 0 or any(x < 0 or x > 1 for x in arr):
            fail(f"{pk}: step 0 must be 0 (docs/model.md \"Step 0 values\") and all in [0, 1]; got "
                 f"step 0 = {arr[0]!r}, range [{min(arr)!r}, {max(arr)!r}]")
    vs = eng.get("variance_shares")
    if shares and sc.uncertainty:
        if not isinstance(vs, dict) or vs.get("series") != shares or not isinstance(vs.get("shares"), dict):
            fail(f"variance_shares: expected {{\"series\": {shares!r}, \"shares\": {{input: [T+1]}}}}, got "
                 f"{str(vs)[:120]!r}")
            ok = False
        else:
            keys = sc.uncertain_keys()
            if set(vs["shares"]) != set(keys):
                fail(f"variance_shares.shares: inputs {sorted(vs['shares'])}, expected the uncertain inputs {keys}")
                ok = False
            for key in keys:
                arr = vs["shares"].get(key)
                if key in vs["shares"] and not _finite_list(arr, T + 1):
                    fail(f"variance_shares.shares.{key}: expected {T + 1} finite numbers")
                    ok = False
                elif key in vs["shares"]:
                    if arr[0] != 0:
                        fail(f"variance_shares.shares.{key}: step 0 must be 0, got {arr[0]!r}")
                    if any(x < 0 or x > 1 + 1e-12 for x in arr):
                        fail(f"variance_shares.shares.{key}: outside [0, 1] (max(0, ...) of a ratio <= 1)")
            un = vs.get("unexplained")
            if un is not None and ok:
                # beyond the spec's layout; where given it must be 1 - sum of the shares
                tot = [1.0 - sum(vs["shares"][key][k] for key in keys) for k in range(T + 1)]
                if not _finite_list(un, T + 1) or any(abs(a - b) > 1e-5 for a, b in zip(un, tot)):
                    fail("variance_shares.unexplained: not 1 - sum of the shares")
    elif vs is not None and not sc.uncertainty:
        fail("variance_shares: present although the scenario has no uncertain inputs")
    return ok


def compare(eng, sc, n_e, n_r, ref_seed, shares, failures, heavy, hist_rel=HIST_REL, float_rel=FLOAT_REL,
            z_pct=Z_PCT, z_mean=Z, verbose=False):
    """Statistical comparison, step by step while the reference runs (its per-path values are
    never all kept). Appends to failures, and (series, step) of heavy-tailed means to heavy.
    z_pct: standard errors for percentiles; z_mean: for means, probabilities and variance shares.
    Returns (number of checks, largest severity per kind)."""
    T = sc.steps()
    months = [sc.month_label(k) for k in range(T + 1)]
    pct_levels = [p / 100.0 for p in ref.PERCENTILES]
    bands = [quantile_band(q, n_e, n_r, z_pct) for q in pct_levels]
    levels = sorted(set(pct_levels + [b[0] for b in bands] + [b[1] for b in bands] + [TRUNC_LEVEL]))
    tail_paths = min(n_r, max(10, int(math.ceil(TAIL_FRACTION * n_r))))
    lidx = {q: i for i, q in enumerate(levels)}
    E = {s: {st: np.asarray(eng["series"][s][st], dtype=float) for st in ref.STATS} for s in ref.SERIES}
    Ep = {pk: np.asarray(eng[pk], dtype=float) for pk in ref.PROBABILITIES}
    draws = ref.draw_inputs(sc, n_r, ref_seed) if sc.uncertainty else None
    do_shares = bool(shares) and draws is not None and isinstance(eng.get("variance_shares"), dict)
    if do_shares:
        bins = draws.bins()
        Es = {key: np.asarray(eng["variance_shares"]["shares"][key], dtype=float) for key in draws.keys}
        sidx = ref.SERIES_INDEX[shares]
        B = ref.SHARE_BINS
        share_null = z_mean * math.sqrt(2.0 * (B - 1)) * math.sqrt(1.0 / n_e ** 2 + 1.0 / n_r ** 2)
    nchecks = 0
    worst = {"percentile": 0.0, "percentile |z|": 0.0, "mean": 0.0, "probability": 0.0, "share": 0.0}
    allowance_only = []
    rel_mean = math.sqrt(1.0 / n_e + 1.0 / n_r)
    for k, values, ev, margin in ref.iterate_steps(sc, n_r, ref_seed, events=True, draws=draws):
        srt = np.sort(values, axis=1)
        Q = np.array([sorted_quantile(srt, q) for q in levels])   # (levels, series)
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
            x = srt[i]
            # --- percentiles -------------------------------------------------------------------
            for j, q in enumerate(pct_levels):
                st = ref.STATS[j]
                e = E[s][st][k]
                lo_q, hi_q, sdq = bands[j]
                lo_v, hi_v = Q[lidx[lo_q], i], Q[lidx[hi_q], i]
                atom = hi_v - lo_v <= ROUND_REL * max(abs(lo_v), abs(hi_v))
                slack = (float_rel + ROUND_REL) if atom else (hist_rel + float_rel + ROUND_REL)
                lo_b = lo_v - slack * abs(lo_v)
                hi_b = hi_v + slack * abs(hi_v)
                nchecks += 1
                # where the engine's value sits in the reference's distribution (level space), up to
                # float32/rounding differences (an atom at 0.85 is 0.85000002 in float32)
                fs = (float_rel + ROUND_REL) * abs(e)
                f_lo = np.searchsorted(x, e - fs, side="left") / n_r
                f_hi = np.searchsorted(x, e + fs, side="right") / n_r
                zz = (f_lo - q) / sdq if f_lo > q else ((f_hi - q) / sdq if f_hi < q else 0.0)
                worst["percentile |z|"] = max(worst["percentile |z|"], abs(zz))
                half = (hi_b - lo_b) / 2
                if abs(zz) > z_pct and lo_b <= e <= hi_b:
                    # statistically distinguishable, accepted by the histogram allowance
                    rq = Q[lidx[q], i]
                    allowance_only.append((abs(e - rq) / abs(rq) if rq else 0.0, s, st, k))
                if half <= 0:   # an atom at exactly 0: the engine's value must be 0 too
                    sev = 0.0 if e == lo_v else math.inf
                elif lo_b <= e <= hi_b:
                    sev = min(1.0, abs(e - (lo_b + hi_b) / 2) / half)   # inside passes, whatever the rounding
                else:
                    sev = 1.0 + (lo_b - e if e < lo_b else e - hi_b) / half
                worst["percentile"] = max(worst["percentile"], sev)
                if sev > 1.0:
                    rq = Q[lidx[q], i]
                    kind = "point mass: exact value, float32 allowance only" if atom else \
                        f"ref quantiles at levels [{lo_q:.4f}, {hi_q:.4f}]"
                    failures.append(Failure(min(sev, 1e12), (
                        f"{s} {st} step {k} ({months[k]}): engine {fmt(e)}, reference {st} {fmt(rq)} "
                        f"(rel diff {(e - rq) / rq if rq else float('nan'):+.3%}); allowed [{fmt(lo_b)}, {fmt(hi_b)}] "
                        f"= {kind} -/+ {slack:.3g} rel; engine value is the "
                        f"reference's {f_lo:.4f}..{f_hi:.4f} quantile (z = {zz:+.1f})"), s, st, k))
            # --- mean --------------------------------------------------------------------------
            # Engine mean - reference mean has standard error sd*sqrt(1/n_e + 1/n_r) (sd estimated
            # from the reference's sample; the engine's own sd is not in its output).
            e = E[s]["mean"][k]
            nchecks += 1
            if share[i] < HEAVY_SHARE and ss[i] > 0:
                tol = z_mean * sd[i] * rel_mean + (float_rel + ROUND_REL) * abs(mean[i])
                diff = e - mean[i]
                sev = abs(diff) / tol if tol > 0 else (0.0 if diff == 0 else math.inf)
                worst["mean"] = max(worst["mean"], sev)
                if sev > 1.0:
                    failures.append(Failure(min(sev, 1e12), (
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
        # --- probabilities -----------------------------------------------------------------------
        for j, pk in enumerate(ref.PROBABILITIES):
            pr = np.count_nonzero(ev[j]) / n_r
            pe = Ep[pk][k]
            pbar = (pe * n_e + pr * n_r) / (n_e + n_r)           # pooled under "same p"
            edge = np.count_nonzero(np.abs(margin[j]) <= float_rel) / n_r if k > 0 else 0.0
            tol = z_mean * math.sqrt(pbar * (1 - pbar) * (1.0 / n_e + 1.0 / n_r)) + PROB_PATHS / min(n_e, n_r) + edge
            nchecks += 1
            sev = abs(pe - pr) / tol
            worst["probability"] = max(worst["probability"], sev)
            if sev > 1.0:
                failures.append(Failure(sev, (
                    f"{pk} step {k} ({months[k]}): engine {pe:.6f}, reference {pr:.6f}; "
                    f"allowed +/- {tol:.6f} ({z_mean:g} x binomial se of the difference + {PROB_PATHS:g} paths"
                    f" + {edge:.2e} within {float_rel:g} of the edge)"), pk, "p", k))
        # --- variance shares ---------------------------------------------------------------------
        if do_shares and k >= 1:
            rs, rsd = ref.variance_shares(ref.share_log(values[sidx]), bins, with_sd=True)
            for j, key in enumerate(draws.keys):
                e = Es[key][k]
                tol = z_mean * rsd[j] * rel_mean + share_null + SHARE_ABS
                nchecks += 1
                sev = abs(e - rs[j]) / tol
                worst["share"] = max(worst["share"], sev)
                if sev > 1.0:
                    failures.append(Failure(sev, (
                        f"variance share of {key} in {shares}, step {k} ({months[k]}): engine {e:.5f}, "
                        f"reference {rs[j]:.5f}; allowed +/- {tol:.5f} ({z_mean:g} x delta-method sd "
                        f"{rsd[j]:.3g} x sqrt(1/{n_e} + 1/{n_r}) + {share_null:.2g} + {SHARE_ABS:g})"),
                        f"share:{key}", "share", k))
        if verbose and k % 12 == 0:
            print(f"  reference step {k}/{T}", file=sys.stderr)
    worst["allowance_only"] = sorted(allowance_only, reverse=True)
    return nchecks, worst


def perturbed(sc, specs):
    """A copy of sc with point values (and, for an uncertain input, both ends of its interval)
    multiplied: specs ["key=factor", ...]. Used as a deliberately wrong "engine" (--perturb)."""
    out = ref.with_values(sc)
    for spec in specs:
        key, _, fac = spec.partition("=")
        key = ref.SYMBOL_TO_KEY.get(key, key)
        fac = float(fac)
        if key not in ref.KEY_TO_PARAM:
            raise ValueError(f"--perturb {spec}: unknown parameter")
        out.values[key] = out[key] * fac
        if key in out.uncertainty:
            u = dict(out.uncertainty[key])
            u["p5"] *= fac
            u["p95"] *= fac
            out.uncertainty[key] = u
    ref.validate(out, "--perturb")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jevons", help="path of the jevons binary")
    ap.add_argument("--scenario", required=True, help="scenario JSON file")
    ap.add_argument("--paths", type=int, default=200_000, help="engine paths (default 200000)")
    ap.add_argument("--ref-paths", type=int, default=None, help="reference paths (default: --paths)")
    ap.add_argument("--seed", type=int, default=42, help="engine seed")
    ap.add_argument("--ref-seed", type=int, default=None, help="reference seed (default: seed + 1000003)")
    ap.add_argument("--shares", default="demand_supply_ratio", metavar="SERIES",
                    help="series whose variance shares are compared when the scenario has uncertain "
                         "inputs (default demand_supply_ratio)")
    ap.add_argument("--backend", choices=["auto", "cpu", "cuda"], help="passed to jevons simulate")
    ap.add_argument("--threads", type=int, help="passed to jevons simulate")
    ap.add_argument("--engine-json", help="use this engine output instead of running --jevons")
    ap.add_argument("--self-check", action="store_true",
                    help="compare the reference with itself (another seed) instead of the engine")
    ap.add_argument("--perturb", action="append", default=[], metavar="KEY=FACTOR",
                    help="with --self-check: the stand-in engine runs with this parameter (and its "
                         "interval) multiplied by FACTOR but echoes the scenario unchanged, to measure "
                         "the power of the tolerances (repeatable)")
    ap.add_argument("--perturb-shares", action="store_true",
                    help="with --self-check: the stand-in engine bins its variance shares by the "
                         "independent normals n_j instead of the correlated scores z_j (a deliberate bug)")
    ap.add_argument("--worst", type=int, default=25, help="disagreements to list (default 25)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds allowed for the engine run")
    ap.add_argument("--z", type=float, default=Z, help=f"standard errors allowed for means, probabilities "
                    f"and shares (default {Z:g})")
    ap.add_argument("--z-pct", type=float, default=Z_PCT, help=f"standard errors allowed for percentiles "
                    f"(default {Z_PCT:g})")
    ap.add_argument("--with-allowances", action="store_true",
                    help="with --self-check: keep the histogram and float32 allowances of a real engine "
                         "comparison (to measure the power the engine's comparison has)")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)

    n_e = a.paths
    n_r = a.ref_paths or a.paths
    ref_seed = a.ref_seed if a.ref_seed is not None else a.seed + 1000003
    if a.shares not in ref.SERIES_INDEX:
        print(f"compare.py: --shares {a.shares}: unknown series", file=sys.stderr)
        return 1
    try:
        sc = ref.load_scenario(a.scenario)
    except (ref.ScenarioError, OSError) as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 1
    shares = a.shares if sc.uncertainty else None

    t0 = time.time()
    hist_rel, float_rel = HIST_REL, FLOAT_REL
    try:
        if a.self_check:
            # The stand-in "engine" has exact percentiles in double precision: no histogram or
            # float32 allowance, so this measures the false-alarm rate of the statistical bands alone.
            sc_e = perturbed(sc, a.perturb) if a.perturb else sc
            eng = ref.simulate(sc_e, n_e, a.seed, shares=shares, _share_scores="n" if a.perturb_shares else "z")
            eng["scenario"] = sc.to_json()
            label = f"reference (seed {a.seed}) as engine, no histogram/float32 allowance" + \
                (f", perturbed {', '.join(a.perturb)}" if a.perturb else "") + \
                (", shares binned by n (uncorrelated)" if a.perturb_shares else "")
            eng_time = time.time() - t0
            if not a.with_allowances:
                hist_rel, float_rel = 0.0, 0.0
            else:
                label += " -- with allowances"
                label = label.replace(", no histogram/float32 allowance", "")
        elif a.engine_json:
            with open(a.engine_json, encoding="utf-8") as f:
                eng = json.load(f)
            n_e = eng.get("paths", n_e)
            label = a.engine_json
            eng_time = 0.0
        else:
            if not a.jevons:
                ap.error("--jevons is required (or --engine-json / --self-check)")
            eng, eng_time, label = run_engine(a.jevons, a.scenario, n_e, a.seed, a.backend, a.threads,
                                              a.timeout, shares)
    except (RuntimeError, OSError, ValueError) as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1

    failures = []
    heavy = []
    usable = check_structure(eng, sc, n_e, a.seed, shares, failures, float_rel)
    nchecks = 0
    worst = {}
    t1 = time.time()
    if usable:
        nchecks, worst = compare(eng, sc, n_e, n_r, ref_seed, shares, failures, heavy, hist_rel, float_rel,
                                 z_pct=a.z_pct, z_mean=a.z, verbose=not a.quiet)
    t2 = time.time()

    print(f"scenario {a.scenario} ({sc.name}), T = {sc.steps()} steps, "
          f"{len(sc.uncertainty)} uncertain inputs{f', shares of {shares}' if shares else ''}")
    print(f"engine:    {label}  [{n_e} paths, backend {eng.get('backend', '?')}, {eng_time:.1f} s]")
    print(f"reference: jevons_reference.py [{n_r} paths, seed {ref_seed}, {t2 - t1:.1f} s]")
    print(f"checks: {nchecks} statistical + structure; worst |diff|/tolerance: " +
          ", ".join(f"{k} {worst[k]:.2f}" for k in ("mean", "probability", "share") if k in worst) +
          (f"; worst percentile |z| in level space, before the {hist_rel + float_rel + ROUND_REL:.3g} "
           f"relative allowance: {worst['percentile |z|']:.1f} (limit {a.z_pct:g})" if worst else ""))
    ao = worst.get("allowance_only")
    if ao:
        r, s_, st, k = ao[0]
        print(f"percentiles outside the statistical band but within the {hist_rel:.1%} histogram allowance: "
              f"{len(ao)}; largest deviation from the reference's quantile {r:.3%} ({s_} {st} step {k})")
    if heavy:
        per = {}
        for s_, k in heavy:
            per.setdefault(s_, []).append(k)
        print("heavy-tailed or degenerate means (lower bound only): " +
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
        summary.setdefault((f.series, f.stat), []).append(f.step)
    if summary:
        print("\nfailing steps per series/statistic:")
        for (s, st), steps in sorted(summary.items()):
            steps.sort()
            print(f"  {s:34s} {st:5s} {len(steps):3d} steps: {steps[:12]}{' ...' if len(steps) > 12 else ''}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
