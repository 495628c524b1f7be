#pragma once

#include <cstdint>
#include <vector>

#include "models/basal_ganglia/bg_cortical.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine::bg {

// Pulse drives are schedules of onset steps computed once per trial on the host; a pulse that
// starts at step s is on for steps s .. s + width_steps - 1 (step i advances the state to
// t = i dt using the drive of step i, as BGnetwork.m uses Idbs(i) and Istim(i)).

// DBS onsets in [0, steps): every round(1000 / f / dt) steps from round(onset_ms / dt), stopping
// before round(stop_ms / dt).
std::vector<uint64_t> dbs_onset_steps(const DbsDrive& dbs, double dt_ms, uint64_t steps);

// SMC onsets in [0, steps): the first round(1000 / f_1 / dt) steps after 0, each next
// round(1000 / f_k / dt) after the previous; f_k ~ Gamma(1/cv^2, frequency cv^2) drawn in order
// from the Philox stream (seed, kSmcIntervals); cv = 0: f_k = frequency.
std::vector<uint64_t> smc_onset_steps(const SmcDrive& smc, double dt_ms, uint64_t steps,
                                      uint64_t seed);

uint64_t pulse_width_steps(double width_ms, double dt_ms);  // round(width / dt), at least 1

// Walks a pulse schedule step by step (steps must not decrease between calls).
class PulseTrain {
 public:
  PulseTrain() = default;
  PulseTrain(std::vector<uint64_t> onsets, uint64_t width_steps, double amplitude);
  double current(uint64_t step);
  const std::vector<uint64_t>& onsets() const { return onsets_; }

 private:
  std::vector<uint64_t> onsets_;
  uint64_t width_steps_ = 0;
  double amplitude_ = 0.0;
  std::size_t next_ = 0;  // first onset whose pulse has not ended
};

// Gamma(shape, scale) by Marsaglia & Tsang (2000), normals by Box-Muller; shape < 1 by the
// U^(1/shape) boost.
double gamma_sample(CounterStream& stream, double shape, double scale);

// Inhomogeneous Poisson spikes of one cortical input per target cell, rate
// r0 (1 + m sin(2 pi f t)), by thinning (bg_cortical.hpp) with uniforms from the stream
// (seed, kCortical, cell).
class CorticalSpikes {
 public:
  CorticalSpikes(const CorticalDrive& drive, uint32_t cells, uint64_t seed);
  // Spikes of `cell` with time in [t_begin, t_end) (ms); calls for a cell must move forward.
  uint32_t spikes_in(uint32_t cell, double t_begin_ms, double t_end_ms);

 private:
  CorticalThinning thinning_;
  std::vector<CounterStream> streams_;
  std::vector<double> next_ms_;  // next accepted spike time per cell
};

}  // namespace spikefit::engine::bg
