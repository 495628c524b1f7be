#include <gtest/gtest.h>

#include "toy_problems.hpp"

namespace spikefit::acquisition {
namespace {

nlohmann::json options() {
  return {{"candidates", 500}, {"raw_samples", 256}, {"restarts", 4}, {"max_iterations", 50}};
}

class BeatsSobol : public ::testing::TestWithParam<const char*> {};

// A few rounds find lower values than Sobol points at the same number of evaluations.
TEST_P(BeatsSobol, OnBranin) {
  // 6 + 5 x 4 = 26 evaluations
  const double bo = testing::run_bo(GetParam(), testing::branin, 2, 6, 4, 5, 1, options());
  const double sobol = testing::sobol_best(testing::branin, 2, 26, 1);
  EXPECT_LT(bo, sobol) << GetParam();
  EXPECT_LT(bo, 0.397887 + 0.5) << GetParam();  // within 0.5 of the minimum
}

TEST_P(BeatsSobol, OnHartmann6) {
  // 10 + 5 x 6 = 40 evaluations
  const double bo = testing::run_bo(GetParam(), testing::hartmann6, 6, 10, 6, 5, 2, options());
  const double sobol = testing::sobol_best(testing::hartmann6, 6, 40, 2);
  EXPECT_LT(bo, sobol) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Strategies, BeatsSobol,
                         ::testing::Values("ts", "greedy", "turbo", "mixed"));

}  // namespace
}  // namespace spikefit::acquisition
