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

struct ErrorText {
  cudaError_t error;
  const char* name;
  const char* text;
};

constexpr ErrorText kErrors[] = {
    {cudaSuccess, "cudaSuccess", "no error"},
    {cudaErrorInvalidValue, "cudaErrorInvalidValue", "invalid argument"},
    {cudaErrorMemoryAllocation, "cudaErrorMemoryAllocation", "out of memory"},
    {cudaErrorInvalidConfiguration, "cudaErrorInvalidConfiguration",
     "invalid configuration argument"},
    {cudaErrorInvalidDevice, "cudaErrorInvalidDevice", "invalid device ordinal"},
    {cudaErrorInvalidResourceHandle, "cudaErrorInvalidResourceHandle", "invalid resource handle"},
    {cudaErrorIllegalAddress, "cudaErrorIllegalAddress",
     "an illegal memory access was encountered"},
    {cudaErrorLaunchOutOfResources, "cudaErrorLaunchOutOfResources",
     "too many resources requested for launch"},
    {cudaErrorLaunchFailure, "cudaErrorLaunchFailure", "unspecified launch failure"},
    {cudaErrorNoDevice, "cudaErrorNoDevice", "no CUDA-capable device is detected"},
    {cudaErrorInsufficientDriver, "cudaErrorInsufficientDriver",
     "CUDA driver version is insufficient"},
};

const ErrorText* find_error(cudaError_t error) {
  for (const ErrorText& e : kErrors) {
    if (e.error == error) return &e;
  }
  return nullptr;
}

const char* generic(cudaError_t error) {
  const ErrorText* e = find_error(error);
  return e != nullptr ? e->text : "unknown error";
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

const char* error_name(cudaError_t error) {
  const ErrorText* e = find_error(error);
  return e != nullptr ? e->name : "cudaErrorUnknown";
}

const char* describe(cudaError_t error) {
  described = generic(error);
  if (error != cudaSuccess && error == last_taken.error && !last_taken.message.empty()) {
    described += " (CUDA emulation: " + last_taken.message + ")";
  }
  return described.c_str();
}

}  // namespace spikefit::cuda_emulation
