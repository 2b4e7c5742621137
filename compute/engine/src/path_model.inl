// The model of docs/model.md for one path, shared verbatim by every backend: the uncertain inputs' draws,
// the per-path constants derived from a path's parameter values, the start state (step 0) and one step
// k = 1..T in the spec's order. Included by path_kernel.inl inside its backend namespace after
// kernel_math.inl. All float, and branch-free (selects), so that the CPU loop over paths vectorises.

// Parameter slots, in the order of jevons::Param (model_setup.cpp checks every one).
enum ParamSlot : int {
    P_Horizon,
    P_InstalledBase,
    P_Shipments,
    P_Utilization,
    P_TrainingShare,
    P_GpuHourPrice,
    P_TokenPrice,
    P_TokensPerMonth,
    P_CapexPerH100e,
    P_AdoptionGrowth,
    P_DemandVolatility,
    P_PriceElasticity,
    P_ReasoningGrowth,
    P_TrainingGrowth,
    P_AlgorithmicGain,
    P_HardwareGain,
    P_BreakthroughRate,
    P_BreakthroughSize,
    P_ShipmentGrowth,
    P_SupplyVolatility,
    P_CapexResponse,
    P_RevenueResponse,
    P_GpuLife,
    P_DisruptionProb,
    P_DisruptionLoss,
    P_DisruptionMonths,
    P_PowerGw,
    P_PowerGrowth,
    P_KwPerH100e,
    P_PowerEfficiency,
    P_BacklogHalving,
    P_MaxPremium,
    P_ExportControl,
    P_ExportControlAtStart,
    P_RestrictedShare,
    P_RestrictedEfficiency,
    P_Count
};
static_assert(P_Count == ParamSlots, "one slot per parameter");

constexpr float Dt = 1.0f / 12.0f;
constexpr float SqrtDt = 0.288675134594812882f;
constexpr float Z95 = 1.6448536269514722f; // standard normal score of the 95th percentile
constexpr float Ln2 = 0.693147180559945309f;
constexpr float LnMillion = 13.8155105579642741f;
constexpr float HoursPerMonth = 730.0f; // docs/model.md step 16
constexpr float Million = 1e6f;
constexpr float SmallestNormal = 1.17549435e-38f;
constexpr int PoissonTerms = 8; // lam * dt <= 0.25, so P(nb >= 8) < 1e-10: far below Monte Carlo noise

// Per-path constants derived from the path's parameter values (docs/model.md, "Derived constants", and the
// per-month factors of the growth rates). X-macro so that the CPU kernel can keep them in arrays.
#define JEVONS_PATH_CONSTANTS(X)                                                                             \
    X(demandVol)          /* s_a sqrt(dt) */                                                                 \
    X(demandDrift)        /* -s_a^2 dt / 2: keeps E[exp(W)] = 1 */                                           \
    X(lnEfficiencyStep)   /* -dt ln m_e */                                                                   \
    X(lnBreakthrough)     /* ln J */                                                                         \
    X(poissonMean)        /* lam dt */                                                                       \
    X(poissonZero)        /* exp(-lam dt) = P(nb = 0) */                                                     \
    X(supplyVol)          /* s_s sqrt(dt) */                                                                 \
    X(supplyDrift)        /* -s_s^2 dt / 2 */                                                                \
    X(capexResponse)      /* psi */                                                                          \
    X(revenueResponse)    /* gamma */                                                                        \
    X(lnRevenuePerBase0)  /* ln(R_0 / S_0) */                                                                \
    X(retirement)         /* 1 / (12 L): share of the base retired (and written down) each month */          \
    X(survival)           /* 1 - 1 / (12 L) */                                                               \
    X(disruptionChance)   /* p_d dt */                                                                       \
    X(disruptionKeep)     /* 1 - d_s */                                                                      \
    X(disruptionMonths)   /* M */                                                                            \
    X(lnMaxPremium)       /* ln r_max */                                                                     \
    X(elasticity)         /* eps */                                                                          \
    X(invElasticity)      /* 1 / eps */                                                                      \
    X(lnInferenceDemand0) /* ln(X Dinf0) */                                                                  \
    X(lnTokens0)          /* ln Q0 */                                                                        \
    X(lnTokenPrice0)      /* ln c0 */                                                                        \
    X(gpuHourPrice0)      /* P0 */                                                                           \
    X(capexPerUnit0)      /* K0 */                                                                           \
    X(lnAdoptionRate)     /* ln m_a */                                                                       \
    X(lnReasoningRate)    /* ln m_r */                                                                       \
    X(lnHardwareRate)     /* ln m_h */                                                                       \
    X(shipmentGrowthStep) /* m_s^dt */                                                                       \
    X(trainingGrowthStep) /* m_t^dt */                                                                       \
    X(costStep)           /* m_h^-dt */                                                                      \
    X(powerGrowthStep)    /* m_E^dt */                                                                       \
    X(kwStep)             /* m_w^-dt */                                                                      \
    X(backlogScale)       /* ln 2 / b */

