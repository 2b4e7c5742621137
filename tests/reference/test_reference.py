#!/usr/bin/python3
"""Self-tests of jevons_reference.py against docs/model.md (version 2). No engine needed.

    /usr/bin/python3 tests/reference/test_reference.py        (under a minute on 2 cores)

1. Closed forms: with every source of noise off all paths are equal; with ample power every
   output (the 10 of version 1 and the 5 new ones) matches values worked out by hand at several
   steps; with power binding the installation, backlog and order brake match a hand recursion.
2. Path-by-path: a plain scalar transliteration of the spec (one path at a time, Python floats,
   its own two-piece normal and copula), fed the very same random numbers, reproduces every
   series and event of every path at every step of a volatile, power-bound scenario with eight
   uncertain inputs (three correlated).
3. Distributions: E[exp(W_k)] = 1, breakthroughs ~ Poisson(lam t), the disruption probability
   against an exact Markov chain, shipments following r_{k-1}^(psi phi_{k-1}); the two-piece
   draw's p5/p50/p95 on both scales, the copula's rank correlations, clamping and rounding.
4. Variance shares: the estimator by hand, ~0 for an input that does not enter the output,
   ~1 for an input that drives everything, 0 at zero variance and at step 0.
5. Scenario files: defaults, every validation error of the spec and issue 14, version 1 files,
   export controls relative to the start, common random numbers, output layout, determinism.
"""

import json
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jevons_reference as ref  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
S = {s: i for i, s in enumerate(ref.SERIES)}   # series row by key


def scenario(**over):
    """Base case with some values replaced (keys or spec symbols)."""
    return ref.with_values(ref.base_scenario(), **over)


QUIET = dict(s_a=0, s_s=0, lam=0, p_d=0)           # no process noise
AMPLE = dict(E0=2000, m_E=3)                        # power never binds within 2 years


def collect(sc, paths, seed=1, chunk=ref.DEFAULT_CHUNK):
    """All per-path values: array (T+1, 15, paths) and events (T+1, 3, paths)."""
    vals, evs = [], []
    for _k, v, e, _m in ref.iterate_steps(sc, paths, seed, chunk, events=True):
        vals.append(v.copy())
        evs.append(e.copy())
    return np.array(vals), np.array(evs)


# ------------------------------------------------------------------------------------------
# A scalar transliteration of docs/model.md, written separately from jevons_reference.py
# ------------------------------------------------------------------------------------------
def scalar_path(p, draws, T):
    """One path with Python floats. p: parameter values by symbol (this path's draws included);
    draws[k-1] = (za, zs, u_nb, ud). Returns rows [15 series..., shortage, constrained, covers]."""
    dt = 1 / 12

    def x(kap):
        return 1 + p["chi"] * kap * (1 / p["rho"] - 1)
    X = x(p["kappa"]) / x(p["kappa0"])
    S0 = p["S0"] * 1e6
    G0 = p["G0"] * 1e6
    D0 = p["u0"] * S0
    Dtr0 = p["s_tr"] * D0
    Dinf0 = (1 - p["s_tr"]) * D0
    P0, c0, Q0, K0, L, w0, eps = p["P0"], p["c0"], p["Q0"], p["K0"], p["L"], p["w0"], p["eps"]
    M = int(p["M"])
    W, F, Sk, r, rem, C = 0.0, 1.0, S0, 1.0, 0, 0.0
    Wd, U, Ukw, B, CR = S0 * w0, 0.0, 0.0, S0 * K0, 0.0
    phi = 1.0
    R0 = Q0 * c0 / 1e6
    R = R0
    rows = [[D0, S0, p["u0"], p["u0"], P0, c0, Q0, R0, G0 * K0, 0.0, 0.0, S0 * w0 / 1e6,
             S0 * K0 / (12 * L), 730 * p["u0"] * S0 * P0, 0.0, False, False, False]]
    for k in range(1, T + 1):
        za, zs, unb, ud = draws[k - 1]
        # nb ~ Poisson(lam dt) by inversion of unb
        mu = p["lam"] * dt
        nb, pmf = 0, math.exp(-mu)
        cdf = pmf
        while unb >= cdf and nb < 400:
            nb += 1
            pmf *= mu / nb
            cdf += pmf
        t = k * dt
        W = W + p["s_a"] * math.sqrt(dt) * za - 0.5 * p["s_a"] ** 2 * dt
        F = F * p["m_e"] ** (-dt) * p["J"] ** (-nb)
        tau = p["m_r"] ** t
        Pc = P0 * p["m_h"] ** (-t)
        pi = (Pc / P0) * F
        q = p["m_a"] ** t * math.exp(W) * pi ** (-eps) * tau
        Dinf = X * Dinf0 * q * F
        Dtr = X * Dtr0 * p["m_t"] ** t
        D = Dinf + Dtr
        if rem > 0:
            disrupted = True
            rem -= 1
        elif ud < p["p_d"] * dt:
            disrupted = True
            rem = M - 1
        else:
            disrupted = False
        h = 2.0 ** (-U / (p["b"] * G0 * p["m_s"] ** t))
        ratio = (R / Sk) / (R0 / S0)
        v = 1.0 if p["gamma"] == 0 else ratio ** p["gamma"]
        G = G0 * p["m_s"] ** t * math.exp(p["s_s"] * math.sqrt(dt) * zs - 0.5 * p["s_s"] ** 2 * dt) \
            * r ** (p["psi"] * phi) * (1 - p["d_s"] * (1 if disrupted else 0)) * h * v
        E = p["E0"] * 1e6 * p["m_E"] ** t
        Wsv = Wd * (1 - 1 / (12 * L))
        w = w0 * p["m_w"] ** (-t)
        Gq = G + U
        Gq_kw = G * w + Ukw
        room = max(0.0, E - Wsv)
        phi = 1.0 if Gq_kw <= room else room / Gq_kw
        I = phi * Gq
        U = (1 - phi) * Gq
        Ukw = (1 - phi) * Gq_kw
        Wd = Wsv + phi * Gq_kw
        Sk = Sk * (1 - 1 / (12 * L)) + I
        if D <= Sk:
            r = 1.0
        else:
            rstar = ((Sk - Dtr) / Dinf) ** (-1 / eps) if Sk > Dtr else math.inf
            r = min(rstar, p["r_max"])
        Da = Dinf * r ** (-eps) + Dtr
        Sv = min(Da, Sk)
        f = Sv / Da
        P = Pc * r
        c = c0 * (P / P0) * F
        Qs = Q0 * q * r ** (-eps) * f
        R = Qs * c / 1e6
        K = G * K0 * p["m_h"] ** (-t)
        C = C + K
        Dep = B / (12 * L)
        B = B - Dep + K
        Rc = 730 * Sv * P
        CR = CR + R
        rows.append([D, Sk, Sv / Sk, D / Sk, P, c, Qs, R, K, C, U, Wd / 1e6, Dep, Rc, CR,
                     D > Sk, phi < 1, CR >= C])
    return rows


