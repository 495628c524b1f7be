#include "spikefit/acquisition/sobol.hpp"
#include "spikefit/acquisition/batch_strategy.hpp"

#include <gtest/gtest.h>

#include <set>

#include "fixtures.hpp"

namespace spikefit::acquisition {
namespace {

TEST(Sobol, UnscrambledPointsEqualScipys) {
  // scipy.stats.qmc.Sobol(d, scramble=False).random(n) (scripts/fixtures/sobol_fixtures.py)
  const nlohmann::json f = testing::fixture("acquisition/sobol_scipy.json");
  // d1111_tail: the last 31 dimensions of the Joe-Kuo table held (sobol_direction_numbers.inc)
  for (const char* name : {"d21", "d2", "d64", "d1111_tail"}) {
    const nlohmann::json& c = f["cases"][name];
    SobolSequence sobol(c["d"].get<int>());
    const auto points = sobol.next(c["n"].get<std::size_t>());
    const auto expected = c["points"].get<std::vector<std::vector<double>>>();
    const auto first = static_cast<std::ptrdiff_t>(c["first_column"].get<int>());
    ASSERT_EQ(points.size(), expected.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      ASSERT_EQ(std::vector<double>(points[i].begin() + first, points[i].end()), expected[i])
          << name << " " << i;
    }
  }
}

TEST(Sobol, ContinuesWhereItStopped) {
  SobolSequence whole(5), parts(5);
  const auto all = whole.next(40);
  auto first = parts.next(17);
  const auto rest = parts.next(23);
  first.insert(first.end(), rest.begin(), rest.end());
  EXPECT_EQ(first, all);
}

TEST(Sobol, ScrambledKeepsDyadicStratificationAndDependsOnTheSeed) {
  SobolSequence a(11, true, 5), b(11, true, 5), c(11, true, 6);
  const auto pa = a.next(256);
  EXPECT_EQ(pa, b.next(256));
  EXPECT_NE(pa, c.next(256));
  EXPECT_NE(pa, SobolSequence(11).next(256));
  for (int d = 0; d < 11; ++d) {
    std::set<int> cells;
    for (const auto& p : pa) {
      ASSERT_GE(p[d], 0.0);
      ASSERT_LT(p[d], 1.0);
      cells.insert(static_cast<int>(p[d] * 256));
    }
    EXPECT_EQ(cells.size(), 256u) << "dimension " << d;  // one point per 1/256 interval
  }
}

TEST(Sobol, RejectsUnsupportedDimensions) {
  EXPECT_THROW(SobolSequence(0), std::invalid_argument);
  EXPECT_THROW(SobolSequence(SobolSequence::kMaxDims + 1), std::invalid_argument);
  EXPECT_NO_THROW(SobolSequence(SobolSequence::kMaxDims));
}

TEST(SobolStrategy, ProposesStratifiedUnitCubePointsKeyedByTheSeed) {
  auto strategy = make_sobol_strategy(3);
  ModelSet models;  // ignored by this strategy
  ProposeRequest request;
  request.q = 64;
  request.seed = 7;
  const Proposal a = strategy->propose(models, request);
  ASSERT_EQ(a.x.sizes(), (at::IntArrayRef{64, 3}));
  ASSERT_EQ(a.source.size(), 64u);
  for (ProposalSource s : a.source) EXPECT_EQ(s, ProposalSource::kSobol);
  EXPECT_GE(a.x.min().item<double>(), 0.0);
  EXPECT_LT(a.x.max().item<double>(), 1.0);
  for (int64_t d = 0; d < 3; ++d) {  // one point per 1/64 interval in every dimension
    const at::Tensor cells = (a.x.select(1, d) * 64).floor();
    EXPECT_EQ(std::get<0>(at::_unique(cells)).numel(), 64);
  }
  EXPECT_TRUE(at::equal(strategy->propose(models, request).x, a.x));  // depends on the seed alone
  request.seed = 8;
  EXPECT_FALSE(at::equal(strategy->propose(models, request).x, a.x));
}

}  // namespace
}  // namespace spikefit::acquisition
