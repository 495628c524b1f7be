#pragma once

#include <ATen/ATen.h>

#include <vector>

namespace spikefit::surrogate {

// Inputs: physical parameters [n x d] <-> the unit cube, log-scaled first where declared
// (BoTorch's Normalize after a log transform).
class UnitCube {
 public:
  UnitCube(std::vector<double> lower, std::vector<double> upper, std::vector<bool> log_scale);
  at::Tensor to_unit(const at::Tensor& x) const;    // [n x d] -> [n x d] in [0, 1]
  at::Tensor from_unit(const at::Tensor& u) const;  // inverse
  int64_t dims() const { return static_cast<int64_t>(log_scale_.size()); }

 private:
  at::Tensor warp(const at::Tensor& x) const;  // log where declared
  std::vector<bool> log_scale_;
  at::Tensor low_, span_;  // of the warped bounds [d]
  at::Tensor log_mask_;    // [d], 1 where log-scaled
};

// Outputs: y [n] standardised to mean 0 and unit (unbiased) standard deviation.
struct Standardize {
  double mean = 0.0;
  double scale = 1.0;
  static Standardize fit(const at::Tensor& y);
  at::Tensor apply(const at::Tensor& y) const { return (y - mean) / scale; }
  at::Tensor mean_to_original(const at::Tensor& m) const { return m * scale + mean; }
  at::Tensor variance_to_original(const at::Tensor& v) const { return v * (scale * scale); }
};

}  // namespace spikefit::surrogate
