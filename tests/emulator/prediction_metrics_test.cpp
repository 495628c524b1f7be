// prediction_metrics against values worked out by hand.
#include "spikefit/emulator/prediction_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace spikefit::emulator {
namespace {

at::Tensor column(const std::vector<double>& values) {
  return at::tensor(values, at::TensorOptions().dtype(at::kDouble)).unsqueeze(1);
}

TEST(PredictionMetrics, PerfectPredictionHasR2OneRmseZeroFullCoverage) {
  const at::Tensor y = column({0.0, 1.0, 2.0, 5.0});
  const auto metrics = prediction_metrics(y, {y.clone(), at::full_like(y, 0.01)});
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_DOUBLE_EQ(metrics[0].r2, 1.0);
  EXPECT_DOUBLE_EQ(metrics[0].rmse, 0.0);
  EXPECT_NEAR(metrics[0].nlpd, 0.5 * std::log(2.0 * M_PI * 0.01), 1e-12);
  EXPECT_DOUBLE_EQ(metrics[0].coverage50, 1.0);
  EXPECT_DOUBLE_EQ(metrics[0].coverage90, 1.0);
  EXPECT_EQ(metrics[0].n, 4);
}

TEST(PredictionMetrics, KnownErrorsGiveClosedFormValuesPerOutput) {
  // errors -0.5, 0.5, -0.5, 0.5: SSE 1, SST about the mean 1.5 = 5, so R^2 0.8 and RMSE 0.5.
  const at::Tensor y0 = column({0.0, 1.0, 2.0, 3.0});
  const at::Tensor mean0 = column({0.5, 0.5, 2.5, 2.5});
  // output 0 with variance 1: |e| = 0.5 lies inside both intervals (0.674 and 1.645 sd);
  // output 1 (the same values) with variance 0.25: sd 0.5, |e| = 1 sd, outside the 50% interval.
  const at::Tensor y = at::cat({y0, y0}, 1);
  const at::Tensor mean = at::cat({mean0, mean0}, 1);
  const at::Tensor variance = at::cat({at::ones_like(y0), at::full_like(y0, 0.25)}, 1);
  const auto metrics = prediction_metrics(y, {mean, variance});
  ASSERT_EQ(metrics.size(), 2u);
  for (const auto& m : metrics) {
    EXPECT_NEAR(m.r2, 0.8, 1e-12);
    EXPECT_NEAR(m.rmse, 0.5, 1e-12);
    EXPECT_EQ(m.n, 4);
  }
  EXPECT_NEAR(metrics[0].nlpd, 0.5 * std::log(2.0 * M_PI) + 0.125, 1e-12);
  EXPECT_NEAR(metrics[1].nlpd, 0.5 * std::log(2.0 * M_PI * 0.25) + 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(metrics[0].coverage50, 1.0);
  EXPECT_DOUBLE_EQ(metrics[0].coverage90, 1.0);
  EXPECT_DOUBLE_EQ(metrics[1].coverage50, 0.0);
  EXPECT_DOUBLE_EQ(metrics[1].coverage90, 1.0);
}

TEST(PredictionMetrics, CoverageCountsErrorsInsideTheIntervals) {
  // standardised errors 0.1, -0.6, 0.7, -1.6, 1.7, 3: two within 0.674 sd, four within 1.645 sd
  const at::Tensor y = column({0.1, -0.6, 0.7, -1.6, 1.7, 3.0});
  const auto metrics = prediction_metrics(y, {at::zeros_like(y), at::ones_like(y)});
  EXPECT_DOUBLE_EQ(metrics[0].coverage50, 2.0 / 6.0);
  EXPECT_DOUBLE_EQ(metrics[0].coverage90, 4.0 / 6.0);
}

TEST(PredictionMetrics, ConstantHeldOutValuesHaveNoR2) {
  const at::Tensor y = column({2.0, 2.0, 2.0});
  const auto metrics = prediction_metrics(y, {at::zeros_like(y), at::ones_like(y)});
  EXPECT_TRUE(std::isnan(metrics[0].r2));
  EXPECT_NEAR(metrics[0].rmse, 2.0, 1e-12);
}

TEST(PredictionMetrics, ShapesThatDisagreeAreRefused) {
  const at::Tensor y = column({1.0, 2.0});
  EXPECT_THROW(prediction_metrics(y, {column({1.0}), column({1.0})}), std::invalid_argument);
  EXPECT_THROW(prediction_metrics(y, {y, at::ones({2, 2}, at::kDouble)}), std::invalid_argument);
  const at::Tensor empty = at::zeros({0, 1}, at::kDouble);
  EXPECT_THROW(prediction_metrics(empty, {empty, empty}), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::emulator
