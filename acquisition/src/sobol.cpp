#include "spikefit/acquisition/sobol.hpp"

#include <stdexcept>

#include "spikefit/base/random.hpp"

namespace spikefit::acquisition {

namespace {

constexpr int kBits = 30;

struct Primitive {
  int degree;             // s
  uint32_t coefficients;  // a: inner coefficients of the primitive polynomial
  uint32_t m[13];         // initial direction numbers m_1..m_s
};

// Joe & Kuo (2008), new-joe-kuo-6.21201, dimensions 2..1111 (dimension 1 is van der Corput).
constexpr Primitive kPrimitives[SobolSequence::kMaxDims - 1] = {
#include "sobol_direction_numbers.inc"
};

// Direction numbers V_j = m_j << (30 - j), j = 1..30, by the Joe-Kuo recurrence
// m_j = m_{j-s} ^ (2^s m_{j-s}) ^ XOR_{k=1..s-1} a_k 2^k m_{j-k}.
std::vector<uint32_t> directions(int dim) {
  std::vector<uint32_t> m(kBits + 1, 1);  // m[1..30]; dimension 0: all 1
  if (dim > 0) {
    const Primitive& p = kPrimitives[dim - 1];
    const int s = p.degree;
    for (int j = 1; j <= s; ++j) m[j] = p.m[j - 1];
    for (int j = s + 1; j <= kBits; ++j) {
      uint32_t value = m[j - s] ^ (m[j - s] << s);
      for (int k = 1; k < s; ++k) {
        if ((p.coefficients >> (s - 1 - k)) & 1u) value ^= m[j - k] << k;
      }
      m[j] = value;
    }
  }
  std::vector<uint32_t> v(kBits);
  for (int j = 1; j <= kBits; ++j) v[j - 1] = m[j] << (kBits - j);
  return v;
}

}  // namespace

SobolSequence::SobolSequence(int dims, bool scramble, uint64_t seed)
    : dims_(dims), state_(dims, 0), shift_(dims, 0) {
  if (dims < 1 || dims > kMaxDims) {
    throw std::invalid_argument("SobolSequence: 1 to " + std::to_string(kMaxDims) + " dimensions");
  }
  for (int d = 0; d < dims; ++d) directions_.push_back(directions(d));
  if (scramble) {
    for (int d = 0; d < dims; ++d) {
      shift_[d] =
          base::philox_words(seed, 0x50B01u, static_cast<uint64_t>(d), 0).w[0] >> (32 - kBits);
    }
  }
}

std::vector<std::vector<double>> SobolSequence::next(std::size_t n) {
  constexpr double kScale = 1.0 / (1u << kBits);
  std::vector<std::vector<double>> points;
  for (std::size_t p = 0; p < n; ++p, ++index_) {
    if (index_ >= (uint64_t{1} << kBits)) throw std::out_of_range("SobolSequence: 2^30 points");
    if (index_ > 0) {
      const int c = __builtin_ctzll(index_);  // x_i = x_{i-1} ^ V_{ctz(i)+1}
      for (int d = 0; d < dims_; ++d) state_[d] ^= directions_[d][c];
    }
    std::vector<double> x(dims_);
    for (int d = 0; d < dims_; ++d) x[d] = (state_[d] ^ shift_[d]) * kScale;
    points.push_back(std::move(x));
  }
  return points;
}

}  // namespace spikefit::acquisition
