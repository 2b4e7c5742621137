#!/usr/bin/env python3
"""Independent reference values for tst_dataset's trend-fit tests, computed with mpmath at 50 digits.

Recomputes, without the C++ code: Student t quantiles (from the regularized incomplete beta function), the
noisy synthetic fit of fitKnownAnswerNoisy, and the frontier fit of resources/data/api_prices.csv
(frontier = 1 rows; x = midpoint of price_date in fractional years; blended = (3 * input + output) / 4).
CTest runs it before tst_dataset (fixture `dataset_reference_fit`) and tst_dataset compares the engine's
fit with the JSON it writes, so the references follow the data.

    /usr/bin/python3 reference_fit.py --data resources/data/api_prices.csv --out reference_fit.json

Needs Debian's python3-mpmath.
"""
import argparse
import calendar
import csv
import json

import mpmath
from mpmath import exp, log, mpf, sqrt

mpmath.mp.dps = 50

STUDENT_T_CASES = [(0.95, 1), (0.95, 2), (0.95, 10), (0.95, 30), (0.99, 5), (0.90, 17)]
NOISY_POINTS = [(2020.0, 60), (2020.5, 30), (2021.0, 25), (2021.5, 8), (2022.0, 6.5), (2022.5, 1.5),
                (2023.0, 1.2)]


def mid_year(date):
    """Midpoint of a YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD period in fractional years."""
    year = int(date[:4])
    days_in_year = mpf(366 if calendar.isleap(year) else 365)

    def day_of_year(month, day):
        return sum(calendar.monthrange(year, m)[1] for m in range(1, month)) + day

    if len(date) == 4:
        return year + mpf(1) / 2
    if date[5] in 'Qq':
        first_month = 3 * int(date[6]) - 2
        days = sum(calendar.monthrange(year, first_month + i)[1] for i in range(3))
        return year + (day_of_year(first_month, 1) - 1) / days_in_year + mpf(days) / 2 / days_in_year
    month = int(date[5:7])
    if len(date) == 7:
        return (year + (day_of_year(month, 1) - 1) / days_in_year +
                mpf(calendar.monthrange(year, month)[1]) / 2 / days_in_year)
    return year + (day_of_year(month, int(date[8:])) - 1 + mpf(1) / 2) / days_in_year


def t_critical(confidence, dof):
    """Two-sided Student t quantile by bisection on the regularized incomplete beta function."""
    def excess(t):
        tail = mpmath.betainc(mpf(dof) / 2, mpf(1) / 2, 0, dof / (dof + t * t), regularized=True)
        return 1 - tail - confidence
    lo, hi = mpf(0), mpf(1000)
    for _ in range(300):
        m = (lo + hi) / 2
        if excess(m) < 0:
            lo = m
        else:
            hi = m
    return (lo + hi) / 2


def fit(points, confidence=mpf('0.95')):
    """Ordinary least squares of ln price on the year, as fitExponentialDecline documents it."""
    n = len(points)
    xs = [mpf(x) for x, _ in points]
    ys = [log(mpf(p)) for _, p in points]
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    syy = sum((y - my) ** 2 for y in ys)
    slope = sxy / sxx
    sse = sum((y - my - slope * (x - mx)) ** 2 for x, y in zip(xs, ys))
    se = sqrt(sse / (n - 2) / sxx)
    t = t_critical(confidence, n - 2)
    return {'n': n, 'slope': slope, 'slope_std_error': se, 't_critical': t, 'fold_per_year': exp(-slope),
            'fold_low': exp(-(slope + t * se)), 'fold_high': exp(-(slope - t * se)),
            'halving_years': log(2) / -slope, 'r_squared': 1 - sse / syy}


def as_floats(values):
    return {k: (v if isinstance(v, int) else float(v)) for k, v in values.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--data', required=True, help='resources/data/api_prices.csv')
    parser.add_argument('--out', required=True, help='JSON file to write')
    args = parser.parse_args()

    with open(args.data, newline='', encoding='utf-8') as f:
        frontier = [r for r in csv.DictReader(f) if r['frontier'] == '1']
    frontier_fits = {}
    for basis in ('blended', 'input', 'output'):
        points = []
        for row in frontier:
            price_in, price_out = mpf(row['input_usd_per_mtok']), mpf(row['output_usd_per_mtok'])
            price = {'input': price_in, 'output': price_out, 'blended': (3 * price_in + price_out) / 4}[basis]
            points.append((mid_year(row['price_date']), price))
        frontier_fits[basis] = as_floats(fit(points))

    result = {
        'student_t': [{'confidence': c, 'dof': d, 'value': float(t_critical(mpf(str(c)), d))}
                      for c, d in STUDENT_T_CASES],
        'noisy_fit': as_floats(fit([(mpf(str(x)), mpf(str(p))) for x, p in NOISY_POINTS])),
        'frontier_fit': frontier_fits,
    }
    with open(args.out, 'w', encoding='utf-8') as f:
        json.dump(result, f, indent=1)  # json writes floats with round-trip precision


if __name__ == '__main__':
    main()
