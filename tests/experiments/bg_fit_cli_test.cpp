#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {
namespace {

using namespace spikefit::cli_test;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "spikefit_bg_fit_" + std::to_string(getpid()) + "_" + name;
}

// bg_so2012_pd.json at 10 STN / 20 GPe / 15 GPi / 15 TC, dt 0.025 ms, 400 ms with 100 ms burn-in,
// three free parameters (the drives), and a target of STN and GPe rates: written to temp files.
struct TinyBg {
  std::string config_path = temp_path("config.json");
  std::string target_path = temp_path("target.json");
  TinyBg() {
    std::ifstream in(std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/bg_so2012_pd.json");
    nlohmann::json config = nlohmann::json::parse(in);
    auto& net = config["network"];
    const std::map<std::string, int> sizes = {{"STN", 10}, {"GPe", 20}, {"GPi", 15}, {"TC", 15}};
    for (auto& p : net["populations"]) p["size"] = sizes.at(p["name"].get<std::string>());
    net["dt_ms"] = 0.025;
    net["duration_ms"] = 400.0;
    net["burn_in_ms"] = 100.0;
    nlohmann::json kept = nlohmann::json::array();
    for (const auto& p : config["parameters"]) {
      if (p["name"].get<std::string>().rfind("I_app.", 0) == 0) kept.push_back(p);
    }
    config["parameters"] = kept;
    std::ofstream(config_path) << config.dump(1);
    std::ofstream(target_path) << nlohmann::json(
        {{"targets",
          {{"rates",
            {{"n_neuron", 10},
             {"statistics",
              {{"rate.STN", {{"mean", 20.0}, {"var", 4.0}}},
               {"rate.GPe", {{"mean", 50.0}, {"var", 9.0}}}}}}}}}});
  }
  std::string fit_args(const std::string& study) const {
    return "fit --config " + config_path + " --target " + target_path +
           " --target-name rates --study " + study + " ";
  }
};

// The whole fit -> storage -> report path of a BG config, fitted to STN and GPe rates.
TEST(BgFit, ATinyFitStoresBgStatisticsAndItsReportReproducesTheIncumbent) {
  const TinyBg bg;
  const std::string study = temp_path("study.sqlite");
  std::remove(study.c_str());
  const CommandResult r =
      run_spikefit(bg.fit_args(study) + "--batch 3 --initial 3 --max-evals 6 --seed 3 --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("stopped: evaluation budget after 6 evaluations"), std::string::npos)
      << r.output;
  const StudyStorage storage = StudyStorage::open(study);
  const auto evaluations = storage.evaluations();
  ASSERT_EQ(evaluations.size(), 6u);
  int feasible = 0;
  for (const auto& e : evaluations) {
    EXPECT_TRUE(e.statistics.contains("rate.GPi")) << e.statistics.dump();
    EXPECT_TRUE(e.statistics.contains("error_index"));
    if (!e.feasible) continue;
    ++feasible;
    const double stn = e.statistics["rate.STN"].get<double>();
    const double gpe = e.statistics["rate.GPe"].get<double>();
    EXPECT_NEAR(e.cost, ((stn - 20) * (stn - 20) / 4 + (gpe - 50) * (gpe - 50) / 9) / 2,
                1e-9 * (1 + e.cost));
  }
  EXPECT_GT(feasible, 0);
  EXPECT_EQ(storage.study()["effective_config"]["model"], "basal_ganglia");

  const std::string out = temp_path("report");
  const CommandResult report = run_spikefit("report --study " + study + " --out " + out);
  ASSERT_EQ(report.exit_code, 0) << report.output;
  std::ifstream report_json(out + "/report.json");
  const nlohmann::json doc = nlohmann::json::parse(report_json);
  ASSERT_FALSE(doc["raster"].is_null());
  EXPECT_EQ(doc["raster"]["neurons"], 60);
  EXPECT_DOUBLE_EQ(doc["raster"]["resimulated_cost"].get<double>(),
                   doc["raster"]["stored_cost"].get<double>());
}

// A Pareto fit of a BG config: one objective per population rate, each that rate's normalised
// error; a statistic the target lacks is a usage error naming it.
TEST(BgFit, AParetoFitStoresOneObjectivePerRate) {
  const TinyBg bg;
  const std::string study = temp_path("pareto.sqlite");
  std::remove(study.c_str());
  const CommandResult r = run_spikefit(bg.fit_args(study) +
                                       "--batch 3 --initial 3 --max-evals 6 --seed 3 --threads 2 "
                                       "--objectives 'rate.STN;rate.GPe' --strategy parego");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Pareto front: "), std::string::npos) << r.output;
  int feasible = 0;
  for (const auto& e : StudyStorage::open(study).evaluations()) {
    ASSERT_EQ(e.objectives.size(), 2u);
    if (!e.feasible) continue;
    ++feasible;
    const double stn = e.statistics["rate.STN"].get<double>();
    const double gpe = e.statistics["rate.GPe"].get<double>();
    EXPECT_NEAR(e.objectives[0], (stn - 20) * (stn - 20) / 4, 1e-9 * (1 + e.objectives[0]));
    EXPECT_NEAR(e.objectives[1], (gpe - 50) * (gpe - 50) / 9, 1e-9 * (1 + e.objectives[1]));
  }
  EXPECT_GT(feasible, 0);

  std::remove(study.c_str());
  const CommandResult missing =
      run_spikefit(bg.fit_args(study) + "--objectives 'rate.STN,rate.GPe;beta.STN'");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("no statistic 'beta.STN' (it has: rate.GPe, rate.STN)"),
            std::string::npos)
      << missing.output;
}

}  // namespace
}  // namespace spikefit::experiments