// The state of a path between steps (docs/model.md, "State per path", plus the running growth factors).
#define JEVONS_PATH_STATE(X)                                                                                 \
    X(demandShock)       /* W */                                                                             \
    X(breakthroughs)     /* breakthroughs so far (a whole number) */                                         \
    X(supply)            /* S, H100e */                                                                      \
    X(lnPremium)         /* ln r */                                                                          \
    X(cumulativeCapex)   /* C, USD */                                                                        \
    X(disruptionLeft)    /* rem, months (a whole number) */                                                  \
    X(powerDraw)         /* Wd, kW */                                                                        \
    X(unpowered)         /* U, H100e */                                                                      \
    X(unpoweredKw)       /* Ukw, kW */                                                                       \
    X(bookValue)         /* B, USD */                                                                        \
    X(cumulativeRevenue) /* CR, USD */                                                                       \
    X(lastPhi)           /* phi of the last step (1 at the start) */                                         \
    X(lnRevenuePerBase)  /* ln(R / S) of the last step */

// The path's growth factors at t_k, kept apart from its state: they depend only on the path's constants and
// the month, so without uncertain inputs every path has the same ones and the CPU loop keeps one copy.
#define JEVONS_GROWTH_STATE(X)                                                                               \
    X(trendShipments) /* G0 m_s^t, H100e per month */                                                        \
    X(trainingDemand) /* X Dtr0 m_t^t, H100e */                                                              \
    X(costFactor)     /* m_h^-t */                                                                           \
    X(powerAvailable) /* E = E0 1e6 m_E^t, kW */                                                             \
    X(kwNew)          /* w = w0 m_w^-t, kW per H100e shipped */

#define JEVONS_FLOAT_MEMBER(name) float name;
struct PathConstants {
    JEVONS_PATH_CONSTANTS(JEVONS_FLOAT_MEMBER)
};
struct PathState {
    JEVONS_PATH_STATE(JEVONS_FLOAT_MEMBER)
};
struct GrowthState {
    JEVONS_GROWTH_STATE(JEVONS_FLOAT_MEMBER)
};
#undef JEVONS_FLOAT_MEMBER

#define JEVONS_INDEX_CONSTANT(name) C_##name,
#define JEVONS_INDEX_STATE(name) S_##name,
enum ConstantField : int { JEVONS_PATH_CONSTANTS(JEVONS_INDEX_CONSTANT) ConstantFieldCount };
enum StateField : int {
    JEVONS_PATH_STATE(JEVONS_INDEX_STATE) JEVONS_GROWTH_STATE(JEVONS_INDEX_STATE) StateFieldCount
};
#undef JEVONS_INDEX_CONSTANT
#undef JEVONS_INDEX_STATE

/// A standard normal from two uniforms (Box-Muller, the cosine branch).
JEVONS_HD JEVONS_INLINE float boxMuller(std::uint32_t a, std::uint32_t b)
{
    return sqrtf(-2.0f * kernelLog(toUniform(a))) * cosf(TwoPi * toUniform(b));
}

/// The independent standard normal of uncertain input `param` on path `path`: stream 1, counter index =
/// the parameter, so a path's draw of one input does not depend on which other inputs are uncertain, and
/// the step draws (stream 0) are the same with and without uncertain inputs (common random numbers).
JEVONS_HD JEVONS_INLINE float inputNormal(const ModelConstants &m, std::uint64_t path, int param)
{
    std::uint32_t r[4];
    philoxDraws(m, path, param, 1u, r);
    return boxMuller(r[0], r[1]);
}

