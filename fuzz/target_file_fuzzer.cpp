// A target file (--target): load_targets reads and validates every target in it.
#include "fuzz_input.hpp"
#include "spikefit/stats/target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = spikefit::fuzz::input_file(data, size, ".json");
  spikefit::fuzz::expect_input_errors([&] {
    for (const auto& [name, target] : spikefit::stats::load_targets(path)) {
      spikefit::stats::target_to_json(target);
    }
  });
  return 0;
}
