#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/engine/backend.hpp"
#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/model_evaluator.hpp"
#include "spikefit/experiments/evaluation/model_registry.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::experiments {
namespace {

using namespace spikefit::cli_test;

// Per process: ctest runs the tests of a suite in parallel processes.
std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "spikefit_bg_" + std::to_string(getpid()) + "_" + name;
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// bg_so2012_pd_dbs.json scaled down: 10 STN / 20 GPe / 15 GPi / 15 TC, dt 0.025 ms, 500 ms with
// 100 ms burn-in (the same cells, wiring rule, drives and free parameters).
std::string tiny_config(const std::string& name, bool dbs = true) {
  nlohmann::json config =
      read_json(std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/bg_so2012_pd_dbs.json");
  auto& net = config["network"];
  const std::map<std::string, int> sizes = {{"STN", 10}, {"GPe", 20}, {"GPi", 15}, {"TC", 15}};
  for (auto& p : net["populations"]) p["size"] = sizes.at(p["name"].get<std::string>());
  net["dt_ms"] = 0.025;
  net["duration_ms"] = 500.0;
  net["burn_in_ms"] = 100.0;
  if (!dbs) net["dbs"]["amplitude"] = 0.0;
  config["name"] = "tiny_" + name;
  const std::string path = temp_path(name + ".json");
  std::ofstream(path) << config.dump(1);
  return path;
}

stats::Target rate_target(double stn, double gpe) {
  return stats::parse_targets({{"targets",
                                {{"t",
                                  {{"n_neuron", 10},
                                   {"statistics",
                                    {{"rate.STN", {{"mean", stn}, {"var", 4.0}}},
                                     {"rate.GPe", {{"mean", gpe}, {"var", 9.0}}}}}}}}}})
      .at("t");
}

// A BG trial that ended with `status`, with these statistics (an ok trial) or the engine's reason.
SimulatedTrial trial_with(engine::TrialStatus status, const std::string& why,
                          const std::map<std::string, double>& statistics = {}) {
  SimulatedTrial t;
  t.recording.status = status;
  t.recording.message = why;
  t.recording.dt_ms = 0.01;
  t.recording.steps_simulated = 1000;
  t.statistics.feasible = true;
  for (const auto& [name, value] : statistics) t.statistics.set(name, value);
  if (status != engine::TrialStatus::kOk)
    t.statistics = stats::failed_trial_statistics(t.recording);
  return t;
}

const Model& bg_model() {
  return find_model("basal_ganglia");
}

TEST(BgEvaluator, ScoresAgainstTheTargetByTheSnopsCost) {
  const EvaluationOutcome o =
      score_trial(bg_model(),
                  trial_with(engine::TrialStatus::kOk, "",
                             {{"rate.STN", 14.0}, {"rate.GPe", 40.0}, {"beta.STN", 0.2}}),
                  rate_target(18, 49), stats::CostMetric::kL2);
  ASSERT_TRUE(o.feasible) << o.reason;
  // ((14 - 18)^2 / 4 + (40 - 49)^2 / 9) / 2 = (4 + 9) / 2
  EXPECT_DOUBLE_EQ(o.cost, 6.5);
  EXPECT_EQ(o.errors, (std::vector<double>{9.0, 4.0}));           // the target's order: by name
  EXPECT_DOUBLE_EQ(o.statistics["beta.STN"].get<double>(), 0.2);  // untargeted ones kept
  EXPECT_EQ(o.statistics["status"], "ok");
}

TEST(BgEvaluator, InfeasibleReasonsNameTheCause) {
  const stats::Target target = rate_target(18, 49);
  const auto runaway =
      score_trial(bg_model(), trial_with(engine::TrialStatus::kRunaway, "more than 500 Hz"), target,
                  stats::CostMetric::kL2);
  EXPECT_FALSE(runaway.feasible);
  EXPECT_EQ(runaway.reason, "runaway: more than 500 Hz");
  EXPECT_TRUE(std::isnan(runaway.cost));
  EXPECT_EQ(runaway.errors.size(), 2u);

  const auto error =
      score_trial(bg_model(), trial_with(engine::TrialStatus::kError, "non-finite V in GPe cell 3"),
                  target, stats::CostMetric::kL2);
  EXPECT_EQ(error.reason, "error: non-finite V in GPe cell 3");

  const auto nan = score_trial(
      bg_model(), trial_with(engine::TrialStatus::kOk, "", {{"rate.STN", NAN}, {"rate.GPe", 40.0}}),
      target, stats::CostMetric::kL2);
  EXPECT_FALSE(nan.feasible);
  EXPECT_EQ(nan.reason, "statistic 'rate.STN' is NaN");
  EXPECT_TRUE(nan.statistics["rate.STN"].is_null());

  const auto missing =
      score_trial(bg_model(), trial_with(engine::TrialStatus::kOk, "", {{"rate.STN", 10.0}}),
                  target, stats::CostMetric::kL2);
  EXPECT_EQ(missing.reason, "the target's statistic 'rate.GPe' is not computed");
}

TEST(BgEvaluator, ARowTheNetworkRejectsIsInfeasibleWithTheParserMessage) {
  ModelConfig config = load_model_config(tiny_config("reject"));
  ASSERT_EQ(config.model_name, "basal_ganglia");
  const auto runner = config.model().open("cpu");
  ModelEvaluator evaluator(config, rate_target(18, 49), *runner, {});
  std::vector<double> x = config.values;
  x[static_cast<std::size_t>(config.space.index_of("I_app.GPe"))] = 8.0;
  // 150 Hz with pulses of 7 ms overlap: dbs.width_ms is no free parameter, so set it in the
  // network the evaluator binds into.
  config.network["dbs"]["width_ms"] = 7.0;
  ModelEvaluator rejecting(config, rate_target(18, 49), *runner, {});
  x[static_cast<std::size_t>(config.space.index_of("dbs.frequency_hz"))] = 150.0;
  const auto out = rejecting.evaluate({x}, {1}, EvaluationStage::kFull);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_FALSE(out[0].feasible);
  EXPECT_NE(out[0].reason.find("the network rejects these parameters"), std::string::npos)
      << out[0].reason;
  EXPECT_NE(out[0].reason.find("dbs.width_ms"), std::string::npos) << out[0].reason;
  EXPECT_EQ(evaluator.error_names(), (std::vector<std::string>{"rate.GPe", "rate.STN"}));
}

TEST(BgConfig, ModelFieldAndShortNamesAndErrors) {
  ModelConfig config = load_model_config(tiny_config("config"));
  EXPECT_EQ(config.model_name, "basal_ganglia");
  EXPECT_EQ(duration_field(config), "duration_ms");
  EXPECT_EQ(config.space.size(), 12u);
  apply_overrides(config, {"offset_sd.GPe=0", "I_app.STN=30", "duration_ms=300"});
  const engine::bg::BgNetworkSpec net =
      engine::bg::parse_bg_network(config.bound_document(), "network");
  EXPECT_DOUBLE_EQ(net.populations[1].i_app_offset_sd, 0.0);
  EXPECT_DOUBLE_EQ(net.populations[0].i_app, 30.0);
  EXPECT_DOUBLE_EQ(net.duration_ms, 300.0);
  EXPECT_EQ(config.effective_document()["model"], "basal_ganglia");

  nlohmann::json doc = read_json(tiny_config("bad"));
  doc["model"] = "thalamus";
  try {
    parse_model_config(doc, "x.json");
    FAIL() << "no error";
  } catch (const base::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("model: must be balanced or basal_ganglia"),
              std::string::npos)
        << e.what();
  }
  doc["model"] = "basal_ganglia";
  doc["network"]["dt_ms"] = 0.05;
  try {
    parse_model_config(doc, "x.json");
    FAIL() << "no error";
  } catch (const base::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("dt_ms"), std::string::npos) << e.what();
  }
  EXPECT_THROW(config.bound_network(), base::ConfigError);
}

