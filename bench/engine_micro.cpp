// Micro-benchmarks of the shared update rules and the connectivity generator (Google Benchmark).
#include <benchmark/benchmark.h>

#include <vector>

#include "models/balanced/connectivity.hpp"
#include "models/balanced/neuron_models.hpp"
#include "models/balanced/synapse_models.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine {
namespace {

void BM_EifStep(benchmark::State& state) {
  IntegrateFireConstants c;
  c.exp_kind = static_cast<SpikeExp>(state.range(0));
  std::vector<double> v(2500, -60.0), input(2500, 0.5);
  std::vector<int32_t> refractory(2500, 0);
  for (std::size_t j = 0; j < v.size(); ++j) v[j] = -65.0 + 15.0 * j / v.size();
  for (auto _ : state) {
    for (std::size_t j = 0; j < v.size(); ++j) {
      benchmark::DoNotOptimize(integrate_fire_step(c, 0.05, input[j], v[j], refractory[j]));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(v.size()));
}
BENCHMARK(BM_EifStep)
    ->Arg(static_cast<int>(SpikeExp::kExact))
    ->Arg(static_cast<int>(SpikeExp::kSchraudolph));

void BM_SecondOrderSynapseStep(benchmark::State& state) {
  const SynapseConstants s = make_synapse_constants(SynapseKind::kSecondOrder, 1.0, 5.0);
  std::vector<double> current(2500, 0.1), derivative(2500, 0.01);
  for (auto _ : state) {
    for (std::size_t j = 0; j < current.size(); ++j)
      synapse_step(s, 0.05, current[j], derivative[j]);
    benchmark::DoNotOptimize(current.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(current.size()));
}
BENCHMARK(BM_SecondOrderSynapseStep);

void BM_Philox(benchmark::State& state) {
  uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(philox_words(1, 2, i++, 0));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Philox);

void BM_GaussianTarget(benchmark::State& state) {
  const Lattice lattice{50, 50};
  uint32_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(gaussian_out_target(1, 2, 17, k++, lattice, lattice, 0.1));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GaussianTarget);

}  // namespace
}  // namespace spikefit::engine

BENCHMARK_MAIN();