def step_draws(paths, seed, chunk, T):
    """The step draws of iterate_steps (module docstring of jevons_reference): per chunk c and
    stream s a PCG64 Generator from SeedSequence(seed, spawn_key=(0, c, s)), one value per path
    and step. Returns per path a list of (za, zs, u_nb, ud) per step."""
    per_path = [[] for _ in range(paths)]
    nch = (paths + chunk - 1) // chunk
    for c in range(nch):
        lo, hi = c * chunk, min(paths, (c + 1) * chunk)
        g = [np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(0, c, s))))
             for s in range(4)]
        for _k in range(T):
            za = g[0].standard_normal(hi - lo)
            zs = g[1].standard_normal(hi - lo)
            unb = g[2].random(hi - lo)
            ud = g[3].random(hi - lo)
            for i in range(hi - lo):
                per_path[lo + i].append((za[i], zs[i], unb[i], ud[i]))
    return per_path


def input_values(sc, paths, seed):
    """Each path's parameter values, the uncertain inputs drawn as docs/model.md says, computed
    here without jevons_reference's draw code: n_i from SeedSequence(seed, spawn_key=(1, i)),
    z = chol(R) n with R_ij = 2 sin(pi rho/6), two-piece normal, clamp, round halves up."""
    keys = [p[1] for p in ref.PARAMS if p[1] in sc.uncertainty]
    m = len(keys)
    Rm = np.eye(m)
    for a, b, rho in sc.correlation:
        i, j = keys.index(a), keys.index(b)
        Rm[i, j] = Rm[j, i] = 2 * math.sin(math.pi * rho / 6)
    Lc = np.linalg.cholesky(Rm)
    n = np.array([np.random.Generator(np.random.PCG64(np.random.SeedSequence(
        seed, spawn_key=(1, [p[1] for p in ref.PARAMS].index(k))))).standard_normal(paths) for k in keys])
    z = Lc @ n
    base = {p[2]: sc[p[1]] for p in ref.PARAMS}
    out = []
    for pth in range(paths):
        d = dict(base)
        for j, key in enumerate(keys):
            u = sc.uncertainty[key]
            v, zz = sc[key], z[j, pth]
            if u["scale"] == "log":
                h = math.log(v / u["p5"]) if zz < 0 else math.log(u["p95"] / v)
                xv = v * math.exp(h * zz / 1.6448536269514722)
            else:
                h = v - u["p5"] if zz < 0 else u["p95"] - v
                xv = v + h * zz / 1.6448536269514722
            _g, _k, sym, _d, lo, hi, integer = ref.KEY_TO_PARAM[key]
            xv = min(max(xv, lo), hi)
            if integer:
                xv = math.floor(xv + 0.5)
            d[sym] = xv
        out.append(d)
    return out, z


