// The fit loop's overlap (issue 19 item 4): round r + 1 is proposed while round r is evaluated,
// from the rounds before r with round r's new points pending, and the study is the same however
// it was interrupted and resumed. And rows stored as the evaluator hands them over: a batch that
// fails half-way keeps the rows already back.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "branin_study.hpp"
#include "same_evaluations.hpp"
#include "spikefit/experiments/cli/strategy_choice.hpp"
#include "spikefit/experiments/evaluation/row_stream.hpp"
#include "spikefit/experiments/evaluation/test_function_evaluator.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/round_models.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

using acquisition::ProposalSource;
using testing::branin_problem;

std::string fresh_study(const std::string& name) {
  return testing::fresh_temp_path("spikefit_overlap_" + name + ".sqlite");
}

FitOptions overlap_options() {
  FitOptions options = testing::small_branin_options(48);
  options.overlap = true;
  return options;
}

// What one proposal was made from, and what it proposed.
struct ProposalCall {
  int64_t newest_round = -1;  // of the evaluations it was given
  std::size_t evaluations = 0;
  at::Tensor pending;  // [p x 2] unit cube, or undefined
  at::Tensor proposed;
};

// The production proposer (cost GP + mixed strategy), recording what it is asked.
class RecordingProposer final : public RoundProposer {
 public:
  RecordingProposer() : strategy_(make_fit_strategy("mixed", 2)), inner_(*strategy_) {}
  std::string name() const override { return inner_.name(); }
  nlohmann::json state() const override { return inner_.state(); }
  void restore(const nlohmann::json& state) override { inner_.restore(state); }
  acquisition::Proposal propose(const surrogate::UnitCube& cube,
                                const std::vector<StoredEvaluation>& evaluations,
                                const acquisition::ProposeRequest& request,
                                nlohmann::json& models) override {
    ProposalCall call;
    for (const StoredEvaluation& e : evaluations) {
      call.newest_round = std::max(call.newest_round, e.round);
    }
    call.evaluations = evaluations.size();
    if (request.pending.defined()) call.pending = request.pending.clone();
    acquisition::Proposal p = inner_.propose(cube, evaluations, request, models);
    call.proposed = p.x.clone();
    calls.push_back(call);
    return p;
  }
  std::vector<ProposalCall> calls;

 private:
  std::unique_ptr<acquisition::BatchStrategy> strategy_;
  CostModelProposer inner_;
};

struct OverlapRun {
  FitResult result;
  std::vector<StoredEvaluation> evaluations;
  std::vector<StoredRound> rounds;
  std::vector<ProposalCall> calls;
  int evaluator_calls = 0;
};

OverlapRun run_overlapped(const std::string& path, const FitOptions& options, bool resume,
                          Evaluator* evaluator = nullptr, const FitHooks& hooks = {}) {
  StudyStorage storage = resume ? StudyStorage::open(path)
                                : StudyStorage::create(path, testing::branin_study_document());
  TestFunctionEvaluator own;
  RecordingProposer proposer;
  OverlapRun run;
  run.result =
      run_fit(branin_problem(), evaluator ? *evaluator : own, proposer, storage, options, hooks);
  run.evaluations = storage.evaluations();
  run.rounds = storage.rounds();
  run.calls = proposer.calls;
  run.evaluator_calls = own.evaluations();
  return run;
}

