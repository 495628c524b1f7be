#pragma once

#include <cstdint>

namespace spikefit::engine {

// How the spike-generating exponential of the EIF model is evaluated. kNone gives the LIF model.
enum class SpikeExp : int32_t { kNone = 0, kExact = 1, kSchraudolph = 2 };

// The floating-point type of a trial's dynamical state (V, synaptic currents, inputs) on the CPU
// backend. float64 is the reference (bit-exact across thread counts, backends and releases);
// float32 halves the memory traffic and doubles the vector width, and gives the same statistics
// within sampling noise, not the same spikes.
enum class StatePrecision : int32_t { kFloat64 = 0, kFloat32 = 1 };

// The synaptic current kernel of a projection (the step rules: src/models/balanced/
// synapse_models.hpp).
enum class SynapseKind : int { kSecondOrder = 0, kExponential = 1 };

}  // namespace spikefit::engine
