// A counts CSV (stats --counts): one row per neuron, one column per bin.
#include "fuzz_input.hpp"
#include "recorded_value_limit.hpp"
#include "spikefit/experiments/config/spike_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = spikefit::fuzz::input_file(data, size, ".csv");
  spikefit::fuzz::expect_input_errors([&] { spikefit::experiments::read_count_csv(path, 20.0); });
  return 0;
}
