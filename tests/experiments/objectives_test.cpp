#include "spikefit/experiments/study/objectives.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {
namespace {

const std::vector<std::string> kNames = {"rate", "fano", "rsc_fisher_z", "pct_shared"};
const std::vector<double> kWeights = {1.0, 2.0, 1.0, 0.5};

// The message of the UsageError `f` throws ("" when it throws none).
template <typename F>
std::string usage_error(F f) {
  try {
    f();
  } catch (const base::UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(Objectives, GroupsBecomeWeightedMeansOfTheirStatisticsErrors) {
  const auto objectives = parse_objectives("rate, fano;rsc_fisher_z ;pct_shared", kNames, kWeights);
  ASSERT_EQ(objectives.size(), 3u);
  EXPECT_EQ(objectives[0].name, "rate,fano");
  EXPECT_EQ(objectives[0].errors, (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(objectives[2].errors, (std::vector<std::size_t>{3}));
  const std::vector<double> errors = {4.0, 1.0, 9.0, 0.25};
  const std::vector<double> values = objective_values(objectives, errors);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_DOUBLE_EQ(values[0], (1.0 * 4.0 + 2.0 * 1.0) / 3.0);  // SNOPS cost of the group
  EXPECT_DOUBLE_EQ(values[1], 9.0);
  EXPECT_DOUBLE_EQ(values[2], 0.25);
  // a missing error makes its objective NaN, the others stay
  const std::vector<double> partial = objective_values(objectives, {4.0, std::nan("")});
  EXPECT_TRUE(std::isnan(partial[0]));
  EXPECT_TRUE(std::isnan(partial[1]));
}

TEST(Objectives, EachIsOneObjectivePerStatistic) {
  const auto objectives = parse_objectives("each", kNames, kWeights);
  ASSERT_EQ(objectives.size(), kNames.size());
  const std::vector<double> errors = {4.0, 1.0, 9.0, 0.25};
  EXPECT_EQ(objective_values(objectives, errors), errors);
  EXPECT_EQ(objectives[3].name, "pct_shared");
}

TEST(Objectives, BadSpecsAreUsageErrorsNamingTheProblem) {
  const std::string missing =
      usage_error([] { parse_objectives("rate;beta.STN", kNames, kWeights); });
  EXPECT_NE(missing.find("--objectives"), std::string::npos) << missing;
  EXPECT_NE(missing.find("no statistic 'beta.STN'"), std::string::npos) << missing;
  EXPECT_NE(missing.find("rate, fano, rsc_fisher_z, pct_shared"), std::string::npos) << missing;
  EXPECT_NE(usage_error([] {
              parse_objectives("rate,fano", kNames, kWeights);
            }).find("at least 2 objectives"),
            std::string::npos);
  EXPECT_NE(usage_error([] { parse_objectives("rate;;fano", kNames, kWeights); }).find("empty"),
            std::string::npos);
  EXPECT_NE(usage_error([] {
              parse_objectives("rate,fano;fano", kNames, kWeights);
            }).find("'fano' is in two groups"),
            std::string::npos);
  EXPECT_NE(usage_error([] { parse_objectives("each", {"rate"}, {1.0}); }).find("each"),
            std::string::npos);
}

TEST(Objectives, ReferencePointFromNormalisersOrGiven) {
  // 10 normaliser SDs: (10 sd)^2 / var = 100 under L2, 10 sd / sd = 10 under L1
  EXPECT_EQ(normaliser_reference_point(3, stats::CostMetric::kL2),
            (std::vector<double>{100.0, 100.0, 100.0}));
  EXPECT_EQ(normaliser_reference_point(2, stats::CostMetric::kL1), (std::vector<double>{10, 10}));
  EXPECT_EQ(parse_reference_point("5, 7.5", 2), (std::vector<double>{5.0, 7.5}));
  EXPECT_NE(usage_error([] { parse_reference_point("5,7", 3); }).find("one value per objective"),
            std::string::npos);
  EXPECT_NE(usage_error([] { parse_reference_point("5,-1", 2); }).find("'-1'"), std::string::npos);
}

}  // namespace
}  // namespace spikefit::experiments
