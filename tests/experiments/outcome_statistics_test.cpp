// outcome_statistics: the statistics an evaluation outcome carries, read back (what `targets`
// builds its target from, on every rank of an MPI job).
#include "spikefit/experiments/evaluation/outcome_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "small_configs.hpp"
#include "spikefit/base/random.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/config_evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"

namespace spikefit::experiments {
namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// Every value of `expected` is in `got`, bit for bit.
void expect_every_value(const stats::Statistics& expected, const stats::Statistics& got) {
  ASSERT_FALSE(expected.values.empty());
  for (const auto& [name, values] : expected.values) {
    SCOPED_TRACE(name);
    const std::vector<double>* v = got.find(name);
    ASSERT_NE(v, nullptr);
    ASSERT_EQ(v->size(), values.size());
    for (std::size_t k = 0; k < values.size(); ++k) {
      EXPECT_TRUE(same_bits((*v)[k], values[k])) << (*v)[k] << " vs " << values[k];
    }
  }
}

stats::Statistics statistics_of_every_kind() {
  stats::Statistics s;
  s.feasible = true;
  s.set("rate", 17.25);
  s.set("fano", 1.0 / 3.0);
  s.set("rsc_fisher_z", -0.0125);
  s.set("pct_shared", 12.5);
  s.set("d_shared", 2.0);
  s.set("eigenspectrum", std::vector<double>{0.5, 0.25, std::nextafter(0.125, 1.0)});
  s.set("cv_isi", 0.9);
  s.set("beta_power", std::numeric_limits<double>::quiet_NaN());
  s.set("rate.E", 16.0);
  s.set("rate.I", 29.5);
  s.set("active_neurons", 180.0);
  s.set("mean_latent_dims", 2.5);
  return s;
}

TEST(OutcomeStatistics, ReadsBackBothModelsStatisticsJsonBitForBit) {
  const stats::Statistics s = statistics_of_every_kind();
  for (const bool snops : {true, false}) {
    SCOPED_TRACE(snops ? "snops_statistics_json" : "flat_statistics_json");
    EvaluationOutcome o;
    o.feasible = true;
    o.statistics = snops ? snops_statistics_json(s) : flat_statistics_json(s);
    o.statistics["simulated_ms"] = 1500.0;
    o.statistics["network"] = "named";  // not a number: not a statistic
    const stats::Statistics back = outcome_statistics(o);
    EXPECT_TRUE(back.feasible);
    expect_every_value(s, back);
    EXPECT_EQ(back.at("simulated_ms"), 1500.0);
    EXPECT_FALSE(back.has("network"));
  }
}

TEST(OutcomeStatistics, TakesFeasibilityAndReasonFromTheOutcome) {
  EvaluationOutcome o;
  o.feasible = false;
  o.reason = "runaway: more than 500 Hz";
  o.statistics = snops_statistics_json(stats::infeasible_statistics(o.reason));
  const stats::Statistics back = outcome_statistics(o);
  EXPECT_FALSE(back.feasible);
  EXPECT_EQ(back.reason, o.reason);
}

// The evaluator's rows give the statistics the model's runner gives for the same network and
// seeds: `targets` made through the evaluator is the target made from the runner's trials.
TEST(OutcomeStatistics, EvaluatorRowsGiveTheRunnersStatistics) {
  // The tiny fit's target network (tiny_fit.hpp): every statistic finite.
  ModelConfig config = parse_model_config(testing::small_cbn_config(1500, 100), "small_cbn");
  apply_overrides(config, {"JrEX=60"});
  ModelEvaluatorOptions options;
  options.threads = 1;
  options.statistics.selection.neurons = 20;
  options.statistics.selection.draws = 2;
  options.statistics.dimension = stats::DimensionMethod::kEigenThreshold;
  stats::Target none;
  none.name = "none";
  ConfigEvaluator evaluator(config, none, "cpu", options);
  const std::vector<uint64_t> seeds = {base::trial_seed(1, 0), base::trial_seed(1, 1)};
  const std::vector<EvaluationOutcome> outcomes =
      evaluator.evaluator().evaluate({config.values, config.values}, seeds, EvaluationStage::kFull);

  std::vector<TrialRequest> trials;
  for (const uint64_t seed : seeds) trials.push_back({config.bound_document(), seed});
  TrialRunOptions run;
  run.threads = 1;
  run.statistics_options = options.statistics;
  const std::vector<SimulatedTrial> direct = config.model().open("cpu")->run(trials, run);
  ASSERT_EQ(outcomes.size(), direct.size());
  for (std::size_t k = 0; k < direct.size(); ++k) {
    SCOPED_TRACE("trial " + std::to_string(k));
    ASSERT_TRUE(direct[k].statistics.feasible) << direct[k].statistics.reason;
    const stats::Statistics back = outcome_statistics(outcomes[k]);
    EXPECT_TRUE(back.feasible) << back.reason;
    expect_every_value(direct[k].statistics, back);
  }
}

}  // namespace
}  // namespace spikefit::experiments
