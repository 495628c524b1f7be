// Throughput of the So 2012 basal-ganglia network (50 STN / 100 GPe / 75 GPi / 75 TC by
// default): B independent networks x T simulated seconds over a number of threads. Prints one
// JSON line: wall and CPU time, neuron-steps per CPU second (= per core when the cores are not
// shared) and per wall second per thread, and each population's mean rate and CV after the
// burn-in (averaged over the networks).
//   bg_network_bench --networks 8 --seconds 1 --threads 2 --condition pd [--backend cuda]
// --unchecked-dt lets forward Euler run above the 0.025-ms limit (for the dt study only).
#include <CLI/CLI.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "spikefit/base/config_error.hpp"
#include "spikefit/engine/backend.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network.hpp"
#include "spikefit/engine/random.hpp"

namespace bg = spikefit::engine::bg;

namespace {

// CPU seconds used by this process (all threads): on a shared machine the wall time measures the
// load, the CPU time the work.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec) + 1e-6 * usage.ru_utime.tv_usec +
         static_cast<double>(usage.ru_stime.tv_sec) + 1e-6 * usage.ru_stime.tv_usec;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Throughput of batches of So 2012 basal-ganglia networks"};
  int networks = 8, threads = 1;
  double seconds = 1.0, dt = 0.01, burn_in_ms = 200.0;
  std::string condition = "healthy", integrator = "euler", backend = "cpu";
  uint64_t seed = 1;
  bool unchecked_dt = false;
  uint32_t n_stn = 50, n_gpe = 100, n_gpi = 75, n_tc = 75;
  app.add_option("--networks", networks);
  app.add_option("--seconds", seconds, "simulated seconds per network");
  app.add_option("--threads", threads);
  app.add_option("--dt", dt, "ms");
  app.add_option("--burn-in-ms", burn_in_ms);
  app.add_option("--condition", condition)->check(CLI::IsMember({"healthy", "pd", "pd_dbs"}));
  app.add_option("--integrator", integrator)->check(CLI::IsMember({"euler", "exponential_euler"}));
  app.add_option("--seed", seed);
  app.add_option("--sizes", n_stn)->description("STN size (GPe 2x, GPi and TC 1.5x)");
  app.add_flag("--unchecked-dt", unchecked_dt);
  app.add_option("--backend", backend)->check(CLI::IsMember({"cpu", "cuda"}));
  CLI11_PARSE(app, argc, argv);
  n_gpe = 2 * n_stn;
  n_gpi = n_tc = static_cast<uint32_t>(std::lround(1.5 * n_stn));

  nlohmann::json doc = bg::so2012_network_json(condition != "healthy", condition == "pd_dbs", n_stn,
                                               n_gpe, n_gpi, n_tc);
  doc["duration_ms"] = seconds * 1000.0;
  doc["burn_in_ms"] = burn_in_ms;
  doc["integrator"] = integrator;
  if (!unchecked_dt) doc["dt_ms"] = dt;
  bg::BgNetworkSpec net;
  try {
    net = bg::parse_bg_network(doc);
  } catch (const spikefit::base::ConfigError& e) {
    std::fprintf(stderr, "bg_network_bench: %s\n", e.what());
    return 2;
  }
  if (unchecked_dt) net.dt_ms = dt;

  std::vector<spikefit::engine::TrialInput> trials;
  const std::shared_ptr<const spikefit::engine::Network> network = bg::make_network(net);
  for (int k = 0; k < networks; ++k) {
    trials.push_back({network, spikefit::engine::trial_seed(seed, static_cast<uint64_t>(k))});
  }
  spikefit::engine::RunOptions options;
  options.threads = threads;
  std::unique_ptr<spikefit::engine::Ensemble> ensemble;
  try {
    ensemble =
        spikefit::engine::make_ensemble(spikefit::engine::parse_backend_choice(backend)).ensemble;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bg_network_bench: %s\n", e.what());
    return 2;
  }
  const double cpu_start = process_cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  const auto out = ensemble->run(trials, options);
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = process_cpu_seconds() - cpu_start;

  double neuron_steps = 0, trial_seconds = 0;
  int failed = 0;
  const std::size_t pops = net.populations.size();
  std::vector<double> rate(pops, 0.0), cv(pops, 0.0);
  for (const auto& r : out) {
    if (r.status != spikefit::engine::TrialStatus::kOk) ++failed;
    neuron_steps +=
        static_cast<double>(net.neuron_count()) * static_cast<double>(r.steps_simulated);
    trial_seconds += r.wall_seconds;
    const double after_s = (r.simulated_ms() - r.burn_in_ms) / 1000.0;
    for (std::size_t p = 0; p < pops; ++p) {
      double spikes = 0, cv_sum = 0;
      int cv_cells = 0;
      for (uint32_t n = r.population_offsets[p]; n < r.population_offsets[p + 1]; ++n) {
        spikes += r.spikes_after_burn_in[n];
        if (r.isi_count[n] < 3) continue;
        const double m = r.isi_sum_ms[n] / r.isi_count[n];
        cv_sum += std::sqrt(std::max(r.isi_sum_sq_ms2[n] / r.isi_count[n] - m * m, 0.0)) / m;
        ++cv_cells;
      }
      rate[p] +=
          spikes / (r.population_offsets[p + 1] - r.population_offsets[p]) / after_s / networks;
      cv[p] += (cv_cells > 0 ? cv_sum / cv_cells : 0.0) / networks;
    }
  }
  nlohmann::json line = {{"tool", "spikefit-" + backend + "-bg"},
                         {"condition", condition},
                         {"integrator", integrator},
                         {"dt_ms", dt},
                         {"networks", networks},
                         {"simulated_s", seconds},
                         {"threads", threads},
                         {"neurons_per_network", net.neuron_count()},
                         {"neuron_steps_per_wall_s", neuron_steps / wall},
                         {"failed_trials", failed},
                         {"wall_s", wall},
                         {"cpu_s", cpu},
                         {"neuron_steps_per_cpu_s", neuron_steps / cpu},
                         {"cpu_s_per_network_second", cpu / networks / seconds},
                         {"neuron_steps_per_s_per_core_wall", neuron_steps / wall / threads},
                         {"trial_wall_s_sum", trial_seconds}};
  for (std::size_t p = 0; p < pops; ++p) {
    line["rate_hz"][net.populations[p].name] = std::round(rate[p] * 100) / 100;
    line["cv_isi"][net.populations[p].name] = std::round(cv[p] * 1000) / 1000;
  }
  std::printf("%s\n", line.dump().c_str());
  return failed == 0 ? 0 : 1;
}
