#pragma once

#include <ATen/ATen.h>

#include <string>

namespace spikefit::emulator {

// Checks of the tensors the emulator library is given; each throws std::invalid_argument whose
// message starts with `what` (the caller's name) and says what is wrong.

// x [n x d] with finite values in the unit cube (1e-6 tolerance); returns it as contiguous float64.
at::Tensor checked_unit_inputs(const at::Tensor& x, const std::string& what);
// x as above, with d == dims.
at::Tensor checked_unit_inputs(const at::Tensor& x, int64_t dims, const std::string& what);
// y [n x m] with n == rows, m >= 1 and finite values; returns it as contiguous float64.
at::Tensor checked_outputs(const at::Tensor& y, int64_t rows, const std::string& what);

}  // namespace spikefit::emulator
