#include "spikefit/surrogate/posterior_sampling.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "spikefit/surrogate/pathwise_sampler.hpp"

namespace spikefit::surrogate {
namespace {

ExactGp toy_gp() {
  // 8 noisy observations of sin(6 x1) + x2 in [0, 1]^2, fixed hyperparameters
  const at::Tensor x = at::tensor({0.05, 0.9, 0.2, 0.1, 0.35, 0.6, 0.5, 0.3, 0.62, 0.75, 0.7, 0.2,
                                   0.85, 0.5, 0.95, 0.05},
                                  at::kDouble)
                           .reshape({8, 2});
  const at::Tensor y = at::sin(6.0 * x.select(1, 0)) + x.select(1, 1);
  return ExactGp(KernelKind::kMatern52, x, y, GpHyperparameters::make(2, 0.3, 1.5, 0.01));
}

TEST(PosteriorSampling, SampleMeanAndCovarianceConvergeToThePosterior) {
  const ExactGp gp = toy_gp();
  // 6 test points: two near each other (strongly correlated), one on a training point
  const at::Tensor xs =
      at::tensor({0.4, 0.4, 0.42, 0.41, 0.2, 0.1, 0.0, 1.0, 1.0, 0.0, 0.55, 0.8}, at::kDouble)
          .reshape({6, 2});
  const GpPosterior p = gp.posterior(xs, /*with_covariance=*/true);
  const int64_t n = 40000;
  const at::Tensor s = sample_posterior(gp, xs, n, /*seed=*/7);  // [n x 6]
  ASSERT_EQ(s.size(0), n);
  ASSERT_EQ(s.size(1), 6);
  const at::Tensor mean = s.mean(0);
  const at::Tensor centred = s - mean;
  const at::Tensor cov = at::matmul(centred.transpose(0, 1), centred) / (n - 1);
  for (int64_t i = 0; i < 6; ++i) {
    const double sd = std::sqrt(p.covariance[i][i].item<double>());
    // 5 standard errors of the sample mean
    EXPECT_NEAR(mean[i].item<double>(), p.mean[i].item<double>(), 5.0 * sd / std::sqrt(n) + 1e-9)
        << i;
    for (int64_t j = 0; j < 6; ++j) {
      const double sdj = std::sqrt(p.covariance[j][j].item<double>());
      // standard error of a sample covariance <= sd_i sd_j sqrt(2 / n)
      EXPECT_NEAR(cov[i][j].item<double>(), p.covariance[i][j].item<double>(),
                  5.0 * sd * sdj * std::sqrt(2.0 / n) + 1e-9)
          << i << "," << j;
    }
  }
  // the near pair is strongly correlated, and its samples show it
  const double rho = (cov[0][1] / (cov[0][0] * cov[1][1]).sqrt()).item<double>();
  EXPECT_GT(rho, 0.9);
}

TEST(PosteriorSampling, SeededAndShaped) {
  const ExactGp gp = toy_gp();
  const at::Tensor xs = at::rand({30, 2}, at::kDouble);
  EXPECT_TRUE(at::equal(sample_posterior(gp, xs, 5, 3), sample_posterior(gp, xs, 5, 3)));
  EXPECT_FALSE(at::equal(sample_posterior(gp, xs, 5, 3), sample_posterior(gp, xs, 5, 4)));
  // duplicated candidates make the covariance singular: jitter escalation handles it
  const at::Tensor twice = at::cat({xs, xs});
  const at::Tensor s = sample_posterior(gp, twice, 4, 1);
  EXPECT_TRUE(s.isfinite().all().item<bool>());
  EXPECT_LT((s.slice(1, 0, 30) - s.slice(1, 30, 60)).abs().max().item<double>(), 1e-3);
  EXPECT_THROW(sample_posterior(gp, at::rand({3, 5}, at::kDouble), 2, 0), std::invalid_argument);
  EXPECT_THROW(sample_posterior(gp, xs, 0, 0), std::invalid_argument);
}

TEST(PosteriorSampling, PathwiseSamplesHaveTheExactPosteriorMeanAndVariance) {
  const ExactGp gp = toy_gp();
  const at::Tensor xs =
      at::tensor({0.4, 0.4, 0.2, 0.1, 0.0, 1.0, 1.0, 0.0, 0.55, 0.8}, at::kDouble).reshape({5, 2});
  const GpPosterior p = gp.posterior(xs);
  PosteriorSamplerOptions options;
  options.kind = PosteriorSamplerKind::kPathwise;
  options.features = 2048;
  const int64_t n = 2000;
  const at::Tensor s = sample_posterior(gp, xs, n, /*seed=*/11, options);  // [n x 5]
  ASSERT_EQ(s.size(0), n);
  ASSERT_EQ(s.size(1), 5);
  const at::Tensor mean = s.mean(0), variance = s.var(0);
  for (int64_t i = 0; i < 5; ++i) {
    const double v = p.variance[i].item<double>();
    // 5 standard errors of the Monte Carlo estimate plus the error of 2048 random features
    // (a prior variance estimated with sd ~ outputscale / sqrt(2 F) ~ 0.023)
    EXPECT_NEAR(mean[i].item<double>(), p.mean[i].item<double>(), 5.0 * std::sqrt(v / n) + 0.03)
        << i;
    EXPECT_NEAR(variance[i].item<double>(), v, 5.0 * v * std::sqrt(2.0 / n) + 0.06) << i;
  }
  EXPECT_TRUE(at::equal(s, sample_posterior(gp, xs, n, 11, options)));
  EXPECT_FALSE(at::equal(s, sample_posterior(gp, xs, n, 12, options)));
}

TEST(PosteriorSampling, AutoIsExactBelowTheThresholdAndPathwiseFromIt) {
  const ExactGp gp = toy_gp();  // 8 training points
  const at::Tensor xs = at::rand({30, 2}, at::kDouble);
  PosteriorSamplerOptions options;
  options.features = 64;
  options.pathwise_min_points = 9;
  EXPECT_TRUE(at::equal(sample_posterior(gp, xs, 5, 3, options), sample_posterior(gp, xs, 5, 3)));
  options.pathwise_min_points = 8;
  EXPECT_TRUE(at::equal(sample_posterior(gp, xs, 5, 3, options),
                        PathwiseSampler(gp, 5, 64, 3).evaluate(xs)));
  EXPECT_THROW(sample_posterior(gp, at::rand({3, 5}, at::kDouble), 2, 0, options),
               std::invalid_argument);
  EXPECT_THROW(sample_posterior(gp, xs, 0, 0, options), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::surrogate
