#pragma once

#include <cstddef>
#include <vector>

namespace spikefit::experiments {

// y ≈ prefactor · x^exponent, fitted by ordinary least squares on (log x, log y): how a cost of a
// scaling study grows with the network size. Points with x <= 0 or y <= 0 (or not finite) are
// left out; `points` counts the ones used. With fewer than two distinct x the fit is undefined
// (`defined` false, exponent and prefactor NaN).
struct PowerLawFit {
  bool defined = false;
  double exponent = 0.0;
  double prefactor = 0.0;
  double r_squared = 0.0;  // of the log-log regression (1 when every point lies on the line)
  std::size_t points = 0;
};

// x [n], y [n].
PowerLawFit fit_power_law(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace spikefit::experiments
