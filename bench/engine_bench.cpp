// End-to-end throughput of the CPU engine on one core: one trial of a bundled config, printed as
// one JSON line per run (same fields as bench/brian2_snops.py, so the two compare directly).
//   spikefit_bench_engine --config experiments/configs/snops_cbn.json --duration-ms 2000
#include <CLI/CLI.hpp>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/random.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/stats/spike_train_statistics.hpp"

int main(int argc, char** argv) {
  CLI::App app{"CPU engine throughput, one trial on one core"};
  std::string config_path;
  double duration_ms = 2000;
  uint64_t seed = 1;
  int repeats = 1;
  app.add_option("--config", config_path)->required();
  app.add_option("--duration-ms", duration_ms);
  app.add_option("--seed", seed);
  app.add_option("--repeats", repeats);
  CLI11_PARSE(app, argc, argv);

  auto config = spikefit::experiments::load_model_config(config_path);
  char duration[64];
  std::snprintf(duration, sizeof duration, "simulation.duration_ms=%.17g", duration_ms);
  spikefit::experiments::apply_overrides(config, {duration});
  const spikefit::engine::NetworkSpec net = config.bound_network();
  for (int r = 0; r < repeats; ++r) {
    const auto rec =
        spikefit::engine::BalancedNetwork(net).simulate_cpu(spikefit::engine::trial_seed(seed, r));
    const double run_s = rec.wall_seconds - rec.setup_seconds;
    const double neuron_steps = static_cast<double>(net.neuron_count()) * rec.steps_simulated;
    const auto rates = spikefit::stats::population_rates_hz(rec);
    nlohmann::json line = {{"tool", "spikefit-cpu"},
                           {"network", config.name},
                           {"duration_ms", duration_ms},
                           {"status", spikefit::engine::to_string(rec.status)},
                           {"setup_s", rec.setup_seconds},
                           {"run_s", run_s},
                           {"neurons", net.neuron_count()},
                           {"steps", rec.steps_simulated},
                           {"rate_e_hz", rates[0]},
                           {"rate_i_hz", rates.size() > 1 ? rates[1] : 0.0},
                           {"synaptic_events", rec.synaptic_events},
                           {"neuron_steps_per_s", neuron_steps / run_s},
                           {"events_per_s", static_cast<double>(rec.synaptic_events) / run_s},
                           {"wall_s_per_simulated_s", run_s / (duration_ms / 1000.0)}};
    std::printf("%s\n", line.dump().c_str());
  }
  return 0;
}
