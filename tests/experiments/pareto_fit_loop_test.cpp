// The fit loop on a multi-objective study (issue 16): stored objectives, replicates of front
// points, the front and hypervolume in the progress, resuming after a crash.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <stdexcept>

#include "same_evaluations.hpp"
#include "spikefit/acquisition/hypervolume.hpp"
#include "spikefit/acquisition/pareto_strategy.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/objective_model_proposer.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

// Two competing noisy objectives on [0, 10]^2: squared distances to A = (2, 3) and B = (8, 7),
// each times exp(0.1 z) with z keyed by the trial seed; infeasible inside the disc of radius 2.5
// around (8, 2).
class TwoTargetsEvaluator final : public Evaluator {
 public:
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage) override {
    std::vector<EvaluationOutcome> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      ++calls_;
      if (std::hypot(x[i][0] - 8.0, x[i][1] - 2.0) < 2.5) {
        out[i].reason = "inside the infeasible disc";
        continue;
      }
      std::mt19937_64 rng(seeds[i]);
      std::normal_distribution<double> z(0.0, 1.0);
      const double to_a =
          (std::pow(x[i][0] - 2, 2) + std::pow(x[i][1] - 3, 2)) * std::exp(0.1 * z(rng));
      const double to_b =
          (std::pow(x[i][0] - 8, 2) + std::pow(x[i][1] - 7, 2)) * std::exp(0.1 * z(rng));
      out[i].feasible = true;
      out[i].errors = {to_a, to_b};
      out[i].cost = (to_a + to_b) / 2;
    }
    return out;
  }
  std::vector<std::string> error_names() const override { return {"to_a", "to_b"}; }
  std::string backend() const override { return "test"; }
  std::string device() const override { return "two_targets"; }
  int calls() const { return calls_; }

 private:
  int calls_ = 0;
};

const std::vector<double> kReference = {120.0, 120.0};

FitOptions pareto_options() {
  FitOptions o;
  o.batch = 6;
  o.initial = 8;
  o.max_evaluations = 32;
  o.seed = 7;
  o.replicate_slots = 1;
  o.objectives = one_objective_per_error({"to_a", "to_b"});
  o.reference_point = kReference;
  return o;
}

struct ParetoRun {
  std::vector<StoredEvaluation> evaluations;
  std::vector<FitProgress> progress;
  int calls = 0;
};

ParetoRun run_pareto(const std::string& path, bool resume, const FitHooks& extra = {}) {
  StudyStorage storage =
      resume ? StudyStorage::open(path) : StudyStorage::create(path, {{"kind", "test_function"}});
  TwoTargetsEvaluator evaluator;
  ObjectiveModelSpec spec;
  spec.objectives = 2;
  spec.reference_point = kReference;
  spec.log_objectives = true;
  spec.feasibility = true;
  surrogate::GpFitOptions fit;
  fit.restarts = 1;
  ObjectiveModelProposer proposer(spec, true, nullptr, acquisition::make_ehvi_strategy(), fit);
  ParetoRun run;
  FitHooks hooks = extra;
  hooks.on_round = [&](const FitProgress& p) { run.progress.push_back(p); };
  const FitProblem problem{{"x1", "x2"}, {0.0, 0.0}, {10.0, 10.0}, {false, false}};
  run_fit(problem, evaluator, proposer, storage, pareto_options(), hooks);
  run.evaluations = storage.evaluations();
  run.calls = evaluator.calls();
  return run;
}

// Brute force, independent of study_front: each feasible point's mean objectives, and the points
// no other point dominates.
std::map<int64_t, std::vector<double>> brute_force_front(
    const std::vector<StoredEvaluation>& evaluations) {
  std::map<int64_t, std::vector<double>> sum;
  std::map<int64_t, int> count;
  std::map<int64_t, bool> feasible;
  for (const auto& e : evaluations) {
    feasible.emplace(e.point, true);
    feasible[e.point] = feasible[e.point] && e.feasible;
    auto& s = sum[e.point];
    s.resize(2, 0.0);
    if (e.feasible) s[0] += e.objectives[0], s[1] += e.objectives[1];
    ++count[e.point];
  }
  std::map<int64_t, std::vector<double>> means, front;
  for (const auto& [point, s] : sum) {
    if (feasible[point]) means[point] = {s[0] / count[point], s[1] / count[point]};
  }
  for (const auto& [p, a] : means) {
    bool dominated = false;
    for (const auto& [q, b] : means) {
      dominated |= q != p && b[0] <= a[0] && b[1] <= a[1] && (b[0] < a[0] || b[1] < a[1]);
    }
    if (!dominated) front[p] = a;
  }
  return front;
}

