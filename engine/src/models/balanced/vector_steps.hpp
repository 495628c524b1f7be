#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/balanced/neuron_models.hpp"
#include "models/balanced/synapse_models.hpp"

namespace spikefit::engine {

// The CPU trial's per-step updates over contiguous arrays, written so that the compiler
// vectorises them (AVX2 where the CPU has it, SSE2 otherwise: one build, chosen at load time).
// In double precision they do, element by element, the arithmetic of synapse_step,
// apply_spike_count and integrate_fire_step in the same order without FMA contraction, so the
// results are the bits of those scalar rules (which the CUDA kernel uses). In single precision
// (simulation.precision "float32") the same formulas run on floats: the constants are rounded to
// float once, and the "exact" exponential is polynomial_expf (float_exp.hpp).

// One synaptic current channel's targets [begin, end): P += count * kick, count = 0, one
// synapse_step, input += I. All arrays are indexed by the target (local to the post population).
template <class Real>
struct ChannelArrays {
  Real* current;     // I
  Real* derivative;  // P
  uint32_t* count;   // spikes delivered last step (< 2^24)
  Real* input;       // summed synaptic current of the target
};
void step_channel(const SynapseConstants& synapse, double dt, double kick,
                  const ChannelArrays<double>& arrays, std::size_t begin, std::size_t end);
void step_channel(const SynapseConstants& synapse, double dt, double kick,
                  const ChannelArrays<float>& arrays, std::size_t begin, std::size_t end);

// Adds `extra` into `count` and clears `extra`, elements [begin, end).
void merge_counts(uint32_t* count, uint32_t* extra, std::size_t begin, std::size_t end);

// One integrate_fire_step of the n neurons at v, refractory, input (one population's range).
// spiked[j] = 1 where neuron j spikes, 0 elsewhere. scratch: n values of working space.
void step_neurons(const IntegrateFireConstants& neuron, double dt, const double* input, double* v,
                  int32_t* refractory, std::size_t n, double* scratch, uint8_t* spiked);
void step_neurons(const IntegrateFireConstants& neuron, double dt, const float* input, float* v,
                  int32_t* refractory, std::size_t n, float* scratch, uint8_t* spiked);

// Appends first + j to `out` for every j < n with spiked[j] != 0, in ascending order.
void append_spikes(const uint8_t* spiked, std::size_t n, uint32_t first,
                   std::vector<uint32_t>& out);

}  // namespace spikefit::engine
