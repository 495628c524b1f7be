#pragma once

#include <vector>

namespace spikefit::stats {

// One-sided power spectral density by Welch's method with a Hann window, the segment mean removed
// (scipy.signal.welch(window='hann', detrend='constant', scaling='density')). [frequencies]
struct PowerSpectrum {
  double resolution_hz = 0.0;  // frequency of bin k is k * resolution_hz
  std::vector<double> density;
};

// signal sampled at sample_rate_hz; segments of `segment` samples overlapping by `overlap`.
// Returns an empty spectrum when the signal is shorter than one segment.
PowerSpectrum welch_psd(const std::vector<double>& signal, double sample_rate_hz,
                        std::size_t segment, std::size_t overlap);

// Sum of the density over [low, high] divided by its sum over [norm_low, norm_high] (bins whose
// frequency lies inside each closed band). NaN when the normalising band holds no power.
double relative_band_power(const PowerSpectrum& psd, double low_hz, double high_hz,
                           double norm_low_hz, double norm_high_hz);

}  // namespace spikefit::stats
