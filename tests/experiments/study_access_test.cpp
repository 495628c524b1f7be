// Who may write a study, and what readers see while it is written (issue 21, item 4).
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <set>

#include <optional>
#include <stdexcept>
#include <string>

#include "branin_study.hpp"
#include "spikefit/experiments/study/study_writer_lock.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

bool exists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(StudyAccess, ASecondWriterIsRefusedWithTheHoldersPidAndMayWriteOnceItIsGone) {
  const std::string study = testing::fresh_temp_path("spikefit_access_lock.sqlite");
  std::optional<StudyWriterLock> first;
  first.emplace(study);
  EXPECT_TRUE(exists(StudyWriterLock::lock_path(study)));
  const std::string refused = message_of([&] { StudyWriterLock second(study); });
  EXPECT_NE(refused.find("study " + study + " is being written by another spikefit process (pid " +
                         std::to_string(getpid()) + ")"),
            std::string::npos)
      << refused;
  first.reset();
  EXPECT_FALSE(exists(StudyWriterLock::lock_path(study)));
  EXPECT_EQ(message_of([&] { StudyWriterLock again(study); }), "");
}

TEST(StudyAccess, AResumedFitOfAStudyThatIsBeingWrittenIsRefusedAndStoresNothing) {
  const std::string path = testing::fresh_temp_path("spikefit_access_resume.sqlite");
  { StudyStorage created = StudyStorage::create(path, testing::branin_study_document()); }
  StudyWriterLock running_fit(path);
  StudyStorage storage = StudyStorage::open(path);
  TestFunctionEvaluator evaluator;
  auto strategy = make_fit_strategy("sobol", 2);
  const std::string refused = message_of([&] {
    run_fit(testing::branin_problem(), evaluator, *strategy, storage,
            testing::small_branin_options(16));
  });
  EXPECT_NE(refused.find("is being written by another spikefit process"), std::string::npos)
      << refused;
  EXPECT_TRUE(storage.evaluations().empty());
  EXPECT_TRUE(storage.rounds().empty());
}

TEST(StudyAccess, AReaderSeesEveryStoredEvaluationWhileTheFitWrites) {
  const std::string path = testing::fresh_temp_path("spikefit_access_reader.sqlite");
  StudyStorage storage = StudyStorage::create(path, testing::branin_study_document());
  TestFunctionEvaluator evaluator;
  auto strategy = make_fit_strategy("sobol", 2);
  FitHooks hooks;
  int64_t checks = 0;
  hooks.on_stored = [&](const StoredEvaluation& stored, int64_t count) {
    const StudyStorage reader = StudyStorage::open(path);  // as `spikefit report` opens it
    const std::vector<StoredEvaluation> seen = reader.evaluations();
    ASSERT_EQ(static_cast<int64_t>(seen.size()), count);
    EXPECT_EQ(seen.back().id, stored.id);
    ++checks;
  };
  run_fit(testing::branin_problem(), evaluator, *strategy, storage,
          testing::small_branin_options(16), hooks);
  EXPECT_EQ(checks, 16);
  EXPECT_FALSE(exists(StudyWriterLock::lock_path(path)));
}

TEST(StudyAccess, AStudyWhereNoLockCanBeMadeIsAClearErrorBeforeAnythingRuns) {
  const std::string study = "/proc/spikefit_no_such_folder/study.sqlite";
  const std::string refused = message_of([&] { StudyWriterLock lock(study); });
  EXPECT_NE(refused.find("study " + study + ": cannot make its writer lock " + study + ".writer ("),
            std::string::npos)
      << refused;
}

TEST(StudyAccess, ATruncatedStudyIsNamedAsDamaged) {
  const std::string path = testing::fresh_temp_path("spikefit_access_truncated.sqlite");
  {
    StudyStorage storage = StudyStorage::create(path, testing::branin_study_document());
    TestFunctionEvaluator evaluator;
    auto strategy = make_fit_strategy("sobol", 2);
    run_fit(testing::branin_problem(), evaluator, *strategy, storage,
            testing::small_branin_options(16));
  }
  struct stat file;
  ASSERT_EQ(stat(path.c_str(), &file), 0);
  ASSERT_EQ(truncate(path.c_str(), file.st_size / 2), 0);
  const std::string refused = message_of([&] { StudyStorage::open(path); });
  EXPECT_NE(refused.find("study " + path + " is not a spikefit study, or is damaged ("),
            std::string::npos)
      << refused;
}

// The process may not grow its files past `bytes` while it lives (a full disk, seen by one
// process, without mounting anything): writes past it fail with EFBIG.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    previous_signal_ = std::signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &previous_);
    rlimit limit = previous_;
    limit.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &previous_);
    std::signal(SIGXFSZ, previous_signal_);
  }

 private:
  rlimit previous_{};
  void (*previous_signal_)(int) = nullptr;
};

TEST(StudyAccess, AFullDiskStopsTheFitWithAClearErrorAndLosesNothingStored) {
  const std::string path = testing::fresh_temp_path("spikefit_access_full.sqlite");
  FitOptions options = testing::small_branin_options(48);
  std::string failure;
  int64_t stored_before_full = 0;
  {
    StudyStorage storage = StudyStorage::create(path, testing::branin_study_document());
    TestFunctionEvaluator evaluator;
    auto strategy = make_fit_strategy("sobol", 2);
    std::optional<FileSizeLimit> full;
    FitHooks hooks;
    hooks.on_stored = [&](const StoredEvaluation&, int64_t count) {
      stored_before_full = count;
      struct stat file;
      if (count == 10 && stat(path.c_str(), &file) == 0) {
        full.emplace(static_cast<rlim_t>(file.st_size));
      }
    };
    failure = message_of(
        [&] { run_fit(testing::branin_problem(), evaluator, *strategy, storage, options, hooks); });
  }
  EXPECT_NE(failure.find("study " + path + ": "), std::string::npos) << failure;
  EXPECT_NE(failure.find("everything stored before this write is kept"), std::string::npos)
      << failure;
  ASSERT_GE(stored_before_full, 10);
  ASSERT_LT(stored_before_full, 48) << "the study never needed to grow";

  StudyStorage reopened = StudyStorage::open(path);
  EXPECT_EQ(static_cast<int64_t>(reopened.evaluations().size()), stored_before_full);
  TestFunctionEvaluator evaluator;
  auto strategy = make_fit_strategy("sobol", 2);
  run_fit(testing::branin_problem(), evaluator, *strategy, reopened, options);
  const std::vector<StoredEvaluation> all = reopened.evaluations();
  std::set<std::pair<int64_t, int64_t>> slots;
  for (const StoredEvaluation& e : all) slots.insert({e.round, e.slot});
  EXPECT_EQ(all.size(), 48u);
  EXPECT_EQ(slots.size(), all.size()) << "an evaluation was stored twice";
}

}  // namespace
}  // namespace spikefit::experiments
