// `--backend cuda` end to end through the program, on the CPU-emulated device
// (spikefit-emulated, ctest label gpu-emulated): `simulate` gives the CPU backend's trials, and
// a tiny `fit` runs its evaluations on the emulated device.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"
#include "small_configs.hpp"

namespace spikefit::cli_test {
namespace {

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "spikefit_emulated_" + std::to_string(getpid()) + "_" + name;
}

// The CBN config at 400 E, 100 I, 400 X cells and 1500 ms (as the TinyFit tests), with two free
// parameters.
std::string small_config() {
  nlohmann::json config = testing::small_cbn_config(1500, 100);
  config["name"] = "emulated_cbn";
  const std::string path = temp_path("cbn.json");
  std::ofstream(path) << config.dump(2);
  return path;
}

TEST(EmulatedCli, SimulateOnTheCudaBackendGivesTheCpuTrials) {
  const std::string config = small_config();
  const std::string cuda_out = temp_path("cuda.json"), cpu_out = temp_path("cpu.json");
  const std::string common = "simulate --config " + config + " --trials 3 --seed 4 --out ";
  const CommandResult cuda = run_spikefit(common + cuda_out + " --backend cuda");
  ASSERT_EQ(cuda.exit_code, 0) << cuda.output;
  const CommandResult cpu = run_spikefit(common + cpu_out + " --backend cpu");
  ASSERT_EQ(cpu.exit_code, 0) << cpu.output;
  const nlohmann::json a = read_json_file(cuda_out), b = read_json_file(cpu_out);
  EXPECT_EQ(a["backend"], "cuda");
  EXPECT_EQ(b["backend"], "cpu");
  ASSERT_EQ(a["trials"].size(), 3u);
  EXPECT_GT(a["trials"][0]["spikes"].get<double>(), 100.0);
  // The emulated device computes exp with glibc, so even the exact-exp network is bitwise equal.
  EXPECT_EQ(a["trials"], b["trials"]);
}

TEST(EmulatedCli, ATinyFitRunsItsEvaluationsOnTheCudaBackend) {
  const std::string config = small_config();
  const std::string target = temp_path("target.json"), study = temp_path("study.sqlite");
  std::remove(study.c_str());
  const std::string statistics = " --neurons 20 --draws 2 --dimension eigen_threshold";
  const CommandResult made = run_spikefit("targets --name tiny --out " + target + " --config " +
                                          config + " --set JrEX=60 --repeats 4 --backend cpu" +
                                          statistics + " --statistics rate,fano,rsc_fisher_z");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  const CommandResult fit = run_spikefit(
      "fit --config " + config + " --target " + target + " --target-name tiny --study " + study +
      statistics + " --seed 3 --batch 2 --initial 2 --max-evals 4 --backend cuda");
  ASSERT_EQ(fit.exit_code, 0) << fit.output;
  EXPECT_NE(fit.output.find("cuda"), std::string::npos) << fit.output;
  EXPECT_NE(fit.output.find("spikefit CUDA emulation"), std::string::npos) << fit.output;
}

}  // namespace
}  // namespace spikefit::cli_test
