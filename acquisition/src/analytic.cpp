#include "spikefit/acquisition/analytic.hpp"

#include <cmath>

namespace spikefit::acquisition {

namespace {

constexpr double kHalfLog2Pi = 0.91893853320467274178;  // log sqrt(2 pi)

at::Tensor log_phi(const at::Tensor& z) {
  return -0.5 * z.pow(2) - kHalfLog2Pi;
}

// log(1 - exp(w)) for w < 0, accurate for w near 0 and far below it.
at::Tensor log1mexp(const at::Tensor& w) {
  return at::where(w > -M_LN2, at::log(-at::expm1(w)), at::log1p(-at::exp(w)));
}

// log h(z), h(z) = phi(z) + z Phi(z) (BoTorch's _log_ei_helper).
at::Tensor log_h(const at::Tensor& z) {
  const double bound = -1.0;
  const double far = -1e6;  // beyond this, |z| Phi(z) / phi(z) = 1 - 1/z^2 + ...: use -2 log|z|
  const at::Tensor upper = z.clamp_min(bound);
  const at::Tensor phi = at::exp(log_phi(upper));
  const at::Tensor cdf = 0.5 * at::erfc(-upper / std::sqrt(2.0));
  const at::Tensor log_upper = at::log(phi + upper * cdf);
  const at::Tensor lower = z.clamp_max(bound);
  const at::Tensor lower_eps = lower.clamp_min(far);
  // w = log(|z| Phi(z) / phi(z)) with Phi(z)/phi(z) = erfcx(-z/sqrt 2) sqrt(pi/2)
  const at::Tensor w =
      at::log(-lower_eps * at::special_erfcx(-lower_eps / std::sqrt(2.0)) * std::sqrt(M_PI / 2.0));
  const at::Tensor log_lower =
      log_phi(lower) + at::where(lower > far, log1mexp(w), -2.0 * at::log(lower.abs()));
  return at::where(z > bound, log_upper, log_lower);
}

}  // namespace

at::Tensor log_expected_improvement(const at::Tensor& mean, const at::Tensor& sigma, double best) {
  const at::Tensor z = (best - mean) / sigma;
  return at::log(sigma) + log_h(z);
}

at::Tensor log_probability_of_improvement(const at::Tensor& mean, const at::Tensor& sigma,
                                          double best) {
  return at::special_log_ndtr((best - mean) / sigma);
}

at::Tensor negative_lower_confidence_bound(const at::Tensor& mean, const at::Tensor& sigma,
                                           double beta) {
  return -(mean - std::sqrt(beta) * sigma);
}

at::Tensor log_probability_of_feasibility(const at::Tensor& mean, const at::Tensor& sigma) {
  return at::special_log_ndtr((mean - 0.5) / sigma);
}

}  // namespace spikefit::acquisition
