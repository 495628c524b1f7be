#include "spikefit/surrogate/probit_gp_classifier.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "gradient_check.hpp"
#include "tensor_json.hpp"

namespace spikefit::surrogate {
namespace {

using testing::matrix_tensor;
using testing::max_abs_difference;
using testing::vector_tensor;

// numpy R&W Alg. 3.1 / 3.2 with the probit link (scripts/fixtures/gp_model_fixtures.py)
class ProbitReference : public ::testing::Test {
 protected:
  nlohmann::json c = spikefit::testing::fixture("surrogate/gp_models.json")["probit_laplace"];
  ProbitGpClassifier classifier() {
    GpHyperparameters h = GpHyperparameters::make(2, 1.0, c["outputscale"].get<double>(), 1.0);
    h.log_lengthscales = vector_tensor(c["lengthscales"]).log();
    return ProbitGpClassifier(KernelKind::kMatern52, matrix_tensor(c["X"]),
                              vector_tensor(c["labels"]), h);
  }
};

TEST_F(ProbitReference, ModeAndApproximateMarginalLikelihoodMatchAlgorithm31) {
  const ProbitGpClassifier model = classifier();
  EXPECT_LT(max_abs_difference(model.latent_mode(), vector_tensor(c["mode"])), 1e-8);
  at::NoGradGuard no_grad;
  EXPECT_NEAR(model.approximate_log_marginal_likelihood().item<double>(), c["log_q"].get<double>(),
              1e-9);
}

TEST_F(ProbitReference, GradientIncludingTheModesDependenceMatchesFiniteDifferences) {
  const ProbitGpClassifier model = classifier();
  GpHyperparameters h = model.hyperparameters();
  h.log_outputscale.requires_grad_(true);
  h.log_lengthscales.requires_grad_(true);
  model.approximate_log_marginal_likelihood().backward();
  const std::vector<double> ref = c["log_q_gradient"].get<std::vector<double>>();
  EXPECT_NEAR(h.log_outputscale.grad().item<double>(), ref[0], 1e-5);
  EXPECT_NEAR(h.log_lengthscales.grad()[0].item<double>(), ref[1], 1e-5);
  EXPECT_NEAR(h.log_lengthscales.grad()[1].item<double>(), ref[2], 1e-5);
  h.log_outputscale.requires_grad_(false);
  h.log_lengthscales.requires_grad_(false);
}

TEST_F(ProbitReference, PredictionsMatchAlgorithm32) {
  const ProbitGpClassifier model = classifier();
  const at::Tensor xs = matrix_tensor(c["Xs"]);
  const GpPosterior latent = model.latent_posterior(xs);
  EXPECT_LT(max_abs_difference(latent.mean, vector_tensor(c["latent_mean"])), 1e-8);
  EXPECT_LT(max_abs_difference(latent.variance, vector_tensor(c["latent_variance"])), 1e-8);
  EXPECT_LT(max_abs_difference(model.log_probability(xs).exp(), vector_tensor(c["probability"])),
            1e-8);
}

TEST_F(ProbitReference, FitImprovesTheApproximateMarginalLikelihood) {
  ProbitGpClassifier model = classifier();
  GpFitOptions options;
  options.use_priors = false;
  options.restarts = 2;
  const double reached = model.fit(options);
  EXPECT_GT(reached, c["log_q"].get<double>());
  at::NoGradGuard no_grad;
  EXPECT_NEAR(model.approximate_log_marginal_likelihood().item<double>(), reached, 1e-8);
}

TEST(ProbitGpClassifier, SeparableToyGetsConfidentProbabilitiesWithGradientsInX) {
  at::manual_seed(9);
  const at::Tensor x = at::rand({60, 2}, at::kDouble);
  const at::Tensor feasible = (x.select(1, 0) + x.select(1, 1) < 1.0);  // bool labels
  const ProbitGpClassifier model(x, feasible);
  const at::Tensor probes =
      at::tensor({0.1, 0.1, 0.2, 0.3, 0.9, 0.9, 0.8, 0.7}, at::kDouble).reshape({4, 2});
  const at::Tensor p = model.log_probability(probes).exp();
  // (the Laplace approximation is known to be under-confident on separable data)
  EXPECT_GT(p[0].item<double>(), 0.75);
  EXPECT_GT(p[1].item<double>(), 0.75);
  EXPECT_LT(p[2].item<double>(), 0.25);
  EXPECT_LT(p[3].item<double>(), 0.25);
  // on the training points the classes are told apart
  const at::Tensor predicted = model.log_probability(x).exp() > 0.5;
  EXPECT_GE((predicted == feasible).to(at::kDouble).mean().item<double>(), 0.95);

  at::Tensor probe = at::tensor({0.45, 0.5}, at::kDouble).reshape({1, 2}).requires_grad_(true);
  model.log_probability(probe).sum().backward();
  const at::Tensor analytic = probe.grad();
  EXPECT_LT(analytic[0][0].item<double>(), 0.0);  // P(feasible) falls towards x0 + x1 > 1
  spikefit::testing::expect_gradient_near(
      [&model](const at::Tensor& x) { return model.log_probability(x); }, probe, analytic, 1e-6);
}

TEST(ProbitGpClassifier, IsAFeasibilityModelAndRejectsBadLabels) {
  const at::Tensor x = at::rand({5, 2}, at::kDouble);
  const GpHyperparameters h = GpHyperparameters::make(2, 0.5, 1.0, 1.0);
  const at::Tensor labels = at::tensor({0.0, 1.0, 1.0, 0.0, 1.0}, at::kDouble);
  const std::unique_ptr<FeasibilityModel> model =
      std::make_unique<ProbitGpClassifier>(KernelKind::kRbf, x, labels, h);
  EXPECT_EQ(model->log_probability(at::rand({3, 2}, at::kDouble)).size(0), 3);
  EXPECT_THROW(ProbitGpClassifier(KernelKind::kRbf, x, at::full({5}, 2.0, at::kDouble), h),
               std::invalid_argument);
  EXPECT_THROW(ProbitGpClassifier(KernelKind::kRbf, x, labels.slice(0, 0, 4), h),
               std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::surrogate
