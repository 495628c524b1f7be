#include "spikefit/experiments/study/fit_loop.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "spikefit/base/random.hpp"
#include "spikefit/experiments/evaluation/row_stream.hpp"
#include "spikefit/experiments/study/round_models.hpp"
#include "spikefit/experiments/study/study_writer_lock.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

using acquisition::ProposalSource;
using nlohmann::json;

uint64_t proposal_seed(uint64_t study_seed, int64_t round) {
  return base::trial_seed(study_seed ^ 0x9E0905A1u, static_cast<uint64_t>(round));
}

uint64_t slot_seed(uint64_t study_seed, int64_t round, int64_t slot) {
  return base::trial_seed(base::trial_seed(study_seed, static_cast<uint64_t>(round)),
                          static_cast<uint64_t>(slot));
}

namespace {

using Clock = std::chrono::steady_clock;

bool before(const StoredEvaluation& a, const StoredEvaluation& b) {
  return a.round != b.round ? a.round < b.round : a.slot < b.slot;
}

// Evaluations against the budget: all but a warm start's dataset trials.
int64_t simulated_in(const std::vector<StoredEvaluation>& evaluations) {
  return static_cast<int64_t>(std::count_if(
      evaluations.begin(), evaluations.end(),
      [](const StoredEvaluation& e) { return e.source != ProposalSource::kDataset; }));
}

class FitRun {
 public:
  FitRun(const FitProblem& problem, Evaluator& evaluator, RoundProposer& proposer,
         StudyStorage& storage, const FitOptions& options, const FitHooks& hooks)
      : problem_(problem),
        evaluator_(evaluator),
        proposer_(proposer),
        storage_(storage),
        options_(options),
        hooks_(hooks),
        cube_(problem.lower, problem.upper, problem.log_scale),
        dims_(static_cast<int64_t>(problem.names.size())) {
    if (options.batch < 1 || options.initial < 1) {
      throw std::invalid_argument("batch and initial design need at least one point");
    }
    if (options.min_replicates < 1 || options.max_replicates < options.min_replicates) {
      throw std::invalid_argument("need 1 <= min_replicates <= max_replicates");
    }
    if (storage.path() != ":memory:") writer_lock_.emplace(storage.path());
    session_ = storage.start_session({{"batch", options.batch},
                                      {"initial", options.initial},
                                      {"max_evaluations", options.max_evaluations},
                                      {"max_minutes", options.max_minutes},
                                      {"replicate_slots", options.replicate_slots},
                                      {"replicate_se_tol", options.replicate_se_tol},
                                      {"stop_cost", options.stop_cost},
                                      {"screen", options.screen},
                                      {"chunk", options.chunk},
                                      {"strategy", proposer.name()}});
    elapsed_before_ = storage.elapsed_before(session_);
    // In (round, slot) order whatever the order rows were stored in (they are stored as they
    // arrive), so that what the loop reads does not depend on the evaluator's timing.
    evaluations_ = storage.evaluations();
    std::stable_sort(evaluations_.begin(), evaluations_.end(), before);
    for (StoredRound& r : storage.rounds()) rounds_.push_back(std::move(r));
    for (const auto& e : evaluations_) done_.insert({e.round, e.slot});
    for (auto it = rounds_.rbegin(); it != rounds_.rend(); ++it) {
      if (it->round > 0 && it->strategy == proposer.name()) {
        proposer.restore(it->strategy_state);
        break;
      }
    }
  }

  FitResult run() {
    if (options_.overlap && options_.chunk == 0) return run_streamed();
    FitResult result;
    // With overlap: the next round, proposed while the open one was evaluated; stored when its
    // own evaluation begins (a stopped session drops it; a resumed one proposes it again, the
    // same).
    std::optional<StoredRound> ready;
    while (true) {
      StoredRound* open = open_round();
      std::string stop = stop_reason(open != nullptr);
      if (!stop.empty()) {
        result.stop_reason = stop;
        break;
      }
      if (!open) {
        const auto r = static_cast<int64_t>(rounds_.size());
        rounds_.push_back(ready ? std::move(*ready) : propose_round(r));
        ready.reset();
        storage_.add_round(rounds_.back());
        open = &rounds_.back();
      }
      std::future<StoredRound> next;
      if (options_.overlap && open->round >= 1) next = propose_ahead(*open);
      const bool finished = evaluate_round(*open);
      if (next.valid()) {
        StoredRound proposed = next.get();
        if (!proposed.slots.empty()) ready = std::move(proposed);
      }
      storage_.set_session_elapsed(session_, session_seconds());
      if (hooks_.on_round) hooks_.on_round(progress(open->round));
      if (!finished) {
        result.stop_reason = interrupted() ? kInterruptedStop
                             : held_back_ > 0
                                 ? "time budget (" + std::to_string(held_back_) +
                                       " evaluations held back: they would not finish in it)"
                                 : "time budget";
        break;
      }
    }
    return finish(std::move(result));
  }

