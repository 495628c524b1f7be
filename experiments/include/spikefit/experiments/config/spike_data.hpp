#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/engine/recording.hpp"

namespace spikefit::experiments {

// Recorded data as a recording of one population ("recorded"), so the statistics stage treats it
// like a simulated trial. Errors name the file, the line and the reason.

// Counts CSV: one row per neuron, one column per bin, non-negative integers; '#' lines skipped.
engine::TrialRecording read_count_csv(const std::string& path, double bin_ms);

// Spike-train CSV: rows "neuron,time_ms" (an optional header line "neuron,time_ms"); neurons are
// 0-based ids, the population has max id + 1 cells. Spikes in [t_start, t_stop) are binned into
// floor((t_stop - t_start) / bin_ms) bins of bin_ms; ISI moments are accumulated over the same
// window, so cv_isi is available (activity bins of 1 ms give beta_power too).
engine::TrialRecording read_spike_csv(const std::string& path, double bin_ms, double t_start_ms,
                                      double t_stop_ms);

// Whether a value is a storable spike count: an integer in 0..65535.
bool is_spike_count(double value);

// Counts [neurons][bins] (integers 0..65535, rows of equal length) as a recording.
engine::TrialRecording recording_from_counts(const std::vector<std::vector<double>>& rows,
                                             double bin_ms);

// The most values spikefit reads from one recorded array (a dataset or variable of a file) and
// the most counts (neurons x bins) a recording may hold: 2^26 (512 MiB as doubles) unless the
// process sets another limit. Larger ones are refused with an error that says so, before any
// memory is taken for them.
inline constexpr uint64_t kDefaultMaxRecordedValues = uint64_t{1} << 26;
uint64_t max_recorded_values();
// Sets that limit for this process. The fuzzers use 2^20, so that they spend their time parsing
// rather than widening the huge matrices a few bytes of compressed data can declare.
void set_max_recorded_values(uint64_t values);

// Spike trains (one vector of times in ms per neuron, any order) binned as read_spike_csv does.
// A time that is not finite is an error naming the neuron; so is a window of more than
// max_recorded_values() counts.
engine::TrialRecording recording_from_spike_trains(std::vector<std::vector<double>> trains_ms,
                                                   double bin_ms, double t_start_ms,
                                                   double t_stop_ms);

}  // namespace spikefit::experiments
