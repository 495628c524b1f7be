#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <string>

#include "branin_study.hpp"
#include "same_evaluations.hpp"
#include "spikefit/acquisition/sobol.hpp"
#include "spikefit/experiments/cli/fit_progress.hpp"
#include "spikefit/experiments/cli/strategy_choice.hpp"
#include "spikefit/experiments/evaluation/test_function_evaluator.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/round_models.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

std::string fresh_study(const std::string& name) {
  return testing::fresh_temp_path("spikefit_fit_loop_" + name + ".sqlite");
}

using testing::branin_problem;

const nlohmann::json kStudy = testing::branin_study_document();

FitOptions small_options() {
  return testing::small_branin_options(48);
}

// A minimal model-based strategy for the tests (the production ones live in acquisition/):
// the q Sobol candidates of lowest LCB = mean - sd of the cost GP, penalised by -log P(feasible),
// at least 0.02 apart. It uses exactly what the loop hands a strategy, so the loop can only
// improve through it if the models it fits are right.
class LowestBoundStrategy final : public acquisition::BatchStrategy {
 public:
  std::string name() const override { return "test_lowest_bound"; }
  acquisition::Proposal propose(const acquisition::ModelSet& models,
                                const acquisition::ProposeRequest& request) override {
    acquisition::SobolSequence sequence(2, true, request.seed);
    const auto points = sequence.next(1024);
    at::Tensor candidates = at::empty({1024, 2}, at::kDouble);
    for (int64_t i = 0; i < 1024; ++i) {
      candidates[i][0] = points[i][0];
      candidates[i][1] = points[i][1];
    }
    at::Tensor score = at::zeros({1024}, at::kDouble);
    if (models.objective) {
      const auto posterior = models.objective->posterior(candidates);
      score = posterior.mean - posterior.variance.clamp_min(0).sqrt();
    }
    if (models.feasibility) score = score - models.feasibility->log_probability(candidates);
    const at::Tensor order = score.argsort();
    acquisition::Proposal p;
    std::vector<at::Tensor> rows;
    for (int64_t k = 0; k < 1024 && static_cast<int64_t>(rows.size()) < request.q; ++k) {
      const at::Tensor c = candidates[order[k].item<int64_t>()];
      bool far = true;
      for (const auto& r : rows) far = far && (r - c).norm().item<double>() > 0.02;
      if (far) rows.push_back(c);
    }
    p.x = at::stack(rows);
    p.source.assign(rows.size(), models.objective ? acquisition::ProposalSource::kGreedy
                                                  : acquisition::ProposalSource::kSobol);
    return p;
  }
};

struct StudyRun {
  FitResult result;
  std::vector<StoredEvaluation> evaluations;
  std::vector<StoredRound> rounds;
  int evaluator_calls = 0;
};

StudyRun run_study(const std::string& path, const FitOptions& options, bool resume,
                   TestFunctionOptions problem_options = {}, const FitHooks& hooks = {},
                   const std::string& strategy_name = "mixed") {
  StudyStorage storage = resume ? StudyStorage::open(path) : StudyStorage::create(path, kStudy);
  TestFunctionEvaluator evaluator(problem_options);
  std::unique_ptr<acquisition::BatchStrategy> strategy =
      strategy_name == "test_lowest_bound" ? std::make_unique<LowestBoundStrategy>()
                                           : make_fit_strategy(strategy_name, 2);
  StudyRun run;
  run.result = run_fit(branin_problem(), evaluator, *strategy, storage, options, hooks);
  run.evaluations = storage.evaluations();
  run.rounds = storage.rounds();
  run.evaluator_calls = evaluator.evaluations();
  return run;
}

double best_cost_of_round(const std::vector<StoredEvaluation>& evaluations, int64_t round) {
  double best = INFINITY;
  for (const auto& e : evaluations) {
    if (e.round == round && e.feasible) best = std::min(best, e.cost);
  }
  return best;
}

