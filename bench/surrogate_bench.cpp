// Exact-GP costs on this CPU (LibTorch, float64), n training points in d = 11 dimensions:
// one log-marginal-likelihood evaluation with its gradient (the unit of an L-BFGS fit), the
// conditioning on all points (kernel matrix + Cholesky), the posterior mean and variance at 256
// and 4096 candidates, and a whole fit (hyperparameters on a subset of 1000 points, then
// conditioned on all n) followed by a posterior at 256 candidates; Thompson samples (exact vs
// pathwise) and Kriging-believer picks (ExactGp::extended vs IncrementalGp) for propose(256).
// The *Baseline benchmarks are the formulation measured on 2026-11-22 (kernel as an autograd
// expression, autograd through the Cholesky), kept here so that ratios come from one run.
// The second argument of the per-evaluation benchmarks is the intra-op thread count.
#include <ATen/Parallel.h>
#include <benchmark/benchmark.h>

#include <cmath>

#include "spikefit/surrogate/exact_gp.hpp"
#include "spikefit/surrogate/incremental_gp.hpp"
#include "spikefit/surrogate/posterior_sampling.hpp"

namespace spikefit::surrogate {
namespace {

constexpr int64_t kDims = 11;

std::pair<at::Tensor, at::Tensor> make_data(int64_t n) {
  at::manual_seed(1);
  const at::Tensor x = at::rand({n, kDims}, at::kDouble);
  const at::Tensor y =
      at::sin(6 * x.select(1, 0)) + x.select(1, 1).pow(2) + 0.1 * at::randn({n}, at::kDouble);
  return {x, y};
}

ExactGp make_gp(int64_t n) {
  const auto [x, y] = make_data(n);
  return ExactGp(KernelKind::kMatern52, x, y, GpHyperparameters::make(kDims, 0.5, 1.0, 0.01));
}

// The 2026-11-22 formulation of -LML: Matern-5/2 as a chain of autograd expressions, then
// autograd through linalg_cholesky and cholesky_solve.
at::Tensor baseline_lml(const at::Tensor& x, const at::Tensor& y, const GpHyperparameters& h) {
  const at::Tensor a = x / h.lengthscales();
  const at::Tensor d2 =
      (a.pow(2).sum(1).unsqueeze(1) + a.pow(2).sum(1).unsqueeze(0) - 2.0 * at::matmul(a, a.t()))
          .clamp_min(0.0);
  const at::Tensor r = d2.clamp_min(1e-36).sqrt();
  const double sqrt5 = std::sqrt(5.0);
  const at::Tensor k =
      h.outputscale() * (1.0 + sqrt5 * r + (5.0 / 3.0) * d2) * at::exp(-sqrt5 * r) +
      h.noise_variance() * at::eye(x.size(0), x.options());
  const at::Tensor l = at::linalg_cholesky(k);
  const at::Tensor residual = (y - h.mean).unsqueeze(1);
  const at::Tensor alpha = at::cholesky_solve(residual, l);
  return -0.5 * (residual * alpha).sum() - l.diagonal().log().sum();
}

void zero_grads(const GpHyperparameters& h) {
  for (auto t : h.tensors()) {
    if (t.grad().defined()) t.mutable_grad().zero_();
  }
}

void BM_LmlWithGradient(benchmark::State& state) {
  at::set_num_threads(static_cast<int>(state.range(1)));
  ExactGp gp = make_gp(state.range(0));
  GpHyperparameters h = gp.hyperparameters();
  for (auto t : h.tensors()) t.requires_grad_(true);
  for (auto _ : state) {
    zero_grads(h);
    at::Tensor lml = gp.log_marginal_likelihood();
    lml.backward();
    benchmark::DoNotOptimize(lml.item<double>());
  }
}

void BM_LmlWithGradientBaseline(benchmark::State& state) {
  at::set_num_threads(static_cast<int>(state.range(1)));
  const auto [x, y] = make_data(state.range(0));
  GpHyperparameters h = GpHyperparameters::make(kDims, 0.5, 1.0, 0.01);
  for (auto t : h.tensors()) t.requires_grad_(true);
  for (auto _ : state) {
    zero_grads(h);
    at::Tensor lml = baseline_lml(x, y, h);
    lml.backward();
    benchmark::DoNotOptimize(lml.item<double>());
  }
}

void per_evaluation_args(benchmark::internal::Benchmark* b) {
  for (int64_t threads : {1, 2}) {
    for (int64_t n : {500, 1000, 2000, 4000}) b->Args({n, threads});
  }
}
BENCHMARK(BM_LmlWithGradient)->Apply(per_evaluation_args)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LmlWithGradientBaseline)->Apply(per_evaluation_args)->Unit(benchmark::kMillisecond);

// kernel matrix of all n points + Cholesky + alpha: the first posterior call after a fit
void BM_Condition(benchmark::State& state) {
  at::set_num_threads(static_cast<int>(state.range(1)));
  const auto [x, y] = make_data(state.range(0));
  const GpHyperparameters h = GpHyperparameters::make(kDims, 0.5, 1.0, 0.01);
  const at::Tensor one = at::rand({1, kDims}, at::kDouble);
  at::NoGradGuard no_grad;
  for (auto _ : state) {
    const ExactGp gp(KernelKind::kMatern52, x, y, h);
    benchmark::DoNotOptimize(gp.posterior(one).mean.item<double>());
  }
}
BENCHMARK(BM_Condition)->Apply(per_evaluation_args)->Unit(benchmark::kMillisecond);

// posterior mean and variance with the conditioning cached
void BM_Posterior(benchmark::State& state) {
  at::set_num_threads(2);
  const ExactGp gp = make_gp(state.range(0));
  const at::Tensor candidates = at::rand({state.range(1), kDims}, at::kDouble);
  at::NoGradGuard no_grad;
  benchmark::DoNotOptimize(gp.posterior(candidates.slice(0, 0, 1)).mean.item<double>());
  for (auto _ : state) benchmark::DoNotOptimize(gp.posterior(candidates).mean.sum().item<double>());
}
BENCHMARK(BM_Posterior)
    ->ArgsProduct({{500, 1000, 2000, 4000}, {256, 4096}})
    ->Unit(benchmark::kMillisecond);

// fit with arguments (n, restarts, max L-BFGS iterations per start, max_fit_points,
// -log10 relative_tolerance), condition on all n, posterior at 256 candidates; warm = one start
// from the hyperparameters of a one-start fit to the first 3/4 of the points (the previous round)
void fit_and_posterior(benchmark::State& state, bool warm) {
  at::set_num_threads(2);
  const auto [x, y] = make_data(state.range(0));
  GpFitOptions options;
  options.restarts = static_cast<int>(state.range(1));
  options.max_iterations = static_cast<int>(state.range(2));
  options.max_fit_points = state.range(3);
  options.relative_tolerance = std::pow(10.0, -static_cast<double>(state.range(4)));
  GpHyperparameters start = GpHyperparameters::make(kDims, 0.5, 1.0, 0.01);
  if (warm) {
    ExactGp previous(KernelKind::kMatern52, x.slice(0, 0, x.size(0) * 3 / 4),
                     y.slice(0, 0, y.size(0) * 3 / 4), start.clone());
    GpFitOptions one_start = options;
    one_start.restarts = 1;
    previous.fit(one_start);
    start = previous.hyperparameters().clone();
  }
  const at::Tensor candidates = at::rand({256, kDims}, at::kDouble);
  for (auto _ : state) {
    ExactGp gp(KernelKind::kMatern52, x, y, start.clone());
    gp.fit(options);
    at::NoGradGuard no_grad;
    benchmark::DoNotOptimize(gp.posterior(candidates).mean.sum().item<double>());
    state.counters["evaluations"] = gp.last_fit().evaluations;
    state.counters["fit_s"] = gp.last_fit().seconds;
    state.counters["objective"] = gp.last_fit().objective;
  }
}
void BM_FitAndPosterior256(benchmark::State& state) {
  fit_and_posterior(state, false);
}
void BM_WarmFitAndPosterior256(benchmark::State& state) {
  fit_and_posterior(state, true);
}
BENCHMARK(BM_FitAndPosterior256)
    ->Args({4000, 4, 200, 1000, 9})
    ->Args({4000, 1, 200, 1000, 9})
    ->Args({4000, 1, 200, 500, 6})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);
