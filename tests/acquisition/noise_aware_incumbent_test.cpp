// The strategies judge the observed points by the objective GP's posterior mean, not by single
// noisy observations (specs/snops.md §5): a lucky replicate is not the incumbent.
#include <gtest/gtest.h>

#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::acquisition {
namespace {

// A flat background at 1 and two replicated points: A = (0.1, 0.1) observed at 1, 1 and a lucky
// -2 (the lowest observation, mean 0), B = (0.9, 0.9) observed at -0.8 three times. A noisy GP
// (noise variance 0.5) puts its lowest posterior mean over the observed points at B.
struct LuckyReplicate {
  at::Tensor x, y;
  std::unique_ptr<surrogate::ExactGp> gp;
  LuckyReplicate() {
    std::vector<double> rows, values;
    for (int i = 0; i < 4; ++i) {
      for (int j = 0; j < 4; ++j) {
        if ((i == 0 && j == 0) || (i == 3 && j == 3)) continue;
        rows.insert(rows.end(), {0.1 + 0.8 * i / 3.0, 0.1 + 0.8 * j / 3.0});
        values.push_back(1.0);
      }
    }
    for (const double v : {1.0, 1.0, -2.0}) {
      rows.insert(rows.end(), {0.1, 0.1});
      values.push_back(v);
    }
    for (int k = 0; k < 3; ++k) {
      rows.insert(rows.end(), {0.9, 0.9});
      values.push_back(-0.8);
    }
    const auto n = static_cast<int64_t>(values.size());
    x = at::tensor(rows, at::kDouble).reshape({n, 2});
    y = at::tensor(values, at::kDouble);
    gp = std::make_unique<surrogate::ExactGp>(surrogate::KernelKind::kMatern52, x, y,
                                              surrogate::GpHyperparameters::make(2, 0.2, 1.0, 0.5));
  }
  ModelSet models() const { return ModelSet{x, y, gp.get(), nullptr}; }
};

const at::Tensor kB = at::tensor({0.9, 0.9}, at::kDouble);

ProposeRequest request(int64_t q, uint64_t seed) {
  ProposeRequest r;
  r.q = q;
  r.seed = seed;
  return r;
}

nlohmann::json small_options() {
  return {{"candidates", 300},
          {"raw_samples", 128},
          {"restarts", 4},
          {"max_iterations", 30},
          {"mc_samples", 64}};
}

TEST(NoiseAwareIncumbent, TheSetUpHasItsLowestObservationAndLowestPosteriorMeanApart) {
  const LuckyReplicate s;
  const at::Tensor mean = s.gp->posterior(s.x).mean;
  const at::Tensor a = at::tensor({0.1, 0.1}, at::kDouble);
  EXPECT_LT((s.x[s.y.argmin().item<int64_t>()] - a).abs().max().item<double>(), 1e-12);
  EXPECT_LT((s.x[mean.argmin().item<int64_t>()] - kB).abs().max().item<double>(), 1e-12);
}

TEST(NoiseAwareIncumbent, TurboCentresItsRegionOnTheLowestPosteriorMean) {
  const LuckyReplicate s;
  auto turbo = make_strategy("turbo", 2, small_options());
  const Proposal p = turbo->propose(s.models(), request(4, 0));
  // length 0.8, equal lengthscales: the box is B +- 0.4, far from the lucky A
  for (int64_t i = 0; i < p.x.size(0); ++i) {
    EXPECT_LE((p.x[i] - kB).abs().max().item<double>(), 0.4 + 1e-12) << i;
  }
}

TEST(NoiseAwareIncumbent, TurboJudgesABatchAgainstThePosteriorMeanNotTheLuckyObservation) {
  LuckyReplicate s;
  auto turbo = make_strategy("turbo", 2, small_options());
  const Proposal p = turbo->propose(s.models(), request(4, 0));
  // The batch is observed at -1.5: above the lucky -2 (a failure by the lowest observation), but
  // with short lengthscales its posterior means (about -1.5 / 1.5) improve on B's (about
  // -0.8 * 3 / 3.5): a success.
  s.x = at::cat({s.x, p.x});
  s.y = at::cat({s.y, at::full({p.x.size(0)}, -1.5, at::kDouble)});
  s.gp =
      std::make_unique<surrogate::ExactGp>(surrogate::KernelKind::kMatern52, s.x, s.y,
                                           surrogate::GpHyperparameters::make(2, 0.05, 1.0, 0.5));
  turbo->propose(s.models(), request(4, 1));
  const nlohmann::json region = turbo->state()["trust_region"];
  EXPECT_EQ(region["successes"].get<int>(), 1);
  EXPECT_DOUBLE_EQ(region["length"].get<double>(), 0.8);  // a failure would have halved it
}

TEST(NoiseAwareIncumbent, MixedGreedyPicksStayInTheBoxAroundTheLowestPosteriorMean) {
  const LuckyReplicate s;
  nlohmann::json options = small_options();
  options["greedy_share"] = 0.25;  // 4 of 16
  for (const char* acquisition : {"qlognei", "logei"}) {
    options["greedy_acquisition"] = acquisition;
    const Proposal p = make_strategy("mixed", 2, options)->propose(s.models(), request(16, 3));
    int greedy = 0;
    for (int64_t i = 0; i < p.x.size(0); ++i) {
      if (p.source[i] != ProposalSource::kGreedy) continue;
      ++greedy;
      EXPECT_LE((p.x[i] - kB).abs().max().item<double>(), 0.1 + 1e-12) << acquisition << " " << i;
    }
    // every pick is a greedy one: none falls back to Sobol as a repeat of an earlier pick
    EXPECT_EQ(greedy, 4) << acquisition;
  }
}

}  // namespace
}  // namespace spikefit::acquisition
