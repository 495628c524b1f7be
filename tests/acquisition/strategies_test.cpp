#include "spikefit/acquisition/strategies.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "spikefit/acquisition/analytic.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/surrogate/feasibility_model.hpp"
#include "toy_problems.hpp"

namespace spikefit::acquisition {
namespace {

using testing::fixed_gp;

// Small, fast settings for every strategy.
nlohmann::json small_options() {
  return {{"candidates", 300}, {"raw_samples", 128}, {"restarts", 4}, {"max_iterations", 30}};
}

// Observations of Branin (standardised) at a Sobol design, and a fixed GP on them.
struct Problem {
  at::Tensor x;
  at::Tensor y;
  surrogate::ExactGp gp;
  explicit Problem(int64_t n, uint64_t seed = 4)
      : x(space_filling(n, 2, seed)), y(standardised(testing::branin(x))), gp(fixed_gp(x, y)) {}
  static at::Tensor standardised(const at::Tensor& v) { return (v - v.mean()) / v.std(); }
  ModelSet models() const { return ModelSet{x, y, &gp, nullptr}; }
};

ProposeRequest request(int64_t q, uint64_t seed, at::Tensor pending = at::Tensor()) {
  ProposeRequest r;
  r.q = q;
  r.seed = seed;
  r.pending = std::move(pending);
  return r;
}

double min_distance_to(const at::Tensor& point, const at::Tensor& others) {
  if (others.size(0) == 0) return std::numeric_limits<double>::infinity();
  return (others - point.unsqueeze(0)).pow(2).sum(1).sqrt().min().item<double>();
}

class EveryStrategy : public ::testing::TestWithParam<const char*> {};

TEST_P(EveryStrategy, SameInputsAndSeedGiveTheSameProposal) {
  const Problem problem(12);
  const ProposeRequest r = request(6, 21);
  const Proposal a = make_strategy(GetParam(), 2, small_options())->propose(problem.models(), r);
  const Proposal b = make_strategy(GetParam(), 2, small_options())->propose(problem.models(), r);
  ASSERT_EQ(a.x.size(0), 6);
  ASSERT_EQ(a.x.size(1), 2);
  EXPECT_TRUE(at::equal(a.x, b.x));
  EXPECT_EQ(a.source, b.source);
  const Proposal c =
      make_strategy(GetParam(), 2, small_options())->propose(problem.models(), request(6, 22));
  EXPECT_FALSE(at::equal(a.x, c.x));
  EXPECT_GE(a.x.min().item<double>(), 0.0);
  EXPECT_LE(a.x.max().item<double>(), 1.0);
}

TEST_P(EveryStrategy, ProposalsKeepTheMinimumDistanceFromEachOtherObservedAndPending) {
  const Problem problem(12);
  // pending: the incumbent's neighbourhood, where every model-based strategy wants to go
  const int64_t best = problem.y.argmin().item<int64_t>();
  const at::Tensor pending =
      at::cat({problem.x[best].unsqueeze(0) + 0.01, space_filling(3, 2, 99)}).clamp(0.0, 1.0);
  nlohmann::json options = small_options();
  options["min_distance"] = 0.05;
  const Proposal p =
      make_strategy(GetParam(), 2, options)->propose(problem.models(), request(10, 5, pending));
  ASSERT_EQ(p.x.size(0), 10);
  const at::Tensor others = at::cat({problem.x, pending});
  for (int64_t i = 0; i < 10; ++i) {
    EXPECT_GE(min_distance_to(p.x[i], others), 0.05) << "row " << i;
    EXPECT_GE(min_distance_to(p.x[i], p.x.slice(0, 0, i)), 0.05) << "row " << i;
  }
}

// P(feasible) = Phi((0.3 - x1) / 0.1): feasible on the left.
class LeftIsFeasible final : public surrogate::FeasibilityModel {
 public:
  at::Tensor log_probability(const at::Tensor& x) const override {
    return at::special_log_ndtr((0.3 - x.select(1, 0)) / 0.1);
  }
};

TEST_P(EveryStrategy, NoFeasiblePointYetGivesAFeasibilityFirstBatch) {
  // every observation infeasible, all at x1 > 0.4
  const at::Tensor x = space_filling(16, 2, 8) * at::tensor({0.6, 1.0}, at::kDouble) +
                       at::tensor({0.4, 0.0}, at::kDouble);
  const at::Tensor y = at::full({16}, std::numeric_limits<double>::quiet_NaN(), at::kDouble);
  const LeftIsFeasible feasibility;
  const ModelSet models{x, y, nullptr, &feasibility};
  const Proposal p = make_strategy(GetParam(), 2, small_options())->propose(models, request(10, 3));
  ASSERT_EQ(p.x.size(0), 10);
  int64_t feasibility_rows = 0;
  for (int64_t i = 0; i < 10; ++i) {
    if (p.source[i] == ProposalSource::kFeasibility) {
      ++feasibility_rows;
      // log P(feasible) is maximised: on the face x1 = 0
      EXPECT_LT(p.x[i][0].item<double>(), 1e-6) << "row " << i;
    } else {
      EXPECT_EQ(p.source[i], ProposalSource::kSobol) << "row " << i;
    }
  }
  EXPECT_EQ(feasibility_rows, 9);  // the default feasibility_sobol_share 0.1 is Sobol filler

  // SNOPS's label GP on all-infeasible labels is nearly flat: still 10 distinct points
  const surrogate::LabelGpFeasibility labels(x, at::zeros({16}, at::kBool));
  const ModelSet flat{x, y, nullptr, &labels};
  const Proposal f = make_strategy(GetParam(), 2, small_options())->propose(flat, request(10, 3));
  ASSERT_EQ(f.x.size(0), 10);
  for (int64_t i = 0; i < 10; ++i) {
    EXPECT_GT(min_distance_to(f.x[i], at::cat({x, f.x.slice(0, 0, i)})), 1e-6) << "row " << i;
  }

  // without any model: Sobol
  const ModelSet bare{x, y, nullptr, nullptr};
  const Proposal s = make_strategy(GetParam(), 2, small_options())->propose(bare, request(4, 3));
  for (const ProposalSource source : s.source) EXPECT_EQ(source, ProposalSource::kSobol);
}

INSTANTIATE_TEST_SUITE_P(Strategies, EveryStrategy,
                         ::testing::Values("ts", "greedy", "turbo", "turbo-m", "mixed"));

TEST(MixedStrategy, SplitsTheBatchIntoNewPointsByShares) {
  const Problem problem(15);
  nlohmann::json options = small_options();
  options["greedy_share"] = 0.125;  // 2 of 16
  options["sobol_share"] = 0.125;   // 2, Thompson sampling the remaining 12
  const Proposal p = make_strategy("mixed", 2, options)->propose(problem.models(), request(16, 7));
  ASSERT_EQ(p.x.size(0), 16);
  std::map<ProposalSource, int> count;
  for (int64_t i = 0; i < 16; ++i) ++count[p.source[i]];
  // replicates are the study's (the fit loop's intensification), never a strategy's
  EXPECT_EQ(count[ProposalSource::kReplicate], 0);
  EXPECT_EQ(count[ProposalSource::kGreedy], 2);
  EXPECT_EQ(count[ProposalSource::kSobol], 2);
  EXPECT_EQ(count[ProposalSource::kThompson], 12);
  // and no row repeats an observed one
  for (int64_t i = 0; i < 16; ++i) EXPECT_GT(min_distance_to(p.x[i], problem.x), 0.0) << i;
  // greedy rows stay in the local box around the incumbent (local_radius 0.1)
  const at::Tensor incumbent = problem.x[problem.y.argmin().item<int64_t>()];
  for (int64_t i = 0; i < 16; ++i) {
    if (p.source[i] == ProposalSource::kGreedy) {
      EXPECT_LE((p.x[i] - incumbent).abs().max().item<double>(), 0.1 + 1e-12) << i;
    }
  }
  // in a trust region when asked
  options["trust_region"] = "always";
  const Proposal t = make_strategy("mixed", 2, options)->propose(problem.models(), request(16, 7));
  int64_t in_region = 0;
  for (const ProposalSource s : t.source) in_region += s == ProposalSource::kTrustRegion;
  EXPECT_EQ(in_region, 12);
}

TEST(Factory, NamesAndOptionsAreChecked) {
  for (const char* name : {"sobol", "ts", "greedy", "turbo", "turbo-m", "mixed"}) {
    EXPECT_EQ(make_strategy(name, 3)->name(), name);
  }
  try {
    make_strategy("qei", 3);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("qei"), std::string::npos);
  }
  try {
    make_strategy("ts", 3, {{"candidate", 10}});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'candidate'"), std::string::npos);
  }
  EXPECT_THROW(make_strategy("mixed", 3, {{"greedy_share", 0.6}, {"sobol_share", 0.6}}),
               std::invalid_argument);
  EXPECT_THROW(make_strategy("greedy", 3, {{"greedy_acquisition", "ei"}}), std::invalid_argument);
  EXPECT_THROW(make_strategy("turbo", 3, {{"length_min", 0.9}}), std::invalid_argument);
}

TEST(Proposals, BadInputsAreNamed) {
  const Problem problem(6);
  auto ts = make_strategy("ts", 3);
  EXPECT_THROW(ts->propose(problem.models(), request(2, 0)), std::invalid_argument);  // d = 2
  auto ts2 = make_strategy("ts", 2);
  EXPECT_THROW(ts2->propose(problem.models(), request(0, 0)), std::invalid_argument);
  EXPECT_THROW(ts2->propose(problem.models(), request(2, 0, at::zeros({2, 3}, at::kDouble))),
               std::invalid_argument);
}

TEST(GreedyStrategy, QLogNeiModeProposesDistinctImprovingPoints) {
  const Problem problem(12);
  nlohmann::json options = small_options();
  options["greedy_acquisition"] = "qlognei";
  options["mc_samples"] = 64;
  const Proposal p = make_strategy("greedy", 2, options)->propose(problem.models(), request(3, 1));
  ASSERT_EQ(p.x.size(0), 3);
  for (const ProposalSource s : p.source) EXPECT_EQ(s, ProposalSource::kGreedy);
  // the first pick has a better posterior mean than the median observation
  EXPECT_LT(problem.gp.posterior(p.x.slice(0, 0, 1)).mean.item<double>(),
            problem.y.median().item<double>());
}

// With max_iterations 0 each greedy pick is the best distinct raw sample by LogEI, read from the
// incrementally updated posterior; the reference refactorises a GP on the observed points plus
// the earlier picks at their Kriging-believer values for every pick. f+ starts at the lowest
// posterior mean over the observed points (noise-aware), not the lowest observation.
TEST(GreedyStrategy, UnpolishedPicksMatchARefactorisedKrigingBelieverReference) {
  const Problem problem(12);
  nlohmann::json options = small_options();
  options["greedy_acquisition"] = "logei";
  options["max_iterations"] = 0;
  const uint64_t seed = 3;
  const Proposal p =
      make_strategy("greedy", 2, options)->propose(problem.models(), request(5, seed));
  ASSERT_EQ(p.x.size(0), 5);

  // the raw samples of add_greedy: its seed is derive_seed(request seed, 1), theirs stream 0
  const at::Tensor raw = space_filling(128, 2, derive_seed(derive_seed(seed, 1), 0),
                                       at::zeros({2}, at::kDouble), at::ones({2}, at::kDouble));
  at::Tensor x = problem.x, y = problem.y;
  double best = problem.gp.posterior(problem.x).mean.min().item<double>();
  std::vector<int64_t> taken;
  for (int64_t pick = 0; pick < 5; ++pick) {
    const surrogate::ExactGp reference(surrogate::KernelKind::kMatern52, x, y,
                                       problem.gp.hyperparameters());
    const surrogate::GpPosterior post = reference.posterior(raw);
    at::Tensor value =
        log_expected_improvement(post.mean, post.variance.clamp_min(1e-12).sqrt(), best);
    for (const int64_t t : taken) value[t] = -std::numeric_limits<double>::infinity();
    const int64_t index = value.argmax().item<int64_t>();
    taken.push_back(index);
    EXPECT_LT((p.x[pick] - raw[index]).abs().max().item<double>(), 1e-12) << pick;
    const double fantasy = post.mean[index].item<double>();
    x = at::cat({x, raw.slice(0, index, index + 1)});
    y = at::cat({y, at::full({1}, fantasy, at::kDouble)});
    best = std::min(best, fantasy);
  }
  // more conditioned points than greedy_polish_max_points: the same unpolished picks
  nlohmann::json large = options;
  large["max_iterations"] = 30;
  large["greedy_polish_max_points"] = 16;  // 12 observed + 5 picks
  const Proposal q = make_strategy("greedy", 2, large)->propose(problem.models(), request(5, seed));
  EXPECT_TRUE(at::equal(p.x, q.x));
}

// P(feasible) = e^-1000 everywhere: every posterior sample draws every candidate infeasible.
class NothingFeasible final : public surrogate::FeasibilityModel {
 public:
  at::Tensor log_probability(const at::Tensor& x) const override {
    return at::full({x.size(0)}, -1000.0, at::kDouble);
  }
};

TEST(ThompsonStrategy, ItsFallbackOnSamplesWithoutAFeasibleCandidateIsLogged) {
  const Problem problem(12);
  const NothingFeasible feasibility;
  ModelSet models = problem.models();
  models.feasibility = &feasibility;
  ::testing::internal::CaptureStderr();
  const Proposal p = make_strategy("ts", 2, small_options())->propose(models, request(4, 2));
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(p.x.size(0), 4);
  EXPECT_NE(log.find("thompson sampling: 4 of 4 posterior samples gave no finite, feasible, new "
                     "candidate (0 with non-finite values); took the most probably feasible"),
            std::string::npos)
      << log;
}

TEST(ThompsonStrategy, PathwiseSamplesGiveDeterministicImprovingProposals) {
  const Problem problem(20);
  nlohmann::json options = small_options();
  options["thompson_sampler"] = "pathwise";
  options["pathwise_features"] = 512;
  const Proposal a = make_strategy("ts", 2, options)->propose(problem.models(), request(8, 4));
  const Proposal b = make_strategy("ts", 2, options)->propose(problem.models(), request(8, 4));
  ASSERT_EQ(a.x.size(0), 8);
  EXPECT_TRUE(at::equal(a.x, b.x));
  for (const ProposalSource s : a.source) EXPECT_EQ(s, ProposalSource::kThompson);
  // Thompson picks concentrate where the posterior mean is low
  EXPECT_LT(problem.gp.posterior(a.x).mean.median().item<double>(),
            problem.y.median().item<double>());
  // the exact sampler on the same candidates gives a different batch of the same kind
  options["thompson_sampler"] = "exact";
  const Proposal exact = make_strategy("ts", 2, options)->propose(problem.models(), request(8, 4));
  EXPECT_FALSE(at::equal(a.x, exact.x));
  EXPECT_THROW(make_strategy("ts", 2, {{"thompson_sampler", "joint"}}), std::invalid_argument);
  EXPECT_THROW(make_strategy("ts", 2, {{"pathwise_features", 0}}), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::acquisition
