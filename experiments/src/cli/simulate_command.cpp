#include "spikefit/experiments/cli/simulate_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/random.hpp"
#include "spikefit/engine/thread_count.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
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
  std::vector<std::string> given_flags;  // the statistics flags given on the command line
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

// The table of trials: seed, status, population rates and wall time, then the throughput.
void print_summary(const NetworkOutline& net, const std::vector<SimulatedTrial>& trials,
                   uint64_t first_trial, double wall_s, int threads) {
  std::printf("%-6s %-20s %-8s", "trial", "seed", "status");
  for (const auto& pop : net.populations) std::printf(" %10s", ("rate " + pop).c_str());
  std::printf(" %9s\n", "wall s");
  double neuron_steps = 0.0;
  double events = 0.0;
  for (std::size_t k = 0; k < trials.size(); ++k) {
    const engine::TrialRecording& rec = trials[k].recording;
    std::printf("%-6llu %-20llu %-8s", static_cast<unsigned long long>(first_trial + k),
                static_cast<unsigned long long>(rec.seed), engine::to_string(rec.status));
    for (double r : stats::population_rates_hz(rec)) std::printf(" %7.3f Hz", r);
    std::printf(" %9.2f\n", rec.wall_seconds);
    if (!rec.message.empty()) std::printf("       %s\n", rec.message.c_str());
    neuron_steps += static_cast<double>(net.neurons) * static_cast<double>(rec.steps_simulated);
    events += static_cast<double>(rec.synaptic_events);
  }
  std::printf("%zu trials x %s ms of %u neurons in %.2f s on %d threads: %s neuron-steps/s",
              trials.size(), format_number(net.duration_ms, 6).c_str(), net.neurons, wall_s,
              threads, format_number(neuron_steps / wall_s).c_str());
  // Models whose engine counts no synaptic events (the BG networks) leave the rate out.
  if (events > 0) std::printf(", %s synaptic events/s", format_number(events / wall_s).c_str());
  std::printf("\n");
}

// The statistics the model names for the summary, one line per trial that has statistics.
void print_statistics(const Model& model, const NetworkOutline& net,
                      const std::vector<SimulatedTrial>& trials, uint64_t first_trial) {
  const std::vector<std::string> names = model.printed_statistics(net.populations);
  if (names.empty()) return;
  for (std::size_t k = 0; k < trials.size(); ++k) {
    const stats::Statistics& s = trials[k].statistics;
    if (s.values.empty()) continue;
    std::printf("trial %llu:", static_cast<unsigned long long>(first_trial + k));
    for (const std::string& name : names) {
      const std::vector<double>* v = s.find(name);
      if (v && v->size() == 1) std::printf(" %s %.3g", name.c_str(), (*v)[0]);
    }
    std::printf("\n");
  }
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

void run_simulate(SimulateOptions o) {
  ModelConfig config = load_model_config(o.config);
  const Model& model = config.model();
  if (!model.draws_neurons()) refuse_neuron_draw_flags(o.given_flags, model.name());
  if (!o.target_file.empty()) o.statistics = true;  // --target needs --target-name (parser)
  TrialRunOptions options;
  options.statistics = o.statistics;
  options.statistics_options = o.statistics_choice.options();
  const stats::CostMetric metric = parse_metric(o.metric);
  std::optional<stats::Target> target;
  if (!o.target_file.empty()) target = stats::load_target(o.target_file, o.target_name);
  if (o.duration_ms >= 0) {
    o.sets.insert(o.sets.begin(), duration_field(config) + "=" + format_number(o.duration_ms, 17));
  }
  apply_overrides(config, o.sets);
  const nlohmann::json network = config.bound_document();
  const NetworkOutline net = model.outline(network);

  std::vector<TrialRequest> requests;
  for (uint64_t k = 0; k < o.trials; ++k) {
    requests.push_back({network, base::trial_seed(o.seed, o.first_trial + k)});
  }
  const std::unique_ptr<TrialRunner> runner = model.open(o.backend);
  options.threads = o.threads;
  if (isatty(STDERR_FILENO)) {
    options.on_trial_done = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\rsimulated %zu/%zu trials", done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  const int threads = engine::thread_count(o.threads);
  const auto start = std::chrono::steady_clock::now();
  const std::vector<SimulatedTrial> trials = runner->run(requests, options);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_summary(net, trials, o.first_trial, wall_s, threads);
  if (o.statistics) print_statistics(model, net, trials, o.first_trial);
  std::vector<stats::CostResult> costs;
  if (target) {
    for (const SimulatedTrial& t : trials) {
      costs.push_back(stats::evaluate_cost(t.statistics, *target, metric));
    }
    print_costs(costs, o.first_trial);
  }

  if (o.out.empty()) return;
  nlohmann::json doc;
  doc["spikefit_version"] = kVersion;
  doc["backend"] = runner->backend();
  const nlohmann::json run_fields = model.run_fields(net, *runner);
  doc.update(run_fields);
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
  for (std::size_t k = 0; k < trials.size(); ++k) {
    nlohmann::json trial = trials[k].summary;
    trial["trial"] = o.first_trial + k;
    if (o.statistics) trial["statistics"] = model.statistics_json(trials[k].statistics);
    if (target) trial.update(model.cost_json(costs[k], *target));
    if (o.timings) trial["wall_s"] = trials[k].recording.wall_seconds;
    doc["trials"].push_back(trial);
  }
  if (o.timings) {
    doc["timing"] = {{"wall_s", wall_s}, {"threads", threads}};
    if (run_fields.contains("device")) doc["timing"]["device"] = run_fields["device"];
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
  add_positive_option(*cmd, "--trials", o->trials,
                      "Number of independent trials (network realisations)");
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
  cmd->callback([o, cmd]() {
    o->given_flags = given_statistics_flags(*cmd);
    run_simulate(*o);
  });
}

}  // namespace spikefit::experiments
