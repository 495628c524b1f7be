#pragma once

// The tiny CBN fit of the fit CLI tests (fit_cli_test.cpp, pareto_cli_test.cpp): a scaled-down
// config, a target made from it, and the temp paths the tests write.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_runner.hpp"
#include "small_configs.hpp"

namespace spikefit::experiments::tiny_fit {

using cli_test::CommandResult;
using cli_test::run_spikefit;

inline std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "spikefit_fit_cli_" + name;
}

inline std::string fresh(const std::string& name) {
  const std::string path = temp_path(name);
  std::remove(path.c_str());
  return path;
}

inline bool non_empty_file(const std::string& path) {
  struct stat s;
  return stat(path.c_str(), &s) == 0 && s.st_size > 0;
}

// A scaled-down CBN (400 E, 100 I, 400 X, 1.5-s runs, 100-ms bins) with two free parameters,
// and a target made from 4 simulations of it at JrEX = 60, taudsynI = 8: statistics of 20-cell
// draws (cheap enough for a test, same pipeline as the full demo).
class TinyFit : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    nlohmann::json config = testing::small_cbn_config(1500, 100);
    config["name"] = "tiny_cbn";
    std::ofstream(config_path()) << config.dump(2);
    std::remove(target_path().c_str());
    const CommandResult r = run_spikefit(
        "targets --name tiny --out " + target_path() + " --config " + config_path() +
        " --set JrEX=60 --repeats 4 " + kStatistics + " --statistics rate,fano,rsc_fisher_z");
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  // Per process: ctest runs the tests of this suite in parallel processes.
  static std::string config_path() {
    return temp_path("tiny_cbn_" + std::to_string(getpid()) + ".json");
  }
  static std::string target_path() {
    return temp_path("tiny_target_" + std::to_string(getpid()) + ".json");
  }
  static constexpr const char* kStatistics = "--neurons 20 --draws 2 --dimension eigen_threshold";
  static std::string fit_args(const std::string& study) {
    return "fit --config " + config_path() + " --target " + target_path() +
           " --target-name tiny --study " + study + " " + kStatistics + " --seed 5 ";
  }
};

}  // namespace spikefit::experiments::tiny_fit
