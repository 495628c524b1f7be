// A fixed-seed fit on the Branin stand-in stores the same study as the fixture: same points,
// seeds, sources, stages and costs, evaluation by evaluation (fixtures from
// scripts/fixtures/branin_study_golden.cpp: made before the issue-13 restructure, which kept
// them; remade for issue 14, which changes the points evaluated).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "branin_study.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

void expect_same_study(const std::string& strategy_name, int torch_threads = 2) {
  // One file per thread count: ctest runs these tests at the same time.
  const std::string path = testing::fresh_temp_path("spikefit_golden_" + strategy_name + "_" +
                                                    std::to_string(torch_threads) + ".sqlite");
  StudyStorage storage = testing::run_golden_branin_fit(strategy_name, path, torch_threads);

  std::ifstream in(std::string(SPIKEFIT_SOURCE_DIR) + "/tests/fixtures/study_golden/branin_" +
                   strategy_name + ".json");
  const nlohmann::json golden = nlohmann::json::parse(in)["evaluations"];
  const std::vector<StoredEvaluation> stored = storage.evaluations();
  ASSERT_EQ(stored.size(), golden.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const StoredEvaluation& e = stored[i];
    const nlohmann::json& g = golden[i];
    SCOPED_TRACE("evaluation " + std::to_string(i));
    EXPECT_EQ(e.round, g["round"].get<int64_t>());
    EXPECT_EQ(e.slot, g["slot"].get<int64_t>());
    EXPECT_EQ(e.point, g["point"].get<int64_t>());
    EXPECT_EQ(e.x, g["x"].get<std::vector<double>>());
    EXPECT_EQ(std::to_string(e.trial_seed), g["trial_seed"].get<std::string>());
    EXPECT_EQ(acquisition::to_string(e.source), g["source"].get<std::string>());
    EXPECT_EQ(std::string(to_string(e.stage)), g["stage"].get<std::string>());
    EXPECT_EQ(e.feasible, g["feasible"].get<bool>());
    if (e.feasible) EXPECT_EQ(e.cost, g["cost"].get<double>());
  }
  std::remove(path.c_str());
}

TEST(StudyGolden, SobolFitOnTheBraninStandInStoresTheSameStudy) {
  expect_same_study("sobol");
}
TEST(StudyGolden, MixedFitOnTheBraninStandInStoresTheSameStudy) {
  expect_same_study("mixed");
}
// The GP fits and proposals do not depend on LibTorch's thread count (this machine's BLAS).
TEST(StudyGolden, TheMixedStudyIsTheSameOnOneAndOnFourLibTorchThreads) {
  expect_same_study("mixed", 1);
  expect_same_study("mixed", 4);
}

}  // namespace
}  // namespace spikefit::experiments
