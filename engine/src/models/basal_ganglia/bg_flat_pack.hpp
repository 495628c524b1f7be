#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/basal_ganglia/bg_flat_trial.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"
#include "spikefit/engine/recording.hpp"

namespace spikefit::engine::bg {

// A flattened trial on the host: its descriptor, its arena (8-byte aligned) and what unpacking
// needs. `error` is set (and nothing else) when the trial cannot be built, e.g. an impossible
// wiring; it becomes the recording's kError message.
struct BgPackedTrial {
  BgFlatTrial trial;
  std::vector<uint64_t> arena;        // [trial.arena_bytes / 8]
  std::vector<uint32_t> out_degree;   // [neurons] synaptic targets per cell
  std::vector<double> smc_onsets_ms;  // as the recording
  std::vector<double> dbs_onsets_ms;
  std::string error;
  char* bytes() { return reinterpret_cast<char*>(arena.data()); }
  const char* bytes() const { return reinterpret_cast<const char*>(arena.data()); }
};

// Connectivity, initial state, drives and empty outputs of trial `seed`, drawn from the same
// Philox streams as the CPU reference. The flat form does not record mean V (record_mean_v is an
// error) and holds at most kBgFlatMaxPopulations populations and kBgFlatMaxPathways pathways.
BgPackedTrial pack_bg_trial(const BgNetworkSpec& net, uint64_t seed);

// The host twin of the CUDA kernel: runs the packed trial in place, cell after cell per step.
void run_bg_flat_trial_host(const BgFlatTrial& trial, char* arena);

// The recording of a finished packed trial (raster sorted by time then neuron).
TrialRecording unpack_bg_trial(const BgNetworkSpec& net, uint64_t seed,
                               const BgPackedTrial& packed);

// pack + run on the host + unpack: must equal simulate_bg_trial_cpu exactly.
TrialRecording simulate_bg_trial_flat(const BgNetworkSpec& net, uint64_t seed);

}  // namespace spikefit::engine::bg