TEST(BgConfigs, TheThreeConfigsLoadWithTheirStates) {
  const std::string dir = std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/";
  auto bound = [&dir](const std::string& file) {
    return engine::bg::parse_bg_network(load_model_config(dir + file).bound_document(), "network");
  };
  const auto healthy = bound("bg_so2012_healthy.json");
  const auto pd = bound("bg_so2012_pd.json");
  const auto dbs = bound("bg_so2012_pd_dbs.json");
  for (const auto* net : {&healthy, &pd, &dbs}) {
    EXPECT_EQ(net->neuron_count(), 300u);
    EXPECT_DOUBLE_EQ(net->dt_ms, 0.01);
    EXPECT_DOUBLE_EQ(net->duration_ms, 5000.0);
    EXPECT_DOUBLE_EQ(net->burn_in_ms, 500.0);
    EXPECT_DOUBLE_EQ(net->cortical.weight, 0.0);  // So 2012 has no cortical drive
  }
  EXPECT_DOUBLE_EQ(healthy.populations[0].i_app, 33.0);
  EXPECT_DOUBLE_EQ(healthy.populations[1].i_app, 21.0);
  EXPECT_DOUBLE_EQ(healthy.populations[2].i_app, 22.0);
  EXPECT_DOUBLE_EQ(pd.populations[0].i_app, 23.0);
  EXPECT_DOUBLE_EQ(pd.populations[1].i_app, 8.0);
  EXPECT_DOUBLE_EQ(pd.populations[2].i_app, 16.0);
  EXPECT_FALSE(pd.dbs.enabled);
  EXPECT_TRUE(dbs.dbs.enabled);
  EXPECT_DOUBLE_EQ(dbs.dbs.frequency_hz, 130.0);
  EXPECT_DOUBLE_EQ(dbs.dbs.amplitude, 300.0);
  EXPECT_DOUBLE_EQ(dbs.dbs.width_ms, 0.3);
}

