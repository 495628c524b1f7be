// ExactGp beyond the homoscedastic basics: known per-point noise, Gamma priors, fit budgets,
// warm starts, fitting on a subset, chunked and differentiable posteriors.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "gradient_check.hpp"
#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/fit_subset.hpp"
#include "tensor_json.hpp"

namespace spikefit::surrogate {
namespace {

using testing::matrix_tensor;
using testing::max_abs_difference;
using testing::vector_tensor;

const nlohmann::json& models_fixture() {
  static const nlohmann::json f = spikefit::testing::fixture("surrogate/gp_models.json");
  return f;
}

ExactGp fixed_noise_model() {
  const nlohmann::json& c = models_fixture()["fixed_noise"];
  GpHyperparameters h = GpHyperparameters::make(2, 1.0, c["outputscale"].get<double>(), 0.5, 0.0);
  h.log_lengthscales = vector_tensor(c["lengthscales"]).log();
  return ExactGp(KernelKind::kMatern52, matrix_tensor(c["X"]), vector_tensor(c["y"]),
                 vector_tensor(c["yvar"]), h);
}

TEST(KnownNoise, LikelihoodGradientAndPosteriorMatchScikitLearnWithPerPointAlpha) {
  const nlohmann::json& c = models_fixture()["fixed_noise"];
  ExactGp gp = fixed_noise_model();
  ASSERT_TRUE(gp.known_noise());
  GpHyperparameters h = gp.hyperparameters();
  for (auto t : h.tensors()) t.requires_grad_(true);
  const at::Tensor lml = gp.log_marginal_likelihood();
  EXPECT_NEAR(lml.item<double>(), c["lml"].get<double>(), 1e-10);
  lml.backward();
  const std::vector<double> ref = c["lml_gradient"].get<std::vector<double>>();
  EXPECT_NEAR(h.log_outputscale.grad().item<double>(), ref[0], 1e-9);
  EXPECT_NEAR(h.log_lengthscales.grad()[0].item<double>(), ref[1], 1e-9);
  EXPECT_NEAR(h.log_lengthscales.grad()[1].item<double>(), ref[2], 1e-9);
  // the learned-noise parameter plays no part
  EXPECT_FALSE(h.log_noise.grad().defined() && h.log_noise.grad().abs().item<double>() > 0.0);
  for (auto t : h.tensors()) t.requires_grad_(false);
  const GpPosterior p = gp.posterior(matrix_tensor(c["Xs"]));
  EXPECT_LT(max_abs_difference(p.mean, vector_tensor(c["mean"])), 1e-10);
  EXPECT_LT(max_abs_difference(p.variance.sqrt(), vector_tensor(c["latent_std"])), 1e-10);
}

TEST(KnownNoise, FitLearnsKernelButNotNoise) {
  ExactGp gp = fixed_noise_model();
  const double noise_before = gp.hyperparameters().log_noise.item<double>();
  at::Tensor objective_before;
  {
    at::NoGradGuard no_grad;
    objective_before = gp.log_marginal_likelihood() + gp.log_prior();
  }
  GpFitOptions options;
  options.restarts = 3;
  const double reached = gp.fit(options);
  EXPECT_GE(reached, objective_before.item<double>());
  EXPECT_EQ(gp.hyperparameters().log_noise.item<double>(), noise_before);
  at::NoGradGuard no_grad;
  EXPECT_NEAR((gp.log_marginal_likelihood() + gp.log_prior()).item<double>(), reached, 1e-9);
  EXPECT_TRUE(
      at::equal(gp.noise_variances(), vector_tensor(models_fixture()["fixed_noise"]["yvar"])));
}

TEST(KnownNoise, ExtendedEqualsRebuildingWithTheNewVariances) {
  const ExactGp gp = fixed_noise_model();
  at::manual_seed(8);
  const at::Tensor pending = at::rand({3, 2}, at::kDouble);
  const at::Tensor fantasies = gp.posterior(pending).mean;
  const at::Tensor pending_yvar = at::tensor({0.01, 0.02, 0.03}, at::kDouble);
  const ExactGp extended = gp.extended(pending, fantasies, pending_yvar);
  const ExactGp direct(KernelKind::kMatern52, at::cat({gp.train_x(), pending}),
                       at::cat({gp.train_y(), fantasies}),
                       at::cat({gp.noise_variances(), pending_yvar}), gp.hyperparameters());
  const at::Tensor probe = at::rand({6, 2}, at::kDouble);
  const GpPosterior a = extended.posterior(probe, true);
  const GpPosterior b = direct.posterior(probe, true);
  EXPECT_LT(max_abs_difference(a.mean, b.mean), 1e-10);
  EXPECT_LT(max_abs_difference(a.covariance, b.covariance), 1e-10);
  // default: the mean training variance, as BoTorch's fantasize
  const ExactGp by_default = gp.extended(pending, fantasies);
  EXPECT_NEAR(by_default.noise_variances()[-1].item<double>(),
              gp.noise_variances().mean().item<double>(), 1e-15);
}

TEST(KnownNoise, RejectsBadVariances) {
  const at::Tensor x = at::rand({4, 2}, at::kDouble);
  const at::Tensor y = at::rand({4}, at::kDouble);
  const GpHyperparameters h = GpHyperparameters::make(2, 0.5, 1.0, 0.01);
  EXPECT_THROW(ExactGp(KernelKind::kRbf, x, y, at::ones({3}, at::kDouble), h),
               std::invalid_argument);
  EXPECT_THROW(ExactGp(KernelKind::kRbf, x, y, -at::ones({4}, at::kDouble), h),
               std::invalid_argument);
  const ExactGp learned(KernelKind::kRbf, x, y, h);
  EXPECT_THROW(learned.extended(x.slice(0, 0, 1), y.slice(0, 0, 1), at::ones({1}, at::kDouble)),
               std::invalid_argument);
}

// A Matern-5/2 GP on (x, y) from `start`, fitted by maximum likelihood (no priors, one restart)
// with the fit options that `change` sets.
ExactGp fit_by_likelihood(const at::Tensor& x, const at::Tensor& y, const GpHyperparameters& start,
                          const std::function<void(GpFitOptions&)>& change) {
  GpFitOptions options;
  options.use_priors = false;
  options.restarts = 1;
  change(options);
  ExactGp gp(KernelKind::kMatern52, x, y, start);
  gp.fit(options);
  return gp;
}

// Noise-free smooth data: maximum likelihood wants the noise far below 1e-4.
TEST(FitBounds, NoiseStaysAtItsFloor) {
  at::manual_seed(2);
  const at::Tensor x = at::rand({25, 2}, at::kDouble);
  const at::Tensor y = at::sin(3 * x.select(1, 0)) + x.select(1, 1);
  const GpHyperparameters start = GpHyperparameters::make(2, 0.5, 1.0, 1e-3);
  const ExactGp free = fit_by_likelihood(x, y, start, [](GpFitOptions& o) { o.min_noise = 0.0; });
  ASSERT_LT(free.hyperparameters().noise_variance().item<double>(), 1e-5);

  EXPECT_EQ(GpFitOptions{}.min_noise, 1e-4);
  const ExactGp bounded = fit_by_likelihood(x, y, start, [](GpFitOptions&) {});
  EXPECT_NEAR(bounded.hyperparameters().noise_variance().item<double>(), 1e-4, 1e-12);
  EXPECT_LT(bounded.last_fit().objective, free.last_fit().objective);
}

// A signal of period 0.022 sampled 8 times a period: maximum likelihood wants a lengthscale
// below 0.025 (about 0.77 periods), and a start below the bound is moved up to it.
TEST(FitBounds, LengthscalesStayAtTheirLowerBound) {
  const at::Tensor x = at::linspace(0.0, 0.44, 160, at::kDouble).unsqueeze(1);
  const at::Tensor y = at::sin(x.squeeze(1) * (2 * M_PI / 0.022));
  const GpHyperparameters start = GpHyperparameters::make(1, 0.01, 1.0, 1e-3);
  const ExactGp free =
      fit_by_likelihood(x, y, start, [](GpFitOptions& o) { o.min_lengthscale = 0.0; });
  ASSERT_LT(free.hyperparameters().lengthscales().item<double>(), 0.02);

  EXPECT_EQ(GpFitOptions{}.min_lengthscale, 0.025);
  const ExactGp bounded = fit_by_likelihood(x, y, start, [](GpFitOptions&) {});
  EXPECT_NEAR(bounded.hyperparameters().lengthscales().item<double>(), 0.025, 1e-12);
}

TEST(GammaPriors, LogDensityMatchesScipy) {
  const nlohmann::json& g = models_fixture()["gamma_priors"];
  GpHyperparameters h = GpHyperparameters::make(3, 1.0, g["outputscale"]["values"][0].get<double>(),
                                                g["noise"]["values"][0].get<double>());
  h.log_lengthscales = vector_tensor(g["lengthscale"]["values"]).log();
  const ExactGp gp(KernelKind::kMatern52, at::rand({5, 3}, at::kDouble), at::rand({5}, at::kDouble),
                   h);
  const double expected = g["lengthscale"]["log_density_sum"].get<double>() +
                          g["outputscale"]["log_density_sum"].get<double>() +
                          g["noise"]["log_density_sum"].get<double>();
  EXPECT_NEAR(gp.log_prior(PriorKind::kGamma).item<double>(), expected, 1e-10);
  // with known noise the noise prior drops out
  const ExactGp known(KernelKind::kMatern52, gp.train_x(), gp.train_y(),
                      at::full({5}, 0.01, at::kDouble), h);
  EXPECT_NEAR(known.log_prior(PriorKind::kGamma).item<double>(),
              expected - g["noise"]["log_density_sum"].get<double>(), 1e-10);
}

// data for the fit tests: a smooth 2-d function with a little noise [n x 2], [n]
std::pair<at::Tensor, at::Tensor> smooth_data(int64_t n, uint64_t seed) {
  at::manual_seed(seed);
  const at::Tensor x = at::rand({n, 2}, at::kDouble);
  const at::Tensor y =
      at::sin(5 * x.select(1, 0)) + 0.5 * x.select(1, 1) + 0.05 * at::randn({n}, at::kDouble);
  return {x, y};
}

TEST(GammaPriors, MapFitIsStationaryForTheChosenPrior) {
  const auto [x, y] = smooth_data(30, 1);
  ExactGp gp(KernelKind::kMatern52, x, y, GpHyperparameters::make(2, 0.5, 1.0, 0.01));
  GpFitOptions options;
  options.priors = PriorKind::kGamma;
  options.restarts = 2;
  options.gradient_tolerance = 1e-6;
  gp.fit(options);
  GpHyperparameters h = gp.hyperparameters();
  for (auto t : h.tensors()) t.requires_grad_(true);
  (gp.log_marginal_likelihood() + gp.log_prior(PriorKind::kGamma)).backward();
  EXPECT_LT(h.log_lengthscales.grad().abs().max().item<double>(), 1e-3);
  EXPECT_LT(h.log_outputscale.grad().abs().item<double>(), 1e-3);
  EXPECT_LT(h.log_noise.grad().abs().item<double>(), 1e-3);
  for (auto t : h.tensors()) t.requires_grad_(false);
}

TEST(FitBudget, IterationCapAndTimeBudgetStopEarlyWithoutLosingTheStart) {
  const auto [x, y] = smooth_data(40, 2);
  const GpHyperparameters start = GpHyperparameters::make(2, 0.9, 1.0, 0.2);
  ExactGp full(KernelKind::kMatern52, x, y, start.clone());
  GpFitOptions options;
  options.restarts = 1;
  const double converged = full.fit(options);

  ExactGp capped(KernelKind::kMatern52, x, y, start.clone());
  options.max_iterations = 2;
  const double after_two = capped.fit(options);
  EXPECT_LE(after_two, converged + 1e-9);
  EXPECT_LT(capped.last_fit().evaluations, full.last_fit().evaluations);

  // a budget already spent: only the start is evaluated, and it is kept
  ExactGp out_of_time(KernelKind::kMatern52, x, y, start.clone());
  options.max_iterations = 200;
  options.restarts = 4;
  options.time_budget_s = 1e-12;
  const double reached = out_of_time.fit(options);
  EXPECT_TRUE(out_of_time.last_fit().budget_exhausted);
  EXPECT_EQ(out_of_time.last_fit().evaluations, 1);
  EXPECT_EQ(out_of_time.last_fit().starts_run, 1);
  EXPECT_EQ(out_of_time.hyperparameters().log_lengthscales[0].item<double>(),
            start.log_lengthscales[0].item<double>());
  at::NoGradGuard no_grad;
  ExactGp at_start(KernelKind::kMatern52, x, y, start.clone());
  EXPECT_NEAR(reached, (at_start.log_marginal_likelihood() + at_start.log_prior()).item<double>(),
              1e-9);
}

TEST(FitBudget, WarmStartFromAClonedPreviousFit) {
  const auto [x, y] = smooth_data(60, 3);
  ExactGp round1(KernelKind::kMatern52, x.slice(0, 0, 40), y.slice(0, 0, 40),
                 GpHyperparameters::make(2, 0.5, 1.0, 0.01));
  GpFitOptions options;
  round1.fit(options);
  const double round1_lengthscale = round1.hyperparameters().log_lengthscales[0].item<double>();

  ExactGp warm(KernelKind::kMatern52, x, y, round1.hyperparameters().clone());
  ExactGp cold(KernelKind::kMatern52, x, y, GpHyperparameters::make(2, 0.5, 1.0, 0.01));
  options.restarts = 1;
  const double warm_reached = warm.fit(options);
  const double cold_reached = cold.fit(options);
  // the clone is independent: refitting round 2 leaves round 1 alone
  EXPECT_EQ(round1.hyperparameters().log_lengthscales[0].item<double>(), round1_lengthscale);
  EXPECT_NEAR(warm_reached, cold_reached, 1e-2 * std::abs(cold_reached));
  // the warm start begins where round 1 ended, far above the defaults
  at::NoGradGuard no_grad;
  const ExactGp at_round1(KernelKind::kMatern52, x, y, round1.hyperparameters().clone());
  const ExactGp at_defaults(KernelKind::kMatern52, x, y,
                            GpHyperparameters::make(2, 0.5, 1.0, 0.01));
  EXPECT_GT((at_round1.log_marginal_likelihood() + at_round1.log_prior()).item<double>(),
            (at_defaults.log_marginal_likelihood() + at_defaults.log_prior()).item<double>() + 1.0);
}

TEST(FitSubset, BestPointsPlusASeededRandomRest) {
  at::manual_seed(5);
  const at::Tensor y = at::randn({200}, at::kDouble);
  const at::Tensor rows = fit_subset_indices(y, 50, 0.2, 7);
  ASSERT_EQ(rows.size(0), 50);
  EXPECT_EQ(std::get<0>(at::_unique(rows)).size(0), 50);
  EXPECT_TRUE((rows.slice(0, 1) > rows.slice(0, 0, -1)).all().item<bool>());  // ascending
  const at::Tensor ten_best = at::argsort(y).slice(0, 0, 10);
  EXPECT_TRUE(at::isin(ten_best, rows).all().item<bool>());
  EXPECT_TRUE(at::equal(rows, fit_subset_indices(y, 50, 0.2, 7)));
  EXPECT_FALSE(at::equal(rows, fit_subset_indices(y, 50, 0.2, 8)));
  EXPECT_EQ(fit_subset_indices(y, 500, 0.2, 7).size(0), 200);
  EXPECT_THROW(fit_subset_indices(y, 50, 1.5, 7), std::invalid_argument);
}

TEST(FitSubset, HyperparametersFromTheSubsetConditioningOnAllPoints) {
  const auto [x, y] = smooth_data(300, 4);
  ExactGp gp(KernelKind::kMatern52, x, y, GpHyperparameters::make(2, 0.5, 1.0, 0.01));
  GpFitOptions options;
  options.max_fit_points = 100;
  options.restarts = 2;
  const double reached = gp.fit(options);
  EXPECT_EQ(gp.last_fit().fit_points, 100);
  // the objective is that of the subset model at the fitted values
  const at::Tensor rows = fit_subset_indices(y, 100, options.subset_best_fraction, options.seed);
  const ExactGp subset(KernelKind::kMatern52, x.index_select(0, rows), y.index_select(0, rows),
                       gp.hyperparameters().clone());
  at::NoGradGuard no_grad;
  EXPECT_NEAR((subset.log_marginal_likelihood() + subset.log_prior()).item<double>(), reached,
              1e-8);
  // and the posterior is that of all 300 points
  const ExactGp all(KernelKind::kMatern52, x, y, gp.hyperparameters().clone());
  const at::Tensor probe = at::rand({20, 2}, at::kDouble);
  EXPECT_LT(max_abs_difference(gp.posterior(probe).mean, all.posterior(probe).mean), 1e-12);
  EXPECT_GT(max_abs_difference(gp.posterior(probe).mean, subset.posterior(probe).mean), 1e-6);
}

TEST(Posterior, ChunkedEqualsUnchunkedAndIsDifferentiableInX) {
  const auto [x, y] = smooth_data(50, 6);
  const ExactGp gp(KernelKind::kMatern52, x, y, GpHyperparameters::make(2, 0.4, 1.0, 0.01));
  const at::Tensor many = at::rand({5000, 2}, at::kDouble);
  const GpPosterior chunked = gp.posterior(many);
  const at::Tensor tail = many.slice(0, 4990);
  const GpPosterior direct = gp.posterior(tail, /*with_covariance=*/true);
  EXPECT_LT(max_abs_difference(chunked.mean.slice(0, 4990), direct.mean), 1e-12);
  EXPECT_LT(max_abs_difference(chunked.variance.slice(0, 4990), direct.variance), 1e-12);

  at::Tensor probe = at::tensor({0.3, 0.6}, at::kDouble).reshape({1, 2}).requires_grad_(true);
  const GpPosterior p = gp.posterior(probe);
  (p.mean + p.variance).sum().backward();
  spikefit::testing::expect_gradient_near(
      [&gp](const at::Tensor& x) {
        const GpPosterior q = gp.posterior(x);
        return q.mean + q.variance;
      },
      probe, probe.grad(), 1e-6);
}

}  // namespace
}  // namespace spikefit::surrogate
