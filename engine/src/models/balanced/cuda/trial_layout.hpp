#pragma once

// Host side of the CUDA backend, without any CUDA call: what one trial needs on the device
// (descriptor, connectivity jobs, memory), and where a block keeps its working arrays.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/balanced/cuda/device_layout.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"

namespace spikefit::engine::cuda {

// Byte offsets of consecutive, 256-byte aligned pieces of one device allocation.
class ArenaPlan {
 public:
  std::size_t take(std::size_t bytes) {
    const std::size_t at = size_;
    size_ += (bytes + 255) & ~std::size_t{255};
    return at;
  }
  std::size_t size() const { return size_; }

 private:
  std::size_t size_ = 0;
};

// Which working arrays of a block go into shared memory, within `budget` bytes: the spike list
// first, then the spike counts, then the neuron and synapse state; what does not fit stays in
// global memory.
SharedPlan plan_shared_memory(uint32_t neurons, uint32_t channel_neurons, std::size_t fixed_bytes,
                              std::size_t budget);

// Raster entries a trial can produce at most: each raster neuron spikes at most once per
// refractory period, and the trial stops once the spike cap is reached.
uint64_t raster_capacity(const NetworkSpec& net);

// One trial, before device memory exists: the descriptor (pointers unset), one connectivity job
// per projection, the row offsets the host knows (fixed out-degree), and byte counts.
struct TrialLayout {
  TrialDescriptor descriptor;
  std::vector<ConnectivityJob> jobs;           // [projections]
  std::vector<std::vector<uint32_t>> offsets;  // [projections][n_pre + 1]; empty when counted
  std::vector<uint64_t> known_synapses;        // [projections]; 0 for Bernoulli (counted)

  bool has_counted_rows() const;
};

// Throws std::runtime_error when the network exceeds what the CUDA backend supports (more than
// kMaxPopulations populations, kMaxChannels projections, kMaxInputs inputs, 2^32 synapses in one
// projection).
// The shared-memory plan uses plan_shared_memory(.., fixed_bytes, shared_budget).
TrialLayout build_trial_layout(const NetworkSpec& net, uint64_t seed, std::size_t fixed_bytes,
                               std::size_t shared_budget, bool capture_state);

// Device bytes of a trial: outputs (copied back) and working memory, Bernoulli targets included
// at their expected size (the exact size is known after the count pass).
struct TrialBytes {
  std::size_t outputs = 0;
  std::size_t work = 0;
};
TrialBytes trial_bytes(const TrialLayout& layout);

// Consecutive groups of trials [begin, end): each holds at most `max_trials` trials and, past its
// first trial, at most `budget` bytes.
std::vector<std::pair<std::size_t, std::size_t>> split_batch(
    const std::vector<std::size_t>& bytes_per_trial, std::size_t max_trials, std::size_t budget);

}  // namespace spikefit::engine::cuda
