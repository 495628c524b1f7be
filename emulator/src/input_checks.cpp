#include "input_checks.hpp"

#include <stdexcept>

namespace spikefit::emulator {

namespace {

constexpr double kUnitCubeTolerance = 1e-6;

std::string shape_text(const at::Tensor& t) {
  std::string text = "[";
  for (int64_t i = 0; i < t.dim(); ++i) text += (i ? " x " : "") + std::to_string(t.size(i));
  return text + "]";
}

// "3 rows (first: row 7)" for a [n] mask of rows.
std::string rows_text(const at::Tensor& bad_rows) {
  const at::Tensor index = bad_rows.nonzero();
  return std::to_string(index.size(0)) + " row(s) (first: row " +
         std::to_string(index[0][0].item<int64_t>()) + ")";
}

}  // namespace

at::Tensor checked_unit_inputs(const at::Tensor& x, const std::string& what) {
  if (!x.defined() || x.dim() != 2 || x.size(1) < 1) {
    throw std::invalid_argument(what + ": x must be [n x d] with d >= 1, not " +
                                (x.defined() ? shape_text(x) : std::string("undefined")));
  }
  const at::Tensor x64 = x.to(at::kDouble).contiguous();
  if (x64.size(0) == 0) return x64;
  const at::Tensor outside =
      (~x64.isfinite() | (x64 < -kUnitCubeTolerance) | (x64 > 1.0 + kUnitCubeTolerance)).any(1);
  if (outside.any().item<bool>()) {
    throw std::invalid_argument(what + ": x must lie in the unit cube [0, 1]^d; " +
                                rows_text(outside) + " outside it");
  }
  return x64;
}

at::Tensor checked_unit_inputs(const at::Tensor& x, int64_t dims, const std::string& what) {
  const at::Tensor checked = checked_unit_inputs(x, what);
  if (checked.size(1) != dims) {
    throw std::invalid_argument(what + ": x must have " + std::to_string(dims) +
                                " columns (input dimensions), not " + shape_text(x));
  }
  return checked;
}

at::Tensor checked_outputs(const at::Tensor& y, int64_t rows, const std::string& what) {
  if (!y.defined() || y.dim() != 2 || y.size(1) < 1) {
    throw std::invalid_argument(what + ": y must be [n x m] with m >= 1, not " +
                                (y.defined() ? shape_text(y) : std::string("undefined")));
  }
  if (y.size(0) != rows) {
    throw std::invalid_argument(what + ": x has " + std::to_string(rows) + " rows but y " +
                                shape_text(y) + " has " + std::to_string(y.size(0)));
  }
  const at::Tensor y64 = y.to(at::kDouble).contiguous();
  if (rows == 0) return y64;
  const at::Tensor not_finite = (~y64.isfinite()).any(1);
  if (not_finite.any().item<bool>()) {
    throw std::invalid_argument(what + ": y must be finite; " + rows_text(not_finite) +
                                " hold NaN or infinite values (drop them before training)");
  }
  return y64;
}

}  // namespace spikefit::emulator
