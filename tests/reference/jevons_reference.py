#!/usr/bin/python3
"""Independent numpy implementation of docs/model.md (the Jevons scenario model), version 2.

This is a second implementation of the spec, written from the text of docs/model.md
only, so that the C++ engine can be checked against it statistically (see compare.py).
It shares no code and no random numbers with the engine: draws come from numpy's own
Generator (PCG64), so agreement is within Monte Carlo noise, not bit for bit.

Everything is double precision and vectorised over paths. The outer loop runs over
steps and the inner loop over chunks of paths, so temporaries are bounded by the chunk
size and the only O(paths) storage is the per-path state, the per-path draws of the
uncertain inputs, and one step's output values (needed for exact percentiles); nothing
is O(paths * steps).

Use as a module:
    import jevons_reference as ref
    sc = ref.load_scenario("scenario.json")          # or ref.base_scenario()
    res = ref.simulate(sc, paths=100_000, seed=1, shares="demand_supply_ratio")
    for k, values, shortage in ref.iterate_steps(sc, paths, seed):  # raw per-path values
        ...
    for k, values, events, margins in ref.iterate_steps(sc, paths, seed, events=True):
        ...   # events: (3, paths) bool in PROBABILITIES order
or as a command line tool:
    /usr/bin/python3 jevons_reference.py [--scenario FILE] [--paths N] [--seed S] [--out FILE]
                                         [--shares SERIES]

Random streams (docs/model.md "Randomness", "Uncertain inputs"): every stream is a PCG64
Generator seeded by SeedSequence(seed, spawn_key=...):
  (0, c, s)  step draws of chunk c (paths [c*chunk, (c+1)*chunk)), s = 0 za, 1 zs, 2 the
             uniform behind nb (Poisson by inversion), 3 ud; each stream draws one value
             per path and step, in step order, whatever the parameters are;
  (1, i)     the independent normal n_i of uncertain input i (its index in PARAMS), one per
             path.
So a path's process noise does not depend on which inputs are uncertain, on their
intervals or correlations, or on any parameter value (even lam: nb is the inverse Poisson
CDF of a fixed uniform): common random numbers, as the spec asks. Results depend on
(seed, chunk) and nothing else.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import sys
from dataclasses import dataclass, field

import numpy as np

# ---------------------------------------------------------------------------------------
# Parameters: (group, key, symbol, default, min, max, integer) in the order of the spec's
# table. group "" is the top level of the scenario file. power_gw's default is None: it is
# 1.25 * S0 * w0 of the scenario's point values (docs/model.md, "power_gw" below the table).
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
    ("demand", "adoption_growth_x_per_year", "m_a", 1.3, 1.0, 4.0, False),
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
    ("supply", "revenue_response", "gamma", 0.0, 0.0, 2.0, False),
    ("supply", "gpu_life_years", "L", 5.0, 2.0, 10.0, False),
    ("supply", "disruption_probability_per_year", "p_d", 0.02, 0.0, 0.5, False),
    ("supply", "disruption_loss", "d_s", 0.7, 0.0, 1.0, False),
    ("supply", "disruption_months", "M", 12.0, 1.0, 60.0, True),
    ("power", "power_gw", "E0", None, 1.0, 2000.0, False),
    ("power", "power_growth_x_per_year", "m_E", 1.5, 1.0, 3.0, False),
    ("power", "kw_per_h100e", "w0", 1.2, 0.1, 5.0, False),
    ("power", "power_efficiency_x_per_year", "m_w", 1.2, 1.0, 2.0, False),
    ("power", "backlog_halving_months", "b", 6.0, 1.0, 60.0, False),
    ("market", "max_scarcity_premium", "r_max", 4.0, 1.0, 20.0, False),
    ("market", "export_control", "kappa", 0.5, 0.0, 1.0, False),
    ("market", "export_control_at_start", "kappa0", 0.5, 0.0, 1.0, False),
    ("market", "restricted_demand_share", "chi", 0.2, 0.0, 0.6, False),
    ("market", "restricted_chip_efficiency", "rho", 0.6, 0.1, 1.0, False),
]
GROUPS = ["initial", "demand", "efficiency", "supply", "power", "market"]
KEY_TO_PARAM = {p[1]: p for p in PARAMS}
SYMBOL_TO_KEY = {p[2]: p[1] for p in PARAMS}
PARAM_INDEX = {p[1]: i for i, p in enumerate(PARAMS)}
# docs/model.md: power_gw defaults to 25 % headroom over the start's draw.
POWER_HEADROOM = 1.25

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
    "unpowered_h100e",
    "power_draw_gw",
    "depreciation_usd_per_month",
    "compute_revenue_usd_per_month",
    "cumulative_ai_revenue_usd",
]
SERIES_INDEX = {s: i for i, s in enumerate(SERIES)}
PROBABILITIES = [
    "shortage_probability",             # D_k > S_k
    "power_constrained_probability",    # phi_k < 1
    "revenue_covers_capex_probability",  # CR_k >= C_k, k >= 1
]
PERCENTILES = [5, 10, 25, 50, 75, 90, 95]
STATS = [f"p{p}" for p in PERCENTILES] + ["mean"]

# docs/model.md "Uncertain inputs": z of the 5th percentile of a standard normal.
Z95 = 1.6448536269514722
# docs/model.md "Variance shares": number of bins and the floor of y = ln(max(value, 1e-30)).
SHARE_BINS = 32
SHARE_FLOOR = 1e-30
SHARE_ZERO_VAR = 1e-10   # variance counted as 0 where sum (y - mean)^2 <= 1e-10 * N

DEFAULT_CHUNK = 1 << 16  # paths per chunk; also fixes the random stream (see module docstring)
STEP_STREAMS = 0         # spawn_key[0] of the step draws
INPUT_STREAMS = 1        # spawn_key[0] of the uncertain inputs' draws


class ScenarioError(ValueError):
    """Invalid scenario: unknown key, wrong type, out-of-range value, bad interval or
    correlation, a start that draws more power than it has."""


def _where(key):
    group = KEY_TO_PARAM[key][0]
    return f"{group}.{key}" if group else key


@dataclass
class Scenario:
    name: str = "Base case"
    start: str = "2026-04"
    # point values by key; power_gw None = its default 1.25 * S0 * w0 (see resolved())
    values: dict = field(default_factory=lambda: {p[1]: p[3] for p in PARAMS})
    # key -> {"p5": float, "p95": float, "scale": "linear" | "log"}, in the file's order
    uncertainty: dict = field(default_factory=dict)
    # [(key_a, key_b, rank)], in the file's order
    correlation: list = field(default_factory=list)

    def __getitem__(self, key):
        """Point value by JSON key ("price_elasticity") or by spec symbol ("eps"), with
        power_gw's default resolved."""
        key = SYMBOL_TO_KEY.get(key, key)
        if key == "power_gw":
            return self.power_gw()
        return self.values[key]

    def power_gw(self) -> float:
        v = self.values.get("power_gw")
        if v is None:
            # docs/model.md: 1.25 * S0 * w0 in GW (S0 in millions of H100e times kW per H100e
            # is GW), from the file's point values.
            return POWER_HEADROOM * self.values["installed_base_mh100e"] * self.values["kw_per_h100e"]
        return v

    def resolved(self) -> dict:
        """Point values of every parameter, power_gw's default filled in."""
        out = dict(self.values)
        out["power_gw"] = self.power_gw()
        return out

    def uncertain_keys(self) -> list:
        """Uncertain inputs in the order of the spec's table (fixes the Cholesky order)."""
        return [p[1] for p in PARAMS if p[1] in self.uncertainty]

    def steps(self) -> int:
        # Spec: T = round(12 * H), halves up; H > 0 so floor(x + 0.5) is that.
        return int(math.floor(12.0 * self.values["horizon_years"] + 0.5))

    def month_label(self, step: int) -> str:
        y, m = int(self.start[:4]), int(self.start[5:7])
        idx = y * 12 + (m - 1) + step
        return f"{idx // 12:04d}-{idx % 12 + 1:02d}"

    def to_json(self) -> dict:
        """The spec's grouped scenario JSON, all keys filled in (power_gw's default too),
        plus "uncertainty" (scale filled in) and "correlation" where the scenario has them."""
        out = {"name": self.name, "start": self.start}
        out["horizon_years"] = self.values["horizon_years"]
        for g in GROUPS:
            out[g] = {}
        res = self.resolved()
        for group, key, _sym, _d, _lo, _hi, integer in PARAMS:
            if group:
                v = res[key]
                out[group][key] = int(v) if integer else v
        if self.uncertainty:
            out["uncertainty"] = {k: dict(v) for k, v in self.uncertainty.items()}
        if self.correlation:
            out["correlation"] = [{"between": [a, b], "rank": r} for a, b, r in self.correlation]
        return out