TEST(FitOverlap, EachRoundIsProposedFromTheRoundsBeforeTheOneUnderEvaluation) {
  const OverlapRun run = run_overlapped(fresh_study("lag"), overlap_options(), false);
  ASSERT_EQ(run.result.evaluations, 48);
  EXPECT_EQ(run.result.stop_reason, "evaluation budget");
  // Rounds: 0 (8 Sobol points), then 1-5 of 8 slots (2 replicate slots each).
  ASSERT_EQ(run.rounds.size(), 6u);
  ASSERT_EQ(run.calls.size(), 5u);  // no proposal past the budget

  // Round 1 waits for round 0 (nothing to fit before it); round r + 1 >= 2 is proposed from the
  // rounds before r, with round r's new points pending.
  EXPECT_EQ(run.calls[0].newest_round, 0);
  EXPECT_FALSE(run.calls[0].pending.defined());
  const surrogate::UnitCube cube(branin_problem().lower, branin_problem().upper,
                                 branin_problem().log_scale);
  for (std::size_t k = 1; k < run.calls.size(); ++k) {
    SCOPED_TRACE("round " + std::to_string(k + 1));
    const StoredRound& under_evaluation = run.rounds[k];
    EXPECT_EQ(run.calls[k].newest_round, static_cast<int64_t>(k) - 1);
    std::size_t earlier = 0;
    for (const StoredEvaluation& e : run.evaluations) earlier += e.round < under_evaluation.round;
    EXPECT_EQ(run.calls[k].evaluations, earlier);

    std::vector<double> new_points;
    for (const ProposalSlot& s : under_evaluation.slots) {
      if (s.source != ProposalSource::kReplicate)
        new_points.insert(new_points.end(), s.x.begin(), s.x.end());
    }
    ASSERT_TRUE(run.calls[k].pending.defined());
    const at::Tensor expected = cube.to_unit(at::tensor(new_points, at::kDouble).reshape({-1, 2}));
    ASSERT_EQ(run.calls[k].pending.sizes(), expected.sizes());
    EXPECT_TRUE(at::allclose(run.calls[k].pending, expected, 0, 1e-12));
    // The strategy keeps away from the pending points.
    EXPECT_GT(at::cdist(run.calls[k].proposed, run.calls[k].pending).min().item<double>(), 1e-6);

    // No replicate of a point that the round under evaluation repeats or introduces.
    std::set<int64_t> busy;
    for (const ProposalSlot& s : under_evaluation.slots) busy.insert(s.point);
    for (const ProposalSlot& s : run.rounds[k + 1].slots) {
      if (s.source == ProposalSource::kReplicate) {
        EXPECT_EQ(busy.count(s.point), 0u) << s.point;
      }
    }
  }
  // Still every point at most max_replicates times, each with a fresh seed.
  std::map<int64_t, int> repeats;
  std::set<uint64_t> seeds;
  for (const StoredEvaluation& e : run.evaluations) {
    EXPECT_LE(++repeats[e.point], overlap_options().max_replicates);
    EXPECT_TRUE(seeds.insert(e.trial_seed).second);
  }
}

// In chunks (round by round), and without (the rounds as one stream of rows).
TEST(FitOverlap, ACrashAnywhereAndResumeGivesTheUninterruptedStudy) {
  for (const int64_t chunk : {3, 0}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    FitOptions options = overlap_options();
    options.chunk = chunk;
    const std::string tag = std::to_string(chunk);
    const OverlapRun reference = run_overlapped(fresh_study("reference" + tag), options, false);
    ASSERT_EQ(reference.evaluations.size(), 48u);
    // Mid round 1 (round 2 under way on the proposal thread), at the end of round 2 (round 3
    // proposed but not yet stored).
    for (const int64_t crash_at : {11, 24}) {
      SCOPED_TRACE("crash after " + std::to_string(crash_at) + " stored");
      const std::string path = fresh_study("crashed_" + std::to_string(crash_at) + "_" + tag);
      FitHooks crash;
      crash.on_stored = [crash_at](const StoredEvaluation&, int64_t stored) {
        if (stored == crash_at) throw std::runtime_error("simulated crash");
      };
      EXPECT_THROW(run_overlapped(path, options, false, nullptr, crash), std::runtime_error);
      ASSERT_EQ(StudyStorage::open(path).evaluations().size(), static_cast<std::size_t>(crash_at));
      const OverlapRun resumed = run_overlapped(path, options, true);
      EXPECT_EQ(resumed.evaluator_calls, 48 - crash_at);  // nothing evaluated twice
      testing::expect_same_evaluations(reference.evaluations, resumed.evaluations);
      ASSERT_EQ(resumed.rounds.size(), reference.rounds.size());
      for (std::size_t r = 0; r < reference.rounds.size(); ++r) {
        EXPECT_EQ(resumed.rounds[r].strategy_state, reference.rounds[r].strategy_state);
      }
    }
  }
}

TEST(FitOverlap, WithoutOverlapEachRoundSeesTheWholeStudy) {
  FitOptions options = overlap_options();
  options.overlap = false;
  const OverlapRun run = run_overlapped(fresh_study("plain"), options, false);
  ASSERT_EQ(run.calls.size(), 5u);
  for (std::size_t k = 0; k < run.calls.size(); ++k) {
    EXPECT_EQ(run.calls[k].newest_round, static_cast<int64_t>(k));
    EXPECT_FALSE(run.calls[k].pending.defined());
  }
}

