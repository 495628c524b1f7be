#include <gtest/gtest.h>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>

#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/emulation/expected_cost.hpp"

namespace spikefit::experiments {
namespace {

stats::Target two_statistics() {
  stats::Target t;
  t.name = "t";
  t.statistics.push_back({"rate", {5.0}, 0.5, 2.0});
  t.statistics.push_back({"eigenspectrum", {3.0, 1.0}, 0.25, 1.0});
  return t;
}

const std::vector<std::string> kColumns = {"fano", "eigenspectrum[1]", "rate", "eigenspectrum[0]"};

at::Tensor row(std::vector<double> v) {
  return at::tensor(v, at::kDouble).reshape({1, -1});
}

TEST(ExpectedCost, WithoutVarianceItIsTheCostOfTheMean) {
  for (stats::CostMetric metric : {stats::CostMetric::kL2, stats::CostMetric::kL1}) {
    const ExpectedCost cost(two_statistics(), metric, kColumns, "--emulator");
    const at::Tensor mean = row({9.0, 1.5, 6.0, 2.0});
    stats::Statistics s;
    s.feasible = true;
    s.set("rate", 6.0);
    s.set("eigenspectrum", std::vector<double>{2.0, 1.5});
    const double expected = stats::evaluate_cost(s, two_statistics(), metric).cost;
    EXPECT_NEAR(cost(mean, at::zeros_like(mean))[0].item<double>(), expected, 1e-9);
  }
}

TEST(ExpectedCost, L2AddsTheVarianceAndL1MatchesMonteCarlo) {
  const at::Tensor mean = row({9.0, 1.5, 5.3, 2.0});
  const at::Tensor variance = row({4.0, 0.09, 0.36, 0.16});
  const ExpectedCost l2(two_statistics(), stats::CostMetric::kL2, kColumns, "--emulator");
  // ((0.3^2 + 0.36) / 0.5 * 2 + ((1 + 0.16) + (0.25 + 0.09)) / 0.25) / 3
  const double closed = ((0.09 + 0.36) / 0.5 * 2 + (1.16 + 0.34) / 0.25) / 3;
  EXPECT_NEAR(l2(mean, variance)[0].item<double>(), closed, 1e-12);

  // L1: the rate term is E|s - 5| / sqrt(0.5) exactly; compare with sampling.
  stats::Target rate_only;
  rate_only.statistics.push_back({"rate", {5.0}, 0.5, 1.0});
  const ExpectedCost l1(rate_only, stats::CostMetric::kL1, kColumns, "--emulator");
  auto generator = at::make_generator<at::CPUGeneratorImpl>(3);
  const at::Tensor draws = at::normal(5.3, 0.6, {400000}, generator, at::kDouble);
  const double sampled = ((draws - 5.0).abs().mean() / std::sqrt(0.5)).item<double>();
  EXPECT_NEAR(l1(mean, variance)[0].item<double>(), sampled, 2e-3);
}

TEST(ExpectedCost, NamesAStatisticTheEmulatorDoesNotPredict) {
  try {
    ExpectedCost(two_statistics(), stats::CostMetric::kL2, {"rate", "eigenspectrum[0]"},
                 "--emulator");
    FAIL() << "accepted an emulator without eigenspectrum[1]";
  } catch (const base::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("does not predict 'eigenspectrum[1]'"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("--emulator"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace spikefit::experiments
