#include "spikefit/emulator/prediction_metrics.hpp"

#include <cmath>
#include <stdexcept>

namespace spikefit::emulator {

namespace {

// Half-widths of the central 50% and 90% Gaussian intervals in standard deviations:
// Phi^-1(0.75) and Phi^-1(0.95).
constexpr double kZ50 = 0.67448975019608171;
constexpr double kZ90 = 1.6448536269514722;

}  // namespace

std::vector<OutputMetrics> prediction_metrics(const at::Tensor& y,
                                              const EmulatorPrediction& prediction) {
  if (!y.defined() || y.dim() != 2 || !prediction.mean.defined() ||
      !prediction.variance.defined() || prediction.mean.sizes() != y.sizes() ||
      prediction.variance.sizes() != y.sizes() || y.size(0) == 0) {
    throw std::invalid_argument(
        "prediction_metrics: y, the predicted mean and the variance must all be [n x m], n >= 1");
  }
  const at::Tensor yd = y.to(at::kDouble);
  const at::Tensor mean = prediction.mean.to(at::kDouble);
  const at::Tensor variance = prediction.variance.to(at::kDouble);
  const at::Tensor error = yd - mean;                        // [n x m]
  const at::Tensor sd = variance.sqrt();                     // [n x m]
  const at::Tensor sse = error.square().sum(0);              // [m]
  const at::Tensor sst = (yd - yd.mean(0)).square().sum(0);  // [m]
  const at::Tensor nlpd =
      (0.5 * (2.0 * M_PI * variance).log() + error.square() / (2.0 * variance)).mean(0);
  const at::Tensor inside50 = (error.abs() <= kZ50 * sd).to(at::kDouble).mean(0);
  const at::Tensor inside90 = (error.abs() <= kZ90 * sd).to(at::kDouble).mean(0);
  const int64_t n = y.size(0);
  std::vector<OutputMetrics> metrics;
  for (int64_t j = 0; j < y.size(1); ++j) {
    OutputMetrics m;
    const double total = sst[j].item<double>();
    m.r2 = total > 0.0 ? 1.0 - sse[j].item<double>() / total : std::nan("");
    m.rmse = std::sqrt(sse[j].item<double>() / static_cast<double>(n));
    m.nlpd = nlpd[j].item<double>();
    m.coverage50 = inside50[j].item<double>();
    m.coverage90 = inside90[j].item<double>();
    m.n = n;
    metrics.push_back(m);
  }
  return metrics;
}

}  // namespace spikefit::emulator
