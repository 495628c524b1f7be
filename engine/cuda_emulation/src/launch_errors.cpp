#include "launch_errors.hpp"

#include <utility>

namespace spikefit::cuda_emulation {

namespace {

struct PendingError {
  cudaError_t error = cudaSuccess;
  std::string message;
};

thread_local PendingError pending;
thread_local PendingError last_taken;
thread_local std::string described;

const char* generic(cudaError_t error) {
  switch (error) {
    case cudaSuccess:
      return "no error";
    case cudaErrorInvalidValue:
      return "invalid argument";
    case cudaErrorMemoryAllocation:
      return "out of memory";
    case cudaErrorInvalidConfiguration:
      return "invalid configuration argument";
    case cudaErrorInvalidDevice:
      return "invalid device ordinal";
    case cudaErrorInvalidResourceHandle:
      return "invalid resource handle";
    case cudaErrorIllegalAddress:
      return "an illegal memory access was encountered";
    case cudaErrorLaunchOutOfResources:
      return "too many resources requested for launch";
    case cudaErrorLaunchFailure:
      return "unspecified launch failure";
    case cudaErrorNoDevice:
      return "no CUDA-capable device is detected";
    case cudaErrorInsufficientDriver:
      return "CUDA driver version is insufficient";
  }
  return "unknown error";
}

}  // namespace

void record_error(cudaError_t error, const std::string& message) {
  if (pending.error == cudaSuccess) pending = {error, message};
}

cudaError_t call_failed(cudaError_t error, const std::string& message) {
  record_error(error, message);
  last_taken = {error, message};
  return error;
}

cudaError_t take_error() {
  if (pending.error != cudaSuccess) last_taken = pending;
  return std::exchange(pending, PendingError{}).error;
}

cudaError_t peek_error() {
  return pending.error;
}

const char* describe(cudaError_t error) {
  described = generic(error);
  if (error != cudaSuccess && error == last_taken.error && !last_taken.message.empty()) {
    described += " (CUDA emulation: " + last_taken.message + ")";
  }
  return described.c_str();
}

}  // namespace spikefit::cuda_emulation
