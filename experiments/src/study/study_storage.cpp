#include "spikefit/experiments/study/study_storage.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace spikefit::experiments {

using nlohmann::json;

namespace {

const char* kSchema = R"(
CREATE TABLE study (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE rounds (round INTEGER PRIMARY KEY, strategy TEXT NOT NULL,
  proposal_seed TEXT NOT NULL, strategy_state TEXT NOT NULL, models TEXT NOT NULL,
  created_unix REAL NOT NULL);
CREATE TABLE proposals (round INTEGER NOT NULL, slot INTEGER NOT NULL, point INTEGER NOT NULL,
  x TEXT NOT NULL, source TEXT NOT NULL, trial_seed TEXT NOT NULL, PRIMARY KEY (round, slot));
CREATE TABLE evaluations (id INTEGER PRIMARY KEY AUTOINCREMENT, round INTEGER NOT NULL,
  slot INTEGER NOT NULL, point INTEGER NOT NULL, x TEXT NOT NULL, trial_seed TEXT NOT NULL,
  source TEXT NOT NULL, stage TEXT NOT NULL, feasible INTEGER NOT NULL, reason TEXT NOT NULL,
  cost REAL, errors TEXT NOT NULL, statistics TEXT NOT NULL, screen_wall_s REAL NOT NULL,
  wall_s REAL NOT NULL, elapsed_s REAL NOT NULL, backend TEXT NOT NULL, device TEXT NOT NULL,
  stored_unix REAL NOT NULL, objectives TEXT NOT NULL DEFAULT '[]', UNIQUE (round, slot));
CREATE TABLE sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, started_unix REAL NOT NULL,
  elapsed_s REAL NOT NULL, options TEXT NOT NULL);
)";

// The enums by their stored names (to_string); an unknown name is a damaged study.
acquisition::ProposalSource source_named(const std::string& name, const std::string& path) {
  using acquisition::ProposalSource;
  for (ProposalSource s :
       {ProposalSource::kSobol, ProposalSource::kFeasibility, ProposalSource::kThompson,
        ProposalSource::kGreedy, ProposalSource::kTrustRegion, ProposalSource::kReplicate,
        ProposalSource::kEmulator, ProposalSource::kDataset}) {
    if (name == acquisition::to_string(s)) return s;
  }
  throw std::runtime_error("study " + path + ": unknown proposal source '" + name + "'");
}

EvaluationStage stage_named(const std::string& name, const std::string& path) {
  for (EvaluationStage s : {EvaluationStage::kScreen, EvaluationStage::kFull}) {
    if (name == to_string(s)) return s;
  }
  throw std::runtime_error("study " + path + ": unknown evaluation stage '" + name + "'");
}

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The last failure on `db` as an error that names the study file. A failed write (full disk,
// I/O error, read-only file) says that what was stored before it is kept: each stored row is
// its own committed transaction.
std::runtime_error storage_error(sqlite3* db, const std::string& context = "") {
  const char* file = sqlite3_db_filename(db, "main");
  std::string message = "study " +
                        std::string(file != nullptr && *file != '\0' ? file : ":memory:") + ": " +
                        sqlite3_errmsg(db) + context;
  switch (sqlite3_errcode(db) & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      message +=
          " (everything stored before this write is kept: free disk space or fix the file's "
          "permissions, then continue with --resume)";
      break;
    default:
      break;
  }
  return std::runtime_error(message);
}

// Ends a failed write transaction; SQLite may already have rolled it back (a full disk), so
// an error here would only hide the failure that got us here.
void roll_back(sqlite3* db) {
  sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

// A prepared statement with positional binding and column reading.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      throw storage_error(db, " in: " + sql);
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, double v) {
    if (std::isfinite(v)) {
      sqlite3_bind_double(stmt_, i, v);
    } else {
      sqlite3_bind_null(stmt_, i);
    }
    return *this;
  }
  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Steps once; true while a row is available.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw storage_error(db_);
  }
  int64_t integer(int c) const { return sqlite3_column_int64(stmt_, c); }
  double real(int c) const {
    return sqlite3_column_type(stmt_, c) == SQLITE_NULL ? std::nan("")
                                                        : sqlite3_column_double(stmt_, c);
  }
  std::string text(int c) const {
    const auto* p = sqlite3_column_text(stmt_, c);
    return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string seed_text(uint64_t seed) {
  return std::to_string(seed);
}

// A stored value that cannot be read back: the study file was damaged or written by something
// else. `where` names the study, the table, the row and the column.
std::runtime_error damaged(const std::string& where, const std::string& reason) {
  return std::runtime_error(where + ": " + reason + " (the study file is damaged)");
}
std::string stored_at(const std::string& path, const std::string& table, int64_t row,
                      const std::string& column) {
  return "study " + path + ": " + table + " row " + std::to_string(row) + ", " + column;
}

uint64_t seed_value(const std::string& text, const std::string& where) {
  if (text.empty() || text.size() > 20 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    throw damaged(where, "'" + text + "' is not a seed");
  }
  try {
    return std::stoull(text);
  } catch (const std::out_of_range&) {
    throw damaged(where, "'" + text + "' is not a seed");
  }
}

json parsed(const std::string& text, const std::string& where) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw damaged(where, std::string("not valid JSON: ") + e.what());
  }
}

