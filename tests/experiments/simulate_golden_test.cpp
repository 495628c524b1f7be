// `spikefit simulate` gives the same bytes as before the issue-13 restructure: the five bundled
// configs at fixed seeds, statistics included, against outputs of the old binary
// (scripts/fixtures/simulate_golden.sh made them).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_runner.hpp"

namespace spikefit::cli_test {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The golden files name their config by its path relative to the source tree; the test gives the
// absolute path. Only that line may differ.
std::string relative_config_line(std::string text, const std::string& config) {
  const std::string absolute = std::string(SPIKEFIT_SOURCE_DIR) + "/" + config;
  const std::size_t at = text.find("\"config\": \"" + absolute + "\"");
  if (at != std::string::npos) text.replace(at + 11, absolute.size(), config);
  return text;
}

void expect_same_bytes(const std::string& name, const std::string& duration_ms) {
  const std::string config = "experiments/configs/" + name + ".json";
  const std::string out = ::testing::TempDir() + "golden_" + name + ".json";
  const CommandResult r = run_spikefit("simulate --config " + std::string(SPIKEFIT_SOURCE_DIR) +
                                       "/" + config + " --trials 2 --duration-ms " + duration_ms +
                                       " --seed 3 --threads 2 --backend cpu --stats --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string golden = read_file(std::string(SPIKEFIT_SOURCE_DIR) +
                                       "/tests/fixtures/simulate_golden/" + name + ".json");
  ASSERT_FALSE(golden.empty());
  EXPECT_EQ(relative_config_line(read_file(out), config), golden) << name;
  std::remove(out.c_str());
}

TEST(SimulateGolden, ClusteredBalancedNetwork) {
  expect_same_bytes("snops_cbn", "1200");
}
TEST(SimulateGolden, SpatialBalancedNetwork) {
  expect_same_bytes("snops_sbn", "1200");
}
TEST(SimulateGolden, BasalGangliaHealthy) {
  expect_same_bytes("bg_so2012_healthy", "600");
}
TEST(SimulateGolden, BasalGangliaParkinsonian) {
  expect_same_bytes("bg_so2012_pd", "600");
}
TEST(SimulateGolden, BasalGangliaParkinsonianWithDbs) {
  expect_same_bytes("bg_so2012_pd_dbs", "600");
}

}  // namespace
}  // namespace spikefit::cli_test