TEST(FitLoop, ImprovesOnItsInitialDesignAndJudgesTheIncumbentOnReplicates) {
  FitOptions options = small_options();
  options.seed = 3;
  const StudyRun run =
      run_study(fresh_study("improves"), options, false, {}, {}, "test_lowest_bound");
  ASSERT_EQ(run.result.evaluations, 48);
  EXPECT_EQ(run.result.stop_reason, "evaluation budget");
  ASSERT_TRUE(run.result.incumbent);
  const PointSummary& inc = *run.result.incumbent;
  EXPECT_GE(inc.evaluations, 2);
  EXPECT_LE(inc.evaluations, 3);
  EXPECT_TRUE(std::isfinite(inc.se_cost));
  const double initial_best = best_cost_of_round(run.evaluations, 0);
  ASSERT_GT(initial_best, 1.5);  // this seed's initial design is not already at a minimum
  EXPECT_LT(inc.mean_cost, initial_best);
  EXPECT_LT(inc.mean_cost, 1.3);  // near a minimum (cost 1 there, noise sd 10%)
  // Noise floor of the stand-in: cost >= exp(-noise) near the minima.
  EXPECT_GT(inc.mean_cost, 0.6);
  // Replicates repeat their point's parameters exactly, with a fresh seed each.
  std::set<uint64_t> seeds;
  for (const auto& e : run.evaluations) {
    EXPECT_TRUE(seeds.insert(e.trial_seed).second);
    if (e.source == acquisition::ProposalSource::kReplicate) {
      bool found = false;
      for (const auto& f : run.evaluations) {
        if (f.point == e.point && f.source != acquisition::ProposalSource::kReplicate) {
          EXPECT_EQ(f.x, e.x);
          found = true;
        }
      }
      EXPECT_TRUE(found);
    }
  }
  // Rounds after the initial design record the fitted models.
  ASSERT_GE(run.rounds.size(), 2u);
  EXPECT_EQ(run.rounds[0].strategy, "sobol_initial_design");
  EXPECT_TRUE(run.rounds[1].models.contains("cost_gp"));
  EXPECT_EQ(run.rounds[1].models["cost_gp"]["lengthscales"].size(), 2u);
}

TEST(FitLoop, ResumesAfterACrashMidRoundWithNoLossNoRepeatAndTheSameResult) {
  FitOptions options = small_options();
  options.chunk = 3;  // stores within a round come in three calls
  const StudyRun reference = run_study(fresh_study("reference"), options, false);

  const std::string path = fresh_study("crashed");
  FitHooks crash;
  crash.on_stored = [](const StoredEvaluation&, int64_t stored) {
    if (stored == 13) throw std::runtime_error("simulated crash");
  };
  EXPECT_THROW(run_study(path, options, false, {}, crash), std::runtime_error);
  {
    const StudyStorage storage = StudyStorage::open(path);
    ASSERT_EQ(storage.evaluations().size(), 13u);  // mid round 1 (slots 0-4 of 8 stored)
    EXPECT_EQ(storage.evaluations().back().round, 1);
    EXPECT_EQ(storage.rounds().size(), 2u);
  }
  const StudyRun resumed = run_study(path, options, true);
  EXPECT_EQ(resumed.evaluator_calls, 48 - 13);  // nothing evaluated twice
  ASSERT_EQ(resumed.evaluations.size(), reference.evaluations.size());
  std::set<std::pair<int64_t, int64_t>> slots;
  for (const auto& b : resumed.evaluations) EXPECT_TRUE(slots.insert({b.round, b.slot}).second);
  testing::expect_same_evaluations(reference.evaluations, resumed.evaluations);
  ASSERT_TRUE(reference.result.incumbent && resumed.result.incumbent);
  EXPECT_EQ(reference.result.incumbent->point, resumed.result.incumbent->point);
  EXPECT_DOUBLE_EQ(reference.result.incumbent->mean_cost, resumed.result.incumbent->mean_cost);
}

