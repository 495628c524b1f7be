#include "spikefit/acquisition/qlognei.hpp"

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/sobol.hpp"

namespace spikefit::acquisition {

namespace {

// log(tau softplus(z / tau)), finite for very negative z (where it tends to z).
at::Tensor log_soft_relu(const at::Tensor& z, double tau) {
  const at::Tensor w = z / tau;
  const at::Tensor body = at::log(at::softplus(w.clamp_min(-30.0)));
  return std::log(tau) + at::where(w < -30.0, w, body);
}

}  // namespace

QLogNoisyExpectedImprovement::QLogNoisyExpectedImprovement(const surrogate::PosteriorModel& model,
                                                           at::Tensor baseline, int64_t q,
                                                           const QLogNeiOptions& options)
    : gp_(model.clone()), baseline_(std::move(baseline)), q_(q), options_(options) {
  if (baseline_.dim() != 2 || baseline_.size(0) < 1 || baseline_.size(1) != gp_->dims()) {
    throw std::invalid_argument("qLogNEI: baseline must be [b x " + std::to_string(gp_->dims()) +
                                "] with b >= 1");
  }
  const int64_t width = gp_->base_width();
  const int64_t dims = width * (baseline_.size(0) + q);
  if (q < 1 || dims > SobolSequence::kMaxDims) {
    throw std::invalid_argument(
        "qLogNEI: need q >= 1 and " + std::to_string(width) + " x (baseline rows + q) <= " +
        std::to_string(SobolSequence::kMaxDims) + " (got " + std::to_string(width) + " x (" +
        std::to_string(baseline_.size(0)) + " + " + std::to_string(q) + ")): prune the baseline");
  }
  if (options.samples < 1) throw std::invalid_argument("qLogNEI: samples must be >= 1");
  const at::Tensor u = space_filling(options.samples, dims, options.seed);
  base_samples_ = at::special_ndtri(u.clamp(1e-10, 1.0 - 1e-10));  // [samples x width (b + q)]
}

at::Tensor QLogNoisyExpectedImprovement::operator()(const at::Tensor& batches) const {
  if (batches.dim() != 3 || batches.size(1) != q_ || batches.size(2) != gp_->dims()) {
    throw std::invalid_argument("qLogNEI: batches must be [m x " + std::to_string(q_) + " x " +
                                std::to_string(gp_->dims()) + "]");
  }
  const int64_t b = baseline_.size(0), k = b + q_;
  const at::Tensor f = gp_->batch_samples(baseline_, batches, base_samples_);  // [m x s x k]
  const at::Tensor incumbent = std::get<0>(f.slice(2, 0, b).min(2));           // [m x samples]
  const at::Tensor improvement = incumbent.unsqueeze(2) - f.slice(2, b, k);    // [m x s x q]
  const at::Tensor log_utility = log_soft_relu(improvement, options_.tau_relu);
  const at::Tensor batch_utility =
      options_.tau_max * at::logsumexp(log_utility / options_.tau_max, {2});  // [m x s]
  return at::logsumexp(batch_utility, {1}) - std::log(static_cast<double>(options_.samples));
}

at::Tensor qlognei_baseline(const surrogate::PosteriorModel& model, const at::Tensor& x,
                            int64_t count) {
  at::NoGradGuard no_grad;
  if (x.size(0) <= count) return x;
  const at::Tensor mean = model.posterior(x).mean;
  const at::Tensor order = mean.argsort();
  return x.index_select(0, order.slice(0, 0, count));
}

AcquisitionFunction qlognei_function(const surrogate::PosteriorModel& model,
                                     const at::Tensor& baseline, const QLogNeiOptions& options) {
  auto criterion = std::make_shared<QLogNoisyExpectedImprovement>(model, baseline, 1, options);
  return [criterion](const at::Tensor& x) { return (*criterion)(x.unsqueeze(1)); };
}

}  // namespace spikefit::acquisition
