#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "input_error.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/engine/random.hpp"
#include "spikefit/experiments/evaluation/test_function_evaluator.hpp"
#include "spikefit/experiments/report/gnuplot.hpp"
#include "spikefit/experiments/report/sweep_plot.hpp"
#include "spikefit/experiments/study/sweep.hpp"

namespace spikefit::experiments {
namespace {

bool non_empty_file(const std::string& path) {
  struct stat s;
  return stat(path.c_str(), &s) == 0 && s.st_size > 0;
}

std::vector<SweepParameter> branin_parameters() {
  return {{"x1", -5.0, 10.0, 1.0}, {"x2", 0.0, 15.0, 2.0}};
}

template <class F>
std::string config_error_of(F f) {
  return testing::input_error_of(f, "(no error)");
}

TEST(SweepGrid, RangeAndListSpecs) {
  const GridAxis range = parse_grid_axis("dbs.frequency_hz=10:130:4");
  EXPECT_EQ(range.name, "dbs.frequency_hz");
  EXPECT_EQ(range.values, (std::vector<double>{10, 50, 90, 130}));
  EXPECT_EQ(parse_grid_axis("a=2:2:1").values, (std::vector<double>{2}));
  EXPECT_EQ(parse_grid_axis("w.GPe->STN=0.1,0.25,1e-2").values,
            (std::vector<double>{0.1, 0.25, 0.01}));
}

TEST(SweepGrid, BadSpecsAreNamed) {
  EXPECT_NE(config_error_of([] { parse_grid_axis("x1"); }).find("expected NAME=a:b:n"),
            std::string::npos);
  EXPECT_NE(config_error_of([] { parse_grid_axis("x1=1:2"); }).find("a:b:n"), std::string::npos);
  EXPECT_NE(config_error_of([] { parse_grid_axis("x1=1:2:2.5"); }).find("whole number"),
            std::string::npos);
  EXPECT_NE(config_error_of([] { parse_grid_axis("x1=1,abc"); }).find("'abc' is not a finite"),
            std::string::npos);
  EXPECT_NE(config_error_of([] { parse_grid_axis("x1=1:3:1"); }).find("a == b"), std::string::npos);
  EXPECT_NE(config_error_of([] { parse_grid_axis("x1=1,1"); }).find("distinct"), std::string::npos);
}

TEST(SweepGrid, AxesAreCheckedAgainstTheParameters) {
  const auto parameters = branin_parameters();
  const std::string unknown =
      config_error_of([&] { check_grid({parse_grid_axis("x3=1,2")}, parameters); });
  EXPECT_NE(unknown.find("--grid x3"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("it has: x1, x2"), std::string::npos) << unknown;
  const std::string range =
      config_error_of([&] { check_grid({parse_grid_axis("x2=0:20:3")}, parameters); });
  EXPECT_NE(range.find("value 20 is outside the parameter's range [0, 15]"), std::string::npos)
      << range;
  EXPECT_NE(config_error_of([&] {
              check_grid({parse_grid_axis("x1=1,2"), parse_grid_axis("x1=3,4")}, parameters);
            }).find("different parameters"),
            std::string::npos);
  EXPECT_NE(config_error_of([&] { check_grid({}, parameters); }).find("one or two"),
            std::string::npos);
}

// A 4 x 3 Branin grid with 3 replicates: every cell runs the test function at its grid point
// with the replicates' seeds; the noise-free "branin" part is exact, the means and SEs of the
// noisy parts match the evaluator's own outcomes, and the cells inside the infeasible disc
// (centre (2.5, 12.5), radius 4) have no feasible replicate.
TEST(Sweep, BraninGridMeansSeedsAndInfeasibleCells) {
  TestFunctionEvaluator evaluator;
  SweepOptions options;
  options.axes = {parse_grid_axis("x1=-5:10:4"), parse_grid_axis("x2=0,7.5,15")};
  options.replicates = 3;
  options.seed = 42;
  options.batch = 5;  // two cells per call: whole cells only
  std::vector<std::size_t> progress;
  const SweepResult result = run_sweep(branin_parameters(), evaluator, options,
                                       [&](const SweepCell&, std::size_t done, std::size_t total) {
                                         EXPECT_EQ(total, 12u);
                                         progress.push_back(done);
                                       });
  ASSERT_EQ(result.cells.size(), 12u);
  EXPECT_EQ(progress.size(), 12u);
  EXPECT_EQ(progress.back(), 12u);
  EXPECT_EQ(evaluator.evaluations(), 36);
  ASSERT_EQ(result.seeds.size(), 3u);
  for (uint64_t r = 0; r < 3; ++r) EXPECT_EQ(result.seeds[r], engine::trial_seed(42, r));

  const std::vector<double> x1 = {-5, 0, 5, 10}, x2 = {0, 7.5, 15};
  int infeasible_cells = 0;
  for (std::size_t c = 0; c < result.cells.size(); ++c) {
    const SweepCell& cell = result.cells[c];
    ASSERT_EQ(cell.index, (std::vector<std::size_t>{c / 3, c % 3}));  // last axis fastest
    const double a = x1[c / 3], b = x2[c % 3];
    EXPECT_EQ(cell.x, (std::vector<double>{a, b}));
    const bool inside = std::hypot(a - 2.5, b - 12.5) < 4.0;
    if (inside) {
      ++infeasible_cells;
      EXPECT_EQ(cell.feasible, 0);
      EXPECT_EQ(cell.reasons, (std::vector<std::string>{"inside the infeasible region"}));
      continue;
    }
    EXPECT_EQ(cell.feasible, 3);
    EXPECT_DOUBLE_EQ(cell.statistics.at("branin").mean, 1 + branin(a, b) - 0.397887);
    EXPECT_NEAR(cell.statistics.at("branin").se, 0.0, 1e-12);
    // The same point and seeds evaluated directly.
    TestFunctionEvaluator reference;
    const auto direct =
        reference.evaluate({cell.x, cell.x, cell.x}, result.seeds, EvaluationStage::kFull);
    std::vector<double> cost;
    for (const auto& o : direct) cost.push_back(o.cost);
    const double mean = (cost[0] + cost[1] + cost[2]) / 3;
    double ss = 0;
    for (double v : cost) ss += (v - mean) * (v - mean);
    EXPECT_NEAR(cell.statistics.at("cost").mean, mean, 1e-12 * mean);
    EXPECT_NEAR(cell.statistics.at("cost").se, std::sqrt(ss / 2 / 3), 1e-9);
    EXPECT_EQ(cell.statistics.at("cost").n, 3);
    EXPECT_NE(cost[0], cost[1]);  // the replicates differ
  }
  EXPECT_EQ(infeasible_cells, 2);  // (0, 15) and (5, 15)
  EXPECT_EQ(result.statistic_names(), (std::vector<std::string>{"cost", "branin", "noise"}));
}

TEST(Sweep, OneAxisKeepsTheOtherParameterAtItsBase) {
  TestFunctionEvaluator evaluator;
  SweepOptions options;
  options.axes = {parse_grid_axis("x2=1,3")};
  options.replicates = 1;
  const SweepResult result = run_sweep(branin_parameters(), evaluator, options);
  ASSERT_EQ(result.cells.size(), 2u);
  EXPECT_EQ(result.cells[0].x, (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(result.cells[1].x, (std::vector<double>{1.0, 3.0}));
  EXPECT_TRUE(std::isnan(result.cells[0].statistics.at("cost").se));  // one replicate
}

TEST(Sweep, CsvJsonAndHeatMapFiles) {
  TestFunctionEvaluator evaluator;
  SweepOptions options;
  options.axes = {parse_grid_axis("x1=-5:10:4"), parse_grid_axis("x2=0,7.5,15")};
  options.replicates = 2;
  const SweepResult result = run_sweep(branin_parameters(), evaluator, options);

  const std::string csv = sweep_csv(result);
  std::istringstream lines(csv);
  std::string header, row;
  std::getline(lines, header);
  EXPECT_EQ(header,
            "x1,x2,feasible,replicates,cost_mean,cost_se,branin_mean,branin_se,noise_mean,"
            "noise_se");
  int rows = 0;
  std::string infeasible_row;
  while (std::getline(lines, row)) {
    ++rows;
    if (row.rfind("0,15,", 0) == 0) infeasible_row = row;
  }
  EXPECT_EQ(rows, 12);
  EXPECT_EQ(infeasible_row, "0,15,0,2,,,,,,");
  std::getline(std::istringstream(csv.substr(header.size() + 1)), row);
  char expected[64];
  std::snprintf(expected, sizeof expected, "-5,0,2,2,%.10g,%.10g,%.10g,0,",
                result.cells[0].statistics.at("cost").mean,
                result.cells[0].statistics.at("cost").se, 1 + branin(-5, 0) - 0.397887);
  EXPECT_EQ(row.rfind(expected, 0), 0u) << row << " vs " << expected;

  const nlohmann::json doc = sweep_json(result);
  EXPECT_EQ(doc["axes"][1]["name"], "x2");
  EXPECT_EQ(doc["axes"][1]["values"], nlohmann::json({0.0, 7.5, 15.0}));
  EXPECT_EQ(doc["replicates"], 2);
  EXPECT_EQ(doc["seeds"][1], std::to_string(engine::trial_seed(1, 1)));
  ASSERT_EQ(doc["cells"].size(), 12u);
  const nlohmann::json& cell = doc["cells"][5];  // x1 = 0, x2 = 15
  EXPECT_EQ(cell["values"], nlohmann::json({{"x1", 0.0}, {"x2", 15.0}}));
  EXPECT_EQ(cell["feasible"], 0);
  EXPECT_TRUE(cell["evaluations"][0]["cost"].is_null());
  EXPECT_EQ(doc["cells"][0]["statistics"]["branin"]["n"], 2);
  EXPECT_DOUBLE_EQ(doc["cells"][0]["statistics"]["branin"]["mean"].get<double>(),
                   1 + branin(-5, 0) - 0.397887);

  ASSERT_TRUE(gnuplot_available()) << "gnuplot-nox is a dependency (scripts/install-deps.sh)";
  const std::string dir = ::testing::TempDir();
  const auto files = plot_sweep(result, "branin", dir);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0], dir + "/sweep_branin.png");
  EXPECT_TRUE(non_empty_file(files[0]));
  EXPECT_TRUE(non_empty_file(files[1]));
  const std::string svg = base::read_text(files[1]);
  EXPECT_NE(svg.find("no feasible run"), std::string::npos);  // the infeasible cell's label
  const std::string unknown = config_error_of([&] { plot_sweep(result, "rate.STN", dir); });
  EXPECT_NE(unknown.find("it has: cost, branin, noise"), std::string::npos) << unknown;

  SweepOptions one;
  one.axes = {parse_grid_axis("x1=-5:10:4")};
  one.replicates = 2;
  const auto line = plot_sweep(run_sweep(branin_parameters(), evaluator, one), "cost", dir);
  EXPECT_TRUE(non_empty_file(line[0]));
}

}  // namespace
}  // namespace spikefit::experiments
