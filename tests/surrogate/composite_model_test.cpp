#include "spikefit/surrogate/composite_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>

#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/incremental_gp.hpp"
#include "spikefit/surrogate/posterior_sampling.hpp"

namespace spikefit::surrogate {
namespace {

const at::Tensor& train_x() {
  static const at::Tensor x = at::tensor({0.05, 0.9, 0.2, 0.1, 0.35, 0.6, 0.5, 0.3, 0.62, 0.75, 0.7,
                                          0.2, 0.85, 0.5, 0.95, 0.05},
                                         at::kDouble)
                                  .reshape({8, 2});
  return x;
}

std::shared_ptr<const ExactGp> gp(const at::Tensor& y, double lengthscale) {
  return std::make_shared<const ExactGp>(KernelKind::kMatern52, train_x(), y,
                                         GpHyperparameters::make(2, lengthscale, 1.0, 0.01));
}

// f1 ~ sin(6 x1) + x2 and f2 ~ x1 - x2 (different lengthscales); g = f1^2 + f2
struct TwoOutputs {
  std::shared_ptr<const ExactGp> f1 =
      gp(at::sin(6.0 * train_x().select(1, 0)) + train_x().select(1, 1), 0.3);
  std::shared_ptr<const ExactGp> f2 = gp(train_x().select(1, 0) - train_x().select(1, 1), 0.8);
  static at::Tensor g(const at::Tensor& v) { return v.select(-1, 0).pow(2) + v.select(-1, 1); }
  CompositeModel model(int64_t moment_samples = 128) const {
    CompositeModelOptions o;
    o.moment_samples = moment_samples;
    o.seed = 3;
    return CompositeModel({f1, f2}, &TwoOutputs::g, o);
  }
};

const at::Tensor& test_x() {
  static const at::Tensor x =
      at::tensor({0.4, 0.4, 0.42, 0.41, 0.0, 1.0, 0.55, 0.8}, at::kDouble).reshape({4, 2});
  return x;
}

TEST(CompositeModel, PosteriorMomentsMatchTheClosedFormOfTheCombination) {
  const TwoOutputs t;
  const CompositeModel model = t.model(/*moment_samples=*/40000);
  const GpPosterior p1 = t.f1->posterior(test_x()), p2 = t.f2->posterior(test_x());
  // E[f1^2 + f2] = mu1^2 + s1^2 + mu2; Var = 2 s1^4 + 4 mu1^2 s1^2 + s2^2 (independent outputs)
  const at::Tensor mean = p1.mean.pow(2) + p1.variance + p2.mean;
  const at::Tensor variance =
      2 * p1.variance.pow(2) + 4 * p1.mean.pow(2) * p1.variance + p2.variance;
  const GpPosterior p = model.posterior(test_x());
  for (int64_t i = 0; i < 4; ++i) {
    const double sd = std::sqrt(variance[i].item<double>());
    EXPECT_NEAR(p.mean[i].item<double>(), mean[i].item<double>(), 5 * sd / std::sqrt(40000.0)) << i;
    EXPECT_NEAR(p.variance[i].item<double>(), variance[i].item<double>(),
                0.05 * variance[i].item<double>())
        << i;
  }
  // with the covariance: the same moments, and the two close points strongly correlated
  const GpPosterior joint = model.posterior(test_x(), /*with_covariance=*/true);
  EXPECT_NEAR(joint.covariance[2][2].item<double>(), variance[2].item<double>(),
              0.05 * variance[2].item<double>());
  const double rho =
      (joint.covariance[0][1] / (joint.covariance[0][0] * joint.covariance[1][1]).sqrt())
          .item<double>();
  EXPECT_GT(rho, 0.9);
}

TEST(CompositeModel, SamplesAreTheCombinationOfJointOutputSamples) {
  const TwoOutputs t;
  const CompositeModel model = t.model();
  const at::Tensor s = model.sample(test_x(), 20000, 5, PosteriorSamplerOptions{});  // [s x 4]
  ASSERT_EQ(s.size(0), 20000);
  ASSERT_EQ(s.size(1), 4);
  EXPECT_TRUE(at::equal(s, model.sample(test_x(), 20000, 5, PosteriorSamplerOptions{})));
  EXPECT_FALSE(at::equal(s, model.sample(test_x(), 20000, 6, PosteriorSamplerOptions{})));
  const GpPosterior p1 = t.f1->posterior(test_x()), p2 = t.f2->posterior(test_x());
  const at::Tensor mean = p1.mean.pow(2) + p1.variance + p2.mean;
  const at::Tensor variance =
      2 * p1.variance.pow(2) + 4 * p1.mean.pow(2) * p1.variance + p2.variance;
  for (int64_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(s.select(1, i).mean().item<double>(), mean[i].item<double>(),
                5 * std::sqrt(variance[i].item<double>() / 20000))
        << i;
  }
  const at::Tensor c = s - s.mean(0);
  const double rho = ((c.select(1, 0) * c.select(1, 1)).mean() /
                      (c.select(1, 0).pow(2).mean() * c.select(1, 1).pow(2).mean()).sqrt())
                         .item<double>();
  EXPECT_GT(rho, 0.9);  // joint samples: the close pair moves together
}

TEST(CompositeModel, BatchSamplesOfOneIdentityOutputAreTheGaussianOnes) {
  const TwoOutputs t;
  const CompositeModel identity({t.f1}, [](const at::Tensor& v) { return v.select(-1, 0); });
  const at::Tensor baseline = train_x().slice(0, 0, 3);
  const at::Tensor batches = test_x().reshape({2, 2, 2});
  const at::Tensor base = at::randn({64, 5}, at::kDouble);
  const at::Tensor expected = t.f1->batch_samples(baseline, batches, base);  // [2 x 64 x 5]
  ASSERT_EQ(expected.sizes(), at::IntArrayRef({2, 64, 5}));
  EXPECT_TRUE(at::allclose(identity.batch_samples(baseline, batches, base), expected));
  // two outputs read consecutive blocks of the base samples
  const CompositeModel model = t.model();
  EXPECT_EQ(model.base_width(), 2);
  const at::Tensor wide = at::randn({64, 10}, at::kDouble);
  const at::Tensor f1 = t.f1->batch_samples(baseline, batches, wide.slice(1, 0, 5));
  const at::Tensor f2 = t.f2->batch_samples(baseline, batches, wide.slice(1, 5, 10));
  EXPECT_TRUE(at::allclose(model.batch_samples(baseline, batches, wide), f1.pow(2) + f2));
  EXPECT_THROW(model.batch_samples(baseline, batches, base), std::invalid_argument);
}

TEST(CompositeModel, BelieverLengthscalesAndNoIncrementalForm) {
  const TwoOutputs t;
  const CompositeModel model = t.model();
  EXPECT_TRUE(at::allclose(model.lengthscales(), at::full({2}, 0.3, at::kDouble)));
  const at::Tensor x = test_x().slice(0, 3, 4);
  const std::unique_ptr<PosteriorModel> believed = model.believer(x);
  const GpPosterior before = model.posterior(x), after = believed->posterior(x);
  EXPECT_LT(after.variance.item<double>(), 0.5 * before.variance.item<double>());
  EXPECT_NEAR(after.mean.item<double>(), before.mean.item<double>(),
              std::sqrt(before.variance.item<double>()));
  EXPECT_THROW(model.incremental(), std::logic_error);
  EXPECT_THROW(CompositeModel({}, &TwoOutputs::g), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::surrogate
