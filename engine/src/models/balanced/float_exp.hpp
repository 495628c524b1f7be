#pragma once

#include <cstdint>
#include <cstring>

namespace spikefit::engine {

// exp(x) in single precision from basic IEEE operations only, so that it vectorises and gives the
// same bits on every CPU (no libm, no FMA): x = n ln2 + r with |r| <= ln2/2 (Cody-Waite, ln2 in
// two parts), exp(r) by Cephes' degree-7 minimax polynomial, 2^n put in the exponent field.
// Within 2 ulp of exp for x in [-87, 88]; arguments are clamped to that range (exp(-87) is below
// 2e-38, exp(88) about 1.7e38), NaN stays NaN. The float32 state's "exact" exponential.
inline float polynomial_expf(float x) {
  constexpr float kLog2e = 1.44269504088896341f;
  constexpr float kLn2High = 0.693359375f;  // few mantissa bits: n * kLn2High is exact
  constexpr float kLn2Low = -2.12194440e-4f;
  constexpr float kRoundShift = 12582912.0f;  // 1.5 * 2^23: adding it rounds to an integer
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  // n = round(x log2 e), read from the low bits of the shifted sum (no float-to-int conversion,
  // which a NaN would make undefined).
  const float shifted = x * kLog2e + kRoundShift;
  const float n = shifted - kRoundShift;
  float r = x - n * kLn2High;
  r = r - n * kLn2Low;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  uint32_t shifted_bits, shift_bits;
  std::memcpy(&shifted_bits, &shifted, sizeof shifted_bits);
  std::memcpy(&shift_bits, &kRoundShift, sizeof shift_bits);
  // n in [-126, 127] for the clamped range: 2^n is a normal float.
  const uint32_t exponent_bits = (shifted_bits - shift_bits + 127u) << 23;
  float scale;
  std::memcpy(&scale, &exponent_bits, sizeof scale);
  return p * scale;
}

}  // namespace spikefit::engine
