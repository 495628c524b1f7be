#pragma once

#include <cstdint>

namespace spikefit::engine {

// How the spike-generating exponential of the EIF model is evaluated. kNone gives the LIF model.
enum class SpikeExp : int32_t { kNone = 0, kExact = 1, kSchraudolph = 2 };

// The synaptic current kernel of a projection (the step rules: src/models/balanced/
// synapse_models.hpp).
enum class SynapseKind : int { kSecondOrder = 0, kExponential = 1 };

}  // namespace spikefit::engine
