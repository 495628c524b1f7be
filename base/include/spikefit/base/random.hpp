#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

#include "spikefit/base/host_device.hpp"

namespace spikefit::base {

// Counter-based randomness (Philox4x32-10, Random123): every random number is a pure function of
// (seed, stream, index, draw):
//   key     = {seed low 32 bits, seed high 32 bits}
//   counter = {index low, index high, draw, stream}
// `stream` names the purpose and the object, `index` the element and `draw` counts successive
// blocks of four 32-bit words for that element, so results do not depend on threads, blocks or
// batching.

struct RandomWords {
  uint32_t w[4];
};

SPIKEFIT_HD RandomWords philox_words(uint64_t seed, uint32_t stream, uint64_t index,
                                     uint32_t draw) {
  r123::Philox4x32 rng;
  r123::Philox4x32::ctr_type ctr = {
      {static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32), draw, stream}};
  r123::Philox4x32::key_type key = {
      {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)}};
  const r123::Philox4x32::ctr_type out = rng(ctr, key);
  return RandomWords{{out[0], out[1], out[2], out[3]}};
}

// A double in (0, 1] with 53 random bits.
SPIKEFIT_HD double uniform_open_closed(uint32_t hi, uint32_t lo) {
  const uint64_t bits = (static_cast<uint64_t>(hi) << 21) ^ static_cast<uint64_t>(lo >> 11);
  return (static_cast<double>(bits & ((uint64_t{1} << 53) - 1)) + 1.0) * 0x1.0p-53;
}

// An integer in [0, n) by multiply-shift (bias below n / 2^32).
SPIKEFIT_HD uint32_t uniform_below(uint32_t word, uint32_t n) {
  return static_cast<uint32_t>((static_cast<uint64_t>(word) * n) >> 32);
}

// Two independent standard normals from two uniforms (Box-Muller).
SPIKEFIT_HD void box_muller(double u1, double u2, double& z1, double& z2) {
  const double r = sqrt(-2.0 * log(u1));
  const double theta = 6.283185307179586476925 * u2;
  z1 = r * cos(theta);
  z2 = r * sin(theta);
}

// Successive uniforms of one (seed, stream, index): draw 0, 1, 2, ... two doubles each.
class CounterStream {
 public:
  SPIKEFIT_HD CounterStream(uint64_t seed, uint32_t stream, uint64_t index)
      : seed_(seed), stream_(stream), index_(index) {}

  // How many uniforms uniform() has returned so far.
  SPIKEFIT_HD uint32_t consumed() const { return 2 * draw_ + static_cast<uint32_t>(used_) - 2; }

  SPIKEFIT_HD double uniform() {
    if (used_ == 2) {
      const RandomWords r = philox_words(seed_, stream_, index_, draw_++);
      buffer_[0] = uniform_open_closed(r.w[0], r.w[1]);
      buffer_[1] = uniform_open_closed(r.w[2], r.w[3]);
      used_ = 0;
    }
    return buffer_[used_++];
  }

 private:
  uint64_t seed_;
  uint32_t stream_;
  uint64_t index_;
  uint32_t draw_ = 0;
  int used_ = 2;
  double buffer_[2] = {0.0, 0.0};
};

// The q-th uniform (0-based) that CounterStream(seed, stream, index) returns, drawn directly.
SPIKEFIT_HD double counter_uniform(uint64_t seed, uint32_t stream, uint64_t index, uint32_t q) {
  const RandomWords r = philox_words(seed, stream, index, q / 2);
  return q % 2 == 0 ? uniform_open_closed(r.w[0], r.w[1]) : uniform_open_closed(r.w[2], r.w[3]);
}

// Poisson variate: inversion by sequential search for mean < 10, Hörmann's PTRS (transformed
// rejection with squeeze, as in numpy) above. exp_neg_mean = exp(-mean), passed in so that both
// backends use the host's value (device and glibc exp may differ in the last bit).
SPIKEFIT_HD uint32_t poisson_sample(CounterStream& stream, double mean, double exp_neg_mean) {
  if (mean <= 0.0) return 0;
  if (mean < 10.0) {
    double p = exp_neg_mean;
    double cumulative = p;
    const double u = stream.uniform();
    uint32_t k = 0;
    while (u > cumulative && p > 0.0) {
      ++k;
      p *= mean / k;
      cumulative += p;
    }
    return k;
  }
  const double slam = sqrt(mean);
  const double loglam = log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = stream.uniform() - 0.5;
    const double v = stream.uniform();
    const double us = 0.5 - fabs(u);
    const double k = floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<uint32_t>(k);
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (log(v) + log(inv_alpha) - log(a / (us * us) + b) <= -mean + k * loglam - lgamma(k + 1)) {
      return static_cast<uint32_t>(k);
    }
  }
}

SPIKEFIT_HD uint32_t poisson_sample(CounterStream& stream, double mean) {
  return poisson_sample(stream, mean, exp(-mean));
}

// The seed of trial `trial` of a run with base seed `seed` (SplitMix64 finaliser of a mix), so a
// trial can be re-run alone from (seed, trial) or from its stored trial seed.
inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

inline uint64_t trial_seed(uint64_t seed, uint64_t trial) {
  return splitmix64(seed ^ splitmix64(trial + 0x632BE59BD9B4E019ull));
}

}  // namespace spikefit::base
