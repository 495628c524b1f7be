#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include "branin_study.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/emulation/dataset_design.hpp"
#include "spikefit/experiments/emulation/dataset_run.hpp"
#include "spikefit/experiments/emulation/dataset_table.hpp"
#include "spikefit/experiments/evaluation/test_function_evaluator.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

nlohmann::json dataset_document() {
  nlohmann::json d = testing::branin_study_document();
  d["dataset"] = {{"design", "sobol"}, {"seed", "5"}, {"replicates", 2}};
  return d;
}

DatasetOptions options(int64_t points, int64_t batch) {
  DatasetOptions o;
  o.points = points;
  o.replicates = 2;
  o.seed = 5;
  o.batch = batch;
  return o;
}

// (point, replicate) -> (x, seed, statistics) of a dataset.
std::map<std::pair<int64_t, int>, nlohmann::json> trials_of(const StudyStorage& storage) {
  std::map<std::pair<int64_t, int>, nlohmann::json> out;
  for (const DatasetTrial& t : read_dataset(storage).trials) {
    const double branin = output_value(t.statistics, "branin");  // NaN when infeasible
    out[{t.point, t.replicate}] = {t.x, std::to_string(t.trial_seed), t.feasible,
                                   std::isnan(branin) ? nlohmann::json() : nlohmann::json(branin)};
  }
  return out;
}

std::map<std::pair<int64_t, int>, nlohmann::json> uninterrupted(int64_t points, int64_t batch) {
  StudyStorage storage = StudyStorage::in_memory(dataset_document());
  TestFunctionEvaluator evaluator;
  run_dataset(testing::branin_problem(), evaluator, storage, options(points, batch));
  return trials_of(storage);
}

TEST(DatasetDesign, SobolAndRandomAreNestedAndLhsFillsEveryStratum) {
  for (DesignKind kind : {DesignKind::kSobol, DesignKind::kRandom}) {
    auto head = design_points(kind, 3, 7, 0, 5, 0);
    const auto tail = design_points(kind, 3, 7, 5, 12, 0);
    head.insert(head.end(), tail.begin(), tail.end());
    EXPECT_EQ(head, design_points(kind, 3, 7, 0, 12, 0)) << to_string(kind);
    for (const auto& x : head) {
      for (double v : x) EXPECT_TRUE(v >= 0.0 && v < 1.0);
    }
  }
  EXPECT_NE(design_points(DesignKind::kSobol, 2, 1, 0, 4, 0),
            design_points(DesignKind::kSobol, 2, 2, 0, 4, 0));
  const auto lhs = design_points(DesignKind::kLhs, 4, 3, 0, 20, 20);
  for (int d = 0; d < 4; ++d) {
    std::vector<int> strata;
    for (const auto& x : lhs) strata.push_back(static_cast<int>(x[d] * 20));
    std::sort(strata.begin(), strata.end());
    for (int k = 0; k < 20; ++k) EXPECT_EQ(strata[k], k) << "dimension " << d;
  }
  EXPECT_THROW(parse_design_kind("grid"), base::UsageError);
  EXPECT_FALSE(is_nested(DesignKind::kLhs));
}

TEST(DatasetRun, StoresEveryReplicateWithSeedsIndependentOfTheBatches) {
  StudyStorage storage = StudyStorage::in_memory(dataset_document());
  TestFunctionEvaluator evaluator;
  int64_t batches = 0;
  DatasetHooks hooks;
  hooks.on_batch = [&](const DatasetProgress& p) {
    ++batches;
    EXPECT_EQ(p.total, 20);
    EXPECT_LE(p.trials, 20);
  };
  const DatasetResult r =
      run_dataset(testing::branin_problem(), evaluator, storage, options(10, 3), hooks);
  EXPECT_EQ(r.trials, 20);
  EXPECT_EQ(r.new_trials, 20);
  EXPECT_EQ(batches, 4);  // 3 + 3 + 3 + 1 points
  const auto trials = trials_of(storage);
  ASSERT_EQ(trials.size(), 20u);
  for (int64_t p = 0; p < 10; ++p) {
    EXPECT_EQ(trials.at({p, 0})[0], trials.at({p, 1})[0]);  // replicates share x
    EXPECT_NE(trials.at({p, 0})[1], trials.at({p, 1})[1]);  // not the seed
    EXPECT_EQ(trials.at({p, 1})[1], std::to_string(dataset_trial_seed(5, p, 1)));
  }
  EXPECT_EQ(trials, uninterrupted(10, 7));
}

