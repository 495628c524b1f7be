#include "spikefit/stats/bg_statistics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "fixtures.hpp"

namespace spikefit::stats {
namespace {

engine::TrialRecording recording_from(const nlohmann::json& r) {
  engine::TrialRecording rec;
  rec.dt_ms = r["dt_ms"].get<double>();
  rec.steps_simulated = r["steps_simulated"].get<uint64_t>();
  rec.burn_in_ms = r["burn_in_ms"].get<double>();
  rec.population_names = r["population_names"].get<std::vector<std::string>>();
  rec.population_offsets = r["population_offsets"].get<std::vector<uint32_t>>();
  rec.activity_bin_ms = r["activity_bin_ms"].get<double>();
  for (const auto& row : r["activity"]) {
    rec.activity_bins = static_cast<uint32_t>(row.size());
    for (const auto& v : row) rec.activity.push_back(v.get<uint32_t>());
  }
  const auto times = r["raster_time_ms"].get<std::vector<double>>();
  const auto neurons = r["raster_neuron"].get<std::vector<uint32_t>>();
  for (std::size_t s = 0; s < times.size(); ++s) rec.raster.push_back({times[s], neurons[s]});
  return rec;
}

BgStatisticsOptions options_from(const nlohmann::json& o) {
  BgStatisticsOptions options;
  options.fano_windows_ms = o["fano_windows_ms"].get<std::vector<double>>();
  options.rsc_window_ms = o["rsc_window_ms"].get<double>();
  options.min_intervals = o["min_intervals"].get<unsigned>();
  options.lvr_refractory_ms = o["lvr_refractory_ms"].get<double>();
  options.bursts.max_isi_ms = o["burst_max_isi_ms"].get<double>();
  options.bursts.min_spikes = o["burst_min_spikes"].get<unsigned>();
  options.surprise_bursts.min_surprise = o["surprise_min"].get<double>();
  options.surprise_bursts.start_isi_fraction = o["surprise_start_isi_fraction"].get<double>();
  options.surprise_bursts.stop_isi_factor = o["surprise_stop_isi_factor"].get<double>();
  options.surprise_bursts.lookahead = o["surprise_lookahead"].get<unsigned>();
  return options;
}

class BgStatisticsFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    f = testing::fixture("stats/bg_statistics.json");
    rec = recording_from(f["recording"]);
    onsets = f["smc_onsets_ms"].get<std::vector<double>>();
    rec.smc_onsets_ms = onsets;
  }
  nlohmann::json f;
  engine::TrialRecording rec;
  std::vector<double> onsets;
};

TEST_F(BgStatisticsFixture, MatchesNumpyReferences) {
  // scripts/fixtures/bg_statistics_numpy.py: elephant-style definitions, np.corrcoef,
  // scipy.signal.welch and calculateEI.m on Poisson, 20-Hz modulated, gamma, bursty and TC trains.
  const auto stats = bg_statistics(rec, options_from(f["options"]));
  std::set<std::string> names;
  for (const auto& [name, value] : stats.values) names.insert(name);
  std::set<std::string> expected_names;
  for (const auto& [name, value] : f["expected"].items()) {
    expected_names.insert(name);
    ASSERT_TRUE(stats.has(name)) << name;
    const double got = stats.at(name);
    if (value.is_null()) {
      EXPECT_TRUE(std::isnan(got)) << name << " = " << got;
    } else {
      const double want = value.get<double>();
      EXPECT_NEAR(got, want, 1e-12 * std::max(1.0, std::abs(want))) << name;
    }
  }
  EXPECT_EQ(names, expected_names);
}

TEST_F(BgStatisticsFixture, NamesListMatchesTheResult) {
  BgStatisticsOptions options;
  options.fano_windows_ms = {75.0};
  std::vector<std::string> keys;
  for (const auto& [name, value] : bg_statistics(rec, options).values) keys.push_back(name);
  EXPECT_EQ(bg_statistic_names(rec.population_names, options), keys);
  const auto without = bg_statistic_names({"STN"}, options, false);
  EXPECT_EQ(without.size(), 16u);
  EXPECT_EQ(std::count(without.begin(), without.end(), "fano75.STN"), 1);
}

