#include "spikefit/experiments/cli/scale_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/parse_number.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/benchmark/scale_cell_runner.hpp"
#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/stop_signals.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/scale_report.hpp"
#include "spikefit/version.hpp"

namespace spikefit::experiments {

namespace {

struct ScaleOptions {
  std::string config;
  std::vector<std::string> sets;
  std::string sizes;
  std::string batches = "1";
  std::string threads = "1";
  double duration_ms = -1.0;
  std::string storage;
  std::string backend = "auto";
  uint64_t seed = 1;
  int repeats = 1;
  std::string out;
};

// "a,b,c" as positive numbers; a base::UsageError naming `flag` otherwise.
std::vector<double> positive_list(const std::string& text, const std::string& flag, bool integers) {
  std::vector<double> values;
  for (const std::string& item : base::split(text, ',')) {
    const std::optional<double> v =
        integers ? std::optional<double>(base::parse_integer(item)) : base::parse_finite(item);
    if (!v || !(*v > 0.0)) {
      throw base::UsageError(flag, "needs a comma-separated list of positive " +
                                       std::string(integers ? "integers" : "numbers") + ", got '" +
                                       item + "' in '" + text + "'");
    }
    values.push_back(*v);
  }
  if (values.empty()) throw base::UsageError(flag, "needs at least one value");
  return values;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

std::string mebibytes(int64_t bytes) {
  return base::number_text(static_cast<double>(bytes) / 1048576.0, 4) + " MiB";
}

void print_cell(std::size_t index, std::size_t total, const ScaleCell& c) {
  std::fprintf(stderr, "cell %zu/%zu: size %s, batch %lld, %d thread%s", index + 1, total,
               base::number_text(c.spec.size_factor, 6).c_str(),
               static_cast<long long>(c.spec.batch), c.spec.threads,
               c.spec.threads == 1 ? "" : "s");
  if (c.spec.repeat > 0) std::fprintf(stderr, ", repeat %d", c.spec.repeat + 1);
  if (!c.ok()) {
    std::fprintf(stderr, ": %s: %s\n", c.status.c_str(), c.reason.c_str());
    return;
  }
  std::fprintf(stderr,
               ": %llu neurons, %.3g s (%.3g s per simulated s), %.3g neuron-steps/s, %.3g "
               "events/s, peak %s (%s above baseline)\n",
               static_cast<unsigned long long>(c.neurons), c.wall_s, c.wall_per_simulated_s(),
               c.neuron_steps_per_s(), c.events_per_s(), mebibytes(c.peak_rss_bytes).c_str(),
               mebibytes(c.rss_above_baseline_bytes()).c_str());
}

void run_scale(ScaleOptions o) {
  const std::vector<double> sizes = positive_list(o.sizes, "--sizes", false);
  const std::vector<double> batches = positive_list(o.batches, "--batch", true);
  const std::vector<double> threads = positive_list(o.threads, "--threads", true);
  ScaleSetup setup;
  setup.config = load_model_config(o.config);
  if (o.duration_ms > 0) {
    o.sets.insert(o.sets.begin(),
                  duration_field(setup.config) + "=" + base::number_text(o.duration_ms));
  }
  apply_overrides(setup.config, o.sets);
  setup.backend = o.backend;
  setup.storage = o.storage;
  setup.seed = o.seed;
  // Every cell's network is checked here, before any process starts: a size or storage the
  // model does not take is a config error now, not a failed cell later.
  const Model& model = setup.config.model();
  for (double s : sizes) {
    model.validate(scale_cell_network(setup.config, s, setup.storage), setup.config.source);
  }
  const NetworkOutline outline = model.outline(setup.config.bound_document());
  base::make_directory(o.out);

  nlohmann::json header;
  header["spikefit_version"] = kVersion;
  header["started_utc"] = utc_now();
  header["config"] = o.config;
  header["config_hash"] = document_hash(setup.config.effective_document());
  header["model"] = setup.config.name;
  header["overrides"] = o.sets;
  header["backend_requested"] = o.backend;
  header["connectivity_storage"] =
      o.storage.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.storage);
  header["seed"] = o.seed;
  header["dt_ms"] = outline.dt_ms;
  header["duration_ms"] = outline.duration_ms;
  header["sizes"] = sizes;
  header["batches"] = batches;
  header["threads"] = threads;
  header["repeats"] = o.repeats;
  header["online_processors"] = sysconf(_SC_NPROCESSORS_ONLN);

  std::vector<ScaleCellSpec> specs;
  for (double s : sizes) {
    for (double b : batches) {
      for (double t : threads) {
        for (int r = 0; r < o.repeats; ++r) {
          specs.push_back({s, static_cast<int64_t>(b), static_cast<int>(t), r});
        }
      }
    }
  }
  std::fprintf(stderr, "scale %s: %zu cells (%zu sizes x %zu batches x %zu thread counts x %d)\n",
               setup.config.name.c_str(), specs.size(), sizes.size(), batches.size(),
               threads.size(), o.repeats);
  std::vector<ScaleCell> cells;
  for (std::size_t k = 0; k < specs.size(); ++k) {
    if (stop_requested()) {
      std::fprintf(stderr, "scale: stopped after %zu of %zu cells\n", k, specs.size());
      break;
    }
    cells.push_back(run_scale_cell(setup, specs[k]));
    print_cell(k, specs.size(), cells.back());
    write_scale_cells(o.out, header, cells);
  }
  header["finished_utc"] = utc_now();
  write_scale_report(o.out, header, cells);
  std::printf("%s", base::read_text(o.out + "/summary.txt").c_str());
  std::printf("output: %s (cells.json, cells.csv, summary.json, cost_model.json, plots)\n",
              o.out.c_str());
  std::size_t ok = 0;
  for (const ScaleCell& c : cells) ok += c.ok() ? 1 : 0;
  if (ok == 0 && !cells.empty()) throw std::runtime_error("no cell of the study finished");
}

}  // namespace

void add_scale_command(CLI::App& app) {
  auto o = std::make_shared<ScaleOptions>();
  CLI::App* cmd = app.add_subcommand(
      "scale",
      "Scaling study: wall time, throughput and memory over network sizes, batches and threads, "
      "with power-law exponents, strong/weak scaling and a cost model");
  add_config_option(*cmd, o->config);
  add_set_option(*cmd, o->sets);
  cmd->add_option("--sizes", o->sizes,
                  "Network size factors s1,s2,... (network.size_factor: populations x s^2, "
                  "lattices x s, in-degrees fixed; 1: the config as it is)")
      ->required();
  cmd->add_option("--batch", o->batches, "Trials per cell, b1,b2,...")->capture_default_str();
  cmd->add_option("--threads", o->threads, "CPU threads per cell, t1,t2,...")
      ->capture_default_str();
  add_duration_option(*cmd, o->duration_ms);
  cmd->add_option("--storage", o->storage,
                  "network.connectivity_storage of every cell (default: the config's)")
      ->check(CLI::IsMember({"stored", "procedural"}));
  add_backend_option(*cmd, o->backend);
  add_seed_option(*cmd, o->seed, "Trial k of every cell uses a seed derived from (seed, k)");
  add_positive_option(*cmd, "--repeats", o->repeats, "Runs of every cell (medians are analysed)");
  cmd->add_option("--out", o->out,
                  "Output folder: cells.json, cells.csv, summary.{json,txt}, cost_model.json, "
                  "plots")
      ->required();
  add_example(*cmd,
              "spikefit scale --config experiments/configs/snops_sbn.json --sizes 1,2,4 \\\n"
              "      --threads 1,2 --duration-ms 1000 --out results/scale_sbn\n"
              "  spikefit fit ... --dry-run --cost-model results/scale_sbn/cost_model.json");
  cmd->callback([o]() {
    const StopSignals stop_signals;
    run_scale(*o);
  });
}

}  // namespace spikefit::experiments
