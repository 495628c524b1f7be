#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "spikefit/experiments/evaluation/test_functions.hpp"

namespace {

using namespace spikefit::cli_test;

std::string temp(const std::string& name) {
  return ::testing::TempDir() + "spikefit_bench_bo_" + name;
}

// Rounds: evaluation counts as asked, best-so-far never worse, log10 gap consistent.
void expect_consistent_rounds(const nlohmann::json& r, const std::vector<int64_t>& evaluations,
                              bool maximise_best) {
  const auto& rounds = r["rounds"];
  ASSERT_EQ(rounds.size(), evaluations.size());
  for (std::size_t i = 0; i < rounds.size(); ++i) {
    EXPECT_EQ(rounds[i]["evaluations"].get<int64_t>(), evaluations[i]);
    EXPECT_EQ(rounds[i]["round"].get<std::size_t>(), i);
    EXPECT_GE(rounds[i]["fit_seconds"].get<double>(), 0.0);
    EXPECT_GE(rounds[i]["propose_seconds"].get<double>(), 0.0);
    if (rounds[i]["gap"].is_null()) continue;
    const double gap = rounds[i]["gap"].get<double>();
    EXPECT_NEAR(rounds[i]["log10_gap"].get<double>(), std::log10(std::max(gap, 1e-12)), 1e-12);
    if (i > 0 && !rounds[i - 1]["best"].is_null()) {
      const double before = rounds[i - 1]["best"].get<double>(),
                   now = rounds[i]["best"].get<double>();
      if (maximise_best) {
        EXPECT_GE(now, before);
      } else {
        EXPECT_LE(now, before);
      }
    }
  }
}

TEST(BenchBoCli, SobolRunOnBraninLogsEveryRoundAndIsDeterministic) {
  const std::string a = temp("branin_a.json"), b = temp("branin_b.json");
  const std::string args = "bench-bo --function branin --q 4 --evals 16 --seed 3 --strategy sobol";
  ASSERT_EQ(spikefit_exit_code(args + " --out " + a), 0);
  ASSERT_EQ(spikefit_exit_code(args + " --out " + b), 0);
  const auto ra = read_json_file(a), rb = read_json_file(b);
  EXPECT_EQ(ra["metric"], "log10_simple_regret");
  EXPECT_EQ(ra["initial"], 8);  // max(2 q, 2 (d + 1))
  expect_consistent_rounds(ra, {8, 12, 16}, /*maximise_best=*/false);
  for (std::size_t i = 0; i < ra["rounds"].size(); ++i) {
    EXPECT_EQ(ra["rounds"][i]["best"], rb["rounds"][i]["best"]);
  }
  const double best = ra["rounds"].back()["best"].get<double>();
  EXPECT_NEAR(ra["rounds"].back()["gap"].get<double>(), best - 0.397887357729738, 1e-12);
  EXPECT_GT(best, 0.397887);
  ASSERT_EQ(spikefit_exit_code(
                "bench-bo --function branin --q 4 --evals 16 --seed 4 --strategy sobol --out " + a),
            0);
  EXPECT_NE(read_json_file(a)["rounds"].back()["best"], ra["rounds"].back()["best"]);
}

TEST(BenchBoCli, ParetoStrategiesImproveTheHypervolumeOfBraninCurrin) {
  for (const std::string strategy : {"parego", "ehvi"}) {
    const std::string out = temp(strategy + ".json");
    ASSERT_EQ(spikefit_exit_code(
                  "bench-bo --function branin_currin --q 3 --evals 15 --seed 1 --strategy " +
                  strategy + " --out " + out),
              0)
        << strategy;
    const auto r = read_json_file(out);
    EXPECT_EQ(r["metric"], "log10_hypervolume_gap");
    expect_consistent_rounds(r, {6, 9, 12, 15}, /*maximise_best=*/true);
    // The hypervolume of the final front, recomputed from nothing: at least the initial one.
    EXPECT_GT(r["rounds"].back()["best"].get<double>(), r["rounds"][0]["best"].get<double>())
        << strategy;
    EXPECT_LT(r["rounds"].back()["best"].get<double>(), 59.36011874867746);
  }
}

TEST(BenchBoCli, ConstrainedHartmannReportsNoRegretBeforeAFeasiblePoint) {
  const std::string out = temp("constrained.json");
  ASSERT_EQ(
      spikefit_exit_code("bench-bo --function constrained_hartmann6 --q 2 --evals 18 --seed 2 "
                         "--strategy sobol --out " +
                         out),
      0);
  const auto r = read_json_file(out);
  EXPECT_TRUE(r["constrained"].get<bool>());
  expect_consistent_rounds(r, {14, 16, 18}, /*maximise_best=*/false);
  // Half of the cube is feasible: 14 Sobol points contain one, and its value is a Hartmann6
  // value at or above the minimum.
  ASSERT_FALSE(r["rounds"][0]["best"].is_null());
  EXPECT_GE(r["rounds"][0]["best"].get<double>(), -3.32237);
}

TEST(BenchBoCli, ModelBasedStrategiesRunOnBraninAndOnTheConstrainedHartmann) {
  for (const std::string strategy : {"ts", "greedy", "turbo", "turbo-m", "mixed"}) {
    const std::string out = temp(strategy + "_branin.json");
    ASSERT_EQ(
        spikefit_exit_code("bench-bo --function branin --q 2 --evals 10 --seed 5 --strategy " +
                           strategy + " --out " + out),
        0)
        << strategy;
    const auto r = read_json_file(out);
    EXPECT_EQ(r["strategy"], strategy);
    expect_consistent_rounds(r, {6, 8, 10}, /*maximise_best=*/false);
    EXPECT_GT(r["rounds"][1]["fit_seconds"].get<double>(), 0.0) << strategy;
  }
  // The feasibility model path: ts with P(feasible) from SNOPS's label GP.
  const std::string out = temp("ts_constrained.json");
  ASSERT_EQ(
      spikefit_exit_code("bench-bo --function constrained_hartmann6 --q 4 --evals 22 --seed 2 "
                         "--strategy ts --out " +
                         out),
      0);
  expect_consistent_rounds(read_json_file(out), {14, 18, 22}, /*maximise_best=*/false);
}

TEST(BenchBoCli, StrategyOptionsReachTheStrategyAndAreRecorded) {
  const std::string out = temp("turbo_regions.json");
  ASSERT_EQ(
      spikefit_exit_code("bench-bo --function branin --q 4 --evals 16 --seed 3 --strategy turbo "
                         "--strategy-options '{\"regions\": 2, \"candidates\": 200}' --out " +
                         out),
      0);
  const auto r = read_json_file(out);
  EXPECT_EQ(r["strategy"], "turbo");
  EXPECT_EQ(r["strategy_options"], (nlohmann::json{{"regions", 2}, {"candidates", 200}}));
  expect_consistent_rounds(r, {8, 12, 16}, /*maximise_best=*/false);
  std::string output;
  EXPECT_EQ(spikefit_exit_code("bench-bo --function branin --strategy turbo --strategy-options "
                               "'{\"regions\": 0}'",
                               &output),
            2);
  EXPECT_NE(output.find("--strategy-options"), std::string::npos) << output;
  EXPECT_NE(output.find("regions"), std::string::npos) << output;
  EXPECT_EQ(spikefit_exit_code("bench-bo --function branin --strategy ts --strategy-options '[1]'",
                               &output),
            2);
  EXPECT_NE(output.find("--strategy-options"), std::string::npos) << output;
}

TEST(BenchBoCli, BadArgumentsAreNamed) {
  std::string output;
  EXPECT_EQ(spikefit_exit_code("bench-bo --function rosenbrock --strategy sobol", &output), 2);
  EXPECT_NE(output.find("--function"), std::string::npos) << output;
  EXPECT_NE(output.find("hartmann6"), std::string::npos) << output;
  EXPECT_EQ(spikefit_exit_code("bench-bo --function branin --strategy ehvi", &output), 2);
  EXPECT_NE(output.find("--strategy"), std::string::npos) << output;
  EXPECT_EQ(spikefit_exit_code("bench-bo --function zdt1 --strategy greedy_typo", &output), 2);
  EXPECT_NE(output.find("--strategy"), std::string::npos) << output;
  EXPECT_EQ(spikefit_exit_code("bench-bo --function branin --dims 3", &output), 2);
  EXPECT_NE(output.find("--function"), std::string::npos) << output;
}

TEST(BenchBoCli, SummaryTableHasTheMedianOfTheRuns) {
  std::vector<std::string> files;
  std::vector<double> finals;
  for (int seed : {0, 1, 2}) {
    files.push_back(temp("summary_" + std::to_string(seed) + ".json"));
    ASSERT_EQ(
        spikefit_exit_code("bench-bo --function branin --q 4 --evals 12 --strategy sobol --seed " +
                           std::to_string(seed) + " --out " + files.back()),
        0);
    finals.push_back(read_json_file(files.back())["rounds"].back()["log10_gap"].get<double>());
  }
  std::sort(finals.begin(), finals.end());
  std::string table;
  ASSERT_EQ(spikefit_exit_code(
                "bench-bo-summary --checkpoints 8,12 " + files[0] + " " + files[1] + " " + files[2],
                &table),
            0);
  char expected[64];
  std::snprintf(expected, sizeof expected, "| %.2f [", finals[1]);
  EXPECT_NE(table.find("| branin | 4 | sobol | 3 |"), std::string::npos) << table;
  EXPECT_NE(table.find(expected), std::string::npos) << table;
}

}  // namespace
