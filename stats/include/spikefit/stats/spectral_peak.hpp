#pragma once

#include "spikefit/stats/spectrum.hpp"

namespace spikefit::stats {

// Frequency (Hz) of the largest density among the bins with frequency in [low_hz, high_hz]
// (the lowest such bin on ties); NaN when the band holds no bin or no power.
double peak_frequency_hz(const PowerSpectrum& psd, double low_hz, double high_hz);

}  // namespace spikefit::stats
