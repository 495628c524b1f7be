// What rank 0 of an MPI job sends its ranks: the evaluator recipe and the outcomes coming back
// survive their bytes exactly.
#include "spikefit/experiments/evaluation/evaluator_recipe.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "small_configs.hpp"
#include "spikefit/experiments/evaluation/command_evaluator.hpp"
#include "spikefit/experiments/evaluation/outcome_codec.hpp"

namespace spikefit::experiments {
namespace {

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(OutcomeCodec, KeepsEveryFieldAndNaN) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EvaluationOutcome o;
  o.feasible = true;
  o.reason = "Fano factor is NaN";
  o.cost = 0.1 + 0.2;
  o.errors = {1.0 / 3.0, nan, -0.0};
  o.statistics = {{"rate", 12.345678901234567},
                  {"fano", nan},
                  {"active_neurons", 481},
                  {"eigenspectrum", {0.5, 1e-300}},
                  {"note", "text"}};
  o.wall_s = 0.25;
  base::ByteWriter out;
  write_outcome(out, o);
  write_outcome(out, EvaluationOutcome{});
  base::ByteReader in(out.bytes());
  const EvaluationOutcome back = read_outcome(in);
  const EvaluationOutcome empty = read_outcome(in);
  EXPECT_TRUE(in.at_end());

  EXPECT_TRUE(back.feasible);
  EXPECT_EQ(back.reason, o.reason);
  EXPECT_TRUE(same_bits(back.cost, o.cost));
  ASSERT_EQ(back.errors.size(), 3u);
  EXPECT_TRUE(same_bits(back.errors[0], o.errors[0]));
  EXPECT_TRUE(std::isnan(back.errors[1]));
  EXPECT_TRUE(same_bits(back.errors[2], -0.0));
  EXPECT_EQ(back.statistics["rate"].get<double>(), 12.345678901234567);
  EXPECT_TRUE(std::isnan(back.statistics["fano"].get<double>()));  // JSON text: null
  EXPECT_EQ(back.statistics["active_neurons"], 481);
  EXPECT_EQ(back.statistics["eigenspectrum"], o.statistics["eigenspectrum"]);
  EXPECT_EQ(back.statistics["note"], "text");
  EXPECT_EQ(back.wall_s, 0.25);
  EXPECT_FALSE(empty.feasible);
  EXPECT_TRUE(std::isnan(empty.cost));
  EXPECT_EQ(empty.statistics, nlohmann::json::object());
}

TEST(OutcomeCodec, RefusesTruncatedBytes) {
  base::ByteWriter out;
  write_outcome(out, EvaluationOutcome{});
  std::vector<uint8_t> bytes = out.bytes();
  bytes.pop_back();
  base::ByteReader in(bytes);
  EXPECT_THROW(read_outcome(in), std::runtime_error);
}

// A recipe with options that change the outcomes (20-cell draws, the eigenvalue threshold, an
// override): the evaluator built from its bytes scores rows exactly as the original.
TEST(EvaluatorRecipe, ItsBytesBuildAnEvaluatorWithTheSameOutcomes) {
  EvaluatorRecipe recipe;
  recipe.config_document = testing::small_cbn_config(1000, 100);
  recipe.config_source = "small_cbn.json";
  recipe.overrides = {"JrEX=60", "simulation.dt_ms=0.05"};
  recipe.target.name = "made_up";
  recipe.target.n_neuron = 20;
  recipe.target.statistics = {{"rate", {4.0}, 2.0, 1.0}, {"fano", {1.2}, 0.1, 0.5}};
  recipe.target.provenance = {{"note", "for the test"}};
  recipe.backend = "cpu";
  recipe.options.statistics.selection.neurons = 20;
  recipe.options.statistics.selection.draws = 2;
  recipe.options.statistics.dimension = stats::DimensionMethod::kEigenThreshold;
  recipe.options.metric = stats::CostMetric::kL1;
  recipe.options.screen_ms = 400;
  recipe.options.threads = 1;

  const EvaluatorRecipe back = decode_recipe(encode_recipe(recipe));
  EXPECT_EQ(back.config_document, recipe.config_document);
  EXPECT_EQ(back.config_source, recipe.config_source);
  EXPECT_EQ(back.overrides, recipe.overrides);
  ASSERT_EQ(back.target.statistics.size(), 2u);
  EXPECT_EQ(back.target.statistics[1].name, "fano");
  EXPECT_EQ(back.target.statistics[1].weight, 0.5);
  EXPECT_EQ(back.target.provenance, recipe.target.provenance);
  EXPECT_EQ(back.options.statistics.selection.neurons, 20u);
  EXPECT_EQ(back.options.metric, stats::CostMetric::kL1);
  EXPECT_EQ(back.options.screen_ms, 400);
  EXPECT_EQ(recipe_config(back).values, recipe_config(recipe).values);

  const std::vector<std::vector<double>> x = {{8.0, 60.0}, {3.0, 90.0}};  // taudsynI, JrEX
  const std::vector<uint64_t> seeds = {11, 12};
  const auto original = open_command_evaluator(recipe)->evaluate(x, seeds, EvaluationStage::kFull);
  const auto rebuilt = open_command_evaluator(back)->evaluate(x, seeds, EvaluationStage::kFull);
  ASSERT_EQ(rebuilt.size(), 2u);
  for (std::size_t k = 0; k < x.size(); ++k) {
    EXPECT_EQ(rebuilt[k].feasible, original[k].feasible);
    EXPECT_EQ(rebuilt[k].reason, original[k].reason);
    EXPECT_TRUE(same_bits(rebuilt[k].cost, original[k].cost));
    EXPECT_EQ(rebuilt[k].errors.size(), 2u);
  }
}

TEST(EvaluatorRecipe, RefusesTrailingBytes) {
  std::vector<uint8_t> bytes = encode_recipe(EvaluatorRecipe{});
  bytes.push_back(0);
  EXPECT_THROW(decode_recipe(bytes), std::runtime_error);
}

}  // namespace
}  // namespace spikefit::experiments
