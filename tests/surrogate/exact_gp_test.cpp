#include "spikefit/surrogate/exact_gp.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "fixtures.hpp"

namespace spikefit::surrogate {
namespace {

at::Tensor tensor(const Eigen::MatrixXd& m) {
  at::Tensor t = at::empty({m.rows(), m.cols()}, at::kDouble);
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) t[i][j] = m(i, j);
  }
  return t;
}

at::Tensor vector(const nlohmann::json& values) {
  return tensor(testing::to_vector(values)).squeeze(1);
}

TEST(Kernels, Matern52AndRbfByHand) {
  // one pair at scaled distance r = 1 (0.3 apart, lengthscale 0.3), outputscale 2
  const at::Tensor x1 = at::zeros({1, 1}, at::kDouble);
  const at::Tensor x2 = at::full({1, 1}, 0.3, at::kDouble);
  const at::Tensor l = at::full({1}, 0.3, at::kDouble);
  const at::Tensor s = at::full({}, 2.0, at::kDouble);
  const double sqrt5 = std::sqrt(5.0);
  EXPECT_NEAR(kernel_matrix(KernelKind::kMatern52, x1, x2, l, s).item<double>(),
              2.0 * (1 + sqrt5 + 5.0 / 3) * std::exp(-sqrt5), 1e-12);
  EXPECT_NEAR(kernel_matrix(KernelKind::kRbf, x1, x2, l, s).item<double>(), 2.0 * std::exp(-0.5),
              1e-12);
  EXPECT_NEAR(kernel_matrix(KernelKind::kMatern52, x1, x1, l, s).item<double>(), 2.0, 1e-12);
}

// scikit-learn GaussianProcessRegressor with fixed hyperparameters
// (scripts/fixtures/gp_fixtures.py): kernel matrix, log marginal likelihood and its gradient in
// the log hyperparameters, and the latent posterior at test points.
class SklearnGp : public ::testing::TestWithParam<const char*> {
 protected:
  nlohmann::json f = testing::fixture("surrogate/gp_sklearn.json");
  nlohmann::json c = f["kernels"][GetParam()];
  KernelKind kind = std::string(GetParam()) == "rbf" ? KernelKind::kRbf : KernelKind::kMatern52;
  at::Tensor x = tensor(testing::to_matrix(f["X"]));
  at::Tensor y = vector(f["y"]);
  at::Tensor xs = tensor(testing::to_matrix(f["Xs"]));

  ExactGp model() {
    // sklearn adds alpha (1e-10) to the diagonal on top of the white noise
    GpHyperparameters h =
        GpHyperparameters::make(3, 1.0, c["outputscale"].get<double>(),
                                c["noise"].get<double>() + f["alpha"].get<double>(), 0.0, 0.0);
    h.log_lengthscales = vector(c["lengthscales"]).log();
    return ExactGp(kind, x, y, h);
  }
};

TEST_P(SklearnGp, KernelMatrix) {
  const GpHyperparameters h = model().hyperparameters();
  const at::Tensor k = kernel_matrix(kind, x, x, h.lengthscales(), h.outputscale());
  const at::Tensor ref = tensor(testing::to_matrix(c["k1_train"]));
  EXPECT_LT((k - ref).abs().max().item<double>(), 1e-12);
}

TEST_P(SklearnGp, LogMarginalLikelihoodAndGradient) {
  ExactGp gp = model();
  GpHyperparameters h = gp.hyperparameters();
  for (auto t : h.tensors()) t.requires_grad_(true);
  const at::Tensor lml = gp.log_marginal_likelihood();
  EXPECT_NEAR(lml.item<double>(), c["lml"].get<double>(), 1e-9);
  lml.backward();
  // sklearn's theta: [log outputscale, log lengthscales..., log noise]; here noise = exp(log_noise)
  // exactly (floor 0), so the gradients are in the same coordinates.
  const std::vector<double> ref = c["lml_gradient"].get<std::vector<double>>();
  EXPECT_NEAR(h.log_outputscale.grad().item<double>(), ref[0], 1e-8);
  for (int d = 0; d < 3; ++d) {
    EXPECT_NEAR(h.log_lengthscales.grad()[d].item<double>(), ref[1 + d], 1e-8) << d;
  }
  EXPECT_NEAR(h.log_noise.grad().item<double>(), ref[4], 1e-8);
}

TEST_P(SklearnGp, PosteriorMeanVarianceAndCovariance) {
  const GpPosterior p = model().posterior(xs, true);
  const at::Tensor mean_ref = vector(c["mean"]);
  const at::Tensor std_ref = vector(c["latent_std"]);
  EXPECT_LT((p.mean - mean_ref).abs().max().item<double>(), 1e-9);
  EXPECT_LT((p.variance.sqrt() - std_ref).abs().max().item<double>(), 1e-9);
  const at::Tensor cov_ref = tensor(testing::to_matrix(c["latent_cov"]));
  EXPECT_LT((p.covariance - cov_ref).abs().max().item<double>(), 1e-9);
}

INSTANTIATE_TEST_SUITE_P(Kernels, SklearnGp, ::testing::Values("matern52", "rbf"));

