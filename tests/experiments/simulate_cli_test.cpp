#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include "cli_runner.hpp"
#include "spikefit/base/text_files.hpp"

namespace {

using namespace spikefit::cli_test;

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "spikefit_cli_" + name;
}

const std::string kCbn = std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/snops_cbn.json";

TEST(SimulateCli, SameSeedGivesIdenticalJson) {
  const std::string a = temp_path("a.json"), b = temp_path("b.json");
  const std::string args =
      "simulate --config " + kCbn + " --trials 2 --duration-ms 600 --seed 7 --out ";
  ASSERT_EQ(run_spikefit(args + a).exit_code, 0);
  ASSERT_EQ(run_spikefit(args + b + " --threads 1").exit_code, 0);
  const std::string first = spikefit::base::read_text(a);
  EXPECT_EQ(first, spikefit::base::read_text(b));
  const nlohmann::json doc = nlohmann::json::parse(first);
  EXPECT_EQ(doc["backend"], "cpu");
  EXPECT_EQ(doc["trials"].size(), 2u);
  EXPECT_EQ(doc["trials"][0]["status"], "ok");
  EXPECT_GT(doc["trials"][0]["rate_e_hz"].get<double>(), 1.0);
  EXPECT_GT(doc["trials"][0]["rate_i_hz"].get<double>(), 1.0);
  EXPECT_EQ(doc["parameters"]["JrEE"], 20);
  EXPECT_FALSE(doc["trials"][0].contains("wall_s"));
}

TEST(SimulateCli, TrialRerunAloneMatchesItsBatchEntry) {
  const std::string batch = temp_path("batch.json"), alone = temp_path("alone.json");
  const std::string args = "simulate --config " + kCbn + " --duration-ms 200 --seed 3 ";
  ASSERT_EQ(run_spikefit(args + "--trials 3 --out " + batch).exit_code, 0);
  ASSERT_EQ(run_spikefit(args + "--trials 1 --first-trial 2 --out " + alone).exit_code, 0);
  const auto in_batch = nlohmann::json::parse(spikefit::base::read_text(batch))["trials"][2];
  const auto rerun = nlohmann::json::parse(spikefit::base::read_text(alone))["trials"][0];
  EXPECT_EQ(in_batch, rerun);
  EXPECT_EQ(rerun["trial"], 2);
}

// Trials stream through chunks; the chunk size changes nothing in the output.
TEST(SimulateCli, ChunksOfOneTrialGiveTheSameOutputAsTheDefault) {
  const std::string whole = temp_path("chunk_default.json"), ones = temp_path("chunk_one.json");
  const std::string args = "simulate --config " + kCbn + " --trials 3 --duration-ms 150 --seed 4 ";
  ASSERT_EQ(run_spikefit(args + "--out " + whole).exit_code, 0);
  const CommandResult r = run_spikefit(args + "--chunk 1 --out " + ones);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(spikefit::base::read_text(whole), spikefit::base::read_text(ones));
  EXPECT_EQ(nlohmann::json::parse(spikefit::base::read_text(ones))["trials"].size(), 3u);
}

// An output that cannot fit on the disk is refused after the first chunk, before the long run.
TEST(SimulateCli, AnOutputLargerThanTheDiskIsRefusedEarly) {
  const std::string out = temp_path("too_large.json");
  std::remove(out.c_str());
  const CommandResult r = run_spikefit("simulate --config " + kCbn +
                                       " --trials 1000000000000 --duration-ms 20 --out " + out);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("--trials"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("free where " + out + " goes"), std::string::npos) << r.output;
  EXPECT_FALSE(std::ifstream(out).good());
  EXPECT_FALSE(std::ifstream(out + ".trials.partial").good());
}

TEST(SimulateCli, ParameterOverrideChangesTheRun) {
  const std::string a = temp_path("set.json");
  const CommandResult r = run_spikefit(
      "simulate --config " + kCbn + " --duration-ms 100 --set JrEX=60 --set taudsynI=4 --out " + a);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto doc = nlohmann::json::parse(spikefit::base::read_text(a));
  EXPECT_EQ(doc["parameters"]["JrEX"], 60);
  EXPECT_EQ(doc["parameters"]["taudsynI"], 4);
}

TEST(SimulateCli, ConfigErrorsNameTheFieldAndExitWith2) {
  nlohmann::json config = nlohmann::json::parse(spikefit::base::read_text(kCbn));
  config["network"]["populations"][0]["params"]["t_ref_ms"] = "long";
  const std::string bad = temp_path("bad.json");
  std::ofstream(bad) << config.dump();
  CommandResult r = run_spikefit("simulate --config " + bad);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("network.populations[0].params.t_ref_ms: must be a number, got \"long\""),
            std::string::npos)
      << r.output;
  r = run_spikefit("simulate --config " + kCbn + " --set JrEI=5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("parameter JrEI: value 5 is outside its range [-150, 0]"),
            std::string::npos)
      << r.output;
  std::ofstream(bad) << "{ not json";
  r = run_spikefit("simulate --config " + bad);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("not valid JSON"), std::string::npos) << r.output;
}

TEST(SimulateCli, VersionSaysWhetherCudaIsCompiledIn) {
  const CommandResult r = run_spikefit("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("spikefit 0.1.0 (CUDA backend: "), std::string::npos) << r.output;
}

}  // namespace
