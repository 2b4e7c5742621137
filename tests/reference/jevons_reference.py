#!/usr/bin/python3
"""Independent numpy implementation of docs/model.md (the Jevons scenario model).

This is a second implementation of the spec, written from the text of docs/model.md
only, so that the C++ engine can be checked against it statistically (see compare.py).
It shares no code and no random numbers with the engine: draws come from numpy's own
Generator (PCG64), so agreement is within Monte Carlo noise, not bit for bit.

Everything is double precision and vectorised over paths. The outer loop runs over
steps and the inner loop over chunks of paths, so temporaries are bounded by the chunk
size and the only O(paths) storage is the per-path state and one step's output values
(needed for exact percentiles); nothing is O(paths * steps).

Use as a module:
    import jevons_reference as ref
    sc = ref.load_scenario("scenario.json")          # or ref.base_scenario()
    res = ref.simulate(sc, paths=100_000, seed=1)    # dict in the engine's JSON layout
    for k, values, shortage in ref.iterate_steps(sc, paths, seed):  # raw per-path values
        ...
or as a command line tool:
    /usr/bin/python3 jevons_reference.py [--scenario FILE] [--paths N] [--seed S] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field

import numpy as np

# ---------------------------------------------------------------------------------------
# Parameters: (group, key, symbol, default, min, max, integer) in the order of the spec's
# table. group "" is the top level of the scenario file.
# ---------------------------------------------------------------------------------------
PARAMS = [
    ("", "horizon_years", "H", 5.0, 1.0, 10.0, False),
    ("initial", "installed_base_mh100e", "S0", 20.0, 1.0, 200.0, False),
    ("initial", "shipments_mh100e_per_month", "G0", 1.2, 0.05, 20.0, False),
    ("initial", "utilization", "u0", 0.85, 0.3, 1.0, False),
    ("initial", "training_share", "s_tr", 0.45, 0.0, 0.9, False),
    ("initial", "gpu_hour_price_usd", "P0", 2.0, 0.5, 10.0, False),
    ("initial", "token_price_usd_per_mtok", "c0", 1.0, 0.01, 100.0, False),
    ("initial", "tokens_per_month", "Q0", 5e15, 1e12, 1e18, False),
    ("initial", "capex_usd_per_h100e", "K0", 35000.0, 5e3, 2e5, False),
    ("demand", "adoption_growth_x_per_year", "m_a", 1.5, 1.0, 4.0, False),
    ("demand", "demand_volatility", "s_a", 0.35, 0.0, 1.0, False),
    ("demand", "price_elasticity", "eps", 1.0, 0.1, 3.0, False),
    ("demand", "reasoning_growth_x_per_year", "m_r", 1.3, 1.0, 3.0, False),
    ("demand", "training_growth_x_per_year", "m_t", 2.0, 1.0, 4.0, False),
    ("efficiency", "algorithmic_x_per_year", "m_e", 2.0, 1.0, 5.0, False),
    ("efficiency", "hardware_x_per_year", "m_h", 1.35, 1.0, 2.0, False),
    ("efficiency", "breakthroughs_per_year", "lam", 0.3, 0.0, 3.0, False),
    ("efficiency", "breakthrough_x", "J", 2.0, 1.0, 20.0, False),
    ("supply", "shipment_growth_x_per_year", "m_s", 1.8, 0.5, 4.0, False),
    ("supply", "supply_volatility", "s_s", 0.15, 0.0, 1.0, False),
    ("supply", "capex_response", "psi", 0.5, 0.0, 2.0, False),
    ("supply", "gpu_life_years", "L", 5.0, 2.0, 10.0, False),
    ("supply", "disruption_probability_per_year", "p_d", 0.02, 0.0, 0.5, False),
    ("supply", "disruption_loss", "d_s", 0.7, 0.0, 1.0, False),
    ("supply", "disruption_months", "M", 12.0, 1.0, 60.0, True),
    ("market", "max_scarcity_premium", "r_max", 4.0, 1.0, 20.0, False),
    ("market", "export_control", "kappa", 0.5, 0.0, 1.0, False),
    ("market", "restricted_demand_share", "chi", 0.2, 0.0, 0.6, False),
    ("market", "restricted_chip_efficiency", "rho", 0.6, 0.1, 1.0, False),
]
GROUPS = ["initial", "demand", "efficiency", "supply", "market"]
KEY_TO_PARAM = {p[1]: p for p in PARAMS}
SYMBOL_TO_KEY = {p[2]: p[1] for p in PARAMS}

# Output series, in the order of the spec's table.
SERIES = [
    "demand_h100e",
    "supply_h100e",
    "utilization",
    "demand_supply_ratio",
    "gpu_hour_price_usd",
    "token_price_usd_per_mtok",
    "tokens_served_per_month",
    "ai_revenue_usd_per_month",
    "capex_usd_per_month",
    "cumulative_capex_usd",
]
PERCENTILES = [5, 10, 25, 50, 75, 90, 95]
STATS = [f"p{p}" for p in PERCENTILES] + ["mean"]

DEFAULT_CHUNK = 1 << 16  # paths per chunk; also fixes the random stream (see iterate_steps)


class ScenarioError(ValueError):
    """Invalid scenario: unknown key, wrong type, out-of-range value."""


@dataclass
class Scenario:
    name: str = "Base case"
    start: str = "2026-04"
    values: dict = field(default_factory=lambda: {p[1]: p[3] for p in PARAMS})

    def __getitem__(self, key):
        """Value by JSON key ("price_elasticity") or by spec symbol ("eps")."""
        return self.values[SYMBOL_TO_KEY.get(key, key)]

    def steps(self) -> int:
        # Spec: T = round(12 * H). Round half away from zero (C/C++ round()), not Python's
        # banker's rounding; H > 0 so floor(x + 0.5) is that.
        return int(math.floor(12.0 * self.values["horizon_years"] + 0.5))

    def month_label(self, step: int) -> str:
        y, m = int(self.start[:4]), int(self.start[5:7])
        idx = y * 12 + (m - 1) + step
        return f"{idx // 12:04d}-{idx % 12 + 1:02d}"

    def to_json(self) -> dict:
        """The spec's grouped scenario JSON, all keys filled in."""
        out = {"name": self.name, "start": self.start}
        out["horizon_years"] = self.values["horizon_years"]
        for g in GROUPS:
            out[g] = {}
        for group, key, _sym, _d, _lo, _hi, integer in PARAMS:
            if group:
                v = self.values[key]
                out[group][key] = int(v) if integer else v
        return out


