#include "spikefit/stats/spectral_peak.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::stats {
namespace {

TEST(SpectralPeak, LargestBinInsideTheClosedBand) {
  PowerSpectrum psd;
  psd.resolution_hz = 0.5;
  psd.density.assign(100, 1.0);  // 0 .. 49.5 Hz
  psd.density[10] = 50.0;        // 5 Hz: outside 8-35
  psd.density[41] = 7.0;         // 20.5 Hz
  psd.density[70] = 9.0;         // 35 Hz: on the edge, inside
  EXPECT_EQ(peak_frequency_hz(psd, 8, 35), 35.0);
  EXPECT_EQ(peak_frequency_hz(psd, 8, 34.9), 20.5);
  psd.density[60] = 9.0;  // a tie at 30 Hz: the lower frequency wins
  EXPECT_EQ(peak_frequency_hz(psd, 8, 35), 30.0);
}

TEST(SpectralPeak, NaNWithoutPowerOrBins) {
  PowerSpectrum psd;
  psd.resolution_hz = 1.0;
  psd.density.assign(50, 0.0);
  EXPECT_TRUE(std::isnan(peak_frequency_hz(psd, 8, 35)));
  EXPECT_TRUE(std::isnan(peak_frequency_hz(PowerSpectrum{}, 8, 35)));
}

}  // namespace
}  // namespace spikefit::stats
