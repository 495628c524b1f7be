#include <gtest/gtest.h>

#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "toy_problems.hpp"

namespace spikefit::acquisition {
namespace {

nlohmann::json small_options() {
  return {{"candidates", 300}, {"raw_samples", 128}, {"restarts", 4}, {"max_iterations", 30}};
}

// A growing set of observations with a fixed-hyperparameter GP (equal lengthscales, so the trust
// region is a square of side `length`).
struct Study {
  at::Tensor x = space_filling(10, 2, 3);
  at::Tensor y = testing::branin(x) / 50.0;
  std::unique_ptr<surrogate::ExactGp> gp =
      std::make_unique<surrogate::ExactGp>(testing::fixed_gp(x, y));

  ModelSet models() const { return ModelSet{x, y, gp.get(), nullptr}; }
  void observe(const at::Tensor& rows, double value) {
    x = at::cat({x, rows});
    y = at::cat({y, at::full({rows.size(0)}, value, at::kDouble)});
    gp = std::make_unique<surrogate::ExactGp>(testing::fixed_gp(x, y));
  }
  double best() const { return y.min().item<double>(); }
  double worst() const { return y.max().item<double>(); }
};

ProposeRequest request(int64_t q, uint64_t seed) {
  ProposeRequest r;
  r.q = q;
  r.seed = seed;
  return r;
}

nlohmann::json region(const BatchStrategy& s) {
  return s.state()["trust_region"];
}

TEST(Turbo, LengthHalvesOnFailureDoublesAfterSuccessesAndRestartsOnCollapse) {
  // q = 4, d = 2: failure tolerance ceil(max(4/4, 2/4)) = 1; success tolerance 3
  Study study;
  auto turbo = make_strategy("turbo", 2, small_options());
  Proposal p = turbo->propose(study.models(), request(4, 0));
  EXPECT_DOUBLE_EQ(region(*turbo)["length"].get<double>(), 0.8);
  for (const ProposalSource s : p.source) EXPECT_EQ(s, ProposalSource::kTrustRegion);

  study.observe(p.x, study.worst() + 1.0);  // no improvement: halve
  p = turbo->propose(study.models(), request(4, 1));
  EXPECT_DOUBLE_EQ(region(*turbo)["length"].get<double>(), 0.4);
  // the box: the incumbent +- length / 2 in every coordinate
  const at::Tensor incumbent = study.x[study.y.argmin().item<int64_t>()];
  EXPECT_LE((p.x - incumbent).abs().max().item<double>(), 0.2 + 1e-12);

  for (int i = 0; i < 3; ++i) {  // three improving batches: double
    EXPECT_DOUBLE_EQ(region(*turbo)["length"].get<double>(), 0.4);
    study.observe(p.x, study.best() - 1.0);
    p = turbo->propose(study.models(), request(4, 2 + i));
    EXPECT_EQ(region(*turbo)["successes"].get<int>(), i < 2 ? i + 1 : 0);
  }
  EXPECT_DOUBLE_EQ(region(*turbo)["length"].get<double>(), 0.8);

  // 0.8 / 2^7 < 0.5^7: the seventh failure restarts the region with a space-filling batch
  for (int i = 1; i <= 7; ++i) {
    study.observe(p.x, study.worst() + 1.0);
    p = turbo->propose(study.models(), request(4, 10 + i));
    if (i < 7) {
      EXPECT_DOUBLE_EQ(region(*turbo)["length"].get<double>(), 0.8 / (1 << i));
    }
  }
  EXPECT_DOUBLE_EQ(region(*turbo)["length"].get<double>(), 0.8);
  EXPECT_EQ(region(*turbo)["restarts"].get<int>(), 1);
  for (const ProposalSource s : p.source) EXPECT_EQ(s, ProposalSource::kSobol);

  // the design after a restart is not judged; the new region centres on its best point
  const int64_t restart_from = study.x.size(0);
  EXPECT_EQ(region(*turbo)["restart_from"].get<int64_t>(), restart_from);
  study.observe(p.x, 5.0);
  study.y[restart_from + 2] = 4.0;  // the design's best, worse than the old incumbent
  study.gp = std::make_unique<surrogate::ExactGp>(testing::fixed_gp(study.x, study.y));
  p = turbo->propose(study.models(), request(4, 30));
  EXPECT_EQ(region(*turbo)["failures"].get<int>(), 0);
  EXPECT_EQ(region(*turbo)["successes"].get<int>(), 0);
  const at::Tensor centre = study.x[restart_from + 2];
  for (int64_t i = 0; i < 4; ++i) {
    EXPECT_EQ(p.source[i], ProposalSource::kTrustRegion);
    EXPECT_LE((p.x[i] - centre).abs().max().item<double>(), 0.4 + 1e-12);
  }
}

TEST(Turbo, ResumedFromItsStateProposesAsTheUninterruptedStrategy) {
  for (const char* name : {"turbo", "mixed"}) {
    nlohmann::json options = small_options();
    if (std::string(name) == "mixed") options["trust_region"] = "always";
    Study study;
    auto uninterrupted = make_strategy(name, 2, options);
    Proposal p = uninterrupted->propose(study.models(), request(4, 0));
    study.observe(p.x, study.worst() + 1.0);
    p = uninterrupted->propose(study.models(), request(4, 1));
    const nlohmann::json saved = uninterrupted->state();
    study.observe(p.x, study.worst() + 1.0);
    const Proposal expected = uninterrupted->propose(study.models(), request(4, 2));

    auto resumed = make_strategy(name, 2, options);
    resumed->restore(nlohmann::json::parse(saved.dump()));  // through text, as storage does
    const Proposal got = resumed->propose(study.models(), request(4, 2));
    EXPECT_TRUE(at::equal(got.x, expected.x)) << name;
    EXPECT_EQ(got.source, expected.source) << name;
    EXPECT_EQ(resumed->state(), uninterrupted->state()) << name;
    EXPECT_DOUBLE_EQ(resumed->state()["trust_region"]["length"].get<double>(), 0.2) << name;

    auto fresh = make_strategy(name, 2, options);  // without the state: another length
    fresh->propose(study.models(), request(4, 2));
    EXPECT_NE(fresh->state(), uninterrupted->state()) << name;
    EXPECT_THROW(fresh->restore(nlohmann::json{{"trust_region", {{"length", 0.5}}}}),
                 std::invalid_argument);
  }
}

}  // namespace
}  // namespace spikefit::acquisition
