#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tiny_fit.hpp"

// The surrogate-training workflow end to end on the tiny CBN: `dataset` (resume, extension, the
// refusals), `dataset-csv`.
namespace spikefit::experiments::tiny_fit {
namespace {

class SurrogateCli : public TinyFit {
 protected:
  static std::string dataset_args(const std::string& out) {
    return "dataset --config " + config_path() + " " + kStatistics +
           " --seed 3 --threads 2 --out " + out;
  }
};

int lines_of(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) ++n;
  return n;
}

TEST_F(SurrogateCli, DatasetResumesExtendsAndRefusesAnotherDesign) {
  const std::string dataset = fresh("dataset_extend.sqlite");
  CommandResult r = run_spikefit(dataset_args(dataset) + " --points 3 --replicates 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("dataset: 6 trials (6 new)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("trials 6/6"), std::string::npos) << r.output;

  r = run_spikefit(dataset_args(dataset) + " --points 5 --replicates 2");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("already exists"), std::string::npos) << r.output;

  r = run_spikefit(dataset_args(dataset) + " --points 5 --replicates 2 --resume");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("dataset: 10 trials (4 new)"), std::string::npos) << r.output;

  r = run_spikefit(dataset_args(dataset) + " --points 5 --replicates 3 --resume");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--replicates (2 stored, 3 given)"), std::string::npos) << r.output;

  const std::string csv = fresh("dataset_extend.csv");
  r = run_spikefit("dataset-csv --dataset " + dataset + " --out " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(lines_of(csv), 11);
  std::ifstream in(csv);
  std::string header;
  std::getline(in, header);
  EXPECT_EQ(header.rfind("point,replicate,trial_seed,feasible,reason,wall_s,", 0), 0u) << header;
  EXPECT_NE(header.find(",rate,"), std::string::npos) << header;
  EXPECT_NE(header.find("eigenspectrum[0]"), std::string::npos) << header;

  const std::string lhs = fresh("dataset_lhs.sqlite");
  r = run_spikefit(dataset_args(lhs) + " --points 2 --design lhs");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = run_spikefit(dataset_args(lhs) + " --points 4 --design lhs --resume");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("--points (2 stored, 4 given)"), std::string::npos) << r.output;
  EXPECT_EQ(run_spikefit(dataset_args(fresh("bad.sqlite")) + " --points 2 --design grid").exit_code,
            2);
}

}  // namespace
}  // namespace spikefit::experiments::tiny_fit
