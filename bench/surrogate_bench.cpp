// Exact-GP costs on this CPU (LibTorch, float64), n training points in d = 11 dimensions:
// one log-marginal-likelihood evaluation with its gradient (the unit of an L-BFGS fit), and the
// posterior mean and variance at 256 candidates.
#include <benchmark/benchmark.h>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {
namespace {

ExactGp make_gp(int64_t n) {
  at::manual_seed(1);
  const at::Tensor x = at::rand({n, 11}, at::kDouble);
  const at::Tensor y =
      at::sin(6 * x.select(1, 0)) + x.select(1, 1).pow(2) + 0.1 * at::randn({n}, at::kDouble);
  return ExactGp(KernelKind::kMatern52, x, y, GpHyperparameters::make(11, 0.5, 1.0, 0.01));
}

void BM_LmlWithGradient(benchmark::State& state) {
  ExactGp gp = make_gp(state.range(0));
  GpHyperparameters h = gp.hyperparameters();
  for (auto t : h.tensors()) t.requires_grad_(true);
  for (auto _ : state) {
    for (auto t : h.tensors()) {
      if (t.grad().defined()) t.mutable_grad().zero_();
    }
    at::Tensor lml = gp.log_marginal_likelihood();
    lml.backward();
    benchmark::DoNotOptimize(lml.item<double>());
  }
}
BENCHMARK(BM_LmlWithGradient)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(2000)
    ->Arg(4000)
    ->Unit(benchmark::kMillisecond);

void BM_Posterior256(benchmark::State& state) {
  const ExactGp gp = make_gp(state.range(0));
  const at::Tensor candidates = at::rand({256, 11}, at::kDouble);
  at::NoGradGuard no_grad;
  for (auto _ : state) benchmark::DoNotOptimize(gp.posterior(candidates).mean.sum().item<double>());
}
BENCHMARK(BM_Posterior256)
    ->Arg(500)
    ->Arg(1000)
    ->Arg(2000)
    ->Arg(4000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace spikefit::surrogate

BENCHMARK_MAIN();
