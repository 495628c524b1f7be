#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/cuda_emulation/types.hpp"

// The pieces of the layer's failure messages.
namespace spikefit::cuda_emulation {

// "(x,y,z)"
std::string text(const dim3& d);
// "0x0000ffff"
std::string hex_mask(uint32_t mask);
// "file.cu:123" (the file's name without its folder)
std::string site(const char* file, int line);
// Sorted ids as "0-31, 40, 64-95".
std::string ranges(const std::vector<uint32_t>& ids);

}  // namespace spikefit::cuda_emulation
