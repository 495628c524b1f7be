// Statistics-stage benchmark: time per trial of the SNOPS statistics (10 draws of 50 cells) with
// the exact CV_skip dimensionality and with the eigenvalue-threshold heuristic, on one core and
// for a batch on all cores, and the agreement of the two (|d_shared| and |%shared| differences
// per draw). Trials are simulated first (varying the named free parameters uniformly in their
// ranges) and can be cached:
//   spikefit_bench_stats --config experiments/configs/snops_sbn.json --trials 12 \
//     --set JrEE=2.7119 ... --vary taudsynI --vary mean_sigmaRRIs --cache /tmp/trials.bin
#include <omp.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/random.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/stats/neuron_selection.hpp"
#include "spikefit/stats/trial_statistics.hpp"

namespace {

using spikefit::engine::TrialRecording;
namespace stats = spikefit::stats;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Count recordings only: [status, bins, neurons, bin_ms, counts] per trial.
void save(const std::string& path, const std::vector<TrialRecording>& trials) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& t : trials) {
    const int32_t status = static_cast<int32_t>(t.status);
    out.write(reinterpret_cast<const char*>(&status), sizeof status);
    out.write(reinterpret_cast<const char*>(&t.count_bins), sizeof t.count_bins);
    out.write(reinterpret_cast<const char*>(&t.count_neurons), sizeof t.count_neurons);
    out.write(reinterpret_cast<const char*>(&t.count_bin_ms), sizeof t.count_bin_ms);
    out.write(reinterpret_cast<const char*>(t.counts.data()),
              static_cast<std::streamsize>(t.counts.size() * sizeof(uint16_t)));
  }
}

std::vector<TrialRecording> load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<TrialRecording> trials;
  int32_t status;
  while (in.read(reinterpret_cast<char*>(&status), sizeof status)) {
    TrialRecording t;
    t.status = static_cast<spikefit::engine::TrialStatus>(status);
    in.read(reinterpret_cast<char*>(&t.count_bins), sizeof t.count_bins);
    in.read(reinterpret_cast<char*>(&t.count_neurons), sizeof t.count_neurons);
    in.read(reinterpret_cast<char*>(&t.count_bin_ms), sizeof t.count_bin_ms);
    t.counts.resize(uint64_t{t.count_bins} * t.count_neurons);
    in.read(reinterpret_cast<char*>(t.counts.data()),
            static_cast<std::streamsize>(t.counts.size() * sizeof(uint16_t)));
    trials.push_back(std::move(t));
  }
  return trials;
}

