#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/engine/network.hpp"
#include "spikefit/engine/recording.hpp"

namespace spikefit::engine {

// One independent network realisation to simulate: the network of any model with its parameter
// values bound (shared between the trials that use it), and the trial seed that keys all its
// randomness (connectivity, initial state, inputs).
struct TrialInput {
  std::shared_ptr<const Network> network;
  uint64_t seed = 0;
};

struct RunOptions {
  int threads = 0;  // CPU threads (0: all hardware threads)
  // Called after each finished trial with (finished, total); may be called from worker threads,
  // one call at a time.
  std::function<void(std::size_t, std::size_t)> on_trial_done;
};

// A backend that simulates a batch of independent trials, of one model or several. Trial k's
// result depends only on trials[k], never on the batch, its order or the thread count.
class Ensemble {
 public:
  virtual ~Ensemble() = default;
  virtual std::string backend_name() const = 0;  // "cpu", "cuda"
  virtual std::string device_name() const = 0;
  // One recording per trial, in order. Trial failures are reported in the recording's status,
  // never thrown.
  virtual std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                          const RunOptions& options) = 0;
};

// The reference backend for every model: one trial per OpenMP thread (options.threads, 0 = all),
// each trial run by its network's simulate_cpu; when a batch (or its last partial wave) has fewer
// trials than threads, those trials are split over the threads (Network::simulate_cpu_team).
std::unique_ptr<Ensemble> make_cpu_ensemble();

}  // namespace spikefit::engine
