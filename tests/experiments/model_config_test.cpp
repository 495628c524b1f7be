#include <gtest/gtest.h>

#include <fstream>

#include "input_error.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/model_evaluator.hpp"
#include "spikefit/experiments/evaluation/model_registry.hpp"

namespace spikefit::experiments {
namespace {

std::string config_path(const std::string& name) {
  return std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/" + name + ".json";
}

std::string override_error(ModelConfig config, const std::string& assignment) {
  return testing::input_error_of([&] { apply_overrides(config, {assignment}); });
}

TEST(ModelConfig, LoadsBundledConfigs) {
  const ModelConfig sbn = load_model_config(config_path("snops_sbn"));
  EXPECT_EQ(sbn.name, "snops_sbn");
  EXPECT_EQ(sbn.space.size(), 11u);
  EXPECT_EQ(sbn.values, sbn.space.defaults());
  EXPECT_EQ(load_model_config(config_path("snops_cbn")).space.size(), 8u);
}

TEST(ModelConfig, SetsParametersAndFields) {
  ModelConfig c = load_model_config(config_path("snops_cbn"));
  apply_overrides(c, {"taudsynI=3.5", "simulation.duration_ms=1000", "recording.count_bin_ms=100"});
  const engine::NetworkSpec net = c.bound_network();
  EXPECT_EQ(net.projections[2].tau_decay_ms, 3.5);  // EI
  EXPECT_EQ(net.projections[5].tau_decay_ms, 3.5);  // II
  EXPECT_EQ(net.duration_ms, 1000);
  EXPECT_EQ(net.recording.count_bin_ms, 100);
}

TEST(ModelConfig, SetAddsTheOptionalKeysAConfigLeavesOut) {
  ModelConfig c = load_model_config(config_path("snops_sbn"));
  apply_overrides(c, {"size_factor=2", "connectivity_storage=procedural"});
  const engine::NetworkSpec net = c.bound_network();
  EXPECT_EQ(net.size_factor, 2.0);
  EXPECT_EQ(net.populations[0].size, 10000u);
  EXPECT_EQ(net.projections[0].storage, engine::ConnectivityStorage::kProcedural);
  EXPECT_EQ(override_error(c, "size_factor=0.3"),
            "network.size_factor: gives 'I' lattice rows 7.500000, not a whole number of neurons "
            "(1 .. 2e9)");
}

TEST(ModelConfig, OverrideErrorsNameTheProblem) {
  const ModelConfig c = load_model_config(config_path("snops_cbn"));
  EXPECT_EQ(override_error(c, "JrEE=200"),
            "parameter JrEE: value 200 is outside its range [0, 150]");
  EXPECT_EQ(override_error(c, "nonsense=1"), "network.nonsense: unknown field");
  EXPECT_EQ(override_error(c, "simulation.nonsense.dt=1"),
            "simulation.nonsense: no field 'nonsense' at this path");
  EXPECT_EQ(override_error(c, "JrEE"), "--set JrEE: expected NAME=VALUE");
  EXPECT_EQ(override_error(c, "projections.EE.weight=3"),
            "--set projections.EE.weight: is bound to free parameter 'JrEE': set that parameter "
            "instead");
  EXPECT_EQ(override_error(c, "simulation.dt_ms=-1"),
            "network.simulation.dt_ms: must lie in [1e-06, 10], got -1");
  // A number past double's range (a fuzz finding: was an uncaught json out_of_range).
  EXPECT_EQ(override_error(c, "JrEE=1e999"),
            "--set JrEE: value '1e999' is not a number or JSON value");
}

TEST(ModelConfig, FileErrorsNameTheFile) {
  try {
    load_model_config("/nonexistent/config.json");
    FAIL();
  } catch (const base::ConfigError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/config.json: cannot open config file");
  }
  // A number past double's range (fuzz/corpus/target_file/finding_number_overflow.json): was an
  // uncaught json out_of_range.
  const std::string huge = ::testing::TempDir() + "spikefit_config_huge_number.json";
  std::ofstream(huge) << "{\"name\": 1e999}";
  EXPECT_EQ(
      testing::input_error_of([&] {
        load_model_config(huge);
      }).rfind(huge + ": not valid JSON: [json.exception.out_of_range.406] number overflow", 0),
      0u);
}

TEST(ModelConfig, HashChangesWithTheEffectiveConfig) {
  ModelConfig a = load_model_config(config_path("snops_cbn"));
  ModelConfig b = a;
  EXPECT_EQ(document_hash(a.effective_document()), document_hash(b.effective_document()));
  apply_overrides(b, {"JrEE=21"});
  EXPECT_NE(document_hash(a.effective_document()), document_hash(b.effective_document()));
}

TEST(ModelRegistry, NamesEveryModelAndItsConfigFields) {
  EXPECT_EQ(model_names(), (std::vector<std::string>{"balanced", "basal_ganglia"}));
  EXPECT_EQ(default_model_name(), "balanced");
  EXPECT_EQ(find_model("balanced").duration_field(), "simulation.duration_ms");
  EXPECT_EQ(find_model("basal_ganglia").duration_field(), "duration_ms");
  EXPECT_EQ(find_model("basal_ganglia").field_path("offset_sd.GPe"),
            "populations.GPe.I_app_offset_sd");
  EXPECT_TRUE(find_model("balanced").draws_neurons());
  EXPECT_FALSE(has_model("thalamus"));
  try {
    find_model("thalamus");
    FAIL() << "no error";
  } catch (const base::ConfigError& e) {
    EXPECT_STREQ(e.what(), "model: must be balanced or basal_ganglia, got 'thalamus'");
  }
  const ModelConfig sbn = load_model_config(config_path("snops_sbn"));
  EXPECT_EQ(&sbn.model(), &find_model("balanced"));
  EXPECT_EQ(find_model("balanced").outline(sbn.bound_document()).populations,
            (std::vector<std::string>{"E", "I"}));
}

// One evaluator for every model: a row the network rejects is infeasible with the parser's
// message, for the balanced networks as for the BG ones, and the batch goes on.
TEST(ModelEvaluator, ARowTheBalancedNetworkRejectsIsInfeasible) {
  ModelConfig config = load_model_config(config_path("snops_cbn"));
  apply_overrides(config, {"simulation.duration_ms=300"});
  config.network["simulation"]["dt_ms"] = -1.0;  // bound per row, rejected by the parser
  const auto runner = config.model().open("cpu");
  ModelEvaluator evaluator(config, stats::Target{}, *runner, {});
  const auto out = evaluator.evaluate({config.values}, {1}, EvaluationStage::kFull);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].feasible);
  EXPECT_NE(out[0].reason.find("the network rejects these parameters"), std::string::npos)
      << out[0].reason;
  EXPECT_NE(out[0].reason.find("dt_ms"), std::string::npos) << out[0].reason;
  EXPECT_EQ(evaluator.device(), runner->device());
}

}  // namespace
}  // namespace spikefit::experiments
