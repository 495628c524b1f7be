#pragma once

// Plain data shared by the host side of the CUDA backend (trial_layout.cpp, cuda_ensemble.cpp)
// and its kernels (trial_kernel.cu, connectivity_kernels.cu). Everything here is trivially
// copyable: descriptors are built on the host and copied to the device as bytes.

#include <cstddef>
#include <cstdint>

#include "models/balanced/neuron_models.hpp"
#include "models/balanced/synapse_models.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"

namespace spikefit::engine::cuda {

constexpr uint32_t kMaxPopulations = 8;
constexpr uint32_t kMaxChannels = 16;  // one per projection
constexpr uint32_t kMaxInputs = 4;

enum class DeviceStatus : uint32_t { kOk = 0, kRunaway = 1, kNonFinite = 2 };

struct DevicePopulation {
  IntegrateFireConstants neuron;
  double v_init_low = 0.0;
  double v_init_high = 0.0;
  uint32_t offset = 0;  // first neuron (trial-global index)
  uint32_t size = 0;
  uint32_t first_in = 0;  // channels into the population: in_list[first_in .. + in_count)
  uint32_t in_count = 0;
  uint32_t first_out = 0;  // channels out of it: out_list[first_out .. + out_count)
  uint32_t out_count = 0;
};

// One projection: its synaptic current in every neuron of the post population, and its CSR rows.
struct DeviceChannel {
  SynapseConstants synapse;
  double kick = 0.0;
  uint32_t post = 0;
  uint32_t state_offset = 0;  // index of the post population's neuron 0 in current/derivative/count
  uint32_t n_pre = 0;
  uint32_t targets_are_16bit = 0;
  const uint32_t* offsets = nullptr;  // [n_pre + 1]
  const uint16_t* targets16 = nullptr;
  const uint32_t* targets32 = nullptr;
};

struct DeviceInput {
  double mean = 0.0;  // spikes per step
  double exp_neg_mean = 0.0;
  uint32_t size = 0;
  uint32_t first_out = 0;
  uint32_t out_count = 0;
};

// What the kernel reports per trial besides the per-neuron arrays.
struct TrialSummary {
  uint64_t steps_simulated = 0;
  uint64_t total_spikes = 0;
  uint64_t synaptic_events = 0;
  int64_t first_spike_step = -1;
  int64_t last_spike_step = -1;
  uint64_t raster_count = 0;  // entries written (never above the capacity, see trial_layout.cpp)
  uint32_t status = 0;        // DeviceStatus
  uint32_t padding = 0;
};

struct RasterEntry {
  uint64_t step;
  uint32_t neuron;
  uint32_t padding;
};

// Where a block keeps each working array: in its shared memory when the plan says so, else in
// the trial's global-memory slice (the kernel uses generic pointers either way).
struct SharedPlan {
  std::size_t bytes = 0;  // dynamic shared memory of the block
  bool spike_list_in_shared = false;
  bool counts_in_shared = false;
  bool state_in_shared = false;
};

struct TrialDescriptor {
  uint64_t seed = 0;
  double dt = 0.0;
  uint64_t steps = 0;  // steps 1 .. steps-1 are simulated
  uint64_t spike_cap = 0;
  uint32_t n_populations = 0;
  uint32_t n_channels = 0;
  uint32_t n_inputs = 0;
  uint32_t n_neurons = 0;
  uint32_t channel_neurons = 0;  // sum over channels of the post population size
  uint32_t capture_state = 0;    // copy the final state to the global arrays below

  DevicePopulation populations[kMaxPopulations];
  DeviceChannel channels[kMaxChannels];
  DeviceInput inputs[kMaxInputs];
  uint8_t in_list[kMaxChannels];   // channels grouped by post population, projection order
  uint8_t out_list[kMaxChannels];  // channels grouped by source (populations, then inputs)

  // Recording (recording.hpp).
  uint64_t burn_in_step = 0;
  uint64_t count_bin_steps = 1;
  uint64_t activity_bin_steps = 0;  // 0: no activity
  uint64_t raster_capacity = 0;
  uint32_t count_population = 0;
  uint32_t count_bins = 0;
  uint32_t count_neurons = 0;
  uint32_t activity_bins = 0;
  uint32_t raster_population = 0;
  uint32_t raster_neurons = 0;

  // Outputs, in the chunk's output section (copied back in one piece).
  TrialSummary* summary = nullptr;
  uint16_t* counts = nullptr;                // [count_bins x count_neurons]
  uint32_t* activity = nullptr;              // [populations x activity_bins]
  uint32_t* spikes_after_burn_in = nullptr;  // [neurons]
  uint32_t* isi_count = nullptr;             // [neurons]
  double* isi_sum = nullptr;                 // [neurons]
  double* isi_sum_sq = nullptr;              // [neurons]
  RasterEntry* raster = nullptr;             // [raster_capacity]

  // Working arrays in global memory (null where the plan puts them in shared memory and the
  // final state is not captured).
  uint32_t* spike_list = nullptr;  // [neurons]
  uint32_t* count = nullptr;       // [channel_neurons]
  double* v = nullptr;             // [neurons]
  int32_t* refractory = nullptr;   // [neurons]
  int64_t* last_spike = nullptr;   // [neurons]
  double* current = nullptr;       // [channel_neurons]
  double* derivative = nullptr;    // [channel_neurons]

  SharedPlan shared;
};

// Scalars a block keeps in shared memory between its phases.
struct BlockScratch {
  uint64_t total_spikes;
  uint64_t synaptic_events;
  int64_t first_spike_step;
  int64_t last_spike_step;
  unsigned long long raster_count;
  uint32_t spike_count[2];  // this step's spikes, double-buffered by step parity
  uint32_t activity[kMaxPopulations];
  uint32_t input_spikes[kMaxInputs];
  uint32_t input_first_draw[kMaxInputs];
  uint32_t stop;  // DeviceStatus once the trial stops
};

// Builds one projection's CSR rows on the device (connectivity.hpp row generators).
enum class RowRule : uint32_t { kFixedOutDegree = 0, kFixedInDegree = 1, kBernoulli = 2 };

struct ConnectivityJob {
  uint64_t seed = 0;
  uint32_t stream = 0;
  RowRule rule = RowRule::kFixedOutDegree;
  uint32_t n_pre = 0;
  uint32_t n_post = 0;
  uint32_t degree = 0;
  uint32_t wrapped_gaussian = 0;
  Lattice pre_lattice;
  Lattice post_lattice;
  double sigma = 0.0;
  double probability = 0.0;
  double log_q = 0.0;                 // log1p(-probability)
  uint32_t* row_length = nullptr;     // [n_pre] counted by the first pass (in-degree, Bernoulli)
  uint32_t* row_cursor = nullptr;     // [n_pre] fill positions (in-degree)
  const uint32_t* offsets = nullptr;  // [n_pre + 1]
  uint16_t* targets16 = nullptr;
  uint32_t* targets32 = nullptr;
};

}  // namespace spikefit::engine::cuda