TEST(ExactGp, GradientMatchesFiniteDifferences) {
  const at::Tensor x = at::rand({10, 2}, at::kDouble);
  const at::Tensor y = at::sin(5 * x.select(1, 0)) + x.select(1, 1);
  GpHyperparameters h = GpHyperparameters::make(2, 0.4, 1.3, 0.05, 0.2, 0.0);
  ExactGp gp(KernelKind::kMatern52, x, y, h);
  for (auto t : h.tensors()) t.requires_grad_(true);
  gp.log_marginal_likelihood().backward();
  const double eps = 1e-6;
  at::NoGradGuard no_grad;
  for (int d = 0; d < 2; ++d) {
    const double analytic = h.log_lengthscales.grad()[d].item<double>();
    h.log_lengthscales[d] += eps;
    const double up = gp.log_marginal_likelihood().item<double>();
    h.log_lengthscales[d] -= 2 * eps;
    const double down = gp.log_marginal_likelihood().item<double>();
    h.log_lengthscales[d] += eps;
    EXPECT_NEAR(analytic, (up - down) / (2 * eps), 1e-5) << d;
  }
}

TEST(ExactGp, MaximumLikelihoodFitReachesScikitLearnsOptimum) {
  const nlohmann::json f = testing::fixture("surrogate/gp_sklearn.json");
  const nlohmann::json& ml = f["kernels"]["matern52"]["ml_fit"];
  ExactGp gp(KernelKind::kMatern52, tensor(testing::to_matrix(f["X"])), vector(f["y"]),
             GpHyperparameters::make(3, 0.5, 1.0, 0.01, 0.0, 1e-6));
  GpFitOptions options;
  options.use_priors = false;
  options.restarts = 6;
  const double reached = gp.fit(options);
  // spikefit also fits the constant mean, so it can only do as well or better than sklearn's
  // zero-mean optimum.
  EXPECT_GT(reached, ml["lml"].get<double>() - 1e-3);
}

TEST(ExactGp, MapFitIsDeterministicUnderASeed) {
  const at::Tensor x = at::linspace(0, 1, 12, at::kDouble).unsqueeze(1);
  const at::Tensor y = at::sin(6 * x.squeeze(1));
  auto fitted = [&]() {
    ExactGp gp(KernelKind::kMatern52, x, y, GpHyperparameters::make(1, 0.5, 1.0, 0.01));
    GpFitOptions options;
    options.seed = 3;
    gp.fit(options);
    return gp.hyperparameters().log_lengthscales.item<double>();
  };
  EXPECT_EQ(fitted(), fitted());
}

TEST(ExactGp, ExtendedByFantasiesEqualsRefittingTheFactor) {
  at::manual_seed(4);
  const at::Tensor x = at::rand({20, 3}, at::kDouble);
  const at::Tensor y = at::sin(4 * x.select(1, 0)) + x.select(1, 2);
  const at::Tensor pending = at::rand({5, 3}, at::kDouble);
  const GpHyperparameters h = GpHyperparameters::make(3, 0.4, 1.2, 0.02, 0.1);
  const ExactGp gp(KernelKind::kMatern52, x, y, h);
  // Kriging believer: the pending points take their posterior means as fantasy values
  const at::Tensor fantasies = gp.posterior(pending).mean;
  const ExactGp extended = gp.extended(pending, fantasies);
  const ExactGp direct(KernelKind::kMatern52, at::cat({x, pending}), at::cat({y, fantasies}), h);
  const at::Tensor probe = at::rand({7, 3}, at::kDouble);
  const GpPosterior a = extended.posterior(probe, true);
  const GpPosterior b = direct.posterior(probe, true);
  EXPECT_LT((a.mean - b.mean).abs().max().item<double>(), 1e-10);
  EXPECT_LT((a.covariance - b.covariance).abs().max().item<double>(), 1e-10);
  // believer fantasies leave the mean unchanged and shrink the variance near the pending points
  EXPECT_LT((extended.posterior(pending).mean - fantasies).abs().max().item<double>(), 1e-8);
  EXPECT_TRUE((extended.posterior(pending).variance <= gp.posterior(pending).variance + 1e-12)
                  .all()
                  .item<bool>());
}

TEST(Cholesky, JitterEscalatesOnASingularKernel) {
  // Duplicated inputs without noise: K is singular; jitter makes it factorisable.
  const at::Tensor x = at::cat({at::rand({5, 2}, at::kDouble), at::rand({5, 2}, at::kDouble)});
  const at::Tensor xx = at::cat({x, x});
  const at::Tensor k = kernel_matrix(KernelKind::kRbf, xx, xx, at::full({2}, 0.5, at::kDouble),
                                     at::ones({}, at::kDouble));
  const CholeskyResult chol = robust_cholesky(k);
  ASSERT_TRUE(chol.ok);
  EXPECT_GT(chol.jitter, 0.0);
  EXPECT_GT(chol.attempts, 1);
  const at::Tensor rebuilt = at::matmul(chol.factor, chol.factor.transpose(0, 1));
  EXPECT_LT((rebuilt - k).abs().max().item<double>(), 1e-4);
  const CholeskyResult hopeless = robust_cholesky(-at::eye(3, at::kDouble));
  EXPECT_FALSE(hopeless.ok);
}

}  // namespace
}  // namespace spikefit::surrogate