class ClosedForm(unittest.TestCase):
    def test_no_noise_ample_power_matches_hand_values(self):
        # u0 = 0.6 keeps demand below supply for two years; kappa = kappa0 so X = 1.
        sc = scenario(H=2, u0=0.6, **QUIET, **AMPLE)
        vals, ev = collect(sc, 500)
        self.assertTrue(np.all(vals == vals[:, :, :1]))       # every path identical
        # Hand values (docs/model.md, steps 1-16). D0 = 12e6; Dinf0 = 0.55 D0 = 6.6e6, Dtr0 = 5.4e6.
        # eps = 1: q = m_a^t tau / pi = (m_a m_r m_h)^t / F, Dinf = Dinf0 q F = 6.6e6 (1.3*1.3*1.35)^t.
        # No shortage (r = 1), ample power (phi = 1, U = 0, h = 1), gamma = 0 (v = 1), so
        # G_j = 1.2e6 1.8^(t_j), S_k = S_{k-1} (1 - 1/60) + G_k, Wd_k = Wd_{k-1} (1 - 1/60) + G_k w_k,
        # B_k = B_{k-1} (1 - 1/60) + K_k, Sv = D.
        surv = 1 - 1 / 60
        for k in (1, 7, 12, 24):
            t = k / 12
            D = 6.6e6 * (1.3 * 1.3 * 1.35) ** t + 5.4e6 * 2.0 ** t
            Sk, Wd, B, Dep = 20e6, 24e6, 20e6 * 35000, None
            C = CR = 0.0
            for j in range(1, k + 1):
                tj = j / 12
                G = 1.2e6 * 1.8 ** tj
                K = G * 35000 * 1.35 ** (-tj)
                Sk = Sk * surv + G
                Wd = Wd * surv + G * 1.2 * 1.2 ** (-tj)
                Dep = B / 60
                B = B - Dep + K
                C += K
                Dj = 6.6e6 * (1.3 * 1.3 * 1.35) ** tj + 5.4e6 * 2.0 ** tj
                # R_j = Qs c / 1e6 = Q0 q c0 (Pc/P0) F / 1e6 = 5e9 (m_a m_r m_h)^t_j m_h^-t_j
                CR += 5e15 * (1.3 * 1.3 * 1.35) ** tj * 1.0 * 1.35 ** (-tj) / 1e6
                self.assertLess(Dj, Sk)
            F = 2.0 ** (-t)
            Pc = 2.0 * 1.35 ** (-t)
            c = 1.0 * (Pc / 2.0) * F
            q = (1.3 * 1.3 * 1.35) ** t / F
            Qs = 5e15 * q
            K = 1.2e6 * 1.8 ** t * 35000 * 1.35 ** (-t)
            expect = [D, Sk, D / Sk, D / Sk, Pc, c, Qs, Qs * c / 1e6, K, C,
                      0.0, Wd / 1e6, Dep, 730 * D * Pc, CR]
            np.testing.assert_allclose(vals[k, :, 0], expect, rtol=1e-12, err_msg=f"step {k}")
            self.assertFalse(ev[k, 0].any() or ev[k, 1].any())
            self.assertEqual(bool(ev[k, 2, 0]), CR >= C)
        # step 1 in numbers: D_1 = 6.6e6 * 2.2815^(1/12) + 5.4e6 * 2^(1/12); depreciation
        # Dep_1 = B_0/60 = 20e6 * 35000 / 60; compute revenue 730 D_1 Pc_1.
        D1 = 6.6e6 * 2.2815 ** (1 / 12) + 5.4e6 * 2 ** (1 / 12)
        self.assertAlmostEqual(vals[1, S["demand_h100e"], 0], D1, delta=1e-3)
        self.assertAlmostEqual(vals[1, S["depreciation_usd_per_month"], 0], 7e11 / 60, delta=1e-2)
        self.assertAlmostEqual(vals[1, S["power_draw_gw"], 0],
                               (24e6 * surv + 1.2e6 * 1.8 ** (1 / 12) * 1.2 * 1.2 ** (-1 / 12)) / 1e6, delta=1e-9)

    def test_step0(self):
        sc = ref.base_scenario()
        v, e = collect(sc, 10)
        expect = [17e6, 20e6, 0.85, 0.85, 2.0, 1.0, 5e15, 5e9, 1.2e6 * 35000, 0.0,
                  0.0, 24.0, 20e6 * 35000 / 60, 730 * 0.85 * 20e6 * 2.0, 0.0]
        np.testing.assert_allclose(v[0, :, 3], expect, rtol=1e-15)
        np.testing.assert_allclose(ref.step0_values(sc), expect, rtol=1e-15)
        self.assertFalse(e[0].any())

    def test_power_binding_hand_recursion(self):
        # 25 GW, no growth: the start draws 24 GW, so the room is what retirements free (and the
        # slower fall of power per H100e). No noise, psi = 0 so the premium (a shortage comes at
        # step 9) does not move orders. The hand recursion of steps 9-10.
        sc = scenario(H=1, u0=0.6, E0=25, m_E=1.0, b=3, psi=0, **QUIET)
        vals, ev = collect(sc, 3)
        surv = 1 - 1 / 60
        Sk, Wd, U, Ukw = 20e6, 24e6, 0.0, 0.0
        for k in range(1, 13):
            t = k / 12
            trend = 1.2e6 * 1.8 ** t
            h = 2.0 ** (-U / (3 * trend))              # backlog brake on U_{k-1}
            G = trend * h
            Wsv = Wd * surv
            room = max(0.0, 25e6 - Wsv)
            Gq, Gqkw = G + U, G * 1.2 * 1.2 ** (-t) + Ukw
            phi = 1.0 if Gqkw <= room else room / Gqkw
            self.assertLess(phi, 1.0)                  # binding at every step
            U, Ukw = (1 - phi) * Gq, (1 - phi) * Gqkw
            Wd = Wsv + phi * Gqkw
            Sk = Sk * surv + phi * Gq
            got = vals[k, :, 0]
            np.testing.assert_allclose(got[S["capex_usd_per_month"]], G * 35000 * 1.35 ** (-t), rtol=1e-12)
            np.testing.assert_allclose(got[S["unpowered_h100e"]], U, rtol=1e-12)
            np.testing.assert_allclose(got[S["supply_h100e"]], Sk, rtol=1e-12)
            np.testing.assert_allclose(got[S["power_draw_gw"]], 25.0, rtol=1e-12)   # at the limit
            self.assertTrue(ev[k, 1].all())
        # step 1 by hand: room = 25e6 - 24e6*59/60 = 1.4e6 kW; G_1 = 1.2e6*1.8^(1/12) = 1260242 H100e
        # needing 1.2*1.2^(-1/12) = 1.18190 kW each, 1.48948e6 kW, so phi_1 = 0.939921 and
        # U_1 = (1 - phi_1) G_1 = 75714 H100e.
        G1 = 1.2e6 * 1.8 ** (1 / 12)
        phi1 = 1.4e6 / (G1 * 1.2 * 1.2 ** (-1 / 12))
        self.assertAlmostEqual(phi1, 0.939921, places=6)
        self.assertAlmostEqual(vals[1, S["unpowered_h100e"], 0], (1 - phi1) * G1, delta=1e-6)
        self.assertAlmostEqual(vals[1, S["unpowered_h100e"], 0], 75714, delta=1)

    def test_deterministic_shortage_clears_market(self):
        # Fast adoption, slow shipments: a shortage that the premium clears (r < r_max) and
        # later one it cannot (r = r_max, rationing f < 1). Utilization is exactly 1 then.
        sc = scenario(u0=1.0, m_a=4, m_s=0.5, psi=0, r_max=3, eps=0.8, **QUIET, **AMPLE)
        vals, ev = collect(sc, 3)
        got = vals[:, :, 0]
        P = got[:, S["gpu_hour_price_usd"]]
        rk = P / (2.0 * 1.35 ** (-np.arange(len(P)) / 12))
        short = ev[:, 0, 0]
        cleared = short & (rk < 3 - 1e-12)
        capped = short & (rk >= 3 - 1e-12)
        self.assertTrue(cleared.any() and capped.any())
        # cleared: Da = S up to rounding (Dinf r*^-eps + Dtr), so Sv/S = 1 within ulps; capped: Sv = S
        np.testing.assert_allclose(got[short, S["utilization"]], 1.0, rtol=1e-14)
        self.assertTrue(np.all(got[capped, S["utilization"]] == 1.0))
        self.assertTrue(np.all(got[~short, S["utilization"]] <= 1.0))

    def test_revenue_follow(self):
        # gamma > 0, no noise, ample power: G_k = trend * v_k with v_k = ((R_{k-1}/S_{k-1})/(R_0/S_0))^gamma.
        sc = scenario(H=1, u0=0.6, gamma=1.5, psi=0, **QUIET, **AMPLE)
        vals, _ = collect(sc, 2)
        R0S0 = 5e9 / 20e6
        for k in range(1, 13):
            t = k / 12
            v = ((vals[k - 1, S["ai_revenue_usd_per_month"], 0] / vals[k - 1, S["supply_h100e"], 0]) / R0S0) ** 1.5
            G = vals[k, S["capex_usd_per_month"], 0] / (35000 * 1.35 ** (-t))
            self.assertAlmostEqual(G / (1.2e6 * 1.8 ** t), v, places=12)
        self.assertLess(v, 0.98)   # revenue per installed H100e falls here: orders are cut


class PathByPath(unittest.TestCase):
    def test_scalar_transliteration_agrees(self):
        sc = ref.load_scenario(os.path.join(HERE, "high_volatility.json"))
        # c0 = 8: AI revenue starts near capex, so "revenue covers capex" happens on many paths
        sc = ref.with_values(sc, p_d=0.5, M=3, E0=26, m_E=1.3, gamma=0.4, psi=1.0, kappa=0.8, c0=8)
        sc.uncertainty = {
            "price_elasticity": {"p5": 0.8, "p95": 2.0, "scale": "log"},
            "breakthroughs_per_year": {"p5": 0.5, "p95": 3.0, "scale": "linear"},   # clamped above 3
            "disruption_months": {"p5": 1, "p95": 9, "scale": "linear"},           # rounded, clamped at 1
            "kw_per_h100e": {"p5": 0.9, "p95": 1.6, "scale": "log"},               # some starts above E0
            "installed_base_mh100e": {"p5": 15, "p95": 24, "scale": "linear"},
            "export_control_at_start": {"p5": 0.2, "p95": 0.9, "scale": "linear"},
            "revenue_response": {"p5": 0.0, "p95": 1.0, "scale": "linear"},        # gamma = 0 for many
            "gpu_life_years": {"p5": 3, "p95": 8, "scale": "log"},
        }
        sc.uncertainty["breakthroughs_per_year"]["p5"] = 0.5
        sc = ref.with_values(sc, lam=2.0)
        sc.correlation = [("price_elasticity", "breakthroughs_per_year", 0.5),
                          ("kw_per_h100e", "installed_base_mh100e", -0.4),
                          ("gpu_life_years", "price_elasticity", 0.2)]
        ref.validate(sc)
        paths, chunk, seed = 300, 128, 7   # several chunks, last one partial
        vals, ev = collect(sc, paths, seed=seed, chunk=chunk)
        T = sc.steps()
        draws = step_draws(paths, seed, chunk, T)
        params, _z = input_values(sc, paths, seed)
        rd = ref.draw_inputs(sc, paths, seed)
        for key in sc.uncertainty:
            np.testing.assert_allclose(rd.values[key], [pp[ref.KEY_TO_PARAM[key][2]] for pp in params],
                                       rtol=1e-13)
        counts = np.zeros(3)
        start_over = 0
        for p in range(paths):
            rows = scalar_path(params[p], draws[p], T)
            want = np.array([row[:15] for row in rows])
            np.testing.assert_allclose(vals[:, :, p], want, rtol=1e-9, atol=1e-300, err_msg=f"path {p}")
            wev = np.array([row[15:] for row in rows], dtype=bool)
            self.assertTrue(np.array_equal(ev[:, :, p], wev), f"events of path {p}")
            counts += wev.sum(axis=0)
            start_over += params[p]["S0"] * params[p]["w0"] > params[p]["E0"]
        self.assertTrue(np.all(counts > 500), counts)    # every event happens often
        self.assertGreater(start_over, 10)               # paths that start above their power
        Ms = {pp["M"] for pp in params}
        self.assertTrue(1 in Ms and all(m == int(m) for m in Ms))


