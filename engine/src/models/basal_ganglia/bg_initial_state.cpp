#include "models/basal_ganglia/bg_initial_state.hpp"

#include "models/basal_ganglia/bg_random.hpp"
#include "spikefit/engine/random.hpp"

namespace spikefit::engine::bg {

BgInitialDraws bg_initial_draws(const BgNetworkSpec& net, uint64_t seed) {
  BgInitialDraws draws;
  draws.v_mv.reserve(net.neuron_count());
  draws.i_app.reserve(net.neuron_count());
  for (uint32_t p = 0; p < net.populations.size(); ++p) {
    const BgPopulation& pop = net.populations[p];
    CounterStream v_rng(seed, bg_stream(BgRngPurpose::kInitialV, p), 0);
    CounterStream offset_rng(seed, bg_stream(BgRngPurpose::kAppOffset, p), 0);
    for (uint32_t j = 0; j < pop.size; ++j) {
      double z1, z2;
      box_muller(v_rng.uniform(), v_rng.uniform(), z1, z2);
      draws.v_mv.push_back(pop.v_init_mean_mv + pop.v_init_sd_mv * z1);
      box_muller(offset_rng.uniform(), offset_rng.uniform(), z1, z2);
      draws.i_app.push_back(pop.i_app + pop.i_app_offset_sd * z1);
    }
  }
  return draws;
}

}  // namespace spikefit::engine::bg
