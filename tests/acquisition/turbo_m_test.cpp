#include <gtest/gtest.h>

#include <algorithm>

#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "toy_problems.hpp"

namespace spikefit::acquisition {
namespace {

// Two regions, q = 8 in d = 2: failure tolerance ceil(max(4/8, 2/8)) = 1, success tolerance 3.
nlohmann::json options(int64_t regions = 2) {
  return {{"regions", regions}, {"candidates", 400}};
}

// Two equal wells at (0.2, 0.2) and (0.8, 0.8), the value at the second a little higher.
at::Tensor two_wells(const at::Tensor& x) {
  const at::Tensor a = (x - 0.2).pow(2).sum(1), b = (x - 0.8).pow(2).sum(1);
  return -at::exp(-a / 0.02) - 0.99 * at::exp(-b / 0.02);
}

// Observations with a fixed-hyperparameter GP (equal lengthscales: the boxes are squares of
// side `length` around the centres).
struct Study {
  at::Tensor x;
  at::Tensor y;
  std::unique_ptr<surrogate::ExactGp> gp;

  Study() {
    x = at::cat({space_filling(16, 2, 5),
                 at::tensor({0.21, 0.19, 0.22, 0.2, 0.79, 0.81}, at::kDouble).reshape({3, 2})});
    y = two_wells(x);
    refit();
  }
  void refit() { gp = std::make_unique<surrogate::ExactGp>(testing::fixed_gp(x, y, 0.15)); }
  ModelSet models() const { return ModelSet{x, y, gp.get(), nullptr}; }
  void observe(const at::Tensor& rows, const at::Tensor& values) {
    x = at::cat({x, rows});
    y = at::cat({y, values});
    refit();
  }
};

ProposeRequest request(int64_t q, uint64_t seed) {
  ProposeRequest r;
  r.q = q;
  r.seed = seed;
  return r;
}

nlohmann::json region(const BatchStrategy& s, int64_t i) {
  return s.state()["regions"][static_cast<std::size_t>(i)];
}

// The previous batch's [region, rows] segments.
std::vector<std::pair<int64_t, int64_t>> allocation(const BatchStrategy& s) {
  const nlohmann::json state = s.state();
  std::vector<std::pair<int64_t, int64_t>> a;
  for (const auto& e : state["allocation"])
    a.emplace_back(e[0].get<int64_t>(), e[1].get<int64_t>());
  return a;
}

TEST(TurboM, CentresStartOnTheBestPointsApartAndTheBatchIsSplitByThompsonSampling) {
  Study study;
  auto turbo = make_strategy("turbo-m", 2, options());
  EXPECT_EQ(turbo->name(), "turbo-m");
  const Proposal p = turbo->propose(study.models(), request(8, 0));
  // best row (0.21, 0.19); the second best (0.22, 0.2) lies within length_init / 4 = 0.2 of it,
  // so the second centre is the best row farther away: (0.79, 0.81)
  EXPECT_EQ(region(*turbo, 0)["centre"].get<int64_t>(), 16);
  EXPECT_EQ(region(*turbo, 1)["centre"].get<int64_t>(), 18);
  // both wells are nearly as deep: the samples send rows to both regions, each inside its box
  const auto a = allocation(*turbo);
  ASSERT_EQ(a.size(), 2u);
  int64_t row = 0;
  for (const auto& [r, rows] : a) {
    EXPECT_GT(rows, 0);
    const at::Tensor centre = study.x[region(*turbo, r)["centre"].get<int64_t>()];
    for (int64_t i = row; i < row + rows; ++i) {
      EXPECT_EQ(p.source[i], ProposalSource::kTrustRegion);
      EXPECT_LE((p.x[i] - centre).abs().max().item<double>(), 0.4 + 1e-12);
    }
    row += rows;
  }
  EXPECT_EQ(row, 8);

  // one well far deeper: every sample prefers its region
  Study deep;
  deep.y = deep.y - 10.0 * at::exp(-(deep.x - 0.2).pow(2).sum(1) / 0.02);
  deep.refit();
  auto greedy = make_strategy("turbo", 2, options());  // turbo with regions > 1 is TuRBO-m
  EXPECT_EQ(greedy->name(), "turbo-m");
  greedy->propose(deep.models(), request(8, 0));
  EXPECT_EQ(allocation(*greedy), (std::vector<std::pair<int64_t, int64_t>>{{0, 8}}));
}

TEST(TurboM, EachRegionJudgesOnlyItsOwnRows) {
  Study study;
  auto turbo = make_strategy("turbo-m", 2, options());
  Proposal p = turbo->propose(study.models(), request(8, 0));
  const auto a = allocation(*turbo);
  ASSERT_EQ(a.size(), 2u);
  // region a[0]'s rows improve on everything; region a[1]'s rows are worse than its centre
  at::Tensor values = at::empty({8}, at::kDouble);
  values.slice(0, 0, a[0].second).fill_(-5.0);
  values.slice(0, a[0].second, 8).fill_(1.0);
  values[1 % a[0].second] = -6.0;  // the best row of the first segment
  const int64_t first_new = study.x.size(0);
  study.observe(p.x, values);
  turbo->propose(study.models(), request(8, 1));
  const auto& winner = region(*turbo, a[0].first);
  const auto& loser = region(*turbo, a[1].first);
  EXPECT_EQ(winner["successes"].get<int>(), 1);
  EXPECT_EQ(winner["failures"].get<int>(), 0);
  EXPECT_DOUBLE_EQ(winner["length"].get<double>(), 0.8);
  EXPECT_EQ(winner["centre"].get<int64_t>(), first_new + 1 % a[0].second);
  // one failure halves (tolerance 1 at q = 8, d = 2) and the centre stays
  EXPECT_DOUBLE_EQ(loser["length"].get<double>(), 0.4);
  EXPECT_EQ(loser["successes"].get<int>(), 0);
  EXPECT_EQ(loser["centre"].get<int64_t>(), a[1].first == 0 ? 16 : 18);
}

TEST(TurboM, ACollapsedRegionRestartsFromASpaceFillingDesign) {
  Study study;
  auto turbo = make_strategy("turbo-m", 2, options());
  Proposal p = turbo->propose(study.models(), request(8, 0));
  // every batch fails: each judged region halves, 0.8 / 2^7 < 0.5^7 restarts it
  std::vector<int64_t> restarted;
  for (uint64_t round = 1; restarted.empty() && round < 40; ++round) {
    study.observe(p.x, at::full({8}, 1.0, at::kDouble));
    p = turbo->propose(study.models(), request(8, round));
    for (int64_t r = 0; r < 2; ++r) {
      if (region(*turbo, r)["restarts"].get<int>() == 1) restarted.push_back(r);
    }
  }
  ASSERT_FALSE(restarted.empty());
  // the designs come first in the batch: ceil(8 / 2) Sobol rows of the whole cube per region
  const auto a = allocation(*turbo);
  ASSERT_GE(a.size(), restarted.size());
  const int64_t designed = 4 * static_cast<int64_t>(restarted.size());
  for (std::size_t k = 0; k < restarted.size(); ++k) {
    EXPECT_EQ(region(*turbo, restarted[k])["centre"].get<int64_t>(), -1);
    EXPECT_DOUBLE_EQ(region(*turbo, restarted[k])["length"].get<double>(), 0.8);
    EXPECT_EQ(a[k], std::make_pair(restarted[k], int64_t{4}));
  }
  for (int64_t i = 0; i < 8; ++i) {
    EXPECT_EQ(p.source[i], i < designed ? ProposalSource::kSobol : ProposalSource::kTrustRegion);
  }

  // the design's best row becomes the new centre, unjudged
  const int64_t first_new = study.x.size(0);
  at::Tensor values = at::full({8}, 1.0, at::kDouble);
  values[2] = 0.5;  // worse than every earlier row: a restart does not compare with the past
  study.observe(p.x, values);
  turbo->propose(study.models(), request(8, 99));
  const auto& renewed = region(*turbo, restarted[0]);
  EXPECT_EQ(renewed["centre"].get<int64_t>(), first_new + 2);
  EXPECT_EQ(renewed["failures"].get<int>(), 0);
  EXPECT_EQ(renewed["successes"].get<int>(), 0);
  EXPECT_DOUBLE_EQ(renewed["length"].get<double>(), 0.8);
}

TEST(TurboM, ResumedFromItsStateProposesAsTheUninterruptedStrategy) {
  Study study;
  auto uninterrupted = make_strategy("turbo-m", 2, options(3));
  Proposal p = uninterrupted->propose(study.models(), request(8, 0));
  study.observe(p.x, two_wells(p.x) + 0.5);
  p = uninterrupted->propose(study.models(), request(8, 1));
  const nlohmann::json saved = uninterrupted->state();
  study.observe(p.x, two_wells(p.x));
  const Proposal expected = uninterrupted->propose(study.models(), request(8, 2));

  auto resumed = make_strategy("turbo-m", 2, options(3));
  resumed->restore(nlohmann::json::parse(saved.dump()));  // through text, as storage does
  const Proposal got = resumed->propose(study.models(), request(8, 2));
  EXPECT_TRUE(at::equal(got.x, expected.x));
  EXPECT_EQ(got.source, expected.source);
  EXPECT_EQ(resumed->state(), uninterrupted->state());

  auto fresh = make_strategy("turbo-m", 2, options(3));  // without the state: other centres
  fresh->propose(study.models(), request(8, 2));
  EXPECT_NE(fresh->state(), uninterrupted->state());

  nlohmann::json wrong = saved;
  wrong["regions"].erase(0);
  EXPECT_THROW(fresh->restore(wrong), std::invalid_argument);  // 2 regions, not 3
  wrong = saved;
  wrong["allocation"] = {{7, 2}};
  EXPECT_THROW(fresh->restore(wrong), std::invalid_argument);  // no region 7
  wrong = saved;
  wrong["regions"][1].erase("length");
  EXPECT_THROW(fresh->restore(wrong), std::invalid_argument);
}

TEST(TurboM, StartsFeasibilityFirstWithoutAnObjective) {
  Study study;
  auto turbo = make_strategy("turbo-m", 2, options());
  const Proposal p = turbo->propose(ModelSet{study.x, study.y, nullptr, nullptr}, request(8, 0));
  EXPECT_EQ(p.x.size(0), 8);
  EXPECT_FALSE(turbo->state()["started"].get<bool>());
  EXPECT_THROW(make_strategy("turbo-m", 2, {{"regions", 0}}), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::acquisition
