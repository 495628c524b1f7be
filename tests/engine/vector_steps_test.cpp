#include "models/balanced/vector_steps.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "models/balanced/float_exp.hpp"
#include "models/balanced/spike_accumulation.hpp"

namespace spikefit::engine {
namespace {

constexpr double kDt = 0.05;

bool same_bits(double a, double b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

IntegrateFireConstants eif_cell(SpikeExp exp_kind) {
  IntegrateFireConstants c;
  c.g_L = 1.0 / 15;
  c.Delta_T = 2.0;
  c.inv_Delta_T = 0.5;
  c.I_ext = 0.3;
  c.refractory_steps = 30;
  c.exp_kind = exp_kind;
  return c;
}

// Neurons in every situation the step distinguishes: integrating far from and near the cutoff,
// past it, at the floor, refractory (held, last step, just released), and non-finite input.
struct NeuronArrays {
  std::vector<double> input, v;
  std::vector<int32_t> refractory;
};

NeuronArrays varied_neurons(std::size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> potential(-105.0, -5.0);
  std::normal_distribution<double> current(0.0, 20.0);
  std::uniform_int_distribution<int32_t> counter(-2, 32);
  NeuronArrays a;
  for (std::size_t j = 0; j < n; ++j) {
    a.v.push_back(potential(rng));
    a.input.push_back(j % 7 == 3 ? 1e4 * current(rng) : current(rng));  // some hit the floor
    a.refractory.push_back(j % 3 == 0 ? counter(rng) : 0);
  }
  a.v[5] = -10.0;  // at the cutoff
  a.refractory[6] = 1;
  a.refractory[7] = 2;
  a.input[9] = std::numeric_limits<double>::quiet_NaN();
  a.input[10] = std::numeric_limits<double>::infinity();
  a.v[11] = std::numeric_limits<double>::quiet_NaN();
  return a;
}

TEST(VectorSteps, NeuronsStepToTheBitsOfTheScalarRuleForEveryExponential) {
  for (SpikeExp kind : {SpikeExp::kExact, SpikeExp::kSchraudolph, SpikeExp::kNone}) {
    const IntegrateFireConstants c = eif_cell(kind);
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{13}, std::size_t{1000}}) {
      NeuronArrays vec = varied_neurons(std::max<std::size_t>(n, 12), static_cast<unsigned>(7 + n));
      NeuronArrays ref = vec;
      const std::size_t count = n == 0 ? 0 : vec.v.size();
      std::vector<double> scratch(count);
      std::vector<uint8_t> spiked(count, 7);
      for (int step = 0; step < 40; ++step) {
        step_neurons(c, kDt, vec.input.data(), vec.v.data(), vec.refractory.data(), count,
                     scratch.data(), spiked.data());
        for (std::size_t j = 0; j < count; ++j) {
          const bool expected =
              integrate_fire_step(c, kDt, ref.input[j], ref.v[j], ref.refractory[j]);
          ASSERT_EQ(spiked[j], expected ? 1 : 0) << "neuron " << j << " step " << step;
          ASSERT_TRUE(same_bits(vec.v[j], ref.v[j]))
              << "neuron " << j << " step " << step << ": " << vec.v[j] << " vs " << ref.v[j];
          ASSERT_EQ(vec.refractory[j], ref.refractory[j]) << "neuron " << j;
        }
      }
    }
  }
}

TEST(VectorSteps, ChannelsStepToTheBitsOfTheScalarRules) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> value(0.0, 3.0);
  std::poisson_distribution<uint32_t> spikes(0.7);
  for (SynapseKind kind : {SynapseKind::kSecondOrder, SynapseKind::kExponential}) {
    const SynapseConstants s = make_synapse_constants(kind, 1.0, 5.0);
    const double kick = synapse_kick(s, -12.5);
    const std::size_t n = 517;
    std::vector<double> current(n), derivative(n), input(n);
    std::vector<uint32_t> count(n);
    for (std::size_t j = 0; j < n; ++j) {
      current[j] = value(rng);
      derivative[j] = value(rng);
      input[j] = value(rng);
    }
    std::vector<double> ref_current = current, ref_derivative = derivative, ref_input = input;
    for (int step = 0; step < 20; ++step) {
      for (uint32_t& c : count) c = spikes(rng);
      count[2] = 70000;  // above 2^16
      std::vector<uint32_t> ref_count = count;
      const std::size_t begin = 3;  // a range that starts inside the arrays
      step_channel(s, kDt, kick, {current.data(), derivative.data(), count.data(), input.data()},
                   begin, n);
      for (std::size_t j = begin; j < n; ++j) {
        apply_spike_count(ref_derivative[j], ref_count[j], kick);
        synapse_step(s, kDt, ref_current[j], ref_derivative[j]);
        ref_input[j] += ref_current[j];
        ASSERT_TRUE(same_bits(current[j], ref_current[j])) << j;
        ASSERT_TRUE(same_bits(derivative[j], ref_derivative[j])) << j;
        ASSERT_TRUE(same_bits(input[j], ref_input[j])) << j;
        ASSERT_EQ(count[j], 0u);
      }
      for (std::size_t j = 0; j < begin; ++j) ASSERT_EQ(count[j], ref_count[j]);  // untouched
    }
  }
}

