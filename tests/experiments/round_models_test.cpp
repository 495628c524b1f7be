#include "spikefit/experiments/study/round_models.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "spikefit/experiments/study/point_summary.hpp"
#include "spikefit/experiments/study/posterior_incumbent.hpp"
#include "spikefit/stats/cost.hpp"

namespace spikefit::experiments {
namespace {

StoredEvaluation row(int64_t slot, int64_t point, double x, double cost) {
  StoredEvaluation e;
  e.round = 0;
  e.slot = slot;
  e.point = point;
  e.x = {x};
  e.feasible = std::isfinite(cost);
  e.cost = cost;
  return e;
}

TEST(RoundModels, ARuledOutPointIsInfeasibleForTheModelsAndAZeroCostIsFeasible) {
  const surrogate::UnitCube cube({0.0}, {1.0}, {false});
  // point 0: 1.0, then an infeasible repeat (ruled out, as in its summary); point 1 costs 0
  // exactly; points 2 and 3 cost 2 and 4.
  const RoundModels m =
      fit_round_models(cube,
                       {row(0, 0, 0.1, 1.0), row(1, 1, 0.3, 0.0), row(2, 2, 0.5, 2.0),
                        row(3, 3, 0.7, 4.0), row(4, 0, 0.1, std::nan(""))},
                       7);
  ASSERT_EQ(m.log_cost.size(0), 5);
  EXPECT_TRUE(std::isnan(m.log_cost[0].item<double>()));  // point 0's feasible row
  EXPECT_TRUE(std::isnan(m.log_cost[4].item<double>()));
  EXPECT_DOUBLE_EQ(m.log_cost[1].item<double>(), std::log(0.2));  // a tenth of the lowest, 2
  EXPECT_DOUBLE_EQ(m.log_cost[2].item<double>(), std::log(2.0));
  EXPECT_EQ(m.describe()["feasible_rows"].get<int64_t>(), 3);
  ASSERT_NE(m.feasibility, nullptr);  // labels 0 and 1 both occur
  ASSERT_NE(m.cost, nullptr);
}

stats::Target three_statistics() {
  stats::Target t;
  t.name = "t";
  t.statistics = {{"rate", {10.0}, 0.5, 1.0},
                  {"fano", {1.2}, 0.01, 2.0},
                  {"eigenspectrum", {3.0, 1.0, 0.2}, 0.1, 1.0}};
  return t;
}

TEST(CompositeCost, WithoutNoiseItIsTheCostFormulaOfTheStatistics) {
  const nlohmann::json stored = {
      {"rate", 11.3}, {"fano", {1.05}}, {"eigenspectrum", {2.5, 1.4, 0.1}}};
  stats::Statistics statistics;
  statistics.feasible = true;
  statistics.set("rate", 11.3);
  statistics.set("fano", 1.05);
  statistics.set("eigenspectrum", std::vector<double>{2.5, 1.4, 0.1});
  for (const stats::CostMetric metric : {stats::CostMetric::kL2, stats::CostMetric::kL1}) {
    const CostFormula formula{three_statistics(), metric};
    const std::vector<double> q = composite_quantities(stored, formula);
    ASSERT_EQ(q.size(), 3u);
    EXPECT_DOUBLE_EQ(q[0], 11.3);
    EXPECT_DOUBLE_EQ(q[1], 1.05);
    const stats::CostResult cost = stats::evaluate_cost(statistics, formula.target, metric);
    ASSERT_TRUE(cost.feasible);
    EXPECT_NEAR(q[2], std::log(cost.errors[2]), 1e-12);
    // each term standardised by its own transform, the cost by the log-cost transform
    std::vector<CompositeTerm> terms(3);
    const double means[] = {9.0, 1.0, -0.5}, scales[] = {2.0, 0.3, 1.5};
    at::Tensor outputs = at::empty({3}, at::kDouble);
    for (int j = 0; j < 3; ++j) {
      terms[j].statistic = formula.target.statistics[j].name;
      terms[j].log_error = j == 2;
      terms[j].standardize = {means[j], scales[j]};
      outputs[j] = (q[j] - means[j]) / scales[j];
    }
    const surrogate::Standardize log_cost{0.7, 1.9};
    const double got = composite_cost(outputs, formula, terms, log_cost).item<double>();
    EXPECT_NEAR(got, (std::log(cost.cost) - 0.7) / 1.9, 1e-9) << static_cast<int>(metric);
  }
}

TEST(CompositeCost, ObservationNoiseEntersAsTheExpectedObservedCost) {
  // one statistic, latent s = 10.4 against 10 (v = 0.5), replicate noise tau^2 = 0.09
  stats::Target target;
  target.statistics = {{"rate", {10.0}, 0.5, 1.0}};
  CompositeTerm term;
  term.statistic = "rate";
  term.noise_variance = 0.09;
  const at::Tensor latent = at::full({1}, 10.4, at::kDouble);
  const double l2 =
      composite_cost(latent, {target, stats::CostMetric::kL2}, {term}, {}).item<double>();
  EXPECT_NEAR(l2, std::log((0.4 * 0.4 + 0.09) / 0.5), 1e-12);
  // L1: the folded-normal mean E|s + e - s*| / sqrt(v), against 10^6 draws
  std::mt19937_64 rng(3);
  std::normal_distribution<double> noise(0.0, 0.3);
  double sum = 0.0;
  for (int i = 0; i < 1000000; ++i) sum += std::abs(0.4 + noise(rng));
  const double l1 =
      composite_cost(latent, {target, stats::CostMetric::kL1}, {term}, {}).item<double>();
  EXPECT_NEAR(l1, std::log(sum / 1e6 / std::sqrt(0.5)), 2e-3);
  // a log error term l: E[exp(l + e)] = exp(l + tau^2 / 2)
  stats::Target vector_target;
  vector_target.statistics = {{"eigenspectrum", {1.0, 0.5}, 0.1, 1.0}};
  term.log_error = true;
  EXPECT_NEAR(composite_cost(at::full({1}, -0.3, at::kDouble),
                             {vector_target, stats::CostMetric::kL2}, {term}, {})
                  .item<double>(),
              -0.3 + 0.045, 1e-12);
}

StoredEvaluation trial(int64_t slot, double x, double rate, double fano) {
  StoredEvaluation e = row(slot, slot, x, 0.0);
  const stats::Target t = three_statistics();
  e.statistics = {{"rate", rate}, {"fano", fano}, {"eigenspectrum", {3.0 + x, 1.0, 0.2}}};
  stats::Statistics s;
  s.feasible = true;
  s.set("rate", rate);
  s.set("fano", fano);
  s.set("eigenspectrum", std::vector<double>{3.0 + x, 1.0, 0.2});
  e.cost = stats::evaluate_cost(s, t).cost;
  e.feasible = true;
  return e;
}

TEST(RoundModels, TheCompositeModelReplacesTheCostGpOnTheSameScaleAndFindsTheMinimum) {
  // rate = 4 + 12 x (target 10 at x = 0.5), fano = 1.2 + (x - 0.5)^2 / 4: cost lowest at x = 0.5
  const surrogate::UnitCube cube({0.0}, {1.0}, {false});
  std::vector<StoredEvaluation> rows;
  for (int i = 0; i < 10; ++i) {
    const double x = (i + 0.5) / 10.0;
    rows.push_back(trial(i, x, 4.0 + 12.0 * x, 1.2 + (x - 0.5) * (x - 0.5) / 4.0));
  }
  const CostFormula formula{three_statistics(), stats::CostMetric::kL2};
  const RoundModels cost = fit_round_models(cube, rows, 5);
  const RoundModels composite = fit_round_models(cube, rows, 5, &formula);
  ASSERT_TRUE(composite.composite.has_value());
  EXPECT_EQ(composite.cost, nullptr);
  EXPECT_EQ(composite.objective(), composite.composite->model.get());
  EXPECT_EQ(composite.composite->terms.size(), 3u);
  EXPECT_TRUE(composite.composite->terms[2].log_error);
  EXPECT_EQ(composite.describe()["composite"]["terms"].size(), 3u);
  // the same observations on the same scale as the cost GP's
  EXPECT_TRUE(at::allclose(composite.model_set().observed_y, cost.model_set().observed_y));
  const at::Tensor grid = at::linspace(0.0, 1.0, 101, at::kDouble).unsqueeze(1);
  const at::Tensor mean = composite.objective()->posterior(grid).mean;
  EXPECT_NEAR(grid[mean.argmin().item<int64_t>()][0].item<double>(), 0.5, 0.03);
  // at the training points it tracks the observed standardised log cost
  const at::Tensor fitted = composite.objective()->posterior(composite.unit_x).mean;
  EXPECT_LT((fitted - composite.model_set().observed_y).abs().max().item<double>(), 0.25);
}

// 21 points on [0, 1] with log cost 3 (x - 0.7)^2 and two replicates each, log noise +-0.4,
// except a lucky point at x = 0.2 whose two draws are 0.9 and 0.7 below its trend (about 2 noise
// sd each): its replicate mean is the lowest, but the model, pooling the neighbours, puts the
// incumbent at the true minimum and expects a fresh run there to cost exp(mean + noise / 2).
TEST(PosteriorIncumbent, TheModelOverrulesALuckyReplicateMeanAndExpectsTheLogNormalMean) {
  const surrogate::UnitCube cube({0.0}, {1.0}, {false});
  std::vector<StoredEvaluation> rows;
  for (int i = 0; i <= 20; ++i) {
    const double x = i / 20.0;
    const double trend = 3.0 * (x - 0.7) * (x - 0.7);
    for (const double noise :
         i == 4 ? std::vector<double>{-0.9, -0.7} : std::vector<double>{0.4, -0.4}) {
      rows.push_back(row(static_cast<int64_t>(rows.size()), i, x, std::exp(trend + noise)));
    }
  }
  const std::vector<PointSummary> points = summarise_points(rows);
  const std::optional<PointSummary> lucky = find_incumbent(points, 2);
  ASSERT_TRUE(lucky.has_value());
  EXPECT_EQ(lucky->point, 4);  // x = 0.2: the lowest replicate mean

  for (const uint64_t seed : {1, 2, 3, 4}) {  // the GP fit's restarts
    SCOPED_TRACE(seed);
    const RoundModels models = fit_round_models(cube, rows, seed);
    const std::optional<PosteriorIncumbent> best = posterior_incumbent(cube, models, points);
    ASSERT_TRUE(best.has_value());
    EXPECT_EQ(best->model, "cost");
    EXPECT_NEAR(best->point.x[0], 0.7, 0.101);
    EXPECT_NEAR(best->log_cost_mean, 0.0, 0.3);
    const double noise =
        models.standardize.variance_to_original(models.cost->hyperparameters().noise_variance())
            .item<double>();
    EXPECT_GT(noise, 0.0);
    EXPECT_DOUBLE_EQ(best->expected_cost, std::exp(best->log_cost_mean + noise / 2));
    EXPECT_GT(best->log_cost_sd, 0.0);
  }
}

}  // namespace
}  // namespace spikefit::experiments