class Distributions(unittest.TestCase):
    def test_exp_w_mean_one(self):
        # eps = 1: Dinf_k = Dinf0 (m_a m_r m_h)^t exp(W_k), independent of F and of supply.
        sc = scenario(s_a=0.8, eps=1.0, lam=1.0, J=3, s_s=0.5, p_d=0.3, H=2)
        v2 = 0.8 ** 2
        n = 200_000
        d = ref.derived_constants(sc)
        for k, v, _s in ref.iterate_steps(sc, n, seed=3):
            if k in (6, 24):
                t = k / 12
                Dtr = d["X"] * d["Dtr0"] * 2.0 ** t
                e = (v[0] - Dtr) / (d["X"] * d["Dinf0"] * (1.3 * 1.3 * 1.35) ** t)
                se = math.sqrt(math.exp(v2 * t) - 1) / math.sqrt(n)
                self.assertLess(abs(e.mean() - 1), 4 * se, f"E[exp(W_{k})] = {e.mean()}")
                lw = np.log(e)
                self.assertLess(abs(lw.mean() + 0.5 * v2 * t), 4 * math.sqrt(v2 * t / n))
                self.assertLess(abs(lw.var() / (v2 * t) - 1), 4 * math.sqrt(2 / n))

    def test_breakthroughs_poisson(self):
        # eps = 1 and no shortage: c_k = c0 m_h^-t F_k, F_k = m_e^-t J^-N_k, N_k ~ Poisson(lam t),
        # here drawn by inversion of one uniform per step.
        sc = scenario(lam=2.0, J=4.0, s_a=0, s_s=0, p_d=0, S0=200, u0=0.3, m_a=1, m_t=1, m_r=1,
                      m_s=1.5, H=3, eps=1.0, **AMPLE)
        n = 100_000
        for k, v, s in ref.iterate_steps(sc, n, seed=5):
            if k in (1, 36):
                self.assertFalse(s.any())
                t = k / 12
                F = v[5] / (1.0 * 1.35 ** (-t))
                N = np.round(-(np.log(F) + t * math.log(2)) / math.log(4)).astype(int)
                np.testing.assert_allclose(F, 2.0 ** (-t) * 4.0 ** (-N.astype(float)), rtol=1e-10)
                lam_t = 2.0 * t
                self.assertLess(abs(N.mean() - lam_t), 4 * math.sqrt(lam_t / n))
                self.assertLess(abs(N.var() - lam_t), 4 * math.sqrt((lam_t + 2 * lam_t ** 2) / n))
        u = np.random.default_rng(1).random(200_000)
        nb = ref.poisson_inverse(u, 0.25)
        for j in range(4):
            pj = math.exp(-0.25) * 0.25 ** j / math.factorial(j)
            self.assertLess(abs(np.mean(nb == j) - pj), 4 * math.sqrt(pj * (1 - pj) / len(u)) + 1e-6)
        self.assertTrue(np.all(ref.poisson_inverse(u, 0.0) == 0))

    def test_disruption_probability(self):
        # Exact P(disrupted at step k) from the rem Markov chain vs the share of paths whose
        # shipments (read from capex) are cut by d_s. psi = 0 and ample power: nothing else moves G.
        p_d, M = 0.5, 7
        sc = scenario(p_d=p_d, M=M, d_s=0.5, s_s=0, psi=0, H=3, **AMPLE)
        n = 100_000
        p = p_d / 12
        dist = np.zeros(M)  # dist[j] = P(rem = j)
        dist[0] = 1.0
        for k, v, _s in ref.iterate_steps(sc, n, seed=11):
            if k == 0:
                continue
            new = np.zeros(M)
            new[:-1] += dist[1:]            # ongoing: rem -= 1, disrupted
            p_ongoing = dist[1:].sum()
            new[M - 1] += dist[0] * p       # new disruption: rem = M - 1
            new[0] += dist[0] * (1 - p)     # not disrupted
            p_dis = p_ongoing + dist[0] * p
            dist = new
            t = k / 12
            G = v[S["capex_usd_per_month"]] / (35000 * 1.35 ** (-t))
            share = np.mean(G < 0.75 * 1.2e6 * 1.8 ** t)
            self.assertLess(abs(share - p_dis), 4 * math.sqrt(p_dis * (1 - p_dis) / n) + 1e-6,
                            f"step {k}: {share} vs {p_dis}")

    def test_shipments_follow_last_premium_times_phi(self):
        # s_s = 0, no disruption, b large: G_k = G0 m_s^t r_{k-1}^(psi phi_{k-1}) h_k, with
        # r_{k-1} = P_{k-1}/Pc_{k-1}; phi_{k-1} < 1 once power binds (power growth 1.1x).
        sc = scenario(s_s=0, p_d=0, psi=1.5, u0=1.0, m_a=3, s_a=0.6, m_E=1.1, b=60, H=3)
        vals, ev = collect(sc, 3000, seed=2)
        T = sc.steps()
        for k in range(1, T + 1):
            t = k / 12
            r_prev = vals[k - 1, S["gpu_hour_price_usd"]] / (2.0 * 1.35 ** (-(k - 1) / 12))
            U_prev = vals[k - 1, S["unpowered_h100e"]]
            # phi_{k-1} from the backlog: U_{k-1} = (1 - phi) Gq_{k-1}, Gq = G + U_{k-2}
            if k >= 2:
                Gq = vals[k - 1, S["capex_usd_per_month"]] / (35000 * 1.35 ** (-(k - 1) / 12)) \
                    + vals[k - 2, S["unpowered_h100e"]]
                phi_prev = 1.0 - U_prev / Gq
            else:
                phi_prev = 1.0
            h = 2.0 ** (-U_prev / (60 * 1.2e6 * 1.8 ** t))
            G = vals[k, S["capex_usd_per_month"]] / (35000 * 1.35 ** (-t))
            np.testing.assert_allclose(G, 1.2e6 * 1.8 ** t * r_prev ** (1.5 * phi_prev) * h, rtol=1e-9)
        self.assertGreater(ev[:, 1].sum(), 10000)      # power binds often
        self.assertGreater(ev[:, 0].sum(), 10000)      # and there are shortages