// Units in the last place of a float near `exact`.
double float_ulps(float value, double exact) {
  const float rounded = static_cast<float>(exact);
  const double ulp = std::nextafter(rounded, std::numeric_limits<float>::infinity()) - rounded;
  return std::abs(static_cast<double>(value) - exact) / ulp;
}

TEST(PolynomialExpf, IsWithinTwoUlpsOverItsRangeAndClampsOutsideIt) {
  double worst = 0;
  for (int k = 0; k <= 2000000; ++k) {
    const float x = static_cast<float>(-87.0 + 175.0 * k / 2000000.0);
    worst = std::max(worst, float_ulps(polynomial_expf(x), std::exp(static_cast<double>(x))));
  }
  EXPECT_LE(worst, 2.0);
  EXPECT_GT(worst, 0.0);  // it is an approximation: the check above can fail
  EXPECT_EQ(polynomial_expf(0.0f), 1.0f);
  EXPECT_EQ(polynomial_expf(-200.0f), polynomial_expf(-87.0f));
  EXPECT_EQ(polynomial_expf(1e6f), polynomial_expf(88.0f));
  EXPECT_TRUE(std::isfinite(polynomial_expf(88.0f)));
  EXPECT_TRUE(std::isnan(polynomial_expf(std::numeric_limits<float>::quiet_NaN())));
}

// The float32 steps are the same formulas in float: a scalar float evaluation of them, written
// out here, gives the same bits (the vectorised loops reorder nothing).
TEST(VectorSteps, Float32NeuronsStepAsTheScalarFloatFormulas) {
  const IntegrateFireConstants c = eif_cell(SpikeExp::kExact);
  const NeuronArrays a = varied_neurons(203, 11);
  std::vector<float> input(a.input.begin(), a.input.end()), v(a.v.begin(), a.v.end());
  std::vector<int32_t> refractory = a.refractory;
  std::vector<float> ref_v = v;
  std::vector<int32_t> ref_refractory = refractory;
  std::vector<float> scratch(v.size());
  std::vector<uint8_t> spiked(v.size());
  const auto f = [](double x) { return static_cast<float>(x); };
  for (int step = 0; step < 30; ++step) {
    step_neurons(c, kDt, input.data(), v.data(), refractory.data(), v.size(), scratch.data(),
                 spiked.data());
    for (std::size_t j = 0; j < v.size(); ++j) {
      float& vj = ref_v[j];
      int32_t& rj = ref_refractory[j];
      const float e = polynomial_expf((vj - f(c.V_T)) * f(c.inv_Delta_T));
      bool spike = false;
      if (rj <= 0) {
        float drive = (input[j] + f(c.I_ext)) - f(c.g_L) * (vj - f(c.E_L));
        drive += f(c.g_L * c.Delta_T) * e;
        const float s = drive * f(kDt) * f(c.inv_C);
        const float to_floor = f(c.V_floor) - vj;
        vj += s > to_floor ? s : to_floor;
      } else {
        vj = rj > 1 ? f(c.V_cut) : f(c.V_reset);
        --rj;
      }
      if (vj >= f(c.V_cut) && rj <= 0) {
        vj = f(c.V_cut);
        rj = c.refractory_steps;
        spike = true;
      }
      ASSERT_EQ(spiked[j], spike ? 1 : 0) << j;
      ASSERT_EQ(std::memcmp(&v[j], &vj, sizeof vj), 0) << j << ": " << v[j] << " vs " << vj;
      ASSERT_EQ(refractory[j], rj) << j;
    }
  }
}

TEST(VectorSteps, CountsMergeAndSpikesAreListedInOrder) {
  std::vector<uint32_t> count = {1, 2, 3, 4, 5}, extra = {10, 20, 30, 40, 50};
  merge_counts(count.data(), extra.data(), 1, 4);
  EXPECT_EQ(count, (std::vector<uint32_t>{1, 22, 33, 44, 5}));
  EXPECT_EQ(extra, (std::vector<uint32_t>{10, 0, 0, 0, 50}));

  std::vector<uint8_t> spiked(37, 0);
  for (std::size_t j : {0, 7, 8, 15, 16, 31, 32, 36}) spiked[j] = 1;
  std::vector<uint32_t> out = {99};
  append_spikes(spiked.data(), spiked.size(), 100, out);
  EXPECT_EQ(out, (std::vector<uint32_t>{99, 100, 107, 108, 115, 116, 131, 132, 136}));
  append_spikes(spiked.data(), 0, 0, out);
  EXPECT_EQ(out.size(), 9u);
}

}  // namespace
}  // namespace spikefit::engine
