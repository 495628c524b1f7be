// End-to-end throughput of the CUDA backend (specs/gpu_engine.md §7 E1/E5): a sweep over the batch
// size B for the SNOPS CBN and SBN and a 1000-neuron EIF network, with the CPU backend's time per
// trial on one core from the same run. Prints figures, asserts nothing.
//
//   spikefit_bench_cuda [--duration-ms 1000] [--batches 1,8,32,132,264,512,1024]
//                       [--models snops_cbn,snops_sbn,eif_1000] [--block-size 256]
//                       [--cpu-trials 1] [--seed 1]
#include <cuda_runtime.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "spikefit/engine/backend.hpp"
#include "spikefit/engine/cuda_ensemble.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "spikefit/engine/random.hpp"
#include "spikefit/experiments/config/model_config.hpp"

namespace {

using namespace spikefit;
using Clock = std::chrono::steady_clock;

// specs/gpu_engine.md §6.2 ceilings for an H100 (estimates, not measurements).
constexpr double kNeuronStepCeiling = 1e12;  // LIF/EIF neuron-steps/s
constexpr double kEventCeiling = 1.5e12;     // synaptic events/s, 2 B per event from HBM

std::vector<int> parse_list(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoi(item));
  return out;
}

std::vector<std::string> parse_names(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void print_device() {
  int clock_khz = 0, memory_clock_khz = 0, sms = 0;
  cudaDeviceGetAttribute(&clock_khz, cudaDevAttrClockRate, 0);
  cudaDeviceGetAttribute(&memory_clock_khz, cudaDevAttrMemoryClockRate, 0);
  cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0);
  std::size_t free_bytes = 0, total_bytes = 0;
  cudaMemGetInfo(&free_bytes, &total_bytes);
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  std::printf("device: %s\n", engine::cuda_device_status().device.c_str());
  std::printf("clocks: SM peak %.0f MHz, memory peak %.0f MHz; %d SMs; %.1f GiB (%.1f free)\n",
              clock_khz / 1e3, memory_clock_khz / 1e3, sms, total_bytes / 1073741824.0,
              free_bytes / 1073741824.0);
  std::printf("driver %d, runtime %d\n\n", driver, runtime);
}

std::vector<engine::TrialInput> batch_of(const engine::NetworkSpec& net, uint64_t seed,
                                         std::size_t n) {
  std::vector<engine::TrialInput> batch;
  const std::shared_ptr<const engine::Network> network = engine::make_network(net);
  for (uint64_t k = 0; k < n; ++k) batch.push_back({network, engine::trial_seed(seed, k)});
  return batch;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"spikefit CUDA ensemble benchmark"};
  double duration_ms = 1000;
  std::string batches = "1,8,32,132,264,512,1024";
  std::string models = "snops_cbn,snops_sbn,eif_1000";
  int block_size = 256, cpu_trials = 1;
  uint64_t seed = 1;
  app.add_option("--duration-ms", duration_ms, "Biological time per trial");
  app.add_option("--batches", batches, "Batch sizes B");
  app.add_option("--models", models, "Configs: experiments/configs/NAME.json or bench/configs");
  app.add_option("--block-size", block_size, "Threads per trial");
  app.add_option("--cpu-trials", cpu_trials, "Trials timed on one CPU core per model (0: none)");
  app.add_option("--seed", seed, "Base seed");
  CLI11_PARSE(app, argc, argv);

  const engine::CudaDeviceStatus status = engine::cuda_device_status();
  if (!status.usable) {
    std::fprintf(stderr, "spikefit_bench_cuda: %s\n", status.reason.c_str());
    return 1;
  }
  print_device();
  engine::CudaOptions options;
  options.block_size = block_size;
  auto gpu = engine::make_cuda_ensemble(options);
  auto cpu = engine::make_cpu_ensemble();

  for (const std::string& model : parse_names(models)) {
    const std::string dir =
        model.rfind("snops_", 0) == 0 ? "/experiments/configs/" : "/bench/configs/";
    experiments::ModelConfig config =
        experiments::load_model_config(std::string(SPIKEFIT_SOURCE_DIR) + dir + model + ".json");
    experiments::apply_overrides(config, {"simulation.duration_ms=" + std::to_string(duration_ms)});
    const engine::NetworkSpec net = config.bound_network();
    const double neurons = net.neuron_count();
    std::printf("== %s: %u neurons, dt %.3g ms, %.0f ms per trial, block %d\n", model.c_str(),
                net.neuron_count(), net.dt_ms, duration_ms, block_size);

    double cpu_seconds_per_trial = 0;
    if (cpu_trials > 0) {
      engine::RunOptions one_core;
      one_core.threads = 1;
      const auto start = Clock::now();
      const auto recs = cpu->run(batch_of(net, seed + 999, cpu_trials), one_core);
      cpu_seconds_per_trial = seconds_since(start) / cpu_trials;
      double steps = 0, events = 0;
      for (const auto& r : recs) {
        steps += neurons * r.steps_simulated;
        events += r.synaptic_events;
      }
      std::printf("cpu (1 core): %.3f s/trial, %.3g neuron-steps/s, %.3g events/s\n",
                  cpu_seconds_per_trial, steps / (cpu_seconds_per_trial * cpu_trials),
                  events / (cpu_seconds_per_trial * cpu_trials));
    }
    std::printf("%6s %10s %14s %12s %10s %10s %12s %14s %8s\n", "B", "wall_s", "neuron-steps/s",
                "events/s", "%ns_ceil", "%ev_ceil", "net-bio-s/s", "x_cpu_core", "not_ok");
    gpu->run(batch_of(net, seed, 1), {});  // warm-up: context, module load
    for (int b : parse_list(batches)) {
      const auto trials = batch_of(net, seed, static_cast<std::size_t>(b));
      const auto start = Clock::now();
      const auto recs = gpu->run(trials, {});
      const double wall = seconds_since(start);
      double steps = 0, events = 0, bio_ms = 0;
      int not_ok = 0;
      for (const auto& r : recs) {
        steps += neurons * r.steps_simulated;
        events += r.synaptic_events;
        bio_ms += r.simulated_ms();
        not_ok += r.status != engine::TrialStatus::kOk;
      }
      std::printf("%6d %10.4f %14.4g %12.4g %10.3f %10.3f %12.2f %14.1f %8d\n", b, wall,
                  steps / wall, events / wall, 100 * steps / wall / kNeuronStepCeiling,
                  100 * events / wall / kEventCeiling, bio_ms / 1e3 / wall,
                  cpu_seconds_per_trial > 0 ? cpu_seconds_per_trial * b / wall : 0.0, not_ok);
      std::fflush(stdout);
    }
    std::printf("\n");
  }
  return 0;
}