/// Input j's value at correlated score z: two-piece normal on its scale, clamped to the slider range,
/// rounded (halves up) for integers (docs/model.md, "Uncertain inputs").
JEVONS_HD JEVONS_INLINE float inputValue(const InputModel &in, int j, float z)
{
    // Blends instead of selects on the input's switches: g++ does not vectorise a select on a loop-invariant
    // flag, and both branches are cheap (the exponent is clamped, so the unused one is finite).
    const float onLog = static_cast<float>(in.logScale[j]), whole = static_cast<float>(in.integer[j]);
    float x = in.median[j] + (z < 0.0f ? in.lowSlope[j] : in.highSlope[j]) * z;
    x = onLog * clampedExp(x) + (1.0f - onLog) * x;
    x = fminf(fmaxf(x, in.minValue[j]), in.maxValue[j]);
    return whole * floorf(x + 0.5f) + (1.0f - whole) * x;
}

/// The variance-share bin of a correlated score, min(31, floor(32 Phi(z))) (docs/model.md): the number of the
/// bin edges, the standard normal scores of b / 32 for b = 1..31, at or below z. Comparisons vectorise;
/// erfc did not.
JEVONS_HD JEVONS_INLINE int shareBin(float z)
{
    constexpr float edges[ShareBins - 1] = {
        -1.86273187f, -1.53412054f, -1.31801090f, -1.15034938f, -1.00999017f, -0.88714656f, -0.77642176f,
        -0.67448975f, -0.57913216f, -0.48877641f, -0.40225007f, -0.31863936f, -0.23720211f, -0.15731068f,
        -0.07841241f, 0.0f,         0.07841241f,  0.15731068f,  0.23720211f,  0.31863936f,  0.40225007f,
        0.48877641f,  0.57913216f,  0.67448975f,  0.77642176f,  0.88714656f,  1.00999017f,  1.15034938f,
        1.31801090f,  1.53412054f,  1.86273187f};
    int bin = 0;
    for (int b = 0; b < ShareBins - 1; ++b) {
        bin += z >= edges[b] ? 1 : 0;
    }
    return bin;
}

/// Draws one path's uncertain inputs: the correlated scores z = L n (Cholesky of the copula matrix) into
/// `score`, and the values into the path's parameters `param[p * stride]`.
JEVONS_HD JEVONS_INLINE void drawInputs(const ModelConstants &m, const InputModel &in, std::uint64_t path,
                                        float *param, int stride, float *score)
{
    float normal[MaxInputs];
    for (int j = 0; j < in.count; ++j) {
        normal[j] = inputNormal(m, path, in.param[j]);
    }
    for (int j = 0; j < in.count; ++j) {
        float z = 0.0f;
        for (int i = 0; i <= j; ++i) {
            z += in.cholesky[j * MaxInputs + i] * normal[i];
        }
        score[j] = z;
        param[in.param[j] * stride] = inputValue(in, j, z);
    }
}

/// Parameter `slot` of a path whose parameter values lie at `p[slot * stride]`.
JEVONS_HD JEVONS_INLINE float paramAt(const float *p, int stride, int slot)
{
    return p[slot * stride];
}

/// X = x(kappa) / x(kappa0), x(k) = 1 + chi k (1/rho - 1): restricted buyers need more chips for the same
/// work, relative to the controls in force when the start state was observed (docs/model.md).
JEVONS_HD JEVONS_INLINE float exportControlFactor(const float *p, int stride)
{
    const float chi = paramAt(p, stride, P_RestrictedShare);
    const float extra = 1.0f / paramAt(p, stride, P_RestrictedEfficiency) - 1.0f;
    return (1.0f + chi * paramAt(p, stride, P_ExportControl) * extra) /
           (1.0f + chi * paramAt(p, stride, P_ExportControlAtStart) * extra);
}

