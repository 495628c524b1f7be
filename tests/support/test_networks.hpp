#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "fixtures.hpp"
#include "spikefit/base/json_path.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"

namespace spikefit::testing {

// The "network" object of a bundled config (experiments/configs/NAME.json).
inline nlohmann::json config_network(const std::string& name) {
  return read_json(std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/" + name + ".json")
      .at("network");
}

// N LIF neurons that never spike (threshold 1e6 mV), driven by one Poisson input of `units` units
// at `rate_hz` with `out_degree` targets each through a weight-0 exponential synapse: counting
// deliveries without moving any potential.
inline nlohmann::json silent_input_network(double duration_ms, int neurons, int units,
                                           double rate_hz, int out_degree) {
  return {{"simulation", {{"dt_ms", 0.1}, {"duration_ms", duration_ms}}},
          {"populations",
           {{{"name", "N"},
             {"size", neurons},
             {"model", "lif"},
             {"params",
              {{"tau_m_ms", 10},
               {"E_L_mV", -60},
               {"V_th_mV", 1e6},
               {"V_reset_mV", -60},
               {"t_ref_ms", 0}}}}}},
          {"inputs", {{{"name", "X"}, {"kind", "poisson"}, {"size", units}, {"rate_hz", rate_hz}}}},
          {"projections",
           {{{"name", "NX"},
             {"pre", "X"},
             {"post", "N"},
             {"connectivity", {{"rule", "fixed_out_degree"}, {"out_degree", out_degree}}},
             {"synapse", {{"kind", "exponential"}, {"tau_decay_ms", 5}}},
             {"weight", 0.0}}}}};
}

// A bundled SNOPS network (snops_sbn, snops_cbn) at 400 E (20x20), 100 I (10x10), 400 X,
// simulated for `duration_ms`.
inline nlohmann::json small_snops_network(const std::string& name, double duration_ms) {
  nlohmann::json net = config_network(name);
  net["populations"][0]["lattice"] = {20, 20};
  net["populations"][0].erase("size");
  net["populations"][1]["lattice"] = {10, 10};
  net["populations"][1].erase("size");
  net["inputs"][0]["lattice"] = {20, 20};
  net["inputs"][0].erase("size");
  net["simulation"]["duration_ms"] = duration_ms;
  return net;
}

// A bundled network with fields replaced by dotted path ("projections.EE.weight" -> value).
inline engine::NetworkSpec bundled_network(const std::string& name,
                                           const std::map<std::string, nlohmann::json>& set = {}) {
  nlohmann::json network = config_network(name);
  for (const auto& [path, value] : set) base::resolve_path(network, path) = value;
  return engine::parse_network_spec(network);
}

// The SNOPS short-demo ground truth's nine known values (specs/snops.md §2), as field paths.
inline std::map<std::string, nlohmann::json> short_demo_weights() {
  return {{"projections.EE.weight", 2.7119},
          {"projections.EI.weight", -66.265},
          {"projections.IE.weight", 27.965},
          {"projections.II.weight", -74.641},
          {"projections.EX.weight", 101.54},
          {"projections.IX.weight", 35.767},
          {"projections.EE.synapse.tau_decay_ms", 22.102},
          {"projections.IE.synapse.tau_decay_ms", 22.102}};
}

}  // namespace spikefit::testing
