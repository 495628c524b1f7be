#pragma once

#include <cstdint>

#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine {

// The Poisson input of one time step (genXspk.m 'Uncorr'): independent units merged into one
// process, so the number of spikes in ((i-1) dt, i dt] is Poisson(rate * size * dt) and each spike
// comes from a uniformly drawn unit. All draws of step i come from CounterStream(seed,
// stream of the input, i): first the Poisson count, then one uniform per spike. Splitting the two
// lets the CUDA backend draw the count on one thread and the units on many.
struct InputStepDraws {
  uint32_t spikes = 0;
  uint32_t first_unit_draw = 0;  // index of the uniform that picks the unit of spike 0
};

SPIKEFIT_HD InputStepDraws poisson_input_step(uint64_t seed, uint32_t input, uint64_t step,
                                              double mean, double exp_neg_mean) {
  CounterStream draws(seed, rng_stream(RngPurpose::kPoissonInput, input), step);
  InputStepDraws d;
  d.spikes = poisson_sample(draws, mean, exp_neg_mean);
  d.first_unit_draw = draws.consumed();
  return d;
}

// The unit (0 .. size-1) that emits spike s of the step.
SPIKEFIT_HD uint32_t poisson_input_unit(uint64_t seed, uint32_t input, uint64_t step,
                                        const InputStepDraws& d, uint32_t s, uint32_t size) {
  const double u = counter_uniform(seed, rng_stream(RngPurpose::kPoissonInput, input), step,
                                   d.first_unit_draw + s);
  return static_cast<uint32_t>((1.0 - u) * size);
}

}  // namespace spikefit::engine
