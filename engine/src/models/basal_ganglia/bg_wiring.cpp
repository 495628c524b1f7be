#include "models/basal_ganglia/bg_wiring.hpp"

#include <algorithm>

#include "models/basal_ganglia/bg_random.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine::bg {

BgWiring wire_pathway(const BgNetworkSpec& net, uint32_t pathway, uint64_t seed) {
  const BgPathway& w = net.pathways[pathway];
  const uint32_t n_pre = net.populations[w.pre].size;
  const uint32_t n_post = net.populations[w.post].size;
  const bool exclude_self = w.pre == w.post && !w.allow_self;
  BgWiring out;
  out.offsets.resize(n_post + 1);
  out.pre.reserve(uint64_t{n_post} * w.in_degree);
  const uint32_t stream = bg_stream(BgRngPurpose::kConnectivity, pathway);
  for (uint32_t j = 0; j < n_post; ++j) {
    out.offsets[j] = static_cast<uint32_t>(out.pre.size());
    if (w.one_to_one) {
      out.pre.push_back(j);
      continue;
    }
    CounterStream rng(seed, stream, j);
    const std::size_t begin = out.pre.size();
    while (out.pre.size() - begin < w.in_degree) {
      const uint32_t i =
          std::min(static_cast<uint32_t>(rng.uniform() * n_pre), n_pre - 1);  // u in (0, 1]
      if (exclude_self && i == j) continue;
      if (std::find(out.pre.begin() + begin, out.pre.end(), i) != out.pre.end()) continue;
      out.pre.push_back(i);
    }
  }
  out.offsets[n_post] = static_cast<uint32_t>(out.pre.size());
  return out;
}

}  // namespace spikefit::engine::bg
