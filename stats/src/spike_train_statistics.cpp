#include "spikefit/stats/spike_train_statistics.hpp"

#include <cmath>
#include <limits>

namespace spikefit::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool has_population(const engine::TrialRecording& rec, uint32_t population) {
  return population + 1 < rec.population_offsets.size();
}
}  // namespace

double population_rate_hz(const engine::TrialRecording& rec, uint32_t population) {
  if (!has_population(rec, population)) return kNaN;
  const auto burn_in_step = static_cast<uint64_t>(std::llround(rec.burn_in_ms / rec.dt_ms));
  if (rec.steps_simulated + 1 <= burn_in_step) return kNaN;
  const double window_ms = static_cast<double>(rec.steps_simulated + 1 - burn_in_step) * rec.dt_ms;
  const uint32_t begin = rec.population_offsets[population];
  const uint32_t end = rec.population_offsets[population + 1];
  uint64_t spikes = 0;
  for (uint32_t j = begin; j < end; ++j) spikes += rec.spikes_after_burn_in[j];
  return 1000.0 * static_cast<double>(spikes) / ((end - begin) * window_ms);
}

std::vector<double> population_rates_hz(const engine::TrialRecording& rec) {
  std::vector<double> rates;
  for (uint32_t p = 0; p + 1 < rec.population_offsets.size(); ++p) {
    rates.push_back(population_rate_hz(rec, p));
  }
  return rates;
}

double mean_cv_isi(const engine::TrialRecording& rec, uint32_t population, uint32_t min_intervals) {
  if (!has_population(rec, population)) return kNaN;
  double sum = 0.0;
  int cells = 0;
  for (uint32_t j = rec.population_offsets[population]; j < rec.population_offsets[population + 1];
       ++j) {
    const uint32_t n = rec.isi_count[j];
    if (n < std::max(min_intervals, 2u)) continue;
    const double mean = rec.isi_sum_ms[j] / n;
    const double var = (rec.isi_sum_sq_ms2[j] - n * mean * mean) / (n - 1);
    sum += std::sqrt(std::max(var, 0.0)) / mean;
    ++cells;
  }
  return cells > 0 ? sum / cells : kNaN;
}

PowerSpectrum population_spectrum(const engine::TrialRecording& rec, uint32_t population,
                                  double segment_ms) {
  if (rec.activity_bin_ms <= 0 || !has_population(rec, population)) return {};
  const auto first = static_cast<std::size_t>(std::llround(rec.burn_in_ms / rec.activity_bin_ms));
  // whole activity bins simulated
  const auto last = static_cast<std::size_t>(rec.simulated_ms() / rec.activity_bin_ms);
  std::vector<double> signal;
  const uint32_t* row = rec.activity.data() + uint64_t{population} * rec.activity_bins;
  for (std::size_t b = first; b < last && b < rec.activity_bins; ++b) signal.push_back(row[b]);
  const auto segment = static_cast<std::size_t>(std::llround(segment_ms / rec.activity_bin_ms));
  return welch_psd(signal, 1000.0 / rec.activity_bin_ms, segment, segment / 2);
}

double band_power(const engine::TrialRecording& rec, uint32_t population,
                  const BandPowerOptions& options) {
  const PowerSpectrum psd = population_spectrum(rec, population, options.segment_ms);
  if (psd.density.empty()) return kNaN;
  if (options.relative) {
    return relative_band_power(psd, options.low_hz, options.high_hz, options.norm_low_hz,
                               options.norm_high_hz);
  }
  double power = 0.0;
  for (std::size_t f = 0; f < psd.density.size(); ++f) {
    const double hz = static_cast<double>(f) * psd.resolution_hz;
    if (hz >= options.low_hz && hz <= options.high_hz) power += psd.density[f] * psd.resolution_hz;
  }
  return power;
}

}  // namespace spikefit::stats
