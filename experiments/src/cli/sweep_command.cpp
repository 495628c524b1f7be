#include "spikefit/experiments/cli/sweep_command.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/engine/thread_count.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/stop_signals.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/command_evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/experiments/report/sweep_plot.hpp"
#include "spikefit/experiments/study/sweep.hpp"
#include "spikefit/experiments/study/sweep_journal.hpp"

namespace spikefit::experiments {

namespace {

struct SweepCommandOptions {
  std::string config;
  std::vector<std::string> sets;
  std::vector<std::string> grids;
  int replicates = 2;
  uint64_t seed = 1;
  std::string target_file;
  std::string target_name;
  std::vector<std::string> plots;
  std::string out = "sweep";
  std::size_t batch = 0;
  double duration_ms = -1.0;
  int threads = 0;
  std::string backend = "auto";
  std::string metric = "l2";
  bool resume = false;
  StatisticsChoice statistics_choice;
  std::vector<std::string> given_flags;  // the statistics flags given on the command line
};

// What a resumed sweep must repeat: everything that changes a cell's outcomes or the grid.
nlohmann::json sweep_identity(const SweepCommandOptions& o, const ModelConfig& config,
                              const SweepOptions& sweep, const stats::StatisticsOptions& s) {
  nlohmann::json axes = nlohmann::json::array();
  for (const GridAxis& a : sweep.axes) axes.push_back({{"name", a.name}, {"values", a.values}});
  return {{"spikefit_sweep", 1},
          {"config", document_hash(config.effective_document())},
          {"overrides", o.sets},
          {"grid", axes},
          {"replicates", sweep.replicates},
          {"seed", std::to_string(sweep.seed)},
          {"target", o.target_file.empty() ? "" : o.target_file + ":" + o.target_name},
          {"metric", o.metric},
          {"dimension", o.statistics_choice.dimension},
          {"neurons", s.selection.neurons},
          {"draws", s.selection.draws},
          {"min-rate-hz", s.selection.min_rate_hz}};
}

// One progress line per finished cell: its grid values, feasible count, cost and plotted stats.
void print_cell(const SweepResult& partial_axes, const std::vector<std::string>& plots,
                const SweepCell& cell, std::size_t done, std::size_t total) {
  std::fprintf(stderr, "cell %zu/%zu:", done, total);
  for (std::size_t a = 0; a < partial_axes.axes.size(); ++a) {
    std::fprintf(stderr, " %s=%g", partial_axes.axes[a].name.c_str(),
                 partial_axes.axes[a].values[cell.index[a]]);
  }
  std::fprintf(stderr, "  feasible %d/%zu", cell.feasible, cell.outcomes.size());
  std::vector<std::string> shown = {"cost"};
  for (const std::string& p : plots) {
    if (p != "cost") shown.push_back(p);
  }
  for (const std::string& name : shown) {
    const auto it = cell.statistics.find(name);
    if (it == cell.statistics.end() || it->second.n == 0) continue;
    std::fprintf(stderr, "  %s %.4g", name.c_str(), it->second.mean);
    if (std::isfinite(it->second.se)) std::fprintf(stderr, " ± %.2g", it->second.se);
  }
  if (!cell.reasons.empty()) std::fprintf(stderr, "  (%s)", cell.reasons.front().c_str());
  std::fprintf(stderr, "\n");
}

void run_sweep_command(SweepCommandOptions o) {
  if (o.replicates < 1) throw base::UsageError("--replicates", "must be at least 1");
  if (o.grids.empty()) throw base::UsageError("--grid", "give one or two grid axes");
  SweepOptions sweep;
  for (const std::string& g : o.grids) sweep.axes.push_back(parse_grid_axis(g));
  sweep.replicates = o.replicates;
  sweep.seed = o.seed;
  // Default: enough whole cells per call to keep every thread of every MPI rank busy, and a
  // progress line soon.
  const auto threads = static_cast<std::size_t>(engine::thread_count(o.threads));
  sweep.batch = o.batch > 0 ? o.batch : threads * static_cast<std::size_t>(evaluation_ranks());

  ModelConfig config = load_model_config(o.config);
  if (!config.model().draws_neurons()) refuse_neuron_draw_flags(o.given_flags, config.model_name);
  if (o.duration_ms >= 0) {
    o.sets.insert(o.sets.begin(), duration_field(config) + "=" + base::number_text(o.duration_ms));
  }
  apply_overrides(config, o.sets);
  const std::vector<SweepParameter> parameters = sweep_parameters(config.space, config.values);
  check_grid(sweep.axes, parameters);
  stats::Target target;  // none: statistics only, no cost
  target.name = "none";
  if (!o.target_file.empty()) target = stats::load_target(o.target_file, o.target_name);

  EvaluatorRecipe recipe{
      base::read_json_file(o.config, "config file"), o.config, o.sets, target, o.backend, {}};
  recipe.options.statistics = o.statistics_choice.options();
  recipe.options.metric = parse_metric(o.metric);
  recipe.options.threads = o.threads;
  const std::unique_ptr<Evaluator> chosen = open_command_evaluator(recipe);
  Evaluator& evaluator = *chosen;

  base::make_directory(o.out);
  SweepJournal journal(o.out + "/sweep.journal",
                       sweep_identity(o, config, sweep, recipe.options.statistics), o.resume);
  sweep.finished = journal.finished();
  const StopSignals stop_signals;
  sweep.stop_requested = stop_requested;
  std::size_t cells = 1;
  for (const GridAxis& a : sweep.axes) cells *= a.values.size();
  std::fprintf(stderr, "sweep %s: %zu cells x %d replicates on %s (%s)\n", config.name.c_str(),
               cells, o.replicates, evaluator.backend().c_str(), evaluator.device().c_str());
  if (!sweep.finished.empty()) {
    std::fprintf(stderr, "resuming: %zu cells were finished before\n", sweep.finished.size());
  }
  SweepResult axes_only;
  axes_only.axes = sweep.axes;
  const SweepResult result =
      run_sweep(parameters, evaluator, sweep,
                [&](const SweepCell& cell, std::size_t done, std::size_t total) {
                  journal.append(cell.position, cell.outcomes);
                  print_cell(axes_only, o.plots, cell, done, total);
                });
  if (result.stopped) {
    std::printf(
        "stopped: interrupted (every finished cell is stored in %s/sweep.journal; "
        "continue with --resume)\n",
        o.out.c_str());
    return;
  }
  nlohmann::json document = sweep_json(result);
  document["config"] = o.config;
  document["model"] = config.name;
  document["overrides"] = o.sets;
  document["target"] = o.target_file.empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json(o.target_file + ":" + o.target_name);
  base::write_text(o.out + "/sweep.json", document.dump(2) + "\n");
  base::write_text(o.out + "/sweep.csv", sweep_csv(result));
  journal.remove();
  std::printf("%zu cells x %d replicates in %.2f s: %s/sweep.json, %s/sweep.csv\n",
              result.cells.size(), o.replicates, result.wall_s, o.out.c_str(), o.out.c_str());
  for (const std::string& statistic : o.plots) {
    const auto files = plot_sweep(result, statistic, o.out);
    std::printf("plot %s: %s, %s\n", statistic.c_str(), files[0].c_str(), files[1].c_str());
  }
}

}  // namespace

void add_sweep_command(CLI::App& app) {
  auto o = std::make_shared<SweepCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sweep", "Grid over one or two free parameters, replicates per cell, table and heat maps");
  add_config_option(*cmd, o->config);
  cmd->add_option("--grid", o->grids,
                  "Axis NAME=a:b:n (n values from a to b) or NAME=v1,v2,...; once or twice")
      ->required();
  add_positive_option(*cmd, "--replicates", o->replicates,
                      "Evaluations per cell; replicate r runs with the same seed in every cell");
  add_seed_option(*cmd, o->seed, "Base seed of the replicates");
  add_set_option(*cmd, o->sets);
  add_target_options(*cmd, o->target_file, o->target_name, "adds the cost to every cell");
  add_metric_option(*cmd, o->metric);
  cmd->add_option("--plot", o->plots, "Draw this statistic (repeatable), e.g. beta.STN, cost");
  cmd->add_option("--out", o->out,
                  "Output folder: sweep.json, sweep.csv and the heat maps are written there")
      ->capture_default_str();
  cmd->add_flag("--resume", o->resume,
                "Continue the sweep in --out that was killed or interrupted (its sweep.journal)");
  add_non_negative_option(
      *cmd, "--chunk,--batch", o->batch,
      "Evaluations per simulated batch, whole cells (0: one cell per thread of every MPI rank)");
  add_duration_option(*cmd, o->duration_ms);
  add_threads_option(*cmd, o->threads);
  add_backend_option(*cmd, o->backend);
  add_statistics_options(*cmd, o->statistics_choice);
  add_example(
      *cmd,
      "spikefit sweep --config experiments/configs/bg_so2012_pd_dbs.json \\\n"
      "      --grid dbs.frequency_hz=20:180:5 --grid dbs.amplitude=0:300:4 --replicates 2 \\\n"
      "      --plot beta.STN --plot error_index --out results/dbs_sweep");
  cmd->callback([o, cmd]() {
    o->given_flags = given_statistics_flags(*cmd);
    run_sweep_command(*o);
  });
}

}  // namespace spikefit::experiments