TEST(ParetoFitLoop, StoresEveryObjectiveRepeatsFrontPointsAndReportsTheFront) {
  const ParetoRun run = run_pareto(testing::fresh_temp_path("spikefit_pareto_loop.sqlite"), false);
  ASSERT_EQ(run.evaluations.size(), 32u);
  int infeasible = 0;
  for (const auto& e : run.evaluations) {
    ASSERT_EQ(e.objectives.size(), 2u);
    if (e.feasible) {
      EXPECT_EQ(e.objectives, e.errors);  // 'each': the objectives are the errors
    } else {
      ++infeasible;
      EXPECT_TRUE(std::isnan(e.objectives[0]) && std::isnan(e.objectives[1]));
    }
    EXPECT_TRUE(std::isfinite(e.cost) == e.feasible);  // the scalar cost is kept
  }
  EXPECT_GT(infeasible, 0);  // the disc was visited: infeasible rows store NaN objectives
  // Every replicate repeats a point on the front of the rounds before it (by replicate means).
  int replicates = 0;
  for (const auto& e : run.evaluations) {
    if (e.source != acquisition::ProposalSource::kReplicate) continue;
    ++replicates;
    std::vector<StoredEvaluation> before;
    for (const auto& f : run.evaluations) {
      if (f.round < e.round) before.push_back(f);
    }
    EXPECT_TRUE(brute_force_front(before).count(e.point)) << "point " << e.point;
  }
  EXPECT_GT(replicates, 0);
  // The progress reports the front of the replicate means and its exact hypervolume.
  ASSERT_FALSE(run.progress.empty());
  const auto front = brute_force_front(run.evaluations);
  acquisition::Points values;
  for (const auto& [point, v] : front) values.push_back(v);
  ASSERT_TRUE(run.progress.back().front);
  EXPECT_EQ(run.progress.back().front->size, front.size());
  EXPECT_DOUBLE_EQ(run.progress.back().front->hypervolume.value,
                   acquisition::hypervolume(values, kReference));
  ASSERT_TRUE(run.progress.front().front);
  EXPECT_GT(run.progress.back().front->hypervolume.value,
            run.progress.front().front->hypervolume.value);  // the rounds improved the front
  // The report's trace: one step per round, the same hypervolumes as the progress.
  const std::vector<HypervolumeStep> trace = hypervolume_trace(run.evaluations, kReference);
  ASSERT_EQ(trace.size(), run.progress.size());
  for (std::size_t r = 0; r < trace.size(); ++r) {
    EXPECT_EQ(trace[r].evaluations, run.progress[r].evaluations);
    EXPECT_DOUBLE_EQ(trace[r].hypervolume, run.progress[r].front->hypervolume.value);
  }
}

TEST(ObjectiveModelProposer, OneInfeasibleRepeatRulesEveryRowOfItsPointOut) {
  std::vector<StoredEvaluation> rows;
  auto add = [&](int64_t point, int64_t slot, std::vector<double> x, bool feasible) {
    StoredEvaluation e;
    e.round = 0;
    e.slot = slot;
    e.point = point;
    e.x = std::move(x);
    e.feasible = feasible;
    const auto s = static_cast<double>(slot);
    e.objectives = feasible ? std::vector<double>{1.0 + s, 2.0 + s}
                            : std::vector<double>{std::nan(""), std::nan("")};
    rows.push_back(e);
  };
  add(0, 0, {1.0, 1.0}, true);
  add(0, 1, {1.0, 1.0}, false);  // a repeat of point 0 that failed
  add(1, 2, {4.0, 6.0}, true);
  add(2, 3, {7.0, 2.0}, true);
  add(3, 4, {9.0, 9.0}, true);
  ObjectiveModelSpec spec;
  spec.objectives = 2;
  spec.feasibility = true;
  ObjectiveModelProposer proposer(spec, true, nullptr, acquisition::make_parego_strategy(), {});
  nlohmann::json models;
  acquisition::ProposeRequest request;
  request.q = 0;  // fit only
  proposer.propose(surrogate::UnitCube({0.0, 0.0}, {10.0, 10.0}, {false, false}), rows, request,
                   models);
  EXPECT_EQ(models.at("rows"), 5);
  EXPECT_EQ(models.at("feasible_rows"), 3);  // points 1, 2 and 3; neither row of point 0
  EXPECT_EQ(models.at("feasibility_gp"), true);
}

TEST(ParetoFitLoop, ResumesAfterACrashMidRoundWithTheSameEvaluationsAndObjectives) {
  const ParetoRun reference =
      run_pareto(testing::fresh_temp_path("spikefit_pareto_reference.sqlite"), false);
  const std::string path = testing::fresh_temp_path("spikefit_pareto_crashed.sqlite");
  FitHooks crash;
  crash.on_stored = [](const StoredEvaluation&, int64_t stored) {
    if (stored == 11) throw std::runtime_error("simulated crash");
  };
  EXPECT_THROW(run_pareto(path, false, crash), std::runtime_error);
  const ParetoRun resumed = run_pareto(path, true);
  EXPECT_EQ(resumed.calls, 32 - 11);  // nothing lost, nothing evaluated twice
  ASSERT_EQ(resumed.evaluations.size(), reference.evaluations.size());
  testing::expect_same_evaluations(reference.evaluations, resumed.evaluations);
}

}  // namespace
}  // namespace spikefit::experiments
