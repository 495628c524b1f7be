#include "spikefit/experiments/cli/fit_command.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>

#include "spikefit/acquisition/pareto_strategy.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/fit_progress.hpp"
#include "spikefit/experiments/cli/screen_option.hpp"
#include "spikefit/experiments/cli/strategy_choice.hpp"
#include "spikefit/experiments/evaluation/config_evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/objective_model_proposer.hpp"
#include "spikefit/experiments/study/objectives.hpp"
#include "spikefit/experiments/study/study_document.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

namespace {

struct FitCommandOptions {
  std::string config;
  std::vector<std::string> sets;
  std::string target_file;
  std::string target_name;
  std::string study;
  bool resume = false;
  int64_t batch = 8;
  int64_t initial = 0;  // 0: 2 x batch
  int64_t max_evaluations = 100;
  double max_minutes = 0.0;
  std::string backend = "auto";
  uint64_t seed = 1;
  std::string strategy = "mixed";
  double screen_ms = -1.0;  // 0: no screening; < 0: resolve_screen_ms's default
  double duration_ms = -1.0;
  int threads = 0;
  int64_t replicates = -1;  // -1: max(1, batch / 8)
  int min_replicates = 2;
  int max_replicates = 3;
  double replicate_se_tol = 0.15;
  double stop_cost = 0.0;
  int64_t chunk = 0;
  std::string metric = "l2";
  std::string objectives;  // empty: the scalar cost
  std::string ref_point;   // empty: from the target normalisers
  bool strategy_given = false;
  StatisticsChoice statistics_choice;
  std::vector<std::string> given_flags;  // the statistics flags given on the command line
};

void print_incumbent(const FitProblem& problem, const FitResult& result) {
  if (!result.incumbent) {
    std::printf("no feasible evaluation yet\n");
    return;
  }
  const PointSummary& p = *result.incumbent;
  std::printf("incumbent (point %lld, %d evaluations): cost %.4g", static_cast<long long>(p.point),
              p.evaluations, p.mean_cost);
  if (std::isfinite(p.se_cost)) std::printf(" ± %.2g (SE), sd %.2g", p.se_cost, p.sd_cost);
  std::printf("\n");
  for (std::size_t d = 0; d < problem.names.size(); ++d) {
    std::printf("  %-20s %.6g\n", problem.names[d].c_str(), p.x[d]);
  }
}

// The objectives of `--objectives`, their reference point and the Pareto strategy's name (ehvi
// up to 4 objectives unless --strategy names parego or sobol).
struct ParetoChoice {
  std::vector<Objective> objectives;
  std::vector<double> reference_point;
  std::string strategy;
};

ParetoChoice pareto_choice(const FitCommandOptions& o, const stats::Target& target,
                           stats::CostMetric metric) {
  std::vector<std::string> names;
  std::vector<double> weights;
  for (const auto& s : target.statistics) {
    names.push_back(s.name);
    weights.push_back(s.weight);
  }
  ParetoChoice c;
  c.objectives = parse_objectives(o.objectives, names, weights);
  const std::size_t k = c.objectives.size();
  c.reference_point = o.ref_point.empty() ? normaliser_reference_point(k, metric)
                                          : parse_reference_point(o.ref_point, k);
  c.strategy =
      o.strategy_given ? o.strategy : (k <= acquisition::kMaxEhviObjectives ? "ehvi" : "parego");
  if (c.strategy != "ehvi" && c.strategy != "parego" && c.strategy != "sobol") {
    throw base::UsageError("--strategy",
                           "with --objectives use ehvi, parego or sobol, got '" + c.strategy + "'");
  }
  if (c.strategy == "ehvi" && k > acquisition::kMaxEhviObjectives) {
    throw base::UsageError("--strategy", "ehvi handles up to 4 objectives, --objectives has " +
                                             std::to_string(k) + ": use parego");
  }
  return c;
}

std::unique_ptr<RoundProposer> make_pareto_proposer(const ParetoChoice& c, int64_t dims) {
  ObjectiveModelSpec spec;
  spec.objectives = static_cast<int64_t>(c.objectives.size());
  spec.reference_point = c.reference_point;
  spec.log_objectives = true;
  spec.feasibility = true;
  surrogate::GpFitOptions fit;
  fit.restarts = 2;
  if (c.strategy == "sobol") {
    return std::make_unique<ObjectiveModelProposer>(
        spec, false, acquisition::make_strategy("sobol", dims), nullptr, fit);
  }
  auto pareto = c.strategy == "ehvi" ? acquisition::make_ehvi_strategy()
                                     : acquisition::make_parego_strategy();
  return std::make_unique<ObjectiveModelProposer>(spec, true, nullptr, std::move(pareto), fit);
}

void print_front(const ParetoChoice& c, const StudyStorage& storage) {
  const FrontStatus status = front_status(storage.evaluations(), c.reference_point);
  std::printf("Pareto front: %zu points, hypervolume %.6g", status.size, status.hypervolume.value);
  if (!status.hypervolume.exact) std::printf(" ± %.2g (MC)", status.hypervolume.standard_error);
  std::printf(" (objectives:");
  for (const Objective& o : c.objectives) std::printf(" [%s]", o.name.c_str());
  std::printf("; spikefit pareto --study %s)\n", storage.path().c_str());
}

void run_fit_command(FitCommandOptions o) {
  if (o.batch < 1) throw base::UsageError("--batch", "must be at least 1");
  if (o.max_evaluations < 1) throw base::UsageError("--max-evals", "must be at least 1");
  if (o.min_replicates < 1 || o.max_replicates < o.min_replicates) {
    throw base::UsageError("--min-replicates/--max-replicates",
                           "need 1 <= min <= max, got " + std::to_string(o.min_replicates) +
                               " and " + std::to_string(o.max_replicates));
  }
  StudyIdentity id;
  id.config_document = base::read_json_file(o.config, "config file");
  id.config = load_model_config(o.config);
  if (id.config.space.size() == 0) {
    throw base::ConfigError(o.config + ": parameters", "the config has no free parameter to fit");
  }
  if (o.duration_ms >= 0) {
    o.sets.insert(o.sets.begin(),
                  duration_field(id.config) + "=" + base::number_text(o.duration_ms));
  }
  apply_overrides(id.config, o.sets);
  id.overrides = o.sets;
  id.target_file = o.target_file;
  id.target = stats::load_target(o.target_file, o.target_name);
  const stats::StatisticsOptions statistics = o.statistics_choice.options();
  if (!id.config.model().draws_neurons()) {
    refuse_neuron_draw_flags(o.given_flags, id.config.model().name());
  }
  if (id.config.model().draws_neurons() && id.target.n_neuron != statistics.selection.neurons) {
    throw base::UsageError("--neurons",
                           "the statistics draw " + std::to_string(statistics.selection.neurons) +
                               " cells but target '" + o.target_name + "' was made from n_neuron " +
                               std::to_string(id.target.n_neuron));
  }
  o.screen_ms = resolve_screen_ms(o.screen_ms,
                                  id.config.model().outline(id.config.bound_document()).duration_ms,
                                  id.config.model().screen_floor(id.config.bound_document()));
  const stats::CostMetric metric = parse_metric(o.metric);
  const FitProblem problem = fit_problem(id.config.space);
  const bool pareto = !o.objectives.empty();
  if (!pareto && !o.ref_point.empty()) {
    throw base::UsageError("--ref-point", "only for a Pareto fit (--objectives)");
  }
  const ParetoChoice choice = pareto ? pareto_choice(o, id.target, metric) : ParetoChoice{};
  auto strategy =
      pareto ? nullptr : make_fit_strategy(o.strategy, static_cast<int64_t>(problem.names.size()));

  FitOptions fit;
  fit.batch = o.batch;
  fit.initial = o.initial > 0 ? o.initial : 2 * o.batch;
  fit.max_evaluations = o.max_evaluations;
  fit.max_minutes = o.max_minutes;
  fit.seed = o.seed;
  fit.replicate_slots = o.replicates >= 0 ? o.replicates : std::max<int64_t>(1, o.batch / 8);
  fit.min_replicates = o.min_replicates;
  fit.max_replicates = o.max_replicates;
  fit.replicate_se_tol = o.replicate_se_tol;
  fit.stop_cost = o.stop_cost;
  fit.screen = o.screen_ms > 0;
  fit.chunk = o.chunk;
  fit.objectives = choice.objectives;
  fit.reference_point = choice.reference_point;
  id.search_options = {{"seed", o.seed},
                       {"batch", fit.batch},
                       {"initial", fit.initial},
                       {"strategy", o.strategy},
                       {"screen-ms", o.screen_ms},
                       {"metric", o.metric},
                       {"dimension", o.statistics_choice.dimension},
                       {"neurons", statistics.selection.neurons},
                       {"draws", statistics.selection.draws},
                       {"min-rate-hz", statistics.selection.min_rate_hz},
                       {"replicates", fit.replicate_slots},
                       {"min-replicates", fit.min_replicates},
                       {"max-replicates", fit.max_replicates},
                       {"replicate-se-tol", fit.replicate_se_tol}};
  if (pareto) {
    id.search_options["strategy"] = choice.strategy;
    id.search_options["objectives"] = o.objectives;
    id.search_options["ref-point"] = choice.reference_point;
  }

  ModelEvaluatorOptions evaluator_options;
  evaluator_options.statistics = statistics;
  evaluator_options.metric = metric;
  evaluator_options.screen_ms = o.screen_ms;
  evaluator_options.threads = o.threads;
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (tty) {
    evaluator_options.on_trial_done = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\r  simulated %zu/%zu", done, total);
    };
  }
  ConfigEvaluator chosen(id.config, id.target, o.backend, evaluator_options);
  Evaluator& evaluator = chosen.evaluator();
  nlohmann::json document = study_document(id, problem, evaluator.error_names());
  if (pareto) {
    document["objectives"] = objectives_json(choice.objectives, evaluator.error_names());
    document["reference_point"] = choice.reference_point;
  }

