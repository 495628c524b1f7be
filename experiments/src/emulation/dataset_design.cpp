#include "spikefit/experiments/emulation/dataset_design.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "spikefit/acquisition/sobol.hpp"
#include "spikefit/base/random.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

DesignKind parse_design_kind(const std::string& name) {
  for (DesignKind k : {DesignKind::kSobol, DesignKind::kRandom, DesignKind::kLhs}) {
    if (name == to_string(k)) return k;
  }
  throw base::UsageError("--design", "'" + name + "' is not a design: sobol, random or lhs");
}

const char* to_string(DesignKind kind) {
  switch (kind) {
    case DesignKind::kSobol:
      return "sobol";
    case DesignKind::kRandom:
      return "random";
    case DesignKind::kLhs:
      return "lhs";
  }
  return "?";
}

bool is_nested(DesignKind kind) {
  return kind != DesignKind::kLhs;
}

namespace {

// A uniform double in [0, 1) from stream `key` of the seed, draw `index`.
double uniform(uint64_t seed, uint64_t key, uint64_t index) {
  const uint64_t bits = base::splitmix64(base::trial_seed(seed ^ key, index));
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// A seeded permutation of 0..n-1 (Fisher-Yates with counter-based draws).
std::vector<int64_t> permutation(int64_t n, uint64_t seed, uint64_t key) {
  std::vector<int64_t> p(static_cast<std::size_t>(n));
  std::iota(p.begin(), p.end(), 0);
  for (int64_t i = n - 1; i > 0; --i) {
    const auto j = static_cast<int64_t>(uniform(seed, key, static_cast<uint64_t>(i)) *
                                        static_cast<double>(i + 1));
    std::swap(p[i], p[std::min(j, i)]);
  }
  return p;
}

}  // namespace

std::vector<std::vector<double>> design_points(DesignKind kind, int dims, uint64_t seed,
                                               int64_t begin, int64_t end, int64_t total) {
  if (begin < 0 || end < begin) throw std::invalid_argument("design_points: bad range");
  std::vector<std::vector<double>> out;
  switch (kind) {
    case DesignKind::kSobol: {
      acquisition::SobolSequence sobol(dims, true, seed);
      sobol.next(static_cast<std::size_t>(begin));
      out = sobol.next(static_cast<std::size_t>(end - begin));
      break;
    }
    case DesignKind::kRandom:
      for (int64_t i = begin; i < end; ++i) {
        std::vector<double> x(static_cast<std::size_t>(dims));
        for (int j = 0; j < dims; ++j) {
          x[j] = uniform(seed, 0x5EED0000u + static_cast<uint64_t>(j), static_cast<uint64_t>(i));
        }
        out.push_back(std::move(x));
      }
      break;
    case DesignKind::kLhs: {
      if (end > total) throw std::invalid_argument("design_points: lhs range beyond its total");
      std::vector<std::vector<int64_t>> strata;  // [d][total]
      for (int j = 0; j < dims; ++j) {
        strata.push_back(permutation(total, seed, 0x1A500000u + static_cast<uint64_t>(j)));
      }
      for (int64_t i = begin; i < end; ++i) {
        std::vector<double> x(static_cast<std::size_t>(dims));
        for (int j = 0; j < dims; ++j) {
          const double jitter =
              uniform(seed, 0x717E0000u + static_cast<uint64_t>(j), static_cast<uint64_t>(i));
          x[j] = (static_cast<double>(strata[j][i]) + jitter) / static_cast<double>(total);
        }
        out.push_back(std::move(x));
      }
      break;
    }
  }
  return out;
}

uint64_t dataset_trial_seed(uint64_t seed, int64_t point, int replicate) {
  return base::trial_seed(base::trial_seed(seed ^ 0xDA7A5E7u, static_cast<uint64_t>(point)),
                          static_cast<uint64_t>(replicate));
}

}  // namespace spikefit::experiments
