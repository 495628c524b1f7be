#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/balanced/connectivity.hpp"
#include "test_networks.hpp"

namespace spikefit::engine {
namespace {

using testing::bundled_network;

uint32_t projection_index(const NetworkSpec& net, const std::string& name) {
  for (uint32_t k = 0; k < net.projections.size(); ++k) {
    if (net.projections[k].name == name) return k;
  }
  throw std::runtime_error("no projection " + name);
}

// The SNOPS CBN's projection `name` drawn (seed 4, on `threads` threads) with another
// connectivity rule.
Connectivity cbn_projection_with_rule(const std::string& name, const nlohmann::json& rule,
                                      int threads = 1) {
  nlohmann::json network = testing::config_network("snops_cbn");
  base::resolve_path(network, "projections." + name + ".connectivity") = rule;
  const NetworkSpec net = parse_network_spec(network);
  return generate_connectivity(net, projection_index(net, name), 4, threads);
}

std::vector<uint32_t> in_degrees(const Connectivity& c) {
  std::vector<uint32_t> d(c.n_post, 0);
  for (uint32_t t : c.targets) ++d[t];
  return d;
}

struct Pathway {
  const char* name;
  uint32_t out_degree;
  double mean_in_degree;
};

// specs/snops.md §1.4: K_ab = ceil(P_ab N_a) and the expected in-degrees of the table.
const Pathway kSnopsPathways[] = {{"EE", 375, 375}, {"IE", 282, 1128}, {"EI", 1500, 375},
                                  {"II", 375, 375}, {"EX", 250, 250},  {"IX", 32, 128}};

TEST(Connectivity, SnopsOutDegreesAreExactAndInDegreesMatchTheSpecTable) {
  for (const char* name : {"snops_sbn", "snops_cbn"}) {
    const NetworkSpec net = bundled_network(name);
    for (const Pathway& p : kSnopsPathways) {
      const Connectivity c = generate_connectivity(net, projection_index(net, p.name), 1234);
      for (uint32_t j = 0; j < c.n_pre; ++j) ASSERT_EQ(c.row_length(j), p.out_degree) << p.name;
      const std::vector<uint32_t> in = in_degrees(c);
      const double mean = std::accumulate(in.begin(), in.end(), 0.0) / c.n_post;
      EXPECT_DOUBLE_EQ(mean, p.mean_in_degree) << name << " " << p.name;
    }
  }
}

// Stored fixed out-degree rows are generated on the trial's team: the same rows on any number of
// threads (wrapped-Gaussian SBN and uniform CBN targets).
TEST(Connectivity, RowsAreTheSameOnEveryNumberOfThreads) {
  for (const char* name : {"snops_sbn", "snops_cbn"}) {
    const NetworkSpec net = bundled_network(name);
    for (const char* projection : {"EE", "IX"}) {
      const uint32_t k = projection_index(net, projection);
      const Connectivity one = generate_connectivity(net, k, 21, 1);
      for (int threads : {2, 3}) {
        const Connectivity many = generate_connectivity(net, k, 21, threads);
        EXPECT_EQ(one.offsets, many.offsets) << name << " " << projection << " " << threads;
        EXPECT_EQ(one.targets, many.targets) << name << " " << projection << " " << threads;
      }
    }
  }
  // The other rules on the CBN's projections: by in-degree, Bernoulli, and Bernoulli with every
  // row full (p = 1).
  const std::vector<std::pair<std::string, nlohmann::json>> rules = {
      {"IE", {{"rule", "fixed_in_degree"}, {"in_degree", 40}}},
      {"II", {{"rule", "bernoulli"}, {"probability", 0.1}}},
      {"EI", {{"rule", "bernoulli"}, {"probability", 1.0}}}};
  for (const auto& [projection, rule] : rules) {
    const Connectivity one = cbn_projection_with_rule(projection, rule, 1);
    ASSERT_GT(one.synapse_count(), 0u);
    for (int threads : {2, 3}) {
      const Connectivity many = cbn_projection_with_rule(projection, rule, threads);
      EXPECT_EQ(one.offsets, many.offsets) << rule.dump() << " " << threads;
      EXPECT_EQ(one.targets, many.targets) << rule.dump() << " " << threads;
    }
  }
}

TEST(Connectivity, RowsAreSortedAndInRange) {
  const NetworkSpec net = bundled_network("snops_sbn");
  const Connectivity c = generate_connectivity(net, projection_index(net, "IE"), 5);
  for (uint32_t j = 0; j < c.n_pre; ++j) {
    for (uint64_t s = c.offsets[j]; s < c.offsets[j + 1]; ++s) {
      ASSERT_LT(c.targets[s], c.n_post);
      if (s > c.offsets[j]) {
        ASSERT_LE(c.targets[s - 1], c.targets[s]);
      }
    }
  }
}

// Signed displacement on a ring of n sites, in [-n/2, n/2).
double ring_offset(double to, double from, double n) {
  double d = std::fmod(to - from + 1.5 * n, n) - 0.5 * n;
  return d;
}

// Standard deviation of the row and column displacement of E->E targets (lattice units).
double spatial_spread(const NetworkSpec& net, const std::string& projection) {
  const Connectivity c = generate_connectivity(net, projection_index(net, projection), 99);
  const uint32_t side = net.populations[0].lattice.cols;
  double sum_sq = 0;
  uint64_t n = 0;
  for (uint32_t j = 0; j < c.n_pre; j += 7) {
    for (uint64_t s = c.offsets[j]; s < c.offsets[j + 1]; ++s) {
      const uint32_t t = c.targets[s];
      const double dx = ring_offset(t / side, j / side, side);
      const double dy = ring_offset(t % side, j % side, side);
      sum_sq += dx * dx + dy * dy;
      n += 2;
    }
  }
  return std::sqrt(sum_sq / static_cast<double>(n));
}

TEST(Connectivity, WrappedGaussianSpreadScalesWithSigma) {
  // beta = sigma * 50 lattice units; rounding to the lattice adds variance 1/12.
  for (double sigma : {0.02, 0.05, 0.1}) {
    const NetworkSpec net =
        bundled_network("snops_sbn", {{"projections.EE.connectivity.sigma", sigma}});
    const double beta = sigma * 50;
    EXPECT_NEAR(spatial_spread(net, "EE"), std::sqrt(beta * beta + 1.0 / 12), 0.03 * beta)
        << "sigma " << sigma;
  }
}

TEST(Connectivity, ZeroSigmaCollapsesEveryProjectionOntoOneCell) {
  const NetworkSpec net = bundled_network("snops_sbn", {{"projections.EE.connectivity.sigma", 0},
                                                        {"projections.IE.connectivity.sigma", 0}});
  const Connectivity ee = generate_connectivity(net, projection_index(net, "EE"), 3);
  for (uint32_t j = 0; j < ee.n_pre; ++j) {
    for (uint64_t s = ee.offsets[j]; s < ee.offsets[j + 1]; ++s) ASSERT_EQ(ee.targets[s], j);
  }
  // E (50x50) -> I (25x25): pre position rescaled by 1/2, then MATLAB round (half away from 0):
  // E cell at row 3, column 5 (id 2*50+4) -> (1.5, 2.5) -> (2, 3) -> I id (2-1)*25 + (3-1).
  const Connectivity ie = generate_connectivity(net, projection_index(net, "IE"), 3);
  const uint32_t pre = 2 * 50 + 4;
  for (uint64_t s = ie.offsets[pre]; s < ie.offsets[pre + 1]; ++s) EXPECT_EQ(ie.targets[s], 27u);
}

TEST(Connectivity, TargetsWrapAroundThePeriodicBoundary) {
  const NetworkSpec net = bundled_network("snops_sbn");
  const Connectivity c = generate_connectivity(net, projection_index(net, "EE"), 8);
  // Corner cell (row 1, col 1), beta = 5: targets on both sides of the boundary, none far away.
  int low_rows = 0, wrapped_rows = 0, far = 0;
  for (uint64_t s = c.offsets[0]; s < c.offsets[1]; ++s) {
    const uint32_t row = c.targets[s] / 50;
    if (row <= 10) ++low_rows;
    if (row >= 40) ++wrapped_rows;
    if (row > 20 && row < 30) ++far;
  }
  EXPECT_GT(low_rows, 100);
  EXPECT_GT(wrapped_rows, 100);
  EXPECT_EQ(far, 0);
}

TEST(Connectivity, UniformTargetsGiveBinomialInDegrees) {
  const NetworkSpec net = bundled_network("snops_cbn");
  const Connectivity c = generate_connectivity(net, projection_index(net, "EE"), 77);
  const std::vector<uint32_t> in = in_degrees(c);
  const double n = static_cast<double>(in.size());
  double mean = 0, var = 0;
  for (uint32_t d : in) mean += d;
  mean /= n;
  for (uint32_t d : in) var += (d - mean) * (d - mean);
  var /= n - 1;
  // 2500 * 375 draws over 2500 cells: Binomial(937500, 1/2500), variance 374.85.
  EXPECT_NEAR(var, 374.85, 0.1 * 374.85);
  // Spatially flat: the mean in-degree of each lattice row is 375 within sampling error.
  for (uint32_t row = 0; row < 50; ++row) {
    double row_mean = 0;
    for (uint32_t col = 0; col < 50; ++col) row_mean += in[row * 50 + col];
    EXPECT_NEAR(row_mean / 50, 375.0, 5 * std::sqrt(375.0 / 50)) << "row " << row;
  }
}

TEST(Connectivity, DependsOnlyOnTheSeed) {
  const NetworkSpec net = bundled_network("snops_sbn");
  const uint32_t k = projection_index(net, "EI");
  const Connectivity a = generate_connectivity(net, k, 10);
  const Connectivity b = generate_connectivity(net, k, 10);
  const Connectivity other = generate_connectivity(net, k, 11);
  EXPECT_EQ(a.targets, b.targets);
  EXPECT_NE(a.targets, other.targets);
}

TEST(Connectivity, FixedInDegreeGivesEveryTargetExactlyK) {
  const Connectivity c =
      cbn_projection_with_rule("IE", {{"rule", "fixed_in_degree"}, {"in_degree", 40}});
  ASSERT_EQ(c.n_pre, 2500u);
  for (uint32_t d : in_degrees(c)) ASSERT_EQ(d, 40u);
}

TEST(Connectivity, BernoulliHasTheExpectedNumberOfSynapses) {
  const Connectivity c =
      cbn_projection_with_rule("II", {{"rule", "bernoulli"}, {"probability", 0.1}});
  const double expected = 625.0 * 625 * 0.1;
  EXPECT_NEAR(static_cast<double>(c.synapse_count()), expected, 5 * std::sqrt(expected * 0.9));
  for (uint32_t j = 0; j < c.n_pre; ++j) {
    for (uint64_t s = c.offsets[j] + 1; s < c.offsets[j + 1]; ++s) {
      ASSERT_LT(c.targets[s - 1], c.targets[s]);  // no multapses
    }
  }
}

// The CUDA backend builds rows element by element from the row generators, fills in-degree rows
// in the arbitrary order of atomics and does not sort: every row must still hold the CPU's
// multiset of targets. Emulated here with a reversed fill order.
TEST(Connectivity, RowGeneratorsRebuildTheCpuRowsInAnyFillOrder) {
  nlohmann::json network = testing::config_network("snops_sbn");
  base::resolve_path(network, "projections.IE.connectivity") = {{"rule", "fixed_in_degree"},
                                                                {"in_degree", 40}};
  base::resolve_path(network, "projections.II.connectivity") = {{"rule", "bernoulli"},
                                                                {"probability", 0.1}};
  const NetworkSpec net = parse_network_spec(network);
  const uint64_t seed = 77;
  for (uint32_t k = 0; k < net.projections.size(); ++k) {
    const ProjectionSpec& p = net.projections[k];
    const Connectivity cpu = generate_connectivity(net, k, seed);
    const uint32_t stream = rng_stream(RngPurpose::kConnectivity, k);
    std::vector<std::vector<uint32_t>> rows(cpu.n_pre);
    if (p.rule == ConnectivityRule::kFixedOutDegree) {
      for (uint32_t j = cpu.n_pre; j-- > 0;) {
        for (uint32_t e = p.degree; e-- > 0;) {
          rows[j].push_back(fixed_out_degree_target(
              seed, stream, j, e, p.placement == TargetPlacement::kWrappedGaussian,
              net.source_lattice(p.pre), net.populations[p.post].lattice, p.sigma, cpu.n_post));
        }
      }
    } else if (p.rule == ConnectivityRule::kFixedInDegree) {
      for (uint32_t i = cpu.n_post; i-- > 0;) {
        for (uint32_t e = p.degree; e-- > 0;) {
          rows[fixed_in_degree_source(seed, stream, i, e, cpu.n_pre)].push_back(i);
        }
      }
    } else {
      const double log_q = std::log1p(-p.probability);
      for (uint32_t j = 0; j < cpu.n_pre; ++j) {
        BernoulliRow row(seed, stream, j, cpu.n_post, log_q);
        for (uint32_t t = row.next(); t < cpu.n_post; t = row.next()) rows[j].push_back(t);
      }
    }
    for (uint32_t j = 0; j < cpu.n_pre; ++j) {
      std::sort(rows[j].begin(), rows[j].end());
      const std::vector<uint32_t> expected(cpu.targets.begin() + cpu.offsets[j],
                                           cpu.targets.begin() + cpu.offsets[j + 1]);
      ASSERT_EQ(rows[j], expected) << p.name << " row " << j;
    }
  }
}

}  // namespace
}  // namespace spikefit::engine
