#pragma once

// The CUDA-on-CPU execution layer (SPIKEFIT_CUDA_EMULATION): this header stands in for the
// toolkit's <cuda_runtime.h> when the `.cu` sources are compiled as C++, so the unchanged
// kernels run on the CPU, each CUDA thread a fiber (README "CUDA on the CPU").

#include <math.h>

#include "spikefit/cuda_emulation/intrinsics.hpp"
#include "spikefit/cuda_emulation/launch.hpp"
#include "spikefit/cuda_emulation/runtime_api.hpp"
#include "spikefit/cuda_emulation/schedule.hpp"
#include "spikefit/cuda_emulation/types.hpp"
