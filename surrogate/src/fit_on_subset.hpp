#pragma once

#include <chrono>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {

// The hyperparameter fit of a large model on a subset of its points: `subset` is the model on
// those points sharing the large model's hyperparameters (so its fit sets them), fitted on all of
// its points. Returns its report with the wall time counted from `began`.
template <typename Model>
GpFitReport fit_on_subset(Model& subset, const GpFitOptions& options,
                          std::chrono::steady_clock::time_point began) {
  GpFitOptions on_subset = options;
  on_subset.max_fit_points = 0;
  subset.fit(on_subset);
  GpFitReport report = subset.last_fit();
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  return report;
}

}  // namespace spikefit::surrogate
