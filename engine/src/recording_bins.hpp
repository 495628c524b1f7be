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

}  // namespace spikefit::engine