 private:
  FitResult finish(FitResult result) {
    storage_.set_session_elapsed(session_, session_seconds());
    result.rounds = static_cast<int64_t>(rounds_.size());
    result.evaluations = static_cast<int64_t>(evaluations_.size());
    result.incumbent = find_incumbent(summarise_points(evaluations_), options_.min_replicates);
    return result;
  }

  // Overlap without chunks: the rounds as one stream of rows (RoundStream), so that an evaluator
  // that finishes its share of round r takes round r + 1's rows as soon as they are proposed
  // (MpiEvaluator: the tail of a round keeps no rank idle). The rounds, their seeds and so the
  // study are those of the round-by-round overlap; only when rows run differs.
  FitResult run_streamed() {
    FitResult result;
    result.stop_reason = stop_reason(open_round() != nullptr);
    if (result.stop_reason.empty()) {
      if (rounds_.empty()) {
        rounds_.push_back(propose(0, evaluations_, nullptr));
        storage_.add_round(rounds_.back());
      }
      RoundStream stream(*this);
      evaluator_.evaluate_stream(
          stream, [&stream](std::size_t id, EvaluationOutcome&& o) { stream.deliver(id, o); });
      result.stop_reason = stream.stop_reason();
    }
    return finish(std::move(result));
  }

  double now() const {
    return hooks_.now_s ? hooks_.now_s()
                        : std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
  }
  double session_seconds() const { return now() - start_; }
  double elapsed() const { return elapsed_before_ + session_seconds(); }
  int64_t simulated() const { return simulated_in(evaluations_); }
  bool interrupted() const { return hooks_.stop_requested && hooks_.stop_requested(); }
  bool out_of_time() const {
    return options_.max_minutes > 0 && elapsed() >= options_.max_minutes * 60.0;
  }

  StoredRound* open_round() {
    for (StoredRound& r : rounds_) {
      for (const ProposalSlot& s : r.slots) {
        if (!done_.count({r.round, s.slot})) return &r;
      }
    }
    return nullptr;
  }

  std::string stop_reason(bool round_open) const {
    if (interrupted()) return kInterruptedStop;
    if (simulated() >= options_.max_evaluations) {
      return "evaluation budget";
    }
    if (out_of_time()) return "time budget";
    if (affordable(1) == 0) return "time budget (the next evaluation would not finish in it)";
    if (!round_open && options_.stop_cost > 0) {
      const auto incumbent =
          find_incumbent(summarise_points(evaluations_), options_.min_replicates);
      if (incumbent && incumbent->evaluations >= options_.min_replicates &&
          incumbent->mean_cost <= options_.stop_cost) {
        return "incumbent at the stop cost";
      }
    }
    return "";
  }

  FitProgress progress(int64_t round) const {
    FitProgress p;
    p.round = round;
    p.evaluations = simulated();
    p.max_evaluations = options_.max_evaluations;
    p.incumbent = find_incumbent(summarise_points(evaluations_), options_.min_replicates);
    p.elapsed_s = elapsed();
    p.budget_s = options_.max_minutes * 60.0;
    const double s = session_seconds();
    p.evaluations_per_s = s > 0 ? static_cast<double>(session_evaluations_) / s : 0.0;
    p.held_back = held_back_;
    if (!options_.reference_point.empty()) {
      p.front = front_status(evaluations_, options_.reference_point);
    }
    return p;
  }

  int64_t next_point() const {
    int64_t next = 0;
    for (const StoredRound& r : rounds_) {
      for (const ProposalSlot& s : r.slots) next = std::max(next, s.point + 1);
    }
    return next;
  }

