#pragma once

#include <ATen/ATen.h>

#include <cstdint>

namespace spikefit::acquisition {

// Candidate-set size for Thompson sampling: min(5000, max(2000, 200 d)) (BoTorch's TuRBO
// tutorial).
int64_t default_candidate_count(int64_t dims);

// n space-filling points [n x d] in the box [lower, upper] ([d] each; undefined: the unit cube):
// scrambled Sobol keyed by seed for d <= 1111 (SobolSequence::kMaxDims), uniform beyond.
at::Tensor space_filling(int64_t n, int64_t dims, uint64_t seed,
                         const at::Tensor& lower = at::Tensor(),
                         const at::Tensor& upper = at::Tensor());

// TuRBO's perturbation candidates [n x d]: copies of center [d] in which each coordinate is,
// with probability min(1, 20 / d) (at least one per point), replaced by the coordinate of a
// space-filling point in [lower, upper].
at::Tensor perturbation_candidates(const at::Tensor& center, const at::Tensor& lower,
                                   const at::Tensor& upper, int64_t n, uint64_t seed);

// A 64-bit seed for a sub-stream of a proposal (splitmix64 of seed and stream).
uint64_t derive_seed(uint64_t seed, uint64_t stream);

}  // namespace spikefit::acquisition
