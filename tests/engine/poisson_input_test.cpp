#include "models/balanced/poisson_input.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace spikefit::engine {
namespace {

TEST(PoissonInput, CounterUniformIsTheStreamsQthUniform) {
  CounterStream s(21, 22, 23);
  for (uint32_t q = 0; q < 11; ++q) {
    EXPECT_EQ(s.consumed(), q);
    EXPECT_EQ(s.uniform(), counter_uniform(21, 22, 23, q)) << q;
  }
}

TEST(PoissonInput, PrecomputedExpGivesTheSameSample) {
  for (double mean : {0.3, 1.25, 9.5, 14.0, 80.0}) {
    for (uint64_t index = 0; index < 50; ++index) {
      CounterStream a(5, 6, index), b(5, 6, index);
      EXPECT_EQ(poisson_sample(a, mean), poisson_sample(b, mean, std::exp(-mean)));
      EXPECT_EQ(a.consumed(), b.consumed());
    }
  }
}

// The split draws (count on one thread, units on many) equal one sequential pass over the step's
// stream: count first, then one uniform per spike.
TEST(PoissonInput, SplitDrawsEqualTheSequentialStream) {
  const uint32_t input = 2, size = 2500;
  const double mean = 12.5;  // PTRS branch, several uniforms per count
  uint64_t spikes = 0;
  for (uint64_t step = 1; step < 400; ++step) {
    CounterStream sequential(99, rng_stream(RngPurpose::kPoissonInput, input), step);
    const uint32_t n = poisson_sample(sequential, mean);
    const InputStepDraws d = poisson_input_step(99, input, step, mean, std::exp(-mean));
    ASSERT_EQ(d.spikes, n);
    for (uint32_t s = 0; s < n; ++s) {
      const auto unit = static_cast<uint32_t>((1.0 - sequential.uniform()) * size);
      ASSERT_EQ(poisson_input_unit(99, input, step, d, s, size), unit);
      ASSERT_LT(unit, size);
    }
    spikes += n;
  }
  EXPECT_NEAR(static_cast<double>(spikes), 399 * mean, 5 * std::sqrt(399 * mean));
}

}  // namespace
}  // namespace spikefit::engine