  std::vector<double> physical_row(const at::Tensor& physical, int64_t i) const {
    std::vector<double> x(dims_);
    for (int64_t j = 0; j < dims_; ++j) {
      x[j] = std::clamp(physical[i][j].item<double>(), problem_.lower[j], problem_.upper[j]);
    }
    return x;
  }

  // The points to repeat this round, judged on `known`: promising by cost, or on the front of a
  // multi-objective study; none of the points with a slot in the `pending` round.
  std::vector<PointSummary> replicates(const std::vector<StoredEvaluation>& known,
                                       const StoredRound* pending, int64_t slots) const {
    std::set<int64_t> busy;
    if (pending) {
      for (const ProposalSlot& s : pending->slots) busy.insert(s.point);
    }
    const auto idle = [&busy](const PointSummary& p) { return !busy.count(p.point); };
    if (!options_.objectives.empty()) {
      std::vector<ObjectivePoint> front;
      for (ObjectivePoint& p : nondominated(objective_points(known))) {
        if (idle(p.summary)) front.push_back(std::move(p));
      }
      return choose_front_replicates(front, slots, options_.max_replicates);
    }
    std::vector<PointSummary> points;
    for (PointSummary& p : summarise_points(known)) {
      if (idle(p)) points.push_back(std::move(p));
    }
    return choose_replicates(points, find_incumbent(points, options_.min_replicates), slots,
                             options_.min_replicates, options_.max_replicates,
                             options_.replicate_se_tol);
  }

  // Round r of the study, proposed from the evaluations `known`: all of them, or with overlap
  // those of the rounds before `pending`, the round being evaluated, whose slots count against
  // the budget and whose new points the strategy sees as pending.
  StoredRound propose(int64_t r, const std::vector<StoredEvaluation>& known,
                      const StoredRound* pending) {
    StoredRound round;
    round.round = r;
    round.proposal_seed = proposal_seed(options_.seed, r);
    const int64_t remaining = options_.max_evaluations - simulated_in(known) -
                              (pending ? static_cast<int64_t>(pending->slots.size()) : int64_t{0});
    if (remaining <= 0) return round;
    int64_t point = next_point();
    acquisition::Proposal proposal;
    // The first round this loop proposes: round 0, or round 1 after a warm start's dataset.
    const bool first = r == 0 || (r == 1 && rounds_.front().strategy == kWarmStartStrategy);
    if (first && !options_.initial_points.empty()) {
      round.strategy = "emulator_candidates";
      for (const std::vector<double>& x : options_.initial_points) {
        const int64_t id = point++;
        for (int rep = 0; rep < options_.initial_replicates; ++rep) {
          if (static_cast<int64_t>(round.slots.size()) >= remaining) break;
          round.slots.push_back({static_cast<int64_t>(round.slots.size()), id, x,
                                 rep == 0 ? ProposalSource::kEmulator : ProposalSource::kReplicate,
                                 0});
        }
      }
    } else if (r == 0) {  // after a warm start, the model-based strategy from round 1
      round.strategy = "sobol_initial_design";
      acquisition::ProposeRequest request;
      request.q = std::min(options_.initial, remaining);
      request.seed = round.proposal_seed;
      proposal = acquisition::make_sobol_strategy(dims_)->propose({}, request);
    } else {
      const int64_t q = std::min(options_.batch, remaining);
      for (const PointSummary& p :
           replicates(known, pending, std::min(options_.replicate_slots, q))) {
        round.slots.push_back({static_cast<int64_t>(round.slots.size()), p.point, p.x,
                               ProposalSource::kReplicate, 0});
      }
      round.strategy = proposer_.name();
      acquisition::ProposeRequest request;
      request.q = std::max<int64_t>(0, q - static_cast<int64_t>(round.slots.size()));
      request.seed = round.proposal_seed;
      if (pending) request.pending = pending_points(*pending);
      proposal = proposer_.propose(cube_, known, request, round.models);
      round.strategy_state = proposer_.state();
    }
    if (proposal.x.defined() && proposal.x.size(0) > 0) {
      const at::Tensor physical = cube_.from_unit(proposal.x.to(at::kDouble));
      for (int64_t i = 0; i < proposal.x.size(0); ++i) {
        if (proposal.source[i] == ProposalSource::kReplicate) {
          throw std::logic_error("strategy " + round.strategy +
                                 " proposed a replicate: replicates are the fit loop's slots");
        }
        ProposalSlot s;
        s.slot = static_cast<int64_t>(round.slots.size());
        s.source = proposal.source[i];
        s.point = point++;
        s.x = physical_row(physical, i);
        round.slots.push_back(std::move(s));
      }
    }
    for (ProposalSlot& s : round.slots) s.trial_seed = slot_seed(options_.seed, r, s.slot);
    return round;
  }

