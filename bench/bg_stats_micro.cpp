// Cost of the basal-ganglia statistics of one trial (stats/bg_statistics.hpp) on a synthetic
// So 2012-sized recording: 50 STN / 100 GPe / 75 GPi / 75 TC Poisson cells at 12 / 74 / 80 / 13 Hz,
// 5 s at dt 0.01 ms with a 500-ms burn-in, 1-ms activity, SMC onsets every 1000/14 ms.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "spikefit/stats/bg_statistics.hpp"
#include "spikefit/stats/count_variability.hpp"
#include "spikefit/stats/poisson_surprise_bursts.hpp"

namespace {

using spikefit::engine::TrialRecording;

struct Trial {
  TrialRecording rec;
};

const Trial& synthetic_trial() {
  static const Trial trial = [] {
    Trial t;
    TrialRecording& rec = t.rec;
    rec.dt_ms = 0.01;
    rec.steps_simulated = 500000;
    rec.burn_in_ms = 500.0;
    rec.population_names = {"STN", "GPe", "GPi", "TC"};
    rec.population_offsets = {0, 50, 150, 225, 300};
    const double rates_hz[] = {12, 74, 80, 13};
    rec.activity_bin_ms = 1.0;
    rec.activity_bins = 5000;
    rec.activity.assign(4 * rec.activity_bins, 0);
    std::mt19937_64 rng(1);
    for (uint32_t p = 0; p < 4; ++p) {
      std::exponential_distribution<double> isi(rates_hz[p] / 1000.0);
      for (uint32_t n = rec.population_offsets[p]; n < rec.population_offsets[p + 1]; ++n) {
        for (double time = isi(rng); time < 5000.0; time += isi(rng)) {
          const double step_time = std::max(1.0, std::round(time / rec.dt_ms)) * rec.dt_ms;
          rec.raster.push_back({step_time, n});
          ++rec.activity[p * rec.activity_bins + static_cast<uint32_t>(step_time)];
        }
      }
    }
    std::sort(rec.raster.begin(), rec.raster.end(), [](const auto& a, const auto& b) {
      return a.time_ms < b.time_ms || (a.time_ms == b.time_ms && a.neuron < b.neuron);
    });
    for (double onset = 1000.0 / 14; onset < 5000.0; onset += 1000.0 / 14) {
      t.rec.smc_onsets_ms.push_back(onset);
    }
    return t;
  }();
  return trial;
}

void BM_BgStatistics(benchmark::State& state) {
  const Trial& t = synthetic_trial();
  for (auto _ : state) benchmark::DoNotOptimize(spikefit::stats::bg_statistics(t.rec));
  state.counters["spikes"] = static_cast<double>(t.rec.raster.size());
}
BENCHMARK(BM_BgStatistics)->Unit(benchmark::kMillisecond);

void BM_SurpriseBurstsGPe(benchmark::State& state) {
  const auto trains = spikefit::stats::population_spike_trains(synthetic_trial().rec, 1, 500.0);
  for (auto _ : state) {
    benchmark::DoNotOptimize(spikefit::stats::surprise_burst_summary(trains, 4500.0));
  }
}
BENCHMARK(BM_SurpriseBurstsGPe)->Unit(benchmark::kMillisecond);

void BM_RscGPe(benchmark::State& state) {
  const auto trains = spikefit::stats::population_spike_trains(synthetic_trial().rec, 1, 500.0);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        spikefit::stats::mean_spike_count_correlation(trains, 500.0, 5000.0, 100.0));
  }
}
BENCHMARK(BM_RscGPe)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
