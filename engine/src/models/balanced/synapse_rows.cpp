#include "models/balanced/synapse_rows.hpp"

#include <cmath>

namespace spikefit::engine {

SynapseRows::SynapseRows(const NetworkSpec& net, uint32_t projection, uint64_t seed, int threads)
    : spec_(net.projections[projection]),
      seed_(seed),
      stream_(rng_stream(RngPurpose::kConnectivity, projection)),
      n_post_(net.populations[spec_.post].size),
      pre_lattice_(net.source_lattice(spec_.pre)),
      post_lattice_(net.populations[spec_.post].lattice),
      procedural_(spec_.storage == ConnectivityStorage::kProcedural &&
                  spec_.rule != ConnectivityRule::kFixedInDegree) {
  if (spec_.rule == ConnectivityRule::kBernoulli && spec_.probability > 0.0 &&
      spec_.probability < 1.0) {
    log_q_ = std::log1p(-spec_.probability);
  }
  if (procedural_) {
    const double n_pre = net.source_size(spec_.pre);
    synapses_ = spec_.rule == ConnectivityRule::kFixedOutDegree
                    ? static_cast<uint64_t>(n_pre) * spec_.degree
                    : static_cast<uint64_t>(std::round(spec_.probability * n_pre * n_post_));
    return;
  }
  Connectivity c = generate_connectivity(net, projection, seed, threads);
  synapses_ = c.synapse_count();
  offsets_ = std::move(c.offsets);
  if (c.n_post <= 65536) {
    targets16_.assign(c.targets.begin(), c.targets.end());
  } else {
    targets32_ = std::move(c.targets);
  }
}

}  // namespace spikefit::engine
