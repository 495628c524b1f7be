#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

namespace spikefit::testing {

// The bundled SNOPS CBN config shrunk for command-line tests: 400 E (20x20), 100 I (10x10),
// 400 X, `duration_ms` runs counted in `count_bin_ms` bins, free parameters JrEX and taudsynI.
inline nlohmann::json small_cbn_config(double duration_ms, double count_bin_ms) {
  std::ifstream in(std::string(SPIKEFIT_SOURCE_DIR) + "/experiments/configs/snops_cbn.json");
  nlohmann::json config = nlohmann::json::parse(in);
  auto& network = config["network"];
  network["populations"][0]["size"] = 400;
  network["populations"][0]["lattice"] = {20, 20};
  network["populations"][1]["size"] = 100;
  network["populations"][1]["lattice"] = {10, 10};
  network["inputs"][0]["size"] = 400;
  network["inputs"][0]["lattice"] = {20, 20};
  network["simulation"]["duration_ms"] = duration_ms;
  network["recording"]["count_bin_ms"] = count_bin_ms;
  nlohmann::json kept = nlohmann::json::array();
  for (const auto& p : config["parameters"]) {
    if (p["name"] == "JrEX" || p["name"] == "taudsynI") kept.push_back(p);
  }
  config["parameters"] = kept;
  return config;
}

}  // namespace spikefit::testing
