#include <gtest/gtest.h>

#include <iostream>

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
  std::cout << "Branin, 26 evaluations, best: " << GetParam() << " " << bo << ", sobol " << sobol
            << "\n";
  EXPECT_LT(bo, sobol) << GetParam();
  EXPECT_LT(bo, 0.397887 + 0.6) << GetParam();  // within 0.6 of the minimum
}

TEST_P(BeatsSobol, OnHartmann6) {
  // 10 + 5 x 6 = 40 evaluations
  const double bo = testing::run_bo(GetParam(), testing::hartmann6, 6, 10, 6, 5, 2, options());
  const double sobol = testing::sobol_best(testing::hartmann6, 6, 40, 2);
  std::cout << "Hartmann6, 40 evaluations, best: " << GetParam() << " " << bo << ", sobol " << sobol
            << "\n";
  EXPECT_LT(bo, sobol) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Strategies, BeatsSobol,
                         ::testing::Values("ts", "greedy", "turbo", "turbo-m", "mixed"));

}  // namespace
}  // namespace spikefit::acquisition
