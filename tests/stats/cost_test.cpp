#include "spikefit/stats/cost.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "input_error.hpp"
#include "spikefit/base/config_error.hpp"

namespace spikefit::stats {
namespace {

using nlohmann::json;

// Six SNOPS statistics with hand-picked values and a 3-neuron eigenspectrum.
Statistics example_statistics() {
  Statistics s;
  s.feasible = true;
  s.set("rate", 10), s.set("fano", 1.2), s.set("rsc_fisher_z", 0.01), s.set("pct_shared", 0.2);
  s.set("d_shared", 3);
  s.set("eigenspectrum", {2, 1, 0});
  return s;
}

json example_target_json() {
  return {{"targets",
           {{"t",
             {{"n_neuron", 3},
              {"statistics",
               {{"rate", {{"mean", 9}, {"var", 0.5}}},
                {"fano", {{"mean", 1.0}, {"var", 0.04}}},
                {"rsc_fisher_z", {{"mean", 0.0}, {"var", 1e-4}}},
                {"pct_shared", {{"mean", 0.1}, {"var", 0.01}}},
                {"d_shared", {{"mean", 5}, {"var", 1}}},
                {"eigenspectrum", {{"mean", {1, 1, 0}}, {"var", 0.5}}}}}}}}}};
}

Target example_target() {
  return parse_targets(example_target_json()).at("t");
}

TEST(Cost, SnopsL2CostByHand) {
  // d = [1/0.5, 0.04/0.04, 1e-4/1e-4, 0.01/0.01, 4/1, 1/0.5] = [2, 1, 1, 1, 4, 2]; mean 11/6.
  const CostResult c = evaluate_cost(example_statistics(), example_target());
  ASSERT_TRUE(c.feasible) << c.reason;
  const std::vector<double> expected = {2, 1, 1, 1, 4, 2};
  ASSERT_EQ(c.errors.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) EXPECT_NEAR(c.errors[k], expected[k], 1e-9);
  EXPECT_NEAR(c.cost, 11.0 / 6, 1e-12);
}

TEST(Cost, WeightsAndL1Variant) {
  json doc = example_target_json();
  doc["targets"]["t"]["weights"] = {2, 0, 1, 1, 1, 1};
  const Target weighted = parse_targets(doc).at("t");
  EXPECT_NEAR(evaluate_cost(example_statistics(), weighted).cost, (4.0 + 0 + 1 + 1 + 4 + 2) / 6,
              1e-12);
  const CostResult l1 = evaluate_cost(example_statistics(), example_target(), CostMetric::kL1);
  EXPECT_NEAR(l1.errors[0], 1 / std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(l1.errors[4], 2.0, 1e-12);
  EXPECT_NEAR(l1.errors[5], 1 / std::sqrt(0.5), 1e-12);
}

TEST(Cost, InfeasibleTrialsKeepTheirReason) {
  Statistics s;
  s.reason = "runaway: spike cap reached";
  const CostResult c = evaluate_cost(s, example_target());
  EXPECT_FALSE(c.feasible);
  EXPECT_EQ(c.reason, "runaway: spike cap reached");
  EXPECT_TRUE(std::isnan(c.cost));
}

TEST(Cost, NaNOrMissingTargetedStatisticIsInfeasible) {
  Statistics s = example_statistics();
  s.set("fano", std::nan(""));
  EXPECT_EQ(evaluate_cost(s, example_target()).reason, "statistic 'fano' is NaN");
  json doc = example_target_json();
  doc["targets"]["t"]["statistics"]["rate.X"] = {{"mean", 3}, {"var", 1}};
  EXPECT_EQ(evaluate_cost(example_statistics(), parse_targets(doc).at("t")).reason,
            "the target's statistic 'rate.X' is not computed");
}

TEST(Cost, NonTargetedNaNDoesNotMatter) {
  Statistics s = example_statistics();
  s.set("beta_power", std::nan(""));
  EXPECT_TRUE(evaluate_cost(s, example_target()).feasible);
}

TEST(TargetFile, LoadsTheSnopsDemoTargets) {
  const auto targets = load_targets(std::string(SPIKEFIT_SOURCE_DIR) +
                                    "/experiments/targets/snops_demo_targets.json");
  EXPECT_EQ(targets.size(), 6u);
  const Target& t = targets.at("demo_sbn_simu_1");
  ASSERT_EQ(t.statistics.size(), 6u);
  EXPECT_EQ(t.statistics[0].name, "rate");
  EXPECT_NEAR(t.statistics[0].mean[0], 6.591164520743919, 1e-12);
  EXPECT_NEAR(t.statistics[0].var, 0.18309003191561202, 1e-15);
  EXPECT_EQ(t.statistics[5].name, "eigenspectrum");
  EXPECT_EQ(t.statistics[5].mean.size(), 50u);
}

std::string target_error(const json& doc) {
  return testing::input_error_of([&] { parse_targets(doc); });
}

TEST(TargetFile, ErrorsNameTheField) {
  json doc = example_target_json();
  doc["targets"]["t"]["statistics"]["fano"]["var"] = 0;
  EXPECT_EQ(target_error(doc), "targets.t.statistics.fano.var: must be > 0, got 0");
  doc = example_target_json();
  doc["targets"]["t"]["statistics"]["eigenspectrum"]["mean"] = {1, 2};
  EXPECT_EQ(target_error(doc),
            "targets.t.statistics.eigenspectrum.mean: must have n_neuron = 3 entries, has 2");
  doc = example_target_json();
  doc["targets"]["t"]["weights"] = {1, 1};
  EXPECT_EQ(target_error(doc), "targets.t.weights: must have one weight per statistic (6)");
  EXPECT_THROW(
      load_target(std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/targets/snops_demo_targets.json",
                  "nope"),
      base::ConfigError);
}

}  // namespace
}  // namespace spikefit::stats
