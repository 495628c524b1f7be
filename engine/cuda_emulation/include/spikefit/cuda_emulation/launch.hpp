#pragma once

// Kernel launches. The build rewrites `kernel<<<grid, block, shared, stream>>>(args...)` into
// `::spikefit::cuda_emulation::launch(kernel, "kernel", grid, block, shared, stream)(args...)`
// (cmake/rewrite_cuda_source.cmake). The arguments are converted to the kernel's parameter
// types once, checked (every pointer must point into memory from cudaMalloc), and every thread
// of the grid calls the kernel with them.

#include <cstddef>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "spikefit/cuda_emulation/types.hpp"

namespace spikefit::cuda_emulation {

struct LaunchShape {
  dim3 grid, block;
  std::size_t dynamic_shared = 0;
  cudaStream_t stream = nullptr;
};

// The kernel body as seen by the grid runner: body(closure) runs the kernel for the current
// thread.
struct KernelCall {
  const void* kernel;  // the function's address (attributes, shared memory limit)
  const char* name;
  void (*body)(const void* closure);
  const void* closure;
};

// Runs every block of the grid; the outcome is left for cudaGetLastError.
void run_grid(const KernelCall& call, const LaunchShape& shape);
// Records a launch error (for cudaGetLastError) without running anything.
void record_launch_error(cudaError_t error, const std::string& message);
// Empty when `pointer` is null or inside a device allocation; otherwise what is wrong.
std::string describe_non_device_pointer(const void* pointer);

template <class... Params>
class KernelLaunch {
 public:
  KernelLaunch(void (*kernel)(Params...), const char* name, LaunchShape shape)
      : kernel_(kernel), name_(name), shape_(shape) {}

  template <class... Args>
  void operator()(Args&&... args) const {
    static_assert(sizeof...(Args) == sizeof...(Params), "wrong number of kernel arguments");
    const std::tuple<Params...> values(std::forward<Args>(args)...);
    const std::string problem = check_pointers(values, std::index_sequence_for<Params...>{});
    if (!problem.empty()) {
      record_launch_error(cudaErrorInvalidValue, std::string(name_) + ": " + problem);
      return;
    }
    const Closure closure{kernel_, &values};
    run_grid({reinterpret_cast<const void*>(kernel_), name_, &Closure::call, &closure}, shape_);
  }

 private:
  struct Closure {
    void (*kernel)(Params...);
    const std::tuple<Params...>* values;
    static void call(const void* self) {
      const auto* c = static_cast<const Closure*>(self);
      std::apply(c->kernel, *c->values);
    }
  };

  template <std::size_t... I>
  static std::string check_pointers(const std::tuple<Params...>& values,
                                    std::index_sequence<I...>) {
    std::string problem;
    (check_pointer<I>(std::get<I>(values), problem), ...);
    return problem;
  }

  template <std::size_t I, class T>
  static void check_pointer(const T& value, std::string& problem) {
    if constexpr (std::is_pointer_v<T>) {
      if (!problem.empty()) return;
      const std::string why = describe_non_device_pointer(value);
      if (!why.empty()) problem = "argument " + std::to_string(I + 1) + " " + why;
    }
  }

  void (*kernel_)(Params...);
  const char* name_;
  LaunchShape shape_;
};

template <class... Params>
KernelLaunch<Params...> launch(void (*kernel)(Params...), const char* name, dim3 grid, dim3 block,
                               std::size_t dynamic_shared = 0, cudaStream_t stream = nullptr) {
  return KernelLaunch<Params...>(kernel, name, LaunchShape{grid, block, dynamic_shared, stream});
}

// The block's dynamic shared memory (`extern __shared__ T name[];` is rewritten to a call).
void* dynamic_shared_memory();

}  // namespace spikefit::cuda_emulation