class UncertainInputs(unittest.TestCase):
    def test_two_piece_percentiles_both_scales(self):
        n = 200_000
        for key, u, value in (("price_elasticity", {"p5": 0.6, "p95": 2.4, "scale": "log"}, 1.0),
                              ("shipment_growth_x_per_year", {"p5": 1.7, "p95": 2.6, "scale": "linear"}, 1.8)):
            sc = scenario(**{key: value})
            sc.uncertainty = {key: u}
            x = ref.draw_inputs(sc, n, seed=4).values[key]
            # the empirical CDF at p5, value, p95 is 0.05, 0.5, 0.95 within 4 binomial se
            for level, at in ((0.05, u["p5"]), (0.5, value), (0.95, u["p95"])):
                se = math.sqrt(level * (1 - level) / n)
                self.assertLess(abs(np.mean(x <= at) - level), 4 * se, f"{key} at {at}")
            # exact quantiles of the transform: z = -1.6449, 0, 1.6449 map onto p5, value, p95
            zq = np.array([-ref.Z95, 0.0, ref.Z95])
            np.testing.assert_allclose(ref.two_piece(value, u["p5"], u["p95"], u["scale"], zq),
                                       [u["p5"], value, u["p95"]], rtol=1e-14)

    def test_copula_rank_correlation(self):
        # Spearman of the draws (before clamping: intervals far inside the slider ranges, and the
        # scores themselves) equals the given rho_s; pairs not given are uncorrelated.
        sc = scenario()
        sc.uncertainty = {"price_elasticity": {"p5": 0.7, "p95": 1.5, "scale": "log"},
                          "adoption_growth_x_per_year": {"p5": 1.1, "p95": 1.6, "scale": "linear"},
                          "algorithmic_x_per_year": {"p5": 1.5, "p95": 3.0, "scale": "log"},
                          "kw_per_h100e": {"p5": 1.0, "p95": 1.5, "scale": "linear"}}
        sc.correlation = [("price_elasticity", "adoption_growth_x_per_year", 0.6),
                          ("algorithmic_x_per_year", "price_elasticity", -0.4),
                          ("adoption_growth_x_per_year", "algorithmic_x_per_year", 0.1)]
        n = 200_000
        d = ref.draw_inputs(sc, n, seed=8)

        def spearman(a, b):
            ra = np.argsort(np.argsort(a)).astype(float)
            rb = np.argsort(np.argsort(b)).astype(float)
            return np.corrcoef(ra, rb)[0, 1]
        want = {("price_elasticity", "adoption_growth_x_per_year"): 0.6,
                ("algorithmic_x_per_year", "price_elasticity"): -0.4,
                ("adoption_growth_x_per_year", "algorithmic_x_per_year"): 0.1,
                ("kw_per_h100e", "price_elasticity"): 0.0}
        idx = {k: i for i, k in enumerate(d.keys)}
        for (a, b), rho in want.items():
            # se of Spearman's rho below 1/sqrt(n - 1)
            self.assertLess(abs(spearman(d.values[a], d.values[b]) - rho), 4 / math.sqrt(n), (a, b))
            self.assertLess(abs(spearman(d.z[idx[a]], d.z[idx[b]]) - rho), 4 / math.sqrt(n), (a, b))
        # marginals stay standard normal
        self.assertLess(abs(d.z.std(axis=1) - 1).max(), 0.01)

    def test_clamp_round_and_scores(self):
        sc = ref.load_scenario(os.path.join(HERE, "total_disruption.json"))
        n = 100_000
        d = ref.draw_inputs(sc, n, seed=2)
        M = d.values["disruption_months"]
        self.assertTrue(np.all(M == np.floor(M)) and M.min() >= 1 and M.max() <= 60)
        # p95 = 60 is the slider's top: 5 % of draws above it are clamped to 60 (and those in
        # [59.5, 60) round to 60): P(M = 60) >= 0.05, within sampling error
        self.assertGreater(np.mean(M == 60), 0.05 - 4 * math.sqrt(0.05 * 0.95 / n))
        s_s = d.values["supply_volatility"]
        self.assertLess(abs(np.mean(s_s == 0.0) - 0.05), 4 * math.sqrt(0.05 * 0.95 / n))  # p5 = slider min
        p_d = d.values["disruption_probability_per_year"]
        self.assertLess(abs(np.mean(p_d == 0.5) - 0.05), 4 * math.sqrt(0.05 * 0.95 / n))
        # a clamped draw keeps its score: the bins come from z, spread evenly
        i = d.keys.index("supply_volatility")
        bins = d.bins()[i]
        self.assertEqual(len(np.unique(bins[s_s == 0.0])), 2)   # z < -1.645: Phi < 0.05 = bins 0, 1
        counts = np.bincount(bins, minlength=32) / n
        self.assertLess(abs(counts - 1 / 32).max(), 4 * math.sqrt(1 / 32 / n))
        # halves up: 12.5 -> 13
        sc2 = scenario(M=12)
        sc2.uncertainty = {"disruption_months": {"p5": 11, "p95": 14}}
        z = np.array([ref.Z95 * 0.25])   # 12 + 2 * 0.25 = 12.5
        self.assertEqual(float(np.floor(np.clip(ref.two_piece(12, 11, 14, "linear", z), 1, 60) + 0.5)[0]), 13.0)

    def test_common_random_numbers(self):
        # The step draws do not depend on the intervals: K0 does not enter demand, so demand is
        # identical path by path with and without an interval on K0; at eps = 1 demand does not
        # depend on F, so an interval on lam leaves demand identical too (nb by inversion).
        base = scenario(eps=1.0, lam=1.0, H=1)
        a, _ = collect(base, 1000, seed=3)
        for key, u in (("capex_usd_per_h100e", {"p5": 20000, "p95": 60000, "scale": "log"}),
                       ("breakthroughs_per_year", {"p5": 0.2, "p95": 3.0, "scale": "linear"})):
            sc = ref.with_values(base)
            sc.uncertainty = {key: u}
            b, _ = collect(sc, 1000, seed=3)
            np.testing.assert_array_equal(a[:, S["demand_h100e"]], b[:, S["demand_h100e"]])
            moved = "capex_usd_per_month" if key == "capex_usd_per_h100e" else "token_price_usd_per_mtok"
            self.assertFalse(np.array_equal(a[:, S[moved]], b[:, S[moved]]))
        # two intervals: the first input's draws do not change when a second is added
        sc1 = ref.with_values(base)
        sc1.uncertainty = {"price_elasticity": {"p5": 0.6, "p95": 1.6, "scale": "log"}}
        sc2 = ref.with_values(sc1)
        sc2.uncertainty = dict(sc1.uncertainty, gpu_life_years={"p5": 3, "p95": 8, "scale": "linear"})
        np.testing.assert_array_equal(ref.draw_inputs(sc1, 500, 9).values["price_elasticity"],
                                      ref.draw_inputs(sc2, 500, 9).values["price_elasticity"])

    def test_per_path_step0(self):
        sc = scenario()
        sc.uncertainty = {"utilization": {"p5": 0.6, "p95": 0.95},
                          "installed_base_mh100e": {"p5": 15, "p95": 30}}
        v, _ = collect(sc, 2000, seed=1)
        d = ref.draw_inputs(sc, 2000, 1)
        u0, S0 = d.values["utilization"], d.values["installed_base_mh100e"] * 1e6
        np.testing.assert_allclose(v[0, S["demand_h100e"]], u0 * S0, rtol=1e-15)
        np.testing.assert_allclose(v[0, S["utilization"]], u0, rtol=1e-15)
        np.testing.assert_allclose(v[0, S["power_draw_gw"]], S0 * 1.2 / 1e6, rtol=1e-15)
        np.testing.assert_allclose(v[0, S["compute_revenue_usd_per_month"]], 730 * u0 * S0 * 2.0, rtol=1e-15)
        # power_gw's default is from the point values (30 GW), not per path: paths with S0 > 25 M
        # start above their power; those whose surviving base still draws more than E_1 install
        # nothing at step 1 (room = 0, phi = 0) and are power-constrained.
        self.assertGreater(np.sum(S0 * 1.2 > 30e6), 30)
        over = S0 * 1.2 * (1 - 1 / 60) > 30e6 * 1.5 ** (1 / 12)
        self.assertGreater(over.sum(), 20)
        self.assertTrue(np.all(v[1, S["unpowered_h100e"], over] > 0))
        np.testing.assert_allclose(v[1, S["supply_h100e"], over], S0[over] * (1 - 1 / 60), rtol=1e-14)


