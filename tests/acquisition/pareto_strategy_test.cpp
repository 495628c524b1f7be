#include "spikefit/acquisition/pareto_strategy.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "spikefit/acquisition/hypervolume.hpp"
#include "spikefit/acquisition/nondominated_boxes.hpp"
#include "spikefit/acquisition/pareto.hpp"
#include "spikefit/acquisition/scalarization.hpp"

namespace spikefit::acquisition {
namespace {

using surrogate::ExactGp;
using surrogate::GpHyperparameters;
using surrogate::KernelKind;

TEST(NondominatedBoxes, ImprovementEqualsTheDifferenceOfExactHypervolumes) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t k : {2u, 3u, 4u}) {
    const std::vector<double> ref(k, 1.1);
    for (int trial = 0; trial < 60; ++trial) {
      Points points(1 + trial % 10, std::vector<double>(k));
      for (auto& p : points) {
        for (double& v : p) v = u(rng);
      }
      const NondominatedBoxes boxes(points, ref);
      std::vector<double> y(k);
      for (double& v : y) v = 1.3 * u(rng) - 0.1;
      Points with_y = points;
      with_y.push_back(y);
      EXPECT_NEAR(boxes.improvement(y.data()), hypervolume(with_y, ref) - hypervolume(points, ref),
                  1e-12)
          << k << " objectives, " << points.size() << " points";
    }
  }
}

TEST(NondominatedBoxes, TwoObjectivesNeedOneBoxMoreThanTheFront) {
  // front (0.2, 0.8), (0.5, 0.3); (0.6, 0.9) dominated, (0.5, 0.3) twice
  const NondominatedBoxes boxes({{0.2, 0.8}, {0.5, 0.3}, {0.6, 0.9}, {0.5, 0.3}}, {1.0, 1.0});
  EXPECT_EQ(boxes.size(), 3u);
  const std::vector<double> on_front = {0.5, 0.3}, corner = {0.05, 0.5};
  EXPECT_EQ(boxes.improvement(on_front.data()), 0.0);
  // [0.05, 0.2] x [0.5, 1] free, plus [0.2, 0.5] x [0.5, 0.8]
  EXPECT_NEAR(boxes.improvement(corner.data()), 0.15 * 0.5 + 0.3 * 0.3, 1e-15);
}

TEST(Scalarization, WeightsAreUniformOnTheSimplex) {
  auto generator = at::make_generator<at::CPUGeneratorImpl>(3);
  const at::Tensor w = sample_simplex_weights(4000, 3, generator);  // [4000 x 3]
  EXPECT_TRUE((w >= 0).all().item<bool>());
  EXPECT_LT((w.sum(1) - 1.0).abs().max().item<double>(), 1e-12);
  // Dirichlet(1, 1, 1): each coordinate has mean 1/3 and P(w_j < 0.25) = 1 - 0.75^2.
  for (int64_t j = 0; j < 3; ++j) {
    EXPECT_NEAR(w.select(1, j).mean().item<double>(), 1.0 / 3.0, 0.02);
    EXPECT_NEAR((w.select(1, j) < 0.25).to(at::kDouble).mean().item<double>(), 1.0 - 0.5625, 0.03);
  }
}

TEST(Scalarization, AugmentedChebyshevIsTheWeightedMaxPlusRhoTimesTheWeightedSum) {
  const at::Tensor y = at::tensor({0.2, 0.9, 0.6, 0.1}, at::kDouble).reshape({2, 2});
  const at::Tensor w = at::tensor({0.7, 0.3}, at::kDouble);
  const at::Tensor s = augmented_chebyshev(y, w, 0.05);
  EXPECT_NEAR(s[0].item<double>(), std::max(0.14, 0.27) + 0.05 * (0.14 + 0.27), 1e-15);
  EXPECT_NEAR(s[1].item<double>(), std::max(0.42, 0.03) + 0.05 * (0.42 + 0.03), 1e-15);
}

