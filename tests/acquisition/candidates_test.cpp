#include "spikefit/acquisition/candidates.hpp"

#include <gtest/gtest.h>

namespace spikefit::acquisition {
namespace {

TEST(Candidates, DefaultCountFollowsTheTurboTutorial) {
  EXPECT_EQ(default_candidate_count(2), 2000);
  EXPECT_EQ(default_candidate_count(12), 2400);
  EXPECT_EQ(default_candidate_count(40), 5000);
}

TEST(Candidates, SpaceFillingIsSeededAndFillsTheBox) {
  const at::Tensor lower = at::tensor({0.2, 0.0, 0.5}, at::kDouble);
  const at::Tensor upper = at::tensor({0.4, 1.0, 0.5}, at::kDouble);
  const at::Tensor a = space_filling(64, 3, 7, lower, upper);
  EXPECT_TRUE(at::equal(a, space_filling(64, 3, 7, lower, upper)));
  EXPECT_FALSE(at::equal(a, space_filling(64, 3, 8, lower, upper)));
  EXPECT_TRUE((a >= lower).all().item<bool>());
  EXPECT_TRUE((a <= upper).all().item<bool>());
  // Sobol stratification: each quarter of [0.2, 0.4] holds 16 of the 64 points
  const at::Tensor quarter = ((a.select(1, 0) - 0.2) / 0.05).floor();
  for (int k = 0; k < 4; ++k) EXPECT_EQ((quarter == k).sum().item<int64_t>(), 16) << k;
  // beyond Sobol's 21 dimensions: uniform points, still seeded and in the cube
  const at::Tensor wide = space_filling(10, 30, 1);
  EXPECT_TRUE(at::equal(wide, space_filling(10, 30, 1)));
  EXPECT_TRUE((wide >= 0).all().item<bool>() && (wide <= 1).all().item<bool>());
}

TEST(Candidates, PerturbationsChangeSomeCoordinatesInsideTheBox) {
  const int64_t d = 40;  // perturbation probability 20 / 40
  const at::Tensor center = at::full({d}, 0.5, at::kDouble);
  const at::Tensor lower = at::full({d}, 0.4, at::kDouble);
  const at::Tensor upper = at::full({d}, 0.7, at::kDouble);
  const at::Tensor c = perturbation_candidates(center, lower, upper, 500, 3);
  ASSERT_EQ(c.size(0), 500);
  EXPECT_TRUE((c >= 0.4).all().item<bool>() && (c <= 0.7).all().item<bool>());
  const at::Tensor changed = c != center.unsqueeze(0);  // [500 x d]
  EXPECT_TRUE((changed.sum(1) >= 1).all().item<bool>());
  const double share = changed.to(at::kDouble).mean().item<double>();
  EXPECT_NEAR(share, 0.5, 0.03);
  EXPECT_TRUE(at::equal(c, perturbation_candidates(center, lower, upper, 500, 3)));
  // d <= 20: every coordinate is perturbed
  const at::Tensor all =
      perturbation_candidates(at::full({5}, 0.5, at::kDouble), at::zeros({5}, at::kDouble),
                              at::ones({5}, at::kDouble), 50, 1);
  EXPECT_TRUE((all != 0.5).all().item<bool>());
}

TEST(Candidates, DerivedSeedsDifferPerStream) {
  EXPECT_NE(derive_seed(1, 0), derive_seed(1, 1));
  EXPECT_NE(derive_seed(1, 0), derive_seed(2, 0));
  EXPECT_EQ(derive_seed(5, 3), derive_seed(5, 3));
}

}  // namespace
}  // namespace spikefit::acquisition
