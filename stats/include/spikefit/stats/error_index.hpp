#pragma once

#include <vector>

#include "spikefit/stats/spike_trains.hpp"

namespace spikefit::stats {

// So, Kent & Grill 2012 thalamic error index (ModelDB 141699 calculateEI.m).
// Counted pulses: from the first onset >= ignore_first_ms to the last onset <=
// duration_ms - response_window_ms. For each counted pulse p with onset t_p (W = the response
// window, 25 ms), with a = spikes in the response window and b = late spikes:
//  - not the last counted pulse: a in [t_p, t_p + W), b in [t_p + W, t_{p+1});
//  - the last counted pulse and the last pulse of the train: a in [t_p, duration_ms), no b;
//  - the last counted pulse with a later pulse: a in [t_p, t_{p+1}), b in [t_p + W, t_{p+1})
//    (So's rule: a late spike then also counts in a);
// errors += (a != 1) + b. EI = mean over TC cells of errors / counted pulses.
struct ErrorIndexOptions {
  double ignore_first_ms = 200.0;
  double response_window_ms = 25.0;
};

// tc_trains: every spike of each TC cell (ms, ascending, the whole run); onsets_ms: SMC pulse
// onsets, ascending; duration_ms: the simulated time (So's tmax). NaN when no pulse is counted
// or there are no TC cells; throws std::invalid_argument when onsets are not ascending.
double error_index(const std::vector<SpikeTrain>& tc_trains, const std::vector<double>& onsets_ms,
                   double duration_ms, const ErrorIndexOptions& options = {});

}  // namespace spikefit::stats
