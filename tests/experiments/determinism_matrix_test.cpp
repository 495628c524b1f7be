// The determinism matrix (issue 21): the same command gives the same results whatever the
// parallelism, the batching and the interruptions. Enumerated here:
// - fit: --threads 1 and 2, --chunk 0 (the round), 1 and 3, and a study stopped by its budget
//   at a round's end, then by Ctrl-C mid-round, then resumed: the same evaluations (points,
//   seeds, sources, stages, costs, errors, statistics);
// - simulate: --threads 1 and 2 and --chunk 0, 1 and 3 give the same bytes, and trials run in
//   two --first-trial runs equal the same trials run at once.
// Covered elsewhere: LibTorch's thread count (study_golden_test.cpp), CUDA block sizes, batch
// splits and streams under the emulation layer (cuda_ensemble_test.cpp), kills at random
// moments (bench/kill_resume.sh, fit_cli_test.cpp).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <string>
#include <vector>

#include "same_evaluations.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "tiny_fit.hpp"

namespace spikefit::experiments {
namespace {

using tiny_fit::CommandResult;
using tiny_fit::fresh;
using tiny_fit::run_spikefit;
using tiny_fit::TinyFit;

using testing::by_round_and_slot;
using testing::expect_same_evaluations_and_statistics;

TEST_F(TinyFit, TheStudyIsTheSameAcrossThreadsChunksAndResumePoints) {
  const std::string budget = "--batch 4 --initial 4 --max-evals 12 ";
  const std::string reference = fresh("matrix_reference.sqlite");
  const CommandResult r = run_spikefit(fit_args(reference) + budget + "--threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<StoredEvaluation> expected = by_round_and_slot(reference);
  ASSERT_EQ(expected.size(), 12u);

  for (const std::string variant :
       {"--threads 2", "--threads 2 --chunk 1", "--threads 1 --chunk 3"}) {
    SCOPED_TRACE(variant);
    const std::string study = fresh("matrix_variant.sqlite");
    const CommandResult v = run_spikefit(fit_args(study) + budget + variant);
    ASSERT_EQ(v.exit_code, 0) << v.output;
    expect_same_evaluations_and_statistics(expected, by_round_and_slot(study));
  }
  // Stopped by its budget at the end of round 0, then by Ctrl-C in the middle of a round, then
  // resumed to the end. (A budget that ends mid-round makes that round smaller: a different
  // study, by design.)
  const std::string study = fresh("matrix_resumed.sqlite");
  const std::string resumed_args = fit_args(study) + "--batch 4 --initial 4 --threads 2 ";
  const CommandResult first = run_spikefit(resumed_args + "--max-evals 4");
  ASSERT_EQ(first.exit_code, 0) << first.output;
  ASSERT_EQ(by_round_and_slot(study).size(), 4u);
  const pid_t pid = cli_test::spawn_spikefit(resumed_args + "--max-evals 12 --chunk 1 --resume");
  for (int wait = 0; wait < 12000 && StudyStorage::open(study).evaluations().size() < 6; ++wait) {
    usleep(10000);
  }
  ASSERT_EQ(kill(pid, SIGINT), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  const std::size_t interrupted = by_round_and_slot(study).size();
  EXPECT_GE(interrupted, 6u);
  EXPECT_LT(interrupted, 12u) << "the fit ended before Ctrl-C";
  const CommandResult last = run_spikefit(resumed_args + "--max-evals 12 --resume");
  ASSERT_EQ(last.exit_code, 0) << last.output;
  expect_same_evaluations_and_statistics(expected, by_round_and_slot(study));
}

TEST_F(TinyFit, SimulateGivesTheSameBytesAcrossThreadsChunksAndTrialRanges) {
  const std::string common = "simulate --config " + config_path() + " --seed 9 --duration-ms 800 ";
  const std::string reference = fresh("matrix_simulate_reference.json");
  ASSERT_EQ(run_spikefit(common + "--trials 5 --threads 1 --out " + reference).exit_code, 0);
  const std::string expected = base::read_text(reference);
  for (const std::string variant :
       {"--threads 2", "--threads 2 --chunk 1", "--threads 1 --chunk 3", "--threads 2 --chunk 3"}) {
    SCOPED_TRACE(variant);
    const std::string out = fresh("matrix_simulate_variant.json");
    const CommandResult v = run_spikefit(common + "--trials 5 " + variant + " --out " + out);
    ASSERT_EQ(v.exit_code, 0) << v.output;
    EXPECT_EQ(base::read_text(out), expected);
  }
  const std::string first = fresh("matrix_simulate_first.json");
  const std::string rest = fresh("matrix_simulate_rest.json");
  ASSERT_EQ(run_spikefit(common + "--trials 2 --out " + first).exit_code, 0);
  ASSERT_EQ(run_spikefit(common + "--trials 3 --first-trial 2 --out " + rest).exit_code, 0);
  const nlohmann::json whole = nlohmann::json::parse(expected)["trials"];
  nlohmann::json parts = nlohmann::json::parse(base::read_text(first))["trials"];
  const nlohmann::json rest_document = nlohmann::json::parse(base::read_text(rest));
  for (const auto& t : rest_document["trials"]) parts.push_back(t);
  EXPECT_EQ(parts, whole);
}

}  // namespace
}  // namespace spikefit::experiments
