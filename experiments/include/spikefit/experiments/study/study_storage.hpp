#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/acquisition/proposal_source.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"

struct sqlite3;

namespace spikefit::experiments {

// One slot of a round's proposal, stored before any of it is evaluated.
struct ProposalSlot {
  int64_t slot = 0;
  // Distinct parameter vector: a kReplicate slot repeats the stored point with this id (and its
  // x); every other slot is a new point with a new id.
  int64_t point = 0;
  std::vector<double> x;  // [D] physical units
  acquisition::ProposalSource source = acquisition::ProposalSource::kSobol;
  uint64_t trial_seed = 0;
};

struct StoredRound {
  int64_t round = 0;
  std::string strategy;
  uint64_t proposal_seed = 0;
  nlohmann::json strategy_state = nlohmann::json::object();  // after this round's proposal
  nlohmann::json models = nlohmann::json::object();          // hyperparameters it proposed from
  std::vector<ProposalSlot> slots;
};

struct StoredEvaluation {
  int64_t id = 0;  // assigned by the storage, in order of storing
  int64_t round = 0;
  int64_t slot = 0;
  int64_t point = 0;
  std::vector<double> x;
  uint64_t trial_seed = 0;
  acquisition::ProposalSource source = acquisition::ProposalSource::kSobol;
  // The stage that decided the outcome: kScreen (rejected by the screen) or kFull.
  EvaluationStage stage = EvaluationStage::kFull;
  bool feasible = false;
  std::string reason;
  double cost = 0.0;           // NaN when infeasible
  std::vector<double> errors;  // [error names of the study]
  // [objectives of a multi-objective study] (NaN where an error is missing); empty otherwise
  std::vector<double> objectives;
  nlohmann::json statistics;   // all statistics of the decisive run
  double screen_wall_s = 0.0;  // 0 when not screened
  double wall_s = 0.0;         // the decisive run
  double elapsed_s = 0.0;      // study wall time (all sessions) when stored
  std::string backend, device;
};

// A study in one SQLite file: table `study` (key -> JSON: config, target, options, ...),
// `rounds` (strategy, seed, state, model hyperparameters), `proposals` (round, slot, point, x,
// source, trial seed), `evaluations` (one row per finished evaluation, UNIQUE(round, slot)) and
// `sessions` (each fit invocation and its wall time). Sources and stages are enums in memory and
// their to_string names in the file. Every write is one transaction, durable
// (synchronous=FULL) before the call returns, so a kill at any moment loses nothing stored.
class StudyStorage {
 public:
  // Creates a new study file; refuses an existing path.
  static StudyStorage create(const std::string& path, const nlohmann::json& study);
  // Opens an existing study; errors name the path when it is missing or not a study.
  static StudyStorage open(const std::string& path);
  // A study that lives in memory only, gone with the object (bench-bo's runs).
  static StudyStorage in_memory(const nlohmann::json& study);
  StudyStorage(StudyStorage&&) noexcept;
  StudyStorage& operator=(StudyStorage&&) noexcept;
  ~StudyStorage();

  const std::string& path() const { return path_; }
  nlohmann::json study() const;  // {key: value}

  void add_round(const StoredRound& round);
  void add_evaluation(StoredEvaluation& evaluation);  // sets evaluation.id
  std::vector<StoredRound> rounds() const;
  std::vector<StoredEvaluation> evaluations() const;

  // Sessions: a new one with its options; its wall time is updated as it runs.
  int64_t start_session(const nlohmann::json& options);
  void set_session_elapsed(int64_t session, double elapsed_s);
  double elapsed_before(int64_t session) const;  // sum over earlier sessions

 private:
  StudyStorage(std::string path, sqlite3* db);
  void execute(const std::string& sql) const;
  void initialise(const nlohmann::json& study);  // the schema and the study table
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace spikefit::experiments
