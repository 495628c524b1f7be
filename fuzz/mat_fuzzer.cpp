// A MATLAB file (stats --mat): a count matrix "counts" and a cell array of spike times
// "spike_times", the variables of tests/fixtures/recorded.
#include <utility>

#include "fuzz_input.hpp"
#include "recorded_value_limit.hpp"
#include "spikefit/experiments/config/mat_spike_data.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ex = spikefit::experiments;
  const std::string path = spikefit::fuzz::input_file(data, size, ".mat");
  spikefit::fuzz::expect_input_errors(
      [&] { ex::read_mat_recording(path, "counts", 50.0, std::nullopt); });
  spikefit::fuzz::expect_input_errors(
      [&] { ex::read_mat_recording(path, "spike_times", 100.0, std::pair(0.0, 2000.0)); });
  return 0;
}
