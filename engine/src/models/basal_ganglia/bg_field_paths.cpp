// The short free-parameter names of basal-ganglia configs and setting a field by them
// (bg_network_spec.hpp: bg_field_path, set_bg_field).
#include <string>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_path.hpp"
#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"

namespace spikefit::engine::bg {

using nlohmann::json;

std::string bg_field_path(const std::string& name) {
  const auto dot = name.find('.');
  if (dot == std::string::npos) return name;
  const std::string head = name.substr(0, dot);
  const std::string rest = name.substr(dot + 1);
  if (head == "I_app") return "populations." + rest + ".I_app";
  if (head == "offset_sd") return "populations." + rest + ".I_app_offset_sd";
  if (head == "threshold") return "populations." + rest + ".spike_threshold_mv";
  if (head == "param") {
    const auto second = rest.find('.');
    if (second == std::string::npos) return name;
    return "populations." + rest.substr(0, second) + ".params." + rest.substr(second + 1);
  }
  if (head == "w") return "pathways." + rest + ".weight";
  if (head == "delay") return "pathways." + rest + ".delay_ms";
  if (head == "ctx") return "cortical." + rest;
  return name;  // dbs.X, smc.X and full paths are already JSON paths
}

json set_bg_field(const json& network, const std::string& name, double value) {
  json out = network;
  const std::string path = bg_field_path(name);
  const auto last_dot = path.rfind('.');
  if (last_dot == std::string::npos) {
    if (!out.is_object() || !out.contains(path)) {
      throw base::ConfigError(name, "no field '" + path + "' in the network");
    }
    out[path] = value;
    return out;
  }
  const std::string key = path.substr(last_dot + 1);
  std::string parent_path = path.substr(0, last_dot);
  // Drive objects and cell parameter overrides may lack the field (its default applies).
  const bool params =
      parent_path.size() > 7 && parent_path.compare(parent_path.size() - 7, 7, ".params") == 0;
  const bool drive = parent_path == "dbs" || parent_path == "smc" || parent_path == "cortical";
  json* parent = nullptr;
  if (params) {
    json& population = base::resolve_path(out, parent_path.substr(0, parent_path.size() - 7));
    if (!population.is_object())
      throw base::ConfigError(name, "no population at '" + parent_path + "'");
    if (!population.contains("params")) population["params"] = json::object();
    parent = &population["params"];
  } else {
    parent = &base::resolve_path(out, parent_path);
  }
  if (!parent->is_object() || (!parent->contains(key) && !params && !drive)) {
    throw base::ConfigError(name, "no field '" + path + "' in the network");
  }
  (*parent)[key] = value;
  return out;
}

}  // namespace spikefit::engine::bg
