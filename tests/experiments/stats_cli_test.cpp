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

const std::string kRecorded = kSource + "/tests/fixtures/recorded/";

#ifdef SPIKEFIT_HAVE_NWB
TEST(StatsCli, NwbUnitsOfOneElectrodeGroupOverAnInterval) {
  const std::string out = temp("nwb_stats.json");
  std::string text;
  ASSERT_EQ(spikefit_exit_code("stats --nwb " + kRecorded +
                                   "units_two_groups.nwb --electrode-group shank1 --interval 1,9 "
                                   "--bin-ms 100 --draws 1 --out " +
                                   out,
                               &text),
            0)
      << text;
  const auto doc = read_json_file(out);
  EXPECT_EQ(doc["neurons"], 3);
  EXPECT_EQ(doc["bins"], 80);
  EXPECT_GT(doc["statistics"]["rate"].get<double>(), 0.0);
  EXPECT_TRUE(doc["statistics"]["cv_isi"].is_number());  // spike times give ISIs
}

TEST(TargetsCli, NwbRecordingMakesATargetAndBadFilesExitTwo) {
  const std::string out = temp("nwb_targets.json");
  std::remove(out.c_str());
  std::string text;
  ASSERT_EQ(spikefit_exit_code("targets --name session --out " + out + " --nwb " + kRecorded +
                                   "units_two_groups.nwb --units 10,11,13,14 --bin-ms 250 "
                                   "--repeats 3 --statistics rate,fano",
                               &text),
            0)
      << text;
  const auto targets = spikefit::stats::load_targets(out);
  const auto& t = targets.at("session");
  EXPECT_EQ(t.provenance["source"]["kind"], "recorded");
  EXPECT_EQ(t.statistics.size(), 2u);
  EXPECT_EQ(spikefit_exit_code("stats --nwb " + kRecorded + "units_bad_index.nwb", &text), 2);
  EXPECT_NE(text.find("units_bad_index.nwb:/units/spike_times_index: row 5 ends at"),
            std::string::npos)
      << text;
  EXPECT_EQ(
      spikefit_exit_code("stats --counts " + kRecorded + "units_two_groups.json --units 1", &text),
      2);
  EXPECT_NE(text.find("--units/--electrode-group/--interval: apply to --nwb only"),
            std::string::npos)
      << text;
}
#endif

#ifdef SPIKEFIT_HAVE_MATIO
TEST(StatsCli, MatlabV5AndV73FilesGiveTheSameStatistics) {
  std::vector<nlohmann::json> docs;
  for (const std::string file : {"recorded_v5.mat", "recorded_v73.mat"}) {
    const std::string out = temp("mat_stats.json");
    std::string text;
    ASSERT_EQ(spikefit_exit_code("stats --mat " + kRecorded + file +
                                     " --var counts --bin-ms 50 --draws 1 --out " + out,
                                 &text),
              0)
        << text;
    docs.push_back(read_json_file(out));
  }
  EXPECT_EQ(docs[0]["neurons"], 8);
  EXPECT_EQ(docs[0]["bins"], 30);
  EXPECT_EQ(docs[0]["statistics"], docs[1]["statistics"]);
  std::string text;
  EXPECT_EQ(spikefit_exit_code("stats --mat " + kRecorded + "recorded_v5.mat", &text), 2);
  EXPECT_NE(text.find("--mat/--var: give both"), std::string::npos) << text;
}
#endif

}  // namespace
