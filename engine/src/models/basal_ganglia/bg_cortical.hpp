#pragma once

#include <cmath>
#include <cstdint>

#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine::bg {

// Inhomogeneous Poisson input of one cell, rate r0 (1 + m sin(omega t)), drawn by thinning a
// homogeneous process at r0 (1 + m). Shared by both backends: each target cell owns a stream and
// the time of its next accepted spike.
struct CorticalThinning {
  double max_rate_per_ms = 0.0;  // r0 (1 + m) / 1000
  double depth = 0.0;            // m
  double omega_per_ms = 0.0;     // 2 pi f / 1000
};

// The next accepted spike after t_ms; +inf when the rate is 0.
SPIKEFIT_HD double cortical_next_spike_ms(const CorticalThinning& p, CounterStream& stream,
                                          double t_ms) {
  if (p.max_rate_per_ms <= 0.0) return HUGE_VAL;
  for (;;) {
    t_ms -= log(stream.uniform()) / p.max_rate_per_ms;
    const double rate = 1.0 + p.depth * sin(p.omega_per_ms * t_ms);
    if (stream.uniform() * (1.0 + p.depth) <= rate) return t_ms;
  }
}

// Spikes with time in [t_begin, t_end), advancing `next_ms` past t_end; calls must move forward.
SPIKEFIT_HD uint32_t cortical_spikes_in(const CorticalThinning& p, CounterStream& stream,
                                        double& next_ms, double t_begin_ms, double t_end_ms) {
  uint32_t n = 0;
  while (next_ms < t_end_ms) {
    if (next_ms >= t_begin_ms) ++n;
    next_ms = cortical_next_spike_ms(p, stream, next_ms);
  }
  return n;
}

}  // namespace spikefit::engine::bg
