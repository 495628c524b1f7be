#pragma once

#include <ATen/ATen.h>

#include <cstdint>

namespace spikefit::emulator {

// k-means++ seeding (Arthur & Vassilvitskii 2007) of `count` centres among the rows of x [n x d]:
// the first uniformly, each next one with probability proportional to its squared distance to
// the nearest centre so far. Returns [k x d] rows of x, k = count, or fewer when x has fewer
// distinct rows; all of x (in its order) when count >= n. Deterministic for a given seed.
at::Tensor kmeans_plus_plus_centres(const at::Tensor& x, int64_t count, uint64_t seed);

}  // namespace spikefit::emulator