json numbers_json(const std::vector<double>& v) {
  json a = json::array();
  for (double e : v) a.push_back(std::isfinite(e) ? json(e) : json(nullptr));
  return a;
}
std::vector<double> numbers(const std::string& text, const std::string& where) {
  const json a = parsed(text, where);
  if (!a.is_array()) throw damaged(where, "is not a list of numbers");
  std::vector<double> v;
  for (const json& e : a) {
    if (!e.is_null() && !e.is_number())
      throw damaged(where, "holds " + e.dump() + ", not a number");
    v.push_back(e.is_null() ? std::nan("") : e.get<double>());
  }
  return v;
}

sqlite3* open_database(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw std::runtime_error("study " + path + ": cannot open (" + message + ")");
  }
  sqlite3_busy_timeout(db, 5000);
  return db;
}

bool file_exists(const std::string& path) {
  struct stat s;
  return stat(path.c_str(), &s) == 0;
}

}  // namespace

StudyStorage::StudyStorage(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}

StudyStorage::StudyStorage(StudyStorage&& other) noexcept
    : path_(std::move(other.path_)), db_(other.db_) {
  other.db_ = nullptr;
}

StudyStorage& StudyStorage::operator=(StudyStorage&& other) noexcept {
  if (this != &other) {
    sqlite3_close(db_);
    path_ = std::move(other.path_);
    db_ = other.db_;
    other.db_ = nullptr;
  }
  return *this;
}

StudyStorage::~StudyStorage() {
  sqlite3_close(db_);
}

void StudyStorage::execute(const std::string& sql) const {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw storage_error(db_);
  }
}