std::vector<TrialRecording> simulate(const std::string& config_path, std::vector<std::string> sets,
                                     const std::vector<std::string>& vary, int trials,
                                     double duration_ms, uint64_t seed) {
  auto config = spikefit::experiments::load_model_config(config_path);
  char duration[64];
  std::snprintf(duration, sizeof duration, "simulation.duration_ms=%.17g", duration_ms);
  sets.push_back(duration);
  spikefit::experiments::apply_overrides(config, sets);
  std::vector<spikefit::engine::TrialInput> inputs;
  for (int k = 0; k < trials; ++k) {
    spikefit::experiments::ModelConfig c = config;
    spikefit::engine::CounterStream draws(seed, 0xBE7C4u, static_cast<uint64_t>(k));
    for (const std::string& name : vary) {
      const auto& p = c.space[static_cast<std::size_t>(c.space.index_of(name))];
      c.values[static_cast<std::size_t>(c.space.index_of(name))] =
          p.lower + (p.upper - p.lower) * (1.0 - draws.uniform());
    }
    inputs.push_back(
        {spikefit::engine::make_network(c.bound_network()), spikefit::engine::trial_seed(seed, k)});
  }
  const auto start = std::chrono::steady_clock::now();
  auto recordings = spikefit::engine::make_cpu_ensemble()->run(inputs, {});
  std::printf("simulated %d trials x %.0f ms in %.1f s\n", trials, duration_ms,
              seconds_since(start));
  return recordings;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"statistics-stage benchmark"};
  std::string config_path, cache;
  std::vector<std::string> sets, vary;
  int trials = 12, batch = 256;
  double duration_ms = 140500;
  uint64_t seed = 1;
  app.add_option("--config", config_path);
  app.add_option("--set", sets);
  app.add_option("--vary", vary);
  app.add_option("--trials", trials);
  app.add_option("--duration-ms", duration_ms);
  app.add_option("--seed", seed);
  app.add_option("--cache", cache, "recordings file: read if it exists, else written");
  app.add_option("--batch", batch, "trials in the all-core batch timing");
  CLI11_PARSE(app, argc, argv);

  std::vector<TrialRecording> recordings;
  if (!cache.empty() && std::ifstream(cache).good()) {
    recordings = load(cache);
  } else {
    recordings = simulate(config_path, sets, vary, trials, duration_ms, seed);
    if (!cache.empty()) save(cache, recordings);
  }

  stats::StatisticsOptions exact;
  std::vector<std::pair<const char*, stats::StatisticsOptions>> methods = {{"CV_skip", exact}};
  for (auto [name, method] :
       {std::pair{"cv_local", stats::DimensionMethod::kCvLocal},
        std::pair{"eigen_threshold", stats::DimensionMethod::kEigenThreshold}}) {
    stats::StatisticsOptions o;
    o.dimension = method;
    methods.emplace_back(name, o);
  }
  // per method: seconds, and per trial the statistics
  std::vector<double> seconds(methods.size(), 0.0);
  std::vector<std::vector<stats::Statistics>> results(methods.size());
  for (std::size_t m = 0; m < methods.size(); ++m) {
    for (std::size_t k = 0; k < recordings.size(); ++k) {
      const auto start = std::chrono::steady_clock::now();
      results[m].push_back(stats::compute_statistics(recordings[k], methods[m].second, seed + k));
      seconds[m] += seconds_since(start);
    }
  }
  const double n = static_cast<double>(recordings.size());
  std::printf("one core, seconds per trial (10 draws of 50 cells x %u bins):\n",
              recordings[0].count_bins);
  for (std::size_t m = 0; m < methods.size(); ++m) {
    std::printf("  %-16s %.4f s (speed-up over CV_skip %.1fx)\n", methods[m].first, seconds[m] / n,
                seconds[0] / seconds[m]);
  }
  for (std::size_t m = 1; m < methods.size(); ++m) {
    double d_diff = 0, pct_diff = 0, d_max = 0, pct_max = 0;
    int compared = 0;
    for (std::size_t k = 0; k < recordings.size(); ++k) {
      const auto& a = results[0][k];
      const auto& b = results[m][k];
      if (!a.feasible || !b.feasible) continue;
      // trial-level statistics (means over the draws), as the cost sees them
      const double dd = std::fabs(a.at("d_shared") - b.at("d_shared"));
      const double dp = std::fabs(a.at("pct_shared") - b.at("pct_shared"));
      std::printf(
          "  trial %zu: rate %.2f Hz, q %.1f vs %s %.1f, d_shared %.2f vs %.2f, %%sh %.4f vs "
          "%.4f\n",
          k, a.at("rate"), a.at("mean_latent_dims"), methods[m].first, b.at("mean_latent_dims"),
          a.at("d_shared"), b.at("d_shared"), a.at("pct_shared"), b.at("pct_shared"));
      d_diff += dd, pct_diff += dp, d_max = std::max(d_max, dd), pct_max = std::max(pct_max, dp);
      ++compared;
    }
    std::printf(
        "%s vs CV_skip over %d feasible trials: mean |d_shared diff| %.3f (max %.3f), "
        "mean |%%shared diff| %.4f (max %.4f)\n",
        methods[m].first, compared, d_diff / compared, d_max, pct_diff / compared, pct_max);
  }

  for (const auto& [name, options] : methods) {
    const auto start = std::chrono::steady_clock::now();
#pragma omp parallel for schedule(dynamic, 1)
    for (int k = 0; k < batch; ++k) {
      stats::compute_statistics(recordings[static_cast<std::size_t>(k) % recordings.size()],
                                options, seed + static_cast<uint64_t>(k));
    }
    std::printf("batch of %d trials on %d threads, %s: %.2f s\n", batch, omp_get_max_threads(),
                name, seconds_since(start));
  }
  return 0;
}
