#pragma once

#include <cstdint>
#include <vector>

namespace spikefit::acquisition {

// Sobol low-discrepancy points in [0, 1)^d (Joe & Kuo 2008 direction numbers, 30 bits, gray-code
// order, first point 0: identical to scipy.stats.qmc.Sobol(scramble=False)), for initial designs
// and raw acquisition samples. Scrambled sequences apply a random digital shift per dimension
// (keyed by seed), which keeps each dimension's dyadic stratification.
class SobolSequence {
 public:
  static constexpr int kMaxDims = 1111;  // Joe-Kuo table rows held

  explicit SobolSequence(int dims, bool scramble = false, uint64_t seed = 0);

  // The next n points [n][dims].
  std::vector<std::vector<double>> next(std::size_t n);
  int dims() const { return dims_; }

 private:
  int dims_;
  uint64_t index_ = 0;
  std::vector<uint32_t> state_;                    // current point as 30-bit integers [dims]
  std::vector<std::vector<uint32_t>> directions_;  // [dims][30]
  std::vector<uint32_t> shift_;                    // digital shift [dims] (0 unscrambled)
};

}  // namespace spikefit::acquisition