// Hands a batch's outcomes over last row first, and fails (as a lost MPI job would) after
// `fail_after` rows in total.
class ReverseStreamingEvaluator final : public Evaluator {
 public:
  explicit ReverseStreamingEvaluator(int fail_after) : fail_after_(fail_after) {}
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override {
    return inner_.evaluate(x, seeds, stage);
  }
  void evaluate_each(const std::vector<std::vector<double>>& x, const std::vector<uint64_t>& seeds,
                     EvaluationStage stage, const OutcomeSink& sink) override {
    std::vector<EvaluationOutcome> outcomes = inner_.evaluate(x, seeds, stage);
    for (std::size_t k = outcomes.size(); k-- > 0;) {
      if (handed_over_ == fail_after_) throw std::runtime_error("the job was lost");
      ++handed_over_;
      sink(k, std::move(outcomes[k]));
    }
  }
  std::vector<std::string> error_names() const override { return inner_.error_names(); }
  std::string backend() const override { return inner_.backend(); }
  std::string device() const override { return inner_.device(); }

 private:
  TestFunctionEvaluator inner_;
  int fail_after_;
  int handed_over_ = 0;
};

TEST(FitOverlap, RowsAreStoredAsTheyArriveAndAFailedBatchKeepsThem) {
  const OverlapRun reference = run_overlapped(fresh_study("in_order"), overlap_options(), false);
  const std::string path = fresh_study("streamed");
  ReverseStreamingEvaluator failing(13);  // round 1: its last five slots back, then lost
  EXPECT_THROW(run_overlapped(path, overlap_options(), false, &failing), std::runtime_error);
  std::vector<StoredEvaluation> kept = StudyStorage::open(path).evaluations();
  ASSERT_EQ(kept.size(), 13u);
  std::set<int64_t> round1;
  for (const StoredEvaluation& e : kept) {
    if (e.round == 1) round1.insert(e.slot);
  }
  EXPECT_EQ(round1, (std::set<int64_t>{3, 4, 5, 6, 7}));

  ReverseStreamingEvaluator reversed(1 << 30);
  const OverlapRun resumed = run_overlapped(path, overlap_options(), true, &reversed);
  ASSERT_EQ(resumed.evaluations.size(), 48u);
  // Stored in arrival order, read by (round, slot): the same study as in-order arrival.
  testing::expect_same_evaluations(testing::sorted_by_round_and_slot(reference.evaluations),
                                   testing::sorted_by_round_and_slot(resumed.evaluations));
}

