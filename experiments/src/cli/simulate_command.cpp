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
#include "spikefit/base/usage_error.hpp"
#include "spikefit/engine/thread_count.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/simulate_plan.hpp"
#include "spikefit/experiments/cli/stop_signals.hpp"
#include "spikefit/experiments/cli/streamed_trials_json.hpp"
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
  uint64_t chunk = 0;  // trials per simulated batch; 0: sized by memory
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

void print_summary_header(const NetworkOutline& net) {
  std::printf("%-6s %-20s %-8s", "trial", "seed", "status");
  for (const auto& pop : net.populations) std::printf(" %10s", ("rate " + pop).c_str());
  std::printf(" %9s\n", "wall s");
}

// Work done, for the throughput line.
struct SimulatedWork {
  uint64_t trials = 0;
  double neuron_steps = 0.0, events = 0.0;
};

// The table's rows of a chunk of trials: seed, status, population rates and wall time.
void print_summary_rows(const NetworkOutline& net, const std::vector<SimulatedTrial>& trials,
                        uint64_t first_trial, SimulatedWork& work) {
  for (std::size_t k = 0; k < trials.size(); ++k) {
    const engine::TrialRecording& rec = trials[k].recording;
    std::printf("%-6llu %-20llu %-8s", static_cast<unsigned long long>(first_trial + k),
                static_cast<unsigned long long>(rec.seed), engine::to_string(rec.status));
    for (double r : stats::population_rates_hz(rec)) std::printf(" %7.3f Hz", r);
    std::printf(" %9.2f\n", rec.wall_seconds);
    if (!rec.message.empty()) std::printf("       %s\n", rec.message.c_str());
    work.neuron_steps +=
        static_cast<double>(net.neurons) * static_cast<double>(rec.steps_simulated);
    work.events += static_cast<double>(rec.synaptic_events);
  }
  work.trials += trials.size();
}

void print_throughput(const NetworkOutline& net, const SimulatedWork& work, double wall_s,
                      int threads) {
  std::printf("%llu trials x %s ms of %u neurons in %.2f s on %d threads: %s neuron-steps/s",
              static_cast<unsigned long long>(work.trials),
              format_number(net.duration_ms, 6).c_str(), net.neurons, wall_s, threads,
              format_number(work.neuron_steps / wall_s).c_str());
  // Models whose engine counts no synaptic events (the BG networks) leave the rate out.
  if (work.events > 0) {
    std::printf(", %s synaptic events/s", format_number(work.events / wall_s).c_str());
  }
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

void print_cost(const stats::CostResult& cost, uint64_t trial) {
  if (cost.feasible) {
    std::printf("trial %llu: cost %.4g\n", static_cast<unsigned long long>(trial), cost.cost);
  } else {
    std::printf("trial %llu: infeasible (%s)\n", static_cast<unsigned long long>(trial),
                cost.reason.c_str());
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

  const std::unique_ptr<TrialRunner> runner = model.open(o.backend);
  options.threads = o.threads;
  const int threads = engine::thread_count(o.threads);
  std::optional<StreamedTrialsJson> output;
  if (!o.out.empty()) output.emplace(o.out);
  const auto start = std::chrono::steady_clock::now();
  const auto seconds_since_start = [&start]() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const bool tty = isatty(STDERR_FILENO) != 0;
  print_summary_header(net);
  SimulatedWork work;
  TrialCost cost;
  uint64_t chunk = o.chunk > 0 ? o.chunk : first_chunk(o.trials, threads);
  for (uint64_t begin = 0, count = 0; begin < o.trials; begin += count) {
    if (begin > 0 && stop_requested()) {
      std::fprintf(stderr, "simulate: stopped after %llu trials; --first-trial %llu continues\n",
                   static_cast<unsigned long long>(begin),
                   static_cast<unsigned long long>(o.first_trial + begin));
      break;
    }
    count = std::min(chunk, o.trials - begin);
    std::vector<TrialRequest> requests;
    for (uint64_t k = 0; k < count; ++k) {
      requests.push_back({network, base::trial_seed(o.seed, o.first_trial + begin + k)});
    }
    if (tty) {
      options.on_trial_done = [begin, &o](std::size_t done, std::size_t) {
        std::fprintf(stderr, "\rsimulated %llu/%llu trials",
                     static_cast<unsigned long long>(begin + done),
                     static_cast<unsigned long long>(o.trials));
      };
    }
    const std::vector<SimulatedTrial> trials = runner->run(requests, options);
    if (tty) std::fprintf(stderr, "\n");
    const uint64_t first = o.first_trial + begin;
    print_summary_rows(net, trials, first, work);
    if (o.statistics) print_statistics(model, net, trials, first);
    double row_bytes = 0.0, recording_bytes = 0.0;
    for (std::size_t k = 0; k < trials.size(); ++k) {
      recording_bytes += static_cast<double>(trials[k].recording.held_bytes());
      std::optional<stats::CostResult> trial_cost;
      if (target) trial_cost = stats::evaluate_cost(trials[k].statistics, *target, metric);
      if (trial_cost) print_cost(*trial_cost, first + k);
      if (!output) continue;
      nlohmann::json row = trials[k].summary;
      row["trial"] = first + k;
      if (o.statistics) row["statistics"] = model.statistics_json(trials[k].statistics);
      if (trial_cost) row.update(model.cost_json(*trial_cost, *target));
      if (o.timings) {  // performance fields, kept out of the reproducible JSON
        const engine::TrialRecording& rec = trials[k].recording;
        row["wall_s"] = rec.wall_seconds;
        row["setup_s"] = rec.setup_seconds;
        row["threads"] = rec.threads;
        row["neurons"] = rec.population_offsets.empty() ? 0 : rec.population_offsets.back();
        row["synapses"] = rec.synapse_count;
      }
      row_bytes += static_cast<double>(output->add(row));
    }
    if (begin == 0 && begin + count < o.trials) {
      const double n = static_cast<double>(count);
      cost = {recording_bytes / n, row_bytes / n, seconds_since_start() / n};
      const uint64_t remaining = o.trials - count;
      if (output) {
        const std::string refusal =
            output_refusal(cost, remaining, count, free_disk_bytes(o.out), o.out);
        if (!refusal.empty()) throw base::UsageError("--trials", refusal);
      }
      const std::string note = duration_note(cost, remaining, count);
      if (!note.empty()) std::fprintf(stderr, "simulate: %s\n", note.c_str());
      chunk = next_chunk(cost, available_memory_bytes(), threads, o.chunk);
    }
  }
  const double wall_s = seconds_since_start();
  print_throughput(net, work, wall_s, threads);
  if (!output) return;
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
  if (o.timings) {
    doc["timing"] = {{"wall_s", wall_s}, {"threads", threads}};
    if (run_fields.contains("device")) doc["timing"]["device"] = run_fields["device"];
  }
  output->finish(std::move(doc));
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
  add_non_negative_option(*cmd, "--chunk", o->chunk,
                          "Trials per simulated batch (0: as many as a quarter of the free "
                          "memory holds, at most 4096); the results do not depend on it");
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
    const StopSignals stop_signals;
    run_simulate(*o);
  });
}

}  // namespace spikefit::experiments