class VarianceShares(unittest.TestCase):
    def test_estimator_by_hand(self):
        rng = np.random.default_rng(0)
        N, B = 500, 32
        bins = rng.integers(0, B, size=(2, N))
        y = 0.3 * bins[0] + rng.standard_normal(N)
        got = ref.variance_shares(y, bins)
        for j in range(2):
            mean = y.mean()
            ssb = sum(np.sum(bins[j] == b) * (y[bins[j] == b].mean() - mean) ** 2
                      for b in range(B) if np.any(bins[j] == b))
            eta2 = ssb / np.sum((y - mean) ** 2)
            c = (B - 1) / (N - 1)
            self.assertAlmostEqual(got[j], max(0.0, (eta2 - c) / (1 - c)), places=12)
        self.assertGreater(got[0], 0.3)
        self.assertEqual(got[1], 0.0) if got[1] == 0 else self.assertLess(got[1], 0.1)
        # zero variance: 0
        np.testing.assert_array_equal(ref.variance_shares(np.full(N, 3.0), bins), [0.0, 0.0])
        # bins from Phi(z): floor(32 Phi(z)), capped at 31
        z = np.array([-10.0, -1e-12, 0.0, 1.0, 40.0])
        np.testing.assert_array_equal(ref.InputDraws(["a"], z[None, :], {}).bins()[0], [0, 15, 16, 26, 31])

    def test_zero_and_one(self):
        # Demand does not depend on K0 (capex per H100e): its share in demand_h100e is ~0, while
        # eps carries a real share. With every noise off and only eps uncertain, eps drives
        # demand alone: its share is ~1 (less the variance inside its 32 bins).
        n = 50_000
        sc = scenario(**AMPLE)
        sc.uncertainty = {"capex_usd_per_h100e": {"p5": 20000, "p95": 60000, "scale": "log"},
                          "price_elasticity": {"p5": 0.6, "p95": 1.6, "scale": "log"}}
        r = ref.simulate(sc, n, seed=5, shares="demand_h100e")
        vs = r["variance_shares"]
        self.assertEqual(vs["series"], "demand_h100e")
        self.assertEqual(list(vs["shares"]), ["capex_usd_per_h100e", "price_elasticity"])   # table order
        k0 = np.array(vs["shares"]["capex_usd_per_h100e"])
        eps = np.array(vs["shares"]["price_elasticity"])
        self.assertEqual(k0[0], 0.0)
        self.assertEqual(eps[0], 0.0)
        # null: sd of the corrected eta2 is about sqrt(2*31)/N = 1.6e-4
        self.assertLess(k0.max(), 10 * math.sqrt(62) / n)
        self.assertGreater(eps[12:].min(), 0.2)
        np.testing.assert_allclose(vs["unexplained"], 1 - k0 - eps, rtol=0, atol=1e-15)
        # capex per month does depend on K0: there its share is large
        r2 = ref.simulate(sc, n, seed=5, shares="capex_usd_per_month")
        self.assertGreater(min(r2["variance_shares"]["shares"]["capex_usd_per_h100e"][1:13]), 0.5)
        one = scenario(**QUIET, **AMPLE)
        one.uncertainty = {"price_elasticity": {"p5": 0.6, "p95": 1.6, "scale": "log"}}
        r3 = ref.simulate(one, n, seed=5, shares="demand_h100e")
        sh = np.array(r3["variance_shares"]["shares"]["price_elasticity"])
        self.assertGreater(sh[6:].min(), 0.97)
        self.assertLessEqual(sh.max(), 1.0)
        # no uncertain inputs: no variance_shares
        self.assertNotIn("variance_shares", ref.simulate(scenario(H=1), 100, shares="demand_h100e"))


def doc(**top):
    return json.dumps(top)


