#pragma once
// docs/model.md written out step by step in double precision for ONE path with every random term switched
// off (volatilities 0, no breakthroughs, no disruptions) and every input certain: the closed form the
// engine must reproduce, power gating and money included.
#include "jevons/engine/engine.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace byhand {

using jevons::Param;

struct Step {
    std::array<double, jevons::SeriesCount> values{};
    std::array<bool, jevons::ProbabilityCount>
        events{}; ///< shortage, power constrained, revenue covers capex
};

/// Steps 0..T.
inline std::vector<Step> deterministicPath(const jevons::Scenario &s)
{
    const double dt = 1.0 / 12;
    const int T = s.steps();
    const double S0 = s[Param::InstalledBase] * 1e6, G0 = s[Param::Shipments] * 1e6,
                 u0 = s[Param::Utilization];
    auto controls = [&](double kappa) {
        return 1 + s[Param::RestrictedShare] * kappa * (1 / s[Param::RestrictedEfficiency] - 1);
    };
    const double X = controls(s[Param::ExportControl]) / controls(s[Param::ExportControlAtStart]);
    const double D0 = u0 * S0;
    const double Dtr0 = s[Param::TrainingShare] * D0, Dinf0 = (1 - s[Param::TrainingShare]) * D0;
    const double P0 = s[Param::GpuHourPrice], c0 = s[Param::TokenPrice], Q0 = s[Param::TokensPerMonth],
                 K0 = s[Param::CapexPerH100e], eps = s[Param::PriceElasticity];
    const double L12 = 12 * s[Param::GpuLifeYears], w0 = s[Param::KwPerH100e], E0 = s[Param::PowerGw];
    std::vector<Step> out;
    Step start;
    start.values = {D0,
                    S0,
                    u0,
                    u0,
                    P0,
                    c0,
                    Q0,
                    Q0 * c0 / 1e6,
                    G0 * K0,
                    0.0,
                    0.0,
                    S0 * w0 / 1e6,
                    S0 * K0 / L12,
                    730 * u0 * S0 * P0,
                    0.0};
    out.push_back(start);
    double F = 1, S = S0, r = 1, C = 0, Wd = S0 * w0, U = 0, Ukw = 0, B = S0 * K0, CR = 0, phiLast = 1;
    double R = Q0 * c0 / 1e6, Slast = S0;
    const double R0 = R;
    for (int k = 1; k <= T; ++k) {
        const double t = k * dt;
        // 2-7
        F *= std::pow(s[Param::AlgorithmicGain], -dt);
        const double tau = std::pow(s[Param::ReasoningGrowth], t);
        const double Pc = P0 * std::pow(s[Param::HardwareGain], -t);
        const double pi = (Pc / P0) * F;
        const double q = std::pow(s[Param::AdoptionGrowth], t) * std::pow(pi, -eps) * tau;
        const double Dinf = X * Dinf0 * q * F;
        const double Dtr = X * Dtr0 * std::pow(s[Param::TrainingGrowth], t);
        const double D = Dinf + Dtr;
        // 9. Shipments with the premium's pull weakened by power, the backlog brake and revenue following.
        const double trend = G0 * std::pow(s[Param::ShipmentGrowth], t);
        const double h = std::pow(2.0, -U / (s[Param::BacklogHalvingMonths] * trend));
        const double v = std::pow((R / Slast) / (R0 / S0), s[Param::RevenueResponse]);
        const double G = trend * std::pow(r, s[Param::CapexResponse] * phiLast) * h * v;
        // 10. Power-gated installation.
        const double E = E0 * 1e6 * std::pow(s[Param::PowerGrowth], t);
        const double Wsv = Wd * (1 - 1 / L12);
        const double w = w0 * std::pow(s[Param::PowerEfficiency], -t);
        const double Gq = G + U, Gqkw = G * w + Ukw, room = std::max(0.0, E - Wsv);
        const double phi = Gqkw <= room ? 1 : room / Gqkw;
        U = (1 - phi) * Gq;
        Ukw = (1 - phi) * Gqkw;
        Wd = Wsv + phi * Gqkw;
        S = S * (1 - 1 / L12) + phi * Gq;
        // 11-13
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
        R = Qs * c / 1e6;
        // 14-16
        const double K = G * K0 * std::pow(s[Param::HardwareGain], -t);
        C += K;
        const double Dep = B / L12;
        B = B - Dep + K;
        CR += R;
        Step step;
        step.values = {D, S, Sv / S, D / S, P, c, Qs, R, K, C, U, Wd / 1e6, Dep, 730 * Sv * P, CR};
        step.events = {D > S, phi < 1, CR >= C};
        out.push_back(step);
        phiLast = phi;
        Slast = S;
    }
    return out;
}

} // namespace byhand