  StudyStorage storage =
      o.resume ? StudyStorage::open(o.study) : StudyStorage::create(o.study, document);
  if (o.resume) check_resume(storage.study(), document, o.study);

  std::fprintf(stderr,
               "fit %s to %s: %zu parameters, batch %lld, budget %lld evaluations%s%s on %s (%s)\n",
               id.config.name.c_str(), id.target.name.c_str(), problem.names.size(),
               static_cast<long long>(fit.batch), static_cast<long long>(fit.max_evaluations),
               fit.max_minutes > 0 ? (" / " + format_duration(fit.max_minutes * 60)).c_str() : "",
               fit.screen ? (", screening " + base::number_text(o.screen_ms) + " ms").c_str() : "",
               evaluator.backend().c_str(), evaluator.device().c_str());
  FitHooks hooks;
  hooks.on_round = [tty](const FitProgress& p) {
    std::fprintf(stderr, "%s%s\n", tty ? "\r\033[K" : "", progress_line(p).c_str());
  };
  const FitResult result =
      pareto ? run_fit(problem, evaluator,
                       *make_pareto_proposer(choice, static_cast<int64_t>(problem.names.size())),
                       storage, fit, hooks)
             : run_fit(problem, evaluator, *strategy, storage, fit, hooks);
  std::printf("stopped: %s after %lld evaluations in %lld rounds\n", result.stop_reason.c_str(),
              static_cast<long long>(result.evaluations), static_cast<long long>(result.rounds));
  if (pareto) print_front(choice, storage);
  print_incumbent(problem, result);
  std::printf("study: %s (spikefit report --study %s)\n", o.study.c_str(), o.study.c_str());
}

}  // namespace

