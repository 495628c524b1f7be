#pragma once

// Sizes of the gpu tests: full on a device, smaller under the CUDA emulation (the kernels run on
// the CPU, one fiber per CUDA thread, a few hundred times slower).
namespace spikefit::testing {

#if defined(SPIKEFIT_CUDA_EMULATION)
constexpr bool kEmulatedDevice = true;
#else
constexpr bool kEmulatedDevice = false;
#endif

template <class T>
constexpr T device_or_emulated(T on_device, T emulated) {
  return kEmulatedDevice ? emulated : on_device;
}

}  // namespace spikefit::testing
