#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spikefit/experiments/evaluation/evaluator.hpp"

// A sweep's finished cells on disk, so that a killed or interrupted sweep continues where it
// stopped (`spikefit sweep --resume`). The journal is JSON lines: the sweep's identity (config,
// overrides, grid, replicates, seed, target, statistics options), then one line per finished
// cell {"cell": position in grid_cells() order, "outcomes": [replicates]}, each flushed to disk
// (fsync) before the next cell runs. A line cut short by a kill is dropped when read.
namespace spikefit::experiments {

class SweepJournal {
 public:
  // Starts a journal at `path`, or with `resume` reads the one there: its identity must equal
  // `identity` (base::UsageError "--resume" naming the keys that differ). Without `resume`, an
  // existing journal is a base::UsageError that names --resume.
  SweepJournal(std::string path, const nlohmann::json& identity, bool resume);
  SweepJournal(const SweepJournal&) = delete;
  SweepJournal& operator=(const SweepJournal&) = delete;
  ~SweepJournal();

  // Outcomes of the cells finished before, by cell position.
  const std::map<std::size_t, std::vector<EvaluationOutcome>>& finished() const {
    return finished_;
  }
  // Stores one finished cell durably.
  void append(std::size_t cell, const std::vector<EvaluationOutcome>& outcomes);
  // The sweep is written: removes the journal.
  void remove();

 private:
  std::string path_;
  int fd_ = -1;
  std::map<std::size_t, std::vector<EvaluationOutcome>> finished_;
};

// An outcome as the journal stores it (NaN as null), and back: from_json(to_json(o)) == o.
nlohmann::json outcome_json(const EvaluationOutcome& outcome);
EvaluationOutcome outcome_from_json(const nlohmann::json& j);

}  // namespace spikefit::experiments
