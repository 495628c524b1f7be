#include "spikefit/acquisition/optimizer.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <LBFGSB.h>

#include <Eigen/Core>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "spikefit/acquisition/candidates.hpp"

namespace spikefit::acquisition {

namespace {

// Restart indices into values [r]: the best, then draws ~ exp(eta z) without replacement.
at::Tensor boltzmann_restarts(const at::Tensor& values, int64_t restarts, double eta,
                              uint64_t seed) {
  const at::Tensor finite = values.isfinite();
  const at::Tensor safe = at::where(finite, values, at::full_like(values, -1e300));
  const int64_t best = safe.argmax().item<int64_t>();
  if (restarts == 1) return at::full({1}, best, at::kLong);
  at::Tensor weights = at::zeros_like(values);
  const int64_t finite_count = finite.sum().item<int64_t>();
  if (finite_count > 1) {
    const at::Tensor v = values.masked_select(finite);
    const double sd = v.std().item<double>();
    if (sd > 0) {
      const at::Tensor z = (safe - v.mean()) / sd;
      weights = at::where(finite, at::exp(eta * (z - z.max())), weights);
    }
  }
  // every point keeps a tiny weight, so draws without replacement always find enough
  weights = weights + 1e-12 * weights.max().clamp_min(1.0);
  weights[best] = 0.0;
  const auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const at::Tensor drawn = at::multinomial(weights, restarts - 1, /*replacement=*/false, generator);
  return at::cat({at::full({1}, best, at::kLong), drawn});
}

// The checks of optimize_acquisition; returns the box as contiguous float64 [d] tensors.
void check_box(const at::Tensor& lower, const at::Tensor& upper, const OptimizerOptions& options,
               int64_t raw_samples, at::Tensor& lo, at::Tensor& hi) {
  if (lower.dim() != 1 || upper.dim() != 1 || lower.size(0) != upper.size(0)) {
    throw std::invalid_argument("optimize_acquisition: lower and upper must both be [d]");
  }
  if ((lower > upper).any().item<bool>()) {
    throw std::invalid_argument("optimize_acquisition: lower bound above upper bound");
  }
  if (options.restarts < 1 || raw_samples < options.restarts || options.batch_limit < 1 ||
      options.max_iterations < 0) {
    throw std::invalid_argument(
        "optimize_acquisition: need restarts >= 1, raw_samples >= restarts (got " +
        std::to_string(raw_samples) + " and " + std::to_string(options.restarts) +
        "), batch_limit >= 1 and max_iterations >= 0");
  }
  lo = lower.to(at::kDouble).contiguous();
  hi = upper.to(at::kDouble).contiguous();
}

}  // namespace

OptimizerResult optimize_acquisition(const AcquisitionFunction& acquisition,
                                     const at::Tensor& lower, const at::Tensor& upper,
                                     const OptimizerOptions& options) {
  at::Tensor lo, hi;
  check_box(lower, upper, options, options.raw_samples, lo, hi);
  const int64_t d = lo.size(0);
  const at::Tensor raw =
      space_filling(options.raw_samples, d, derive_seed(options.seed, 0), lo, hi);
  at::Tensor raw_values = at::empty({options.raw_samples}, at::kDouble);  // [raw]
  {
    at::NoGradGuard no_grad;
    for (int64_t start = 0; start < options.raw_samples; start += options.batch_limit) {
      const int64_t end = std::min(options.raw_samples, start + options.batch_limit);
      raw_values.slice(0, start, end).copy_(acquisition(raw.slice(0, start, end)).detach());
    }
  }
  return optimize_acquisition_from(acquisition, raw, raw_values, lo, hi, options);
}

OptimizerResult optimize_acquisition_from(const AcquisitionFunction& acquisition,
                                          const at::Tensor& raw, const at::Tensor& raw_values,
                                          const at::Tensor& lower, const at::Tensor& upper,
                                          const OptimizerOptions& options) {
  if (raw.dim() != 2 || raw.size(1) != lower.size(0) || raw_values.dim() != 1 ||
      raw_values.size(0) != raw.size(0)) {
    throw std::invalid_argument(
        "optimize_acquisition_from: raw must be [r x d] with the box's d and raw_values [r]");
  }
  at::Tensor lo, hi;
  check_box(lower, upper, options, raw.size(0), lo, hi);
  const int64_t d = lo.size(0);
  const int64_t k = options.restarts;
  const at::Tensor chosen =
      boltzmann_restarts(raw_values, k, options.eta, derive_seed(options.seed, 1));
  at::Tensor best_x = raw.index_select(0, chosen).contiguous();  // [k x d]
  at::Tensor best_value =
      at::where(raw_values.isfinite(), raw_values, at::full_like(raw_values, -1e300))
          .index_select(0, chosen)
          .contiguous();  // [k]

  using Vector = Eigen::VectorXd;
  Vector x = Eigen::Map<const Vector>(best_x.data_ptr<double>(), k * d);
  Vector lb(k * d), ub(k * d);
  for (int64_t r = 0; r < k; ++r) {
    for (int64_t j = 0; j < d; ++j) {
      lb[r * d + j] = lo[j].item<double>();
      ub[r * d + j] = hi[j].item<double>();
    }
  }
  auto objective = [&](const Vector& v, Vector& gradient) -> double {
    at::Tensor t = at::from_blob(const_cast<double*>(v.data()), {k, d}, at::kDouble)
                       .clone()
                       .requires_grad_(true);  // [k x d]
    const at::Tensor values = acquisition(t);  // [k]
    const at::Tensor finite = values.isfinite();
    const at::Tensor safe = at::where(finite, values, at::full_like(values, -1e300).detach());
    const at::Tensor loss = -at::where(finite, values, at::zeros_like(values)).sum();
    loss.backward();
    at::Tensor g = t.grad();
    g = at::where(g.isfinite(), g, at::zeros_like(g)).contiguous();
    std::memcpy(gradient.data(), g.data_ptr<double>(), sizeof(double) * static_cast<size_t>(k * d));
    const at::Tensor detached = safe.detach();
    const at::Tensor better = detached > best_value;  // [k]
    best_value = at::where(better, detached, best_value);
    best_x = at::where(better.unsqueeze(1), t.detach(), best_x);
    // a restart that left the finite region is pushed back by a large loss
    const double penalty = (finite.logical_not().sum().item<int64_t>() > 0) ? 1e10 : 0.0;
    return loss.item<double>() + penalty;
  };
  if (options.max_iterations > 0) {
    LBFGSpp::LBFGSBParam<double> param;
    param.max_iterations = options.max_iterations;
    LBFGSpp::LBFGSBSolver<double> solver(param);
    double fx = 0.0;
    try {
      solver.minimize(objective, x, fx, lb, ub);
    } catch (const std::exception&) {
      // a failed line search ends the search; the best visited points are kept
    }
  }
  const at::Tensor order = best_value.argsort(/*dim=*/0, /*descending=*/true);
  OptimizerResult result;
  result.x = best_x.index_select(0, order);
  result.value = best_value.index_select(0, order);
  return result;
}

}  // namespace spikefit::acquisition
