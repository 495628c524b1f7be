#pragma once

#include <cstdint>
#include <vector>

#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/spectrum.hpp"

namespace spikefit::stats {

// Statistics of one population of a recording from its per-neuron accumulators and its
// population activity, after the burn-in.

// Mean rate over all cells of the population (Hz); NaN when no time after burn-in was simulated.
double population_rate_hz(const engine::TrialRecording& rec, uint32_t population);
// The rate of every population [populations].
std::vector<double> population_rates_hz(const engine::TrialRecording& rec);

// Mean over cells with at least `min_intervals` ISIs of the ISI coefficient of variation
// (unbiased standard deviation / mean); NaN when no cell qualifies.
double mean_cv_isi(const engine::TrialRecording& rec, uint32_t population,
                   uint32_t min_intervals = 2);

// Band power of the population activity (spikes per activity bin): Welch PSD with Hann windows
// of segment_ms and 50% overlap, segment means removed (specs/basal_ganglia.md §4.3).
struct BandPowerOptions {
  double low_hz = 13.0;
  double high_hz = 30.0;
  double norm_low_hz = 1.0;  // relative: divided by the power in [norm_low, norm_high]
  double norm_high_hz = 100.0;
  double segment_ms = 1000.0;
  bool relative = true;  // false: absolute power in the band (density x resolution, summed)
};

PowerSpectrum population_spectrum(const engine::TrialRecording& rec, uint32_t population,
                                  double segment_ms);
// NaN when the recording is shorter than one segment after burn-in.
double band_power(const engine::TrialRecording& rec, uint32_t population,
                  const BandPowerOptions& options);

}  // namespace spikefit::stats
