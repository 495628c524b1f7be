#pragma once

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <cstdint>

namespace spikefit::emulator::testing {

// A 3-D problem with two outputs and known heteroscedastic Gaussian noise:
//   y0 = sin(2 pi x0) + x1^2 + e0,  sd(e0) = 0.05 + 0.15 x2
//   y1 = exp(x2) + e1,              sd(e1) = 0.02 + 0.1 x0
struct SyntheticProblem {
  at::Tensor x;            // [n x 3] uniform in the unit cube
  at::Tensor y;            // [n x 2] with noise
  at::Tensor noise_sd;     // [n x 2]
  at::Tensor noiseless_y;  // [n x 2]
};

inline SyntheticProblem synthetic_problem(int64_t n, uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const auto options = at::TensorOptions().dtype(at::kDouble);
  SyntheticProblem p;
  p.x = at::rand({n, 3}, generator, options);
  const at::Tensor x0 = p.x.select(1, 0), x1 = p.x.select(1, 1), x2 = p.x.select(1, 2);
  p.noiseless_y = at::stack({at::sin(2.0 * M_PI * x0) + x1.square(), x2.exp()}, 1);
  p.noise_sd = at::stack({0.05 + 0.15 * x2, 0.02 + 0.1 * x0}, 1);
  p.y = p.noiseless_y + p.noise_sd * at::randn({n, 2}, generator, options);
  return p;
}

}  // namespace spikefit::emulator::testing