def base_scenario() -> Scenario:
    return Scenario()


def _check_value(key, v, source):
    group, _k, _sym, _d, lo, hi, integer = KEY_TO_PARAM[key]
    where = f"{group}.{key}" if group else key
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ScenarioError(f"{source}: {where} must be a number, got {v!r}")
    v = float(v)
    if not math.isfinite(v) or v < lo or v > hi:
        raise ScenarioError(f"{source}: {where} = {v} is out of range [{lo:g}, {hi:g}]")
    if integer and v != math.floor(v):
        raise ScenarioError(f"{source}: {where} = {v} must be a whole number in [{lo:g}, {hi:g}]")
    return v


def _no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ScenarioError(f"duplicate key {k!r}")
        d[k] = v
    return d


def parse_scenario(doc, source="<scenario>") -> Scenario:
    """Scenario from the spec's grouped JSON (a dict, or a JSON string). Missing keys
    take the Base-case defaults; unknown keys and out-of-range values raise ScenarioError."""
    if isinstance(doc, (str, bytes)):
        try:
            doc = json.loads(doc, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as e:
            raise ScenarioError(f"{source}: malformed JSON: {e}") from None
    if not isinstance(doc, dict):
        raise ScenarioError(f"{source}: top level must be a JSON object")
    sc = Scenario()
    for top_key, top_val in doc.items():
        if top_key == "name":
            if not isinstance(top_val, str):
                raise ScenarioError(f"{source}: name must be a string")
            sc.name = top_val
        elif top_key == "start":
            ok = isinstance(top_val, str) and len(top_val) == 7 and top_val[4] == "-" \
                and top_val[:4].isdigit() and top_val[5:].isdigit() and 1 <= int(top_val[5:]) <= 12
            if not ok:
                raise ScenarioError(f"{source}: start must be \"YYYY-MM\", got {top_val!r}")
            sc.start = top_val
        elif top_key in GROUPS:
            if not isinstance(top_val, dict):
                raise ScenarioError(f"{source}: {top_key} must be an object")
            for key, v in top_val.items():
                p = KEY_TO_PARAM.get(key)
                if p is None or p[0] != top_key:
                    raise ScenarioError(f"{source}: unknown key {top_key}.{key}")
                sc.values[key] = _check_value(key, v, source)
        elif top_key in KEY_TO_PARAM and KEY_TO_PARAM[top_key][0] == "":
            sc.values[top_key] = _check_value(top_key, top_val, source)
        else:
            raise ScenarioError(f"{source}: unknown key {top_key}")
    return sc


def load_scenario(path) -> Scenario:
    with open(path, "rb") as f:
        return parse_scenario(f.read(), source=str(path))


# ---------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------
def derived_constants(sc: Scenario) -> dict:
    """Derived constants of the spec, with S0 and G0 in H100e."""
    chi, kappa, rho = sc["chi"], sc["kappa"], sc["rho"]
    X = 1.0 + chi * kappa * (1.0 / rho - 1.0)
    S0 = sc["S0"] * 1e6
    G0 = sc["G0"] * 1e6
    D0 = sc["u0"] * S0
    return {
        "X": X,
        "S0": S0,
        "G0": G0,
        "D0": D0,
        "Dtr0": sc["s_tr"] * D0 / X,
        "Dinf0": (1.0 - sc["s_tr"]) * D0 / X,
    }


def step0_values(sc: Scenario) -> np.ndarray:
    """The deterministic step-0 value of each output series (spec: "Step 0 values")."""
    d = derived_constants(sc)
    u0, P0, c0, Q0, K0 = sc["u0"], sc["P0"], sc["c0"], sc["Q0"], sc["K0"]
    return np.array([d["D0"], d["S0"], u0, u0, P0, c0, Q0, Q0 * c0 / 1e6, d["G0"] * K0, 0.0])


def iterate_steps(sc: Scenario, paths: int, seed: int = 42, chunk: int = DEFAULT_CHUNK):
    """Yields (k, values, shortage) for k = 0..T, where values is a (10, paths) float64 array
    of the output series (rows in SERIES order) at step k and shortage a bool array (D_k > S_k).
    The arrays are reused between steps: copy them if you keep them.

    Random numbers: chunk c (paths [c*chunk, (c+1)*chunk)) has its own numpy Generator,
    spawned from SeedSequence(seed); at each step it draws za, zs, nb, ud for its paths in
    that order. So results depend on (seed, chunk) but not on anything else."""
    paths = int(paths)
    if paths < 1:
        raise ValueError("paths must be >= 1")
    T = sc.steps()
    dt = 1.0 / 12.0
    sqdt = math.sqrt(dt)
    d = derived_constants(sc)
    X, S0, G0, Dtr0, Dinf0 = d["X"], d["S0"], d["G0"], d["Dtr0"], d["Dinf0"]
    s_a, eps, m_a, m_r, m_t = sc["s_a"], sc["eps"], sc["m_a"], sc["m_r"], sc["m_t"]
    m_e, m_h, lam, J = sc["m_e"], sc["m_h"], sc["lam"], sc["J"]
    m_s, s_s, psi, L = sc["m_s"], sc["s_s"], sc["psi"], sc["L"]
    p_d, d_s, M = sc["p_d"], sc["d_s"], int(round(sc["M"]))
    r_max = sc["r_max"]
    P0, c0, Q0, K0 = sc["P0"], sc["c0"], sc["Q0"], sc["K0"]

    # State per path.
    W = np.zeros(paths)
    F = np.ones(paths)
    S = np.full(paths, S0)
    r = np.ones(paths)
    rem = np.zeros(paths, dtype=np.int64)
    C = np.zeros(paths)

    values = np.empty((len(SERIES), paths))
    shortage = np.zeros(paths, dtype=bool)
    values[:, :] = step0_values(sc)[:, None]
    yield 0, values, shortage

    nchunks = (paths + chunk - 1) // chunk
    gens = [np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(nchunks)]
    survive = 1.0 - 1.0 / (12.0 * L)
    lnJ = math.log(J)
    for k in range(1, T + 1):
        t = k * dt
        # Path-independent factors at t_k.
        tau = m_r ** t                       # 3. tokens per task
        Pc = P0 * m_h ** (-t)                # 4. cost-based GPU-hour price
        Dtr = X * Dtr0 * m_t ** t            # 7. training demand
        ship_trend = G0 * m_s ** t           # 9. trend part of shipments
        capex_per = K0 * m_h ** (-t)         # 14. capex per H100e
        for c in range(nchunks):
            sl = slice(c * chunk, min(paths, (c + 1) * chunk))
            n = sl.stop - sl.start
            g = gens[c]
            za = g.standard_normal(n)
            zs = g.standard_normal(n)
            nb = g.poisson(lam * dt, n)
            ud = g.random(n)

            # 1. demand shock
            Wc = W[sl]
            Wc += s_a * sqdt * za - 0.5 * s_a * s_a * dt
            # 2. efficiency: F *= m_e^-dt * J^-nb
            Fc = F[sl]
            Fc *= m_e ** (-dt) * np.exp(-lnJ * nb)
            # 5. price per task at cost, relative to start
            pi = (Pc / P0) * Fc * tau
            # 6. tokens demanded at cost, relative to start
            q = m_a ** t * np.exp(Wc) * pi ** (-eps) * tau
            # 7. demand
            Dinf = X * Dinf0 * q * Fc
            D = Dinf + Dtr
            # 8. disruption
            remc = rem[sl]
            ongoing = remc > 0
            new = ~ongoing & (ud < p_d * dt)
            disrupted = ongoing | new
            remc[ongoing] -= 1
            remc[new] = M - 1
            # 9. shipments (uses last step's premium r_{k-1})
            rc = r[sl]
            G = ship_trend * np.exp(s_s * sqdt * zs - 0.5 * s_s * s_s * dt) * rc ** psi \
                * np.where(disrupted, 1.0 - d_s, 1.0)
            # 10. supply
            Sc = S[sl]
            Sc *= survive
            Sc += G
            # 11. market clearing
            short = D > Sc
            rk = np.ones(n)
            if short.any():
                Ss, Dts, Dis = Sc[short], Dtr, Dinf[short]
                rs = np.full(Ss.shape, np.inf)
                pos = Ss > Dts
                rs[pos] = ((Ss[pos] - Dts) / Dis[pos]) ** (-1.0 / eps)
                rk[short] = np.minimum(rs, r_max)
            rc[:] = rk  # becomes r_{k-1} for the next step
            demand_factor = rk ** (-eps)
            Da = Dinf * demand_factor + Dtr
            Sv = np.minimum(Da, Sc)
            f = Sv / Da
            # 12. prices
            P = Pc * rk
            cp = c0 * (P / P0) * Fc
            # 13. tokens served and revenue
            Qs = Q0 * q * demand_factor * f
            R = Qs * cp / 1e6
            # 14. capex
            K = G * capex_per
            Cc = C[sl]
            Cc += K

            v = values[:, sl]
            v[0] = D
            v[1] = Sc
            v[2] = Sv / Sc
            v[3] = D / Sc
            v[4] = P
            v[5] = cp
            v[6] = Qs
            v[7] = R
            v[8] = K
            v[9] = Cc
            shortage[sl] = short
        yield k, values, shortage


def simulate(sc: Scenario, paths: int = 100_000, seed: int = 42, chunk: int = DEFAULT_CHUNK,
             extra_quantiles=(), with_std=False) -> dict:
    """Runs the model and returns the spec's output JSON layout as a dict. Percentiles are
    np.percentile (linear interpolation) of all paths. extra_quantiles: further levels in
    [0, 1] reported per series as "q<level>"; with_std adds the sample std ("std", ddof=1)."""
    T = sc.steps()
    pct = np.array(PERCENTILES, dtype=float)
    extra = np.asarray(list(extra_quantiles), dtype=float)
    out = {s: {st: [0.0] * (T + 1) for st in STATS} for s in SERIES}
    extra_out = {s: np.zeros((len(extra), T + 1)) for s in SERIES}
    std_out = {s: [0.0] * (T + 1) for s in SERIES}
    shortage_p = [0.0] * (T + 1)
    for k, values, short in iterate_steps(sc, paths, seed, chunk):
        pv = np.percentile(values, pct, axis=1)  # (7, 10)
        mean = values.mean(axis=1)
        for i, s in enumerate(SERIES):
            for j, st in enumerate(STATS[:-1]):
                out[s][st][k] = float(pv[j, i])
            out[s]["mean"][k] = float(mean[i])
        if len(extra):
            ev = np.quantile(values, extra, axis=1)
            for i, s in enumerate(SERIES):
                extra_out[s][:, k] = ev[:, i]
        if with_std:
            sd = values.std(axis=1, ddof=1) if paths > 1 else np.zeros(len(SERIES))
            for i, s in enumerate(SERIES):
                std_out[s][k] = float(sd[i])
        shortage_p[k] = float(np.count_nonzero(short)) / paths
    result = {
        "scenario": sc.to_json(),
        "paths": int(paths),
        "seed": int(seed),
        "steps": T,
        "backend": "numpy-reference",
        "months": [sc.month_label(k) for k in range(T + 1)],
        "series": out,
        "shortage_probability": shortage_p,
    }
    if len(extra):
        for s in SERIES:
            for j, q in enumerate(extra):
                out[s][f"q{q:g}"] = [float(x) for x in extra_out[s][j]]
    if with_std:
        for s in SERIES:
            out[s]["std"] = std_out[s]
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="numpy reference implementation of docs/model.md")
    ap.add_argument("--scenario", help="scenario JSON file (default: the Base case)")
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="paths per chunk (fixes the random stream)")
    ap.add_argument("--out", help="output JSON file (default: stdout)")
    a = ap.parse_args(argv)
    try:
        sc = load_scenario(a.scenario) if a.scenario else base_scenario()
    except (ScenarioError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if a.paths < 1 or a.chunk < 1:
        print("error: --paths and --chunk must be >= 1", file=sys.stderr)
        return 2
    res = simulate(sc, a.paths, a.seed, a.chunk)
    text = json.dumps(res, indent=1)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