// DBS at 300 uA/cm^2 makes every STN cell fire once per pulse, so across a frequency sweep the
// STN rate follows the pulse rate: within 5 % at 100 and 130 Hz (1:1 locking), at or above the
// pulse rate at 40 Hz (the cells may fire between slow pulses). Checks the CLI end to end: grid,
// sweep.csv/json columns and the heat-map files.
TEST(BgSweep, StnRateFollowsTheDbsFrequency) {
  const std::string config = tiny_config("sweep");
  const std::string out = temp_path("sweep_out");
  const CommandResult r = run_spikefit(
      "sweep --config " + config + " --grid dbs.frequency_hz=40,100,130 --replicates 2" +
      " --plot rate.STN --plot error_index --out " + out + " --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("cell 3/3: dbs.frequency_hz=130"), std::string::npos) << r.output;
  const nlohmann::json doc = read_json(out + "/sweep.json");
  ASSERT_EQ(doc["cells"].size(), 3u);
  const std::vector<double> f = {40, 100, 130};
  for (std::size_t c = 0; c < 3; ++c) {
    const auto& cell = doc["cells"][c];
    EXPECT_EQ(cell["feasible"], 2);
    const double rate = cell["statistics"]["rate.STN"]["mean"].get<double>();
    if (f[c] >= 100) {
      EXPECT_NEAR(rate, f[c], 0.05 * f[c]) << "at " << f[c] << " Hz";
    } else {
      EXPECT_GE(rate, 0.95 * f[c]);
    }
    // the two replicates are two network realisations, the same in every cell
    EXPECT_NE(cell["evaluations"][0]["seed"], cell["evaluations"][1]["seed"]);
    EXPECT_EQ(cell["evaluations"][0]["seed"], doc["cells"][0]["evaluations"][0]["seed"]);
  }
  const std::string csv = base::read_text(out + "/sweep.csv");
  EXPECT_EQ(csv.rfind("dbs.frequency_hz,feasible,replicates,", 0), 0u) << csv;
  EXPECT_NE(csv.find("rate.STN_mean,rate.STN_se"), std::string::npos);
  EXPECT_NE(csv.find("\n130,2,2,"), std::string::npos) << csv;
  for (const char* file :
       {"/sweep_rate.STN.png", "/sweep_rate.STN.svg", "/sweep_error_index.png"}) {
    std::ifstream in(out + file);
    EXPECT_TRUE(in.good()) << file;
  }
}

TEST(BgSweep, GridErrorsAreNamed) {
  const std::string config = tiny_config("sweep_errors");
  const CommandResult unknown =
      run_spikefit("sweep --config " + config + " --grid dbs.pulse_hz=1,2");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("--grid dbs.pulse_hz: is not a free parameter"), std::string::npos)
      << unknown.output;
  const CommandResult range =
      run_spikefit("sweep --config " + config + " --grid dbs.frequency_hz=0:300:4");
  EXPECT_EQ(range.exit_code, 2);
  EXPECT_NE(range.output.find("value 0 is outside the parameter's range [5, 200]"),
            std::string::npos)
      << range.output;
  const CommandResult spec =
      run_spikefit("sweep --config " + config + " --grid dbs.frequency_hz=1:2");
  EXPECT_EQ(spec.exit_code, 2);
  EXPECT_NE(spec.output.find("a range is a:b:n"), std::string::npos) << spec.output;
}

