#pragma once

#include <cstdint>

#include "spikefit/base/host_device.hpp"
#include "spikefit/base/random.hpp"

namespace spikefit::engine {

// The engine draws from base's Philox streams (spikefit/base/random.hpp).
using base::box_muller;
using base::counter_uniform;
using base::CounterStream;
using base::philox_words;
using base::poisson_sample;
using base::RandomWords;
using base::splitmix64;
using base::trial_seed;
using base::uniform_below;
using base::uniform_open_closed;

// The streams of a trial (base/random.hpp: every random number is a pure function of
// (trial seed, stream, index, draw)):
//   key     = {seed low 32 bits, seed high 32 bits}
//   counter = {index low, index high, draw, stream}
// `stream` names the purpose and the object (e.g. connectivity of projection 3), `index` the
// element (presynaptic neuron, time step, neuron) and `draw` counts successive blocks of four
// 32-bit words for that element. Results therefore do not depend on threads, blocks or batching.
enum class RngPurpose : uint32_t {
  kInitialState = 1,  // object = population
  kConnectivity = 2,  // object = projection
  kPoissonInput = 3,  // object = input
};

SPIKEFIT_HD uint32_t rng_stream(RngPurpose purpose, uint32_t object) {
  return (static_cast<uint32_t>(purpose) << 24) | (object & 0xFFFFFFu);
}

}  // namespace spikefit::engine
