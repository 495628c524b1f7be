#pragma once

#include <vector>

#include "spikefit/stats/spike_trains.hpp"

namespace spikefit::stats {

// Irregularity of one ISI sequence I_1 .. I_n (ms) [n], as elephant.statistics defines them
// (specs/basal_ganglia.md §5). Each returns NaN when the sequence is too short (cv: n < 1; the
// others: n < 2).

// std/mean of the ISIs, population standard deviation (ddof 0; scipy.stats.variation).
double isi_cv(const std::vector<double>& isi);
// 2 * mean_i |I_{i+1} - I_i| / (I_{i+1} + I_i).
double isi_cv2(const std::vector<double>& isi);
// 3 * mean_i ((I_i - I_{i+1}) / (I_i + I_{i+1}))^2 (Shinomoto 2003).
double isi_lv(const std::vector<double>& isi);
// 3 / (n - 1) * sum_i (1 - 4 I_i I_{i+1} / (I_i + I_{i+1})^2) (1 + 4 R / (I_i + I_{i+1}))
// with refractoriness constant R (ms; Shinomoto 2009 use 5 ms).
double isi_lvr(const std::vector<double>& isi, double refractory_ms = 5.0);

// Means over the cells of a population of each measure, over cells whose train has at least
// `min_intervals` ISIs (min_intervals >= 2); NaN for a measure when no cell qualifies.
struct IrregularitySummary {
  double cv = 0.0;
  double cv2 = 0.0;
  double lv = 0.0;
  double lvr = 0.0;
  int cells = 0;  // cells that qualified
};
IrregularitySummary mean_irregularity(const std::vector<SpikeTrain>& trains,
                                      unsigned min_intervals = 2, double refractory_ms = 5.0);

}  // namespace spikefit::stats
