#include "models/balanced/vector_steps.hpp"

#include <cmath>
#include <cstring>

#include "models/balanced/fast_exp.hpp"
#include "models/balanced/float_exp.hpp"

// gcc builds an AVX2 and a baseline version of each function and picks one when the program
// loads (clang 14, the sanitizer build, keeps the baseline only). The engine is compiled with
// -ffp-contract=off, and AVX2 alone has no FMA.
#if defined(__x86_64__) && defined(__GNUC__)
#define SPIKEFIT_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SPIKEFIT_VECTOR_CLONES
#endif
// The helpers below are inlined into each clone, so they are compiled for its target.
#define SPIKEFIT_INLINE_INTO_CLONE inline __attribute__((always_inline))

namespace spikefit::engine {

namespace {

// synapse_step and apply_spike_count, in that order of operations.
template <SynapseKind kKind, class Real>
SPIKEFIT_INLINE_INTO_CLONE void step_channel_of_kind(const SynapseConstants& synapse, double dt_,
                                                     double kick_, const ChannelArrays<Real>& a,
                                                     std::size_t begin, std::size_t end) {
  Real* __restrict current = a.current;
  Real* __restrict derivative = a.derivative;
  uint32_t* __restrict count = a.count;
  Real* __restrict input = a.input;
  const Real dt = static_cast<Real>(dt_);
  const Real kick = static_cast<Real>(kick_);
  const Real rate_sum = static_cast<Real>(synapse.rate_sum);
  const Real rate_product = static_cast<Real>(synapse.rate_product);
  for (std::size_t j = begin; j < end; ++j) {
    // A signed conversion: it vectorises on every x86-64 (the counts are far below 2^31).
    Real p = derivative[j] + static_cast<Real>(static_cast<int32_t>(count[j])) * kick;
    count[j] = 0;
    Real i = current[j];
    if constexpr (kKind == SynapseKind::kSecondOrder) {
      i += p * dt;
      p -= dt * (p * rate_sum + i * rate_product);
    } else {
      i += p - dt * i * rate_sum;
      p = 0;
    }
    current[j] = i;
    derivative[j] = p;
    input[j] += i;
  }
}

template <class Real>
SPIKEFIT_INLINE_INTO_CLONE void step_channel_of(const SynapseConstants& synapse, double dt,
                                                double kick, const ChannelArrays<Real>& arrays,
                                                std::size_t begin, std::size_t end) {
  if (synapse.kind == SynapseKind::kSecondOrder) {
    step_channel_of_kind<SynapseKind::kSecondOrder>(synapse, dt, kick, arrays, begin, end);
  } else {
    step_channel_of_kind<SynapseKind::kExponential>(synapse, dt, kick, arrays, begin, end);
  }
}

SPIKEFIT_INLINE_INTO_CLONE double spike_exp(SpikeExp kind, double x) {
  return kind == SpikeExp::kExact ? std::exp(x) : schraudolph_exp(x);
}

SPIKEFIT_INLINE_INTO_CLONE float spike_exp(SpikeExp kind, float x) {
  return kind == SpikeExp::kExact ? polynomial_expf(x)
                                  : static_cast<float>(schraudolph_exp(static_cast<double>(x)));
}

// integrate_fire_step, branch-free.
template <SpikeExp kExp, class Real>
SPIKEFIT_INLINE_INTO_CLONE void step_neurons_with(const IntegrateFireConstants& c, double dt_,
                                                  const Real* __restrict input, Real* __restrict v,
                                                  int32_t* __restrict refractory, std::size_t n,
                                                  Real* __restrict exp_term,
                                                  uint8_t* __restrict spiked) {
  // Locals, so that the loops read no memory that v or refractory could alias.
  const Real dt = static_cast<Real>(dt_);
  const Real V_T = static_cast<Real>(c.V_T), inv_Delta_T = static_cast<Real>(c.inv_Delta_T);
  const Real exp_scale = static_cast<Real>(c.g_L * c.Delta_T);
  const Real I_ext = static_cast<Real>(c.I_ext), g_L = static_cast<Real>(c.g_L);
  const Real E_L = static_cast<Real>(c.E_L), inv_C = static_cast<Real>(c.inv_C);
  const Real V_floor = static_cast<Real>(c.V_floor), V_cut = static_cast<Real>(c.V_cut);
  const Real V_reset = static_cast<Real>(c.V_reset);
  const int32_t refractory_steps = c.refractory_steps;
  if constexpr (kExp != SpikeExp::kNone) {
    for (std::size_t j = 0; j < n; ++j) exp_term[j] = (v[j] - V_T) * inv_Delta_T;
    // Refractory neurons too, as integrate_fire_step's callers do not know which are: their
    // result is discarded below. In double precision, glibc's exp, called once per neuron.
    for (std::size_t j = 0; j < n; ++j) exp_term[j] = spike_exp(kExp, exp_term[j]);
  }
  for (std::size_t j = 0; j < n; ++j) {
    const Real v0 = v[j];
    const int32_t r0 = refractory[j];
    Real drive = (input[j] + I_ext) - g_L * (v0 - E_L);
    if constexpr (kExp != SpikeExp::kNone) drive += exp_scale * exp_term[j];
    const Real step = drive * dt * inv_C;
    const Real to_floor = V_floor - v0;
    const Real integrated = v0 + (step > to_floor ? step : to_floor);
    const Real held = r0 > 1 ? V_cut : V_reset;
    const bool integrating = r0 <= 0;
    const Real v1 = integrating ? integrated : held;
    const int32_t r1 = integrating ? r0 : r0 - 1;
    const bool spike = (v1 >= V_cut) & (r1 <= 0);
    v[j] = spike ? V_cut : v1;
    refractory[j] = spike ? refractory_steps : r1;
    spiked[j] = spike ? 1 : 0;
  }
}

template <class Real>
SPIKEFIT_INLINE_INTO_CLONE void step_neurons_of(const IntegrateFireConstants& c, double dt,
                                                const Real* input, Real* v, int32_t* refractory,
                                                std::size_t n, Real* scratch, uint8_t* spiked) {
  switch (c.exp_kind) {
    case SpikeExp::kExact:
      return step_neurons_with<SpikeExp::kExact>(c, dt, input, v, refractory, n, scratch, spiked);
    case SpikeExp::kSchraudolph:
      return step_neurons_with<SpikeExp::kSchraudolph>(c, dt, input, v, refractory, n, scratch,
                                                       spiked);
    case SpikeExp::kNone:
      return step_neurons_with<SpikeExp::kNone>(c, dt, input, v, refractory, n, scratch, spiked);
  }
}

}  // namespace

SPIKEFIT_VECTOR_CLONES void step_channel(const SynapseConstants& synapse, double dt, double kick,
                                         const ChannelArrays<double>& arrays, std::size_t begin,
                                         std::size_t end) {
  step_channel_of(synapse, dt, kick, arrays, begin, end);
}

SPIKEFIT_VECTOR_CLONES void step_channel(const SynapseConstants& synapse, double dt, double kick,
                                         const ChannelArrays<float>& arrays, std::size_t begin,
                                         std::size_t end) {
  step_channel_of(synapse, dt, kick, arrays, begin, end);
}

SPIKEFIT_VECTOR_CLONES void merge_counts(uint32_t* __restrict count, uint32_t* __restrict extra,
                                         std::size_t begin, std::size_t end) {
  for (std::size_t j = begin; j < end; ++j) {
    count[j] += extra[j];
    extra[j] = 0;
  }
}

SPIKEFIT_VECTOR_CLONES void step_neurons(const IntegrateFireConstants& neuron, double dt,
                                         const double* input, double* v, int32_t* refractory,
                                         std::size_t n, double* scratch, uint8_t* spiked) {
  step_neurons_of(neuron, dt, input, v, refractory, n, scratch, spiked);
}

SPIKEFIT_VECTOR_CLONES void step_neurons(const IntegrateFireConstants& neuron, double dt,
                                         const float* input, float* v, int32_t* refractory,
                                         std::size_t n, float* scratch, uint8_t* spiked) {
  step_neurons_of(neuron, dt, input, v, refractory, n, scratch, spiked);
}

void append_spikes(const uint8_t* spiked, std::size_t n, uint32_t first,
                   std::vector<uint32_t>& out) {
  std::size_t j = 0;
  for (; j + 8 <= n; j += 8) {  // spikes are rare: skip eight quiet neurons at a time
    uint64_t word;
    std::memcpy(&word, spiked + j, sizeof word);
    if (word == 0) continue;
    for (std::size_t k = j; k < j + 8; ++k) {
      if (spiked[k] != 0) out.push_back(first + static_cast<uint32_t>(k));
    }
  }
  for (; j < n; ++j) {
    if (spiked[j] != 0) out.push_back(first + static_cast<uint32_t>(j));
  }
}

}  // namespace spikefit::engine
