#include "spikefit/experiments/cli/dataset_command.hpp"

#include <unistd.h>

#include <cstdio>
#include <memory>

#include "spikefit/base/duration_text.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/stop_signals.hpp"
#include "spikefit/experiments/emulation/dataset_run.hpp"
#include "spikefit/experiments/emulation/dataset_table.hpp"
#include "spikefit/experiments/evaluation/command_evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/experiments/study/stored_study.hpp"
#include "spikefit/experiments/study/study_document.hpp"

namespace spikefit::experiments {

namespace {

struct DatasetCommandOptions {
  std::string config;
  std::vector<std::string> sets;
  int64_t points = 1000;
  std::string design = "sobol";
  int replicates = 1;
  double duration_ms = -1.0;
  uint64_t seed = 1;
  std::string out;
  bool resume = false;
  int64_t batch = 0;
  int threads = 0;
  std::string backend = "auto";
  StatisticsChoice statistics_choice;
  std::vector<std::string> given_flags;
};

void run_dataset_command(DatasetCommandOptions o) {
  const DesignKind design = parse_design_kind(o.design);
  StudyIdentity id;
  id.config_document = base::read_json_file(o.config, "config file");
  id.config = load_model_config(o.config);
  if (id.config.space.size() == 0) {
    throw base::ConfigError(o.config + ": parameters", "the config has no free parameter to vary");
  }
  if (!id.config.model().draws_neurons()) {
    refuse_neuron_draw_flags(o.given_flags, id.config.model().name());
  }
  if (o.duration_ms >= 0) {
    o.sets.insert(o.sets.begin(),
                  duration_field(id.config) + "=" + base::number_text(o.duration_ms));
  }
  apply_overrides(id.config, o.sets);
  id.overrides = o.sets;
  id.target.name = "none";
  const stats::StatisticsOptions statistics = o.statistics_choice.options();
  id.search_options = {{"seed", std::to_string(o.seed)},
                       {"design", o.design},
                       {"replicates", o.replicates},
                       {"dimension", o.statistics_choice.dimension},
                       {"neurons", statistics.selection.neurons},
                       {"draws", statistics.selection.draws},
                       {"min-rate-hz", statistics.selection.min_rate_hz}};
  // A Latin hypercube is not nested: its size is part of what a resume must repeat.
  if (!is_nested(design)) id.search_options["points"] = o.points;
  const FitProblem problem = fit_problem(id.config.space);

  EvaluatorRecipe recipe{id.config_document, o.config, o.sets, id.target, o.backend, {}};
  recipe.options.statistics = statistics;
  recipe.options.threads = o.threads;
  const bool tty = isatty(STDERR_FILENO) != 0;
  CommandEvaluatorHooks evaluator_hooks;
  if (tty) {
    evaluator_hooks.on_trial_done = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\r  simulated %zu/%zu", done, total);
    };
  }
  const std::unique_ptr<Evaluator> evaluator = open_command_evaluator(recipe, evaluator_hooks);

  nlohmann::json document = study_document(id, problem, {});
  document["dataset"] = {
      {"design", o.design}, {"seed", std::to_string(o.seed)}, {"replicates", o.replicates}};
  StudyStorage storage =
      o.resume ? StudyStorage::open(o.out) : StudyStorage::create(o.out, document);
  if (o.resume) {
    if (!storage.study().contains("dataset")) {
      throw base::UsageError("--resume", o.out + " is a fit's study, not a dataset");
    }
    check_resume(storage.study(), document, o.out);
  }

  DatasetOptions options;
  options.points = o.points;
  options.replicates = o.replicates;
  options.design = design;
  options.seed = o.seed;
  const auto width = static_cast<int64_t>(evaluation_width(*evaluator, o.threads)) *
                     static_cast<int64_t>(evaluation_ranks());
  options.batch = o.batch > 0 ? o.batch : std::max<int64_t>(1, width / o.replicates);
  std::fprintf(
      stderr, "dataset %s: %lld points x %d replicates (%s design, %zu parameters) on %s (%s)\n",
      id.config.name.c_str(), static_cast<long long>(o.points), o.replicates, o.design.c_str(),
      problem.names.size(), evaluator->backend().c_str(), evaluator->device().c_str());
  DatasetHooks hooks;
  hooks.on_batch = [tty](const DatasetProgress& p) {
    std::fprintf(stderr, "%strials %lld/%lld (%lld feasible), %.2f trials/s, ETA %s\n",
                 tty ? "\r\033[K" : "", static_cast<long long>(p.trials),
                 static_cast<long long>(p.total), static_cast<long long>(p.feasible),
                 p.trials_per_s, base::duration_text(p.eta_s).c_str());
  };
  const StopSignals stop_signals;
  hooks.stop_requested = stop_requested;
  const DatasetResult result = run_dataset(problem, *evaluator, storage, options, hooks);
  if (result.stopped) {
    std::printf(
        "stopped: interrupted after %lld trials (all stored in %s; continue with "
        "--resume)\n",
        static_cast<long long>(result.trials), o.out.c_str());
    return;
  }
  std::printf("dataset: %lld trials (%lld new) in %s (spikefit train-surrogate --dataset %s)\n",
              static_cast<long long>(result.trials), static_cast<long long>(result.new_trials),
              o.out.c_str(), o.out.c_str());
}

}  // namespace

void add_dataset_command(CLI::App& app) {
  auto o = std::make_shared<DatasetCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "dataset", "Simulate a space-filling design of the free parameters into a dataset file");
  add_config_option(*cmd, o->config);
  add_set_option(*cmd, o->sets);
  add_positive_option(*cmd, "--points", o->points,
                      "Design points (resumed with more: the design is extended to this many)");
  cmd->add_option("--design", o->design, "sobol | random (both extendable) | lhs")
      ->capture_default_str();
  add_positive_option(*cmd, "--replicates", o->replicates, "Trials per point (different seeds)");
  add_duration_option(*cmd, o->duration_ms);
  add_seed_option(*cmd, o->seed, "Seed of the design and of every trial");
  cmd->add_option("--out", o->out, "Dataset file (SQLite, the study format)")->required();
  cmd->add_flag("--resume", o->resume,
                "Continue or extend the dataset in --out (same config, design, seed, replicates)");
  add_non_negative_option(*cmd, "--batch", o->batch,
                          "Points per simulated batch (0: one trial per thread of every rank)");
  add_threads_option(*cmd, o->threads);
  add_backend_option(*cmd, o->backend);
  add_statistics_options(*cmd, o->statistics_choice);
  add_example(*cmd,
              "spikefit dataset --config experiments/configs/snops_short_demo.json \\\n"
              "      --points 2000 --out results/short_demo_dataset.sqlite");
  cmd->callback([o, cmd]() {
    o->given_flags = given_statistics_flags(*cmd);
    run_dataset_command(*o);
  });
}

void add_dataset_csv_command(CLI::App& app) {
  auto dataset = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "dataset-csv", "Write a dataset as CSV: one row per trial, parameters and statistics");
  cmd->add_option("--dataset", *dataset, "Dataset file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", *out, "CSV file")->required();
  add_example(*cmd,
              "spikefit dataset-csv --dataset results/short_demo_dataset.sqlite \\\n"
              "      --out results/short_demo_dataset.csv");
  cmd->callback([dataset, out]() {
    const DatasetTable table = read_dataset(StudyStorage::open(*dataset));
    base::write_text(*out, dataset_csv(table));
    std::printf("%zu trials, %zu parameters: %s\n", table.trials.size(), table.parameters.size(),
                out->c_str());
  });
}

}  // namespace spikefit::experiments
