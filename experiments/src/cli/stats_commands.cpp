#include "spikefit/experiments/cli/stats_commands.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "recorded_data_option.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/random.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/config/spike_data.hpp"
#include "spikefit/experiments/evaluation/command_evaluator.hpp"
#include "spikefit/experiments/evaluation/evaluator_recipe.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/evaluation/outcome_statistics.hpp"
#include "spikefit/experiments/evaluation/target_builder.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/stats/statistics_batch.hpp"
#include "spikefit/version.hpp"

namespace spikefit::experiments {

namespace {

using base::ConfigError;
using nlohmann::json;

void write_json(const std::string& path, const json& doc) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << doc.dump(2) << "\n";
}

struct StatsOptions {
  RecordedDataOption data;
  StatisticsChoice choice;
  uint64_t seed = 1;
  std::string target_file, target_name, out;
};

void run_stats(const StatsOptions& o) {
  const engine::TrialRecording rec = o.data.read();
  const stats::StatisticsOptions options = fit_to_recorded_cells(o.choice.options(), rec);
  const stats::Statistics s = stats::compute_statistics(rec, options, o.seed);
  json doc = {{"spikefit_version", kVersion},
              {"neurons", rec.count_neurons},
              {"bins", rec.count_bins},
              {"bin_ms", rec.count_bin_ms},
              {"statistics", snops_statistics_json(s)}};
  if (!o.target_file.empty()) {
    const stats::Target target = stats::load_target(o.target_file, o.target_name);
    doc.update(cost_json(stats::evaluate_cost(s, target), target));
  }
  std::printf("%s\n", doc.dump(2).c_str());
  if (!o.out.empty()) write_json(o.out, doc);
}

struct TargetsOptions {
  RecordedDataOption data;
  StatisticsChoice choice;
  std::string config, name, out;
  std::vector<std::string> sets;
  std::string statistics = "rate,fano,rsc_fisher_z,pct_shared,d_shared,eigenspectrum";
  uint64_t repeats = 10, seed = 1;
  double duration_ms = -1;
  int threads = 0;
  std::string backend = "auto";
};

// Statistics of o.repeats simulations of the config at its parameter values, trial k with seed
// trial_seed(o.seed, k): rows of the command's evaluator, so that an MPI job spreads them over
// its ranks (the same statistics for any number of ranks).
std::vector<stats::Statistics> simulated_repeats(const TargetsOptions& o, json& source) {
  json document = base::read_json_file(o.config, "config file");
  ModelConfig config = parse_model_config(document, o.config);
  std::vector<std::string> sets = o.sets;
  if (o.duration_ms >= 0) {
    std::ostringstream d;
    d.precision(17);
    d << duration_field(config) << "=" << o.duration_ms;
    sets.insert(sets.begin(), d.str());
  }
  apply_overrides(config, sets);
  EvaluatorRecipe recipe{std::move(document), o.config, sets, {}, o.backend, {}};
  recipe.target.name = "none";  // statistics only
  recipe.options.statistics = o.choice.options();
  recipe.options.threads = o.threads;
  const std::unique_ptr<Evaluator> evaluator = open_command_evaluator(recipe);
  const std::vector<std::vector<double>> x(o.repeats, config.values);
  std::vector<uint64_t> seeds;
  for (uint64_t k = 0; k < o.repeats; ++k) seeds.push_back(base::trial_seed(o.seed, k));
  std::fprintf(stderr, "targets: %llu simulations on %s (%s)\n",
               static_cast<unsigned long long>(o.repeats), evaluator->backend().c_str(),
               evaluator->device().c_str());
  const std::vector<EvaluationOutcome> outcomes =
      evaluator->evaluate(x, seeds, EvaluationStage::kFull);

  json parameters = json::object();
  for (std::size_t d = 0; d < config.space.size(); ++d) {
    parameters[config.space[d].name] = config.values[d];
  }
  source = {{"kind", "simulation"},
            {"config", o.config},
            {"parameters", parameters},
            {"duration_ms", config.model().outline(config.bound_document()).duration_ms},
            {"repeats", o.repeats},
            {"seed", o.seed}};
  std::vector<stats::Statistics> out;
  for (const EvaluationOutcome& outcome : outcomes) out.push_back(outcome_statistics(outcome));
  return out;
}

void run_targets(const TargetsOptions& o) {
  if (o.config.empty() == !o.data.given()) {
    throw base::ConfigError("spikefit targets",
                            "give either --config (simulations) or recorded data");
  }
  const std::vector<std::string> names = base::split(o.statistics, ',');
  stats::Target target;
  json source;
  if (!o.config.empty()) {
    target = target_from_repeats(o.name, simulated_repeats(o, source), names);
  } else {
    const engine::TrialRecording rec = o.data.read();
    const stats::StatisticsOptions options = fit_to_recorded_cells(o.choice.options(), rec);
    const stats::Statistics full = stats::compute_statistics(rec, options, o.seed);
    std::vector<engine::TrialRecording> resamples;
    for (uint64_t k = 0; k < o.repeats; ++k)
      resamples.push_back(resample_bins(rec, o.seed + 1 + k));
    target = target_from_repeats(o.name, stats::compute_batch(resamples, options, o.threads), names,
                                 &full);
    source = {{"kind", "recorded"},
              {"file", o.data.file()},
              {"normalisers", "variance across bootstrap resamples of the bins"},
              {"resamples", o.repeats}};
  }
  target.provenance["source"] = source;
  json doc = json::object();
  if (std::ifstream existing(o.out); existing) doc = json::parse(existing);
  if (!doc.contains("targets")) doc["targets"] = json::object();
  doc["targets"][o.name] = stats::target_to_json(target);
  stats::parse_targets(doc);  // the file stays valid
  write_json(o.out, doc);
  std::printf("wrote target '%s' (%zu statistics) to %s\n", o.name.c_str(),
              target.statistics.size(), o.out.c_str());
}

}  // namespace

