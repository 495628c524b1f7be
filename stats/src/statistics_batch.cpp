#include "spikefit/stats/statistics_batch.hpp"

#include <exception>
#include <string>

#include "spikefit/engine/thread_count.hpp"

namespace spikefit::stats {

std::vector<Statistics> compute_batch(std::size_t trials, int threads,
                                      const std::function<Statistics(std::size_t)>& statistics_of) {
  std::vector<Statistics> out(trials);
  const auto n = static_cast<int64_t>(trials);
  const int workers = engine::thread_count(threads);
#pragma omp parallel for schedule(dynamic, 1) num_threads(workers)
  for (int64_t k = 0; k < n; ++k) {
    try {
      out[k] = statistics_of(static_cast<std::size_t>(k));
    } catch (const std::exception& e) {
      out[k] = infeasible_statistics(std::string("statistics failed: ") + e.what());
    }
  }
  return out;
}

std::vector<Statistics> compute_batch(const std::vector<engine::TrialRecording>& recordings,
                                      const StatisticsOptions& options, int threads) {
  return compute_batch(recordings.size(), threads, [&](std::size_t k) {
    return compute_trial_statistics(recordings[k], options);
  });
}

Statistics compute_trial_statistics(const engine::TrialRecording& recording,
                                    const StatisticsOptions& options) {
  return compute_statistics(recording, options, recording.seed ^ 0x57A75u);
}

}  // namespace spikefit::stats