def base_scenario() -> Scenario:
    return Scenario()


def _is_number(v):
    return not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(float(v))


def _check_value(key, v, source):
    group, _k, _sym, _d, lo, hi, integer = KEY_TO_PARAM[key]
    where = _where(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ScenarioError(f"{source}: {where} must be a number, got {v!r}")
    v = float(v)
    if not math.isfinite(v) or v < lo or v > hi:
        raise ScenarioError(f"{source}: {where} = {v:g} is out of range [{lo:g}, {hi:g}]")
    if integer and v != math.floor(v):
        raise ScenarioError(f"{source}: {where} = {v:g} must be a whole number in [{lo:g}, {hi:g}]")
    return v


def _no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise ScenarioError(f"duplicate key {k!r}")
        d[k] = v
    return d


UNCERTAINTY_FIELDS = ("p5", "p95", "scale")
SCALES = ("linear", "log")
CORRELATION_FIELDS = ("between", "rank")


def _parse_uncertainty(doc, source):
    """Structure of the "uncertainty" object (docs/model.md "File formats"); the values
    are checked against the point values and ranges in validate()."""
    if not isinstance(doc, dict):
        raise ScenarioError(f"{source}: uncertainty must be an object of input key -> "
                            "{\"p5\", \"p95\", \"scale\"}")
    out = {}
    for key, spec in doc.items():
        if key == "horizon_years":
            raise ScenarioError(f"{source}: uncertainty.horizon_years: the horizon cannot be "
                                "uncertain (any other parameter can)")
        if key not in KEY_TO_PARAM:
            raise ScenarioError(f"{source}: uncertainty.{key}: unknown input (allowed: the "
                                "parameter keys of docs/model.md but horizon_years)")
        if not isinstance(spec, dict):
            raise ScenarioError(f"{source}: uncertainty.{key} must be an object with p5, p95 "
                                "and optionally scale")
        for f in spec:
            if f not in UNCERTAINTY_FIELDS:
                raise ScenarioError(f"{source}: uncertainty.{key}.{f}: unknown field (allowed: "
                                    "p5, p95, scale)")
        for f in ("p5", "p95"):
            if f not in spec:
                raise ScenarioError(f"{source}: uncertainty.{key}.{f} is missing (p5 and p95 "
                                    "are required)")
            if not _is_number(spec[f]):
                raise ScenarioError(f"{source}: uncertainty.{key}.{f} must be a number, got "
                                    f"{spec[f]!r}")
        scale = spec.get("scale", "linear")
        if scale not in SCALES:
            raise ScenarioError(f"{source}: uncertainty.{key}.scale = {scale!r}: unknown scale "
                                "(allowed: \"linear\", \"log\")")
        out[key] = {"p5": float(spec["p5"]), "p95": float(spec["p95"]), "scale": scale}
    return out


def _parse_correlation(doc, source):
    if not isinstance(doc, list):
        raise ScenarioError(f"{source}: correlation must be a list of "
                            "{\"between\": [input, input], \"rank\": r}")
    out = []
    for i, item in enumerate(doc):
        where = f"correlation[{i}]"
        if not isinstance(item, dict):
            raise ScenarioError(f"{source}: {where} must be an object with between and rank")
        for f in item:
            if f not in CORRELATION_FIELDS:
                raise ScenarioError(f"{source}: {where}.{f}: unknown field (allowed: between, rank)")
        if "between" not in item or "rank" not in item:
            raise ScenarioError(f"{source}: {where} needs both between and rank")
        btw = item["between"]
        if not isinstance(btw, list) or len(btw) != 2 or not all(isinstance(x, str) for x in btw):
            raise ScenarioError(f"{source}: {where}.between must be a list of two input keys")
        r = item["rank"]
        if not _is_number(r):
            raise ScenarioError(f"{source}: {where}.rank must be a number in (-1, 1), got {r!r}")
        out.append((btw[0], btw[1], float(r)))
    return out


def parse_scenario(doc, source="<scenario>") -> Scenario:
    """Scenario from the spec's grouped JSON (a dict, or a JSON string). Missing keys
    take the Base-case defaults; unknown keys, out-of-range values, bad intervals and
    correlations raise ScenarioError naming the key (docs/model.md "File formats")."""
    if isinstance(doc, (str, bytes)):
        try:
            doc = json.loads(doc, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as e:
            raise ScenarioError(f"{source}: malformed JSON: {e}") from None
    if not isinstance(doc, dict):
        raise ScenarioError(f"{source}: top level must be a JSON object")
    sc = Scenario()
    unc_doc = corr_doc = None
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
        elif top_key == "uncertainty":
            unc_doc = top_val
        elif top_key == "correlation":
            corr_doc = top_val
        else:
            raise ScenarioError(f"{source}: unknown key {top_key}")
    # intervals and correlations after all point values are known (their median is the point value)
    if unc_doc is not None:
        sc.uncertainty = _parse_uncertainty(unc_doc, source)
    if corr_doc is not None:
        sc.correlation = _parse_correlation(corr_doc, source)
    validate(sc, source)
    return sc


def load_scenario(path) -> Scenario:
    with open(path, "rb") as f:
        return parse_scenario(f.read(), source=str(path))


def correlation_matrix(sc: Scenario, source="<scenario>"):
    """(keys, R) with R_ij = 2 sin(pi rho_s / 6) (docs/model.md "Correlation"), keys in
    uncertain_keys() order. Checks the pairs (known inputs, no self pair, no pair twice,
    rank in (-1, 1)) but not positive definiteness (see cholesky_factor)."""
    keys = sc.uncertain_keys()
    idx = {k: i for i, k in enumerate(keys)}
    R = np.eye(len(keys))
    seen = {}
    for i, (a, b, r) in enumerate(sc.correlation):
        where = f"correlation[{i}]"
        for x in (a, b):
            if x not in idx:
                known = "a parameter key" if x in KEY_TO_PARAM else "not a parameter key"
                raise ScenarioError(f"{source}: {where}.between: {x!r} is not in uncertainty "
                                    f"({known}; an input named in correlation must have an interval)")
        if a == b:
            raise ScenarioError(f"{source}: {where}.between: {a} is paired with itself "
                                "(a pair names two different inputs)")
        pair = frozenset((a, b))
        if pair in seen:
            raise ScenarioError(f"{source}: {where}.between: the pair {a}, {b} is given twice "
                                f"(also correlation[{seen[pair]}]; a pair may appear once)")
        seen[pair] = i
        if not (-1.0 < r < 1.0):
            raise ScenarioError(f"{source}: {where}.rank = {r:g} ({a}, {b}) is outside (-1, 1)")
        R[idx[a], idx[b]] = R[idx[b], idx[a]] = 2.0 * math.sin(math.pi * r / 6.0)
    return keys, R


# A correlation matrix counts as positive definite when its smallest eigenvalue exceeds this
# (a singular one, e.g. three inputs at ranks that force z_a = z_b = z_c, is refused too: its
# Cholesky factor is not defined without pivoting).
PD_EIG_MIN = 1e-10


def cholesky_factor(sc: Scenario, source="<scenario>"):
    """(keys, z-factor L with L L^T = R). Refuses a matrix that is not positive definite,
    naming the inputs of each connected group of correlated inputs whose block is not."""
    keys, R = correlation_matrix(sc, source)
    m = len(keys)
    if m == 0:
        return keys, np.zeros((0, 0))
    # R is block diagonal over the connected components of the "correlated with" graph, and
    # positive definite iff every block is: name the inputs of the failing blocks.
    comp = list(range(m))

    def find(i):
        while comp[i] != i:
            comp[i] = comp[comp[i]]
            i = comp[i]
        return i

    for i in range(m):
        for j in range(i + 1, m):
            if R[i, j] != 0.0:
                comp[find(i)] = find(j)
    groups = {}
    for i in range(m):
        groups.setdefault(find(i), []).append(i)
    bad = []
    for members in groups.values():
        if len(members) < 2:
            continue
        sub = R[np.ix_(members, members)]
        if np.linalg.eigvalsh(sub).min() <= PD_EIG_MIN:
            bad.append([keys[i] for i in members])
    if bad:
        names = "; ".join(", ".join(g) for g in bad)
        raise ScenarioError(f"{source}: correlation: the rank correlations between {names} are not "
                            "possible together (their matrix 2 sin(pi rho/6) is not positive definite)")
    return keys, np.linalg.cholesky(R)


def validate(sc: Scenario, source="<scenario>"):
    """Checks that need the whole scenario: power_gw's default in range, a start that draws
    no more power than it has, the intervals against their point values and slider ranges,
    the correlations (pairs, ranks, positive definiteness)."""
    lo, hi = KEY_TO_PARAM["power_gw"][4:6]
    E0 = sc.power_gw()
    if sc.values.get("power_gw") is None and not (lo <= E0 <= hi):
        # docs/model.md does not say what happens when 1.25*S0*w0 leaves the slider range
        # (S0 * w0 < 0.8); "values out of range are errors that name the key" is applied.
        raise ScenarioError(f"{source}: power.power_gw: its default 1.25 * installed_base_mh100e * "
                            f"kw_per_h100e = {E0:g} GW is out of range [{lo:g}, {hi:g}]; give power_gw")
    draw_gw = sc.values["installed_base_mh100e"] * sc.values["kw_per_h100e"]
    if draw_gw > E0:
        # docs/model.md step 10: S0 * w0 > E0 * 1e6 (kW, S0 in H100e) is refused, naming both figures.
        raise ScenarioError(f"{source}: the start draws more power than it has: installed_base_mh100e x "
                            f"kw_per_h100e = {draw_gw:g} GW > power.power_gw = {E0:g} GW")
    res = sc.resolved()
    for key, spec in sc.uncertainty.items():
        if key == "horizon_years" or key not in KEY_TO_PARAM:
            raise ScenarioError(f"{source}: uncertainty.{key}: not an uncertain input")
        _g, _k, _s, _d, plo, phi, _int = KEY_TO_PARAM[key]
        p5, p95, scale = spec["p5"], spec["p95"], spec.get("scale", "linear")
        v = res[key]
        w = f"uncertainty.{key}"
        if scale not in SCALES:
            raise ScenarioError(f"{source}: {w}.scale = {scale!r}: unknown scale (allowed: \"linear\", \"log\")")
        for f, x in (("p5", p5), ("p95", p95)):
            if not math.isfinite(x) or x < plo or x > phi:
                raise ScenarioError(f"{source}: {w}.{f} = {x:g} is outside the slider range [{plo:g}, {phi:g}]")
        if not p5 < p95:
            raise ScenarioError(f"{source}: {w}: p5 = {p5:g} must be below p95 = {p95:g}")
        if not p5 <= v <= p95:
            raise ScenarioError(f"{source}: {w}: the point value {_where(key)} = {v:g} (the median) must lie "
                                f"in [p5, p95] = [{p5:g}, {p95:g}]")
        if scale == "log" and not (p5 > 0 and v > 0 and p95 > 0):
            raise ScenarioError(f"{source}: {w}: a log scale needs p5, value and p95 > 0 "
                                f"(p5 = {p5:g}, value = {v:g}, p95 = {p95:g})")
    cholesky_factor(sc, source)


# ---------------------------------------------------------------------------------------
# Uncertain inputs (docs/model.md "Uncertain inputs")
# ---------------------------------------------------------------------------------------
def std_normal_cdf(z):
    """Phi(z) = erfc(-z / sqrt 2) / 2, elementwise (numpy has no erf; math.erfc is exact to
    double rounding in both tails)."""
    z = np.asarray(z, dtype=float)
    return 0.5 * _erfc(-z / math.sqrt(2.0)).astype(float)


_erfc = np.frompyfunc(math.erfc, 1, 1)


def two_piece(value, p5, p95, scale, z):
    """The two-piece normal of docs/model.md: value, p5 and p95 are its 50th, 5th and 95th
    percentiles on the given scale; z standard normal scores. No clamping."""
    z = np.asarray(z, dtype=float)
    if scale == "log":
        h = np.where(z < 0, math.log(value / p5), math.log(p95 / value))
        return value * np.exp(h * z / Z95)
    h = np.where(z < 0, value - p5, p95 - value)
    return value + h * z / Z95


@dataclass
class InputDraws:
    keys: list          # uncertain inputs, in uncertain_keys() order
    z: np.ndarray       # (m, paths) correlated scores (before clamping)
    values: dict        # key -> (paths,) drawn values, clamped (and rounded for integers)
    n: np.ndarray | None = None   # (m, paths) the independent normals, z = L n

    def bins(self, B=SHARE_BINS, scores=None):
        """(m, paths) bin index min(B-1, floor(B * Phi(z_j))) (docs/model.md "Variance shares").
        scores: other (m, paths) scores to bin instead of z (compare.py's deliberately wrong
        "engine" bins the independent normals n)."""
        zz = self.z if scores is None else scores
        if not len(self.keys):
            return np.zeros((0, zz.shape[1]), dtype=np.int64)
        b = np.floor(B * std_normal_cdf(zz)).astype(np.int64)
        return np.minimum(b, B - 1)


def draw_inputs(sc: Scenario, paths: int, seed: int) -> InputDraws:
    """Each uncertain input's value per path, drawn once before step 1: z = L n (Gaussian copula,
    L the Cholesky factor of R), the two-piece normal of its interval, clamped to the slider range,
    disruption_months then rounded halves up. n_i comes from its own stream (module docstring)."""
    keys, L = cholesky_factor(sc)
    m = len(keys)
    n = np.empty((m, paths))
    for j, key in enumerate(keys):
        ss = np.random.SeedSequence(seed, spawn_key=(INPUT_STREAMS, PARAM_INDEX[key]))
        n[j] = np.random.Generator(np.random.PCG64(ss)).standard_normal(paths)
    z = L @ n if m else n
    res = sc.resolved()
    vals = {}
    for j, key in enumerate(keys):
        spec = sc.uncertainty[key]
        _g, _k, _s, _d, lo, hi, integer = KEY_TO_PARAM[key]
        x = two_piece(res[key], spec["p5"], spec["p95"], spec.get("scale", "linear"), z[j])
        x = np.clip(x, lo, hi)
        if integer:
            x = np.floor(x + 0.5)   # nearest integer, halves up
        vals[key] = x
    return InputDraws(keys, z, vals, n)


def path_parameters(sc: Scenario, draws: InputDraws | None):
    """Parameter dict by spec symbol: floats, or (paths,) arrays for the uncertain inputs."""
    res = sc.resolved()
    p = {KEY_TO_PARAM[k][2]: float(v) for k, v in res.items()}
    if draws is not None:
        for key, arr in draws.values.items():
            p[KEY_TO_PARAM[key][2]] = arr
    return p


def _derived(p):
    """Derived constants of the spec (docs/model.md "Derived constants"), S0 and G0 in H100e."""
    def x(kappa):
        return 1.0 + p["chi"] * kappa * (1.0 / p["rho"] - 1.0)
    X = x(p["kappa"]) / x(p["kappa0"])
    S0 = p["S0"] * 1e6
    G0 = p["G0"] * 1e6
    D0 = p["u0"] * S0
    return {"X": X, "S0": S0, "G0": G0, "D0": D0,
            "Dtr0": p["s_tr"] * D0, "Dinf0": (1.0 - p["s_tr"]) * D0}


def derived_constants(sc: Scenario) -> dict:
    """Derived constants at the point values."""
    return _derived(path_parameters(sc, None))


def _step0(p, d):
    """Step-0 value of each output series (docs/model.md "Step 0 values"), scalars or arrays."""
    u0, P0, c0, Q0, K0, L, w0 = p["u0"], p["P0"], p["c0"], p["Q0"], p["K0"], p["L"], p["w0"]
    S0 = d["S0"]
    return [d["D0"], S0, u0, u0, P0, c0, Q0, Q0 * c0 / 1e6, d["G0"] * K0, 0.0,
            0.0, S0 * w0 / 1e6, S0 * K0 / (12.0 * L), 730.0 * u0 * S0 * P0, 0.0]


def step0_values(sc: Scenario) -> np.ndarray:
    """Step-0 values at the point values."""
    p = path_parameters(sc, None)
    return np.array([float(v) for v in _step0(p, _derived(p))])


def poisson_inverse(u, mu):
    """Smallest n with u < CDF_Poisson(mu)(n), elementwise (u in [0, 1), mu >= 0 scalar or array).
    By inversion so that one uniform per path and step gives nb whatever lam is."""
    mu = np.broadcast_to(np.asarray(mu, dtype=float), u.shape)
    pmf = np.exp(-mu)
    cdf = pmf.copy()
    nb = np.zeros(u.shape, dtype=np.int64)
    more = u >= cdf
    n = 0
    while more.any() and n < 400:   # P(nb > 400) at mu <= 0.25 (lam <= 3) is far below 1e-300
        n += 1
        pmf = pmf * mu / n
        cdf = cdf + pmf
        nb[more] += 1
        more = more & (u >= cdf)
    return nb


def _sub(x, mask):
    return x[mask] if isinstance(x, np.ndarray) else x


def iterate_steps(sc: Scenario, paths: int, seed: int = 42, chunk: int = DEFAULT_CHUNK,
                  events: bool = False, draws: InputDraws | None = None):
    """Yields, for k = 0..T, (k, values, shortage), or with events=True (k, values, ev, margin):
    values a (15, paths) float64 array of the output series (rows in SERIES order) at step k,
    shortage a bool array (D_k > S_k), ev a (3, paths) bool array (PROBABILITIES order:
    D_k > S_k, phi_k < 1, CR_k >= C_k and k >= 1), margin a (3, paths) float array of the relative
    distance of each event's condition from its edge ((D-S)/S, (Gq_kw - room)/Gq_kw,
    (CR-C)/max(CR, C)), used by compare.py to allow for float32 ties. Arrays are reused between
    steps: copy them if you keep them. draws: the uncertain inputs' draws (draw_inputs(sc, paths,
    seed), computed here when not given)."""
    paths = int(paths)
    if paths < 1:
        raise ValueError("paths must be >= 1")
    validate(sc)
    if draws is None and sc.uncertainty:
        draws = draw_inputs(sc, paths, seed)
    T = sc.steps()
    dt = 1.0 / 12.0
    sqdt = math.sqrt(dt)
    p = path_parameters(sc, draws)
    d = _derived(p)

    # State per path (docs/model.md "State per path"), plus what step 9 needs from k-1:
    # phi_{k-1} (phi_0 = 1) and R_{k-1} (R_0 = Q0 c0 / 1e6); R_0/S_0 per path for v_k.
    full = lambda x: np.broadcast_to(np.asarray(x, dtype=float), (paths,)).copy()  # noqa: E731
    W = np.zeros(paths)
    F = np.ones(paths)
    S = full(d["S0"])
    r = np.ones(paths)
    rem = np.zeros(paths, dtype=np.int64)
    C = np.zeros(paths)
    Wd = full(d["S0"] * p["w0"])
    U = np.zeros(paths)
    Ukw = np.zeros(paths)
    B = full(d["S0"] * p["K0"])
    CR = np.zeros(paths)
    phi = np.ones(paths)
    R = full(p["Q0"] * p["c0"] / 1e6)
    rps0 = full((p["Q0"] * p["c0"] / 1e6) / d["S0"])   # R_0 / S_0

    values = np.empty((len(SERIES), paths))
    ev = np.zeros((len(PROBABILITIES), paths), dtype=bool)
    margin = np.zeros((len(PROBABILITIES), paths))
    for i, v in enumerate(_step0(p, d)):
        values[i] = v
    yield (0, values, ev, margin) if events else (0, values, ev[0])

    nchunks = (paths + chunk - 1) // chunk
    gens = [[np.random.Generator(np.random.PCG64(
        np.random.SeedSequence(seed, spawn_key=(STEP_STREAMS, c, s)))) for s in range(4)]
        for c in range(nchunks)]
    slices = [slice(c * chunk, min(paths, (c + 1) * chunk)) for c in range(nchunks)]
    # per-chunk views of the parameters and derived constants (arrays only where uncertain)
    pcs = [{k: (v[sl] if isinstance(v, np.ndarray) else v) for k, v in p.items()} for sl in slices]
    dcs = [{k: (v[sl] if isinstance(v, np.ndarray) else v) for k, v in d.items()} for sl in slices]
    for k in range(1, T + 1):
        t = k * dt
        for c in range(nchunks):
            sl = slices[c]
            n = sl.stop - sl.start
            q_, dc = pcs[c], dcs[c]
            g = gens[c]
            za = g[0].standard_normal(n)
            zs = g[1].standard_normal(n)
            nb = poisson_inverse(g[2].random(n), q_["lam"] * dt)
            ud = g[3].random(n)
            s_a, eps, L = q_["s_a"], q_["eps"], q_["L"]
            X = dc["X"]
            survive = 1.0 - 1.0 / (12.0 * L)

            # 1. demand shock
            Wc = W[sl]
            Wc += s_a * sqdt * za - 0.5 * s_a * s_a * dt
            # 2. efficiency: F *= m_e^-dt * J^-nb
            Fc = F[sl]
            Fc *= q_["m_e"] ** (-dt) * np.power(q_["J"], -nb.astype(float))
            # 3. tokens per task; 4. cost-based GPU-hour price
            tau = q_["m_r"] ** t
            Pc = q_["P0"] * q_["m_h"] ** (-t)
            # 5. price per task at cost and at the start's quality (v2: without tau)
            pi = (Pc / q_["P0"]) * Fc
            # 6. tokens demanded at cost, relative to start
            q = q_["m_a"] ** t * np.exp(Wc) * pi ** (-eps) * tau
            # 7. demand
            Dinf = X * dc["Dinf0"] * q * Fc
            Dtr = X * dc["Dtr0"] * q_["m_t"] ** t
            D = Dinf + Dtr
            # 8. disruption
            remc = rem[sl]
            ongoing = remc > 0
            new = ~ongoing & (ud < q_["p_d"] * dt)
            disrupted = ongoing | new
            remc[ongoing] -= 1
            M = q_["M"]
            remc[new] = (_sub(M, new) - 1).astype(np.int64) if isinstance(M, np.ndarray) else int(M) - 1
            # 9. shipments: r_{k-1}^(psi phi_{k-1}), backlog brake h_k on U_{k-1}, revenue follow v_k
            #    on R_{k-1}/S_{k-1} (both before this step's updates below)
            trend = dc["G0"] * q_["m_s"] ** t
            Uc, Ukwc, Sc, Rc_prev, phic = U[sl], Ukw[sl], S[sl], R[sl], phi[sl]
            h = np.exp2(-Uc / (q_["b"] * trend))
            v = ((Rc_prev / Sc) / rps0[sl]) ** q_["gamma"]   # numpy: 0.0 ** 0.0 == 1.0, as the spec
            rc = r[sl]
            G = trend * np.exp(q_["s_s"] * sqdt * zs - 0.5 * q_["s_s"] ** 2 * dt) \
                * rc ** (q_["psi"] * phic) * (1.0 - q_["d_s"] * disrupted) * h * v
            # 10. power-gated installation
            E = q_["E0"] * 1e6 * q_["m_E"] ** t          # kW
            Wdc = Wd[sl]
            Wsv = Wdc * survive
            w = q_["w0"] * q_["m_w"] ** (-t)
            Gq = G + Uc
            Gqkw = G * w + Ukwc
            room = np.maximum(0.0, E - Wsv)
            fits = Gqkw <= room
            # Gqkw > room >= 0 wherever the ratio is used
            phin = np.where(fits, 1.0, room / np.where(fits, 1.0, Gqkw))
            inst = phin * Gq
            Uc[:] = (1.0 - phin) * Gq
            Ukwc[:] = (1.0 - phin) * Gqkw
            Wdc[:] = Wsv + phin * Gqkw
            phic[:] = phin
            Sc *= survive
            Sc += inst
            # 11. market clearing
            short = D > Sc
            rk = np.ones(n)
            if short.any():
                Ss, Dts, Dis = Sc[short], _sub(Dtr, short), Dinf[short]
                es = _sub(eps, short)
                rs = np.full(Ss.shape, np.inf)
                pos = Ss > Dts
                rs[pos] = ((Ss[pos] - _sub(Dts, pos)) / Dis[pos]) ** (-1.0 / _sub(es, pos))
                rk[short] = np.minimum(rs, _sub(q_["r_max"], short))
            rc[:] = rk  # becomes r_{k-1} for the next step
            demand_factor = rk ** (-eps)
            Da = Dinf * demand_factor + Dtr
            Sv = np.minimum(Da, Sc)
            f = Sv / Da
            # 12. prices
            P = Pc * rk
            cp = q_["c0"] * (P / q_["P0"]) * Fc
            # 13. tokens served and revenue
            Qs = q_["Q0"] * q * demand_factor * f
            Rk = Qs * cp / 1e6
            Rc_prev[:] = Rk   # becomes R_{k-1} for the next step
            # 14. capex (paid when shipped, powered or not)
            K = G * q_["K0"] * q_["m_h"] ** (-t)
            Cc = C[sl]
            Cc += K
            # 15. book value and depreciation
            Bc = B[sl]
            Dep = Bc / (12.0 * L)
            Bc += K - Dep
            # 16. compute revenue, cumulative AI revenue
            Rcomp = 730.0 * Sv * P
            CRc = CR[sl]
            CRc += Rk

            vv = values[:, sl]
            vv[0] = D
            vv[1] = Sc
            vv[2] = Sv / Sc
            vv[3] = D / Sc
            vv[4] = P
            vv[5] = cp
            vv[6] = Qs
            vv[7] = Rk
            vv[8] = K
            vv[9] = Cc
            vv[10] = Uc
            vv[11] = Wdc / 1e6
            vv[12] = Dep
            vv[13] = Rcomp
            vv[14] = CRc
            e = ev[:, sl]
            e[0] = short
            e[1] = phin < 1.0
            e[2] = CRc >= Cc
            if events:
                mg = margin[:, sl]
                mg[0] = (D - Sc) / Sc
                mg[1] = np.where(Gqkw > 0, (Gqkw - room) / np.where(Gqkw > 0, Gqkw, 1.0), -1.0)
                den = np.maximum(CRc, Cc)
                mg[2] = np.where(den > 0, (CRc - Cc) / np.where(den > 0, den, 1.0), 0.0)
        yield (k, values, ev, margin) if events else (k, values, ev[0])


# ---------------------------------------------------------------------------------------
# Variance shares (docs/model.md "Variance shares")
# ---------------------------------------------------------------------------------------
def share_log(x):
    """y = ln(max(value, 1e-30))."""
    return np.log(np.maximum(x, SHARE_FLOOR))


def variance_shares(y, bins, B=SHARE_BINS, with_sd=False):
    """First-order shares of y (one step, (N,) array) for each row of bins ((m, N) bin indices):
    eta2 = sum_b n_b (mean_b - mean)^2 / sum_p (y_p - mean)^2, share = max(0, (eta2 - c)/(1 - c)),
    c = (B-1)/(N-1); 0 where sum (y - mean)^2 <= 1e-10 N. With with_sd also the per-path sd of
    the influence function of eta2 (so that its standard error is sd / sqrt(N); compare.py):
    IF_p = [g_p^2 - Vb + 2 g_p (y_p - mean_b(p)) - eta2 (e_p^2 - V)] / V, g_p = mean_b(p) - mean,
    e_p = y_p - mean, V and Vb the total and between-bin variances (delta method for the ratio
    of the between-bin variance to the total)."""
    N = y.shape[0]
    m = bins.shape[0]
    shares = np.zeros(m)
    sds = np.zeros(m)
    mean = y.mean()
    e = y - mean
    sst = float(e @ e)
    if N < 2 or sst <= SHARE_ZERO_VAR * N:
        return (shares, sds) if with_sd else shares
    c = (B - 1) / (N - 1)
    V = sst / N
    for j in range(m):
        nb = np.bincount(bins[j], minlength=B).astype(float)
        sb = np.bincount(bins[j], weights=e, minlength=B)   # sums of deviations: mean_b - mean
        gb = np.divide(sb, nb, out=np.zeros(B), where=nb > 0)
        ssb = float(nb @ (gb * gb))
        eta2 = ssb / sst
        shares[j] = max(0.0, (eta2 - c) / (1.0 - c))
        if with_sd:
            g = gb[bins[j]]
            inf = (g * g - ssb / N + 2.0 * g * (e - g) - eta2 * (e * e - V)) / V
            sds[j] = math.sqrt(float(inf @ inf) / N)
    return (shares, sds) if with_sd else shares


def simulate(sc: Scenario, paths: int = 100_000, seed: int = 42, chunk: int = DEFAULT_CHUNK,
             extra_quantiles=(), with_std=False, shares: str | None = None,
             _share_scores: str = "z") -> dict:
    """Runs the model and returns the spec's output JSON layout as a dict. Percentiles are
    np.percentile (linear interpolation) of all paths. extra_quantiles: further levels in
    [0, 1] reported per series as "q<level>"; with_std adds the sample std ("std", ddof=1).
    shares: a series key; adds "variance_shares" when the scenario has uncertain inputs
    (plus "unexplained" = 1 - sum of the shares, beyond the spec's layout). _share_scores "n"
    bins the independent normals instead of the correlated scores: a deliberate bug, used only
    to measure the power of compare.py."""
    if shares is not None and shares not in SERIES_INDEX:
        raise ValueError(f"unknown series {shares!r} for variance shares (allowed: {', '.join(SERIES)})")
    T = sc.steps()
    validate(sc)
    draws = draw_inputs(sc, paths, seed) if sc.uncertainty else None
    bins = None
    if draws is not None and shares is not None:
        bins = draws.bins(scores=draws.n if _share_scores == "n" else None)
    pct = np.array(PERCENTILES, dtype=float)
    extra = np.asarray(list(extra_quantiles), dtype=float)
    ns = len(SERIES)
    out = {s: {st: [0.0] * (T + 1) for st in STATS} for s in SERIES}
    extra_out = {s: np.zeros((len(extra), T + 1)) for s in SERIES}
    std_out = {s: [0.0] * (T + 1) for s in SERIES}
    probs = {pk: [0.0] * (T + 1) for pk in PROBABILITIES}
    sh = np.zeros((len(draws.keys) if bins is not None else 0, T + 1))
    for k, values, ev, _mg in iterate_steps(sc, paths, seed, chunk, events=True, draws=draws):
        pv = np.percentile(values, pct, axis=1)  # (7, 15)
        mean = values.mean(axis=1)
        for i, s in enumerate(SERIES):
            for j, st in enumerate(STATS[:-1]):
                out[s][st][k] = float(pv[j, i])
            out[s]["mean"][k] = float(mean[i])
        if len(extra):
            evq = np.quantile(values, extra, axis=1)
            for i, s in enumerate(SERIES):
                extra_out[s][:, k] = evq[:, i]
        if with_std:
            sd = values.std(axis=1, ddof=1) if paths > 1 else np.zeros(ns)
            for i, s in enumerate(SERIES):
                std_out[s][k] = float(sd[i])
        for j, pk in enumerate(PROBABILITIES):
            probs[pk][k] = float(np.count_nonzero(ev[j])) / paths
        if bins is not None and k >= 1:   # shares are 0 at step 0
            sh[:, k] = variance_shares(share_log(values[SERIES_INDEX[shares]]), bins)
    result = {
        "scenario": sc.to_json(),
        "paths": int(paths),
        "seed": int(seed),
        "steps": T,
        "backend": "numpy-reference",
        "months": [sc.month_label(k) for k in range(T + 1)],
        "series": out,
    }
    result.update(probs)
    if bins is not None:
        result["variance_shares"] = {
            "series": shares,
            "shares": {key: [float(x) for x in sh[j]] for j, key in enumerate(draws.keys)},
            "unexplained": [float(x) for x in 1.0 - sh.sum(axis=0)],
        }
    if len(extra):
        for s in SERIES:
            for j, q in enumerate(extra):
                out[s][f"q{q:g}"] = [float(x) for x in extra_out[s][j]]
    if with_std:
        for s in SERIES:
            out[s]["std"] = std_out[s]
    return result


def with_values(sc: Scenario, **over) -> Scenario:
    """A copy of sc with some point values replaced (keys or spec symbols)."""
    out = copy.deepcopy(sc)
    for k, v in over.items():
        key = SYMBOL_TO_KEY.get(k, k)
        if key not in KEY_TO_PARAM:
            raise KeyError(k)
        out.values[key] = None if v is None else float(v)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="numpy reference implementation of docs/model.md")
    ap.add_argument("--scenario", help="scenario JSON file (default: the Base case)")
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--chunk", type=int, default=DEFAULT_CHUNK, help="paths per chunk (fixes the random stream)")
    ap.add_argument("--shares", metavar="SERIES", help="add the variance shares of this series")
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
    if a.shares is not None and a.shares not in SERIES_INDEX:
        print(f"error: --shares {a.shares}: unknown series (allowed: {', '.join(SERIES)})", file=sys.stderr)
        return 2
    res = simulate(sc, a.paths, a.seed, a.chunk, shares=a.shares)
    text = json.dumps(res, indent=1)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
