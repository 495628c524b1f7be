#pragma once

#include <cstdint>

#include "spikefit/base/host_device.hpp"

namespace spikefit::engine {

// Where a spike at step `step` goes in a TrialRecording (recording.hpp); shared by both backends.

// Count bin after burn-in: bin b covers steps [burn_in + b bin_steps, burn_in + (b+1) bin_steps);
// -1 before burn-in or past the last whole bin.
SPIKEFIT_HD int64_t count_bin(uint64_t step, uint64_t burn_in_step, uint64_t bin_steps,
                              uint32_t bins) {
  if (step < burn_in_step) return -1;
  const uint64_t bin = (step - burn_in_step) / bin_steps;
  return bin < bins ? static_cast<int64_t>(bin) : -1;
}

// Activity bin from t = 0.
SPIKEFIT_HD uint64_t activity_bin(uint64_t step, uint64_t bin_steps) {
  return step / bin_steps;
}

// Spike counts saturate at 65535.
SPIKEFIT_HD void add_saturating(uint16_t& count) {
  if (count < 0xFFFFu) ++count;
}

// One inter-spike interval into the ISI moments of a neuron.
SPIKEFIT_HD void add_isi(uint64_t step, uint64_t previous_step, double dt, uint32_t& isi_count,
                         double& isi_sum, double& isi_sum_sq) {
  const double isi = static_cast<double>(step - previous_step) * dt;
  ++isi_count;
  isi_sum += isi;
  isi_sum_sq += isi * isi;
}

// A spike at `step` after burn-in into a neuron's count and ISI moments; `last_spike` is the step
// of its previous spike after burn-in (-1: none) and becomes `step`.
SPIKEFIT_HD void add_spike_after_burn_in(uint64_t step, double dt, int64_t& last_spike,
                                         uint32_t& spikes, uint32_t& isi_count, double& isi_sum,
                                         double& isi_sum_sq) {
  ++spikes;
  if (last_spike >= 0) {
    add_isi(step, static_cast<uint64_t>(last_spike), dt, isi_count, isi_sum, isi_sum_sq);
  }
  last_spike = static_cast<int64_t>(step);
}

}  // namespace spikefit::engine
