#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "spikefit/base/host_device.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine {

// The synapses of one projection in one trial, grouped by presynaptic neuron (CSR): the targets of
// presynaptic neuron j are targets[offsets[j] .. offsets[j + 1]), as indices local to the post
// population, sorted within each row. Multapses and autapses are kept (specs/snops.md §1.4).
struct Connectivity {
  uint32_t n_pre = 0;
  uint32_t n_post = 0;
  std::vector<uint64_t> offsets;  // [n_pre + 1]
  std::vector<uint32_t> targets;  // [synapses]

  uint64_t synapse_count() const { return targets.size(); }
  uint64_t row_length(uint32_t pre) const { return offsets[pre + 1] - offsets[pre]; }
};

// Generates projection `projection` of `net` for the trial with seed `seed`. The randomness is
// keyed by (seed, projection, presynaptic neuron or postsynaptic neuron, draw), so the result does
// not depend on the order of generation: every rule runs on `threads` OpenMP threads, with the
// same result.
Connectivity generate_connectivity(const NetworkSpec& net, uint32_t projection, uint64_t seed,
                                   int threads = 1);

// MATLAB's mod (floored, result in [0, n)) of a whole number a, |a| < 2^63: integer arithmetic,
// exact like fmod on whole numbers and several times faster (procedural rows call it per spike).
SPIKEFIT_HD uint32_t floored_mod(double a, uint32_t n) {
  const int64_t m = static_cast<int64_t>(a) % static_cast<int64_t>(n);
  return static_cast<uint32_t>(m < 0 ? m + n : m);
}

// One target of the discretised wrapped 2D Gaussian of gen_weights.m ('2D'): the presynaptic
// lattice position (1-based row, column) is rescaled to the post lattice without centring; each
// coordinate is round(beta z + x_pre) wrapped onto 1..n (MATLAB round: half away from zero) with
// beta = sigma * side. z_row and z_col are independent standard normals. Returns the 0-based
// post index (row - 1) * cols + (col - 1).
SPIKEFIT_HD uint32_t wrapped_gaussian_target(uint32_t pre, uint32_t pre_rows, uint32_t pre_cols,
                                             uint32_t post_rows, uint32_t post_cols, double sigma,
                                             double z_row, double z_col) {
  const double x_pre = static_cast<double>(pre / pre_cols + 1) * post_rows / pre_rows;
  const double y_pre = static_cast<double>(pre % pre_cols + 1) * post_cols / pre_cols;
  const uint32_t x = floored_mod(round(sigma * post_rows * z_row + x_pre) - 1, post_rows);
  const uint32_t y = floored_mod(round(sigma * post_cols * z_col + y_pre) - 1, post_cols);
  return x * post_cols + y;
}

// The k-th wrapped-Gaussian target of presynaptic neuron `pre`: one Philox block per target
// (two 53-bit uniforms -> two normals by Box-Muller).
SPIKEFIT_HD uint32_t gaussian_out_target(uint64_t seed, uint32_t stream, uint32_t pre, uint32_t k,
                                         const Lattice& pre_lattice, const Lattice& post_lattice,
                                         double sigma) {
  const RandomWords r = philox_words(seed, stream, pre, k);
  double z_row, z_col;
  box_muller(uniform_open_closed(r.w[0], r.w[1]), uniform_open_closed(r.w[2], r.w[3]), z_row,
             z_col);
  return wrapped_gaussian_target(pre, pre_lattice.rows, pre_lattice.cols, post_lattice.rows,
                                 post_lattice.cols, sigma, z_row, z_col);
}

// The k-th uniformly drawn partner of neuron `index`: four partners per Philox block.
SPIKEFIT_HD uint32_t uniform_partner(uint64_t seed, uint32_t stream, uint32_t index, uint32_t k,
                                     uint32_t n) {
  const RandomWords r = philox_words(seed, stream, index, k / 4);
  return uniform_below(r.w[k % 4], n);
}

// Row generators: the CPU builds whole projections from them (connectivity.cpp, rows sorted
// afterwards); the CUDA backend calls them per element on the device. The same (seed, projection)
// gives the same multiset of targets in every row on both.

// The k-th target (in draw order) of presynaptic neuron `pre` under the fixed out-degree rule:
// wrapped Gaussian around the rescaled position, or uniform over the post population.
SPIKEFIT_HD uint32_t fixed_out_degree_target(uint64_t seed, uint32_t stream, uint32_t pre,
                                             uint32_t k, bool wrapped_gaussian,
                                             const Lattice& pre_lattice,
                                             const Lattice& post_lattice, double sigma,
                                             uint32_t n_post) {
  return wrapped_gaussian
             ? gaussian_out_target(seed, stream, pre, k, pre_lattice, post_lattice, sigma)
             : uniform_partner(seed, stream, pre, k, n_post);
}

// The k-th source of postsynaptic neuron `post` under the fixed in-degree rule (with replacement).
SPIKEFIT_HD uint32_t fixed_in_degree_source(uint64_t seed, uint32_t stream, uint32_t post,
                                            uint32_t k, uint32_t n_pre) {
  return uniform_partner(seed, stream, post, k, n_pre);
}

// The targets of one presynaptic neuron under the Bernoulli(p) rule, 0 < p < 1, in increasing
// order, by geometric skips: next() returns the next target, or n_post when the row is done (call
// it no more after that). log_q = log1p(-p), computed once by the host.
class BernoulliRow {
 public:
  SPIKEFIT_HD BernoulliRow(uint64_t seed, uint32_t stream, uint32_t pre, uint32_t n_post,
                           double log_q)
      : draws_(seed, stream, pre), n_post_(n_post), log_q_(log_q) {}

  SPIKEFIT_HD uint32_t next() {
    position_ += 1.0 + floor(log(draws_.uniform()) / log_q_);
    return position_ >= n_post_ ? n_post_ : static_cast<uint32_t>(position_);
  }

 private:
  CounterStream draws_;
  uint32_t n_post_;
  double log_q_;
  double position_ = -1.0;
};

}  // namespace spikefit::engine