  // The new points of a round in the unit cube [p x D] (its replicates repeat observed points).
  at::Tensor pending_points(const StoredRound& round) const {
    std::vector<double> values;
    for (const ProposalSlot& s : round.slots) {
      if (s.source != ProposalSource::kReplicate) {
        values.insert(values.end(), s.x.begin(), s.x.end());
      }
    }
    if (values.empty()) return at::Tensor();
    const at::Tensor physical = at::tensor(values, at::kDouble).reshape({-1, dims_});
    return cube_.to_unit(physical);
  }

  std::vector<StoredEvaluation> evaluations_before(int64_t round) const {
    std::vector<StoredEvaluation> known;
    for (const StoredEvaluation& e : evaluations_) {
      if (e.round < round) known.push_back(e);
    }
    return known;
  }

  // Round r's proposal. With overlap, a round r >= 2 is proposed from the rounds before r - 1,
  // with r - 1's new points pending, whether or not r - 1 has been evaluated since (a resumed
  // study proposes what the uninterrupted one did), and always on a thread of its own, as while
  // r - 1 is evaluated (propose_ahead), so that its threading is the same.
  StoredRound propose_round(int64_t r) {
    if (!options_.overlap || r < 2) return propose(r, evaluations_, nullptr);
    return propose_ahead(rounds_[static_cast<std::size_t>(r - 1)]).get();
  }

  // Overlap: round previous.round + 1 on another thread (from a copy of the evaluations of the
  // rounds before `previous`: while `previous` is evaluated, the evaluation adds to evaluations_).
  // No slots: the budget is spent.
  std::future<StoredRound> propose_ahead(const StoredRound& previous) {
    return std::async(std::launch::async,
                      [this, known = evaluations_before(previous.round), &previous] {
                        return propose(previous.round + 1, known, &previous);
                      });
  }

  void store(const StoredRound& round, const ProposalSlot& slot, const EvaluationOutcome& o,
             EvaluationStage stage, double screen_wall_s) {
    StoredEvaluation e;
    e.round = round.round;
    e.slot = slot.slot;
    e.point = slot.point;
    e.x = slot.x;
    e.trial_seed = slot.trial_seed;
    e.source = slot.source;
    e.stage = stage;
    e.feasible = o.feasible && stage == EvaluationStage::kFull;
    e.reason = o.reason;
    e.cost = e.feasible ? o.cost : std::nan("");
    e.errors = o.errors;
    e.errors.resize(evaluator_.error_names().size(), std::nan(""));
    if (!options_.objectives.empty())
      e.objectives = objective_values(options_.objectives, e.errors);
    e.statistics = o.statistics;
    e.screen_wall_s = screen_wall_s;
    e.wall_s = o.wall_s;
    e.elapsed_s = elapsed();
    e.backend = evaluator_.backend();
    e.device = evaluator_.device();
    storage_.add_evaluation(e);
    done_.insert({e.round, e.slot});
    const auto stored = evaluations_.insert(
        std::upper_bound(evaluations_.begin(), evaluations_.end(), e, before), e);
    ++session_evaluations_;
    if (hooks_.on_stored) hooks_.on_stored(*stored, session_evaluations_);
  }

  // Evaluates the slots at `stage`, handing each outcome to `on_outcome(k, outcome)` as it
  // arrives (k indexes `slots`).
  void run_stage(const std::vector<const ProposalSlot*>& slots, EvaluationStage stage,
                 const std::function<void(std::size_t, const EvaluationOutcome&)>& on_outcome) {
    std::vector<std::vector<double>> x;
    std::vector<uint64_t> seeds;
    for (const ProposalSlot* s : slots) {
      x.push_back(s->x);
      seeds.push_back(s->trial_seed);
    }
    std::vector<bool> seen(slots.size(), false);
    evaluator_.evaluate_each(x, seeds, stage, [&](std::size_t k, EvaluationOutcome&& o) {
      if (k >= slots.size() || seen[k]) {
        throw std::runtime_error("evaluator returned row " + std::to_string(k) +
                                 " twice or out of range");
      }
      seen[k] = true;
      on_outcome(k, o);
    });
    if (std::find(seen.begin(), seen.end(), false) != seen.end()) {
      throw std::runtime_error("evaluator returned a wrong count");
    }
  }