BENCHMARK(BM_WarmFitAndPosterior256)
    ->Args({4000, 1, 200, 1000, 9})
    ->Args({4000, 1, 200, 1000, 6})
    ->Args({4000, 1, 200, 500, 6})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// Thompson samples for propose(256): 256 samples at 2000 candidates, exact joint (the [c x c]
// posterior covariance and its Cholesky) vs pathwise (2048 random features + Matheron update);
// arguments (n, 0 exact | 1 pathwise)
void BM_Sample256At2000(benchmark::State& state) {
  at::set_num_threads(2);
  const ExactGp gp = make_gp(state.range(0));
  const at::Tensor candidates = at::rand({2000, kDims}, at::kDouble);
  PosteriorSamplerOptions options;
  options.kind =
      state.range(1) == 0 ? PosteriorSamplerKind::kExact : PosteriorSamplerKind::kPathwise;
  at::NoGradGuard no_grad;
  benchmark::DoNotOptimize(gp.posterior(candidates.slice(0, 0, 1)).mean.item<double>());
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        sample_posterior(gp, candidates, 256, 1, options).sum().item<double>());
  }
}
BENCHMARK(BM_Sample256At2000)
    ->ArgsProduct({{1000, 4000}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

// 256 Kriging-believer picks among 512 tracked candidates after n points: IncrementalGp (one
// solve for the candidates, then O(n c) per pick) vs ExactGp::extended + posterior per pick (the
// previous greedy path without its optimiser); argument (n, 0 extended | 1 incremental)
void BM_KrigingBeliever256(benchmark::State& state) {
  at::set_num_threads(2);
  const ExactGp gp = make_gp(state.range(0));
  const at::Tensor candidates = at::rand({512, kDims}, at::kDouble);
  at::NoGradGuard no_grad;
  benchmark::DoNotOptimize(gp.posterior(candidates.slice(0, 0, 1)).mean.item<double>());
  for (auto _ : state) {
    if (state.range(1) == 0) {
      ExactGp model = gp;
      for (int64_t pick = 0; pick < 256; ++pick) {
        const at::Tensor x = candidates.slice(0, pick, pick + 1);
        model = model.extended(x, model.posterior(x).mean);
        benchmark::DoNotOptimize(model.posterior(candidates).variance.sum().item<double>());
      }
    } else {
      IncrementalGp model(gp);
      model.track(candidates);
      for (int64_t pick = 0; pick < 256; ++pick) {
        model.add_candidate(pick, model.candidate_mean()[pick].item<double>());
        benchmark::DoNotOptimize(model.candidate_variance().sum().item<double>());
      }
    }
  }
}
BENCHMARK(BM_KrigingBeliever256)
    ->ArgsProduct({{1000, 4000}, {0, 1}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace spikefit::surrogate

BENCHMARK_MAIN();
