#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/cli/strategy_choice.hpp"
#include "spikefit/experiments/evaluation/config_evaluator.hpp"
#include "spikefit/experiments/evaluation/test_function_evaluator.hpp"
#include "spikefit/experiments/report/study_report.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "tiny_fit.hpp"

namespace spikefit::experiments {
namespace {

using namespace spikefit::cli_test;

using tiny_fit::fresh;
using tiny_fit::non_empty_file;
using tiny_fit::temp_path;
using tiny_fit::TinyFit;

TEST_F(TinyFit, ARealFitImprovesOnItsInitialDesignAndItsReportReproducesTheIncumbent) {
  const std::string study = fresh("tiny.sqlite");
  const CommandResult r = run_spikefit(fit_args(study) + "--batch 6 --initial 6 --max-evals 18");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("stopped: evaluation budget after 18 evaluations"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("round 2  evals 18/18"), std::string::npos) << r.output;

  const StudyStorage storage = StudyStorage::open(study);
  const auto evaluations = storage.evaluations();
  ASSERT_EQ(evaluations.size(), 18u);
  double initial_best = INFINITY, best = INFINITY;
  for (const auto& e : evaluations) {
    if (!e.feasible) continue;
    best = std::min(best, e.cost);
    if (e.round == 0) initial_best = std::min(initial_best, e.cost);
    EXPECT_EQ(e.errors.size(), 3u);
    EXPECT_TRUE(e.statistics.contains("fano"));
    EXPECT_EQ(e.backend, "cpu");
  }
  ASSERT_TRUE(std::isfinite(initial_best));
  EXPECT_LT(best, initial_best);
  const nlohmann::json doc = storage.study();
  EXPECT_EQ(doc["target_name"], "tiny");
  EXPECT_EQ(doc["parameters"][0]["name"], "taudsynI");
  EXPECT_EQ(doc["options"]["batch"], 6);

  const std::string out = temp_path("tiny_report_" + std::to_string(getpid()));
  const CommandResult report = run_spikefit("report --study " + study + " --out " + out);
  ASSERT_EQ(report.exit_code, 0) << report.output;
  for (const char* file : {"report.html", "report.json", "evaluations.csv", "statistics.csv",
                           "cost_vs_evaluations.png", "cost_vs_evaluations.svg", "cost_vs_time.png",
                           "parameter_traces.png", "statistics.png", "raster.png", "raster.svg"}) {
    EXPECT_TRUE(non_empty_file(out + "/" + file)) << file;
  }
  const auto json = nlohmann::json::parse(base::read_text(out + "/report.json"));
  ASSERT_FALSE(json["incumbent"].is_null());
  // The incumbent re-simulated from its stored seed gives its stored cost again.
  EXPECT_DOUBLE_EQ(json["raster"]["resimulated_cost"].get<double>(),
                   json["raster"]["stored_cost"].get<double>());
  EXPECT_GT(json["raster"]["spikes"].get<int>(), 0);
  EXPECT_EQ(json["statistics"].size(), 3u);
  EXPECT_EQ(json["statistics"][0]["statistic"], "rate");
  // the cost GP's view: its expected cost of a fresh run is the log-normal mean, above the median
  ASSERT_FALSE(json["posterior_incumbent"].is_null());
  EXPECT_EQ(json["posterior_incumbent"]["model"], "cost");
  EXPECT_GT(json["posterior_incumbent"]["expected_cost"].get<double>(),
            json["posterior_incumbent"]["posterior_cost"].get<double>());
  // the fit ended by naming the same point with the same expected cost
  const std::string model_line =
      "model's incumbent (lowest posterior mean of the cost model; point " +
      std::to_string(json["posterior_incumbent"]["point"].get<int64_t>()) + "): expected cost";
  const std::size_t at = r.output.find(model_line);
  ASSERT_NE(at, std::string::npos) << r.output;
  EXPECT_NEAR(
      std::stod(r.output.substr(at + model_line.size() + std::string(" of a fresh run ").size())),
      json["posterior_incumbent"]["expected_cost"].get<double>(),
      1e-3 * json["posterior_incumbent"]["expected_cost"].get<double>());
  const std::string html = base::read_text(out + "/report.html");
  EXPECT_NE(html.find("data:image/png;base64,iVBORw0KGgo"), std::string::npos);
  EXPECT_NE(html.find("Target vs fit"), std::string::npos);
}

TEST_F(TinyFit, AnExistingStudyNeedsResumeAndAResumeMustMatchTheStudy) {
  const std::string study = fresh("existing.sqlite");
  ASSERT_EQ(run_spikefit(fit_args(study) + "--batch 2 --initial 2 --max-evals 2").exit_code, 0);
  const CommandResult again = run_spikefit(fit_args(study) + "--batch 2 --initial 2 --max-evals 4");
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.output.find("already exists: pass --resume"), std::string::npos) << again.output;
  const CommandResult other_config =
      run_spikefit(fit_args(study) +
                   "--batch 2 --initial 2 --max-evals 4 --resume --set projections.EE.weight=30");
  EXPECT_NE(other_config.exit_code, 0);
  EXPECT_NE(other_config.output.find("differs in config"), std::string::npos)
      << other_config.output;
  const CommandResult other_batch =
      run_spikefit(fit_args(study) + "--batch 3 --initial 2 --resume");
  EXPECT_NE(other_batch.exit_code, 0);
  EXPECT_NE(other_batch.output.find("--batch (2 stored, 3 given)"), std::string::npos)
      << other_batch.output;
  const CommandResult resumed =
      run_spikefit(fit_args(study) + "--batch 2 --initial 2 --max-evals 4 --resume");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(StudyStorage::open(study).evaluations().size(), 4u);
}

TEST_F(TinyFit, ACompositeFitProposesFromOneGpPerStatisticAndItsStudyRemembersIt) {
  const std::string study = fresh("composite.sqlite");
  const CommandResult r =
      run_spikefit(fit_args(study) + "--batch 3 --initial 4 --max-evals 10 --model composite");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const StudyStorage storage = StudyStorage::open(study);
  EXPECT_EQ(storage.evaluations().size(), 10u);
  EXPECT_EQ(storage.study()["options"]["model"], "composite");
  int composite_rounds = 0;
  for (const StoredRound& round : storage.rounds()) {
    // the models of a round need 2 feasible rows (the cost GP's rule too)
    if (round.round == 0 || round.models.value("feasible_rows", 0) < 2) continue;
    ASSERT_TRUE(round.models.contains("composite")) << round.models.dump();
    EXPECT_FALSE(round.models.contains("cost_gp"));
    const auto& terms = round.models["composite"]["terms"];
    ASSERT_EQ(terms.size(), 3u);  // the tiny target's rate, fano and rsc_fisher_z
    EXPECT_EQ(terms[0]["statistic"], "rate");
    EXPECT_EQ(terms[0]["modelled"], "value");
    ++composite_rounds;
  }
  EXPECT_GE(composite_rounds, 1);
  // the report reads the study with its own model
  const std::string out = temp_path("composite_report_" + std::to_string(getpid()));
  const CommandResult report =
      run_spikefit("report --study " + study + " --no-raster --out " + out);
  ASSERT_EQ(report.exit_code, 0) << report.output;
  const auto json = nlohmann::json::parse(base::read_text(out + "/report.json"));
  ASSERT_FALSE(json["posterior_incumbent"].is_null());
  EXPECT_EQ(json["posterior_incumbent"]["model"], "composite");
  // the composite model's mean is already the log of the expected cost
  EXPECT_DOUBLE_EQ(json["posterior_incumbent"]["expected_cost"].get<double>(),
                   json["posterior_incumbent"]["posterior_cost"].get<double>());
  // the model is part of the study: resuming without it, or a cost study with it, is refused
  const CommandResult plain = run_spikefit(fit_args(study) + "--batch 3 --initial 4 --resume");
  EXPECT_NE(plain.exit_code, 0);
  EXPECT_NE(plain.output.find("--model (\"composite\" stored, not given)"), std::string::npos)
      << plain.output;
  EXPECT_TRUE(
      refused_with(fit_args(fresh("m.sqlite")) + "--model gp", "--model: unknown model 'gp'"));
  EXPECT_TRUE(refused_with(fit_args(fresh("m.sqlite")) + "--model composite --objectives each",
                           "--model: composite models the scalar cost"));
}

// Waits (up to 2 minutes) until the study holds at least `count` evaluations; returns them.
std::vector<StoredEvaluation> wait_for_evaluations(const std::string& study, std::size_t count) {
  std::vector<StoredEvaluation> stored;
  for (int wait = 0; wait < 12000 && stored.size() < count; ++wait) {
    usleep(10000);
    try {
      stored = StudyStorage::open(study).evaluations();
    } catch (const std::exception&) {  // not created yet
    }
  }
  return stored;
}

// Starts `args` (a fit with --chunk 1 and 12 evaluations), kills it with SIGKILL after 3 stored
// evaluations, resumes it and checks that nothing stored was lost or repeated.
void expect_kill_nine_loses_nothing(const std::string& study, const std::string& args) {
  const pid_t pid = spawn_spikefit(args);
  std::vector<StoredEvaluation> before = wait_for_evaluations(study, 3);
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  before = StudyStorage::open(study).evaluations();
  ASSERT_GE(before.size(), 3u);
  ASSERT_LT(before.size(), 12u);

  const CommandResult resumed = run_spikefit(args + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  const auto after = StudyStorage::open(study).evaluations();
  ASSERT_EQ(after.size(), 12u);
  std::set<std::pair<int64_t, int64_t>> slots;
  for (const auto& e : after) EXPECT_TRUE(slots.insert({e.round, e.slot}).second);
  for (std::size_t k = 0; k < before.size(); ++k) {  // kept as they were
    EXPECT_EQ(after[k].id, before[k].id);
    EXPECT_EQ(after[k].trial_seed, before[k].trial_seed);
    EXPECT_EQ(after[k].feasible, before[k].feasible);
    if (before[k].feasible) {
      EXPECT_EQ(after[k].cost, before[k].cost);
      EXPECT_EQ(after[k].objectives, before[k].objectives);
    }
  }
}

TEST_F(TinyFit, AKillNineMidRoundLosesNothingAndRepeatsNothing) {
  const std::string study = fresh("killed.sqlite");
  expect_kill_nine_loses_nothing(
      study, fit_args(study) + "--batch 6 --initial 6 --max-evals 12 --chunk 1 --threads 1");
}

TEST_F(TinyFit, AKillNineMidRoundOfAParetoFitLosesNothing) {
  const std::string study = fresh("killed_pareto.sqlite");
  // spawn splits the arguments at spaces without a shell: a SPEC with no quotes
  expect_kill_nine_loses_nothing(study, fit_args(study) +
                                            "--batch 6 --initial 6 --max-evals 12 --chunk 1 "
                                            "--threads 1 --objectives each");
  for (const auto& e : StudyStorage::open(study).evaluations()) {
    EXPECT_EQ(e.objectives.size(), 3u);
  }
}

TEST_F(TinyFit, ASecondWriterIsRefusedAndCtrlCStopsAfterTheEvaluationsUnderWay) {
  const std::string study = fresh("interrupted.sqlite");
  const std::string log = fresh("interrupted.log");
  const std::string args =
      fit_args(study) + "--batch 6 --initial 6 --max-evals 12 --chunk 1 --threads 1";
  const pid_t pid = spawn_spikefit(args, log);
  ASSERT_GE(wait_for_evaluations(study, 1).size(), 1u);

  const CommandResult second = run_spikefit(args + " --resume");
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_NE(second.output.find("study " + study + " is being written by another spikefit " +
                               "process (pid " + std::to_string(pid) + ")"),
            std::string::npos)
      << second.output;

  ASSERT_EQ(kill(pid, SIGINT), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "Ctrl-C killed the fit instead of stopping it";
  EXPECT_EQ(WEXITSTATUS(status), 0);
  const std::string output = base::read_text(log);
  EXPECT_NE(output.find("stopping after the evaluations under way"), std::string::npos) << output;
  EXPECT_NE(output.find(std::string("stopped: ") + kInterruptedStop), std::string::npos) << output;
  const std::size_t stored = StudyStorage::open(study).evaluations().size();
  EXPECT_LT(stored, 12u);
  EXPECT_NE(output.find("after " + std::to_string(stored) + " evaluations"), std::string::npos)
      << output;
}

TEST_F(TinyFit, ConfigAndTargetErrorsAreNamed) {
  const CommandResult name =
      run_spikefit("fit --config " + config_path() + " --target " + target_path() +
                   " --target-name nope --study " + fresh("e1.sqlite") + " " + kStatistics);
  EXPECT_NE(name.exit_code, 0);
  EXPECT_NE(name.output.find("nope"), std::string::npos) << name.output;
  EXPECT_NE(name.output.find("tiny"), std::string::npos) << name.output;  // the names it has

  const CommandResult neurons =
      run_spikefit("fit --config " + config_path() + " --target " + target_path() +
                   " --target-name tiny --study " + fresh("e2.sqlite") + " --neurons 30");
  EXPECT_EQ(neurons.exit_code, 2);
  EXPECT_NE(neurons.output.find("--neurons"), std::string::npos) << neurons.output;

  // 500-ms burn-in and one 100-ms bin: Fano and correlations need two bins (issue 14).
  const CommandResult screen = run_spikefit(fit_args(fresh("e5.sqlite")) + "--screen-ms 650");
  EXPECT_EQ(screen.exit_code, 2);
  EXPECT_NE(screen.output.find("--screen-ms: must cover the burn-in and two count bins (700 ms)"),
            std::string::npos)
      << screen.output;

  const CommandResult strategy =
      run_spikefit(fit_args(fresh("e3.sqlite")) + "--strategy annealing");
  EXPECT_EQ(strategy.exit_code, 2);
  EXPECT_NE(strategy.output.find("unknown strategy 'annealing'"), std::string::npos);

  const CommandResult out_of_range = run_spikefit(
      "fit --config " + std::string(SPIKEFIT_SOURCE_DIR) +
      "/experiments/configs/snops_sbn.json --target " + target_path() +
      " --target-name tiny --study " + fresh("e4.sqlite") + " --set JrEE=200 " + kStatistics);
  EXPECT_EQ(out_of_range.exit_code, 2);
  EXPECT_NE(out_of_range.output.find("JrEE"), std::string::npos) << out_of_range.output;
}

// SNOPS's screen (stage 1) judges runaway, silent and unscorable runs: a 700-ms screen (two
// 100-ms bins after the burn-in) has a Fano factor but no factor analysis, and the mean-rate cap
// is the full run's.
TEST_F(TinyFit, TheMeanRateCapRulesOutAFullRunButNotItsScreen) {
  ModelEvaluatorOptions options;
  options.statistics.selection.neurons = 20;
  options.statistics.selection.draws = 2;
  options.statistics.dimension = stats::DimensionMethod::kEigenThreshold;
  options.statistics.max_mean_rate_hz = 0.5;  // every active network is above it
  options.screen_ms = 700;
  ConfigEvaluator chosen(load_model_config(config_path()),
                         stats::load_target(target_path(), "tiny"), "cpu", options);
  const std::vector<std::vector<double>> truth = {{8.0, 60.0}};  // taudsynI, JrEX
  const auto screen = chosen.evaluator().evaluate(truth, {3}, EvaluationStage::kScreen);
  EXPECT_TRUE(screen[0].feasible) << screen[0].reason;
  const auto full = chosen.evaluator().evaluate(truth, {3}, EvaluationStage::kFull);
  EXPECT_FALSE(full[0].feasible);
  EXPECT_NE(full[0].reason.find("mean rate"), std::string::npos) << full[0].reason;
}

TEST(Report, AStandInStudyGivesItsPlotsTablesAndExports) {
  const std::string study = fresh("standin.sqlite");
  {
    StudyStorage storage =
        StudyStorage::create(study, {{"kind", "test_function"},
                                     {"parameters",
                                      {{{"name", "x1"}, {"lower", -5.0}, {"upper", 10.0}},
                                       {{"name", "x2"}, {"lower", 0.0}, {"upper", 15.0}}}},
                                     {"error_names", {"branin", "noise"}},
                                     {"options", {{"min-replicates", 2}}}});
    TestFunctionEvaluator evaluator;
    auto strategy = make_fit_strategy("sobol", 2);
    FitOptions options;
    options.max_evaluations = 40;
    options.initial = 8;
    options.replicate_slots = 2;
    run_fit({{"x1", "x2"}, {-5.0, 0.0}, {10.0, 15.0}, {false, false}}, evaluator, *strategy,
            storage, options);
  }
  ReportOptions options;
  options.out_dir = temp_path("standin_report_" + std::to_string(getpid()));
  const nlohmann::json report = write_study_report(StudyStorage::open(study), options);
  EXPECT_EQ(report["evaluations"], 40);
  ASSERT_FALSE(report["incumbent"].is_null());
  EXPECT_GE(report["incumbent"]["evaluations"].get<int>(), 2);
  EXPECT_EQ(report["incumbent"]["replicate_costs"].size(),
            report["incumbent"]["evaluations"].get<std::size_t>());
  EXPECT_TRUE(report["raster"].is_null());  // not a simulation study
  // SNOPS's incumbent beside it: the lowest posterior mean of the cost GP, with its replicates
  const nlohmann::json& model_best = report["posterior_incumbent"];
  ASSERT_FALSE(model_best.is_null());
  EXPECT_GT(model_best["posterior_cost"].get<double>(), 0.0);
  EXPECT_GE(model_best["evaluations"].get<int>(), 1);
  EXPECT_TRUE(std::isfinite(model_best["mean_cost"].get<double>()));
  EXPECT_EQ(model_best["parameters"].size(), 2u);
  EXPECT_NE(base::read_text(options.out_dir + "/report.html")
                .find("Lowest posterior mean of the cost GP"),
            std::string::npos);
  // and the parameter importance of the cost GP
  const nlohmann::json& importance = report["parameter_importance"];
  ASSERT_EQ(importance.size(), 2u);
  EXPECT_NEAR(importance["x1"]["ard_relevance"].get<double>() +
                  importance["x2"]["ard_relevance"].get<double>(),
              1.0, 1e-9);
  for (const char* name : {"x1", "x2"}) {
    EXPECT_GE(importance[name]["sobol_total"].get<double>(), 0.0) << name;
  }
  EXPECT_NE(base::read_text(options.out_dir + "/report.html").find("Parameter importance"),
            std::string::npos);
  for (const char* file : {"report.html", "cost_vs_evaluations.png", "cost_vs_time.svg",
                           "parameter_traces.png", "parameter_traces.svg", "statistics.png",
                           "evaluations.csv", "marginals.png", "marginals.dat"}) {
    EXPECT_TRUE(non_empty_file(options.out_dir + "/" + file)) << file;
  }
  const std::string csv = base::read_text(options.out_dir + "/evaluations.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 41);
  EXPECT_EQ(csv.rfind("id,round,slot,point,source,stage,feasible", 0), 0u);
}

}  // namespace
}  // namespace spikefit::experiments
