// The bundled So et al. (2012) network document (so2012_network_json).
#include <nlohmann/json.hpp>

#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"

namespace spikefit::engine::bg {

using nlohmann::json;

namespace {

json pathway(const char* pre, const char* post, uint32_t k, double w, double e) {
  return {{"name", std::string(pre) + "->" + post},
          {"pre", pre},
          {"post", post},
          {"in_degree", k},
          {"weight", w},
          {"E_rev", e}};
}

}  // namespace

json so2012_network_json(bool parkinsonian, bool dbs, uint32_t n_stn, uint32_t n_gpe,
                         uint32_t n_gpi, uint32_t n_tc) {
  json net = {
      {"dt_ms", 0.01},
      {"duration_ms", 3000.0},
      {"burn_in_ms", 200.0},
      {"integrator", "euler"},
      {"populations",
       json::array({{{"name", "STN"},
                     {"model", "stn"},
                     {"size", n_stn},
                     {"I_app", parkinsonian ? 23.0 : 33.0},
                     {"synapse", {{"kind", "alpha"}, {"g_peak", 0.43}, {"tau_ms", 5.0}}}},
                    {{"name", "GPe"},
                     {"model", "gp"},
                     {"size", n_gpe},
                     {"I_app", parkinsonian ? 8.0 : 21.0},
                     {"I_app_offset_sd", 2.0},
                     {"synapse", {{"kind", "gate"}}}},
                    {{"name", "GPi"},
                     {"model", "gp"},
                     {"size", n_gpi},
                     {"I_app", parkinsonian ? 16.0 : 22.0},
                     {"synapse", {{"kind", "alpha"}, {"g_peak", 0.3}, {"tau_ms", 5.0}}}},
                    {{"name", "TC"}, {"model", "tc"}, {"size", n_tc}, {"I_app", 0.0}}})},
      {"pathways",
       json::array({pathway("GPe", "STN", 2, 0.5, -85.0), pathway("STN", "GPe", 2, 0.15, 0.0),
                    pathway("GPe", "GPe", 2, 0.5, -85.0), pathway("STN", "GPi", 2, 0.15, 0.0),
                    pathway("GPe", "GPi", 2, 0.5, -85.0)})},
      {"smc",
       {{"target", "TC"},
        {"amplitude", 3.5},
        {"width_ms", 5.0},
        {"frequency_hz", 14.0},
        {"cv", 0.2}}}};
  json tc = pathway("GPi", "TC", 1, 0.112, -85.0);
  if (n_gpi == n_tc) {
    tc.erase("in_degree");
    tc["rule"] = "one_to_one";
  }
  net["pathways"].push_back(tc);
  if (dbs) {
    net["dbs"] = {{"target", "STN"},
                  {"amplitude", 300.0},
                  {"width_ms", 0.3},
                  {"frequency_hz", 130.0},
                  {"onset_ms", 0.0}};
  }
  return net;
}

}  // namespace spikefit::engine::bg
