#!/usr/bin/python3
"""Times the numpy reference of docs/model.md (tests/reference/jevons_reference.py).

    /usr/bin/python3 bench/numpy_bench.py [--max-paths N] [--jevons-bench build/bin/jevons-bench]

For 10k, 100k (and, with --max-paths 1000000, 1M) paths x 60 months of the Base case it
times one full run: simulation plus every statistic of the output (7 percentiles by
np.percentile and the mean, 10 series, every step, shortage probability), single process.
Prints paths, seconds and path-steps per second.

With --jevons-bench PATH it also runs `PATH --json --max-paths N` (same N), which prints a
JSON object such as {"engine": {"10000": seconds, "100000": seconds, ...}, "naive": {...}},
and prints, per size both have, how many times faster the engine is than numpy (and any
other table of that object, e.g. the naive single-threaded C++ model, as extra columns).
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "reference"))
import jevons_reference as ref  # noqa: E402

SIZES = [10_000, 100_000, 1_000_000]


def engine_times(path, max_paths, timeout):
    """{"engine": {...}, "naive": {...}} of `PATH --json --max-paths N`, keys as ints."""
    cmd = [path, "--json", "--max-paths", str(max_paths)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    # tolerate log lines before the JSON object
    text = p.stdout
    start = text.find("{")
    if start < 0:
        raise RuntimeError(f"{path} --json printed no JSON object")
    doc = json.JSONDecoder().raw_decode(text[start:])[0]
    if not isinstance(doc.get("engine"), dict):
        raise RuntimeError(f"{path} --json: no \"engine\" object in {text[:200]!r}")
    out = {}
    for name, table in doc.items():
        if not isinstance(table, dict):
            continue
        out[name] = {}
        for k, v in table.items():
            try:
                out[name][int(float(k))] = float(v)
            except (TypeError, ValueError):
                pass
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-paths", type=int, default=100_000,
                    help="largest size to run (default 100000; 1000000 adds the 1M run: ~30 s, ~350 MiB)")
    ap.add_argument("--scenario", help="scenario file (default: Base case, 60 months)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest counts")
    ap.add_argument("--jevons-bench", help="C++ bench binary; run as `PATH --json` for the ratio")
    ap.add_argument("--timeout", type=int, default=1800, help="seconds allowed for the C++ bench")
    a = ap.parse_args(argv)

    sc = ref.load_scenario(a.scenario) if a.scenario else ref.base_scenario()
    T = sc.steps()
    sizes = [n for n in SIZES if n <= a.max_paths]
    print(f"numpy reference ({ref.np.__version__}), scenario {sc.name!r}, {T} months, single process")
    print(f"{'paths':>10} {'seconds':>10} {'path-steps/s':>14}")
    numpy_t = {}
    for n in sizes:
        best = float("inf")
        for _ in range(max(1, a.repeat)):
            t0 = time.perf_counter()
            ref.simulate(sc, n, a.seed)
            best = min(best, time.perf_counter() - t0)
        numpy_t[n] = best
        print(f"{n:>10} {best:>10.3f} {n * T / best:>14.4g}", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {rss:.0f} MiB")

    if a.jevons_bench:
        try:
            tables = engine_times(a.jevons_bench, a.max_paths, a.timeout)
        except (OSError, RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        eng = tables["engine"]
        others = [k for k in tables if k != "engine"]   # e.g. "naive" (single-threaded C++)
        print(f"\n{a.jevons_bench} --json --max-paths {a.max_paths} vs numpy (ratio = numpy s / engine s)")
        head = f"{'paths':>10} {'engine s':>10} {'numpy s':>10} {'engine x faster':>16}"
        for o in others:
            head += f" {o + ' s':>10}"
        print(head)
        for n in sorted(set(eng) | set(numpy_t)):
            e, p = eng.get(n), numpy_t.get(n)
            es = f"{e:.4f}" if e is not None else "-"
            ps = f"{p:.3f}" if p is not None else "-"
            ratio = f"{p / e:.1f}" if e and p else "-"
            line = f"{n:>10} {es:>10} {ps:>10} {ratio:>16}"
            for o in others:
                v = tables[o].get(n)
                line += f" {v:>10.4f}" if v is not None else f" {'-':>10}"
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
