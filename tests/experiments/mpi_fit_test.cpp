// Distributed evaluation (issue 19): `mpirun -n R spikefit fit` (with or without overlap) and
// `dataset` store the same study, `spikefit sweep` writes the same sweep and `targets` the same
// target for any number of ranks, and a job ends on every rank when rank 0 is done or fails.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "same_evaluations.hpp"
#include "spikefit/base/text_files.hpp"
#include "tiny_fit.hpp"
#include "without_wall_times.hpp"

namespace spikefit::experiments {
namespace {

using tiny_fit::CommandResult;
using tiny_fit::fresh;
using tiny_fit::run_spikefit;
using tiny_fit::TinyFit;

// `spikefit arguments` on `ranks` MPI ranks, unbound (the cores of rank 0 set its model fits'
// BLAS threads, hence the last bits of the proposals: a plain process has them all); a job that
// hangs is killed after two minutes (exit 124).
CommandResult run_on_ranks(int ranks, const std::string& arguments) {
  return cli_test::run_command("timeout 120 " + std::string(SPIKEFIT_MPIEXEC) +
                               " --oversubscribe --allow-run-as-root --bind-to none -n " +
                               std::to_string(ranks) + " " + SPIKEFIT_BINARY + " " + arguments);
}

// Screening and full runs, replicates and model-based rounds: both stages go through the ranks
// (12 evaluations, 8 of them screened first: 20 rows).
constexpr const char* kBudget = "--batch 4 --initial 4 --max-evals 12 --screen-ms 800 ";

TEST_F(TinyFit, OneTwoAndThreeRanksStoreTheSameStudyAsOneProcess) {
  const std::string reference = fresh("mpi_reference.sqlite");
  const CommandResult r = run_spikefit(fit_args(reference) + kBudget + "--threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<StoredEvaluation> expected = testing::by_round_and_slot(reference);
  ASSERT_EQ(expected.size(), 12u);

  for (const int ranks : {1, 2, 3}) {
    SCOPED_TRACE(std::to_string(ranks) + " ranks");
    const std::string study = fresh("mpi_ranks_" + std::to_string(ranks) + ".sqlite");
    const CommandResult v = run_on_ranks(ranks, fit_args(study) + kBudget + "--threads 1");
    ASSERT_EQ(v.exit_code, 0) << v.output;
    const std::vector<StoredEvaluation> got = testing::by_round_and_slot(study);
    testing::expect_same_evaluations_and_statistics(expected, got);
    if (ranks > 1) {
      const std::string on_ranks = "on " + std::to_string(ranks) + " MPI ranks";
      EXPECT_NE(v.output.find("evaluations " + on_ranks), std::string::npos) << v.output;
      EXPECT_NE(v.output.find("MPI: " + std::to_string(ranks) + " ranks evaluated 20 rows"),
                std::string::npos)
          << v.output;
      ASSERT_FALSE(got.empty());
      EXPECT_NE(got.front().device.find(on_ranks), std::string::npos) << got.front().device;
    }
  }
}

// With overlap, round 2 is proposed on rank 0 while the ranks evaluate round 1; rows are
// stored as they arrive. The study is still that of one process.
TEST_F(TinyFit, AnOverlappedFitOnTwoRanksStoresTheStudyOfOneProcess) {
  const std::string reference = fresh("mpi_overlap_reference.sqlite");
  const std::string overlap = kBudget + std::string("--threads 1 --overlap");
  const CommandResult r = run_spikefit(fit_args(reference) + overlap);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string study = fresh("mpi_overlap_ranks.sqlite");
  const CommandResult v = run_on_ranks(2, fit_args(study) + overlap);
  ASSERT_EQ(v.exit_code, 0) << v.output;
  const std::vector<StoredEvaluation> expected = testing::by_round_and_slot(reference);
  ASSERT_EQ(expected.size(), 12u);
  testing::expect_same_evaluations_and_statistics(expected, testing::by_round_and_slot(study));
  // Resuming without --overlap would propose differently: refused.
  const CommandResult resumed = run_spikefit(fit_args(study) + kBudget + "--threads 1 --resume");
  EXPECT_NE(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("overlap"), std::string::npos) << resumed.output;
}

// `spikefit arguments alone` in one process, then `spikefit arguments job` on 2 ranks; both must
// succeed. The job's output goes to `job_output`.
void run_alone_then_on_two_ranks(const std::string& arguments, const std::string& alone,
                                 const std::string& job, std::string* job_output = nullptr) {
  const CommandResult a = run_spikefit(arguments + alone);
  ASSERT_EQ(a.exit_code, 0) << a.output;
  const CommandResult r = run_on_ranks(2, arguments + job);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  if (job_output) *job_output = r.output;
}

TEST_F(TinyFit, TwoRanksWriteTheSweepOfOneProcess) {
  const std::string args = "sweep --config " + config_path() + " --target " + target_path() +
                           " --target-name tiny " + kStatistics +
                           " --grid JrEX=40:80:3 --replicates 2 --threads 1 --out ";
  const std::string alone = tiny_fit::temp_path("mpi_sweep_alone");
  const std::string job = tiny_fit::temp_path("mpi_sweep_job");
  std::filesystem::remove_all(alone);
  std::filesystem::remove_all(job);
  ASSERT_NO_FATAL_FAILURE(run_alone_then_on_two_ranks(args, alone, job));
  nlohmann::json expected = cli_test::read_json_file(alone + "/sweep.json");
  nlohmann::json got = cli_test::read_json_file(job + "/sweep.json");
  EXPECT_NE(got["device"].get<std::string>().find("on 2 MPI ranks"), std::string::npos);
  expected.erase("device");
  got.erase("device");
  EXPECT_EQ(testing::without_wall_times(got), testing::without_wall_times(expected));
}

TEST_F(TinyFit, TwoRanksStoreTheDatasetOfOneProcess) {
  const std::string args = "dataset --config " + config_path() + " " + kStatistics +
                           " --seed 3 --points 4 --replicates 2 --threads 1 --out ";
  const std::string alone = fresh("mpi_dataset_alone.sqlite");
  const std::string job = fresh("mpi_dataset_job.sqlite");
  ASSERT_NO_FATAL_FAILURE(run_alone_then_on_two_ranks(args, alone, job));
  const std::vector<StoredEvaluation> expected = testing::by_round_and_slot(alone);
  ASSERT_EQ(expected.size(), 8u);
  const std::vector<StoredEvaluation> got = testing::by_round_and_slot(job);
  testing::expect_same_evaluations_and_statistics(expected, got);
  ASSERT_FALSE(got.empty());
  EXPECT_NE(got.front().device.find("on 2 MPI ranks"), std::string::npos) << got.front().device;
}

TEST_F(TinyFit, TwoRanksWriteTheTargetOfOneProcess) {
  const std::string args = "targets --name tiny --config " + config_path() + " " + kStatistics +
                           " --statistics rate,fano,rsc_fisher_z,eigenspectrum --repeats 5 " +
                           "--seed 4 --threads 1 --out ";
  const std::string alone = fresh("mpi_target_alone.json");
  const std::string job = fresh("mpi_target_job.json");
  std::string output;
  ASSERT_NO_FATAL_FAILURE(run_alone_then_on_two_ranks(args, alone, job, &output));
  EXPECT_NE(output.find("5 simulations on cpu"), std::string::npos) << output;
  EXPECT_NE(output.find("on 2 MPI ranks"), std::string::npos) << output;
  EXPECT_EQ(base::read_text(job), base::read_text(alone));
}

TEST_F(TinyFit, AnErrorOnRankZeroEndsEveryRank) {
  const std::string study = fresh("mpi_existing.sqlite");
  base::write_text(study, "");
  // Rank 0 has sent the other ranks their evaluator when it finds the study in the way.
  const CommandResult r = run_on_ranks(2, fit_args(study) + kBudget);
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.exit_code, 124) << "the job hung: " << r.output;
  EXPECT_NE(r.output.find("already exists"), std::string::npos) << r.output;
}

TEST_F(TinyFit, ACommandWithoutEvaluationsRunsOnRankZeroAlone) {
  const std::string args = "simulate --config " + config_path() + " --trials 2 --seed 3 --out ";
  const std::string alone = fresh("mpi_simulate_alone.json");
  const std::string job = fresh("mpi_simulate_job.json");
  ASSERT_EQ(run_spikefit(args + alone).exit_code, 0);
  const CommandResult r = run_on_ranks(2, args + job);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(base::read_text(job), base::read_text(alone));
}

}  // namespace
}  // namespace spikefit::experiments
