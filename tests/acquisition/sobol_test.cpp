#include "spikefit/acquisition/sobol.hpp"

#include <gtest/gtest.h>

#include <set>

#include "fixtures.hpp"

namespace spikefit::acquisition {
namespace {

TEST(Sobol, UnscrambledPointsEqualScipys) {
  // scipy.stats.qmc.Sobol(d, scramble=False).random(n) (scripts/fixtures/sobol_fixtures.py)
  const nlohmann::json f = testing::fixture("acquisition/sobol_scipy.json");
  for (const char* name : {"d21", "d2"}) {
    const nlohmann::json& c = f["cases"][name];
    SobolSequence sobol(c["d"].get<int>());
    const auto points = sobol.next(c["n"].get<std::size_t>());
    const auto expected = c["points"].get<std::vector<std::vector<double>>>();
    ASSERT_EQ(points.size(), expected.size());
    for (std::size_t i = 0; i < points.size(); ++i)
      ASSERT_EQ(points[i], expected[i]) << name << " " << i;
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
  EXPECT_THROW(SobolSequence(22), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::acquisition
