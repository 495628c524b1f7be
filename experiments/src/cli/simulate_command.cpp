#include "spikefit/experiments/cli/simulate_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "spikefit/base/config_error.hpp"
#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"
#include "spikefit/base/random.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/evaluation/bg_simulation_evaluator.hpp"
#include "spikefit/experiments/evaluation/config_evaluator.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/report/simulation_report.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/stats/spike_train_statistics.hpp"
#include "spikefit/version.hpp"

namespace spikefit::experiments {

namespace {

struct SimulateOptions {
  std::string config;
  std::vector<std::string> sets;
  uint64_t trials = 1;
  uint64_t seed = 1;
  uint64_t first_trial = 0;
  double duration_ms = -1.0;
  int threads = 0;
  std::string out;
  bool timings = false;
  bool statistics = false;
  StatisticsChoice statistics_choice;
  std::string target_file;
  std::string target_name;
  std::string metric = "l2";
  std::string backend = "auto";
};

std::string format_number(double v, int precision = 3) {
  std::ostringstream s;
  s.precision(precision);
  s << v;
  return s.str();
}

void print_summary(const engine::NetworkSpec& net,
                   const std::vector<engine::TrialRecording>& recordings, uint64_t first_trial,
                   double wall_s, int threads) {
  std::printf("%-6s %-20s %-8s", "trial", "seed", "status");
  for (const auto& pop : net.populations) std::printf(" %10s", ("rate " + pop.name).c_str());
  std::printf(" %9s\n", "wall s");
  double neuron_steps = 0.0;
  double events = 0.0;
  for (std::size_t k = 0; k < recordings.size(); ++k) {
    const auto& rec = recordings[k];
    std::printf("%-6llu %-20llu %-8s", static_cast<unsigned long long>(first_trial + k),
                static_cast<unsigned long long>(rec.seed), engine::to_string(rec.status));
    for (double r : stats::population_rates_hz(rec)) std::printf(" %7.3f Hz", r);
    std::printf(" %9.2f\n", rec.wall_seconds);
    if (!rec.message.empty()) std::printf("       %s\n", rec.message.c_str());
    neuron_steps +=
        static_cast<double>(net.neuron_count()) * static_cast<double>(rec.steps_simulated);
    events += static_cast<double>(rec.synaptic_events);
  }
  std::printf(
      "%zu trials x %s ms of %u neurons in %.2f s on %d threads: %s neuron-steps/s, %s synaptic "
      "events/s\n",
      recordings.size(), format_number(net.duration_ms, 6).c_str(), net.neuron_count(), wall_s,
      threads, format_number(neuron_steps / wall_s).c_str(),
      format_number(events / wall_s).c_str());
}

void print_costs(const std::vector<stats::CostResult>& costs, uint64_t first_trial) {
  for (std::size_t k = 0; k < costs.size(); ++k) {
    if (costs[k].feasible) {
      std::printf("trial %llu: cost %.4g\n", static_cast<unsigned long long>(first_trial + k),
                  costs[k].cost);
    } else {
      std::printf("trial %llu: infeasible (%s)\n", static_cast<unsigned long long>(first_trial + k),
                  costs[k].reason.c_str());
    }
  }
}

nlohmann::json bg_statistics_json(const std::map<std::string, double>& statistics) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, v] : statistics) {
    out[name] = std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
  }
  return out;
}

