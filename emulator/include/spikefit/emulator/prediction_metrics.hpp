#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "spikefit/emulator/emulator.hpp"

namespace spikefit::emulator {

// How well one output's held-out values are predicted.
struct OutputMetrics {
  double r2 = 0.0;          // 1 - SSE / SST (SST about the held-out mean); NaN when SST is 0
  double rmse = 0.0;        // sqrt(mean squared error)
  double nlpd = 0.0;        // mean of -log N(y | mean, variance)
  double coverage50 = 0.0;  // share of y inside the central 50% Gaussian predictive interval
  double coverage90 = 0.0;  // ... 90% ...
  int64_t n = 0;
};

// Held-out y [n x m] against a prediction [n x m]: one OutputMetrics per output. Throws
// std::invalid_argument when the shapes disagree or n is 0.
std::vector<OutputMetrics> prediction_metrics(const at::Tensor& y,
                                              const EmulatorPrediction& prediction);

}  // namespace spikefit::emulator