// Two GPs on a 1-D input with fixed hyperparameters and near-zero noise: objective 1 rises, 2
// falls with x, so every observed point is on the front.
struct OneDimProblem {
  at::Tensor x = at::tensor({0.05, 0.3, 0.55, 0.9}, at::kDouble).reshape({4, 1});
  at::Tensor y1 = at::tensor({-1.2, -0.3, 0.4, 1.1}, at::kDouble);
  at::Tensor y2 = at::tensor({1.0, 0.1, -0.2, -1.3}, at::kDouble);
  ExactGp gp1{KernelKind::kMatern52, x, y1, GpHyperparameters::make(1, 0.25, 1.0, 1e-5)};
  ExactGp gp2{KernelKind::kMatern52, x, y2, GpHyperparameters::make(1, 0.25, 1.0, 1e-5)};
  at::Tensor y3 = at::tensor({0.3, -0.9, 0.8, 0.2}, at::kDouble);
  ExactGp gp3{KernelKind::kMatern52, x, y3, GpHyperparameters::make(1, 0.25, 1.0, 1e-5)};
  // The first two objectives (or all three), reference 2 in each.
  ParetoModelSet models(bool three = false) const {
    ParetoModelSet m;
    m.observed_x = x;
    m.observed_y = three ? at::stack({y1, y2, y3}, 1) : at::stack({y1, y2}, 1);
    m.objectives = {&gp1, &gp2};
    if (three) m.objectives.push_back(&gp3);
    m.reference_point = std::vector<double>(m.objectives.size(), 2.0);
    return m;
  }
};

// Brute force: EHVI at x by 10000 independent normal draws of the posteriors (two objectives,
// or three), scored with the exact hypervolume of the observed points.
double brute_force_ehvi(const OneDimProblem& p, double x, std::mt19937_64& rng,
                        bool three = false) {
  const at::Tensor at_x = at::tensor({x}, at::kDouble).reshape({1, 1});
  std::vector<const ExactGp*> gps = {&p.gp1, &p.gp2};
  std::vector<at::Tensor> ys = {p.y1, p.y2};
  if (three) gps.push_back(&p.gp3), ys.push_back(p.y3);
  std::vector<double> mean, sd;
  for (const ExactGp* gp : gps) {
    const auto posterior = gp->posterior(at_x);
    mean.push_back(posterior.mean.item<double>());
    sd.push_back(std::sqrt(posterior.variance.item<double>()));
  }
  Points observed(4);
  for (int i = 0; i < 4; ++i) {
    for (const at::Tensor& y : ys) observed[i].push_back(y[i].item<double>());
  }
  const std::vector<double> ref(gps.size(), 2.0);
  const double base = hypervolume(observed, ref);
  std::normal_distribution<double> normal(0.0, 1.0);
  double total = 0.0;
  const int draws = 10000;
  for (int i = 0; i < draws; ++i) {
    Points with = observed;
    with.emplace_back();
    for (std::size_t o = 0; o < gps.size(); ++o)
      with.back().push_back(mean[o] + sd[o] * normal(rng));
    total += hypervolume(with, ref) - base;
  }
  return total / draws;
}

TEST(EhviStrategy, FirstPickNearlyMaximisesABruteForceMonteCarloEhvi) {
  const OneDimProblem problem;
  ParetoOptions options;
  options.mc_samples = 1024;
  for (const bool three : {false, true}) {
    ProposeRequest request;
    request.q = 1;
    request.seed = three ? 12 : 11;
    const Proposal p = make_ehvi_strategy(options)->propose(problem.models(three), request);
    ASSERT_EQ(p.x.size(0), 1);
    std::mt19937_64 rng(5);
    double best = 0.0;
    for (int i = 0; i <= 50; ++i) {
      best = std::max(best, brute_force_ehvi(problem, i / 50.0, rng, three));
    }
    const double picked = brute_force_ehvi(problem, p.x[0][0].item<double>(), rng, three);
    EXPECT_GT(best, 0.01);
    EXPECT_GT(picked, 0.9 * best) << (three ? 3 : 2)
                                  << " objectives, x = " << p.x[0][0].item<double>();
  }
}

