#include "spikefit/acquisition/qlognei.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "spikefit/acquisition/analytic.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/sobol.hpp"
#include "spikefit/surrogate/composite_model.hpp"
#include "spikefit/surrogate/posterior_sampling.hpp"

namespace spikefit::acquisition {
namespace {

const at::Tensor& train_x() {
  static const at::Tensor x =
      at::tensor({0.1, 0.2, 0.3, 0.8, 0.5, 0.5, 0.7, 0.1, 0.9, 0.9, 0.2, 0.6, 0.6, 0.3, 0.35, 0.95},
                 at::kDouble)
          .reshape({8, 2});
  return x;
}

at::Tensor train_y() {
  const at::Tensor& x = train_x();
  return at::sin(5.0 * x.select(1, 0)) + at::cos(4.0 * x.select(1, 1));
}

surrogate::ExactGp gp_with_noise(double noise, double floor) {
  return surrogate::ExactGp(surrogate::KernelKind::kMatern52, train_x(), train_y(),
                            surrogate::GpHyperparameters::make(2, 0.35, 1.0, noise, 0.0, floor));
}

// The 5 of 256 Sobol points with the largest analytic LogEI: where the expected improvement is
// worth estimating (far in the tail no Monte-Carlo sample improves and the smoothed estimate
// is, as it should be, tiny).
at::Tensor probes(const surrogate::ExactGp& gp) {
  const at::Tensor points = space_filling(256, 2, 5);
  const surrogate::GpPosterior p = gp.posterior(points);
  const at::Tensor ei =
      log_expected_improvement(p.mean, p.variance.sqrt(), train_y().min().item<double>());
  return points.index_select(0, ei.argsort(0, /*descending=*/true).slice(0, 0, 5));
}

TEST(QLogNei, EqualsAnalyticLogEiForOnePointInTheNoiselessLimit) {
  const surrogate::ExactGp gp = gp_with_noise(1e-9, 1e-12);
  const double best = train_y().min().item<double>();
  const at::Tensor x = probes(gp);
  const surrogate::GpPosterior p = gp.posterior(x);
  const at::Tensor analytic = log_expected_improvement(p.mean, p.variance.sqrt(), best);
  for (int64_t samples : {256, 4096}) {
    QLogNeiOptions options;
    options.samples = samples;
    const at::Tensor mc = qlognei_function(gp, train_x(), options)(x);
    for (int64_t i = 0; i < x.size(0); ++i) {
      EXPECT_GT(analytic[i].item<double>(), -6.0);
      // quasi-MC error: a few percent at the default 256 samples, shrinking with more
      EXPECT_NEAR(mc[i].item<double>(), analytic[i].item<double>(), samples == 256 ? 0.05 : 0.01)
          << "probe " << i << ", " << samples << " samples";
    }
  }
}

TEST(QLogNei, AgreesWithABruteForceMonteCarloEstimateUnderNoise) {
  const surrogate::ExactGp gp = gp_with_noise(0.05, 1e-6);
  QLogNeiOptions options;
  options.samples = 1024;
  const at::Tensor x = probes(gp);
  const at::Tensor mc = qlognei_function(gp, train_x(), options)(x);
  const int64_t b = train_x().size(0);
  for (int64_t i = 0; i < x.size(0); ++i) {
    // log E[max(min_baseline f - f(x), 0)] from 200k joint posterior samples, no smoothing
    const at::Tensor points = at::cat({train_x(), x.slice(0, i, i + 1)});
    const at::Tensor f = surrogate::sample_posterior(gp, points, 200000, 17 + i);  // [s x b+1]
    const at::Tensor incumbent = std::get<0>(f.slice(1, 0, b).min(1));
    const double brute =
        std::log((incumbent - f.select(1, b)).clamp_min(0.0).mean().item<double>());
    EXPECT_NEAR(mc[i].item<double>(), brute, 0.05) << "probe " << i;
  }
}

TEST(QLogNei, BatchesAreDifferentiableAndDeterministic) {
  const surrogate::ExactGp gp = gp_with_noise(0.01, 1e-6);
  QLogNoisyExpectedImprovement q2(gp, train_x(), 2);
  const at::Tensor x = probes(gp);
  at::Tensor batch = x.slice(0, 0, 4).reshape({2, 2, 2}).clone().requires_grad_(true);
  const at::Tensor value = q2(batch);  // [2]
  ASSERT_EQ(value.size(0), 2);
  value.sum().backward();
  EXPECT_TRUE(batch.grad().isfinite().all().item<bool>());
  EXPECT_GT(batch.grad().abs().sum().item<double>(), 0.0);
  // a batch is worth at least as much as its better half (max over the batch, per sample)
  QLogNoisyExpectedImprovement q1(gp, train_x(), 1);
  const at::Tensor singles = q1(x.slice(0, 0, 4).reshape({4, 1, 2}));
  at::NoGradGuard no_grad;
  EXPECT_GE(q2(batch)[0].item<double>(),
            std::max(singles[0].item<double>(), singles[1].item<double>()) - 0.05);
  EXPECT_TRUE(at::equal(q2(batch), q2(batch)));
  EXPECT_THROW(
      QLogNoisyExpectedImprovement(gp, at::rand({SobolSequence::kMaxDims - 1, 2}, at::kDouble), 2),
      std::invalid_argument);
}

TEST(QLogNei, BatchesBeyond21JointDimensionsAgreeWithBruteForceMonteCarlo) {
  // 8 baseline rows + q = 16 points: 24 joint dimensions, past the 21 Sobol dimensions of old
  const surrogate::ExactGp gp = gp_with_noise(0.05, 1e-6);
  const int64_t b = train_x().size(0), q = 16;
  QLogNeiOptions options;
  options.samples = 2048;
  QLogNoisyExpectedImprovement acquisition(gp, train_x(), q, options);
  const at::Tensor z = acquisition.base_samples();  // [samples x (b + q)]
  ASSERT_EQ(z.size(1), b + q);
  // every column a stratified standard-normal sample, including the ones beyond 21
  EXPECT_LT(z.mean(0).abs().max().item<double>(), 0.01);
  EXPECT_LT((z.std(0) - 1.0).abs().max().item<double>(), 0.02);
  const at::Tensor batch = space_filling(q, 2, 11).reshape({1, q, 2});
  at::NoGradGuard no_grad;
  const double mc = acquisition(batch)[0].item<double>();
  // log E[max(min_baseline f - min_batch f, 0)] from 200k joint samples, no smoothing
  const at::Tensor points = at::cat({train_x(), batch[0]});
  const at::Tensor f = surrogate::sample_posterior(gp, points, 200000, 23);  // [s x (b + q)]
  const at::Tensor incumbent = std::get<0>(f.slice(1, 0, b).min(1));
  const at::Tensor batch_best = std::get<0>(f.slice(1, b, b + q).min(1));
  const double brute = std::log((incumbent - batch_best).clamp_min(0.0).mean().item<double>());
  EXPECT_NEAR(mc, brute, 0.05);
}

TEST(QLogNei, OnACompositeModelAgreesWithBruteForceMonteCarloOfTheCombination) {
  // g = f1 + 0.5 f2^2 of two independent GPs: qLogNEI reads the combination of the outputs'
  // reparameterised samples (one block of base samples per output)
  auto f1 = std::make_shared<const surrogate::ExactGp>(gp_with_noise(0.05, 1e-6));
  auto f2 = std::make_shared<const surrogate::ExactGp>(
      surrogate::KernelKind::kMatern52, train_x(), train_x().select(1, 0) - train_x().select(1, 1),
      surrogate::GpHyperparameters::make(2, 0.6, 0.5, 0.01));
  const auto g = [](const at::Tensor& v) { return v.select(-1, 0) + 0.5 * v.select(-1, 1).pow(2); };
  const surrogate::CompositeModel model({f1, f2}, g);
  QLogNeiOptions options;
  options.samples = 2048;
  const at::Tensor x = probes(*f1).slice(0, 0, 3);
  const at::Tensor mc = qlognei_function(model, train_x(), options)(x);
  const int64_t b = train_x().size(0);
  for (int64_t i = 0; i < x.size(0); ++i) {
    const at::Tensor points = at::cat({train_x(), x.slice(0, i, i + 1)});
    const at::Tensor s1 = surrogate::sample_posterior(*f1, points, 200000, 31 + i);
    const at::Tensor s2 = surrogate::sample_posterior(*f2, points, 200000, 41 + i);
    const at::Tensor f = g(at::stack({s1, s2}, 2));  // [s x (b + 1)]
    const at::Tensor incumbent = std::get<0>(f.slice(1, 0, b).min(1));
    const double brute =
        std::log((incumbent - f.select(1, b)).clamp_min(0.0).mean().item<double>());
    EXPECT_GT(brute, -8.0);
    EXPECT_NEAR(mc[i].item<double>(), brute, 0.05) << "probe " << i;
  }
}

}  // namespace
}  // namespace spikefit::acquisition
