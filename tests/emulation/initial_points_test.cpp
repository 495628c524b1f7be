#include <gtest/gtest.h>

#include "branin_study.hpp"
#include "spikefit/experiments/cli/strategy_choice.hpp"
#include "spikefit/experiments/evaluation/test_function_evaluator.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"

namespace spikefit::experiments {
namespace {

TEST(FitLoopInitialPoints, RoundZeroSimulatesTheGivenPointsWithReplicatesThenBoGoesOn) {
  StudyStorage storage = StudyStorage::in_memory(testing::branin_study_document());
  TestFunctionEvaluator evaluator;
  auto strategy = make_fit_strategy("sobol", 2);
  FitOptions options = testing::small_branin_options(16);
  options.initial_points = {{-3.0, 12.0}, {3.0, 2.5}, {9.0, 2.5}};
  options.initial_replicates = 2;
  run_fit(testing::branin_problem(), evaluator, *strategy, storage, options);
  const std::vector<StoredRound> rounds = storage.rounds();
  ASSERT_GE(rounds.size(), 2u);
  EXPECT_EQ(rounds[0].strategy, "emulator_candidates");
  ASSERT_EQ(rounds[0].slots.size(), 6u);
  for (std::size_t k = 0; k < 6; ++k) {
    const ProposalSlot& s = rounds[0].slots[k];
    EXPECT_EQ(s.point, static_cast<int64_t>(k / 2));
    EXPECT_EQ(s.x, options.initial_points[k / 2]);
    EXPECT_EQ(s.source, k % 2 == 0 ? acquisition::ProposalSource::kEmulator
                                   : acquisition::ProposalSource::kReplicate);
  }
  EXPECT_NE(rounds[1].slots.front().source, acquisition::ProposalSource::kEmulator);
  EXPECT_EQ(storage.evaluations().size(), 16u);
  EXPECT_EQ(storage.evaluations().front().source, acquisition::ProposalSource::kEmulator);
}

}  // namespace
}  // namespace spikefit::experiments
