#!/usr/bin/python3
"""Self-tests of jevons_reference.py against docs/model.md. No engine needed.

    /usr/bin/python3 tests/reference/test_reference.py        (about 30 s on 2 cores)

1. Closed forms: with every source of noise off (s_a = s_s = lam = p_d = 0) all paths are
   equal, and steps 1 and 12 match values worked out by hand from the spec's equations.
2. Path-by-path: a plain scalar transliteration of the spec (one path at a time, Python
   floats), fed the very same draws, reproduces every series of every path at every step
   of a volatile scenario with shortages, disruptions and breakthroughs.
3. Distributions: E[exp(W_k)] = 1, log W moments, breakthroughs ~ Poisson(lam t),
   the disruption probability against an exact Markov-chain recursion, market clearing.
4. Scenario files: defaults, unknown keys, ranges, integers; output layout; determinism.
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


def scenario(**over):
    """Base case with some values replaced (keys or spec symbols)."""
    sc = ref.base_scenario()
    for k, v in over.items():
        sc.values[ref.SYMBOL_TO_KEY.get(k, k)] = float(v)
    return sc


def collect(sc, paths, seed=1, chunk=ref.DEFAULT_CHUNK):
    """All per-path values: array (T+1, 10, paths) and shortage (T+1, paths)."""
    vals, shorts = [], []
    for _k, v, s in ref.iterate_steps(sc, paths, seed, chunk):
        vals.append(v.copy())
        shorts.append(s.copy())
    return np.array(vals), np.array(shorts)


def scalar_path(sc, draws):
    """One path, straight from the spec text with Python floats. draws[k-1] = (za, zs, nb, ud)."""
    H = sc["H"]
    T = int(math.floor(12 * H + 0.5))
    dt = 1 / 12
    X = 1 + sc["chi"] * sc["kappa"] * (1 / sc["rho"] - 1)
    S0 = sc["S0"] * 1e6
    G0 = sc["G0"] * 1e6
    D0 = sc["u0"] * S0
    Dtr0 = sc["s_tr"] * D0 / X
    Dinf0 = (1 - sc["s_tr"]) * D0 / X
    P0, c0, Q0, K0 = sc["P0"], sc["c0"], sc["Q0"], sc["K0"]
    eps = sc["eps"]
    W, F, S, r, rem, C = 0.0, 1.0, S0, 1.0, 0, 0.0
    rows = [[D0, S0, sc["u0"], sc["u0"], P0, c0, Q0, Q0 * c0 / 1e6, G0 * K0, 0.0, False]]
    for k in range(1, T + 1):
        za, zs, nb, ud = draws[k - 1]
        t = k * dt
        W = W + sc["s_a"] * math.sqrt(dt) * za - 0.5 * sc["s_a"] ** 2 * dt
        F = F * sc["m_e"] ** (-dt) * sc["J"] ** (-nb)
        tau = sc["m_r"] ** t
        Pc = P0 * sc["m_h"] ** (-t)
        pi = (Pc / P0) * F * tau
        q = sc["m_a"] ** t * math.exp(W) * pi ** (-eps) * tau
        Dinf = X * Dinf0 * q * F
        Dtr = X * Dtr0 * sc["m_t"] ** t
        D = Dinf + Dtr
        if rem > 0:
            disrupted = True
            rem -= 1
        elif ud < sc["p_d"] * dt:
            disrupted = True
            rem = int(sc["M"]) - 1
        else:
            disrupted = False
        G = G0 * sc["m_s"] ** t * math.exp(sc["s_s"] * math.sqrt(dt) * zs - 0.5 * sc["s_s"] ** 2 * dt) \
            * r ** sc["psi"] * (1 - sc["d_s"] * (1 if disrupted else 0))
        S = S * (1 - 1 / (12 * sc["L"])) + G
        if D <= S:
            r = 1.0
        else:
            rstar = ((S - Dtr) / Dinf) ** (-1 / eps) if S > Dtr else math.inf
            r = min(rstar, sc["r_max"])
        Da = Dinf * r ** (-eps) + Dtr
        Sv = min(Da, S)
        f = Sv / Da
        P = Pc * r
        c = c0 * (P / P0) * F
        Qs = Q0 * q * r ** (-eps) * f
        R = Qs * c / 1e6
        K = G * K0 * sc["m_h"] ** (-t)
        C = C + K
        rows.append([D, S, Sv / S, D / S, P, c, Qs, R, K, C, D > S])
    return rows


class ClosedForm(unittest.TestCase):
    def test_no_noise_matches_hand_values(self):
        sc = scenario(s_a=0, s_s=0, lam=0, p_d=0)
        vals, short = collect(sc, 1000)
        # every path identical
        self.assertTrue(np.all(vals == vals[:, :, :1]))
        # Hand values. X = 1 + 0.2*0.5*(1/0.6 - 1) = 16/15; X*Dinf0 = 0.55*17e6 = 9.35e6,
        # X*Dtr0 = 0.45*17e6 = 7.65e6. With eps = 1 the algorithmic and reasoning factors
        # cancel: Dinf_k = 9.35e6 * (m_a*m_h/m_e)^t = 9.35e6 * 1.0125^t ... see below.
        # q_k = m_a^t * pi^-1 * tau = m_a^t * m_h^t * F^-1, Dinf = X Dinf0 q F = 9.35e6 (1.5*1.35)^t.
        for k in (1, 12):
            t = k / 12
            D = 9.35e6 * (1.5 * 1.35) ** t + 7.65e6 * 2.0 ** t
            # S_k = S_{k-1}*(1 - 1/60) + 1.2e6 * 1.8^t_j  (r = 1 throughout: no shortage here)
            S = 20e6
            for j in range(1, k + 1):
                S = S * (1 - 1 / 60) + 1.2e6 * 1.8 ** (j / 12)
            self.assertLess(D, S)
            F = 2.0 ** (-t)
            Pc = 2.0 * 1.35 ** (-t)
            c = 1.0 * (Pc / 2.0) * F
            q = (1.5 * 1.35) ** t / F
            Qs = 5e15 * q
            K = 1.2e6 * 1.8 ** t * 35000 * 1.35 ** (-t)
            C = sum(1.2e6 * 1.8 ** (j / 12) * 35000 * 1.35 ** (-j / 12) for j in range(1, k + 1))
            expect = [D, S, D / S, D / S, Pc, c, Qs, Qs * c / 1e6, K, C]
            np.testing.assert_allclose(vals[k, :, 0], expect, rtol=1e-12)
            self.assertFalse(short[k].any())
        # step 1 in numbers (docs/model.md by hand): D_1 = 9.35e6*2.025^(1/12) + 7.65e6*2^(1/12)
        self.assertAlmostEqual(vals[1, 0, 0], 18021132.683, delta=0.01)
        self.assertAlmostEqual(vals[1, 1, 0], 20926908.683, delta=0.01)

    def test_step0(self):
        sc = ref.base_scenario()
        v, s = collect(sc, 10)
        expect = [17e6, 20e6, 0.85, 0.85, 2.0, 1.0, 5e15, 5e9, 1.2e6 * 35000, 0.0]
        np.testing.assert_allclose(v[0, :, 3], expect, rtol=1e-15)
        self.assertFalse(s[0].any())

    def test_deterministic_shortage_clears_market(self):
        # Fast adoption, slow shipments: a shortage that the premium clears (r < r_max) and
        # later one it cannot (r = r_max, rationing f < 1).
        sc = scenario(s_a=0, s_s=0, lam=0, p_d=0, u0=1.0, m_a=4, m_s=0.5, psi=0, r_max=3, eps=0.8)
        rows = scalar_path(sc, [(0.0, 0.0, 0, 0.9)] * sc.steps())
        vals, short = collect(sc, 3)
        got = vals[:, :, 0]
        want = np.array([row[:10] for row in rows])
        np.testing.assert_allclose(got, want, rtol=1e-12)
        P = got[:, 4]
        Pc = 2.0 * 1.35 ** (-np.arange(len(P)) / 12)
        rk = P / Pc
        cleared = short[:, 0] & (rk < 3 - 1e-12)
        capped = short[:, 0] & (rk >= 3 - 1e-12)
        self.assertTrue(cleared.any() and capped.any())
        # cleared: all supply used and no rationing -> utilization 1
        np.testing.assert_allclose(got[cleared, 2], 1.0, rtol=1e-12)
        np.testing.assert_allclose(got[capped, 2], 1.0, rtol=1e-12)
        self.assertTrue(np.all(got[~short[:, 0], 2] <= 1.0))


def draws_for(sc, paths, seed, chunk):
    """The draws iterate_steps makes: per chunk generator from SeedSequence(seed).spawn,
    per step za, zs, nb, ud for the chunk's paths. Returns list (per path) of per-step tuples."""
    T = sc.steps()
    nch = (paths + chunk - 1) // chunk
    gens = [np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(nch)]
    per_path = [[] for _ in range(paths)]
    for _k in range(1, T + 1):
        for c in range(nch):
            lo, hi = c * chunk, min(paths, (c + 1) * chunk)
            n = hi - lo
            za = gens[c].standard_normal(n)
            zs = gens[c].standard_normal(n)
            nb = gens[c].poisson(sc["lam"] / 12, n)
            ud = gens[c].random(n)
            for i in range(n):
                per_path[lo + i].append((za[i], zs[i], int(nb[i]), ud[i]))
    return per_path


