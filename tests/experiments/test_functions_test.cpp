#include "spikefit/experiments/evaluation/test_functions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#ifdef SPIKEFIT_HAVE_TORCH
#include "spikefit/acquisition/hypervolume.hpp"
#endif

namespace spikefit::experiments {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(TestFunctions, BraninHasItsThreeMinimaAndClosedFormValues) {
  const TestFunction f = make_test_function("branin");
  ASSERT_EQ(f.dims(), 2);
  for (const auto& x : f.minimizers) EXPECT_NEAR(f.evaluate(x).objectives[0], 0.397887, 1e-5);
  EXPECT_NEAR(branin({-kPi, 12.275}), f.optimal_value, 1e-12);
  // At the origin: (0 - 6)^2 + 10 (1 - 1/(8 pi)) + 10.
  EXPECT_NEAR(branin({0.0, 0.0}), 56.0 - 10.0 / (8.0 * kPi), 1e-12);
  EXPECT_DOUBLE_EQ(f.lower[0], -5.0);
  EXPECT_DOUBLE_EQ(f.upper[1], 15.0);
}

TEST(TestFunctions, Hartmann6MinimumIsALocalMinimumWithThePublishedValue) {
  const TestFunction f = make_test_function("hartmann6");
  const auto& x = f.minimizers[0];
  EXPECT_NEAR(hartmann6(x), -3.32237, 1e-5);
  EXPECT_NEAR(hartmann6(x), f.optimal_value, 1e-8);
  for (int j = 0; j < 6; ++j) {
    for (double step : {-1e-3, 1e-3}) {
      auto moved = x;
      moved[j] += step;
      EXPECT_GT(hartmann6(moved), hartmann6(x)) << "coordinate " << j;
    }
  }
}

TEST(TestFunctions, AckleyIsZeroAtTheOriginInAnyDimension) {
  const TestFunction f = make_test_function("ackley");
  EXPECT_EQ(f.dims(), 10);
  EXPECT_NEAR(f.evaluate(f.minimizers[0]).objectives[0], 0.0, 1e-12);
  EXPECT_EQ(make_test_function("ackley", 3).dims(), 3);
  // At (1, ..., 1): cos(2 pi) = 1, so f = 20 (1 - exp(-0.2)).
  EXPECT_NEAR(ackley(std::vector<double>(10, 1.0)), 20.0 * (1.0 - std::exp(-0.2)), 1e-12);
  EXPECT_DOUBLE_EQ(f.lower[4], -5.0);
  EXPECT_DOUBLE_EQ(f.upper[4], 10.0);
}

TEST(TestFunctions, ConstrainedHartmannIsInfeasibleAboveTheL1Bound) {
  const TestFunction f = make_test_function("constrained_hartmann6");
  EXPECT_TRUE(f.constrained);
  const Outcome at_minimum = f.evaluate(f.minimizers[0]);
  EXPECT_TRUE(at_minimum.feasible);
  EXPECT_DOUBLE_EQ(at_minimum.objectives[0], hartmann6(f.minimizers[0]));
  const std::vector<double> ones(6, 1.0);
  const Outcome outside = f.evaluate(ones);
  EXPECT_FALSE(outside.feasible);
  EXPECT_DOUBLE_EQ(outside.objectives[0], hartmann6(ones));
  EXPECT_TRUE(f.evaluate(std::vector<double>(6, 0.5)).feasible);  // sum 3 is on the boundary
}

TEST(TestFunctions, BraninCurrinMatchesClosedForms) {
  const auto y = branin_currin({0.5, 0.5});
  EXPECT_NEAR(y[0], branin({2.5, 7.5}), 1e-12);
  // Currin: (1 - exp(-1)) (2300/8 + 1900/4 + 2092/2 + 60) / (100/8 + 500/4 + 4/2 + 20).
  EXPECT_NEAR(y[1], (1.0 - std::exp(-1.0)) * 1868.5 / 159.5, 1e-12);
  EXPECT_NEAR(branin_currin({0.0, 0.0})[1], 3.0, 1e-12);  // the x2 -> 0 limit, finite
  const TestFunction f = make_test_function("branin_currin");
  EXPECT_EQ(f.objectives, 2);
  EXPECT_EQ(f.reference_point, (std::vector<double>{18.0, 6.0}));
}

TEST(TestFunctions, Zdt1FrontIsOneMinusSquareRoot) {
  const TestFunction f = make_test_function("zdt1");
  EXPECT_EQ(f.dims(), 6);
  std::vector<double> x(6, 0.0);
  x[0] = 0.36;
  EXPECT_NEAR(zdt1(x)[1], 1.0 - 0.6, 1e-12);
  x[3] = 0.5;  // g = 1 + 9 * 0.5 / 5 moves the point off the front
  const double g = 1.9;
  EXPECT_NEAR(zdt1(x)[1], g * (1.0 - std::sqrt(0.36 / g)), 1e-12);
}

#ifdef SPIKEFIT_HAVE_TORCH
TEST(TestFunctions, MaximumHypervolumesAreReachedByTheTrueFronts) {
  const TestFunction f = make_test_function("zdt1");
  acquisition::Points front;
  for (int i = 0; i <= 2000; ++i) {
    std::vector<double> x(6, 0.0);
    x[0] = i / 2000.0;
    front.push_back(f.evaluate(x).objectives);
  }
  const double hv = acquisition::hypervolume(front, f.reference_point);
  EXPECT_LT(hv, f.max_hypervolume);
  EXPECT_NEAR(hv, f.max_hypervolume, 1e-3);

  // BraninCurrin: a 1001 x 1001 grid (dominated points add nothing) stays below BoTorch's value
  // and comes within 0.25 of it (numpy on the same grid: 59.149).
  const TestFunction bc = make_test_function("branin_currin");
  acquisition::Points grid;
  for (int i = 0; i <= 1000; ++i) {
    for (int j = 0; j <= 1000; ++j) {
      grid.push_back(bc.evaluate({i / 1000.0, j / 1000.0}).objectives);
    }
  }
  const double grid_hv = acquisition::hypervolume(grid, bc.reference_point);
  EXPECT_LT(grid_hv, bc.max_hypervolume);
  EXPECT_GT(grid_hv, bc.max_hypervolume - 0.25);

  // DTLZ2, 3 objectives: x[2..] = 0.5 puts points on the unit sphere; a 40 x 40 grid of the two
  // angles stays below the box minus the ball's octant and comes within 3 % of it.
  const TestFunction dtlz = make_test_function("dtlz2");
  acquisition::Points sphere;
  for (int i = 0; i <= 40; ++i) {
    for (int j = 0; j <= 40; ++j) {
      std::vector<double> x(6, 0.5);
      x[0] = i / 40.0;
      x[1] = j / 40.0;
      const std::vector<double> y = dtlz.evaluate(x).objectives;
      EXPECT_NEAR(y[0] * y[0] + y[1] * y[1] + y[2] * y[2], 1.0, 1e-12);
      sphere.push_back(y);
    }
  }
  const double sphere_hv = acquisition::hypervolume(sphere, dtlz.reference_point);
  EXPECT_LT(sphere_hv, dtlz.max_hypervolume);
  EXPECT_GT(sphere_hv, 0.97 * dtlz.max_hypervolume);
}
#endif

TEST(TestFunctions, BadNamesAndDimensionsAreRejectedClearly) {
  try {
    make_test_function("rosenbrock");
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("rosenbrock"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("hartmann6"), std::string::npos);
  }
  EXPECT_THROW(make_test_function("branin", 3), std::invalid_argument);
  EXPECT_THROW(make_test_function("zdt1", 1), std::invalid_argument);
  EXPECT_THROW(hartmann6({0.5}), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::experiments
