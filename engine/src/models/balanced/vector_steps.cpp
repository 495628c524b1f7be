#include "models/balanced/vector_steps.hpp"

#include <cmath>
#include <cstring>

#include "models/balanced/fast_exp.hpp"

// gcc and clang build an AVX2 and a baseline version of each function and pick one when the
// program loads. The engine is compiled with -ffp-contract=off, and AVX2 alone has no FMA.
#if defined(__x86_64__) && defined(__GNUC__)
#define SPIKEFIT_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SPIKEFIT_VECTOR_CLONES
#endif
// The helpers below are inlined into each clone, so they are compiled for its target.
#define SPIKEFIT_INLINE_INTO_CLONE inline __attribute__((always_inline))

namespace spikefit::engine {

namespace {

template <SynapseKind kKind>
SPIKEFIT_INLINE_INTO_CLONE void step_channel_of_kind(const SynapseConstants& synapse, double dt,
                                                     double kick, const ChannelArrays& arrays,
                                                     std::size_t begin, std::size_t end) {
  double* __restrict current = arrays.current;
  double* __restrict derivative = arrays.derivative;
  uint32_t* __restrict count = arrays.count;
  double* __restrict input = arrays.input;
  const SynapseConstants s{kKind, synapse.rate_sum, synapse.rate_product};
  for (std::size_t j = begin; j < end; ++j) {
    // apply_spike_count, with a signed conversion (it vectorises on every x86-64; the counts
    // are far below 2^31).
    double p = derivative[j] + static_cast<double>(static_cast<int32_t>(count[j])) * kick;
    count[j] = 0;
    double i = current[j];
    synapse_step(s, dt, i, p);
    current[j] = i;
    derivative[j] = p;
    input[j] += i;
  }
}

template <SpikeExp kExp>
SPIKEFIT_INLINE_INTO_CLONE void step_neurons_with(const IntegrateFireConstants& c, double dt,
                                                  const double* __restrict input,
                                                  double* __restrict v,
                                                  int32_t* __restrict refractory, std::size_t n,
                                                  double* __restrict exp_term,
                                                  uint8_t* __restrict spiked) {
  if constexpr (kExp != SpikeExp::kNone) {
    for (std::size_t j = 0; j < n; ++j) exp_term[j] = (v[j] - c.V_T) * c.inv_Delta_T;
    // glibc's scalar exp, called once per neuron as integrate_fire_step does (refractory
    // neurons too: their result is discarded below).
    for (std::size_t j = 0; j < n; ++j) {
      exp_term[j] = kExp == SpikeExp::kExact ? std::exp(exp_term[j]) : schraudolph_exp(exp_term[j]);
    }
  }
  // Locals, so that the loop reads no memory that v or refractory could alias.
  const double exp_scale = c.g_L * c.Delta_T;
  const double I_ext = c.I_ext, g_L = c.g_L, E_L = c.E_L, inv_C = c.inv_C;
  const double V_floor = c.V_floor, V_cut = c.V_cut, V_reset = c.V_reset;
  const int32_t refractory_steps = c.refractory_steps;
  for (std::size_t j = 0; j < n; ++j) {
    const double v0 = v[j];
    const int32_t r0 = refractory[j];
    double drive = (input[j] + I_ext) - g_L * (v0 - E_L);
    if constexpr (kExp != SpikeExp::kNone) drive += exp_scale * exp_term[j];
    const double step = drive * dt * inv_C;
    const double to_floor = V_floor - v0;
    const double integrated = v0 + (step > to_floor ? step : to_floor);
    const double held = r0 > 1 ? V_cut : V_reset;
    const bool integrating = r0 <= 0;
    const double v1 = integrating ? integrated : held;
    const int32_t r1 = integrating ? r0 : r0 - 1;
    const bool spike = (v1 >= V_cut) & (r1 <= 0);
    v[j] = spike ? V_cut : v1;
    refractory[j] = spike ? refractory_steps : r1;
    spiked[j] = spike ? 1 : 0;
  }
}

}  // namespace

SPIKEFIT_VECTOR_CLONES void step_channel(const SynapseConstants& synapse, double dt, double kick,
                                         const ChannelArrays& arrays, std::size_t begin,
                                         std::size_t end) {
  if (synapse.kind == SynapseKind::kSecondOrder) {
    step_channel_of_kind<SynapseKind::kSecondOrder>(synapse, dt, kick, arrays, begin, end);
  } else {
    step_channel_of_kind<SynapseKind::kExponential>(synapse, dt, kick, arrays, begin, end);
  }
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
  switch (neuron.exp_kind) {
    case SpikeExp::kExact:
      return step_neurons_with<SpikeExp::kExact>(neuron, dt, input, v, refractory, n, scratch,
                                                 spiked);
    case SpikeExp::kSchraudolph:
      return step_neurons_with<SpikeExp::kSchraudolph>(neuron, dt, input, v, refractory, n, scratch,
                                                       spiked);
    case SpikeExp::kNone:
      return step_neurons_with<SpikeExp::kNone>(neuron, dt, input, v, refractory, n, scratch,
                                                spiked);
  }
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
