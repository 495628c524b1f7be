// An NWB file (stats --nwb): the Units table read through HDF5, its window and its binning.
#include "fuzz_input.hpp"
#include "recorded_value_limit.hpp"
#include "spikefit/experiments/config/nwb_units.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ex = spikefit::experiments;
  const std::string path = spikefit::fuzz::input_file(data, size, ".nwb");
  spikefit::fuzz::expect_input_errors([&] {
    const std::vector<ex::NwbUnit> units = ex::read_nwb_units(path, {});
    ex::nwb_recording(units, 50.0, ex::nwb_window(units, std::nullopt));
  });
  return 0;
}
