#include "naive_model.h"

#include <Random123/philox.h>

#include <algorithm>
#include <cmath>

namespace naive {

using jevons::Param;

Result simulate(const jevons::Scenario &s, std::uint64_t paths, std::uint64_t seed)
{
    const double dt = 1.0 / 12;
    const int T = s.steps();
    const std::size_t stepsPlus = std::size_t(T) + 1;
    const double S0 = s[Param::InstalledBase] * 1e6, G0 = s[Param::Shipments] * 1e6, u0 = s[Param::Utilization];
    auto controls = [&](double kappa) {
        return 1 + s[Param::RestrictedShare] * kappa * (1 / s[Param::RestrictedEfficiency] - 1);
    };
    const double X = controls(s[Param::ExportControl]) / controls(s[Param::ExportControlAtStart]);
    const double D0 = u0 * S0, Dtr0 = s[Param::TrainingShare] * D0, Dinf0 = (1 - s[Param::TrainingShare]) * D0;
    const double L12 = 12 * s[Param::GpuLifeYears], w0 = s[Param::KwPerH100e], E0 = s[Param::PowerGw] * 1e6;
    const double P0 = s[Param::GpuHourPrice], c0 = s[Param::TokenPrice], Q0 = s[Param::TokensPerMonth],
                 K0 = s[Param::CapexPerH100e], eps = s[Param::PriceElasticity];
    const double sa = s[Param::DemandVolatility], ss = s[Param::SupplyVolatility], lam = s[Param::BreakthroughRate];

    // Every value of every path: [series][step][path], as a naive implementation keeps them.
    std::vector<float> values(std::size_t(jevons::SeriesCount) * stepsPlus * paths);
    auto at = [&](int series, int k, std::uint64_t p) -> float & {
        return values[(std::size_t(series) * stepsPlus + std::size_t(k)) * paths + p];
    };
    r123::Philox4x32 rng;
    const r123::Philox4x32::key_type key = {{std::uint32_t(seed), std::uint32_t(seed >> 32)}};
    for (std::uint64_t p = 0; p < paths; ++p) {
        const double initial[] = {D0, S0, u0, u0, P0, c0, Q0, Q0 * c0 / 1e6, G0 * K0, 0.0,
                                  0.0, S0 * w0 / 1e6, S0 * K0 / L12, 730 * u0 * S0 * P0, 0.0};
        for (int series = 0; series < jevons::SeriesCount; ++series) {
            at(series, 0, p) = float(initial[series]);
        }
        double W = 0, F = 1, S = S0, r = 1, C = 0, Wd = S0 * w0, U = 0, Ukw = 0, B = S0 * K0, CR = 0, phi = 1;
        double R = Q0 * c0 / 1e6, Sprev = S0;
        const double RS0 = R / S0;
        int rem = 0;
        for (int k = 1; k <= T; ++k) {
            const r123::Philox4x32::ctr_type ctr = {{std::uint32_t(p), std::uint32_t(p >> 32), std::uint32_t(k), 0}};
            const auto draw = rng(ctr, key);
            auto uniform = [](std::uint32_t bits) { return (double(bits >> 8) + 0.5) / 16777216.0; };
            const double radius = std::sqrt(-2 * std::log(uniform(draw.v[0])));
            const double za = radius * std::cos(2 * M_PI * uniform(draw.v[1]));
            const double zs = radius * std::sin(2 * M_PI * uniform(draw.v[1]));
            // Poisson by inversion.
            const double u = uniform(draw.v[2]);
            int nb = 0;
            double term = std::exp(-lam * dt), cdf = term;
            while (u > cdf && nb < 50) {
                ++nb;
                term *= lam * dt / nb;
                cdf += term;
            }
            const double ud = uniform(draw.v[3]);
            const double t = k * dt;
            W += sa * std::sqrt(dt) * za - 0.5 * sa * sa * dt;
            F *= std::pow(s[Param::AlgorithmicGain], -dt) * std::pow(s[Param::BreakthroughSize], -nb);
            const double tau = std::pow(s[Param::ReasoningGrowth], t);
            const double Pc = P0 * std::pow(s[Param::HardwareGain], -t);
            const double pi = (Pc / P0) * F;
            const double q = std::pow(s[Param::AdoptionGrowth], t) * std::exp(W) * std::pow(pi, -eps) * tau;
            const double Dinf = X * Dinf0 * q * F;
            const double Dtr = X * Dtr0 * std::pow(s[Param::TrainingGrowth], t);
            const double D = Dinf + Dtr;
            bool disrupted = false;
            if (rem > 0) {
                disrupted = true;
                --rem;
            } else if (ud < s[Param::DisruptionProb] * dt) {
                disrupted = true;
                rem = int(s[Param::DisruptionMonths]) - 1;
            }
            const double trend = G0 * std::pow(s[Param::ShipmentGrowth], t);
            const double h = std::pow(2.0, -U / (s[Param::BacklogHalvingMonths] * trend));
            const double v = std::pow((R / Sprev) / RS0, s[Param::RevenueResponse]);
            const double G = trend * std::exp(ss * std::sqrt(dt) * zs - 0.5 * ss * ss * dt) *
                             std::pow(r, s[Param::CapexResponse] * phi) * (1 - s[Param::DisruptionLoss] * (disrupted ? 1 : 0)) *
                             h * v;
            const double E = E0 * std::pow(s[Param::PowerGrowth], t), Wsv = Wd * (1 - 1 / L12);
            const double w = w0 * std::pow(s[Param::PowerEfficiency], -t);
            const double Gq = G + U, Gqkw = G * w + Ukw, room = std::max(0.0, E - Wsv);
            phi = Gqkw <= room ? 1 : room / Gqkw;
            U = (1 - phi) * Gq;
            Ukw = (1 - phi) * Gqkw;
            Wd = Wsv + phi * Gqkw;
            S = S * (1 - 1 / L12) + phi * Gq;
            if (D <= S) {
                r = 1;
            } else {
                const double rStar = S > Dtr ? std::pow((S - Dtr) / Dinf, -1 / eps) : HUGE_VAL;
                r = std::min(rStar, s[Param::MaxScarcityPremium]);
            }
            const double Da = Dinf * std::pow(r, -eps) + Dtr;
            const double Sv = std::min(Da, S);
            const double P = Pc * r, c = c0 * (P / P0) * F;
            const double Qs = Q0 * q * std::pow(r, -eps) * (Sv / Da);
            const double K = G * K0 * std::pow(s[Param::HardwareGain], -t);
            C += K;
            const double Dep = B / L12;
            B = B - Dep + K;
            R = Qs * c / 1e6;
            CR += R;
            Sprev = S;
            const double out[] = {D, S, Sv / S, D / S, P, c, Qs, R, K, C, U, Wd / 1e6, Dep, 730 * Sv * P, CR};
            for (int series = 0; series < jevons::SeriesCount; ++series) {
                at(series, k, p) = float(out[series]);
            }
        }
    }
    Result result;
    for (int series = 0; series < jevons::SeriesCount; ++series) {
        for (auto &v : result.stats[std::size_t(series)]) {
            v.resize(stepsPlus);
        }
        for (int k = 0; k <= T; ++k) {
            float *begin = &at(series, k, 0), *end = begin + paths;
            double sum = 0;
            for (float *v = begin; v != end; ++v) {
                sum += *v;
            }
            result.stats[std::size_t(series)][int(jevons::Stat::Mean)][std::size_t(k)] = sum / double(paths);
            for (int st = 0; st < int(jevons::Stat::Mean); ++st) {
                const auto rank = std::size_t(jevons::statLevel(jevons::Stat(st)) * double(paths - 1));
                std::nth_element(begin, begin + rank, end);
                result.stats[std::size_t(series)][std::size_t(st)][std::size_t(k)] = begin[rank];
            }
        }
    }
    return result;
}

} // namespace naive
