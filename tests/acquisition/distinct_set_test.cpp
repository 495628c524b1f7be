#include "spikefit/acquisition/distinct_set.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::acquisition {
namespace {

TEST(DistinctSet, RejectsPointsCloserThanTheMinimumDistance) {
  DistinctSet set(2, 0.1);
  set.insert(at::tensor({0.5, 0.5, 0.0, 0.0}, at::kDouble).reshape({2, 2}));
  EXPECT_EQ(set.size(), 2);
  const double near[2] = {0.55, 0.56};    // 0.078 from (0.5, 0.5)
  const double far[2] = {0.58, 0.57};     // 0.106
  const double corner[2] = {0.07, 0.07};  // 0.099 from (0, 0)
  EXPECT_FALSE(set.is_distinct(near));
  EXPECT_FALSE(set.is_distinct(corner));
  EXPECT_TRUE(set.insert_if_distinct(far));
  EXPECT_EQ(set.size(), 3);
  EXPECT_FALSE(set.insert_if_distinct(far));  // now itself a neighbour
  EXPECT_EQ(set.size(), 3);
}

TEST(DistinctSet, DefaultRadiusSeparatesOnlyCoincidentPoints) {
  EXPECT_DOUBLE_EQ(DistinctSet::default_min_distance(4), 2e-6);
  DistinctSet set(4, DistinctSet::default_min_distance(4));
  set.insert(at::full({1, 4}, 0.25, at::kDouble));
  const double same[4] = {0.25, 0.25, 0.25, 0.25 + 1e-7};
  const double other[4] = {0.25, 0.25, 0.25, 0.25 + 1e-5};
  EXPECT_FALSE(set.is_distinct(same));
  EXPECT_TRUE(set.is_distinct(other));
  EXPECT_THROW(set.insert(at::zeros({1, 3}, at::kDouble)), std::invalid_argument);
  EXPECT_THROW(DistinctSet(2, -1.0), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::acquisition
