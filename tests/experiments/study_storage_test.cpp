#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "spikefit/experiments/study/study_storage.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

std::string fresh_path(const std::string& name) {
  return testing::fresh_temp_path("spikefit_storage_" + name + ".sqlite");
}

std::string error_of(void (*f)(const std::string&), const std::string& arg) {
  try {
    f(arg);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(StudyStorage, EverythingStoredComesBackEqual) {
  const std::string path = fresh_path("round_trip");
  const nlohmann::json study = {{"config_hash", "0123456789abcdef"},
                                {"options", {{"batch", 8}, {"seed", 3}}}};
  StoredRound round;
  round.round = 0;
  round.strategy = "sobol_initial_design";
  round.proposal_seed = 0xFEDCBA9876543210ull;  // above INT64_MAX
  round.strategy_state = {{"trust_region", {{"length", 0.8}}}};
  round.models = {{"cost_gp", {{"lengthscales", {0.3, 0.7}}}}};
  round.slots = {{0, 0, {1.5, -2.25}, acquisition::ProposalSource::kSobol, 0xFFFFFFFFFFFFFFFFull},
                 {1, 1, {0.125, 3.0}, acquisition::ProposalSource::kSobol, 42}};
  StoredEvaluation feasible;
  feasible.round = 0;
  feasible.slot = 0;
  feasible.point = 0;
  feasible.x = {1.5, -2.25};
  feasible.trial_seed = 0xFFFFFFFFFFFFFFFFull;
  feasible.source = acquisition::ProposalSource::kSobol;
  feasible.stage = EvaluationStage::kFull;
  feasible.feasible = true;
  feasible.cost = 1.2345678901234567;
  feasible.errors = {0.5, 2.0};
  feasible.objectives = {0.5, 2.0, 1.25};
  feasible.statistics = {{"rate", 9.25}, {"eigenspectrum", {4.5, 0.0}}};
  feasible.screen_wall_s = 0.75;
  feasible.wall_s = 3.5;
  feasible.elapsed_s = 12.0;
  feasible.backend = "cpu";
  feasible.device = "2 threads";
  StoredEvaluation rejected = feasible;
  rejected.slot = 1;
  rejected.point = 1;
  rejected.x = {0.125, 3.0};
  rejected.trial_seed = 42;
  rejected.stage = EvaluationStage::kScreen;
  rejected.feasible = false;
  rejected.reason = "runaway: spike cap";
  rejected.cost = std::nan("");
  rejected.errors = {std::nan(""), std::nan("")};
  rejected.objectives = {std::nan(""), std::nan(""), std::nan("")};
  {
    StudyStorage storage = StudyStorage::create(path, study);
    storage.add_round(round);
    storage.add_evaluation(feasible);
    storage.add_evaluation(rejected);
    EXPECT_EQ(feasible.id, 1);
    EXPECT_EQ(rejected.id, 2);
  }
  const StudyStorage storage = StudyStorage::open(path);
  EXPECT_EQ(storage.study(), study);
  const auto rounds = storage.rounds();
  ASSERT_EQ(rounds.size(), 1u);
  EXPECT_EQ(rounds[0].strategy, round.strategy);
  EXPECT_EQ(rounds[0].proposal_seed, round.proposal_seed);
  EXPECT_EQ(rounds[0].strategy_state, round.strategy_state);
  EXPECT_EQ(rounds[0].models, round.models);
  ASSERT_EQ(rounds[0].slots.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(rounds[0].slots[k].slot, round.slots[k].slot);
    EXPECT_EQ(rounds[0].slots[k].point, round.slots[k].point);
    EXPECT_EQ(rounds[0].slots[k].x, round.slots[k].x);
    EXPECT_EQ(rounds[0].slots[k].source, round.slots[k].source);
    EXPECT_EQ(rounds[0].slots[k].trial_seed, round.slots[k].trial_seed);
  }
  const auto evaluations = storage.evaluations();
  ASSERT_EQ(evaluations.size(), 2u);
  const StoredEvaluation& a = evaluations[0];
  EXPECT_EQ(a.id, 1);
  EXPECT_EQ(a.x, feasible.x);
  EXPECT_EQ(a.trial_seed, feasible.trial_seed);
  EXPECT_EQ(a.source, acquisition::ProposalSource::kSobol);
  EXPECT_EQ(a.stage, EvaluationStage::kFull);
  EXPECT_TRUE(a.feasible);
  EXPECT_EQ(a.cost, feasible.cost);  // bit-exact
  EXPECT_EQ(a.errors, feasible.errors);
  EXPECT_EQ(a.objectives, feasible.objectives);
  EXPECT_EQ(a.statistics, feasible.statistics);
  EXPECT_EQ(a.screen_wall_s, 0.75);
  EXPECT_EQ(a.wall_s, 3.5);
  EXPECT_EQ(a.elapsed_s, 12.0);
  EXPECT_EQ(a.backend, "cpu");
  EXPECT_EQ(a.device, "2 threads");
  const StoredEvaluation& b = evaluations[1];
  EXPECT_EQ(b.stage, EvaluationStage::kScreen);
  EXPECT_FALSE(b.feasible);
  EXPECT_EQ(b.reason, "runaway: spike cap");
  EXPECT_TRUE(std::isnan(b.cost));
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_TRUE(std::isnan(b.errors[0]));
  ASSERT_EQ(b.objectives.size(), 3u);
  EXPECT_TRUE(std::isnan(b.objectives[2]));
}

// A study written before Pareto fits has no objectives column: opening it adds one, its old
// evaluations read back with no objectives and new ones store theirs.
TEST(StudyStorage, OpeningAStudyWithoutObjectivesAddsTheColumn) {
  const std::string path = fresh_path("before_objectives");
  StoredEvaluation e;
  e.x = {1.0};
  e.feasible = true;
  e.cost = 2.0;
  e.errors = {2.0};
  {
    StudyStorage storage = StudyStorage::create(path, {{"kind", "test"}});
    storage.add_evaluation(e);
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "ALTER TABLE evaluations DROP COLUMN objectives", nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  StudyStorage storage = StudyStorage::open(path);
  e.slot = 1;
  e.objectives = {2.0, 3.0};
  storage.add_evaluation(e);
  const auto evaluations = storage.evaluations();
  ASSERT_EQ(evaluations.size(), 2u);
  EXPECT_TRUE(evaluations[0].objectives.empty());
  EXPECT_EQ(evaluations[1].objectives, (std::vector<double>{2.0, 3.0}));
}

TEST(StudyStorage, ASlotIsStoredAtMostOnce) {
  StudyStorage storage = StudyStorage::create(fresh_path("unique"), {});
  StoredEvaluation e;
  e.x = {1.0};
  storage.add_evaluation(e);
  StoredEvaluation again = e;
  EXPECT_THROW(storage.add_evaluation(again), std::runtime_error);
  EXPECT_EQ(storage.evaluations().size(), 1u);  // the failed transaction left nothing behind
}

TEST(StudyStorage, SessionsAccumulateWallTime) {
  StudyStorage storage = StudyStorage::create(fresh_path("sessions"), {});
  const int64_t first = storage.start_session({});
  storage.set_session_elapsed(first, 30.0);
  const int64_t second = storage.start_session({});
  storage.set_session_elapsed(second, 5.0);
  const int64_t third = storage.start_session({});
  EXPECT_DOUBLE_EQ(storage.elapsed_before(third), 35.0);
  EXPECT_DOUBLE_EQ(storage.elapsed_before(second), 30.0);
}

TEST(StudyStorage, RefusesAnExistingPathAndNamesBadFiles) {
  const std::string path = fresh_path("exists");
  StudyStorage::create(path, {});
  EXPECT_NE(error_of([](const std::string& p) { StudyStorage::create(p, {}); }, path)
                .find("already exists: pass --resume"),
            std::string::npos);
  const std::string missing = fresh_path("missing");
  EXPECT_NE(
      error_of([](const std::string& p) { StudyStorage::open(p); }, missing).find("does not exist"),
      std::string::npos);
  const std::string text = ::testing::TempDir() + "spikefit_storage_not_a_study.txt";
  std::ofstream(text) << "these are not the bytes of an SQLite database, not even close........";
  EXPECT_NE(error_of([](const std::string& p) { StudyStorage::open(p); }, text)
                .find("is not a spikefit study"),
            std::string::npos);
}

// Fuzz findings: values that are not what the storage wrote threw nlohmann's or std::stoull's
// exceptions; each is now an error naming the table, the row and the column.
TEST(StudyStorage, DamagedValuesAreNamed) {
  const std::string path = fresh_path("damaged_values");
  {
    StudyStorage storage = StudyStorage::create(path, {{"kind", "test"}});
    StoredEvaluation e;
    e.x = {1.0};
    storage.add_evaluation(e);
  }
  auto damage = [&](const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  };
  auto evaluations_error = [&] {
    try {
      StudyStorage::open(path).evaluations();
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  damage("UPDATE evaluations SET x = '[1, \"a\"]'");
  EXPECT_EQ(evaluations_error(), "study " + path +
                                     ": evaluations row 1, x: holds \"a\", not a number (the "
                                     "study file is damaged)");
  damage("UPDATE evaluations SET x = '[1]', trial_seed = '-3'");
  EXPECT_EQ(evaluations_error(), "study " + path +
                                     ": evaluations row 1, trial_seed: '-3' is not a seed (the "
                                     "study file is damaged)");
  damage("UPDATE evaluations SET trial_seed = '3', statistics = '{'");
  EXPECT_EQ(evaluations_error().rfind(
                "study " + path + ": evaluations row 1, statistics: not valid JSON: ", 0),
            0u);
  damage("UPDATE study SET value = '1e999'");
  try {
    StudyStorage::open(path).study();
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(
        std::string(e.what()).rfind("study " + path + ": study key 'kind': not valid JSON", 0), 0u)
        << e.what();
  }
}

}  // namespace
}  // namespace spikefit::experiments
