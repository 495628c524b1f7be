#include "models/balanced/connectivity.hpp"

#include <algorithm>

namespace spikefit::engine {

namespace {

Connectivity fixed_out_degree(const NetworkSpec& net, const ProjectionSpec& p, uint32_t stream,
                              uint64_t seed, int threads, Connectivity c) {
  const uint32_t k_out = p.degree;
  c.offsets.resize(c.n_pre + 1);
  for (uint32_t j = 0; j <= c.n_pre; ++j) c.offsets[j] = uint64_t{j} * k_out;
  c.targets.resize(uint64_t{c.n_pre} * k_out);
  const Lattice& pre_lattice = net.source_lattice(p.pre);
  const Lattice& post_lattice = net.populations[p.post].lattice;
  const int64_t rows = c.n_pre;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int64_t r = 0; r < rows; ++r) {
    const uint32_t j = static_cast<uint32_t>(r);
    uint32_t* row = c.targets.data() + c.offsets[j];
    for (uint32_t k = 0; k < k_out; ++k) {
      row[k] = fixed_out_degree_target(seed, stream, j, k,
                                       p.placement == TargetPlacement::kWrappedGaussian,
                                       pre_lattice, post_lattice, p.sigma, c.n_post);
    }
    std::sort(row, row + k_out);
  }
  return c;
}

// Each postsynaptic neuron draws `degree` sources uniformly (with replacement); the result is
// regrouped by presynaptic neuron with a counting sort, so rows come out sorted.
Connectivity fixed_in_degree(const ProjectionSpec& p, uint32_t stream, uint64_t seed,
                             Connectivity c) {
  const uint32_t k_in = p.degree;
  std::vector<uint32_t> sources(uint64_t{c.n_post} * k_in);
  std::vector<uint64_t> row_counts(c.n_pre, 0);
  for (uint32_t i = 0; i < c.n_post; ++i) {
    for (uint32_t k = 0; k < k_in; ++k) {
      const uint32_t s = fixed_in_degree_source(seed, stream, i, k, c.n_pre);
      sources[uint64_t{i} * k_in + k] = s;
      ++row_counts[s];
    }
  }
  c.offsets.assign(c.n_pre + 1, 0);
  for (uint32_t j = 0; j < c.n_pre; ++j) c.offsets[j + 1] = c.offsets[j] + row_counts[j];
  c.targets.resize(sources.size());
  std::vector<uint64_t> fill(c.offsets.begin(), c.offsets.end() - 1);
  for (uint32_t i = 0; i < c.n_post; ++i) {
    for (uint32_t k = 0; k < k_in; ++k) c.targets[fill[sources[uint64_t{i} * k_in + k]]++] = i;
  }
  return c;
}

// Independent Bernoulli(p) per (pre, post) pair, drawn by geometric skips over each row.
Connectivity bernoulli(const ProjectionSpec& p, uint32_t stream, uint64_t seed, Connectivity c) {
  c.offsets.assign(c.n_pre + 1, 0);
  const double log_q = std::log1p(-p.probability);
  for (uint32_t j = 0; j < c.n_pre; ++j) {
    if (p.probability >= 1.0) {
      for (uint32_t i = 0; i < c.n_post; ++i) c.targets.push_back(i);
    } else if (p.probability > 0.0) {
      BernoulliRow row(seed, stream, j, c.n_post, log_q);
      for (uint32_t target = row.next(); target < c.n_post; target = row.next()) {
        c.targets.push_back(target);
      }
    }
    c.offsets[j + 1] = c.targets.size();
  }
  return c;
}

}  // namespace

Connectivity generate_connectivity(const NetworkSpec& net, uint32_t projection, uint64_t seed,
                                   int threads) {
  const ProjectionSpec& p = net.projections[projection];
  Connectivity c;
  c.n_pre = net.source_size(p.pre);
  c.n_post = net.populations[p.post].size;
  const uint32_t stream = rng_stream(RngPurpose::kConnectivity, projection);
  switch (p.rule) {
    case ConnectivityRule::kFixedOutDegree:
      return fixed_out_degree(net, p, stream, seed, std::max(1, threads), std::move(c));
    case ConnectivityRule::kFixedInDegree:
      return fixed_in_degree(p, stream, seed, std::move(c));
    case ConnectivityRule::kBernoulli:
      return bernoulli(p, stream, seed, std::move(c));
  }
  return c;
}

}  // namespace spikefit::engine