// An evaluator that takes rows while it runs, as MpiEvaluator's ranks do, one at a time. It holds
// the first full run it takes back (a slow trial in the tail of its round) and evaluates every
// other row at once, and it hands the held row back only when it has taken nothing for `patience`:
// a round proposed meanwhile runs in that tail. It records when each trial seed was taken and when
// its outcome was delivered.
class TailFillingEvaluator final : public Evaluator {
 public:
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override {
    return inner_.evaluate(x, seeds, stage);
  }
  void evaluate_stream(RowStream& stream, const OutcomeSink& sink) override {
    std::optional<RowBatch> held;
    auto deliver = [&](const RowBatch& row) {
      EvaluationOutcome o = inner_.evaluate(row.x, row.seeds, row.stage).front();
      if (row.stage == EvaluationStage::kFull || !o.feasible) delivered[row.seeds[0]] = ++events;
      sink(row.ids[0], std::move(o));
    };
    auto last_taken = std::chrono::steady_clock::now();
    for (;;) {
      RowBatch row = stream.take(1);
      if (row.size() == 1) {
        taken[row.seeds[0]] = ++events;
        last_taken = std::chrono::steady_clock::now();
        if (held || row.stage == EvaluationStage::kScreen) {
          deliver(row);
        } else {
          held = std::move(row);
        }
        continue;
      }
      if (stream.finished()) return;
      if (held && std::chrono::steady_clock::now() - last_taken > patience) {
        const RowBatch back = std::move(*held);
        held.reset();
        deliver(back);
        continue;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  std::vector<std::string> error_names() const override { return inner_.error_names(); }
  std::string backend() const override { return inner_.backend(); }
  std::string device() const override { return inner_.device(); }

  std::chrono::milliseconds patience{2000};
  std::map<uint64_t, int> taken, delivered;  // trial seed -> event number (last take, delivery)
  int events = 0;

 private:
  TestFunctionEvaluator inner_;
};

// Overlap without chunks hands rounds to the evaluator as a stream: a round's rows go out as soon
// as it is proposed, while the round before it still has rows in flight, and the study is the
// round-by-round one, screening included.
TEST(FitOverlap, AStreamingEvaluatorFillsARoundsTailWithTheNextRound) {
  FitOptions options = overlap_options();
  options.screen = true;  // Sobol and proposed points in the infeasible disc end at the screen
  options.chunk = 8;
  const OverlapRun reference = run_overlapped(fresh_study("round_by_round"), options, false);
  ASSERT_EQ(reference.evaluations.size(), 48u);

  options.chunk = 0;
  TailFillingEvaluator streaming;
  const OverlapRun streamed =
      run_overlapped(fresh_study("tail_filled"), options, false, &streaming);
  EXPECT_EQ(streamed.result.stop_reason, "evaluation budget");
  testing::expect_same_evaluations(testing::sorted_by_round_and_slot(reference.evaluations),
                                   testing::sorted_by_round_and_slot(streamed.evaluations));
  ASSERT_EQ(streamed.rounds.size(), reference.rounds.size());
  for (std::size_t r = 0; r < reference.rounds.size(); ++r) {
    EXPECT_EQ(streamed.rounds[r].strategy_state, reference.rounds[r].strategy_state);
  }

  // For each round: when its first row went out, and when its last outcome came back.
  std::map<int64_t, int> first_taken, last_back;
  int screened_out = 0;
  for (const StoredEvaluation& e : streamed.evaluations) {
    ASSERT_TRUE(streaming.taken.count(e.trial_seed) && streaming.delivered.count(e.trial_seed));
    const int taken = streaming.taken.at(e.trial_seed);
    first_taken[e.round] =
        first_taken.count(e.round) ? std::min(first_taken[e.round], taken) : taken;
    last_back[e.round] = std::max(last_back[e.round], streaming.delivered.at(e.trial_seed));
    screened_out += e.stage == EvaluationStage::kScreen;
  }
  EXPECT_GT(screened_out, 0);
  // Round 1 waits for the whole of round 0 (its models need it); later rounds start in the tail
  // of the round before them.
  EXPECT_GT(first_taken.at(1), last_back.at(0));
  int filled = 0;
  for (int64_t r = 2; r < static_cast<int64_t>(streamed.rounds.size()); ++r) {
    filled += first_taken.at(r) < last_back.at(r - 1);
  }
  EXPECT_GE(filled, 2) << "rounds started in the tail of the round before them";
}

TEST(FitOverlap, AStoppedStreamKeepsEveryRowItHandedBack) {
  FitOptions options = overlap_options();
  TailFillingEvaluator streaming;
  streaming.patience = std::chrono::milliseconds(200);
  int stored = 0;
  FitHooks hooks;
  hooks.on_stored = [&stored](const StoredEvaluation&, int64_t) { ++stored; };
  hooks.stop_requested = [&stored] { return stored >= 20; };
  const std::string path = fresh_study("stopped_stream");
  const OverlapRun stopped = run_overlapped(path, options, false, &streaming, hooks);
  EXPECT_EQ(stopped.result.stop_reason, kInterruptedStop);
  // The row in flight at the stop comes back and is stored; none is taken after it.
  EXPECT_GE(stopped.evaluations.size(), 20u);
  EXPECT_LE(stopped.evaluations.size(), 21u);
  EXPECT_EQ(streaming.taken.size(), stopped.evaluations.size());

  const OverlapRun reference = run_overlapped(fresh_study("unstopped"), options, false);
  const OverlapRun resumed = run_overlapped(path, options, true, &streaming);
  testing::expect_same_evaluations(testing::sorted_by_round_and_slot(reference.evaluations),
                                   testing::sorted_by_round_and_slot(resumed.evaluations));
}

}  // namespace
}  // namespace spikefit::experiments
