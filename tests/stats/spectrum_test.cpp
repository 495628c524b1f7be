#include "spikefit/stats/spectrum.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace spikefit::stats {
namespace {

TEST(Welch, MatchesScipySignalWelch) {
  // scipy.signal.welch(x, fs=1000, window='hann', nperseg=1000, noverlap=500,
  // detrend='constant', scaling='density') of a 20-Hz-modulated Poisson population.
  const nlohmann::json f = testing::fixture("stats/welch_psd.json");
  const std::vector<double> signal = f["signal"].get<std::vector<double>>();
  const PowerSpectrum psd = welch_psd(signal, 1000.0, 1000, 500);
  const std::vector<double> ref = f["psd"].get<std::vector<double>>();
  ASSERT_EQ(psd.density.size(), ref.size());
  EXPECT_DOUBLE_EQ(psd.resolution_hz, 1.0);
  for (std::size_t k = 0; k < ref.size(); ++k) {
    EXPECT_NEAR(psd.density[k], ref[k], 1e-9 * (1 + ref[k])) << "bin " << k;
  }
  EXPECT_NEAR(relative_band_power(psd, 13, 30, 1, 100), f["relative_beta_power"].get<double>(),
              1e-12);
}

TEST(Welch, BetaModulatedPopulationHasMostPowerInTheBetaBand) {
  const nlohmann::json f = testing::fixture("stats/welch_psd.json");
  const PowerSpectrum psd = welch_psd(f["signal"].get<std::vector<double>>(), 1000.0, 1000, 500);
  const auto peak = std::max_element(psd.density.begin() + 1, psd.density.end());
  EXPECT_EQ(peak - psd.density.begin(), 20);  // 20 Hz
  EXPECT_GT(relative_band_power(psd, 13, 30, 1, 100), 0.4);
}

TEST(Welch, TooShortSignalGivesNoSpectrum) {
  EXPECT_TRUE(welch_psd(std::vector<double>(999, 1.0), 1000.0, 1000, 500).density.empty());
}

}  // namespace
}  // namespace spikefit::stats