class PathByPath(unittest.TestCase):
    def test_scalar_transliteration_agrees(self):
        sc = ref.load_scenario(os.path.join(HERE, "high_volatility.json"))
        sc.values["p_d"] = 0.5   # more disruptions so both branches of step 8 are exercised
        sc.values["M"] = 3.0
        paths, chunk = 300, 128   # several chunks, last one partial
        vals, short = collect(sc, paths, seed=7, chunk=chunk)
        draws = draws_for(sc, paths, 7, chunk)
        n_short = n_disr = 0
        for p in range(paths):
            rows = scalar_path(sc, draws[p])
            want = np.array([row[:10] for row in rows])
            np.testing.assert_allclose(vals[:, :, p], want, rtol=1e-9, atol=0,
                                       err_msg=f"path {p}")
            self.assertTrue(np.array_equal(short[:, p], np.array([row[10] for row in rows])))
            n_short += int(short[:, p].sum())
            n_disr += sum(1 for d in draws[p] if d[3] < sc["p_d"] / 12)
        self.assertGreater(n_short, 1000)
        self.assertGreater(n_disr, 100)


class Distributions(unittest.TestCase):
    def test_exp_w_mean_one(self):
        # eps = 1: Dinf_k = X*Dinf0*(m_a*m_h)^t*exp(W_k), independent of F, so exp(W_k) can be read
        # off demand. Huge supply keeps every path out of shortage (not that D depends on it).
        sc = scenario(s_a=0.8, eps=1.0, lam=1.0, J=3, s_s=0.5, p_d=0.3, H=2)
        v2 = 0.8 ** 2
        n = 400_000
        d = ref.derived_constants(sc)
        for k, v, _s in ref.iterate_steps(sc, n, seed=3):
            if k in (6, 12, 24):
                t = k / 12
                Dtr = d["X"] * d["Dtr0"] * 2.0 ** t
                e = (v[0] - Dtr) / (d["X"] * d["Dinf0"] * (1.5 * 1.35) ** t)
                se = math.sqrt(math.exp(v2 * t) - 1) / math.sqrt(n)   # sd of a mean-1 lognormal, var s^2 t
                self.assertLess(abs(e.mean() - 1), 4 * se, f"E[exp(W_{k})] = {e.mean()}")
                lw = np.log(e)
                self.assertLess(abs(lw.mean() + 0.5 * v2 * t), 4 * math.sqrt(v2 * t / n))
                self.assertLess(abs(lw.var() / (v2 * t) - 1), 4 * math.sqrt(2 / n))

    def test_breakthroughs_poisson(self):
        # eps = 1 and no shortage: c_k = c0 * m_h^-t * F_k, F_k = m_e^-t J^-N_k, N_k ~ Poisson(lam t).
        sc = scenario(lam=2.0, J=4.0, s_a=0, s_s=0, p_d=0, S0=200, u0=0.3, m_a=1, m_t=1, m_r=1,
                      m_s=1.5, H=3, eps=1.0)
        n = 200_000
        for k, v, s in ref.iterate_steps(sc, n, seed=5):
            if k in (1, 12, 36):
                self.assertFalse(s.any())
                t = k / 12
                F = v[5] / (1.0 * 1.35 ** (-t))
                N = np.round(-(np.log(F) + t * math.log(2)) / math.log(4)).astype(int)
                np.testing.assert_allclose(F, 2.0 ** (-t) * 4.0 ** (-N.astype(float)), rtol=1e-10)
                lam_t = 2.0 * t
                self.assertLess(abs(N.mean() - lam_t), 4 * math.sqrt(lam_t / n))
                self.assertLess(abs(N.var() - lam_t), 4 * math.sqrt((lam_t + 2 * lam_t ** 2) / n))

    def test_disruption_probability(self):
        # Exact P(disrupted at step k) from the rem Markov chain vs the share of paths whose
        # shipments (read from capex: G = K / (K0 m_h^-t)) are cut by d_s.
        p_d, M = 0.5, 7
        sc = scenario(p_d=p_d, M=M, d_s=0.5, s_s=0, psi=0, H=4)
        n = 200_000
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
            G = v[8] / (35000 * 1.35 ** (-t))
            trend = 1.2e6 * 1.8 ** t
            share = np.mean(G < 0.75 * trend)
            self.assertLess(abs(share - p_dis), 4 * math.sqrt(p_dis * (1 - p_dis) / n) + 1e-6,
                            f"step {k}: {share} vs {p_dis}")

    def test_shipments_follow_last_premium(self):
        # s_s = 0, no disruption: G_k = G0 m_s^t r_{k-1}^psi. r_{k-1} = P_{k-1}/Pc_{k-1}.
        sc = scenario(s_s=0, p_d=0, psi=1.5, u0=1.0, m_a=3, s_a=0.6)
        vals, _ = collect(sc, 5000, seed=2)
        T = sc.steps()
        for k in range(1, T + 1):
            t = k / 12
            r_prev = vals[k - 1, 4] / (2.0 * 1.35 ** (-(k - 1) / 12))
            G = vals[k, 8] / (35000 * 1.35 ** (-t))
            np.testing.assert_allclose(G, 1.2e6 * 1.8 ** t * r_prev ** 1.5, rtol=1e-10)
        self.assertGreater((vals[:, 4] > 2.0 * 1.35 ** (-np.arange(T + 1)[:, None] / 12) * 1.0001).sum(), 1000)


