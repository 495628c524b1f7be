#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandResult run(const std::string& arguments) {
  const std::string command = std::string(SPIKEFIT_BINARY) + " " + arguments + " 2>&1";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "spikefit_cli_" + name;
}

const std::string kCbn = std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/snops_cbn.json";

TEST(SimulateCli, SameSeedGivesIdenticalJson) {
  const std::string a = temp_path("a.json"), b = temp_path("b.json");
  const std::string args =
      "simulate --config " + kCbn + " --trials 2 --duration-ms 600 --seed 7 --out ";
  ASSERT_EQ(run(args + a).exit_code, 0);
  ASSERT_EQ(run(args + b + " --threads 1").exit_code, 0);
  const std::string first = read_file(a);
  EXPECT_EQ(first, read_file(b));
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
  const std::string args = "simulate --config " + kCbn + " --duration-ms 600 --seed 3 ";
  ASSERT_EQ(run(args + "--trials 3 --out " + batch).exit_code, 0);
  ASSERT_EQ(run(args + "--trials 1 --first-trial 2 --out " + alone).exit_code, 0);
  const auto in_batch = nlohmann::json::parse(read_file(batch))["trials"][2];
  const auto rerun = nlohmann::json::parse(read_file(alone))["trials"][0];
  EXPECT_EQ(in_batch, rerun);
  EXPECT_EQ(rerun["trial"], 2);
}

TEST(SimulateCli, ParameterOverrideChangesTheRun) {
  const std::string a = temp_path("set.json");
  const CommandResult r = run("simulate --config " + kCbn +
                              " --duration-ms 600 --set JrEX=60 --set taudsynI=4 --out " + a);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto doc = nlohmann::json::parse(read_file(a));
  EXPECT_EQ(doc["parameters"]["JrEX"], 60);
  EXPECT_EQ(doc["parameters"]["taudsynI"], 4);
}

TEST(SimulateCli, ConfigErrorsNameTheFieldAndExitWith2) {
  nlohmann::json config = nlohmann::json::parse(read_file(kCbn));
  config["network"]["populations"][0]["params"]["t_ref_ms"] = "long";
  const std::string bad = temp_path("bad.json");
  std::ofstream(bad) << config.dump();
  CommandResult r = run("simulate --config " + bad);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("network.populations[0].params.t_ref_ms: must be a number, got \"long\""),
            std::string::npos)
      << r.output;
  r = run("simulate --config " + kCbn + " --set JrEI=5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("parameter JrEI: value 5 is outside its range [-150, 0]"),
            std::string::npos)
      << r.output;
  std::ofstream(bad) << "{ not json";
  r = run("simulate --config " + bad);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("not valid JSON"), std::string::npos) << r.output;
}

TEST(SimulateCli, VersionSaysWhetherCudaIsCompiledIn) {
  const CommandResult r = run("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("spikefit 0.1.0 (CUDA backend: "), std::string::npos) << r.output;
}

}  // namespace
