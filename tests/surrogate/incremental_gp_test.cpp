#include "spikefit/surrogate/incremental_gp.hpp"

#include <gtest/gtest.h>

#include "tensor_json.hpp"

namespace spikefit::surrogate {
namespace {

using testing::max_abs_difference;

constexpr double kTolerance = 1e-9;

struct Data {
  at::Tensor x;      // [20 x 3] training
  at::Tensor y;      // [20]
  at::Tensor extra;  // [9 x 3] points added later
  at::Tensor probe;  // [7 x 3] test points
};

Data data() {
  at::manual_seed(5);
  Data d;
  d.x = at::rand({20, 3}, at::kDouble);
  d.y = at::sin(5 * d.x.select(1, 0)) + d.x.select(1, 1) * d.x.select(1, 2);
  d.extra = at::rand({9, 3}, at::kDouble);
  d.probe = at::rand({7, 3}, at::kDouble);
  return d;
}

GpHyperparameters hyperparameters() {
  GpHyperparameters h = GpHyperparameters::make(3, 0.4, 1.3, 0.02, 0.1);
  h.log_lengthscales = at::tensor({-1.2, -0.7, -0.3}, at::kDouble);
  return h;
}

// The refactorised reference: a GP built from scratch on all points.
ExactGp refactorised(const Data& d, const at::Tensor& added_x, const at::Tensor& added_y) {
  return ExactGp(KernelKind::kMatern52, at::cat({d.x, added_x}), at::cat({d.y, added_y}),
                 hyperparameters());
}

TEST(IncrementalGp, BlockAndCandidateAdditionsMatchARefactorisedGp) {
  const Data d = data();
  const ExactGp gp(KernelKind::kMatern52, d.x, d.y, hyperparameters());
  IncrementalGp inc(gp);
  const at::Tensor candidates = at::cat({d.extra.slice(0, 5), d.probe.slice(0, 0, 3)});  // [7 x 3]
  const at::Tensor y_block = at::tensor({0.3, -0.2, 0.5}, at::kDouble);
  inc.add(d.extra.slice(0, 0, 3), y_block);  // a block before tracking
  inc.track(candidates);
  inc.add_candidate(1, -0.4);  // d.extra[6]
  inc.add(d.extra.slice(0, 3, 5), at::tensor({0.1, 0.9}, at::kDouble));
  inc.add_candidate(3, 0.25);  // d.extra[8]
  ASSERT_EQ(inc.added(), 7);

  const at::Tensor added_x = at::cat({d.extra.slice(0, 0, 3), d.extra.slice(0, 6, 7),
                                      d.extra.slice(0, 3, 5), d.extra.slice(0, 8, 9)});
  const at::Tensor added_y = at::tensor({0.3, -0.2, 0.5, -0.4, 0.1, 0.9, 0.25}, at::kDouble);
  const ExactGp reference = refactorised(d, added_x, added_y);

  EXPECT_LT(max_abs_difference(inc.factor(), reference.posterior_factor()), kTolerance);
  const GpPosterior expected = reference.posterior(d.probe);
  const GpPosterior got = inc.posterior(d.probe);
  EXPECT_LT(max_abs_difference(got.mean, expected.mean), kTolerance);
  EXPECT_LT(max_abs_difference(got.variance, expected.variance), kTolerance);
  // the tracked candidates' posterior, updated in place, is the refactorised one
  const GpPosterior at_candidates = reference.posterior(candidates);
  EXPECT_LT(max_abs_difference(inc.candidate_mean(), at_candidates.mean), kTolerance);
  EXPECT_LT(max_abs_difference(inc.candidate_variance(), at_candidates.variance), kTolerance);
  // an added candidate is now nearly known: its variance fell to below the noise
  EXPECT_LT(inc.candidate_variance()[1].item<double>(), 0.02);
}

TEST(IncrementalGp, ManyOneByOneAdditionsGrowTheStorageAndStayExact) {
  const Data d = data();
  const ExactGp gp(KernelKind::kRbf, d.x, d.y, hyperparameters());
  IncrementalGp inc(gp);
  inc.track(d.probe);
  at::manual_seed(8);
  const at::Tensor more = at::rand({40, 3}, at::kDouble);
  const at::Tensor values = at::randn({40}, at::kDouble);
  for (int64_t i = 0; i < 40; ++i) inc.add(more.slice(0, i, i + 1), values.slice(0, i, i + 1));
  const ExactGp reference(KernelKind::kRbf, at::cat({d.x, more}), at::cat({d.y, values}),
                          hyperparameters());
  EXPECT_LT(max_abs_difference(inc.factor(), reference.posterior_factor()), kTolerance);
  const GpPosterior expected = reference.posterior(d.probe);
  EXPECT_LT(max_abs_difference(inc.candidate_mean(), expected.mean), kTolerance);
  EXPECT_LT(max_abs_difference(inc.candidate_variance(), expected.variance), kTolerance);
  EXPECT_LT(max_abs_difference(inc.posterior(d.probe).mean, expected.mean), kTolerance);
}

TEST(IncrementalGp, KnownNoiseAddsAtTheMeanTrainingVarianceOrTheGivenOne) {
  const Data d = data();
  const at::Tensor yvar = at::linspace(0.01, 0.05, 20, at::kDouble);
  const ExactGp gp(KernelKind::kMatern52, d.x, d.y, yvar, hyperparameters());
  IncrementalGp inc(gp);
  inc.add(d.extra.slice(0, 0, 2), at::tensor({0.2, 0.4}, at::kDouble));
  inc.add(d.extra.slice(0, 2, 3), at::tensor({-0.1}, at::kDouble), at::tensor({0.3}, at::kDouble));
  const at::Tensor mean_var = yvar.mean().expand({2});
  const ExactGp reference(KernelKind::kMatern52, at::cat({d.x, d.extra.slice(0, 0, 3)}),
                          at::cat({d.y, at::tensor({0.2, 0.4, -0.1}, at::kDouble)}),
                          at::cat({yvar, mean_var, at::tensor({0.3}, at::kDouble)}),
                          hyperparameters());
  const GpPosterior expected = reference.posterior(d.probe);
  const GpPosterior got = inc.posterior(d.probe);
  EXPECT_LT(max_abs_difference(got.mean, expected.mean), kTolerance);
  EXPECT_LT(max_abs_difference(got.variance, expected.variance), kTolerance);
}

TEST(IncrementalGp, PosteriorIsDifferentiableInXLikeTheRefactorisedGp) {
  const Data d = data();
  const ExactGp gp(KernelKind::kMatern52, d.x, d.y, hyperparameters());
  IncrementalGp inc(gp);
  inc.add(d.extra.slice(0, 0, 4), at::tensor({0.3, -0.2, 0.5, 0.0}, at::kDouble));
  const ExactGp reference =
      refactorised(d, d.extra.slice(0, 0, 4), at::tensor({0.3, -0.2, 0.5, 0.0}, at::kDouble));
  at::Tensor a = d.probe.clone().requires_grad_(true);
  at::Tensor b = d.probe.clone().requires_grad_(true);
  const GpPosterior pa = inc.posterior(a);
  (pa.mean + pa.variance.sqrt()).sum().backward();
  const GpPosterior pb = reference.posterior(b);
  (pb.mean + pb.variance.sqrt()).sum().backward();
  EXPECT_LT(max_abs_difference(a.grad(), b.grad()), 1e-8);
}

TEST(IncrementalGp, BadInputsAreNamed) {
  const Data d = data();
  const ExactGp gp(KernelKind::kMatern52, d.x, d.y, hyperparameters());
  IncrementalGp inc(gp);
  EXPECT_THROW(inc.add(at::rand({2, 2}, at::kDouble), at::zeros({2}, at::kDouble)),
               std::invalid_argument);
  EXPECT_THROW(inc.add(d.extra.slice(0, 0, 2), at::zeros({3}, at::kDouble)), std::invalid_argument);
  EXPECT_THROW(inc.add_candidate(0, 0.0), std::invalid_argument);  // nothing tracked
  inc.track(d.probe);
  EXPECT_THROW(inc.add_candidate(7, 0.0), std::invalid_argument);
  EXPECT_THROW(inc.posterior(at::rand({2, 4}, at::kDouble)), std::invalid_argument);
  EXPECT_THROW(inc.track(at::rand({2, 4}, at::kDouble)), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::surrogate
