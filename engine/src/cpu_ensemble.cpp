#include <omp.h>

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <thread>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/thread_count.hpp"

namespace spikefit::engine {

namespace {

// The reference backend of every model. Whole waves of one trial per OpenMP thread; the trials
// that do not fill a wave (all of them when the batch has fewer trials than threads) share the
// threads, each trial on a team of its network's simulate_cpu_team (as many as it uses well).
// Recording k = trials[k].network->simulate_cpu(trials[k].seed) whatever the split.
class CpuEnsemble final : public Ensemble {
 public:
  std::string backend_name() const override { return "cpu"; }
  std::string device_name() const override {
    return std::to_string(std::thread::hardware_concurrency()) + " hardware threads";
  }

  std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                  const RunOptions& options) override {
    std::vector<TrialRecording> out(trials.size());
    const int threads = thread_count(options.threads);
    const int64_t n = static_cast<int64_t>(trials.size());
    const int64_t tail = n < threads ? n : n % threads;
    Progress progress{options, trials.size()};
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (int64_t k = 0; k < n - tail; ++k) {
      out[k] = trials[k].network->simulate_cpu(trials[k].seed);
      progress.trial_done();
    }
    run_sharing_threads(trials, n - tail, threads, out, progress);
    return out;
  }

 private:
  struct Progress {
    Progress(const RunOptions& run_options, std::size_t trials)
        : options(run_options), total(trials) {}

    const RunOptions& options;
    std::size_t total;
    std::mutex mutex;
    std::size_t done = 0;

    void trial_done() {
      if (!options.on_trial_done) return;
      std::lock_guard<std::mutex> lock(mutex);
      options.on_trial_done(++done, total);
    }
  };

  // Trials [first, end) run at once; trial first + t gets threads / m threads, plus one for the
  // first threads % m of them (m trials), at most its network's max_threads_per_trial.
  static void run_sharing_threads(const std::vector<TrialInput>& trials, int64_t first, int threads,
                                  std::vector<TrialRecording>& out, Progress& progress) {
    const int64_t m = static_cast<int64_t>(trials.size()) - first;
    if (m <= 0) return;
    const auto team_of = [&](int64_t t) {
      const int share = static_cast<int>(threads / m + (t < threads % m ? 1 : 0));
      return std::max(1, std::min(share, trials[first + t].network->max_threads_per_trial()));
    };
    if (m == 1) {
      out[first] = trials[first].network->simulate_cpu_team(trials[first].seed, team_of(0));
      progress.trial_done();
      return;
    }
    const int levels = omp_get_max_active_levels();
    omp_set_max_active_levels(std::max(levels, 2));
#pragma omp parallel for schedule(static, 1) num_threads(static_cast <int>(m))
    for (int64_t t = 0; t < m; ++t) {
      out[first + t] =
          trials[first + t].network->simulate_cpu_team(trials[first + t].seed, team_of(t));
      progress.trial_done();
    }
    omp_set_max_active_levels(levels);
  }
};

}  // namespace

std::unique_ptr<Ensemble> make_cpu_ensemble() {
  return std::make_unique<CpuEnsemble>();
}

}  // namespace spikefit::engine