TEST(DatasetRun, AKilledRunResumesAndAnExtendedOneKeepsItsPoints) {
  const std::string path = testing::fresh_temp_path("spikefit_dataset_run_kill.sqlite");
  {
    StudyStorage storage = StudyStorage::create(path, dataset_document());
    TestFunctionEvaluator evaluator;
    DatasetHooks hooks;
    hooks.on_stored = [](const StoredEvaluation&, int64_t stored) {
      if (stored == 7) throw std::runtime_error("killed");
    };
    EXPECT_THROW(run_dataset(testing::branin_problem(), evaluator, storage, options(10, 4), hooks),
                 std::runtime_error);
  }
  {
    StudyStorage storage = StudyStorage::open(path);
    EXPECT_EQ(storage.evaluations().size(), 7u);
    TestFunctionEvaluator evaluator;
    const DatasetResult r =
        run_dataset(testing::branin_problem(), evaluator, storage, options(10, 4));
    EXPECT_EQ(r.trials, 20);
    EXPECT_EQ(r.new_trials, 13);
    EXPECT_EQ(evaluator.evaluations(), 13);
    EXPECT_EQ(trials_of(storage), uninterrupted(10, 4));
  }
  StudyStorage storage = StudyStorage::open(path);
  TestFunctionEvaluator evaluator;
  const DatasetResult r =
      run_dataset(testing::branin_problem(), evaluator, storage, options(16, 5));
  EXPECT_EQ(r.new_trials, 12);
  EXPECT_EQ(trials_of(storage), uninterrupted(16, 2));
}

TEST(DatasetRun, StopsBetweenBatchesWhenAsked) {
  StudyStorage storage = StudyStorage::in_memory(dataset_document());
  TestFunctionEvaluator evaluator;
  DatasetHooks hooks;
  int polls = 0;
  hooks.stop_requested = [&] { return ++polls > 2; };
  const DatasetResult r =
      run_dataset(testing::branin_problem(), evaluator, storage, options(10, 2), hooks);
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.trials, 8);  // two batches of 2 points x 2 replicates
}

TEST(DatasetTable, ReadsStatisticsAndExpandsColumns) {
  const nlohmann::json document = {{"feasible", true},
                                   {"rate", 4.5},
                                   {"fano", nullptr},
                                   {"eigenspectrum", {3.0, 1.0, nullptr}},
                                   {"per_population", {{"rate.E", 5.0}}},
                                   {"simulated_ms", 1000}};
  const stats::Statistics s = stored_statistics(document);
  EXPECT_TRUE(s.feasible);
  EXPECT_EQ(s.at("rate"), 4.5);
  EXPECT_TRUE(std::isnan(s.at("fano")));
  EXPECT_EQ(s.at("rate.E"), 5.0);
  EXPECT_EQ(output_value(s, "eigenspectrum[1]"), 1.0);
  EXPECT_TRUE(std::isnan(output_value(s, "eigenspectrum[2]")));
  EXPECT_TRUE(std::isnan(output_value(s, "eigenspectrum")));  // a vector is not one value
  EXPECT_TRUE(std::isnan(output_value(s, "missing")));

  DatasetTable table;
  table.path = "d.sqlite";
  table.trials.push_back({0, 0, 1, {0.5}, true, "", s, 0.1});
  table.parameters.push_back({"a", 0.0, 1.0, false});
  const std::vector<std::string> available = available_outputs(table);
  EXPECT_EQ(available, (std::vector<std::string>{"rate", "rate.E"}));  // no NaN in them
  EXPECT_EQ(expand_output_names(table, {"rate", "eigenspectrum"}),
            (std::vector<std::string>{"rate", "eigenspectrum[0]", "eigenspectrum[1]",
                                      "eigenspectrum[2]"}));
  EXPECT_EQ(expand_output_names(table, {"eigenspectrum[1]"}),
            (std::vector<std::string>{"eigenspectrum[1]"}));
  try {
    expand_output_names(table, {"beta"});
    FAIL() << "an unknown output was accepted";
  } catch (const base::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("no statistic 'beta'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("rate.E"), std::string::npos) << e.what();
  }
  EXPECT_THROW(expand_output_names(table, {"eigenspectrum[3]"}), base::UsageError);
  EXPECT_THROW(expand_output_names(table, {"simulated_ms"}), base::UsageError);
  const std::string csv = dataset_csv(table);
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "point,replicate,trial_seed,feasible,reason,wall_s,a,eigenspectrum[0],"
            "eigenspectrum[1],eigenspectrum[2],fano,rate,rate.E");
  EXPECT_NE(csv.find("\n0,0,1,1,,0.10000000000000001,0.5,3,1,,,4.5,5\n"), std::string::npos) << csv;
}

TEST(DatasetTable, RefusesAFitsStudy) {
  StudyStorage storage = StudyStorage::in_memory(testing::branin_study_document());
  EXPECT_THROW(read_dataset(storage), std::runtime_error);
}

}  // namespace
}  // namespace spikefit::experiments