  // The mean wall time of one stored evaluation (its screen and full run; a batch's wall time
  // shared by its evaluations); 0 before any.
  double seconds_per_evaluation() const {
    if (evaluations_.empty()) return 0.0;
    double sum = 0.0;
    for (const StoredEvaluation& e : evaluations_) {
      sum += e.stage == EvaluationStage::kFull ? e.screen_wall_s + e.wall_s : e.screen_wall_s;
    }
    return sum / static_cast<double>(evaluations_.size());
  }

  // How many of `wanted` evaluations to launch now: those that finish in the time budget by the
  // measured time per evaluation (all while there is no budget or no measurement yet).
  std::size_t affordable(std::size_t wanted) const {
    const double per = seconds_per_evaluation();
    if (options_.max_minutes <= 0 || per <= 0) return wanted;
    const double left = options_.max_minutes * 60.0 - elapsed();
    if (left <= 0) return 0;
    return static_cast<std::size_t>(std::min(static_cast<double>(wanted), std::floor(left / per)));
  }

  // Evaluates the round's missing slots; false when the time budget ran out first (held_back_:
  // the slots left because they would not finish in it).
  bool evaluate_round(const StoredRound& round) {
    std::vector<const ProposalSlot*> missing;
    for (const ProposalSlot& s : round.slots) {
      if (!done_.count({round.round, s.slot})) missing.push_back(&s);
    }
    const std::size_t chunk =
        options_.chunk > 0 ? static_cast<std::size_t>(options_.chunk) : missing.size();
    for (std::size_t begin = 0; begin < missing.size();) {
      if (begin > 0 && (out_of_time() || interrupted())) return false;
      const std::size_t count = affordable(std::min(chunk, missing.size() - begin));
      if (count == 0) {
        held_back_ = static_cast<int64_t>(missing.size() - begin);
        return false;
      }
      const std::vector<const ProposalSlot*> part(
          missing.begin() + static_cast<std::ptrdiff_t>(begin),
          missing.begin() + static_cast<std::ptrdiff_t>(begin + count));
      begin += count;
      std::vector<const ProposalSlot*> full;
      std::vector<double> screen_s;
      std::vector<const ProposalSlot*> screened;
      for (const ProposalSlot* s : part) {
        const bool replicate = s->source == ProposalSource::kReplicate;
        if (options_.screen && !replicate) {
          screened.push_back(s);
        } else {
          full.push_back(s);
          screen_s.push_back(0.0);
        }
      }
      if (!screened.empty()) {
        // Rejections are stored as they arrive; the passed go on in slot order.
        std::vector<std::optional<double>> passed(screened.size());
        run_stage(screened, EvaluationStage::kScreen,
                  [&](std::size_t k, const EvaluationOutcome& o) {
                    if (o.feasible) {
                      passed[k] = o.wall_s;
                    } else {
                      store(round, *screened[k], o, EvaluationStage::kScreen, o.wall_s);
                    }
                  });
        for (std::size_t k = 0; k < screened.size(); ++k) {
          if (passed[k]) {
            full.push_back(screened[k]);
            screen_s.push_back(*passed[k]);
          }
        }
      }
      if (!full.empty()) {
        run_stage(full, EvaluationStage::kFull, [&](std::size_t k, const EvaluationOutcome& o) {
          store(round, *full[k], o, EvaluationStage::kFull, screen_s[k]);
        });
      }
      storage_.set_session_elapsed(session_, session_seconds());
    }
    return true;
  }

  bool complete(const StoredRound& round) const {
    return std::all_of(round.slots.begin(), round.slots.end(), [&](const ProposalSlot& s) {
      return done_.count({round.round, s.slot}) > 0;
    });
  }