void add_stats_command(CLI::App& app) {
  auto o = std::make_shared<StatsOptions>();
  CLI::App* cmd = app.add_subcommand("stats", "Statistics of recorded counts or spike trains");
  o->data.add_to(*cmd);
  add_statistics_options(*cmd, o->choice);
  add_seed_option(*cmd, o->seed, "Seed of the neuron draws, CV folds and FA starts");
  add_target_options(*cmd, o->target_file, o->target_name, "adds the cost");
  cmd->add_option("--out", o->out, "Also write the statistics to this JSON file");
  add_example(*cmd,
              "spikefit stats --spikes recording.csv --t-stop-ms 10000 --out stats.json\n"
              "  spikefit stats --nwb session.nwb --electrode-group shank1 --bin-ms 100");
  cmd->callback([o]() { run_stats(*o); });
}

void add_targets_command(CLI::App& app) {
  auto o = std::make_shared<TargetsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "targets", "Make a target (means and normalisers) from simulations or recorded data");
  cmd->add_option("--name", o->name, "Target name")->required();
  cmd->add_option("--out", o->out,
                  "Target file to write the target into (an existing file gains the target)")
      ->required();
  cmd->add_option("--config", o->config, "Simulate this config (or give recorded data)")
      ->check(CLI::ExistingFile);
  add_set_option(*cmd, o->sets);
  add_duration_option(*cmd, o->duration_ms);
  o->data.add_to(*cmd);
  cmd->add_option("--repeats", o->repeats, "Simulations, or bootstrap resamples of recorded data")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{2}, uint64_t{100000}));
  cmd->add_option("--statistics", o->statistics, "Comma-separated statistics of the target")
      ->capture_default_str();
  add_seed_option(*cmd, o->seed, "Base seed");
  add_threads_option(*cmd, o->threads);
  add_example(*cmd,
              "spikefit targets --name cbn_short --out my_targets.json \\\n"
              "      --config experiments/configs/snops_cbn.json --duration-ms 3000 --repeats 10");
  add_statistics_options(*cmd, o->choice);
  add_backend_option(*cmd, o->backend);
  cmd->callback([o]() { run_targets(*o); });
}

}  // namespace spikefit::experiments
