#include "warp_gathering.hpp"

#include "report_text.hpp"

namespace spikefit::cuda_emulation {

using detail::WarpArrival;
using detail::WarpOp;

std::string join_gathering(Warp& warp, const WarpArrival& a, uint32_t lane, std::size_t* which) {
  const uint32_t bit = 1u << lane;
  if ((a.mask & bit) == 0) {
    return std::string(a.name) + " at " + site(a.file, a.line) + " with mask " + hex_mask(a.mask) +
           ", which excludes the calling lane " + std::to_string(lane);
  }
  *which = warp.open.size();
  for (std::size_t g = 0; g < warp.open.size(); ++g) {
    const WarpGathering& open = warp.open[g];
    if (open.mask == a.mask) {
      *which = g;
    } else if ((open.mask & bit) != 0) {
      return "lane " + std::to_string(lane) + " calls " + a.name + " at " + site(a.file, a.line) +
             " with mask " + hex_mask(a.mask) + " while lanes of its warp wait for it in " +
             open.name + " at " + site(open.file, open.line) + " with mask " + hex_mask(open.mask);
    }
  }
  if (*which == warp.open.size()) {
    warp.open.push_back(WarpGathering{a.op, a.mask, 0, {}, {}, a.name, a.file, a.line});
  } else if (warp.open[*which].op != a.op) {
    const WarpGathering& open = warp.open[*which];
    return "the lanes of one warp meet at different collectives: " + std::string(a.name) + " at " +
           site(a.file, a.line) + " and " + open.name + " at " + site(open.file, open.line);
  }
  WarpGathering& g = warp.open[*which];
  g.arrived |= bit;
  g.values[lane] = a.value;
  g.sources[lane] = a.source_lane;
  return {};
}

std::string gathering_results(const WarpGathering& g, uint64_t (&results)[kWarpSize]) {
  uint64_t vote = 0;
  bool all = true;
  for (uint32_t lane = 0; lane < kWarpSize; ++lane) {
    if ((g.arrived >> lane & 1u) == 0) continue;
    if (g.values[lane] != 0) vote |= 1ull << lane;
    all = all && g.values[lane] != 0;
  }
  for (uint32_t lane = 0; lane < kWarpSize; ++lane) {
    if ((g.arrived >> lane & 1u) == 0) continue;
    switch (g.op) {
      case WarpOp::kBallot:
        results[lane] = vote;
        break;
      case WarpOp::kAny:
        results[lane] = vote != 0;
        break;
      case WarpOp::kAll:
        results[lane] = all;
        break;
      case WarpOp::kShuffle: {
        const uint32_t source = g.sources[lane];
        if (source >= kWarpSize || (g.arrived >> source & 1u) == 0) {
          return std::string(g.name) + " at " + site(g.file, g.line) + ": lane " +
                 std::to_string(lane) + " reads lane " + std::to_string(source) +
                 ", which is not taking part (mask " + hex_mask(g.mask) + ")";
        }
        results[lane] = g.values[source];
        break;
      }
      default:
        results[lane] = 0;
        break;
    }
  }
  return {};
}

}  // namespace spikefit::cuda_emulation
