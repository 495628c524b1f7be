#include "spikefit/stats/spectral_peak.hpp"

#include <limits>

namespace spikefit::stats {

double peak_frequency_hz(const PowerSpectrum& psd, double low_hz, double high_hz) {
  double best = 0.0, best_hz = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t f = 0; f < psd.density.size(); ++f) {
    const double hz = static_cast<double>(f) * psd.resolution_hz;
    if (hz >= low_hz && hz <= high_hz && psd.density[f] > best) {
      best = psd.density[f];
      best_hz = hz;
    }
  }
  return best_hz;
}

}  // namespace spikefit::stats