// `simulate` for a basal-ganglia config: the BG ensemble, bg_statistics, the cost.
void run_bg_simulate(const SimulateOptions& o, const ModelConfig& config,
                     const std::optional<stats::Target>& target, stats::CostMetric metric) {
  const engine::bg::BgNetworkSpec net = config.bound_bg_network();
  std::vector<engine::TrialInput> trials;
  const std::shared_ptr<const engine::Network> network = engine::bg::make_network(net);
  for (uint64_t k = 0; k < o.trials; ++k) {
    trials.push_back({network, base::trial_seed(o.seed, o.first_trial + k)});
  }
  const auto ensemble = open_bg_backend(o.backend);
  engine::RunOptions options;
  options.threads = o.threads;
  if (isatty(STDERR_FILENO)) {
    options.on_trial_done = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\rsimulated %zu/%zu trials", done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  const int threads =
      o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  const auto start = std::chrono::steady_clock::now();
  const std::vector<engine::TrialRecording> results = ensemble->run(trials, options);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::printf("%-6s %-20s %-8s", "trial", "seed", "status");
  for (const auto& pop : net.populations) std::printf(" %10s", ("rate " + pop.name).c_str());
  std::printf(" %9s\n", "wall s");
  double neuron_steps = 0.0;
  for (std::size_t k = 0; k < results.size(); ++k) {
    const engine::TrialRecording& rec = results[k];
    std::printf("%-6llu %-20llu %-8s", static_cast<unsigned long long>(o.first_trial + k),
                static_cast<unsigned long long>(rec.seed), engine::to_string(rec.status));
    for (double r : stats::population_rates_hz(rec)) std::printf(" %7.3f Hz", r);
    std::printf(" %9.2f\n", rec.wall_seconds);
    if (!rec.message.empty()) std::printf("       %s\n", rec.message.c_str());
    neuron_steps +=
        static_cast<double>(net.neuron_count()) * static_cast<double>(rec.steps_simulated);
  }
  std::printf("%zu trials x %s ms of %u neurons in %.2f s on %d threads: %s neuron-steps/s\n",
              results.size(), format_number(net.duration_ms, 6).c_str(), net.neuron_count(), wall_s,
              threads, format_number(neuron_steps / wall_s).c_str());

  std::vector<std::map<std::string, double>> statistics(results.size());
  std::vector<EvaluationOutcome> scored(results.size());
  if (o.statistics) {
    for (std::size_t k = 0; k < results.size(); ++k) {
      if (results[k].status != engine::TrialStatus::kOk) continue;
      statistics[k] = stats::bg_statistics(results[k], results[k].smc_onsets_ms, {});
      std::printf("trial %llu:", static_cast<unsigned long long>(o.first_trial + k));
      for (const auto& pop : net.populations) {
        for (const char* stat : {"cv", "burst_fraction", "beta"}) {
          const auto it = statistics[k].find(std::string(stat) + "." + pop.name);
          if (it != statistics[k].end()) std::printf(" %s %.3g", it->first.c_str(), it->second);
        }
      }
      const auto ei = statistics[k].find("error_index");
      if (ei != statistics[k].end()) std::printf(" error_index %.3g", ei->second);
      std::printf("\n");
    }
  }
  if (target) {
    for (std::size_t k = 0; k < results.size(); ++k) {
      scored[k] = score_bg_trial(results[k], statistics[k], *target, metric);
      if (scored[k].feasible) {
        std::printf("trial %llu: cost %.4g\n", static_cast<unsigned long long>(o.first_trial + k),
                    scored[k].cost);
      } else {
        std::printf("trial %llu: infeasible (%s)\n",
                    static_cast<unsigned long long>(o.first_trial + k), scored[k].reason.c_str());
      }
    }
  }
  if (o.out.empty()) return;
  nlohmann::json doc;
  doc["spikefit_version"] = kVersion;
  doc["backend"] = ensemble->backend_name();
  doc["config"] = o.config;
  doc["config_hash"] = document_hash(config.effective_document());
  doc["model"] = config.name;
  doc["dt_ms"] = net.dt_ms;
  doc["duration_ms"] = net.duration_ms;
  doc["seed"] = o.seed;
  doc["first_trial"] = o.first_trial;
  nlohmann::json parameters = nlohmann::json::object();
  for (std::size_t d = 0; d < config.space.size(); ++d) {
    parameters[config.space[d].name] = config.values[d];
  }
  doc["parameters"] = parameters;
  doc["trials"] = nlohmann::json::array();
  for (std::size_t k = 0; k < results.size(); ++k) {
    const engine::TrialRecording& rec = results[k];
    nlohmann::json trial = {{"trial", o.first_trial + k},
                            {"seed", std::to_string(rec.seed)},
                            {"status", engine::to_string(rec.status)},
                            {"simulated_ms", rec.simulated_ms()},
                            {"spikes", rec.total_spikes},
                            {"smc_pulses", results[k].smc_onsets_ms.size()},
                            {"dbs_pulses", results[k].dbs_onsets_ms.size()}};
    if (!rec.message.empty()) trial["reason"] = rec.message;
    nlohmann::json rates = nlohmann::json::object();
    const std::vector<double> r = stats::population_rates_hz(rec);
    for (std::size_t p = 0; p < r.size() && p < rec.population_names.size(); ++p) {
      rates[rec.population_names[p]] = r[p];
    }
    trial["rates_hz"] = rates;
    if (o.statistics) trial["statistics"] = bg_statistics_json(statistics[k]);
    if (target) {
      trial["feasible"] = scored[k].feasible;
      trial["cost"] = scored[k].feasible ? nlohmann::json(scored[k].cost) : nlohmann::json();
      if (!scored[k].feasible) trial["infeasible_reason"] = scored[k].reason;
      nlohmann::json errors = nlohmann::json::object();
      for (std::size_t j = 0; j < target->statistics.size() && j < scored[k].errors.size(); ++j) {
        const double e = scored[k].errors[j];
        errors[target->statistics[j].name] =
            std::isfinite(e) ? nlohmann::json(e) : nlohmann::json();
      }
      trial["errors"] = errors;
    }
    if (o.timings) trial["wall_s"] = rec.wall_seconds;
    doc["trials"].push_back(trial);
  }
  if (o.timings) doc["timing"] = {{"wall_s", wall_s}, {"threads", threads}};
  std::ofstream out(o.out);
  if (!out) throw std::runtime_error("cannot write " + o.out);
  out << doc.dump(2) << "\n";
}

void run_simulate(SimulateOptions o) {
  ModelConfig config = load_model_config(o.config);
  if (!o.target_file.empty() || !o.target_name.empty()) {
    if (o.target_file.empty() || o.target_name.empty()) {
      throw base::ConfigError("--target", "give both --target FILE and --target-name NAME");
    }
    o.statistics = true;
  }
  const stats::StatisticsOptions statistics_options = o.statistics_choice.options();
  const stats::CostMetric metric = parse_metric(o.metric);
  std::optional<stats::Target> target;
  if (!o.target_file.empty()) target = stats::load_target(o.target_file, o.target_name);
  if (o.duration_ms >= 0) {
    o.sets.insert(o.sets.begin(), duration_field(config) + "=" + format_number(o.duration_ms, 17));
  }
  apply_overrides(config, o.sets);
  if (config.basal_ganglia()) {
    run_bg_simulate(o, config, target, metric);
    return;
  }
  const engine::NetworkSpec net = config.bound_network();

  std::vector<engine::TrialInput> trials;
  const std::shared_ptr<const engine::Network> network = engine::make_network(net);
  for (uint64_t k = 0; k < o.trials; ++k) {
    trials.push_back({network, base::trial_seed(o.seed, o.first_trial + k)});
  }
  const engine::SelectedBackend backend = open_backend(o.backend);
  engine::Ensemble* ensemble = backend.ensemble.get();
  engine::RunOptions options;
  options.threads = o.threads;
  if (isatty(STDERR_FILENO)) {
    options.on_trial_done = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\rsimulated %zu/%zu trials", done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  const int threads =
      o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  const auto start = std::chrono::steady_clock::now();
  const std::vector<engine::TrialRecording> recordings = ensemble->run(trials, options);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_summary(net, recordings, o.first_trial, wall_s, threads);
  std::vector<stats::TrialStatistics> statistics;
  std::vector<stats::CostResult> costs;
  if (o.statistics) statistics = compute_batch(recordings, statistics_options, o.threads);
  if (target) {
    for (const auto& s : statistics) costs.push_back(stats::evaluate_cost(s, *target, metric));
    print_costs(costs, o.first_trial);
  }

  if (o.out.empty()) return;
  nlohmann::json doc;
  doc["spikefit_version"] = kVersion;
  doc["backend"] = ensemble->backend_name();
  doc["device"] = ensemble->device_name();
  doc["config"] = o.config;
  doc["config_hash"] = document_hash(config.effective_document());
  doc["model"] = config.name;
  doc["network"] = net.name;
  doc["dt_ms"] = net.dt_ms;
  doc["duration_ms"] = net.duration_ms;
  doc["seed"] = o.seed;
  doc["first_trial"] = o.first_trial;
  nlohmann::json parameters = nlohmann::json::object();
  for (std::size_t d = 0; d < config.space.size(); ++d) {
    parameters[config.space[d].name] = config.values[d];
  }
  doc["parameters"] = parameters;
  doc["trials"] = nlohmann::json::array();
  for (std::size_t k = 0; k < recordings.size(); ++k) {
    nlohmann::json trial = trial_summary(net, recordings[k], o.first_trial + k, o.timings);
    if (o.statistics) trial["statistics"] = statistics_json(statistics[k]);
    if (target) trial.update(cost_json(costs[k], *target));
    doc["trials"].push_back(trial);
  }
  if (o.timings) {
    doc["timing"] = {{"wall_s", wall_s}, {"threads", threads}, {"device", ensemble->device_name()}};
  }
  std::ofstream out(o.out);
  if (!out) throw std::runtime_error("cannot write " + o.out);
  out << doc.dump(2) << "\n";
}

}  // namespace

void add_simulate_command(CLI::App& app) {
  auto o = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand("simulate", "Simulate trials of a network config");
  add_config_option(*cmd, o->config);
  add_set_option(*cmd, o->sets);
  cmd->add_option("--trials", o->trials, "Number of independent trials (network realisations)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  add_seed_option(*cmd, o->seed, "Base seed; trial k uses a seed derived from (seed, k)");
  cmd->add_option("--first-trial", o->first_trial,
                  "Index of the first trial (re-run trial k alone)")
      ->capture_default_str();
  add_duration_option(*cmd, o->duration_ms);
  add_threads_option(*cmd, o->threads);
  cmd->add_option("--out", o->out, "Write the trial summaries to this JSON file");
  cmd->add_flag("--timings", o->timings,
                "Include wall times in the JSON (then it is not reproducible)");
  cmd->add_flag("--stats", o->statistics, "Compute the statistics of every trial");
  add_statistics_options(*cmd, o->statistics_choice);
  add_target_options(*cmd, o->target_file, o->target_name,
                     "adds cost, errors, feasible and reason to every trial");
  add_metric_option(*cmd, o->metric);
  add_backend_option(*cmd, o->backend);
  add_example(*cmd,
              "spikefit simulate --config experiments/configs/snops_cbn.json --trials 4 \\\n"
              "      --duration-ms 2000 --stats --out results/cbn.json");
  cmd->callback([o]() { run_simulate(*o); });
}

}  // namespace spikefit::experiments
