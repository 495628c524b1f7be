#pragma once

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "spikefit/experiments/emulation/surrogate_training.hpp"

namespace spikefit::experiments {

// The held-out predictions of a `train-surrogate` evaluation: y [n x m] simulated, mean and
// variance [n x m] predicted.
struct HeldOutPredictions {
  std::vector<std::string> columns;
  at::Tensor y, mean, variance;
};

// Writes <dir>/evaluation.json (`evaluation`, as given), predicted-vs-simulated scatter plots
// (the first 16 outputs, 90% predictive intervals as error bars, the diagonal),
// learning curves (held-out R^2 and NLPD against training rows, log scale) when there are several
// sizes, and <dir>/index.html showing them with the metrics table. Returns the page's path.
std::string write_emulator_report(const std::string& dir, const nlohmann::json& evaluation,
                                  const HeldOutPredictions& held_out,
                                  const std::vector<TrainingRun>& learning_curve);

}  // namespace spikefit::experiments
