#include "spikefit/acquisition/optimizer.hpp"

#include <gtest/gtest.h>

#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"
#include "toy_problems.hpp"

namespace spikefit::acquisition {
namespace {

at::Tensor unit_lower(int64_t d) {
  return at::zeros({d}, at::kDouble);
}
at::Tensor unit_upper(int64_t d) {
  return at::ones({d}, at::kDouble);
}

OptimizerOptions small(uint64_t seed) {
  OptimizerOptions o;
  o.raw_samples = 128;
  o.restarts = 4;
  o.batch_limit = 50;
  o.seed = seed;
  return o;
}

TEST(Optimizer, FindsAnInteriorMaximumAndRespectsTheBounds) {
  const at::Tensor c = at::tensor({0.3, 0.7, 0.55}, at::kDouble);
  const AcquisitionFunction f = [c](const at::Tensor& x) {
    return -((x - c).pow(2) * at::tensor({1.0, 4.0, 9.0}, at::kDouble)).sum(1);
  };
  const OptimizerResult r = optimize_acquisition(f, unit_lower(3), unit_upper(3), small(1));
  ASSERT_EQ(r.x.size(0), 4);
  EXPECT_LT((r.x[0] - c).abs().max().item<double>(), 1e-4);
  EXPECT_NEAR(r.value[0].item<double>(), 0.0, 1e-8);
  // values descending, each the function at its point
  for (int64_t i = 1; i < 4; ++i)
    EXPECT_GE(r.value[i - 1].item<double>(), r.value[i].item<double>());
  EXPECT_NEAR(f(r.x).sub(r.value).abs().max().item<double>(), 0.0, 1e-12);
  // box [0.5, 1]^3: the maximum moves to the face x1 = 0.5
  const OptimizerResult boxed =
      optimize_acquisition(f, at::full({3}, 0.5, at::kDouble), unit_upper(3), small(1));
  const at::Tensor expected = at::tensor({0.5, 0.7, 0.55}, at::kDouble);
  EXPECT_LT((boxed.x[0] - expected).abs().max().item<double>(), 1e-4);
  EXPECT_GE(boxed.x.min().item<double>(), 0.5);
}

TEST(Optimizer, GlobalMaximumOfAMultimodalFunctionAgreesWithADenseGrid) {
  // f(x) = sin(13 x1) sin(27 x1) + 0.5 cos(7 x2): many local maxima along x1
  const AcquisitionFunction f = [](const at::Tensor& x) {
    const at::Tensor x1 = x.select(1, 0), x2 = x.select(1, 1);
    return at::sin(13.0 * x1) * at::sin(27.0 * x1) + 0.5 * at::cos(7.0 * x2);
  };
  const at::Tensor g = at::linspace(0.0, 1.0, 20001, at::kDouble);
  const at::Tensor on_grid = at::sin(13.0 * g) * at::sin(27.0 * g);
  const double grid_best = on_grid.max().item<double>() + 0.5;  // x2 = 0
  const double grid_x1 = g[on_grid.argmax()].item<double>();
  const OptimizerResult r = optimize_acquisition(f, unit_lower(2), unit_upper(2), small(3));
  EXPECT_GE(r.value[0].item<double>(), grid_best - 1e-6);
  EXPECT_NEAR(r.x[0][0].item<double>(), grid_x1, 1e-3);
  EXPECT_NEAR(r.x[0][1].item<double>(), 0.0, 1e-6);
}

TEST(Optimizer, KeepsTheBestRawSampleAndIsSeeded) {
  const AcquisitionFunction f = [](const at::Tensor& x) { return -(x - 0.123).pow(2).sum(1); };
  OptimizerOptions o = small(5);
  o.max_iterations = 0;  // the restarts themselves
  const OptimizerResult r = optimize_acquisition(f, unit_lower(2), unit_upper(2), o);
  const at::Tensor raw = space_filling(o.raw_samples, 2, derive_seed(o.seed, 0));
  EXPECT_TRUE(at::equal(r.x[0], raw[f(raw).argmax()]));
  // same inputs and seed: the same points; another seed: other restarts
  const OptimizerResult a = optimize_acquisition(f, unit_lower(2), unit_upper(2), small(9));
  const OptimizerResult b = optimize_acquisition(f, unit_lower(2), unit_upper(2), small(9));
  EXPECT_TRUE(at::equal(a.x, b.x));
  EXPECT_FALSE(at::equal(r.x, optimize_acquisition(f, unit_lower(2), unit_upper(2),
                                                   [] {
                                                     OptimizerOptions other = small(6);
                                                     other.max_iterations = 0;
                                                     return other;
                                                   }())
                                  .x));
}

TEST(Optimizer, RejectsBadOptions) {
  const AcquisitionFunction f = [](const at::Tensor& x) { return -x.pow(2).sum(1); };
  OptimizerOptions o = small(0);
  o.raw_samples = 2;
  EXPECT_THROW(optimize_acquisition(f, unit_lower(2), unit_upper(2), o), std::invalid_argument);
  EXPECT_THROW(optimize_acquisition(f, unit_upper(2), unit_lower(2), small(0)),
               std::invalid_argument);
  EXPECT_THROW(optimize_acquisition(f, unit_lower(2), unit_upper(3), small(0)),
               std::invalid_argument);
}

TEST(ConstraintWeighting, AddsLogFeasibilityAndMovesTheOptimumIntoTheFeasibleRegion) {
  // objective minimum at x1 = 0.8, but x1 > 0.5 is infeasible
  const at::Tensor x = space_filling(40, 2, 11);
  const at::Tensor y = (x.select(1, 0) - 0.8).pow(2) * 4.0 + (x.select(1, 1) - 0.5).pow(2);
  const surrogate::ExactGp gp = testing::fixed_gp(x, (y - y.mean()) / y.std());
  const surrogate::LabelGpFeasibility feasibility(x, x.select(1, 0) < 0.5);
  const double best = ((y - y.mean()) / y.std()).min().item<double>();
  const AcquisitionFunction ei = log_ei_function(gp, best);
  const AcquisitionFunction weighted = with_feasibility(ei, &feasibility);
  const at::Tensor probe = space_filling(16, 2, 3);
  EXPECT_LT(
      (weighted(probe) - ei(probe) - feasibility.log_probability(probe)).abs().max().item<double>(),
      1e-12);
  EXPECT_TRUE(at::equal(with_feasibility(ei, nullptr)(probe), ei(probe)));
  // the negated posterior mean peaks at the objective's minimum; weighted, it stays feasible
  const AcquisitionFunction mean = [gp](const at::Tensor& z) { return -gp.posterior(z).mean; };
  const OptimizerResult free = optimize_acquisition(mean, unit_lower(2), unit_upper(2), small(2));
  const OptimizerResult constrained = optimize_acquisition(with_feasibility(mean, &feasibility),
                                                           unit_lower(2), unit_upper(2), small(2));
  EXPECT_GT(free.x[0][0].item<double>(), 0.6);
  EXPECT_LT(constrained.x[0][0].item<double>(), 0.55);
  EXPECT_GT(feasibility.log_probability(constrained.x.slice(0, 0, 1)).item<double>(),
            feasibility.log_probability(free.x.slice(0, 0, 1)).item<double>());
}

}  // namespace
}  // namespace spikefit::acquisition
