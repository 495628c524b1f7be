#pragma once

#include <string>
#include <vector>

#include "spikefit/engine/recording.hpp"
#include "spikefit/stats/error_index.hpp"
#include "spikefit/stats/isi_bursts.hpp"
#include "spikefit/stats/poisson_surprise_bursts.hpp"
#include "spikefit/stats/spike_train_statistics.hpp"
#include "spikefit/stats/statistics.hpp"

namespace spikefit::stats {

// Statistics of one basal-ganglia trial (So 2012 network) from its full raster, its population
// activity and its SMC pulse onsets (rec.smc_onsets_ms).
//
// Input: rec.raster holds every spike of every cell, `neuron` the global index across
// populations (rec.population_offsets maps populations, rec.population_names names them), sorted
// by time; rec.activity holds [populations x activity_bins] spike counts per activity bin from
// t = 0 (1-ms bins in the BG engine). The observation window is [burn_in_ms, simulated_ms()].
//
// Output: named statistics (statistics.hpp), feasible (the caller judges the trial's status), one
// scalar per name, for every population P of rec.population_names (e.g. STN, GPe, GPi, TC):
//   rate.P            mean rate over all cells, spikes in the window / (cells x window) (Hz)
//   cv.P              mean over cells of the ISI CV (std ddof 0 / mean; elephant cv; note that
//                     trial_statistics' cv_isi.P uses ddof 1 and the accumulated ISI moments)
//   cv2.P             mean over cells of CV2 (elephant cv2)
//   lv.P              mean over cells of Lv (elephant lv)
//   lvr.P             mean over cells of LvR with R = lvr_refractory_ms (elephant lvr)
//                     (irregularity: ISIs of spikes in the window, cells with >= min_intervals
//                     ISIs; NaN when none)
//   burst_fraction.P  spikes in ISI-threshold bursts / all spikes of the population (NaN: none)
//   burst_rate.P      bursts per cell per second
//   burst_spikes.P    mean spikes per burst (NaN: no burst)
//   burst_duration_ms.P  mean first-to-last-spike time of a burst (ms; NaN: no burst)
//                     (bursts: runs of >= bursts.min_spikes spikes with ISIs < bursts.max_isi_ms)
//   surprise_burst_fraction.P, surprise_burst_rate.P, surprise_burst_spikes.P
//                     the same three for Poisson-surprise bursts (Legendy & Salcman 1985,
//                     S >= surprise_bursts.min_surprise = 3, natural log; see
//                     poisson_surprise_bursts.hpp), each cell's mean ISI from its window spikes
//   fano<W>.P         for each W in fano_windows_ms (written with %g: fano50, fano100, fano200):
//                     mean over cells with nonzero mean of var/mean (ddof 0) of the counts in
//                     whole W-ms windows of the observation window
//   rsc.P             mean pairwise Pearson correlation of the counts in rsc_window_ms windows,
//                     cells with zero count variance dropped (NaN: < 2 cells left)
//   beta.P            relative power of the population activity, band [beta.low_hz,
//                     beta.high_hz] over [beta.norm_low_hz, beta.norm_high_hz] (13-30 / 1-100 Hz;
//                     Welch, Hann beta.segment_ms = 1000-ms segments, 50 % overlap, mean removed;
//                     activity after burn-in); NaN when shorter than one segment
//   beta_peak_hz.P    frequency of the largest PSD bin in [peak_low_hz, peak_high_hz] (8-35 Hz)
// and, when the recording has a population named tc_population ("TC"):
//   error_index       So 2012 error index of the TC cells' whole-run spikes against
//                     rec.smc_onsets_ms (error_index.hpp; NaN when no pulse is counted)
//
// Throws std::invalid_argument naming the problem for an inconsistent recording (names vs
// offsets, dt, raster, SMC onsets), invalid options, or SMC onsets without a tc_population.
struct BgStatisticsOptions {
  unsigned min_intervals = 2;
  double lvr_refractory_ms = 5.0;
  IsiBurstOptions bursts;
  SurpriseBurstOptions surprise_bursts;
  std::vector<double> fano_windows_ms = {50.0, 100.0, 200.0};
  double rsc_window_ms = 100.0;
  BandPowerOptions beta;  // defaults: relative 13-30 / 1-100 Hz, 1000-ms segments
  double peak_low_hz = 8.0;
  double peak_high_hz = 35.0;
  std::string tc_population = "TC";
  ErrorIndexOptions error_index;
};

Statistics bg_statistics(const engine::TrialRecording& rec,
                         const BgStatisticsOptions& options = {});

// The names bg_statistics returns for these populations and options, in its (sorted) order;
// with_error_index adds "error_index" (bg_statistics does so when tc_population is present).
std::vector<std::string> bg_statistic_names(const std::vector<std::string>& populations,
                                            const BgStatisticsOptions& options = {},
                                            bool with_error_index = true);

// The statistic name for a Fano window, e.g. 100 -> "fano100".
std::string fano_statistic_name(double window_ms);

}  // namespace spikefit::stats
