// Float math of the path kernel: exp and log (inline Cephes versions where the CPU has FMA), the uniform
// and Philox draws. Included by path_kernel.inl inside its backend namespace, so each compiled backend
// (CPU ISA level or CUDA) has its own copy.

constexpr float TwoPi = 6.28318530717958647692f;
// Exponents are clamped so that no intermediate overflows a float (exp(88) = 1.65e38); only scenarios at
// the far corners of the slider ranges get there, and their outputs then saturate instead of turning
// into Inf or NaN.
constexpr float MaxExponent = 80.0f;
constexpr float MinExponent = -87.0f;

#if defined(__CUDA_ARCH__) || !defined(__FMA__)
// CUDA's expf/logf are fast device functions. The generic x86-64 build (no FMA) keeps glibc's too: without
// fused multiply-adds, -ffast-math re-associates the range reduction below and costs up to 60 ulp.
JEVONS_HD JEVONS_INLINE float kernelExp(float x)
{
    return expf(x);
}
JEVONS_HD JEVONS_INLINE float kernelLog(float x)
{
    return logf(x);
}
#else
// On CPUs with FMA (the AVX2 and AVX-512 builds), inline versions of Cephes' expf and logf (S. L. Moshier,
// Cephes Math Library 2.2, the same polynomials): glibc's vector expf/logf are out-of-line calls that
// handle every special case, and took 24 % of a 100k-path run (perf, AVX-512). Measured against double
// precision over their whole input range here: exp within 0.9 ulp on [MinExponent, MaxExponent] (its
// argument is always clamped), log within 1.6 ulp on positive normal floats (its only inputs).
JEVONS_INLINE float bitsToFloat(std::uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

JEVONS_INLINE std::uint32_t floatToBits(float f)
{
    std::uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    return bits;
}

JEVONS_INLINE float kernelExp(float x)
{
    // exp(x) = 2^n exp(r), n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2] (ln 2 in two parts).
    const float n = floorf(x * 1.44269504088896341f + 0.5f);
    const float r = fmaf(n, 2.12194440e-4f, fmaf(-n, 0.693359375f, x)); // fused: never re-associated
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    const float er = p * r * r + r + 1.0f;
    // n is in [-126, 116] for the clamped arguments: 2^n is a normal float.
    return er * bitsToFloat(static_cast<std::uint32_t>(static_cast<int>(n) + 127) << 23);
}

JEVONS_INLINE float kernelLog(float x)
{
    // x = m 2^e with m in [sqrt(1/2), sqrt(2)); log(x) = log(m) + e ln 2.
    const std::uint32_t bits = floatToBits(x);
    const int exponent = static_cast<int>(bits >> 23) - 127;
    const float mantissa = bitsToFloat((bits & 0x007fffffu) | 0x3f800000u); // in [1, 2)
    const bool high = mantissa > 1.41421356237f;
    const float m = (high ? 0.5f * mantissa : mantissa) - 1.0f;
    const float e = static_cast<float>(high ? exponent + 1 : exponent);
    const float z = m * m;
    float p = 7.0376836292e-2f;
    p = p * m - 1.1514610310e-1f;
    p = p * m + 1.1676998740e-1f;
    p = p * m - 1.2420140846e-1f;
    p = p * m + 1.4249322787e-1f;
    p = p * m - 1.6668057665e-1f;
    p = p * m + 2.0000714765e-1f;
    p = p * m - 2.4999993993e-1f;
    p = p * m + 3.3333331174e-1f;
    float y = p * m * z;
    y += e * -2.12194440e-4f;
    y -= 0.5f * z;
    return (m + y) + e * 0.693359375f;
}
#endif

JEVONS_HD JEVONS_INLINE float clampedExp(float x)
{
    return kernelExp(fminf(fmaxf(x, MinExponent), MaxExponent));
}

/// Uniform in (0, 1) from the top 24 bits: never 0, so log() in Box-Muller stays finite.
JEVONS_HD JEVONS_INLINE float toUniform(std::uint32_t bits)
{
    return (static_cast<float>(bits >> 8) + 0.5f) * (1.0f / 16777216.0f);
}

/// The four 32-bit draws of Philox4x32-10 keyed by the seed at counter (path, index, stream): stream 0 holds
/// the step draws (index = step), stream 1 the uncertain inputs' draws (index = parameter).
JEVONS_HD JEVONS_INLINE void philoxDraws(const ModelConstants &model, std::uint64_t path, int index,
                                         std::uint32_t stream, std::uint32_t out[4])
{
    r123::Philox4x32 rng;
    const r123::Philox4x32::ctr_type counter = {{static_cast<std::uint32_t>(path),
                                                 static_cast<std::uint32_t>(path >> 32),
                                                 static_cast<std::uint32_t>(index), stream}};
    const r123::Philox4x32::key_type key = {{model.seedLo, model.seedHi}};
    const r123::Philox4x32::ctr_type r = rng(counter, key);
    out[0] = r.v[0];
    out[1] = r.v[1];
    out[2] = r.v[2];
    out[3] = r.v[3];
}