void add_fit_command(CLI::App& app) {
  auto o = std::make_shared<FitCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "fit", "Fit a config's free parameters to a target (SNOPS-style batched BO, resumable)");
  add_config_option(*cmd, o->config);
  add_set_option(*cmd, o->sets);
  cmd->add_option("--target", o->target_file, "Target file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--target-name", o->target_name, "Name of the target in the file")->required();
  cmd->add_option(
         "--study", o->study,
         "Study file (SQLite) that every evaluation is written to; spikefit report reads it")
      ->required();
  cmd->add_flag("--resume", o->resume, "Continue an existing study");
  add_positive_option(*cmd, "--batch", o->batch, "Evaluations per round");
  add_non_negative_option(*cmd, "--initial", o->initial,
                          "Sobol points of the initial design (0: 2 x batch)");
  add_positive_option(*cmd, "--max-evals", o->max_evaluations, "Evaluation budget, all sessions");
  add_non_negative_option(*cmd, "--max-minutes", o->max_minutes,
                          "Wall-time budget, all sessions (0: none)");
  add_backend_option(*cmd, o->backend);
  add_seed_option(*cmd, o->seed, "Study seed: every proposal and trial seed derives from it");
  cmd->add_option("--strategy", o->strategy,
                  "Batch strategy: mixed, ts, greedy, turbo, turbo-m or sobol; with --objectives "
                  "ehvi (default up to 4 objectives), parego (default above) or sobol")
      ->capture_default_str();
  cmd->add_option("--objectives", o->objectives,
                  "Pareto fit: target statistics grouped into objectives, each the SNOPS "
                  "normalised error of its group ('rate,fano;rsc_fisher_z;pct_shared', or 'each' "
                  "for one objective per statistic)");
  cmd->add_option("--ref-point", o->ref_point,
                  "Hypervolume reference point of a Pareto fit, one value per objective "
                  "(default: every statistic 10 normaliser SDs from its target: 100 under l2, 10 "
                  "under l1)");
  cmd->add_option("--screen-ms", o->screen_ms,
                  "Screening run of this length rejects infeasible points first (0: off; default "
                  "10000 for full runs longer than 20 s, else off)")
      ->check(CLI::NonNegativeNumber);
  add_duration_option(*cmd, o->duration_ms);
  add_threads_option(*cmd, o->threads);
  cmd->add_option("--replicates", o->replicates,
                  "Replicate slots per round for promising points (default max(1, batch/8))");
  cmd->add_option("--min-replicates", o->min_replicates, "Evaluations an incumbent is judged on")
      ->capture_default_str();
  cmd->add_option("--max-replicates", o->max_replicates, "Most evaluations of a point")
      ->capture_default_str();
  add_non_negative_option(*cmd, "--replicate-se-tol", o->replicate_se_tol,
                          "Repeat a point past --min-replicates only while its cost SE is above "
                          "this (SNOPS std_tol; 0: up to --max-replicates)");
  add_non_negative_option(
      *cmd, "--stop-cost", o->stop_cost,
      "Stop when the incumbent's replicate mean is at or below this (0: never)");
  add_non_negative_option(*cmd, "--chunk", o->chunk,
                          "Evaluations per simulated batch (0: the round)");
  add_metric_option(*cmd, o->metric);
  add_example(
      *cmd,
      "spikefit fit --config experiments/configs/snops_short_demo.json \\\n"
      "      --target experiments/targets/snops_demo_targets.json \\\n"
      "      --target-name short_demo_sbn_simu --study results/demo.sqlite --max-evals 96\n"
      "  spikefit fit --config experiments/configs/snops_short_demo.json \\\n"
      "      --target experiments/targets/snops_demo_targets.json \\\n"
      "      --target-name short_demo_sbn_simu --study results/pareto.sqlite --max-evals 96 \\\n"
      "      --objectives 'rate,fano;rsc_fisher_z;pct_shared,d_shared,eigenspectrum'");
  add_statistics_options(*cmd, o->statistics_choice);
  cmd->callback([o, cmd]() {
    o->given_flags = given_statistics_flags(*cmd);
    o->strategy_given = cmd->count("--strategy") > 0;
    run_fit_command(*o);
  });
}

}  // namespace spikefit::experiments
