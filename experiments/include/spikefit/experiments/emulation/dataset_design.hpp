#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace spikefit::experiments {

// The space-filling designs of `spikefit dataset`, in the unit cube [0, 1)^d:
// - sobol: the scrambled Sobol sequence (digital shift keyed by the seed); nested, so a dataset
//   extended to more points keeps the points it has;
// - random: independent uniform points, point i from its own counter-based stream; nested too;
// - lhs: a Latin hypercube of exactly `total` points (one point per 1/total stratum in every
//   dimension, seeded permutations); not nested: a dataset made with it cannot be extended.
enum class DesignKind { kSobol, kRandom, kLhs };

DesignKind parse_design_kind(const std::string& name);  // base::UsageError naming --design
const char* to_string(DesignKind kind);
bool is_nested(DesignKind kind);

// Points [begin, end) of the design of `total` points (total matters for lhs only) [end-begin][d].
std::vector<std::vector<double>> design_points(DesignKind kind, int dims, uint64_t seed,
                                               int64_t begin, int64_t end, int64_t total);

// The seed of replicate r of design point i of a dataset with base seed `seed`: a function of
// (seed, point, replicate) only, so a dataset is the same whatever its batches or sessions.
uint64_t dataset_trial_seed(uint64_t seed, int64_t point, int replicate);

}  // namespace spikefit::experiments
