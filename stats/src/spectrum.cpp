#include "spikefit/stats/spectrum.hpp"

#include <unsupported/Eigen/FFT>

#include <cmath>
#include <complex>
#include <limits>

namespace spikefit::stats {

PowerSpectrum welch_psd(const std::vector<double>& signal, double sample_rate_hz,
                        std::size_t segment, std::size_t overlap) {
  PowerSpectrum psd;
  if (segment == 0 || overlap >= segment || signal.size() < segment) return psd;
  std::vector<double> window(segment);
  double window_power = 0.0;
  for (std::size_t k = 0; k < segment; ++k) {
    // periodic Hann (scipy's get_window('hann') for spectral analysis)
    window[k] =
        0.5 - 0.5 * std::cos(2.0 * M_PI * static_cast<double>(k) / static_cast<double>(segment));
    window_power += window[k] * window[k];
  }
  const std::size_t bins = segment / 2 + 1;
  psd.resolution_hz = sample_rate_hz / static_cast<double>(segment);
  psd.density.assign(bins, 0.0);
  Eigen::FFT<double> fft;
  std::vector<double> x(segment);
  std::vector<std::complex<double>> spectrum;
  std::size_t segments = 0;
  for (std::size_t start = 0; start + segment <= signal.size(); start += segment - overlap) {
    double mean = 0.0;
    for (std::size_t k = 0; k < segment; ++k) mean += signal[start + k];
    mean /= static_cast<double>(segment);
    for (std::size_t k = 0; k < segment; ++k) x[k] = (signal[start + k] - mean) * window[k];
    fft.fwd(spectrum, x);
    for (std::size_t f = 0; f < bins; ++f) psd.density[f] += std::norm(spectrum[f]);
    ++segments;
  }
  const double scale = 1.0 / (sample_rate_hz * window_power * static_cast<double>(segments));
  for (std::size_t f = 0; f < bins; ++f) {
    const bool edge = f == 0 || (segment % 2 == 0 && f == bins - 1);
    psd.density[f] *= edge ? scale : 2.0 * scale;
  }
  return psd;
}

double relative_band_power(const PowerSpectrum& psd, double low_hz, double high_hz,
                           double norm_low_hz, double norm_high_hz) {
  double band = 0.0, norm = 0.0;
  for (std::size_t f = 0; f < psd.density.size(); ++f) {
    const double hz = static_cast<double>(f) * psd.resolution_hz;
    if (hz >= low_hz && hz <= high_hz) band += psd.density[f];
    if (hz >= norm_low_hz && hz <= norm_high_hz) norm += psd.density[f];
  }
  return norm > 0 ? band / norm : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace spikefit::stats
