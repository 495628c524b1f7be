#pragma once

#include <cstdint>
#include <vector>

#include "models/balanced/connectivity.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"

namespace spikefit::engine {

// The outgoing synapses of one projection of one trial, by presynaptic neuron, as the CPU trial
// delivers spikes through them: stored rows (CSR built once, 16-bit targets when the post
// population fits, memory O(synapses)) or procedural rows regenerated from the same Philox draws
// at every spike (memory O(1)). A row's targets are the same multiset in both, so the spike counts
// per target, and with them the whole simulation, are bit-identical.
class SynapseRows {
 public:
  // threads: OpenMP threads that generate stored rows (the rows do not depend on it).
  SynapseRows(const NetworkSpec& net, uint32_t projection, uint64_t seed, int threads = 1);

  uint64_t synapse_count() const { return synapses_; }
  uint64_t stored_bytes() const {
    return offsets_.size() * sizeof(uint64_t) + targets16_.size() * sizeof(uint16_t) +
           targets32_.size() * sizeof(uint32_t);
  }

  // Calls deliver(target) once per synapse of presynaptic neuron `pre` (target local to the post
  // population); returns the row length.
  template <class Deliver>
  uint64_t for_each_target(uint32_t pre, Deliver&& deliver) const {
    if (!procedural_) {
      const uint64_t begin = offsets_[pre];
      const uint64_t end = offsets_[pre + 1];
      if (targets32_.empty()) {
        for (uint64_t s = begin; s < end; ++s) deliver(targets16_[s]);
      } else {
        for (uint64_t s = begin; s < end; ++s) deliver(targets32_[s]);
      }
      return end - begin;
    }
    switch (spec_.rule) {
      case ConnectivityRule::kFixedOutDegree:
        return fixed_out_degree_row(pre, deliver);
      case ConnectivityRule::kBernoulli:
        return bernoulli_row(pre, deliver);
      case ConnectivityRule::kFixedInDegree:
        break;  // always stored (network_spec.hpp)
    }
    return 0;
  }

 private:
  template <class Deliver>
  uint64_t fixed_out_degree_row(uint32_t pre, Deliver& deliver) const {
    const uint32_t k_out = spec_.degree;
    if (spec_.placement == TargetPlacement::kWrappedGaussian) {
      for (uint32_t k = 0; k < k_out; ++k) {
        deliver(
            gaussian_out_target(seed_, stream_, pre, k, pre_lattice_, post_lattice_, spec_.sigma));
      }
      return k_out;
    }
    for (uint32_t k = 0; k < k_out; k += 4) {  // uniform_partner: four targets per Philox block
      const RandomWords r = philox_words(seed_, stream_, pre, k / 4);
      const uint32_t in_block = k_out - k < 4 ? k_out - k : 4;
      for (uint32_t q = 0; q < in_block; ++q) deliver(uniform_below(r.w[q], n_post_));
    }
    return k_out;
  }

  template <class Deliver>
  uint64_t bernoulli_row(uint32_t pre, Deliver& deliver) const {
    if (spec_.probability >= 1.0) {
      for (uint32_t i = 0; i < n_post_; ++i) deliver(i);
      return n_post_;
    }
    if (spec_.probability <= 0.0) return 0;
    BernoulliRow row(seed_, stream_, pre, n_post_, log_q_);
    uint64_t length = 0;
    for (uint32_t target = row.next(); target < n_post_; target = row.next(), ++length) {
      deliver(target);
    }
    return length;
  }

  ProjectionSpec spec_;
  uint64_t seed_;
  uint32_t stream_;
  uint32_t n_post_;
  Lattice pre_lattice_;
  Lattice post_lattice_;
  double log_q_ = 0.0;  // log1p(-p), Bernoulli
  bool procedural_;
  uint64_t synapses_ = 0;

  std::vector<uint64_t> offsets_;    // stored: CSR rows [n_pre + 1]
  std::vector<uint16_t> targets16_;  // stored, post population <= 65536 neurons
  std::vector<uint32_t> targets32_;  // stored, larger post populations
};

}  // namespace spikefit::engine
