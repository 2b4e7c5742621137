// Exponential trend fit of prices (ordinary least squares on ln price) and the Student t quantile it needs.
#include "jevons/dataset/dataset.h"

#include <cmath>

namespace jevons::data {
namespace {

// Continued fraction of the regularized incomplete beta function I_x(a, b), evaluated by the modified
// Lentz method (Press et al., Numerical Recipes, 3rd ed., section 6.4). Converges fast for x < (a+1)/(a+b+2);
// the caller uses the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) otherwise.
double betaContinuedFraction(double a, double b, double x)
{
    constexpr double Tiny = 1e-300;
    constexpr double Eps = 1e-15;
    const double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    if (std::fabs(d) < Tiny)
        d = Tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 10000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (std::fabs(d) < Tiny)
            d = Tiny;
        c = 1 + aa / c;
        if (std::fabs(c) < Tiny)
            c = Tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (std::fabs(d) < Tiny)
            d = Tiny;
        c = 1 + aa / c;
        if (std::fabs(c) < Tiny)
            c = Tiny;
        d = 1 / d;
        const double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < Eps)
            break;
    }
    return h;
}

double regularizedIncompleteBeta(double a, double b, double x)
{
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    const double lnFront =
        std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    const double front = std::exp(lnFront);
    if (x < (a + 1) / (a + b + 2))
        return front * betaContinuedFraction(a, b, x) / a;
    return 1 - front * betaContinuedFraction(b, a, 1 - x) / b;
}

// P(|T| <= t) for Student's t with `dof` degrees of freedom, t >= 0: 1 - I_{dof/(dof+t^2)}(dof/2, 1/2).
double twoSidedCoverage(double t, double dof)
{
    return 1 - regularizedIncompleteBeta(dof / 2, 0.5, dof / (dof + t * t));
}

} // namespace

double studentTCritical(double confidence, double dof)
{
    if (!(dof >= 1) || !std::isfinite(dof) || !(confidence > 0 && confidence < 1))
        throw std::invalid_argument("studentTCritical: needs dof >= 1 and 0 < confidence < 1");
    // The coverage rises monotonically in t: bracket the root, then bisect to double precision.
    double lo = 0, hi = 2;
    while (twoSidedCoverage(hi, dof) < confidence) {
        lo = hi;
        hi *= 2;
        if (hi > 1e12)
            return hi; // confidence this close to 1 with dof = 1: effectively unbounded
    }
    for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i) {
        const double mid = 0.5 * (lo + hi);
        (twoSidedCoverage(mid, dof) < confidence ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

double DeclineFit::predict(double year) const
{
    return std::exp(intercept + slope * year);
}

DeclineFit fitExponentialDecline(std::span<const PricePoint> points, double confidence)
{
    if (points.size() < 3)
        throw std::invalid_argument("fitExponentialDecline: needs at least 3 points, got " +
                                    std::to_string(points.size()));
    if (!(confidence > 0 && confidence < 1))
        throw std::invalid_argument("fitExponentialDecline: confidence must be in (0, 1)");
    const double n = static_cast<double>(points.size());
    double sx = 0, sy = 0;
    for (const PricePoint &p : points) {
        if (!std::isfinite(p.year) || !std::isfinite(p.price) || !(p.price > 0))
            throw std::invalid_argument(
                "fitExponentialDecline: needs finite years and positive finite prices (" + p.label + ")");
        sx += p.year;
        sy += std::log(p.price);
    }
    // Centre x and y first: years near 2025 squared would otherwise cost about 7 digits to cancellation.
    const double mx = sx / n, my = sy / n;
    double sxx = 0, sxy = 0, syy = 0;
    for (const PricePoint &p : points) {
        const double dx = p.year - mx, dy = std::log(p.price) - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if (!(sxx > 0))
        throw std::invalid_argument("fitExponentialDecline: all points have the same year");

    DeclineFit f;
    f.n = points.size();
    f.confidence = confidence;
    f.slope = sxy / sxx;
    f.intercept = my - f.slope * mx;
    double sse = 0;
    for (const PricePoint &p : points) {
        const double r = std::log(p.price) - my - f.slope * (p.year - mx);
        sse += r * r;
    }
    const double dof = n - 2;
    f.residualStdDev = std::sqrt(sse / dof);
    f.slopeStdError = std::sqrt(sse / dof / sxx);
    f.tCritical = studentTCritical(confidence, dof);
    f.slopeLow = f.slope - f.tCritical * f.slopeStdError;
    f.slopeHigh = f.slope + f.tCritical * f.slopeStdError;
    f.foldPerYear = std::exp(-f.slope);
    f.foldLow = std::exp(-f.slopeHigh);
    f.foldHigh = std::exp(-f.slopeLow);
    f.halvingYears = f.slope < 0 ? std::log(2.0) / -f.slope : std::numeric_limits<double>::infinity();
    f.rSquared = syy > 0 ? 1 - sse / syy : 1.0; // all prices equal: the flat line fits exactly
    return f;
}

std::vector<PricePoint> apiPricePoints(const Table &apiPrices, PriceBasis basis, bool frontierOnly)
{
    if (!apiPrices.schema || apiPrices.schema->id != "api_prices")
        throw DatasetError(ErrorCode::SchemaMismatch, "", 0, 0, "",
                           "apiPricePoints needs the api_prices table, got " +
                               (apiPrices.schema ? apiPrices.schema->id : std::string("(none)")));
    std::vector<PricePoint> out;
    for (const Row &row : apiPrices.rows) {
        if (frontierOnly && apiPrices.number(row, "frontier") != 1)
            continue;
        const double in = apiPrices.number(row, "input_usd_per_mtok");
        const double outPrice = apiPrices.number(row, "output_usd_per_mtok");
        double price = 0;
        switch (basis) {
        case PriceBasis::Input:
            price = in;
            break;
        case PriceBasis::Output:
            price = outPrice;
            break;
        case PriceBasis::Blended:
            price = (3 * in + outPrice) / 4;
            break;
        }
        if (!(price > 0) || !std::isfinite(price))
            continue;
        const Date &d = apiPrices.date(row, "price_date");
        std::string label = apiPrices.text(row, "model");
        const std::string &tier = apiPrices.text(row, "context_tier");
        if (!tier.empty())
            label += " " + tier;
        out.push_back({d.midYear(), price, label + " (" + d.toString() + ")"});
    }
    return out;
}

} // namespace jevons::data
