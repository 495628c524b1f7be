#pragma once

#include <string>

#include "spikefit/cuda_emulation/types.hpp"

namespace spikefit::cuda_emulation {

// The error of the host thread's last failed launch or call, until the next cudaGetLastError or
// synchronisation returns it (the first one is kept when several happen in between).
void record_error(cudaError_t error, const std::string& message);
// A runtime call that fails: recorded as above and described at once; returns `error`.
cudaError_t call_failed(cudaError_t error, const std::string& message);
cudaError_t take_error();
cudaError_t peek_error();
// cudaGetErrorString's text: the generic one, plus the description of the last error taken on
// this thread when it had that code.
const char* describe(cudaError_t error);
const char* error_name(cudaError_t error);

}  // namespace spikefit::cuda_emulation
