#include "spikefit/experiments/emulation/dataset_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "spikefit/experiments/study/study_writer_lock.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

using acquisition::ProposalSource;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class DatasetRun {
 public:
  DatasetRun(const FitProblem& problem, Evaluator& evaluator, StudyStorage& storage,
             const DatasetOptions& options, const DatasetHooks& hooks)
      : problem_(problem),
        evaluator_(evaluator),
        storage_(storage),
        options_(options),
        hooks_(hooks),
        cube_(problem.lower, problem.upper, problem.log_scale) {
    if (options.points < 1 || options.replicates < 1 || options.batch < 1) {
      throw std::invalid_argument("a dataset needs points, replicates and batch >= 1");
    }
    if (storage.path() != ":memory:") writer_lock_.emplace(storage.path());
    session_ = storage.start_session({{"points", options.points},
                                      {"replicates", options.replicates},
                                      {"design", to_string(options.design)},
                                      {"batch", options.batch}});
    elapsed_before_ = storage.elapsed_before(session_);
    rounds_ = storage.rounds();
    for (const StoredEvaluation& e : storage.evaluations()) {
      done_.insert({e.round, e.slot});
      feasible_ += e.feasible ? 1 : 0;
    }
    stored_ = static_cast<int64_t>(done_.size());
  }

  DatasetResult run() {
    DatasetResult result;
    for (StoredRound& r : rounds_) {
      if (stop()) return finish(result, true);
      evaluate(r);
    }
    for (int64_t next = next_point(); next < options_.points;) {
      if (stop()) return finish(result, true);
      const int64_t end = std::min(options_.points, next + options_.batch);
      rounds_.push_back(batch_round(static_cast<int64_t>(rounds_.size()), next, end));
      storage_.add_round(rounds_.back());
      evaluate(rounds_.back());
      next = end;
    }
    return finish(result, false);
  }

 private:
  bool stop() const { return hooks_.stop_requested && hooks_.stop_requested(); }

  DatasetResult finish(DatasetResult& result, bool stopped) {
    storage_.set_session_elapsed(session_, seconds_since(start_));
    result.trials = stored_;
    result.new_trials = session_trials_;
    result.stopped = stopped;
    return result;
  }

  int64_t next_point() const {
    int64_t next = 0;
    for (const StoredRound& r : rounds_) {
      for (const ProposalSlot& s : r.slots) next = std::max(next, s.point + 1);
    }
    return next;
  }

  // Design points [begin, end), each with its replicates, as one stored round.
  StoredRound batch_round(int64_t round, int64_t begin, int64_t end) const {
    StoredRound r;
    r.round = round;
    r.strategy = std::string("dataset:") + to_string(options_.design);
    r.proposal_seed = options_.seed;
    const auto unit = design_points(options_.design, static_cast<int>(problem_.names.size()),
                                    options_.seed, begin, end, options_.points);
    std::vector<double> flat;
    for (const auto& u : unit) flat.insert(flat.end(), u.begin(), u.end());
    const at::Tensor physical =
        cube_.from_unit(at::tensor(flat, at::kDouble)
                            .reshape({end - begin, static_cast<int64_t>(problem_.names.size())}));
    for (int64_t i = begin; i < end; ++i) {
      std::vector<double> x(problem_.names.size());
      for (std::size_t j = 0; j < x.size(); ++j) {
        x[j] = std::clamp(physical[i - begin][static_cast<int64_t>(j)].item<double>(),
                          problem_.lower[j], problem_.upper[j]);
      }
      for (int rep = 0; rep < options_.replicates; ++rep) {
        r.slots.push_back({static_cast<int64_t>(r.slots.size()), i, x,
                           rep == 0 ? ProposalSource::kSobol : ProposalSource::kReplicate,
                           dataset_trial_seed(options_.seed, i, rep)});
      }
    }
    return r;
  }

  void evaluate(const StoredRound& round) {
    std::vector<const ProposalSlot*> open;
    for (const ProposalSlot& s : round.slots) {
      if (!done_.count({round.round, s.slot})) open.push_back(&s);
    }
    if (open.empty()) return;
    std::vector<std::vector<double>> x;
    std::vector<uint64_t> seeds;
    for (const ProposalSlot* s : open) {
      x.push_back(s->x);
      seeds.push_back(s->trial_seed);
    }
    const std::vector<EvaluationOutcome> outcomes =
        evaluator_.evaluate(x, seeds, EvaluationStage::kFull);
    for (std::size_t k = 0; k < open.size(); ++k) store(round, *open[k], outcomes[k]);
    storage_.set_session_elapsed(session_, seconds_since(start_));
    if (hooks_.on_batch) hooks_.on_batch(progress());
  }

  void store(const StoredRound& round, const ProposalSlot& slot, const EvaluationOutcome& o) {
    StoredEvaluation e;
    e.round = round.round;
    e.slot = slot.slot;
    e.point = slot.point;
    e.x = slot.x;
    e.trial_seed = slot.trial_seed;
    e.source = slot.source;
    e.stage = EvaluationStage::kFull;
    e.feasible = o.feasible;
    e.reason = o.reason;
    e.cost = std::nan("");
    e.statistics = o.statistics;
    e.wall_s = o.wall_s;
    e.elapsed_s = elapsed_before_ + seconds_since(start_);
    e.backend = evaluator_.backend();
    e.device = evaluator_.device();
    storage_.add_evaluation(e);
    done_.insert({round.round, slot.slot});
    ++stored_;
    ++session_trials_;
    feasible_ += o.feasible ? 1 : 0;
    if (hooks_.on_stored) hooks_.on_stored(e, session_trials_);
  }

  DatasetProgress progress() const {
    DatasetProgress p;
    p.trials = stored_;
    p.total = options_.points * options_.replicates;
    p.feasible = feasible_;
    const double s = seconds_since(start_);
    p.trials_per_s = s > 0 ? static_cast<double>(session_trials_) / s : 0.0;
    p.eta_s = p.trials_per_s > 0
                  ? static_cast<double>(std::max<int64_t>(0, p.total - p.trials)) / p.trials_per_s
                  : 0.0;
    p.elapsed_s = elapsed_before_ + s;
    return p;
  }

  const FitProblem& problem_;
  Evaluator& evaluator_;
  StudyStorage& storage_;
  const DatasetOptions& options_;
  const DatasetHooks& hooks_;
  surrogate::UnitCube cube_;
  std::optional<StudyWriterLock> writer_lock_;
  int64_t session_ = 0;
  double elapsed_before_ = 0.0;
  Clock::time_point start_ = Clock::now();
  std::vector<StoredRound> rounds_;
  std::set<std::pair<int64_t, int64_t>> done_;  // (round, slot) stored
  int64_t stored_ = 0;
  int64_t session_trials_ = 0;
  int64_t feasible_ = 0;
};

}  // namespace

DatasetResult run_dataset(const FitProblem& problem, Evaluator& evaluator, StudyStorage& storage,
                          const DatasetOptions& options, const DatasetHooks& hooks) {
  return DatasetRun(problem, evaluator, storage, options, hooks).run();
}

}  // namespace spikefit::experiments
