// Model set-up: docs/model.md's derived constants and per-step quantities, computed once on the host in
// double and handed to the all-float kernel.
#include "model_setup.h"

#include <algorithm>
#include <cmath>

namespace jevons::detail {

ModelSetup buildModel(const Scenario &s, std::uint64_t seed)
{
    ModelSetup out;
    ModelConstants &m = out.model;
    const double dt = 1.0 / 12.0;
    const int T = s.steps();
    const double S0 = s[Param::InstalledBase] * 1e6, G0 = s[Param::Shipments] * 1e6;
    const double u0 = s[Param::Utilization], str = s[Param::TrainingShare];
    const double chi = s[Param::RestrictedShare], kappa = s[Param::ExportControl],
                 rho = s[Param::RestrictedEfficiency];
    const double X = 1.0 + chi * kappa * (1.0 / rho - 1.0);
    const double D0 = u0 * S0;
    const double Dtr0 = str * D0 / X, Dinf0 = (1.0 - str) * D0 / X;
    const double sa = s[Param::DemandVolatility], ss = s[Param::SupplyVolatility];
    const double lam = s[Param::BreakthroughRate];
    const double P0 = s[Param::GpuHourPrice], c0 = s[Param::TokenPrice], Q0 = s[Param::TokensPerMonth],
                 K0 = s[Param::CapexPerH100e];
    const double eps = s[Param::PriceElasticity];

    m.steps = T;
    m.seedLo = static_cast<std::uint32_t>(seed);
    m.seedHi = static_cast<std::uint32_t>(seed >> 32);
    m.demandVol = float(sa * std::sqrt(dt));
    m.demandDrift = float(-0.5 * sa * sa * dt);
    m.lnEfficiencyStep = float(-dt * std::log(s[Param::AlgorithmicGain]));
    m.lnBreakthrough = float(std::log(s[Param::BreakthroughSize]));
    m.supplyVol = float(ss * std::sqrt(dt));
    m.supplyDrift = float(-0.5 * ss * ss * dt);
    m.capexResponse = float(s[Param::CapexResponse]);
    m.survival = float(1.0 - 1.0 / (12.0 * s[Param::GpuLifeYears]));
    m.disruptionChance = float(s[Param::DisruptionProb] * dt);
    m.disruptionKeep = float(1.0 - s[Param::DisruptionLoss]);
    m.disruptionMonths = static_cast<int>(s[Param::DisruptionMonths]);
    m.lnMaxPremium = float(std::log(s[Param::MaxScarcityPremium]));
    m.elasticity = float(eps);
    m.invElasticity = float(1.0 / eps);
    // Dinf0 = 0 when s_tr = 0.9..: never 0 since s_tr <= 0.9, so the log is finite.
    m.lnInferenceDemand0 = float(std::log(X * Dinf0));
    m.lnTokens0 = float(std::log(Q0));
    m.tokenPrice0 = float(c0);
    m.installedBase0 = float(S0);
    const double mean = lam * dt;
    double term = std::exp(-mean), cdf = 0.0;
    for (int j = 0; j < PoissonTerms; ++j) {
        cdf += term;
        term *= mean / (j + 1);
        // The last entry stays below 1 only by rounding; a uniform above it would count one more event.
        m.poissonCdf[j] = float(std::min(cdf, 1.0));
    }

    out.steps.resize(static_cast<std::size_t>(T + 1));
    for (int k = 0; k <= T; ++k) {
        const double t = k * dt;
        StepConstants &c = out.steps[static_cast<std::size_t>(k)];
        c.lnAdoption = float(t * std::log(s[Param::AdoptionGrowth]));
        c.lnTokensPerTask = float(t * std::log(s[Param::ReasoningGrowth]));
        c.lnCostPriceRel = float(-t * std::log(s[Param::HardwareGain]));
        c.trainingDemand = float(X * Dtr0 * std::pow(s[Param::TrainingGrowth], t));
        c.baseShipments = float(G0 * std::pow(s[Param::ShipmentGrowth], t));
        c.capexPerUnit = float(K0 * std::pow(s[Param::HardwareGain], -t));
        c.costPrice = float(P0 * std::pow(s[Param::HardwareGain], -t));
    }
    // Step 0 (docs/model.md): the deterministic start state.
    out.initial = {D0, S0, u0, u0, P0, c0, Q0, Q0 * c0 / 1e6, G0 * K0, 0.0};
    return out;
}
} // namespace jevons::detail
