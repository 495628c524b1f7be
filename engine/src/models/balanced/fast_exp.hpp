#pragma once

#include <cstdint>
#include <cstring>

#include "spikefit/base/host_device.hpp"

namespace spikefit::engine {

// Schraudolph's (1999) bit-trick approximation of exp(y), as used by the SNOPS / Huang et al.
// MEX simulator (EXP_A = 2^20/ln 2, EXP_C = 60801): writes a*y + b into the high 32 bits of an
// IEEE double whose low 32 bits are zero. Relative error -3.9% .. +2.0% over y in [-25, 80].
// The MEX code leaves the low word uninitialised-but-zero in practice (a static union), and
// converts with C's truncating double->int conversion; both are reproduced here.
// Arguments are clamped to [-700, 700] so the int conversion stays defined (EIF arguments lie in
// [-200, 100] for any sane parameters); a NaN argument (the neuron's V is already NaN) counts as
// -700.
SPIKEFIT_HD double schraudolph_exp(double y) {
  constexpr double kA = 1048576.0 / 0.69314718055994530942;
  constexpr int32_t kB = 1072693248 - 60801;
  y = y > -700.0 ? y : -700.0;
  y = y < 700.0 ? y : 700.0;
  const int32_t high = static_cast<int32_t>(kA * y + kB);
  const uint64_t bits = static_cast<uint64_t>(static_cast<uint32_t>(high)) << 32;
  double out;
  memcpy(&out, &bits, sizeof(out));
  return out;
}

}  // namespace spikefit::engine