  // The study's rounds as rows for Evaluator::evaluate_stream: the missing slots of the stored
  // rounds, then each round as soon as its proposal is ready, and a screened slot's full run as
  // soon as its screen passes. Proposals follow the overlap's rule: round 1 on the calling thread
  // once round 0 is complete; round k + 1 >= 2 on a thread of its own once round k is out and
  // the rounds before it are complete. With a stop cost, a round starts only when the rounds
  // before it are complete and the stop rule has been checked. take() may run on an evaluator's
  // thread: every use of the study is under one mutex.
  class RoundStream final : public RowStream {
   public:
    explicit RoundStream(FitRun& run) : run_(run) {
      const std::lock_guard<std::mutex> lock(mutex_);
      for (const StoredRound& r : run_.rounds_) enqueue(r);
      if (run_.rounds_.back().round == 0) {
        if (run_.complete(run_.rounds_.back())) propose_round_one();
      } else {
        launch_next();
      }
    }
    ~RoundStream() override {
      if (proposal_.valid()) proposal_.wait();
    }

    RowBatch take(std::size_t most) override {
      const std::lock_guard<std::mutex> lock(mutex_);
      RowBatch batch;
      if (!stopping_.empty()) return batch;
      if (run_.interrupted()) {
        stopping_ = kInterruptedStop;
        return batch;
      }
      if (run_.out_of_time()) {
        stopping_ = "time budget";
        return batch;
      }
      if (queue_.empty()) promote();
      if (queue_.empty()) return batch;
      batch.stage = queue_.front().stage;
      std::size_t n = 0;
      while (n < queue_.size() && queue_[n].stage == batch.stage && (most == 0 || n < most)) ++n;
      n = run_.affordable(n);
      if (n == 0) {
        run_.held_back_ = static_cast<int64_t>(queue_.size());
        stopping_ = "time budget (" + std::to_string(queue_.size()) +
                    " evaluations held back: they would not finish in it)";
        return batch;
      }
      for (std::size_t k = 0; k < n; ++k) {
        const Row row = queue_.front();
        queue_.pop_front();
        const ProposalSlot& slot = this->slot(row);
        batch.ids.push_back(next_id_);
        batch.x.push_back(slot.x);
        batch.seeds.push_back(slot.trial_seed);
        out_.emplace(next_id_++, row);
      }
      return batch;
    }

    std::size_t queued() const override {
      const std::lock_guard<std::mutex> lock(mutex_);
      return stopping_.empty() ? queue_.size() : 0;
    }

    bool finished() const override {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!out_.empty()) return false;
      if (!stopping_.empty()) return true;
      return queue_.empty() && !proposal_.valid();
    }

    // Row `id`'s outcome, on the evaluator's calling thread: stored, or (a screen passed) queued
    // for its full run first; a complete round reports progress and lets the next proposal start.
    void deliver(std::size_t id, const EvaluationOutcome& o) {
      const std::lock_guard<std::mutex> lock(mutex_);
      const auto it = out_.find(id);
      if (it == out_.end()) {
        throw std::runtime_error("evaluator returned row " + std::to_string(id) +
                                 " twice or one it was not given");
      }
      const Row row = it->second;
      out_.erase(it);
      const StoredRound& round = run_.rounds_[static_cast<std::size_t>(row.round)];
      if (row.stage == EvaluationStage::kScreen && o.feasible) {
        screen_s_[{row.round, row.slot}] = o.wall_s;
        queue_.push_front({row.round, row.slot, EvaluationStage::kFull});
        return;
      }
      // A full run's screen time (0 unscreened); a rejected screen's own.
      double screen_s = row.stage == EvaluationStage::kScreen ? o.wall_s : 0.0;
      if (const auto passed = screen_s_.find({row.round, row.slot}); passed != screen_s_.end()) {
        screen_s = passed->second;
      }
      run_.store(round, slot(row), o, row.stage, screen_s);
      if (!run_.complete(round)) return;
      run_.storage_.set_session_elapsed(run_.session_, run_.session_seconds());
      if (run_.hooks_.on_round) run_.hooks_.on_round(run_.progress(round.round));
      if (!stopping_.empty()) return;
      if (run_.open_round() == nullptr) {
        stopping_ = run_.stop_reason(false);
        if (!stopping_.empty()) return;
      }
      if (round.round == 0) {
        propose_round_one();
      } else {
        launch_next();
      }
    }