TEST_F(BgStatisticsFixture, DefaultOptionsAreTheDocumentedOnes) {
  const auto defaults = bg_statistics(rec);
  const auto fixture_options = bg_statistics(rec, options_from(f["options"]));
  ASSERT_EQ(defaults.values.size(), fixture_options.values.size());
  for (const auto& [name, values] : fixture_options.values) {
    const double got = defaults.at(name), value = values.at(0);
    EXPECT_TRUE(got == value || (std::isnan(got) && std::isnan(value))) << name;
  }
}

TEST_F(BgStatisticsFixture, ErrorIndexLastPulseRules) {
  const auto tc = population_spike_trains(rec, 4);
  for (const auto& c : f["error_index_cases"]) {
    EXPECT_NEAR(error_index(tc, onsets, c["duration_ms"].get<double>()),
                c["error_index"].get<double>(), 1e-12)
        << c["duration_ms"];
  }
}

TEST_F(BgStatisticsFixture, BetaModulatedPopulationHasMoreBetaThanPoisson) {
  const auto stats = bg_statistics(rec);
  EXPECT_GT(stats.at("beta.Beta"), 2 * stats.at("beta.Poisson"));
  EXPECT_EQ(stats.at("beta_peak_hz.Beta"), 20.0);
  // Poisson trains: FF about 1 and CV, Lv about 1 (20 cells x 2.5 s: loose sampling tolerances)
  EXPECT_NEAR(stats.at("fano100.Poisson"), 1.0, 0.15);
  EXPECT_NEAR(stats.at("cv.Poisson"), 1.0, 0.1);
  EXPECT_NEAR(stats.at("lv.Poisson"), 1.0, 0.15);
  EXPECT_LT(stats.at("cv.Gamma"), 0.5);  // shape 8: CV 0.35
  EXPECT_GT(stats.at("burst_fraction.Bursty"), 3 * stats.at("burst_fraction.Gamma"));
}

TEST_F(BgStatisticsFixture, FanoNamesFollowTheWindows) {
  BgStatisticsOptions options;
  options.fano_windows_ms = {25.0, 12.5};
  const auto stats = bg_statistics(rec, options);
  EXPECT_TRUE(stats.has("fano25.TC"));
  EXPECT_TRUE(stats.has("fano12.5.Gamma"));
  EXPECT_FALSE(stats.has("fano100.Gamma"));
  EXPECT_EQ(fano_statistic_name(100.0), "fano100");
}

TEST_F(BgStatisticsFixture, InconsistentInputIsRejectedWithAReason) {
  auto expect_error = [](const engine::TrialRecording& bad, const std::vector<double>& smc,
                         const std::string& words, const BgStatisticsOptions& options = {}) {
    engine::TrialRecording with_onsets = bad;
    with_onsets.smc_onsets_ms = smc;
    try {
      bg_statistics(with_onsets, options);
      ADD_FAILURE() << "no error; expected one mentioning '" << words << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  engine::TrialRecording bad = rec;
  bad.population_names.pop_back();
  expect_error(bad, onsets, "population names");
  bad = rec;
  bad.raster.push_back({3000.0, rec.population_offsets.back()});
  expect_error(bad, onsets, "names neuron");
  bad = rec;
  std::swap(bad.raster[0], bad.raster[5]);
  expect_error(bad, onsets, "not sorted");
  bad = rec;
  bad.activity.pop_back();
  expect_error(bad, onsets, "activity_bins");
  bad = rec;
  bad.burn_in_ms = 4000.0;
  expect_error(bad, onsets, "after the burn-in");
  BgStatisticsOptions no_tc;
  no_tc.tc_population = "VL";
  expect_error(rec, onsets, "VL", no_tc);
  engine::TrialRecording no_pulses = rec;
  no_pulses.smc_onsets_ms.clear();
  EXPECT_FALSE(bg_statistics(no_pulses, no_tc).has("error_index"));
  BgStatisticsOptions zero_window;
  zero_window.fano_windows_ms = {0.0};
  expect_error(rec, onsets, "fano_windows_ms", zero_window);
  std::vector<double> unsorted = onsets;
  std::swap(unsorted[3], unsorted[4]);
  expect_error(rec, unsorted, "not ascending");
}

}  // namespace
}  // namespace spikefit::stats
