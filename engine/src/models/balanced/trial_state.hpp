#pragma once

#include <cstdint>
#include <vector>

namespace spikefit::engine {

// The dynamical state of a trial after its last simulated step, for comparing backends.
// Channels (one per projection) are concatenated in projection order, each [post size].
struct TrialState {
  std::vector<double> v;                // [neurons]
  std::vector<int32_t> refractory;      // [neurons]
  std::vector<double> current;          // I [sum of post sizes]
  std::vector<double> derivative;       // P [sum of post sizes]
  std::vector<uint32_t> pending_count;  // spikes delivered in the last step, not yet in P
};

}  // namespace spikefit::engine