/// The per-path constants of a path whose parameter values are `p[slot * stride]`.
JEVONS_HD JEVONS_INLINE void deriveConstants(const float *p, int stride, PathConstants &c)
{
#define at(slot) paramAt(p, stride, slot)
    const float exportControl = exportControlFactor(p, stride);
    const float base = at(P_InstalledBase) * Million;
    const float demand0 = at(P_Utilization) * base;
    const float sa = at(P_DemandVolatility), ss = at(P_SupplyVolatility);
    const float lifeMonths = 12.0f * at(P_GpuLife);
    c.demandVol = sa * SqrtDt;
    c.demandDrift = -0.5f * sa * sa * Dt;
    c.lnEfficiencyStep = -Dt * kernelLog(at(P_AlgorithmicGain));
    c.lnBreakthrough = kernelLog(at(P_BreakthroughSize));
    c.poissonMean = at(P_BreakthroughRate) * Dt;
    c.poissonZero = kernelExp(-c.poissonMean);
    c.supplyVol = ss * SqrtDt;
    c.supplyDrift = -0.5f * ss * ss * Dt;
    c.capexResponse = at(P_CapexResponse);
    c.revenueResponse = at(P_RevenueResponse);
    c.lnTokens0 = kernelLog(at(P_TokensPerMonth));
    c.lnTokenPrice0 = kernelLog(at(P_TokenPrice));
    // R_0 / S_0 = Q0 c0 / 1e6 / S0.
    c.lnRevenuePerBase0 = c.lnTokens0 + c.lnTokenPrice0 - LnMillion - kernelLog(base);
    c.retirement = 1.0f / lifeMonths;
    c.survival = 1.0f - c.retirement;
    c.disruptionChance = at(P_DisruptionProb) * Dt;
    c.disruptionKeep = 1.0f - at(P_DisruptionLoss);
    c.disruptionMonths = at(P_DisruptionMonths);
    c.lnMaxPremium = kernelLog(at(P_MaxPremium));
    c.elasticity = at(P_PriceElasticity);
    c.invElasticity = 1.0f / c.elasticity;
    // Dinf0 = (1 - s_tr) D0 > 0: s_tr <= 0.9 and u0 >= 0.3.
    c.lnInferenceDemand0 = kernelLog(exportControl * (1.0f - at(P_TrainingShare)) * demand0);
    c.gpuHourPrice0 = at(P_GpuHourPrice);
    c.capexPerUnit0 = at(P_CapexPerH100e);
    c.lnAdoptionRate = kernelLog(at(P_AdoptionGrowth));
    c.lnReasoningRate = kernelLog(at(P_ReasoningGrowth));
    c.lnHardwareRate = kernelLog(at(P_HardwareGain));
    c.shipmentGrowthStep = kernelExp(Dt * kernelLog(at(P_ShipmentGrowth)));
    c.trainingGrowthStep = kernelExp(Dt * kernelLog(at(P_TrainingGrowth)));
    c.costStep = kernelExp(-Dt * c.lnHardwareRate);
    c.powerGrowthStep = kernelExp(Dt * kernelLog(at(P_PowerGrowth)));
    c.kwStep = kernelExp(-Dt * kernelLog(at(P_PowerEfficiency)));
    c.backlogScale = Ln2 / at(P_BacklogHalving);
#undef at
}

/// The start state of a path and its step-0 outputs (docs/model.md, "Step 0 values"): `out[s * stride]`.
JEVONS_HD JEVONS_INLINE void initPath(const float *p, int pstride, PathState &s, GrowthState &g, float *out,
                                      int stride)
{
#define at(slot) paramAt(p, pstride, slot)
    const float exportControl = exportControlFactor(p, pstride);
    const float base = at(P_InstalledBase) * Million, shipments = at(P_Shipments) * Million;
    const float u0 = at(P_Utilization), demand0 = u0 * base;
    const float P0 = at(P_GpuHourPrice), c0 = at(P_TokenPrice), Q0 = at(P_TokensPerMonth),
                K0 = at(P_CapexPerH100e), w0 = at(P_KwPerH100e);
    s.demandShock = 0.0f;
    s.breakthroughs = 0.0f;
    s.supply = base;
    s.lnPremium = 0.0f;
    s.cumulativeCapex = 0.0f;
    s.disruptionLeft = 0.0f;
    s.powerDraw = base * w0;
    s.unpowered = 0.0f;
    s.unpoweredKw = 0.0f;
    s.bookValue = base * K0;
    s.cumulativeRevenue = 0.0f;
    s.lastPhi = 1.0f;
    s.lnRevenuePerBase = kernelLog(Q0) + kernelLog(c0) - LnMillion - kernelLog(base);
    g.trendShipments = shipments;
    g.trainingDemand = exportControl * at(P_TrainingShare) * demand0;
    g.costFactor = 1.0f;
    g.powerAvailable = at(P_PowerGw) * Million;
    g.kwNew = w0;
    out[0 * stride] = demand0;
    out[1 * stride] = base;
    out[2 * stride] = u0;
    out[3 * stride] = u0;
    out[4 * stride] = P0;
    out[5 * stride] = c0;
    out[6 * stride] = Q0;
    out[7 * stride] = Q0 * c0 * 1e-6f;
    out[8 * stride] = shipments * K0;
    out[9 * stride] = 0.0f;
    out[10 * stride] = 0.0f;
    out[11 * stride] = s.powerDraw * 1e-6f;
    out[12 * stride] = s.bookValue / (12.0f * at(P_GpuLife));
    out[13 * stride] = HoursPerMonth * demand0 * P0;
    out[14 * stride] = 0.0f;
#undef at
}

