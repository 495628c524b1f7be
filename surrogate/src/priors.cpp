#include "spikefit/surrogate/priors.hpp"

#include <cmath>

namespace spikefit::surrogate {

namespace {

constexpr double kLog2Pi = 1.8378770664093454836;

at::TensorOptions float64() {
  return at::TensorOptions().dtype(at::kDouble);
}

struct LogNormal {
  double loc, scale;
};
struct Gamma {
  double concentration, rate;
};

LogNormal lengthscale_log_normal(int64_t dims) {
  return {std::sqrt(2.0) + 0.5 * std::log(static_cast<double>(dims)), std::sqrt(3.0)};
}
constexpr LogNormal kNoiseLogNormal{-4.0, 1.0};
constexpr Gamma kLengthscaleGamma{3.0, 6.0};
constexpr Gamma kOutputscaleGamma{2.0, 0.15};
constexpr Gamma kNoiseGamma{1.1, 0.05};

// log of Gamma(concentration, rate) draws [count]
at::Tensor sample_log_gamma(const Gamma& g, int64_t count, at::Generator& generator) {
  const at::Tensor draws =
      at::_standard_gamma(at::full({count}, g.concentration, float64()), generator);
  return (draws.clamp_min(1e-300) / g.rate).log();
}

}  // namespace

at::Tensor log_normal_log_density(const at::Tensor& log_x, double loc, double scale) {
  return (-log_x - std::log(scale) - 0.5 * kLog2Pi - (log_x - loc).pow(2) / (2.0 * scale * scale))
      .sum();
}

at::Tensor gamma_log_density(const at::Tensor& log_x, double concentration, double rate) {
  return (concentration * std::log(rate) - std::lgamma(concentration) +
          (concentration - 1.0) * log_x - rate * log_x.exp())
      .sum();
}

at::Tensor lengthscale_log_prior(PriorKind kind, const at::Tensor& log_lengthscales) {
  if (kind == PriorKind::kGamma) {
    return gamma_log_density(log_lengthscales, kLengthscaleGamma.concentration,
                             kLengthscaleGamma.rate);
  }
  const LogNormal p = lengthscale_log_normal(log_lengthscales.numel());
  return log_normal_log_density(log_lengthscales, p.loc, p.scale);
}

at::Tensor outputscale_log_prior(PriorKind kind, const at::Tensor& log_outputscale) {
  if (kind == PriorKind::kGamma) {
    return gamma_log_density(log_outputscale, kOutputscaleGamma.concentration,
                             kOutputscaleGamma.rate);
  }
  return at::zeros({}, log_outputscale.options());
}

at::Tensor noise_log_prior(PriorKind kind, const at::Tensor& log_noise_variance) {
  if (kind == PriorKind::kGamma) {
    return gamma_log_density(log_noise_variance, kNoiseGamma.concentration, kNoiseGamma.rate);
  }
  return log_normal_log_density(log_noise_variance, kNoiseLogNormal.loc, kNoiseLogNormal.scale);
}

at::Tensor sample_log_lengthscales(PriorKind kind, int64_t dims, at::Generator& generator) {
  if (kind == PriorKind::kGamma) return sample_log_gamma(kLengthscaleGamma, dims, generator);
  const LogNormal p = lengthscale_log_normal(dims);
  return p.loc + p.scale * at::randn({dims}, generator, float64());
}

double sample_log_outputscale(PriorKind kind, at::Generator& generator) {
  if (kind == PriorKind::kGamma) {
    return sample_log_gamma(kOutputscaleGamma, 1, generator).item<double>();
  }
  return 0.0;
}

double sample_log_noise_variance(PriorKind kind, at::Generator& generator) {
  if (kind == PriorKind::kGamma) return sample_log_gamma(kNoiseGamma, 1, generator).item<double>();
  return kNoiseLogNormal.loc +
         kNoiseLogNormal.scale * at::randn({1}, generator, float64()).item<double>();
}

}  // namespace spikefit::surrogate
