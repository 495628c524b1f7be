// A spike-train CSV (stats --spikes): rows "neuron,time_ms", binned over a window.
#include "fuzz_input.hpp"
#include "recorded_value_limit.hpp"
#include "spikefit/experiments/config/spike_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path = spikefit::fuzz::input_file(data, size, ".csv");
  spikefit::fuzz::expect_input_errors(
      [&] { spikefit::experiments::read_spike_csv(path, 5.0, 0.0, 1000.0); });
  return 0;
}