TEST(FitLoop, ResumingAFinishedStudyWithALargerBudgetContinuesIt) {
  const std::string path = fresh_study("extend");
  FitOptions options = small_options();
  options.max_evaluations = 16;
  run_study(path, options, false);
  options.max_evaluations = 24;
  const StudyRun more = run_study(path, options, true);
  EXPECT_EQ(more.evaluator_calls, 8);
  EXPECT_EQ(more.evaluations.size(), 24u);
}

TEST(FitLoop, InfeasibleEvaluationsAreStoredWithTheirReasonAndTrainTheFeasibilityModel) {
  const StudyRun run = run_study(fresh_study("infeasible"), small_options(), false);
  int infeasible = 0;
  for (const auto& e : run.evaluations) {
    if (e.feasible) continue;
    ++infeasible;
    EXPECT_TRUE(std::isnan(e.cost));
    EXPECT_EQ(e.reason, "inside the infeasible region");
    EXPECT_LT(std::hypot(e.x[0] - 2.5, e.x[1] - 12.5), 4.0);
  }
  ASSERT_GT(infeasible, 0);
  bool feasibility_fitted = false;
  for (const auto& r : run.rounds) feasibility_fitted |= r.models.contains("feasibility_gp");
  EXPECT_TRUE(feasibility_fitted);
}

TEST(FitLoop, ScreeningRejectsInfeasiblePointsBeforeTheFullRun) {
  FitOptions options = small_options();
  options.screen = true;
  const StudyRun run = run_study(fresh_study("screen"), options, false);
  int rejected = 0;
  for (const auto& e : run.evaluations) {
    if (e.stage == EvaluationStage::kScreen) {
      ++rejected;
      EXPECT_FALSE(e.feasible);
      EXPECT_LT(std::hypot(e.x[0] - 2.5, e.x[1] - 12.5), 4.0);
    } else {
      EXPECT_EQ(e.stage, EvaluationStage::kFull);
      EXPECT_TRUE(e.feasible);  // the stand-in's feasibility does not change between stages
    }
  }
  EXPECT_GT(rejected, 0);
  // Each non-replicate slot is screened once, and only the feasible ones are run in full.
  int replicates = 0;
  for (const auto& e : run.evaluations)
    replicates += e.source == acquisition::ProposalSource::kReplicate;
  EXPECT_EQ(run.evaluator_calls, 48 + (48 - rejected - replicates));
}

TEST(FitLoop, AnAllInfeasibleStudyRunsToItsBudgetWithoutModels) {
  TestFunctionOptions nothing_feasible;
  nothing_feasible.always_infeasible = true;
  FitOptions options = small_options();
  options.max_evaluations = 24;
  const StudyRun run = run_study(fresh_study("all_infeasible"), options, false, nothing_feasible);
  EXPECT_EQ(run.evaluations.size(), 24u);
  EXPECT_FALSE(run.result.incumbent);
  for (const auto& e : run.evaluations) EXPECT_FALSE(e.feasible);
  for (const auto& r : run.rounds) {
    EXPECT_FALSE(r.models.contains("cost_gp"));
    EXPECT_FALSE(r.models.contains("feasibility_gp"));
    for (const auto& s : r.slots) EXPECT_NE(s.source, acquisition::ProposalSource::kReplicate);
  }
}

TEST(FitLoop, AnAllInfeasibleFirstRoundIsFollowedByFurtherProposals) {
  // Feasible only in a corner the 4-point initial design misses.
  TestFunctionOptions corner;
  corner.infeasible_centre = {-5.0, 15.0};
  corner.infeasible_radius = 19.0;
  FitOptions options = small_options();
  options.initial = 4;
  options.max_evaluations = 60;
  const StudyRun run = run_study(fresh_study("first_round"), options, false, corner);
  ASSERT_TRUE(std::isinf(best_cost_of_round(run.evaluations, 0)));
  EXPECT_EQ(run.evaluations.size(), 60u);
  EXPECT_TRUE(run.result.incumbent);
}