StudyStorage StudyStorage::create(const std::string& path, const json& study) {
  if (file_exists(path)) {
    throw std::runtime_error("study " + path +
                             " already exists: pass --resume to continue it, or choose a new path");
  }
  StudyStorage s(path, open_database(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  s.initialise(study);
  return s;
}

StudyStorage StudyStorage::in_memory(const json& study) {
  StudyStorage s(":memory:", open_database(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                                           SQLITE_OPEN_MEMORY));
  s.initialise(study);
  return s;
}

void StudyStorage::initialise(const json& study) {
  execute("PRAGMA synchronous = FULL");
  execute("BEGIN IMMEDIATE");
  execute(kSchema);
  for (const auto& [key, value] : study.items()) {
    Statement(db_, "INSERT INTO study (key, value) VALUES (?, ?)")
        .bind(1, key)
        .bind(2, value.dump())
        .step();
  }
  execute("COMMIT");
}

StudyStorage StudyStorage::open(const std::string& path) {
  if (!file_exists(path)) throw std::runtime_error("study " + path + " does not exist");
  StudyStorage s(path, open_database(path, SQLITE_OPEN_READWRITE));
  try {
    Statement(s.db_, "SELECT count(*) FROM study").step();
  } catch (const std::exception&) {
    throw std::runtime_error("study " + path + " is not a spikefit study, or is damaged (" +
                             sqlite3_errmsg(s.db_) + ")");
  }
  s.execute("PRAGMA synchronous = FULL");
  // Studies written before multi-objective fits have no objectives column: add it (empty).
  bool has_objectives = false;
  Statement columns(s.db_, "PRAGMA table_info(evaluations)");
  while (columns.step()) has_objectives |= columns.text(1) == "objectives";
  if (!has_objectives) {
    s.execute("ALTER TABLE evaluations ADD COLUMN objectives TEXT NOT NULL DEFAULT '[]'");
  }
  return s;
}

json StudyStorage::study() const {
  json out = json::object();
  Statement q(db_, "SELECT key, value FROM study");
  while (q.step()) {
    const std::string key = q.text(0);
    const std::string where = "study " + path_ + ": study key '" + key + "'";
    try {
      json(key).dump();
    } catch (const json::exception&) {
      throw damaged(where, "the key is not UTF-8 text");
    }
    out[key] = parsed(q.text(1), where);
  }
  return out;
}

void StudyStorage::add_round(const StoredRound& round) {
  execute("BEGIN IMMEDIATE");
  try {
    Statement(db_,
              "INSERT INTO rounds (round, strategy, proposal_seed, strategy_state, models, "
              "created_unix) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, round.round)
        .bind(2, round.strategy)
        .bind(3, seed_text(round.proposal_seed))
        .bind(4, round.strategy_state.dump())
        .bind(5, round.models.dump())
        .bind(6, unix_now())
        .step();
    for (const ProposalSlot& p : round.slots) {
      Statement(db_,
                "INSERT INTO proposals (round, slot, point, x, source, trial_seed) VALUES (?, ?, "
                "?, ?, ?, ?)")
          .bind(1, round.round)
          .bind(2, p.slot)
          .bind(3, p.point)
          .bind(4, numbers_json(p.x).dump())
          .bind(5, acquisition::to_string(p.source))
          .bind(6, seed_text(p.trial_seed))
          .step();
    }
    execute("COMMIT");
  } catch (...) {
    roll_back(db_);
    throw;
  }
}

void StudyStorage::add_evaluation(StoredEvaluation& e) {
  execute("BEGIN IMMEDIATE");
  try {
    Statement(db_,
              "INSERT INTO evaluations (round, slot, point, x, trial_seed, source, stage, "
              "feasible, reason, cost, errors, statistics, screen_wall_s, wall_s, elapsed_s, "
              "backend, device, stored_unix, objectives) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, e.round)
        .bind(2, e.slot)
        .bind(3, e.point)
        .bind(4, numbers_json(e.x).dump())
        .bind(5, seed_text(e.trial_seed))
        .bind(6, acquisition::to_string(e.source))
        .bind(7, to_string(e.stage))
        .bind(8, static_cast<int64_t>(e.feasible))
        .bind(9, e.reason)
        .bind(10, e.cost)
        .bind(11, numbers_json(e.errors).dump())
        .bind(12, e.statistics.dump())
        .bind(13, e.screen_wall_s)
        .bind(14, e.wall_s)
        .bind(15, e.elapsed_s)
        .bind(16, e.backend)
        .bind(17, e.device)
        .bind(18, unix_now())
        .bind(19, numbers_json(e.objectives).dump())
        .step();
    e.id = sqlite3_last_insert_rowid(db_);
    execute("COMMIT");
  } catch (...) {
    roll_back(db_);
    throw;
  }
}

std::vector<StoredRound> StudyStorage::rounds() const {
  std::vector<StoredRound> out;
  Statement q(db_,
              "SELECT round, strategy, proposal_seed, strategy_state, models FROM rounds ORDER BY "
              "round");
  while (q.step()) {
    StoredRound r;
    r.round = q.integer(0);
    const auto at = [&](const std::string& column) {
      return stored_at(path_, "rounds", r.round, column);
    };
    r.strategy = q.text(1);
    r.proposal_seed = seed_value(q.text(2), at("proposal_seed"));
    r.strategy_state = parsed(q.text(3), at("strategy_state"));
    r.models = parsed(q.text(4), at("models"));
    out.push_back(std::move(r));
  }
  Statement p(db_,
              "SELECT round, slot, point, x, source, trial_seed FROM proposals ORDER BY round, "
              "slot");
  while (p.step()) {
    const int64_t round = p.integer(0);
    if (round < 0 || round >= static_cast<int64_t>(out.size()) || out[round].round != round) {
      throw std::runtime_error("study " + path_ + ": proposal of an unknown round " +
                               std::to_string(round));
    }
    const std::string at =
        stored_at(path_, "proposals", round, "slot " + std::to_string(p.integer(1)));
    out[round].slots.push_back({p.integer(1), p.integer(2), numbers(p.text(3), at + ", x"),
                                source_named(p.text(4), path_),
                                seed_value(p.text(5), at + ", trial_seed")});
  }
  return out;
}

std::vector<StoredEvaluation> StudyStorage::evaluations() const {
  std::vector<StoredEvaluation> out;
  Statement q(db_,
              "SELECT id, round, slot, point, x, trial_seed, source, stage, feasible, reason, "
              "cost, errors, statistics, screen_wall_s, wall_s, elapsed_s, backend, device, "
              "objectives FROM evaluations ORDER BY id");
  while (q.step()) {
    StoredEvaluation e;
    e.id = q.integer(0);
    const auto at = [&](const std::string& column) {
      return stored_at(path_, "evaluations", e.id, column);
    };
    e.round = q.integer(1);
    e.slot = q.integer(2);
    e.point = q.integer(3);
    e.x = numbers(q.text(4), at("x"));
    e.trial_seed = seed_value(q.text(5), at("trial_seed"));
    e.source = source_named(q.text(6), path_);
    e.stage = stage_named(q.text(7), path_);
    e.feasible = q.integer(8) != 0;
    e.reason = q.text(9);
    e.cost = q.real(10);
    e.errors = numbers(q.text(11), at("errors"));
    e.statistics = parsed(q.text(12), at("statistics"));
    e.screen_wall_s = q.real(13);
    e.wall_s = q.real(14);
    e.elapsed_s = q.real(15);
    e.backend = q.text(16);
    e.device = q.text(17);
    e.objectives = numbers(q.text(18), at("objectives"));
    out.push_back(std::move(e));
  }
  return out;
}

int64_t StudyStorage::start_session(const json& options) {
  Statement(db_, "INSERT INTO sessions (started_unix, elapsed_s, options) VALUES (?, 0, ?)")
      .bind(1, unix_now())
      .bind(2, options.dump())
      .step();
  return sqlite3_last_insert_rowid(db_);
}

void StudyStorage::set_session_elapsed(int64_t session, double elapsed_s) {
  Statement(db_, "UPDATE sessions SET elapsed_s = ? WHERE id = ?")
      .bind(1, elapsed_s)
      .bind(2, session)
      .step();
}

double StudyStorage::elapsed_before(int64_t session) const {
  Statement q(db_, "SELECT coalesce(sum(elapsed_s), 0) FROM sessions WHERE id < ?");
  q.bind(1, session);
  q.step();
  return q.real(0);
}

}  // namespace spikefit::experiments
