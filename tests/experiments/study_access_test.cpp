// Who may write a study, and what readers see while it is written (issue 21, item 4).
#include <gtest/gtest.h>
#include <unistd.h>

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

}  // namespace
}  // namespace spikefit::experiments
