// Seeded training: the same seed (and thread count) gives the same emulator, another seed another.
#include <gtest/gtest.h>

#include "quick_options.hpp"
#include "spikefit/emulator/emulator.hpp"
#include "synthetic_problem.hpp"

namespace spikefit::emulator {
namespace {

EmulatorPrediction trained_prediction(EmulatorKind kind, uint64_t seed) {
  const testing::SyntheticProblem train = testing::synthetic_problem(120, 31);
  const testing::SyntheticProblem test = testing::synthetic_problem(40, 32);
  return train_emulator(train.x, train.y, testing::quick_options(kind, seed))->predict(test.x);
}

class SeededTraining : public ::testing::TestWithParam<EmulatorKind> {};

TEST_P(SeededTraining, SameSeedGivesIdenticalPredictions) {
  const EmulatorPrediction a = trained_prediction(GetParam(), 7);
  const EmulatorPrediction b = trained_prediction(GetParam(), 7);
  EXPECT_TRUE(at::equal(a.mean, b.mean));
  EXPECT_TRUE(at::equal(a.variance, b.variance));
}

INSTANTIATE_TEST_SUITE_P(Kinds, SeededTraining, ::testing::ValuesIn(testing::kAllKinds),
                         [](const ::testing::TestParamInfo<EmulatorKind>& param_info) {
                           std::string name = to_string(param_info.param);
                           return name == "sparse-gp" ? std::string("sparse_gp") : name;
                         });

TEST(SeededTraining, DifferentSeedsGiveDifferentMlps) {
  const EmulatorPrediction a = trained_prediction(EmulatorKind::kMlp, 7);
  const EmulatorPrediction b = trained_prediction(EmulatorKind::kMlp, 8);
  EXPECT_GT((a.mean - b.mean).abs().max().item<double>(), 1e-4);
}

TEST(SeededTraining, TrainingLeavesTheGlobalRandomStateAlone) {
  at::manual_seed(99);
  const double expected = at::rand({1}, at::kDouble).item<double>();
  at::manual_seed(99);
  trained_prediction(EmulatorKind::kEnsemble, 7);
  EXPECT_EQ(at::rand({1}, at::kDouble).item<double>(), expected);
}

TEST(SeededTraining, OneMemberEnsembleIsTheMlp) {
  const testing::SyntheticProblem train = testing::synthetic_problem(120, 31);
  const testing::SyntheticProblem test = testing::synthetic_problem(40, 32);
  EmulatorTrainOptions ensemble = testing::quick_options(EmulatorKind::kEnsemble);
  ensemble.ensemble_members = 1;
  const EmulatorPrediction a = train_emulator(train.x, train.y, ensemble)->predict(test.x);
  const EmulatorPrediction b =
      train_emulator(train.x, train.y, testing::quick_options(EmulatorKind::kMlp))->predict(test.x);
  EXPECT_TRUE(at::equal(a.mean, b.mean));
  EXPECT_TRUE(at::equal(a.variance, b.variance));
}

}  // namespace
}  // namespace spikefit::emulator