TEST(FitLoop, StopsWhenTheIncumbentReachesTheStopCost) {
  FitOptions options = small_options();
  options.max_evaluations = 200;
  options.stop_cost = 3.0;
  const StudyRun run = run_study(fresh_study("stop_cost"), options, false);
  EXPECT_EQ(run.result.stop_reason, "incumbent at the stop cost");
  ASSERT_TRUE(run.result.incumbent);
  EXPECT_LE(run.result.incumbent->mean_cost, 3.0);
  EXPECT_GE(run.result.incumbent->evaluations, 2);
  EXPECT_LT(run.result.evaluations, 200);
}

// The stand-in on a simulated 2-core machine: every evaluation takes 10 s of a core, a batch of B
// takes 10 s x ceil(B / 2) of wall time on the injected clock.
class TimedEvaluator final : public Evaluator {
 public:
  explicit TimedEvaluator(double& clock_s) : clock_s_(clock_s) {}
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override {
    std::vector<EvaluationOutcome> out = inner_.evaluate(x, seeds, stage);
    const double wall = 10.0 * static_cast<double>((x.size() + 1) / 2);
    clock_s_ += wall;
    for (EvaluationOutcome& o : out) o.wall_s = wall / static_cast<double>(x.size());
    return out;
  }
  std::vector<std::string> error_names() const override { return inner_.error_names(); }
  std::string backend() const override { return inner_.backend(); }
  std::string device() const override { return inner_.device(); }

 private:
  TestFunctionEvaluator inner_;
  double& clock_s_;
};

TEST(FitLoop, TheTimeBudgetLaunchesOnlyEvaluationsThatFinishInIt) {
  double clock_s = 1000.0;
  FitHooks hooks;
  hooks.now_s = [&clock_s] { return clock_s; };
  std::vector<FitProgress> progress;
  hooks.on_round = [&progress](const FitProgress& p) { progress.push_back(p); };
  FitOptions options = small_options();
  options.batch = 4;
  options.initial = 4;
  options.max_minutes = 0.9;  // 54 s
  StudyStorage storage = StudyStorage::create(fresh_study("time_budget"), kStudy);
  TimedEvaluator evaluator(clock_s);
  auto strategy = make_fit_strategy("sobol", 2);
  const FitResult result = run_fit(branin_problem(), evaluator, *strategy, storage, options, hooks);
  // Rounds 0 and 1: 4 evaluations in 20 s each (5 s per evaluation measured). At 40 s, 14 s are
  // left: 2 evaluations are launched (done at 50 s), the other 2 would end at 60 s.
  const std::vector<StoredEvaluation> stored = storage.evaluations();
  ASSERT_EQ(stored.size(), 10u);
  for (const StoredEvaluation& e : stored) EXPECT_LE(e.elapsed_s, 54.0) << e.id;
  EXPECT_DOUBLE_EQ(clock_s, 1050.0);
  EXPECT_EQ(result.stop_reason,
            "time budget (2 evaluations held back: they would not finish in it)");
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(progress.back().held_back, 2);
  EXPECT_NE(progress_line(progress.back())
                .find("stopped: 2 evaluations would not finish in the "
                      "budget"),
            std::string::npos)
      << progress_line(progress.back());
  EXPECT_EQ(progress[1].held_back, 0);
}

TEST(FitLoop, SeedsDependOnStudySeedRoundAndSlotOnly) {
  EXPECT_EQ(slot_seed(1, 2, 3), slot_seed(1, 2, 3));
  EXPECT_NE(slot_seed(1, 2, 3), slot_seed(1, 3, 2));
  EXPECT_NE(slot_seed(1, 2, 3), slot_seed(2, 2, 3));
  EXPECT_NE(proposal_seed(1, 2), proposal_seed(1, 3));
}

TEST(StrategyChoice, UnknownStrategiesAreNamed) {
  try {
    make_fit_strategy("annealing", 2);
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("'annealing'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("mixed"), std::string::npos);
  }
}

}  // namespace
}  // namespace spikefit::experiments