    // Why the stream stopped handing rows out ("evaluation budget" when the rounds ran out).
    std::string stop_reason() const {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (!stopping_.empty()) return stopping_;
      const std::string stop = run_.stop_reason(false);
      return stop.empty() ? "evaluation budget" : stop;
    }

   private:
    struct Row {
      int64_t round = 0;
      int64_t slot = 0;
      EvaluationStage stage = EvaluationStage::kFull;
    };

    const ProposalSlot& slot(const Row& row) const {
      return run_.rounds_[static_cast<std::size_t>(row.round)]
          .slots[static_cast<std::size_t>(row.slot)];
    }

    // The round's missing slots: screened first when the fit screens (not its replicates).
    void enqueue(const StoredRound& round) {
      for (const bool screened : {true, false}) {
        for (const ProposalSlot& s : round.slots) {
          if (run_.done_.count({round.round, s.slot})) continue;
          const bool screen = run_.options_.screen && s.source != ProposalSource::kReplicate;
          if (screen != screened) continue;
          queue_.push_back(
              {round.round, s.slot, screen ? EvaluationStage::kScreen : EvaluationStage::kFull});
        }
      }
    }

    void add(StoredRound round) {
      if (round.slots.empty()) return;  // the budget is spent
      run_.rounds_.push_back(std::move(round));
      run_.storage_.add_round(run_.rounds_.back());
      enqueue(run_.rounds_.back());
      launch_next();
    }

    // Round 1: from the whole of round 0, on the calling thread (as the round-by-round loop).
    void propose_round_one() {
      if (run_.rounds_.size() == 1) add(run_.propose(1, run_.evaluations_, nullptr));
    }

    // Round k + 1's proposal once round k >= 1 is the newest and the rounds before it are
    // complete; it is started at most once.
    void launch_next() {
      const StoredRound& newest = run_.rounds_.back();
      if (proposal_.valid() || newest.round < 1) return;
      for (const StoredRound& r : run_.rounds_) {
        if (r.round < newest.round && !run_.complete(r)) return;
      }
      proposal_ = run_.propose_ahead(newest);
    }

    // A ready proposal becomes the next round (with a stop cost, only when every round is
    // complete: the stop rule is checked between rounds).
    void promote() {
      if (!proposal_.valid() ||
          proposal_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        return;
      }
      if (run_.options_.stop_cost > 0 && run_.open_round() != nullptr) return;
      add(proposal_.get());
    }

    FitRun& run_;
    mutable std::mutex mutex_;
    std::deque<Row> queue_;
    std::map<std::size_t, Row> out_;  // taken, not yet delivered, by id
    std::size_t next_id_ = 0;
    std::map<std::pair<int64_t, int64_t>, double> screen_s_;  // passed screens' wall time
    std::future<StoredRound> proposal_;
    std::string stopping_;  // why no more rows are handed out; empty while they are
  };

  const FitProblem& problem_;
  Evaluator& evaluator_;
  RoundProposer& proposer_;
  StudyStorage& storage_;
  std::optional<StudyWriterLock> writer_lock_;  // held while this run may write the study
  const FitOptions& options_;
  const FitHooks& hooks_;
  surrogate::UnitCube cube_;
  int64_t dims_;
  int64_t session_ = 0;
  double elapsed_before_ = 0.0;
  double start_ = now();
  int64_t held_back_ = 0;
  int64_t session_evaluations_ = 0;
  std::vector<StoredEvaluation> evaluations_;
  std::deque<StoredRound> rounds_;  // a deque: a proposal thread holds a reference to its newest
  std::set<std::pair<int64_t, int64_t>> done_;
};

}  // namespace

FitResult run_fit(const FitProblem& problem, Evaluator& evaluator, RoundProposer& proposer,
                  StudyStorage& storage, const FitOptions& options, const FitHooks& hooks) {
  return FitRun(problem, evaluator, proposer, storage, options, hooks).run();
}

FitResult run_fit(const FitProblem& problem, Evaluator& evaluator,
                  acquisition::BatchStrategy& strategy, StudyStorage& storage,
                  const FitOptions& options, const FitHooks& hooks) {
  CostModelProposer proposer(strategy);
  return run_fit(problem, evaluator, proposer, storage, options, hooks);
}

}  // namespace spikefit::experiments
