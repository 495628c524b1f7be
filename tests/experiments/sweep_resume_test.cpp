// A sweep killed at any moment continues with --resume and writes what an uninterrupted sweep
// writes (sweep_journal.hpp); a journal is never resumed by a different sweep.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"
#include "small_configs.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/study/sweep_journal.hpp"
#include "without_wall_times.hpp"

namespace spikefit::experiments {
namespace {

using cli_test::CommandResult;
using cli_test::run_spikefit;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "spikefit_sweep_resume_" + std::to_string(getpid()) + "_" + name;
}

std::size_t line_count(const std::string& path) {
  std::ifstream in(path);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

using testing::without_wall_times;

class SweepResume : public ::testing::Test {
 protected:
  void SetUp() override {
    nlohmann::json config = testing::small_cbn_config(800, 100);
    config["name"] = "sweep_resume_cbn";
    std::ofstream(config_) << config.dump(2);
  }
  std::string args(const std::string& out, int replicates = 2) const {
    return "sweep --config " + config_ + " --grid JrEX=40:80:6 --replicates " +
           std::to_string(replicates) +
           " --chunk 2 --threads 1 --seed 3 --neurons 20 "
           "--draws 2 --dimension eigen_threshold --out " +
           out;
  }
  const std::string config_ = temp_path("cbn.json");
};

TEST_F(SweepResume, AKilledSweepResumesToTheSameResult) {
  const std::string whole = temp_path("whole"), killed = temp_path("killed");
  std::filesystem::remove_all(whole);
  std::filesystem::remove_all(killed);
  const CommandResult uninterrupted = run_spikefit(args(whole));
  ASSERT_EQ(uninterrupted.exit_code, 0) << uninterrupted.output;
  EXPECT_FALSE(std::ifstream(whole + "/sweep.journal").good());  // removed once written

  const pid_t pid = cli_test::spawn_spikefit(args(killed));
  const std::string journal = killed + "/sweep.journal";
  for (int wait = 0; wait < 12000 && line_count(journal) < 3; ++wait) usleep(10000);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  const std::size_t finished = line_count(journal) - 1;  // the first line is the identity
  ASSERT_GE(finished, 2u);
  ASSERT_LT(finished, 6u) << "the sweep ended before the kill";

  const CommandResult again = run_spikefit(args(killed));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.output.find("holds an unfinished sweep: pass --resume"), std::string::npos)
      << again.output;
  const CommandResult other = run_spikefit(args(killed, 3) + " --resume");
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.output.find("is a different sweep (differs in replicates)"), std::string::npos)
      << other.output;

  const CommandResult resumed = run_spikefit(args(killed) + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming: " + std::to_string(finished) + " cells"),
            std::string::npos)
      << resumed.output;
  EXPECT_EQ(resumed.output.find("cell 1/6"), std::string::npos) << "a finished cell ran again";
  EXPECT_EQ(without_wall_times(cli_test::read_json_file(killed + "/sweep.json")),
            without_wall_times(cli_test::read_json_file(whole + "/sweep.json")));
  EXPECT_FALSE(std::ifstream(journal).good());
}

TEST(SweepJournal, OutcomesRoundTripWithNaNs) {
  EvaluationOutcome o;
  o.feasible = true;
  o.cost = 0.1 + 0.2;
  o.errors = {1.0 / 3.0, std::numeric_limits<double>::quiet_NaN()};
  o.statistics = {{"rate", 12.345678901234567}, {"per_population", {{"rate.E", 3.0}}}};
  o.wall_s = 0.25;
  const EvaluationOutcome back = outcome_from_json(nlohmann::json::parse(outcome_json(o).dump()));
  EXPECT_EQ(back.feasible, o.feasible);
  EXPECT_EQ(back.cost, o.cost);
  EXPECT_EQ(back.errors[0], o.errors[0]);
  EXPECT_TRUE(std::isnan(back.errors[1]));
  EXPECT_EQ(back.statistics, o.statistics);
  EXPECT_EQ(back.wall_s, o.wall_s);
}

TEST(SweepJournal, ALineCutShortByAKillIsDropped) {
  const std::string path = temp_path("cut.journal");
  const nlohmann::json identity = {{"spikefit_sweep", 1}, {"seed", "3"}};
  {
    SweepJournal journal(path, identity, false);
    EvaluationOutcome o;
    o.feasible = true;
    o.cost = 2.0;
    journal.append(4, {o, o});
  }
  std::ofstream(path, std::ios::app) << R"({"cell": 5, "outcomes": [{"feasi)";
  SweepJournal resumed(path, identity, true);
  ASSERT_EQ(resumed.finished().size(), 1u);
  EXPECT_EQ(resumed.finished().at(4).size(), 2u);
  EXPECT_EQ(resumed.finished().at(4)[1].cost, 2.0);
  EXPECT_EQ(line_count(path), 2u);  // the cut line is gone from the file too
  resumed.remove();
  EXPECT_FALSE(std::ifstream(path).good());
}

}  // namespace
}  // namespace spikefit::experiments
