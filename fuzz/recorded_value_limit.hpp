#pragma once

#include <cstdint>

#include "spikefit/experiments/config/spike_data.hpp"

// The fuzzers of recorded data read arrays of at most 2^20 values, so that they spend their time
// parsing rather than widening the huge matrices a few bytes of compressed data can declare (and
// stay far below the 128-MiB malloc limit of fuzz/fuzz_env.sh). Included by one file per fuzzer.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  spikefit::experiments::set_max_recorded_values(uint64_t{1} << 20);
  return 0;
}
