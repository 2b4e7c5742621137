#pragma once
// docs/model.md written out step by step in double precision for ONE path with every random term switched
// off (volatilities 0, no breakthroughs, no disruptions): the closed form the engine must reproduce.
#include "jevons/engine/engine.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace byhand {

using jevons::Param;

/// values[step][series] for steps 0..T.
inline std::vector<std::array<double, jevons::SeriesCount>> deterministicPath(const jevons::Scenario &s)
{
    const double dt = 1.0 / 12;
    const int T = s.steps();
    const double S0 = s[Param::InstalledBase] * 1e6, G0 = s[Param::Shipments] * 1e6,
                 u0 = s[Param::Utilization];
    const double X =
        1 + s[Param::RestrictedShare] * s[Param::ExportControl] * (1 / s[Param::RestrictedEfficiency] - 1);
    const double D0 = u0 * S0;
    const double Dtr0 = s[Param::TrainingShare] * D0 / X, Dinf0 = (1 - s[Param::TrainingShare]) * D0 / X;
    const double P0 = s[Param::GpuHourPrice], c0 = s[Param::TokenPrice], Q0 = s[Param::TokensPerMonth],
                 K0 = s[Param::CapexPerH100e], eps = s[Param::PriceElasticity];
    std::vector<std::array<double, jevons::SeriesCount>> out;
    out.push_back({D0, S0, u0, u0, P0, c0, Q0, Q0 * c0 / 1e6, G0 * K0, 0.0});
    double F = 1, S = S0, r = 1, C = 0;
    for (int k = 1; k <= T; ++k) {
        const double t = k * dt;
        F *= std::pow(s[Param::AlgorithmicGain], -dt);
        const double tau = std::pow(s[Param::ReasoningGrowth], t);
        const double Pc = P0 * std::pow(s[Param::HardwareGain], -t);
        const double pi = (Pc / P0) * F * tau;
        const double q = std::pow(s[Param::AdoptionGrowth], t) * std::pow(pi, -eps) * tau;
        const double Dinf = X * Dinf0 * q * F;
        const double Dtr = X * Dtr0 * std::pow(s[Param::TrainingGrowth], t);
        const double D = Dinf + Dtr;
        const double G = G0 * std::pow(s[Param::ShipmentGrowth], t) * std::pow(r, s[Param::CapexResponse]);
        S = S * (1 - 1 / (12 * s[Param::GpuLifeYears])) + G;
        if (D <= S) {
            r = 1;
        } else {
            const double rStar = S > Dtr ? std::pow((S - Dtr) / Dinf, -1 / eps) : HUGE_VAL;
            r = std::min(rStar, s[Param::MaxScarcityPremium]);
        }
        const double Da = Dinf * std::pow(r, -eps) + Dtr;
        const double Sv = std::min(Da, S);
        const double f = Sv / Da;
        const double P = Pc * r;
        const double c = c0 * (P / P0) * F;
        const double Qs = Q0 * q * std::pow(r, -eps) * f;
        const double R = Qs * c / 1e6;
        const double K = G * K0 * std::pow(s[Param::HardwareGain], -t);
        C += K;
        out.push_back({D, S, Sv / S, D / S, P, c, Qs, R, K, C});
    }
    return out;
}

} // namespace byhand
