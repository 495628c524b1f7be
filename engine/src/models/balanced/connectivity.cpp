#include "models/balanced/connectivity.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

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

// [begin, end) of block b when n items are cut into `blocks` contiguous blocks.
std::pair<uint32_t, uint32_t> block_range(uint32_t n, int b, int blocks) {
  const auto cut = [&](int k) {
    return static_cast<uint32_t>(uint64_t{n} * static_cast<uint64_t>(k) /
                                 static_cast<uint64_t>(blocks));
  };
  return {cut(b), cut(b + 1)};
}

int block_count(int threads, uint32_t n) {
  return static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, n)));
}

// Each postsynaptic neuron draws `degree` sources uniformly (with replacement); the result is
// regrouped by presynaptic neuron with a counting sort, so rows come out sorted. On `threads`
// threads each takes a contiguous block of postsynaptic neurons, counts its sources per row and
// fills its share of every row after the shares of the blocks before it: the same rows.
Connectivity fixed_in_degree(const ProjectionSpec& p, uint32_t stream, uint64_t seed, int threads,
                             Connectivity c) {
  const uint32_t k_in = p.degree;
  const int blocks = block_count(threads, c.n_post);
  std::vector<uint32_t> sources(uint64_t{c.n_post} * k_in);
  // [blocks][n_pre]: sources drawn per row, then where the block's share of the row starts.
  std::vector<std::vector<uint64_t>> share(blocks, std::vector<uint64_t>(c.n_pre, 0));
#pragma omp parallel for num_threads(blocks) schedule(static, 1) if (blocks > 1)
  for (int b = 0; b < blocks; ++b) {
    const auto [begin, end] = block_range(c.n_post, b, blocks);
    for (uint32_t i = begin; i < end; ++i) {
      for (uint32_t k = 0; k < k_in; ++k) {
        const uint32_t s = fixed_in_degree_source(seed, stream, i, k, c.n_pre);
        sources[uint64_t{i} * k_in + k] = s;
        ++share[b][s];
      }
    }
  }
  c.offsets.assign(c.n_pre + 1, 0);
  for (uint32_t j = 0; j < c.n_pre; ++j) {
    uint64_t next = c.offsets[j];
    for (int b = 0; b < blocks; ++b) next += std::exchange(share[b][j], next);
    c.offsets[j + 1] = next;
  }
  c.targets.resize(sources.size());
#pragma omp parallel for num_threads(blocks) schedule(static, 1) if (blocks > 1)
  for (int b = 0; b < blocks; ++b) {
    const auto [begin, end] = block_range(c.n_post, b, blocks);
    std::vector<uint64_t>& fill = share[b];
    for (uint32_t i = begin; i < end; ++i) {
      for (uint32_t k = 0; k < k_in; ++k) c.targets[fill[sources[uint64_t{i} * k_in + k]]++] = i;
    }
  }
  return c;
}

// Independent Bernoulli(p) per (pre, post) pair, drawn by geometric skips over each row. On
// `threads` threads each generates a contiguous block of rows into a vector of its own, and the
// blocks are joined in order: while they are joined the rows take twice their memory (one thread
// writes them in place).
Connectivity bernoulli(const ProjectionSpec& p, uint32_t stream, uint64_t seed, int threads,
                       Connectivity c) {
  c.offsets.assign(c.n_pre + 1, 0);
  const double log_q = std::log1p(-p.probability);
  const int blocks = block_count(threads, c.n_pre);
  std::vector<std::vector<uint32_t>> block_targets(blocks);
#pragma omp parallel for num_threads(blocks) schedule(static, 1) if (blocks > 1)
  for (int b = 0; b < blocks; ++b) {
    const auto [begin, end] = block_range(c.n_pre, b, blocks);
    std::vector<uint32_t>& out = blocks == 1 ? c.targets : block_targets[b];
    for (uint32_t j = begin; j < end; ++j) {
      if (p.probability >= 1.0) {
        for (uint32_t i = 0; i < c.n_post; ++i) out.push_back(i);
      } else if (p.probability > 0.0) {
        BernoulliRow row(seed, stream, j, c.n_post, log_q);
        for (uint32_t target = row.next(); target < c.n_post; target = row.next()) {
          out.push_back(target);
        }
      }
      c.offsets[j + 1] = out.size();  // within the block, until the blocks are joined
    }
  }
  if (blocks == 1) return c;
  uint64_t base = 0;
  for (int b = 0; b < blocks; ++b) {
    const auto [begin, end] = block_range(c.n_pre, b, blocks);
    for (uint32_t j = begin; j < end; ++j) c.offsets[j + 1] += base;
    base += block_targets[b].size();
  }
  c.targets.resize(base);
#pragma omp parallel for num_threads(blocks) schedule(static, 1)
  for (int b = 0; b < blocks; ++b) {
    const uint32_t begin = block_range(c.n_pre, b, blocks).first;
    std::copy(block_targets[b].begin(), block_targets[b].end(),
              c.targets.begin() + static_cast<std::ptrdiff_t>(c.offsets[begin]));
    std::vector<uint32_t>().swap(block_targets[b]);
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
      return fixed_in_degree(p, stream, seed, std::max(1, threads), std::move(c));
    case ConnectivityRule::kBernoulli:
      return bernoulli(p, stream, seed, std::max(1, threads), std::move(c));
  }
  return c;
}

}  // namespace spikefit::engine
