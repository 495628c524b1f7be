#pragma once

#include <cstdint>

#include "spikefit/base/host_device.hpp"

namespace spikefit::engine {

// Spike delivery by counting. Every spike of one channel (projection) adds the same kick to P, so
// both backends count, per target and step, the spikes that arrive (integer adds: the result does
// not depend on the order of delivery, which on the GPU is the arbitrary order of atomics), and
// P receives count * kick once, before the next synapse step. One rounding per step and target
// instead of one per spike, and the same bits on every backend, block size and batch split.
// Branch-free (vectorises on the CPU): with no spike, P + 0 * kick == P for every finite kick.
SPIKEFIT_HD void apply_spike_count(double& derivative, uint32_t count, double kick) {
  derivative += static_cast<double>(count) * kick;
}

}  // namespace spikefit::engine