class Files(unittest.TestCase):
    def test_defaults_and_errors(self):
        sc = ref.parse_scenario("{}")
        self.assertEqual(sc.values, ref.base_scenario().values)
        self.assertEqual(sc.steps(), 60)
        sc = ref.parse_scenario('{"horizon_years": 1.125, "demand": {"price_elasticity": 1.4}}')
        self.assertEqual(sc.steps(), 14)   # 13.5 rounds half away from zero
        self.assertEqual(sc["eps"], 1.4)
        self.assertEqual(sc["m_a"], 1.5)
        bad = ['{"demand": {"price_elasticity": 3.5}}', '{"demand": {"nope": 1}}',
               '{"supply": {"price_elasticity": 1}}', '{"supply": {"disruption_months": 2.5}}',
               '{"foo": 1}', '{"start": "2026-13"}', '{"initial": {"utilization": "x"}}',
               '{"horizon_years": 1, "horizon_years": 2}', '{"market": 3}']
        for text in bad:
            with self.assertRaises(ref.ScenarioError, msg=text):
                ref.parse_scenario(text)
        with self.assertRaisesRegex(ref.ScenarioError, r"price_elasticity.*\[0\.1, 3\]"):
            ref.parse_scenario('{"demand": {"price_elasticity": 0.05}}')

    def test_base_case_file_is_base_case(self):
        sc = ref.load_scenario(os.path.join(HERE, "base_case.json"))
        self.assertEqual(sc.values, ref.base_scenario().values)
        doc = json.load(open(os.path.join(HERE, "base_case.json"), encoding="utf-8"))
        self.assertEqual(ref.parse_scenario(json.dumps(ref.base_scenario().to_json())).values, sc.values)
        n_keys = 2 + sum(len(doc[g]) for g in ref.GROUPS) + 1
        self.assertEqual(n_keys, 2 + len(ref.PARAMS))  # every key written out

    def test_high_volatility_file(self):
        sc = ref.load_scenario(os.path.join(HERE, "high_volatility.json"))
        for k, v in dict(s_a=0.9, s_s=0.6, lam=2, J=4, p_d=0.4, d_s=0.8, M=18, eps=1.4, H=5).items():
            self.assertEqual(sc[k], v)

    def test_output_layout_and_determinism(self):
        sc = scenario(H=1)
        a = ref.simulate(sc, 3000, seed=9)
        b = ref.simulate(sc, 3000, seed=9)
        c = ref.simulate(sc, 3000, seed=10)
        self.assertEqual(a, b)
        self.assertNotEqual(a["series"], c["series"])
        self.assertEqual(a["steps"], 12)
        self.assertEqual(len(a["months"]), 13)
        self.assertEqual(a["months"][0], "2026-04")
        self.assertEqual(a["months"][12], "2027-04")
        self.assertEqual(list(a["series"]), ref.SERIES)
        for s in ref.SERIES:
            self.assertEqual(list(a["series"][s]), ref.STATS)
            for st in ref.STATS:
                self.assertEqual(len(a["series"][s][st]), 13)
        self.assertEqual(len(a["shortage_probability"]), 13)
        # percentiles are np.percentile of all paths
        vals, short = collect(sc, 3000, seed=9)
        for i, s in enumerate(ref.SERIES):
            np.testing.assert_array_equal(a["series"][s]["p25"], np.percentile(vals[:, i], 25, axis=1))
            np.testing.assert_allclose(a["series"][s]["mean"], vals[:, i].mean(axis=1), rtol=1e-14)
        np.testing.assert_array_equal(a["shortage_probability"], short.mean(axis=1))
        self.assertTrue(all(np.all(np.diff([a["series"][s][st][k] for st in ref.STATS[:-1]]) >= 0)
                            for s in ref.SERIES for k in range(13)))


if __name__ == "__main__":
    unittest.main(verbosity=2)
