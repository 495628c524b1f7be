#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/benchmark/power_law_fit.hpp"
#include "spikefit/experiments/benchmark/scale_analysis.hpp"
#include "spikefit/experiments/benchmark/scale_cost_model.hpp"

namespace spikefit::experiments {
namespace {

using cli_test::read_json_file;
using cli_test::run_spikefit;

TEST(PowerLawFit, RecoversTheExponentAndPrefactorOfExactData) {
  std::vector<double> x, y;
  for (double n : {3125.0, 12500.0, 50000.0, 200000.0}) {
    x.push_back(n);
    y.push_back(2e-5 * std::pow(n, 1.3));
  }
  const PowerLawFit f = fit_power_law(x, y);
  ASSERT_TRUE(f.defined);
  EXPECT_NEAR(f.exponent, 1.3, 1e-12);
  EXPECT_NEAR(f.prefactor / 2e-5, 1.0, 1e-10);
  EXPECT_NEAR(f.r_squared, 1.0, 1e-12);
  EXPECT_EQ(f.points, 4u);
}

TEST(PowerLawFit, LeavesOutNonPositivePointsAndNeedsTwoSizes) {
  const PowerLawFit f = fit_power_law({1, 2, 4, 8}, {0.0, 2.0, 4.0, -1.0});
  ASSERT_TRUE(f.defined);
  EXPECT_EQ(f.points, 2u);
  EXPECT_NEAR(f.exponent, 1.0, 1e-12);
  EXPECT_FALSE(fit_power_law({5, 5, 5}, {1, 2, 3}).defined);
  EXPECT_FALSE(fit_power_law({5}, {1}).defined);
  // Noisy data: the least-squares slope of the logs (numpy.polyfit(log x, log y, 1)).
  const PowerLawFit noisy = fit_power_law({1, 2, 4}, {1.0, 2.5, 3.5});
  EXPECT_NEAR(noisy.exponent, 0.90367, 1e-4);
}

ScaleCell synthetic_cell(double neurons, double steps, double events, double seconds,
                         int threads = 1, int64_t batch = 1) {
  ScaleCell c;
  c.spec.batch = batch;
  c.spec.threads = threads;
  c.backend = "cpu";
  c.neurons = static_cast<uint64_t>(neurons);
  c.steps = static_cast<uint64_t>(steps);
  c.simulated_ms = steps * 0.05;
  c.synaptic_events = static_cast<uint64_t>(events * static_cast<double>(batch));
  c.wall_s = seconds * static_cast<double>(batch);
  return c;
}

TEST(ScaleCostModel, LeastSquaresRecoversKnownCoefficients) {
  const double a = 0.05, b = 2e-9, c = 7e-9;
  std::vector<ScaleCell> cells;
  for (double n : {3125.0, 12500.0, 50000.0}) {
    for (double steps : {2000.0, 8000.0}) {
      for (double rate : {1.0, 3.0}) {
        const double events = n * steps * rate * 0.04;
        cells.push_back(synthetic_cell(n, steps, events, a + b * n * steps + c * events));
      }
    }
  }
  cells.push_back(synthetic_cell(3125, 2000, 1e6, 99.0, 2));  // 2 threads: not fitted
  ScaleCell failed = synthetic_cell(3125, 2000, 1e6, 99.0);
  failed.status = "runaway";
  cells.push_back(failed);
  const ScaleCostModel m = fit_scale_cost_model(cells);
  ASSERT_TRUE(m.defined);
  EXPECT_EQ(m.cells, 12u);
  EXPECT_EQ(m.rank, 3);
  EXPECT_NEAR(m.a_s, a, 1e-9);
  EXPECT_NEAR(m.b_s_per_neuron_step / b, 1.0, 1e-7);
  EXPECT_NEAR(m.c_s_per_event / c, 1.0, 1e-7);
  EXPECT_NEAR(m.r_squared, 1.0, 1e-12);
  EXPECT_LT(m.max_relative_error, 1e-8);
  EXPECT_EQ(m.backend, "cpu");
  EXPECT_NE(m.fitted_on.find("1 thread"), std::string::npos);
  // Events per neuron per simulated second: rate 1 and 3 -> 0.04 * {1, 3} per step of 0.05 ms.
  EXPECT_NEAR(m.events_per_neuron_s_min, 0.04 / 0.05e-3, 1e-6);
  EXPECT_NEAR(m.events_per_neuron_s_max, 3 * 0.04 / 0.05e-3, 1e-6);

  const ScaleCostModel back = cost_model_from_json(cost_model_json(m), "cost_model.json");
  EXPECT_DOUBLE_EQ(back.b_s_per_neuron_step, m.b_s_per_neuron_step);
  EXPECT_DOUBLE_EQ(back.events_per_neuron_s, m.events_per_neuron_s);
  EXPECT_EQ(back.rank, 3);
}

TEST(ScaleCostModel, OneKindOfCellGivesALeastNormFitOfLowRank) {
  const ScaleCostModel m = fit_scale_cost_model(
      {synthetic_cell(500, 4000, 2e6, 1.0), synthetic_cell(500, 4000, 2e6, 1.2)});
  ASSERT_TRUE(m.defined);
  EXPECT_EQ(m.rank, 1);
  EXPECT_NEAR(m.predict_s(500.0 * 4000, 2e6), 1.1, 1e-9);
  EXPECT_EQ(m.a_s, 0.0);  // the fallback t = b * N * steps
  EXPECT_EQ(m.c_s_per_event, 0.0);
  EXPECT_FALSE(fit_scale_cost_model({}).defined);
}

TEST(ScaleAnalysis, StrongAndWeakScalingFromTheGrid) {
  // size 1 (500 neurons): batch 1 on 1 and 2 threads, batch 2 on 2 threads; size 2 (2000).
  std::vector<ScaleCell> cells = {synthetic_cell(500, 4000, 0, 1.0, 1, 1),
                                  synthetic_cell(500, 4000, 0, 0.6, 2, 1),
                                  synthetic_cell(500, 4000, 0, 0.55, 2, 2),  // 1.1 s of wall
                                  synthetic_cell(2000, 4000, 0, 4.8, 1, 1)};
  cells[3].spec.size_factor = 2.0;
  for (ScaleCell& c : cells) c.peak_rss_bytes = static_cast<int64_t>(c.neurons) * 1000;
  const ScaleAnalysis a = analyse_scale_cells(cells);
  ASSERT_EQ(a.strong.size(), 1u);  // (size 1, batch 1) over threads 1, 2
  EXPECT_EQ(a.strong[0].threads, (std::vector<int>{1, 2}));
  EXPECT_NEAR(a.strong[0].speedup[1], 1.0 / 0.6, 1e-12);
  EXPECT_NEAR(a.strong[0].efficiency[1], 1.0 / 1.2, 1e-12);
  ASSERT_EQ(a.weak.size(), 1u);  // 500 neuron-trials per thread: (b1, t1) and (b2, t2)
  EXPECT_EQ(a.weak[0].threads, (std::vector<int>{1, 2}));
  EXPECT_NEAR(a.weak[0].efficiency[1], 1.0 / 1.1, 1e-12);
  // batch 1, 1 thread over sizes 1 and 2: wall per simulated second x 4.8 for 4x the neurons.
  const SizeSeries* series = nullptr;
  for (const SizeSeries& s : a.sizes) {
    if (s.batch == 1 && s.threads == 1) series = &s;
  }
  ASSERT_NE(series, nullptr);
  ASSERT_TRUE(series->wall_fit.defined);
  EXPECT_NEAR(series->wall_fit.exponent, std::log(4.8) / std::log(4.0), 1e-12);
  EXPECT_NEAR(series->memory_fit.exponent, 1.0, 1e-12);
  const nlohmann::json j = scale_analysis_json(a);
  EXPECT_EQ(j["strong_scaling"].size(), 1u);
  EXPECT_NE(scale_analysis_text(a).find("weak scaling"), std::string::npos);
}

const std::string kShortDemo =
    std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/snops_short_demo.json";

TEST(ScaleCli, RunsTheGridAndWritesCellsSummaryCostModelAndPlots) {
  const std::string out = ::testing::TempDir() + "spikefit_scale_cli";
  const cli_test::CommandResult r = run_spikefit(
      "scale --config " + kShortDemo +
      " --sizes 1 --batch 1,2 --threads 1,2 --duration-ms 200 --backend cpu --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("cell 4/4"), std::string::npos) << r.output;
  const nlohmann::json doc = read_json_file(out + "/cells.json");
  EXPECT_EQ(doc["duration_ms"], 200.0);
  ASSERT_EQ(doc["cells"].size(), 4u);
  for (const nlohmann::json& c : doc["cells"]) {
    EXPECT_EQ(c["status"], "ok") << c.dump();
    EXPECT_EQ(c["backend"], "cpu");
    EXPECT_EQ(c["neurons"], 3125u);
    EXPECT_NEAR(c["simulated_ms"].get<double>(), 200.0, 0.05 + 1e-9);  // within one step
    EXPECT_GT(c["peak_rss_bytes"].get<int64_t>(), 0);
    EXPECT_GT(c["baseline_rss_bytes"].get<int64_t>(), 0);
    EXPECT_GE(c["peak_rss_bytes"].get<int64_t>(), c["baseline_rss_bytes"].get<int64_t>());
    EXPECT_GT(c["wall_s"].get<double>(), 0.0);
    EXPECT_GT(c["neuron_steps_per_s"].get<double>(), 0.0);
    EXPECT_GT(c["synaptic_events"].get<uint64_t>(), 0u);
    EXPECT_GT(c["mean_rate_hz"].get<double>(), 0.0);
    EXPECT_TRUE(c["device_bytes"].is_null());
    for (const char* key :
         {"setup_s", "events_per_s", "wall_per_simulated_s", "rss_above_baseline_bytes",
          "bytes_per_neuron", "bytes_per_synapse", "synapses", "threads_per_trial", "spikes"}) {
      EXPECT_TRUE(c.contains(key)) << key;
    }
  }
  // Same seeds, same networks: a cell's events do not depend on its threads.
  EXPECT_EQ(doc["cells"][0]["synaptic_events"], doc["cells"][1]["synaptic_events"]);
  const std::string csv = base::read_text(out + "/cells.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  EXPECT_EQ(csv.rfind("size_factor,batch,threads,repeat,status", 0), 0u);
  const nlohmann::json summary = read_json_file(out + "/summary.json");
  EXPECT_EQ(summary["cells_ok"], 4);
  EXPECT_EQ(summary["strong_scaling"].size(), 2u);  // batch 1 and batch 2, threads 1 and 2
  EXPECT_EQ(summary["weak_scaling"].size(), 1u);    // (batch 1, 1 thread), (batch 2, 2 threads)
  const nlohmann::json cost = read_json_file(out + "/cost_model.json");
  EXPECT_TRUE(cost["defined"].get<bool>());
  EXPECT_EQ(cost["cells"], 2);  // the cells on one thread
  EXPECT_TRUE(cost.contains("c_s_per_event"));
  EXPECT_NO_THROW(load_cost_model(out + "/cost_model.json"));
  if (std::system("gnuplot -e 'exit' >/dev/null 2>&1") == 0) {
    for (const char* plot :
         {"scale_wall.png", "scale_memory.svg", "scale_strong.png", "scale_weak.png"}) {
      EXPECT_TRUE(std::ifstream(out + "/" + plot).good()) << plot;
    }
  }
}

TEST(ScaleCli, ABadListOrFlagExitsTwoNamingTheFlag) {
  const std::string out = ::testing::TempDir() + "spikefit_scale_bad";
  cli_test::CommandResult r =
      run_spikefit("scale --config " + kShortDemo + " --sizes 1,-2 --out " + out);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--sizes"), std::string::npos) << r.output;
  r = run_spikefit("scale --config " + kShortDemo + " --sizes 1 --threads 1,x --out " + out);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--threads"), std::string::npos) << r.output;
  r = run_spikefit("scale --config " + kShortDemo + " --sizes 1 --storage cached --out " + out);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--storage"), std::string::npos) << r.output;
  r = run_spikefit("scale --config " + kShortDemo + " --out " + out);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--sizes"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace spikefit::experiments