TEST(BgSimulate, StatisticsTargetAndBackendChoice) {
  const std::string config = tiny_config("simulate", false);
  const std::string target = temp_path("target.json");
  std::ofstream(target) << nlohmann::json(
      {{"targets",
        {{"t",
          {{"n_neuron", 10},
           {"statistics",
            {{"rate.STN", {{"mean", 12.0}, {"var", 4.0}}},
             {"rate.GPe", {{"mean", 40.0}, {"var", 9.0}}}}}}}}}});
  const std::string out = temp_path("simulate_out.json");
  const CommandResult r =
      run_spikefit("simulate --config " + config + " --trials 2 --stats --target " + target +
                   " --target-name t --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("rate STN"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("trial 1: cost"), std::string::npos) << r.output;
  const nlohmann::json doc = read_json(out);
  ASSERT_EQ(doc["trials"].size(), 2u);
  const auto& t = doc["trials"][0];
  EXPECT_EQ(t["status"], "ok");
  EXPECT_GT(t["smc_pulses"].get<int>(), 0);
  // amplitude 0: the pulses are there, silent; every round(1000 / 130 / 0.025) = 308 steps
  EXPECT_EQ(t["dbs_pulses"], 65);
  const double rate = t["statistics"]["rate.STN"].get<double>();
  // bg_statistics divides by the simulated window (steps 1 .. steps - 1), the summary by the
  // planned one: they differ by one step of 400 ms
  EXPECT_NEAR(rate, t["rates_hz"]["STN"].get<double>() * 400.0 / 399.975, 1e-9 * rate);
  const double gpe = t["statistics"]["rate.GPe"].get<double>();
  const double cost = ((rate - 12) * (rate - 12) / 4 + (gpe - 40) * (gpe - 40) / 9) / 2;
  EXPECT_NEAR(t["cost"].get<double>(), cost, 1e-9 * cost);
  EXPECT_TRUE(t["statistics"].contains("error_index"));
  EXPECT_TRUE(t["statistics"].contains("beta.STN"));  // null: shorter than one 1-s segment

  const CommandResult cuda = run_spikefit("simulate --config " + config + " --backend cuda");
  const engine::CudaDeviceStatus device = engine::cuda_device_status();
  if (device.usable) {
    EXPECT_EQ(cuda.exit_code, 0) << cuda.output;
  } else {
    EXPECT_NE(cuda.exit_code, 0);
    EXPECT_NE(cuda.output.find(device.reason), std::string::npos) << cuda.output;
  }
}

// The BG statistics use every cell: the neuron-draw flags of the balanced networks are refused
// by name instead of being ignored.
TEST(BgSimulate, NeuronDrawFlagsAreRefusedByName) {
  const std::string config = tiny_config("refuse", false);
  for (const std::string flag : {"--neurons 20", "--draws 3", "--dimension eigen_threshold"}) {
    const CommandResult r = run_spikefit("simulate --config " + config + " --stats " + flag);
    EXPECT_EQ(r.exit_code, 2) << flag;
    const std::string name = flag.substr(0, flag.find(' '));
    EXPECT_NE(r.output.find(name + ": sets the neuron draws of the balanced networks"),
              std::string::npos)
        << r.output;
  }
  const CommandResult sweep =
      run_spikefit("sweep --config " + config + " --grid dbs.frequency_hz=40,100 --neurons 20");
  EXPECT_EQ(sweep.exit_code, 2);
  EXPECT_NE(sweep.output.find("--neurons: sets the neuron draws"), std::string::npos)
      << sweep.output;
#ifdef SPIKEFIT_HAVE_TORCH  // `fit` needs the LibTorch surrogate (not in the sanitize preset)
  const CommandResult fit = run_spikefit(
      "fit --config " + config + " --target " + std::string(SPIKEFIT_SOURCE_DIR) +
      "/experiments/targets/bg_primate_targets.json --target-name pd_primate --study " +
      ::testing::TempDir() + "spikefit_refused_fit.sqlite --draws 3");
  EXPECT_EQ(fit.exit_code, 2);
  EXPECT_NE(fit.output.find("--draws: sets the neuron draws"), std::string::npos) << fit.output;
#endif
}

}  // namespace
}  // namespace spikefit::experiments
