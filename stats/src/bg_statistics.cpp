#include "spikefit/stats/bg_statistics.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <stdexcept>

#include "spikefit/stats/count_variability.hpp"
#include "spikefit/stats/isi_irregularity.hpp"
#include "spikefit/stats/spectral_peak.hpp"
#include "spikefit/stats/spike_trains.hpp"

namespace spikefit::stats {

namespace {
void check_recording(const engine::TrialRecording& rec) {
  if (rec.population_offsets.size() < 2 ||
      rec.population_names.size() + 1 != rec.population_offsets.size()) {
    throw std::invalid_argument(
        "bg_statistics: recording has " + std::to_string(rec.population_names.size()) +
        " population names but " + std::to_string(rec.population_offsets.size()) +
        " population offsets (need names + 1, at least one population)");
  }
  const std::size_t populations = rec.population_names.size();
  if (rec.activity.size() != populations * rec.activity_bins) {
    throw std::invalid_argument("bg_statistics: activity has " +
                                std::to_string(rec.activity.size()) + " values, expected " +
                                std::to_string(populations) + " populations x " +
                                std::to_string(rec.activity_bins) + " activity_bins");
  }
  if (!(rec.dt_ms > 0)) {
    throw std::invalid_argument("bg_statistics: recording dt_ms must be > 0, got " +
                                std::to_string(rec.dt_ms));
  }
  if (!(rec.simulated_ms() > rec.burn_in_ms)) {
    throw std::invalid_argument("bg_statistics: nothing simulated after the burn-in (simulated " +
                                std::to_string(rec.simulated_ms()) + " ms, burn_in_ms " +
                                std::to_string(rec.burn_in_ms) + ")");
  }
}

void check_options(const BgStatisticsOptions& options) {
  if (options.fano_windows_ms.empty()) {
    throw std::invalid_argument("bg_statistics: fano_windows_ms is empty");
  }
  for (double w : options.fano_windows_ms) {
    if (!(w > 0)) {
      throw std::invalid_argument("bg_statistics: fano_windows_ms must be > 0, got " +
                                  std::to_string(w));
    }
  }
  if (!(options.rsc_window_ms > 0)) {
    throw std::invalid_argument("bg_statistics: rsc_window_ms must be > 0, got " +
                                std::to_string(options.rsc_window_ms));
  }
  if (!(options.peak_high_hz >= options.peak_low_hz)) {
    throw std::invalid_argument("bg_statistics: peak_high_hz must be >= peak_low_hz");
  }
}
}  // namespace

std::string fano_statistic_name(double window_ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "fano%g", window_ms);
  return buffer;
}

std::vector<std::string> bg_statistic_names(const std::vector<std::string>& populations,
                                            const BgStatisticsOptions& options,
                                            bool with_error_index) {
  std::set<std::string> names;
  for (const std::string& p : populations) {
    for (const char* stat :
         {"rate", "cv", "cv2", "lv", "lvr", "burst_fraction", "burst_rate", "burst_spikes",
          "burst_duration_ms", "surprise_burst_fraction", "surprise_burst_rate",
          "surprise_burst_spikes", "rsc", "beta", "beta_peak_hz"}) {
      names.insert(std::string(stat) + "." + p);
    }
    for (double w : options.fano_windows_ms) names.insert(fano_statistic_name(w) + "." + p);
  }
  if (with_error_index) names.insert("error_index");
  return {names.begin(), names.end()};
}

Statistics bg_statistics(const engine::TrialRecording& rec, const BgStatisticsOptions& options) {
  check_recording(rec);
  check_options(options);
  const double start = rec.burn_in_ms;
  const double end = rec.simulated_ms();
  const double window_ms = end - start;
  Statistics out;
  out.feasible = true;
  for (uint32_t p = 0; p < rec.population_names.size(); ++p) {
    const std::string& name = rec.population_names[p];
    const std::vector<SpikeTrain> trains = population_spike_trains(rec, p, start);
    if (trains.empty()) {
      throw std::invalid_argument("bg_statistics: population " + name + " has no cells");
    }
    std::size_t spikes = 0;
    for (const SpikeTrain& train : trains) spikes += train.size();
    out.set("rate." + name, 1000.0 * static_cast<double>(spikes) /
                                (static_cast<double>(trains.size()) * window_ms));

    const IrregularitySummary irregularity =
        mean_irregularity(trains, options.min_intervals, options.lvr_refractory_ms);
    out.set("cv." + name, irregularity.cv);
    out.set("cv2." + name, irregularity.cv2);
    out.set("lv." + name, irregularity.lv);
    out.set("lvr." + name, irregularity.lvr);

    const BurstSummary bursts = isi_burst_summary(trains, window_ms, options.bursts);
    out.set("burst_fraction." + name, bursts.fraction);
    out.set("burst_rate." + name, bursts.rate_hz);
    out.set("burst_spikes." + name, bursts.mean_spikes);
    out.set("burst_duration_ms." + name, bursts.mean_duration_ms);

    const BurstSummary surprise =
        surprise_burst_summary(trains, window_ms, options.surprise_bursts);
    out.set("surprise_burst_fraction." + name, surprise.fraction);
    out.set("surprise_burst_rate." + name, surprise.rate_hz);
    out.set("surprise_burst_spikes." + name, surprise.mean_spikes);

    for (double w : options.fano_windows_ms) {
      out.set(fano_statistic_name(w) + "." + name, mean_fano_factor(trains, start, end, w));
    }
    out.set("rsc." + name, mean_spike_count_correlation(trains, start, end, options.rsc_window_ms));

    out.set("beta." + name, band_power(rec, p, options.beta));
    out.set("beta_peak_hz." + name,
            peak_frequency_hz(population_spectrum(rec, p, options.beta.segment_ms),
                              options.peak_low_hz, options.peak_high_hz));
  }

  const auto tc =
      std::find(rec.population_names.begin(), rec.population_names.end(), options.tc_population);
  if (tc != rec.population_names.end()) {
    const auto tc_index = static_cast<uint32_t>(tc - rec.population_names.begin());
    out.set("error_index", error_index(population_spike_trains(rec, tc_index, 0.0),
                                       rec.smc_onsets_ms, end, options.error_index));
  } else if (!rec.smc_onsets_ms.empty()) {
    throw std::invalid_argument(
        "bg_statistics: SMC onsets given but the recording has no "
        "population named '" +
        options.tc_population + "' (BgStatisticsOptions::tc_population)");
  }
  return out;
}

}  // namespace spikefit::stats
