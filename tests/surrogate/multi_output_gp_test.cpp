#include "spikefit/surrogate/multi_output_gp.hpp"

#include <gtest/gtest.h>

#include "tensor_json.hpp"

namespace spikefit::surrogate {
namespace {

using testing::max_abs_difference;

TEST(IndependentMultiOutputGp, EachOutputIsItsOwnFittedGpStackedByColumn) {
  at::manual_seed(12);
  const at::Tensor x = at::rand({30, 2}, at::kDouble);
  const at::Tensor y = at::stack({at::sin(4 * x.select(1, 0)), x.select(1, 1).pow(2) * 3}, 1);
  IndependentMultiOutputGp model = IndependentMultiOutputGp::make(KernelKind::kMatern52, x, y);
  GpFitOptions options;
  options.restarts = 2;
  options.seed = 5;
  const std::vector<double> reached = model.fit(options);
  ASSERT_EQ(reached.size(), 2u);
  // separate GPs fitted with the output's seed reach the same hyperparameters
  for (int64_t j = 0; j < 2; ++j) {
    const at::Tensor column = y.select(1, j).contiguous();
    ExactGp alone(KernelKind::kMatern52, x, column,
                  GpHyperparameters::make(2, 0.5, 1.0, 0.01, column.mean().item<double>()));
    GpFitOptions single = options;
    single.seed = options.seed + static_cast<uint64_t>(j);
    EXPECT_NEAR(alone.fit(single), reached[static_cast<std::size_t>(j)], 1e-9);
    EXPECT_LT(max_abs_difference(alone.hyperparameters().log_lengthscales,
                                 model.output(j).hyperparameters().log_lengthscales),
              1e-9);
  }
  // the outputs learn different lengthscales (x1 matters for output 1 only)
  EXPECT_GT(model.output(1).hyperparameters().log_lengthscales[0].item<double>(),
            model.output(0).hyperparameters().log_lengthscales[0].item<double>());
  const at::Tensor probe = at::rand({7, 2}, at::kDouble);
  const MultiOutputPosterior p = model.posterior(probe);
  ASSERT_EQ(p.mean.sizes(), (std::vector<int64_t>{7, 2}));
  for (int64_t j = 0; j < 2; ++j) {
    const GpPosterior single = model.output(j).posterior(probe);
    EXPECT_LT(max_abs_difference(p.mean.select(1, j), single.mean), 1e-14);
    EXPECT_LT(max_abs_difference(p.variance.select(1, j), single.variance), 1e-14);
  }
  const IndependentMultiOutputGp extended =
      model.extended(probe.slice(0, 0, 2), p.mean.slice(0, 0, 2));
  EXPECT_EQ(extended.output(1).size(), 32);
}

TEST(IndependentMultiOutputGp, KnownNoisePerOutputAndShapeErrors) {
  const at::Tensor x = at::rand({10, 3}, at::kDouble);
  const at::Tensor y = at::rand({10, 2}, at::kDouble);
  const at::Tensor yvar = at::full({10, 2}, 0.01, at::kDouble);
  const IndependentMultiOutputGp model =
      IndependentMultiOutputGp::make(KernelKind::kRbf, x, y, yvar);
  EXPECT_TRUE(model.output(0).known_noise());
  EXPECT_TRUE(model.output(1).known_noise());
  EXPECT_THROW(IndependentMultiOutputGp::make(KernelKind::kRbf, x, y.select(1, 0)),
               std::invalid_argument);
  EXPECT_THROW(IndependentMultiOutputGp::make(KernelKind::kRbf, x, y, yvar.slice(1, 0, 1)),
               std::invalid_argument);
  EXPECT_THROW(IndependentMultiOutputGp({}), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::surrogate
