// A model config file (--config): load_model_config reads, parses and validates it.
#include "fuzz_input.hpp"
#include "spikefit/experiments/config/model_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = spikefit::fuzz::input_file(data, size, ".json");
  spikefit::fuzz::expect_input_errors([&] {
    const spikefit::experiments::ModelConfig config =
        spikefit::experiments::load_model_config(path);
    config.effective_document();
  });
  return 0;
}
