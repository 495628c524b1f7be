#pragma once

#include <gtest/gtest.h>

#include "spikefit/engine/backend.hpp"

// Skips a GPU test, with the reason, when no usable CUDA device is present.
#define SKIP_WITHOUT_DEVICE()                                                                     \
  do {                                                                                            \
    const ::spikefit::engine::CudaDeviceStatus status = ::spikefit::engine::cuda_device_status(); \
    if (!status.usable) GTEST_SKIP() << status.reason;                                            \
  } while (0)
