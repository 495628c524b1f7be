#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_runner.hpp"
#include "fixtures.hpp"
#include "spikefit/stats/population_statistics.hpp"
#include "spikefit/stats/target.hpp"

namespace {

using namespace spikefit::cli_test;

std::string temp(const std::string& name) {
  return ::testing::TempDir() + "spikefit_cli_" + name;
}

const std::string kSource = SPIKEFIT_SOURCE_DIR;

TEST(StatsCli, CountsCsvGivesTheStatisticsOfTheMatrix) {
  const Eigen::MatrixXd y =
      spikefit::testing::to_matrix(spikefit::testing::fixture("stats/counts_fa_model.json")["Y"])
          .array()
          .round()
          .max(0.0);
  const std::string csv = temp("counts.csv"), out = temp("stats.json");
  {
    std::ofstream f(csv);
    for (Eigen::Index i = 0; i < y.rows(); ++i) {
      for (Eigen::Index j = 0; j < y.cols(); ++j) f << (j ? "," : "") << y(i, j);
      f << "\n";
    }
  }
  ASSERT_EQ(spikefit_exit_code("stats --counts " + csv + " --draws 1 --out " + out), 0);
  const auto s = read_json_file(out)["statistics"];
  EXPECT_NEAR(s["fano"].get<double>(), spikefit::stats::mean_fano(y), 1e-12);
  EXPECT_NEAR(s["rsc_fisher_z"].get<double>(), spikefit::stats::mean_rsc_fisher_z(y), 1e-12);
  EXPECT_EQ(s["d_shared"], 4.0);
  EXPECT_TRUE(s["cv_isi"].is_null());  // counts carry no spike times
}

TEST(StatsCli, SimulateWithTargetAddsCostErrorsAndFeasibility) {
  const std::string out = temp("sim_stats.json");
  std::string text;
  ASSERT_EQ(spikefit_exit_code(
                "simulate --config " + kSource + "/experiments/configs/snops_cbn.json " +
                    "--duration-ms 1500 --trials 2 --stats --neurons 20 --draws 2 --target " +
                    kSource + "/experiments/targets/snops_demo_targets.json " +
                    "--target-name short_demo_sbn_simu --out " + out,
                &text),
            0)
      << text;
  const auto doc = read_json_file(out);
  for (const auto& t : doc["trials"]) {
    EXPECT_TRUE(t["feasible"].is_boolean());
    ASSERT_TRUE(t.contains("statistics"));
    EXPECT_GT(t["statistics"]["rate"].get<double>(), 0);
    if (t["feasible"].get<bool>()) {
      EXPECT_GT(t["cost"].get<double>(), 0);
      EXPECT_EQ(t["errors"].size(), 6u);
    } else {
      EXPECT_TRUE(t.contains("reason"));
    }
  }
  EXPECT_NE(text.find("trial 0: "), std::string::npos);
}

TEST(StatsCli, UnknownTargetNameIsAClearError) {
  std::string text;
  EXPECT_EQ(
      spikefit_exit_code("simulate --config " + kSource + "/experiments/configs/snops_cbn.json " +
                             "--duration-ms 600 --target " + kSource +
                             "/experiments/targets/snops_demo_targets.json --target-name nope",
                         &text),
      2);
  EXPECT_NE(text.find("no target named 'nope' (the file has: demo_sbn_simu_1"), std::string::npos)
      << text;
}

TEST(TargetsCli, RepeatedSimulationsMakeALoadableTarget) {
  const std::string out = temp("targets.json");
  std::remove(out.c_str());
  std::string text;
  ASSERT_EQ(
      spikefit_exit_code("targets --name cbn_short --out " + out + " --config " + kSource +
                             "/experiments/configs/snops_cbn.json --duration-ms 1500 --repeats 3 " +
                             "--neurons 20 --draws 2 --statistics rate,fano,rsc_fisher_z,rate.I",
                         &text),
      0)
      << text;
  const auto targets = spikefit::stats::load_targets(out);
  const auto& t = targets.at("cbn_short");
  ASSERT_EQ(t.statistics.size(), 4u);
  EXPECT_EQ(t.statistics[0].name, "rate");
  EXPECT_GT(t.statistics[0].mean[0], 5.0);  // the synchronous CBN default fires at ~18 Hz
  EXPECT_GT(t.statistics[0].var, 0.0);
  EXPECT_EQ(t.provenance["source"]["kind"], "simulation");
}

}  // namespace
