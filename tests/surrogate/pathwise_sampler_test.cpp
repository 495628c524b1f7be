#include "spikefit/surrogate/pathwise_sampler.hpp"

#include <gtest/gtest.h>

#include "gradient_check.hpp"
#include "tensor_json.hpp"

namespace spikefit::surrogate {
namespace {

using testing::max_abs_difference;

class Pathwise : public ::testing::TestWithParam<KernelKind> {
 protected:
  ExactGp gp() {
    at::manual_seed(31);
    const at::Tensor x = at::rand({15, 2}, at::kDouble);
    const at::Tensor y = at::sin(4 * x.select(1, 0)) + x.select(1, 1);
    return ExactGp(GetParam(), x, y, GpHyperparameters::make(2, 0.3, 1.5, 0.01, 0.2));
  }
};

TEST_P(Pathwise, RandomFeaturesApproximateTheKernel) {
  const ExactGp model = gp();
  const PathwiseSampler sampler(model, 1, 20000, 3);
  const at::Tensor x = at::rand({8, 2}, at::kDouble);
  const at::Tensor phi = sampler.features(x);
  const GpHyperparameters& h = model.hyperparameters();
  const at::Tensor k = kernel_matrix(GetParam(), x, x, h.lengthscales(), h.outputscale());
  // Monte Carlo error of 20000 features, relative to the outputscale 1.5
  EXPECT_LT(max_abs_difference(at::matmul(phi, phi.transpose(0, 1)), k), 0.05 * 1.5);
}

TEST_P(Pathwise, PathsHaveThePosteriorMeanAndCovariance) {
  const ExactGp model = gp();
  const PathwiseSampler sampler(model, 4000, 2048, 4);
  const at::Tensor probe = at::rand({5, 2}, at::kDouble);
  const at::Tensor values = sampler.evaluate(probe);  // [4000 x 5]
  ASSERT_EQ(values.sizes(), (std::vector<int64_t>{4000, 5}));
  const GpPosterior p = model.posterior(probe, true);
  const at::Tensor centred = values - values.mean(0);
  const at::Tensor covariance = at::matmul(centred.transpose(0, 1), centred) / 3999.0;
  // sampling error ~ sd / sqrt(4000) <= 0.02 plus the feature approximation
  EXPECT_LT(max_abs_difference(values.mean(0), p.mean), 0.08);
  EXPECT_LT(max_abs_difference(covariance, p.covariance), 0.08);
  // at the data, where the posterior is narrow (sd ~ 0.1), the paths agree closely
  const at::Tensor train = model.train_x().slice(0, 0, 3);
  const at::Tensor at_train = sampler.evaluate(train);
  EXPECT_LT(max_abs_difference(at_train.mean(0), model.posterior(train).mean), 0.02);
  EXPECT_LT(max_abs_difference(at_train.std(0), model.posterior(train).variance.sqrt()), 0.02);
}

TEST_P(Pathwise, PathsAreDeterministicAndDifferentiableInX) {
  const ExactGp model = gp();
  const PathwiseSampler a(model, 3, 256, 9), b(model, 3, 256, 9);
  const at::Tensor x = at::rand({4, 2}, at::kDouble);
  EXPECT_TRUE(at::equal(a.evaluate(x), b.evaluate(x)));
  at::Tensor probe = at::tensor({0.4, 0.6}, at::kDouble).reshape({1, 2}).requires_grad_(true);
  a.evaluate(probe).sum().backward();
  spikefit::testing::expect_gradient_near([&a](const at::Tensor& x) { return a.evaluate(x).sum(); },
                                          probe, probe.grad(), 1e-5);
}

INSTANTIATE_TEST_SUITE_P(Kinds, Pathwise,
                         ::testing::Values(KernelKind::kMatern52, KernelKind::kRbf),
                         [](const ::testing::TestParamInfo<KernelKind>& param_info) {
                           return param_info.param == KernelKind::kRbf ? "Rbf" : "Matern52";
                         });

}  // namespace
}  // namespace spikefit::surrogate