class Files(unittest.TestCase):
    def test_defaults(self):
        sc = ref.parse_scenario("{}")
        self.assertEqual(sc.values, ref.base_scenario().values)
        self.assertEqual(sc.steps(), 60)
        self.assertEqual(sc["m_a"], 1.3)
        self.assertEqual(sc["E0"], 30.0)
        self.assertEqual(sc["gamma"], 0.0)
        self.assertEqual(sc["kappa0"], 0.5)
        sc = ref.parse_scenario('{"horizon_years": 1.125, "demand": {"price_elasticity": 1.4}}')
        self.assertEqual(sc.steps(), 14)   # 13.5 rounds half up
        # power_gw's default follows the file's S0 and w0
        sc = ref.parse_scenario('{"initial": {"installed_base_mh100e": 100}, "power": {"kw_per_h100e": 2}}')
        self.assertEqual(sc["E0"], 250.0)
        self.assertEqual(sc.to_json()["power"]["power_gw"], 250.0)

    def test_validation_errors_name_the_key(self):
        good = {"p5": 0.6, "p95": 1.6}
        cases = [
            # (document, regex the message must match)
            ({"demand": {"price_elasticity": 3.5}}, r"demand\.price_elasticity.*\[0\.1, 3\]"),
            ({"demand": {"nope": 1}}, r"demand\.nope"),
            ({"supply": {"price_elasticity": 1}}, r"supply\.price_elasticity"),
            ({"supply": {"disruption_months": 2.5}}, r"disruption_months.*whole"),
            ({"power": {"power_gw": 0.5}}, r"power\.power_gw.*\[1, 2000\]"),
            ({"power": {"backlog_halving_months": 61}}, r"backlog_halving_months"),
            ({"market": {"export_control_at_start": 1.5}}, r"export_control_at_start"),
            ({"supply": {"revenue_response": -0.1}}, r"revenue_response"),
            ({"foo": 1}, r"foo"),
            ({"start": "2026-13"}, r"start"),
            ({"market": 3}, r"market"),
            # start draws more power than it has: both figures named
            ({"power": {"power_gw": 20}}, r"installed_base_mh100e x kw_per_h100e = 24 GW > power\.power_gw = 20"),
            # power_gw's default below the slider range
            ({"initial": {"installed_base_mh100e": 1}, "power": {"kw_per_h100e": 0.5}}, r"power\.power_gw.*default"),
            # uncertainty
            ({"uncertainty": {"nope": good}}, r"uncertainty\.nope: unknown input"),
            ({"uncertainty": {"horizon_years": {"p5": 2, "p95": 6}}}, r"uncertainty\.horizon_years"),
            ({"uncertainty": {"price_elasticity": {"p5": 1.6, "p95": 0.6}}}, r"uncertainty\.price_elasticity.*p5.*below"),
            ({"uncertainty": {"price_elasticity": {"p5": 1.0, "p95": 1.0}}}, r"uncertainty\.price_elasticity.*p5.*below"),
            ({"uncertainty": {"price_elasticity": {"p5": 1.2, "p95": 1.6}}}, r"uncertainty\.price_elasticity.*point value"),
            ({"uncertainty": {"price_elasticity": {"p5": 0.6, "p95": 3.5}}}, r"uncertainty\.price_elasticity\.p95.*slider range \[0\.1, 3\]"),
            ({"uncertainty": {"price_elasticity": {"p5": 0.05, "p95": 1.5}}}, r"uncertainty\.price_elasticity\.p5.*slider"),
            ({"uncertainty": {"training_share": {"p5": 0.0, "p95": 0.8, "scale": "log"}}}, r"uncertainty\.training_share.*log.*> 0"),
            ({"uncertainty": {"price_elasticity": {"p5": 0.6, "p95": 1.6, "median": 1}}}, r"uncertainty\.price_elasticity\.median: unknown field"),
            ({"uncertainty": {"price_elasticity": {"p5": 0.6, "p95": 1.6, "scale": "logit"}}}, r"uncertainty\.price_elasticity\.scale.*unknown scale"),
            ({"uncertainty": {"price_elasticity": {"p95": 1.6}}}, r"uncertainty\.price_elasticity\.p5.*missing"),
            ({"uncertainty": {"price_elasticity": {"p5": "a", "p95": 1.6}}}, r"uncertainty\.price_elasticity\.p5.*number"),
            ({"uncertainty": {"price_elasticity": 1.0}}, r"uncertainty\.price_elasticity"),
            ({"uncertainty": [1]}, r"uncertainty"),
            # correlation
            ({"uncertainty": {"price_elasticity": good},
              "correlation": [{"between": ["price_elasticity", "adoption_growth_x_per_year"], "rank": 0.3}]},
             r"correlation\[0\]\.between.*adoption_growth_x_per_year.*not in uncertainty"),
            ({"uncertainty": {"price_elasticity": good},
              "correlation": [{"between": ["price_elasticity", "price_elasticity"], "rank": 0.3}]},
             r"correlation\[0\].*price_elasticity.*itself"),
            ({"uncertainty": {"price_elasticity": good, "adoption_growth_x_per_year": {"p5": 1.1, "p95": 1.6}},
              "correlation": [{"between": ["price_elasticity", "adoption_growth_x_per_year"], "rank": 0.3},
                              {"between": ["adoption_growth_x_per_year", "price_elasticity"], "rank": 0.2}]},
             r"correlation\[1\].*adoption_growth_x_per_year.*twice"),
            ({"uncertainty": {"price_elasticity": good, "adoption_growth_x_per_year": {"p5": 1.1, "p95": 1.6}},
              "correlation": [{"between": ["price_elasticity", "adoption_growth_x_per_year"], "rank": 1.0}]},
             r"correlation\[0\]\.rank = 1 .*outside \(-1, 1\)"),
            ({"uncertainty": {"price_elasticity": good, "adoption_growth_x_per_year": {"p5": 1.1, "p95": 1.6}},
              "correlation": [{"between": ["price_elasticity", "adoption_growth_x_per_year"], "rank": -1.5}]},
             r"correlation\[0\]\.rank"),
            ({"uncertainty": {"price_elasticity": good, "adoption_growth_x_per_year": {"p5": 1.1, "p95": 1.6}},
              "correlation": [{"between": ["price_elasticity", "adoption_growth_x_per_year"], "rank": 0.3, "x": 1}]},
             r"correlation\[0\]\.x: unknown field"),
            ({"uncertainty": {"price_elasticity": good},
              "correlation": [{"between": ["price_elasticity"], "rank": 0.3}]}, r"correlation\[0\]\.between"),
            ({"correlation": {"between": []}}, r"correlation"),
        ]
        for d, pattern in cases:
            with self.assertRaisesRegex(ref.ScenarioError, pattern, msg=json.dumps(d)):
                ref.parse_scenario(json.dumps(d))
        with self.assertRaises(ref.ScenarioError):
            ref.parse_scenario('{"horizon_years": 1, "horizon_years": 2}')

    def test_not_positive_definite_names_inputs(self):
        u = {"price_elasticity": {"p5": 0.6, "p95": 1.6},
             "adoption_growth_x_per_year": {"p5": 1.1, "p95": 1.6},
             "algorithmic_x_per_year": {"p5": 1.5, "p95": 3.0},
             "hardware_x_per_year": {"p5": 1.2, "p95": 1.5},
             "gpu_life_years": {"p5": 3, "p95": 8}}
        corr = [{"between": ["price_elasticity", "adoption_growth_x_per_year"], "rank": 0.9},
                {"between": ["adoption_growth_x_per_year", "algorithmic_x_per_year"], "rank": 0.9},
                {"between": ["price_elasticity", "algorithmic_x_per_year"], "rank": -0.9},
                {"between": ["hardware_x_per_year", "gpu_life_years"], "rank": 0.5}]
        with self.assertRaises(ref.ScenarioError) as cm:
            ref.parse_scenario(json.dumps({"uncertainty": u, "correlation": corr}))
        msg = str(cm.exception)
        for k in ("price_elasticity", "adoption_growth_x_per_year", "algorithmic_x_per_year"):
            self.assertIn(k, msg)
        self.assertNotIn("gpu_life_years", msg)         # its own block is fine
        self.assertIn("positive definite", msg)
        # each pair alone is fine, and so is the consistent triple
        corr[2]["rank"] = 0.8
        ref.parse_scenario(json.dumps({"uncertainty": u, "correlation": corr}))

    def test_fixture_files(self):
        sc = ref.load_scenario(os.path.join(HERE, "base_case.json"))
        self.assertEqual(sc.resolved(), ref.base_scenario().resolved())
        d = json.load(open(os.path.join(HERE, "base_case.json"), encoding="utf-8"))
        n_keys = 2 + sum(len(d[g]) for g in ref.GROUPS) + 1
        self.assertEqual(n_keys, 2 + len(ref.PARAMS))  # every key written out
        self.assertEqual(ref.parse_scenario(json.dumps(ref.base_scenario().to_json())).resolved(), sc.resolved())
        sc = ref.load_scenario(os.path.join(HERE, "high_volatility.json"))
        for k, v in dict(s_a=0.9, s_s=0.6, lam=2, J=4, p_d=0.4, d_s=0.8, M=18, eps=1.4, H=5).items():
            self.assertEqual(sc[k], v)
        up = ref.load_scenario(os.path.join(HERE, "uncertain_power.json"))
        self.assertGreaterEqual(len(up.uncertainty), 6)
        self.assertEqual({u["scale"] for u in up.uncertainty.values()}, {"linear", "log"})
        self.assertGreaterEqual(len(up.correlation), 2)
        self.assertLess(up["E0"] / (up["S0"] * up["w0"]), 1.15)     # little headroom
        self.assertLess(up["m_E"], up["m_s"])                        # power grows slower than shipments
        td = ref.load_scenario(os.path.join(HERE, "total_disruption.json"))
        self.assertEqual(td["d_s"], 1.0)
        self.assertIn("disruption_months", td.uncertainty)
        self.assertEqual(td.uncertainty["disruption_months"]["p95"], 60)   # the slider's top
        # the echo reloads to the same scenario
        for s in (up, td):
            again = ref.parse_scenario(json.dumps(s.to_json()))
            self.assertEqual(again.resolved(), s.resolved())
            self.assertEqual(again.uncertainty, s.uncertainty)
            self.assertEqual(again.correlation, s.correlation)

    def test_version1_files_load(self):
        v1 = {"name": "v1 base", "start": "2026-04", "horizon_years": 5,
              "initial": {"installed_base_mh100e": 20, "shipments_mh100e_per_month": 1.2},
              "demand": {"adoption_growth_x_per_year": 1.5},
              "market": {"max_scarcity_premium": 4, "export_control": 0.5,
                         "restricted_demand_share": 0.2, "restricted_chip_efficiency": 0.6}}
        sc = ref.parse_scenario(json.dumps(v1))
        self.assertEqual(sc["m_a"], 1.5)
        self.assertEqual(sc["E0"], 30.0)
        self.assertEqual(sc["kappa0"], 0.5)
        # a version 1 file with more than 25 M H100e installed loads: 25 % headroom over its draw
        v1["initial"]["installed_base_mh100e"] = 100
        sc = ref.parse_scenario(json.dumps(v1))
        self.assertAlmostEqual(sc["E0"], 150.0)
        r = ref.simulate(sc, 200, seed=1)
        self.assertEqual(r["steps"], 60)

    def test_export_controls_matter(self):
        # X = x(kappa)/x(kappa0): tightening from 0.5 to 0.9 multiplies demand (H100e) by
        # (1 + 0.2*0.9*(1/0.6-1)) / (1 + 0.2*0.5*(1/0.6-1)) = 1.12/1.0667 = 1.05 on every path
        # from step 1 on (demand does not depend on supply); step 0 is the observed D0.
        base, _ = collect(scenario(H=1), 2000, seed=6)
        tight, _ = collect(scenario(H=1, kappa=0.9), 2000, seed=6)
        X = (1 + 0.2 * 0.9 * (1 / 0.6 - 1)) / (1 + 0.2 * 0.5 * (1 / 0.6 - 1))
        np.testing.assert_allclose(tight[1:, S["demand_h100e"]], X * base[1:, S["demand_h100e"]], rtol=1e-12)
        self.assertEqual(tight[0, S["demand_h100e"], 0], 17e6)
        self.assertGreater(X, 1.04)
        # kappa = kappa0 at any level leaves everything as in the Base case
        same, _ = collect(scenario(H=1, kappa=0.9, kappa0=0.9), 2000, seed=6)
        np.testing.assert_allclose(same, base, rtol=1e-14)

    def test_output_layout_and_determinism(self):
        sc = ref.load_scenario(os.path.join(HERE, "uncertain_power.json"))
        sc.values["horizon_years"] = 1.0
        a = ref.simulate(sc, 3000, seed=9, shares="power_draw_gw")
        b = ref.simulate(sc, 3000, seed=9, shares="power_draw_gw")
        c = ref.simulate(sc, 3000, seed=10, shares="power_draw_gw")
        self.assertEqual(a, b)
        self.assertNotEqual(a["series"], c["series"])
        self.assertEqual(a["steps"], 12)
        self.assertEqual(len(a["months"]), 13)
        self.assertEqual(a["months"][0], "2026-04")
        self.assertEqual(a["months"][12], "2027-04")
        self.assertEqual(list(a["series"]), ref.SERIES)
        self.assertEqual(len(ref.SERIES), 15)
        for s in ref.SERIES:
            self.assertEqual(list(a["series"][s]), ref.STATS)
            for st in ref.STATS:
                self.assertEqual(len(a["series"][s][st]), 13)
        for pk in ref.PROBABILITIES:
            self.assertEqual(len(a[pk]), 13)
            self.assertEqual(a[pk][0], 0.0)
        self.assertEqual(a["variance_shares"]["series"], "power_draw_gw")
        self.assertEqual(list(a["variance_shares"]["shares"]), sc.uncertain_keys())
        for v in a["variance_shares"]["shares"].values():
            self.assertEqual(len(v), 13)
            self.assertEqual(v[0], 0.0)
        self.assertIn("uncertainty", a["scenario"])
        # percentiles are np.percentile of all paths; probabilities the shares of paths
        vals, ev = collect(sc, 3000, seed=9)
        for i, s in enumerate(ref.SERIES):
            np.testing.assert_array_equal(a["series"][s]["p25"], np.percentile(vals[:, i], 25, axis=1))
            np.testing.assert_allclose(a["series"][s]["mean"], vals[:, i].mean(axis=1), rtol=1e-14)
        for j, pk in enumerate(ref.PROBABILITIES):
            np.testing.assert_array_equal(a[pk], ev[:, j].mean(axis=1))
        # the events from the outputs: D > S, U > 0 (phi < 1 leaves a backlog), CR >= C for k >= 1
        np.testing.assert_array_equal(ev[:, 0], vals[:, S["demand_h100e"]] > vals[:, S["supply_h100e"]])
        np.testing.assert_array_equal(ev[1:, 1], vals[1:, S["unpowered_h100e"]] > 0)
        np.testing.assert_array_equal(ev[1:, 2], vals[1:, S["cumulative_ai_revenue_usd"]]
                                      >= vals[1:, S["cumulative_capex_usd"]])
        self.assertTrue(0 < np.mean(ev[1:, 1]) < 1 and 0 < np.mean(ev[1:, 2]) < 1)
        self.assertTrue(all(np.all(np.diff([a["series"][s][st][k] for st in ref.STATS[:-1]]) >= 0)
                            for s in ref.SERIES for k in range(13)))

    def test_cli(self):
        import subprocess
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "o.json")
            p = subprocess.run([sys.executable, os.path.join(HERE, "jevons_reference.py"), "--scenario",
                                os.path.join(HERE, "total_disruption.json"), "--paths", "500", "--seed", "3",
                                "--shares", "capex_usd_per_month", "--out", out], capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            r = json.load(open(out))
            self.assertEqual(r["variance_shares"]["series"], "capex_usd_per_month")
            p = subprocess.run([sys.executable, os.path.join(HERE, "jevons_reference.py"), "--paths", "10",
                                "--shares", "nope"], capture_output=True, text=True)
            self.assertEqual(p.returncode, 2)
            bad = os.path.join(tmp, "bad.json")
            with open(bad, "w") as f:
                f.write('{"uncertainty": {"horizon_years": {"p5": 2, "p95": 6}}}')
            p = subprocess.run([sys.executable, os.path.join(HERE, "jevons_reference.py"), "--scenario", bad],
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 2)
            self.assertIn("uncertainty.horizon_years", p.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
