// The CUDA backend against the CPU reference (ctest label gpu; every test skips without a usable
// device). Floating-point settings: both sides compile the shared rules without FMA contraction
// (engine/CMakeLists.txt), so the arithmetic is the same except the libm functions: device exp
// and glibc exp may differ in the last bit. Bitwise tests therefore use LIF neurons or the
// Schraudolph exponential (pure arithmetic); exact-exp networks are compared statistically.
#include "spikefit/engine/cuda_ensemble.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "device_scale.hpp"
#include "models/balanced/cpu_trial.hpp"
#include "models/balanced/cuda/balanced_cuda_runner.hpp"
#include "recording_compare.hpp"
#include "skip_without_device.hpp"
#include "spikefit/engine/backend.hpp"
#include "spikefit/engine/random.hpp"
#include "spikefit/stats/population_statistics.hpp"
#include "test_networks.hpp"

namespace spikefit::engine {
namespace {

using nlohmann::json;

// The SNOPS SBN or CBN at 400 E (20x20), 100 I (10x10), 400 X.
json small_network(const std::string& name, double duration_ms, const std::string& exp) {
  json net = testing::small_snops_network(name, duration_ms);
  net["simulation"]["exp"] = exp;
  return net;
}

NetworkSpec small(const std::string& name, double duration_ms, const std::string& exp) {
  return parse_network_spec(small_network(name, duration_ms, exp));
}

void expect_identical(const TrialRecording& a, const TrialRecording& b) {
  EXPECT_EQ(a.seed, b.seed);
  testing::expect_same_recording(a, b);
}

void expect_same_state(const TrialState& a, const TrialState& b) {
  EXPECT_EQ(a.v, b.v);
  EXPECT_EQ(a.refractory, b.refractory);
  EXPECT_EQ(a.current, b.current);
  EXPECT_EQ(a.derivative, b.derivative);
  EXPECT_EQ(a.pending_count, b.pending_count);
}

std::vector<TrialInput> batch_of(const NetworkSpec& net, uint64_t seed, std::size_t n) {
  std::vector<TrialInput> batch;
  const std::shared_ptr<const Network> network = make_network(net);
  for (uint64_t k = 0; k < n; ++k) batch.push_back({network, trial_seed(seed, k)});
  return batch;
}

// First steps of a small network: every state variable bit for bit, for LIF and Schraudolph EIF,
// with the working arrays in shared memory and in global memory.
TEST(CudaEnsemble, StateMatchesTheCpuBitForBitOverTheFirstSteps) {
  SKIP_WITHOUT_DEVICE();
  for (const std::string model : {"eif_schraudolph", "lif"}) {
    json network = small_network("snops_sbn", 30.0, "schraudolph");  // 599 steps
    network["simulation"]["max_rate_hz"] = 1000;  // the driven LIF E cells fire fast
    if (model == "lif") {
      for (auto& pop : network["populations"]) {
        pop["model"] = "lif";
        pop["params"] = {{"tau_m_ms", pop["params"]["tau_m_ms"]},
                         {"E_L_mV", -60},
                         {"V_th_mV", -50},
                         {"V_reset_mV", -65},
                         {"t_ref_ms", pop["params"]["t_ref_ms"]}};
      }
      network["populations"][0]["params"]["I_ext"] = 0.9;
    }
    const NetworkSpec net = parse_network_spec(network);
    for (std::size_t budget : {std::size_t{96 * 1024}, std::size_t{8 * 1024}}) {
      CudaOptions options;
      options.shared_memory_budget = budget;
      auto gpu = cuda::make_balanced_cuda_runner(options);
      const auto batch = batch_of(net, 31, 3);
      std::vector<TrialState> gpu_states;
      const auto gpu_recs = gpu->run_with_final_state(batch, {}, gpu_states);
      for (std::size_t k = 0; k < batch.size(); ++k) {
        TrialState cpu_state;
        const TrialRecording cpu = simulate_trial_cpu(net, batch[k].seed, &cpu_state);
        SCOPED_TRACE(model + " budget " + std::to_string(budget) + " trial " + std::to_string(k));
        expect_same_state(cpu_state, gpu_states[k]);
        expect_identical(cpu, gpu_recs[k]);
      }
    }
  }
}

// A short run of the Schraudolph SBN and CBN (no libm in the dynamics): every recorded number
// identical to the CPU backend, raster included.
TEST(CudaEnsemble, ShortRunRecordingsEqualTheCpuWhereTheArithmeticIsMatched) {
  SKIP_WITHOUT_DEVICE();
  for (const char* name : {"snops_sbn", "snops_cbn"}) {
    json network = small_network(name, 700.0, "schraudolph");
    network["recording"]["burn_in_ms"] = 100;
    network["recording"]["count_bin_ms"] = 100;
    network["recording"]["raster"] = {{"population", "E"}, {"neurons", 50}};
    const NetworkSpec net = parse_network_spec(network);
    const auto batch = batch_of(net, 8, 4);
    const auto gpu = make_cuda_ensemble()->run(batch, {});
    for (std::size_t k = 0; k < batch.size(); ++k) {
      SCOPED_TRACE(std::string(name) + " trial " + std::to_string(k));
      const TrialRecording cpu = simulate_trial_cpu(net, batch[k].seed);
      ASSERT_EQ(cpu.status, TrialStatus::kOk);
      EXPECT_GT(cpu.total_spikes, 1000u);
      expect_identical(cpu, gpu[k]);
    }
  }
}

// Fixed in-degree and Bernoulli rows are counted, offset and filled on the device.
TEST(CudaEnsemble, CountedConnectivityRulesEqualTheCpu) {
  SKIP_WITHOUT_DEVICE();
  json network = small_network("snops_cbn", 300.0, "schraudolph");
  base::resolve_path(network, "projections.IE.connectivity") = {{"rule", "fixed_in_degree"},
                                                                {"in_degree", 120}};
  base::resolve_path(network, "projections.II.connectivity") = {{"rule", "bernoulli"},
                                                                {"probability", 0.3}};
  const NetworkSpec net = parse_network_spec(network);
  const auto batch = batch_of(net, 12, 3);
  std::vector<TrialState> states;
  const auto gpu = cuda::make_balanced_cuda_runner()->run_with_final_state(batch, {}, states);
  for (std::size_t k = 0; k < batch.size(); ++k) {
    TrialState cpu_state;
    const TrialRecording cpu = simulate_trial_cpu(net, batch[k].seed, &cpu_state);
    expect_identical(cpu, gpu[k]);
    expect_same_state(cpu_state, states[k]);
  }
}

TEST(CudaEnsemble, SameSeedSameCountsAcrossRunsBlockSizesBatchSplitsAndStreams) {
  SKIP_WITHOUT_DEVICE();
  const NetworkSpec net = small("snops_sbn", testing::device_or_emulated(600.0, 150.0), "exact");
  const auto batch = batch_of(net, 77, testing::device_or_emulated<std::size_t>(9, 5));
  const auto reference = make_cuda_ensemble()->run(batch, {});
  struct Variant {
    int block_size, max_trials, streams;
  };
  for (const Variant v : {Variant{256, 0, 2}, Variant{32, 0, 1}, Variant{128, 4, 3},
                          Variant{1024, 1, 2}, Variant{512, 2, 1}}) {
    CudaOptions options;
    options.block_size = v.block_size;
    options.max_trials_per_launch = v.max_trials;
    options.streams = v.streams;
    const auto again = make_cuda_ensemble(options)->run(batch, {});
    for (std::size_t k = 0; k < batch.size(); ++k) {
      SCOPED_TRACE("block " + std::to_string(v.block_size) + " max " +
                   std::to_string(v.max_trials) + " streams " + std::to_string(v.streams) +
                   " trial " + std::to_string(k));
      expect_identical(reference[k], again[k]);
    }
  }
}

// 512 trials on a device, 48 under the emulation.
TEST(CudaEnsemble, TrialAloneEqualsTheSameTrialInALargeBatch) {
  SKIP_WITHOUT_DEVICE();
  json network = small_network("snops_cbn", 150.0, "exact");
  network["recording"]["burn_in_ms"] = 50;
  network["recording"]["count_bin_ms"] = 50;
  const NetworkSpec net = parse_network_spec(network);
  const std::size_t n = testing::device_or_emulated<std::size_t>(512, 48);
  const auto batch = batch_of(net, 5, n);
  auto gpu = make_cuda_ensemble();
  const auto all = gpu->run(batch, {});
  for (std::size_t k : {std::size_t{0}, n / 4 + 9, n - 1}) {
    const auto alone = gpu->run({batch[k]}, {});
    SCOPED_TRACE("trial " + std::to_string(k));
    expect_identical(alone[0], all[k]);
  }
}

// The spike cap stops the runaway trial only; non-finite state is an error with the CPU's message.
// float32 state is a CPU backend option: the CUDA backend refuses it by name instead of running
// float64 under a float32 config.
TEST(CudaEnsemble, RefusesAFloat32StateByName) {
  SKIP_WITHOUT_DEVICE();
  json net = small_network("snops_sbn", 100.0, "exact");
  net["simulation"]["precision"] = "float32";
  const NetworkSpec spec = parse_network_spec(net);
  try {
    make_cuda_ensemble()->run(batch_of(spec, 1, 2), {});
    FAIL() << "a float32 network ran on the CUDA backend";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("simulation.precision"), std::string::npos) << e.what();
  }
}

TEST(CudaEnsemble, RunawayAndNumericalFailuresStopOnlyTheirTrial) {
  SKIP_WITHOUT_DEVICE();
  json runaway_net = small_network("snops_sbn", 2000.0, "schraudolph");
  base::resolve_path(runaway_net, "projections.EE.weight") = 150;
  base::resolve_path(runaway_net, "projections.EI.weight") = 0;
  base::resolve_path(runaway_net, "projections.II.weight") = 0;
  NetworkSpec nan_net = small("snops_sbn", 300.0, "schraudolph");
  nan_net.projections[0].weight = std::numeric_limits<double>::quiet_NaN();
  const NetworkSpec normal = small("snops_sbn", 2000.0, "schraudolph");
  const std::vector<TrialInput> batch = {{make_network(normal), 1},
                                         {make_network(parse_network_spec(runaway_net)), 2},
                                         {make_network(normal), 3},
                                         {make_network(nan_net), 4}};
  const auto gpu = make_cuda_ensemble()->run(batch, {});
  for (std::size_t k = 0; k < batch.size(); ++k) {
    SCOPED_TRACE("trial " + std::to_string(k));
    expect_identical(batch[k].network->simulate_cpu(batch[k].seed), gpu[k]);
  }
  EXPECT_EQ(gpu[0].status, TrialStatus::kOk);
  EXPECT_EQ(gpu[1].status, TrialStatus::kRunaway);
  EXPECT_EQ(gpu[2].status, TrialStatus::kOk);
  EXPECT_EQ(gpu[3].status, TrialStatus::kError);
}

// Per trial: E rate (Hz), mean Fano factor and mean Fisher-z rsc of E cells with spikes.
struct TrialStats {
  double rate, fano, rsc;
};

TrialStats trial_stats(const TrialRecording& rec) {
  std::vector<uint32_t> active;
  for (uint32_t j = 0; j < rec.count_neurons; ++j) {
    uint32_t total = 0;
    for (uint32_t b = 0; b < rec.count_bins; ++b) total += rec.counts[b * rec.count_neurons + j];
    if (total > 0 && active.size() < 60) active.push_back(j);
  }
  Eigen::MatrixXd counts(active.size(), rec.count_bins);
  for (std::size_t i = 0; i < active.size(); ++i) {
    for (uint32_t b = 0; b < rec.count_bins; ++b) {
      counts(static_cast<Eigen::Index>(i), b) = rec.counts[b * rec.count_neurons + active[i]];
    }
  }
  const double spikes = std::accumulate(rec.counts.begin(), rec.counts.end(), 0.0);
  return {spikes / rec.count_neurons / (rec.count_bins * rec.count_bin_ms * 1e-3),
          stats::mean_fano(counts), stats::mean_rsc_fisher_z(counts)};
}

// Means over trials of each statistic agree within 4 standard errors of their difference.
void expect_same_distribution(const std::vector<TrialRecording>& a,
                              const std::vector<TrialRecording>& b) {
  auto moments = [](const std::vector<TrialRecording>& recs, double TrialStats::*field) {
    double sum = 0, sum_sq = 0;
    for (const auto& r : recs) {
      const double x = trial_stats(r).*field;
      sum += x;
      sum_sq += x * x;
    }
    const double n = static_cast<double>(recs.size());
    const double mean = sum / n;
    return std::pair<double, double>{mean, (sum_sq / n - mean * mean) / (n - 1)};
  };
  for (auto [field, name] :
       {std::pair{&TrialStats::rate, "rate"}, std::pair{&TrialStats::fano, "fano"},
        std::pair{&TrialStats::rsc, "rsc"}}) {
    const auto [mean_a, var_a] = moments(a, field);
    const auto [mean_b, var_b] = moments(b, field);
    EXPECT_NEAR(mean_a, mean_b, 4 * std::sqrt(var_a + var_b) + 1e-12)
        << name << ": cpu " << mean_a << ", cuda " << mean_b;
  }
}

// Long runs of the exact-exp networks (trajectories diverge between backends after a few hundred
// steps): independent trials from each backend have the same rates, Fano factors and rsc.
TEST(CudaEnsemble, LongRunStatisticsAgreeWithTheCpuWithinSamplingError) {
  SKIP_WITHOUT_DEVICE();
  for (const char* name : {"snops_cbn", "snops_sbn"}) {
    json network = small_network(name, testing::device_or_emulated(2500.0, 1000.0), "exact");
    for (const auto& [path, value] : testing::short_demo_weights()) {
      base::resolve_path(network, path) = value;
    }
    network["recording"]["count_bin_ms"] = 100;
    const NetworkSpec net = parse_network_spec(network);
    const std::size_t n = testing::device_or_emulated<std::size_t>(16, 8);
    const auto cpu = make_cpu_ensemble()->run(batch_of(net, 1000, n), {});
    const auto gpu = make_cuda_ensemble()->run(batch_of(net, 2000, n), {});
    SCOPED_TRACE(name);
    for (const auto& r : gpu) ASSERT_EQ(r.status, TrialStatus::kOk) << r.message;
    expect_same_distribution(cpu, gpu);
  }
}

}  // namespace
}  // namespace spikefit::engine
