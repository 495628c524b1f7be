#include "spikefit/experiments/benchmark/power_law_fit.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace spikefit::experiments {

PowerLawFit fit_power_law(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::invalid_argument("fit_power_law: x and y differ in length");
  std::vector<double> lx, ly;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(x[i] > 0.0) || !(y[i] > 0.0) || !std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    lx.push_back(std::log(x[i]));
    ly.push_back(std::log(y[i]));
  }
  PowerLawFit fit;
  fit.points = lx.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  fit.exponent = fit.prefactor = fit.r_squared = nan;
  if (lx.size() < 2) return fit;
  const auto n = static_cast<double>(lx.size());
  double mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < lx.size(); ++i) {
    mx += lx[i] / n;
    my += ly[i] / n;
  }
  double sxx = 0.0, sxy = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < lx.size(); ++i) {
    sxx += (lx[i] - mx) * (lx[i] - mx);
    sxy += (lx[i] - mx) * (ly[i] - my);
    syy += (ly[i] - my) * (ly[i] - my);
  }
  if (!(sxx > 1e-24)) return fit;  // one distinct size
  fit.defined = true;
  fit.exponent = sxy / sxx;
  fit.prefactor = std::exp(my - fit.exponent * mx);
  fit.r_squared = syy > 0.0 ? (sxy * sxy) / (sxx * syy) : 1.0;
  return fit;
}

}  // namespace spikefit::experiments
