// --set NAME=VALUE overrides (one per input line) on a balanced or a basal-ganglia config, as
// simulate, stats, sweep and fit apply them, then the bound network's validation.
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "spikefit/experiments/config/model_config.hpp"

using spikefit::experiments::ModelConfig;

namespace {

const ModelConfig& base_config(bool basal_ganglia) {
  static const ModelConfig balanced = spikefit::experiments::load_model_config(
      SPIKEFIT_SOURCE_DIR "/experiments/configs/snops_short_demo.json");
  static const ModelConfig bg = spikefit::experiments::load_model_config(
      SPIKEFIT_SOURCE_DIR "/experiments/configs/bg_so2012_healthy.json");
  return basal_ganglia ? bg : balanced;
}

}  // namespace

// The first byte picks the config (odd: basal ganglia); the rest is the overrides, one a line.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  ModelConfig config = base_config((data[0] & 1) != 0);
  std::vector<std::string> sets;
  std::string line;
  for (size_t i = 1; i < size; ++i) {
    if (data[i] == '\n') {
      sets.push_back(line);
      line.clear();
    } else {
      line += static_cast<char>(data[i]);
    }
  }
  sets.push_back(line);
  spikefit::fuzz::expect_input_errors([&] {
    spikefit::experiments::apply_overrides(config, sets);
    config.validate();
    config.bound_document();
  });
  return 0;
}
