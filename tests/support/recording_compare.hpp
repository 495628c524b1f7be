#pragma once

#include <gtest/gtest.h>

#include "spikefit/engine/recording.hpp"

namespace spikefit::testing {

// Two recordings of the same trial agree in everything but the wall times (and the seed, which
// callers compare where both sides set it).
inline void expect_same_recording(const engine::TrialRecording& a,
                                  const engine::TrialRecording& b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.steps_simulated, b.steps_simulated);
  EXPECT_EQ(a.population_names, b.population_names);
  EXPECT_EQ(a.population_offsets, b.population_offsets);
  EXPECT_EQ(a.count_bins, b.count_bins);
  EXPECT_EQ(a.count_neurons, b.count_neurons);
  EXPECT_EQ(a.counts, b.counts);
  EXPECT_EQ(a.activity_bins, b.activity_bins);
  EXPECT_EQ(a.activity_bin_ms, b.activity_bin_ms);
  EXPECT_EQ(a.activity, b.activity);
  EXPECT_EQ(a.spikes_after_burn_in, b.spikes_after_burn_in);
  EXPECT_EQ(a.isi_count, b.isi_count);
  EXPECT_EQ(a.isi_sum_ms, b.isi_sum_ms);
  EXPECT_EQ(a.isi_sum_sq_ms2, b.isi_sum_sq_ms2);
  EXPECT_EQ(a.total_spikes, b.total_spikes);
  EXPECT_EQ(a.synaptic_events, b.synaptic_events);
  EXPECT_EQ(a.first_spike_ms, b.first_spike_ms);
  EXPECT_EQ(a.last_spike_ms, b.last_spike_ms);
  ASSERT_EQ(a.raster.size(), b.raster.size());
  for (std::size_t k = 0; k < a.raster.size(); ++k) {
    ASSERT_EQ(a.raster[k].time_ms, b.raster[k].time_ms) << "spike " << k;
    ASSERT_EQ(a.raster[k].neuron, b.raster[k].neuron) << "spike " << k;
  }
  EXPECT_EQ(a.smc_onsets_ms, b.smc_onsets_ms);
  EXPECT_EQ(a.dbs_onsets_ms, b.dbs_onsets_ms);
}

}  // namespace spikefit::testing