TEST(ParetoStrategies, ProposeDistinctBatchesForThreeObjectives) {
  const OneDimProblem problem;
  for (auto& strategy : {make_parego_strategy(), make_ehvi_strategy()}) {
    ProposeRequest request;
    request.q = 5;
    request.seed = 31;
    const Proposal p = strategy->propose(problem.models(true), request);
    ASSERT_EQ(p.x.size(0), 5) << strategy->name();
    const at::Tensor all = at::cat({problem.x, p.x});
    const at::Tensor d = at::cdist(all, all) + 10.0 * at::eye(all.size(0), at::kDouble);
    EXPECT_GT(d.min().item<double>(), 1e-6) << strategy->name();
  }
}

TEST(ParegoStrategy, BatchIsDistinctInsideTheCubeAndDeterministicUnderASeed) {
  const OneDimProblem problem;
  auto strategy = make_parego_strategy();
  ProposeRequest request;
  request.q = 8;
  request.seed = 21;
  const Proposal a = strategy->propose(problem.models(), request);
  const Proposal b = strategy->propose(problem.models(), request);
  ASSERT_EQ(a.x.size(0), 8);
  EXPECT_TRUE(a.x.equal(b.x));
  EXPECT_TRUE((a.x >= 0).all().item<bool>() && (a.x <= 1).all().item<bool>());
  const at::Tensor all = at::cat({problem.x, a.x});
  const at::Tensor d = at::cdist(all, all) + 10.0 * at::eye(all.size(0), at::kDouble);
  EXPECT_GT(d.min().item<double>(), 1e-6);
  request.seed = 22;
  EXPECT_FALSE(strategy->propose(problem.models(), request).x.equal(a.x));
}

TEST(ParetoStrategies, KeepTheMinimumDistanceToEachOtherObservedAndPendingPoints) {
  const OneDimProblem problem;
  ParetoOptions options;
  options.min_distance = 0.08;
  ProposeRequest request;
  request.q = 4;
  request.seed = 4;
  request.pending = at::tensor({0.7}, at::kDouble).reshape({1, 1});
  for (auto& strategy : {make_parego_strategy(options), make_ehvi_strategy(options)}) {
    const Proposal p = strategy->propose(problem.models(), request);
    ASSERT_EQ(p.x.size(0), 4) << strategy->name();
    const at::Tensor to_known = at::cdist(p.x, at::cat({problem.x, request.pending}));
    EXPECT_GE(to_known.min().item<double>(), 0.08) << strategy->name();
    const at::Tensor within = at::cdist(p.x, p.x) + at::eye(4, at::kDouble);
    EXPECT_GE(within.min().item<double>(), 0.08) << strategy->name();
  }
}

TEST(ParetoStrategies, RejectModelSetsThatDoNotMatch) {
  const OneDimProblem problem;
  ParetoModelSet models = problem.models();
  models.objectives.pop_back();
  ProposeRequest request;
  EXPECT_THROW(make_parego_strategy()->propose(models, request), std::invalid_argument);
  ParetoModelSet five = problem.models();  // ehvi stops at 4 objectives
  for (int extra = 0; extra < 3; ++extra) {
    five.observed_y = at::cat({five.observed_y, problem.y1.unsqueeze(1)}, 1);
    five.objectives.push_back(&problem.gp1);
    five.reference_point.push_back(2.0);
  }
  request.q = 1;
  EXPECT_THROW(make_ehvi_strategy()->propose(five, request), std::invalid_argument);
  request.q = 0;
  EXPECT_THROW(make_parego_strategy()->propose(problem.models(), request), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::acquisition
