#include "spikefit/surrogate/transforms.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::surrogate {
namespace {

TEST(UnitCube, MapsBoundsToZeroAndOneWithLogScaling) {
  const UnitCube cube({1.0, -150.0, 0.001}, {25.0, 0.0, 1.0}, {false, false, true});
  const at::Tensor x =
      at::tensor({1.0, -150.0, 0.001, 25.0, 0.0, 1.0, 13.0, -75.0, std::sqrt(0.001)}, at::kDouble)
          .reshape({3, 3});
  const at::Tensor u = cube.to_unit(x);
  const at::Tensor expected =
      at::tensor({0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5}, at::kDouble).reshape({3, 3});
  EXPECT_LT((u - expected).abs().max().item<double>(), 1e-12);
  EXPECT_LT((cube.from_unit(u) - x).abs().max().item<double>(), 1e-12);
}

TEST(UnitCube, RejectsBadBounds) {
  EXPECT_THROW(UnitCube({1.0}, {1.0}, {false}), std::invalid_argument);
  EXPECT_THROW(UnitCube({0.0}, {1.0}, {true}), std::invalid_argument);
}

TEST(Standardize, ZeroMeanUnitStdAndBack) {
  const at::Tensor y = at::tensor({1.0, 2.0, 4.0, 9.0}, at::kDouble);
  const Standardize s = Standardize::fit(y);
  const at::Tensor z = s.apply(y);
  EXPECT_NEAR(z.mean().item<double>(), 0.0, 1e-12);
  EXPECT_NEAR(z.std().item<double>(), 1.0, 1e-12);
  EXPECT_LT((s.mean_to_original(z) - y).abs().max().item<double>(), 1e-12);
  EXPECT_NEAR(s.variance_to_original(at::ones({1}, at::kDouble)).item<double>(),
              y.var().item<double>(), 1e-12);
  EXPECT_EQ(Standardize::fit(at::ones({3}, at::kDouble)).scale, 1.0);  // constant y
}

}  // namespace
}  // namespace spikefit::surrogate
