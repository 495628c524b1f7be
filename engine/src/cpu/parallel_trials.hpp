#pragma once

#include <omp.h>

#include <cstdint>
#include <mutex>
#include <vector>

#include "spikefit/engine/ensemble.hpp"

namespace spikefit::engine {

// The CPU backends' batch loop: one trial per OpenMP thread (options.threads, 0 = all), no
// threading inside a trial, progress reported one call at a time. Output k = simulate(trials[k]).
template <class Output, class Input, class Simulate>
std::vector<Output> run_trials_in_parallel(const std::vector<Input>& trials,
                                           const RunOptions& options, Simulate simulate) {
  std::vector<Output> out(trials.size());
  const int threads = options.threads > 0 ? options.threads : omp_get_max_threads();
  std::mutex progress;
  std::size_t done = 0;
  const auto n = static_cast<int64_t>(trials.size());
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int64_t k = 0; k < n; ++k) {
    out[k] = simulate(trials[k]);
    if (options.on_trial_done) {
      std::lock_guard<std::mutex> lock(progress);
      options.on_trial_done(++done, trials.size());
    }
  }
  return out;
}

}  // namespace spikefit::engine