/// The growth factors of month k from those of month k - 1.
JEVONS_HD JEVONS_INLINE void advanceGrowth(const PathConstants &c, GrowthState &g)
{
    g.trendShipments *= c.shipmentGrowthStep;
    g.trainingDemand *= c.trainingGrowthStep;
    g.costFactor *= c.costStep;
    g.powerAvailable *= c.powerGrowthStep;
    g.kwNew *= c.kwStep;
}

/// One step k of docs/model.md for one path, in the spec's order: `out[s * stride]` receives series s and
/// `flags[f * flagStride]` probability f's event (1 or 0). `month` is k, `time` t_k; r0..r3 the step's
/// Philox draws.
JEVONS_HD JEVONS_INLINE void advancePath(const PathConstants &c, PathState &s, const GrowthState &g,
                                         float month, float time, std::uint32_t r0, std::uint32_t r1,
                                         std::uint32_t r2, std::uint32_t r3, float *out, int stride,
                                         float *flags, int flagStride)
{
    // Draws: Box-Muller turns two uniforms into the two independent normals za, zs.
    const float radius = sqrtf(-2.0f * kernelLog(toUniform(r0)));
    // sin(a) is written as cos(a - pi/2): g++ fuses sinf and cosf of one argument into a complex cexpi
    // call that it cannot vectorise, which would make the whole path loop scalar.
    const float angle = TwoPi * toUniform(r1);
    const float za = radius * cosf(angle);
    const float zs = radius * cosf(angle - 0.5f * 3.14159265358979f);
    // nb ~ Poisson(lam dt): the number of CDF terms below the uniform.
    const float uPoisson = toUniform(r2);
    float term = c.poissonZero, cdf = term, breakthroughs = 0.0f;
    for (int j = 0; j < PoissonTerms; ++j) {
        breakthroughs += uPoisson > cdf ? 1.0f : 0.0f;
        term *= c.poissonMean * (1.0f / static_cast<float>(j + 1));
        cdf += term;
    }
    const float uDisruption = toUniform(r3);

    // 1-2. Demand shock and efficiency (F kept as its log); `g` holds the month's growth factors.
    s.demandShock += c.demandVol * za + c.demandDrift;
    // ln F_k = k ln(m_e^-dt) - N_k ln J from the month and the count of breakthroughs, not summed month by
    // month: paths with the same count then share bit-identical prices (the point masses of the token
    // price), whatever the order of their breakthroughs.
    s.breakthroughs += breakthroughs;
    const float lnEfficiency = month * c.lnEfficiencyStep - s.breakthroughs * c.lnBreakthrough;
    // 3-6. Price per task at cost (reasoning is a quality gain, not part of it) and tokens demanded.
    const float lnCostRel = -time * c.lnHardwareRate; // ln(Pc_k / P0)
    const float lnPricePerTask = lnCostRel + lnEfficiency;
    const float lnTokensDemanded =
        time * c.lnAdoptionRate + s.demandShock - c.elasticity * lnPricePerTask + time * c.lnReasoningRate;
    // 7. Demand.
    const float lnInference = c.lnInferenceDemand0 + lnTokensDemanded + lnEfficiency;
    const float inference = clampedExp(lnInference);
    const float training = g.trainingDemand;
    const float demand = inference + training;
    // 8. Disruption.
    const bool ongoing = s.disruptionLeft > 0.5f;
    const bool starts = !ongoing & (uDisruption < c.disruptionChance);
    const bool disrupted = ongoing || starts;
    s.disruptionLeft = ongoing ? s.disruptionLeft - 1.0f : (starts ? c.disruptionMonths - 1.0f : 0.0f);
    // 9. Shipments: last month's premium pulls orders only for the share that could be powered, a waiting
    // backlog halves orders every b months of trend shipments, and orders may follow revenue per H100e.
    const float lnBacklogBrake = -c.backlogScale * s.unpowered / g.trendShipments;
    const float lnRevenueFollow = c.revenueResponse * (s.lnRevenuePerBase - c.lnRevenuePerBase0);
    const float shipments =
        g.trendShipments *
        clampedExp(c.supplyVol * zs + c.supplyDrift + c.capexResponse * s.lastPhi * s.lnPremium +
                   lnBacklogBrake + lnRevenueFollow) *
        (disrupted ? c.disruptionKeep : 1.0f);
    // 10. Power-gated installation: waiting and new accelerators are installed in one proportion phi.
    const float survivingDraw = s.powerDraw * c.survival;
    const float waiting = shipments + s.unpowered;
    const float waitingKw = shipments * g.kwNew + s.unpoweredKw;
    const float room = fmaxf(g.powerAvailable - survivingDraw, 0.0f);
    const float phi = waitingKw <= room ? 1.0f : room / waitingKw;
    s.unpowered = (1.0f - phi) * waiting;
    s.unpoweredKw = (1.0f - phi) * waitingKw;
    // A constrained path draws exactly the power available (survivingDraw + room): written so, not as the
    // rounded sum, so that the draw at the limit is one value (a point mass) across paths.
    s.powerDraw = phi < 1.0f ? fmaxf(survivingDraw, g.powerAvailable) : survivingDraw + waitingKw;
    s.supply = s.supply * c.survival + phi * waiting;
    const float supply = s.supply;
    // 11. Market clearing: the premium r* solves Dinf r^-eps + Dtr = S, capped at r_max.
    const bool shortage = demand > supply;
    const float spare = supply - training;
    const float lnClearing =
        spare > 0.0f ? (lnInference - kernelLog(fmaxf(spare, 1e-30f))) * c.invElasticity : c.lnMaxPremium;
    s.lnPremium = shortage ? fminf(lnClearing, c.lnMaxPremium) : 0.0f;
    const float adjustedDemand = clampedExp(lnInference - c.elasticity * s.lnPremium) + training;
    const float served = fminf(adjustedDemand, supply);
    const float rationed = served / adjustedDemand;
    // 12. Prices.
    const float gpuHourPrice = c.gpuHourPrice0 * g.costFactor * clampedExp(s.lnPremium);
    const float lnTokenPrice = c.lnTokenPrice0 + lnCostRel + s.lnPremium + lnEfficiency;
    const float tokenPrice = clampedExp(lnTokenPrice);
    // 13. Tokens served and revenue. Rationing is applied inside the exponent: tokens demanded before
    // rationing can exceed a float while the tokens actually served fit.
    const float lnTokensServed = c.lnTokens0 + lnTokensDemanded - c.elasticity * s.lnPremium +
                                 kernelLog(fmaxf(rationed, SmallestNormal));
    const float tokensServed = clampedExp(lnTokensServed);
    const float revenue = tokensServed * tokenPrice * 1e-6f;
    // ln(R_k / S_k) for the next month's orders (v_k). Always computed: a select on a run-level switch
    // stops g++ from vectorising the loop, and the log costs less than a scalar loop.
    s.lnRevenuePerBase = lnTokensServed + lnTokenPrice - LnMillion - kernelLog(fmaxf(supply, SmallestNormal));
    // 14. Capex, paid when shipped, powered or not.
    const float capex = shipments * c.capexPerUnit0 * g.costFactor;
    s.cumulativeCapex += capex;
    // 15. Book value at historical cost, written down at the rate the base retires.
    const float depreciation = s.bookValue * c.retirement;
    s.bookValue = s.bookValue - depreciation + capex;
    // 16. What the owners of the compute earn, and cumulative AI revenue.
    const float computeRevenue = HoursPerMonth * served * gpuHourPrice;
    s.cumulativeRevenue += revenue;
    s.lastPhi = phi;

    out[0 * stride] = demand;
    out[1 * stride] = supply;
    // In a shortage the premium clears the market (or is capped below it), so served = supply and the
    // utilization is exactly 1, a point mass; in float the cleared demand rounds to either side of supply.
    out[2 * stride] = shortage ? 1.0f : served / supply;
    out[3 * stride] = demand / supply;
    out[4 * stride] = gpuHourPrice;
    out[5 * stride] = tokenPrice;
    out[6 * stride] = tokensServed;
    out[7 * stride] = revenue;
    out[8 * stride] = capex;
    out[9 * stride] = s.cumulativeCapex;
    out[10 * stride] = s.unpowered;
    out[11 * stride] = s.powerDraw * 1e-6f;
    out[12 * stride] = depreciation;
    out[13 * stride] = computeRevenue;
    out[14 * stride] = s.cumulativeRevenue;
    flags[0 * flagStride] = shortage ? 1.0f : 0.0f;
    flags[1 * flagStride] = phi < 1.0f ? 1.0f : 0.0f;
    flags[2 * flagStride] = s.cumulativeRevenue >= s.cumulativeCapex ? 1.0f : 0.0f;
}
