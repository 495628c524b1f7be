#include "models/basal_ganglia/bg_drives.hpp"

#include <cmath>

#include "models/basal_ganglia/bg_random.hpp"

namespace spikefit::engine::bg {

namespace {
uint64_t steps_of(double ms, double dt) {
  return static_cast<uint64_t>(std::llround(ms / dt));
}
}  // namespace

uint64_t pulse_width_steps(double width_ms, double dt_ms) {
  const uint64_t w = steps_of(width_ms, dt_ms);
  return w > 0 ? w : 1;
}

std::vector<uint64_t> dbs_onset_steps(const DbsDrive& dbs, double dt_ms, uint64_t steps) {
  std::vector<uint64_t> onsets;
  if (!dbs.enabled) return onsets;
  const uint64_t period = std::max<uint64_t>(1, steps_of(1000.0 / dbs.frequency_hz, dt_ms));
  const uint64_t stop =
      std::isfinite(dbs.stop_ms) ? std::min(steps, steps_of(dbs.stop_ms, dt_ms)) : steps;
  for (uint64_t s = steps_of(dbs.onset_ms, dt_ms); s < stop; s += period) onsets.push_back(s);
  return onsets;
}

double gamma_sample(CounterStream& stream, double shape, double scale) {
  if (shape < 1.0) {
    const double boost = std::pow(stream.uniform(), 1.0 / shape);
    return gamma_sample(stream, shape + 1.0, scale) * boost;
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double z1, z2;
    box_muller(stream.uniform(), stream.uniform(), z1, z2);
    const double v = 1.0 + c * z1;
    if (v <= 0.0) continue;
    const double v3 = v * v * v;
    const double u = stream.uniform();
    if (std::log(u) < 0.5 * z1 * z1 + d - d * v3 + d * std::log(v3)) return d * v3 * scale;
  }
}

std::vector<uint64_t> smc_onset_steps(const SmcDrive& smc, double dt_ms, uint64_t steps,
                                      uint64_t seed) {
  std::vector<uint64_t> onsets;
  if (!smc.enabled) return onsets;
  CounterStream rng(seed, bg_stream(BgRngPurpose::kSmcIntervals, 0), 0);
  const double shape = smc.cv > 0 ? 1.0 / (smc.cv * smc.cv) : 0.0;
  const double scale = smc.frequency_hz / shape;
  auto interval = [&]() {
    const double f = smc.cv > 0 ? gamma_sample(rng, shape, scale) : smc.frequency_hz;
    return std::max<uint64_t>(1, steps_of(1000.0 / f, dt_ms));
  };
  for (uint64_t s = interval(); s < steps; s += interval()) onsets.push_back(s);
  return onsets;
}

PulseTrain::PulseTrain(std::vector<uint64_t> onsets, uint64_t width_steps, double amplitude)
    : onsets_(std::move(onsets)), width_steps_(width_steps), amplitude_(amplitude) {}

double PulseTrain::current(uint64_t step) {
  while (next_ < onsets_.size() && onsets_[next_] + width_steps_ <= step) ++next_;
  return next_ < onsets_.size() && onsets_[next_] <= step ? amplitude_ : 0.0;
}

CorticalSpikes::CorticalSpikes(const CorticalDrive& drive, uint32_t cells, uint64_t seed) {
  thinning_.max_rate_per_ms = drive.rate_hz * (1.0 + drive.beta_depth) / 1000.0;
  thinning_.depth = drive.beta_depth;
  thinning_.omega_per_ms = 2.0 * M_PI * drive.beta_frequency_hz / 1000.0;
  streams_.reserve(cells);
  for (uint32_t j = 0; j < cells; ++j) {
    streams_.emplace_back(seed, bg_stream(BgRngPurpose::kCortical, 0), j);
    next_ms_.push_back(cortical_next_spike_ms(thinning_, streams_[j], 0.0));
  }
}

uint32_t CorticalSpikes::spikes_in(uint32_t cell, double t_begin_ms, double t_end_ms) {
  return cortical_spikes_in(thinning_, streams_[cell], next_ms_[cell], t_begin_ms, t_end_ms);
}

}  // namespace spikefit::engine::bg
