#include "spikefit/experiments/evaluation/test_functions.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace spikefit::experiments {

namespace {

constexpr double kPi = 3.14159265358979323846;

void require_dims(const std::vector<double>& x, std::size_t dims, const char* function) {
  if (x.size() != dims) {
    throw std::invalid_argument(std::string(function) + ": expected " + std::to_string(dims) +
                                " coordinates, got " + std::to_string(x.size()));
  }
}

}  // namespace

double branin(const std::vector<double>& x) {
  require_dims(x, 2, "branin");
  const double b = 5.1 / (4.0 * kPi * kPi), c = 5.0 / kPi, t = 1.0 / (8.0 * kPi);
  const double u = x[1] - b * x[0] * x[0] + c * x[0] - 6.0;
  return u * u + 10.0 * (1.0 - t) * std::cos(x[0]) + 10.0;
}

double hartmann6(const std::vector<double>& x) {
  require_dims(x, 6, "hartmann6");
  static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  static const double a[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                 {0.05, 10, 17, 0.1, 8, 14},
                                 {3, 3.5, 1.7, 10, 17, 8},
                                 {17, 8, 0.05, 10, 0.1, 14}};
  static const double p[4][6] = {{1312, 1696, 5569, 124, 8283, 5886},
                                 {2329, 4135, 8307, 3736, 1004, 9991},
                                 {2348, 1451, 3522, 2883, 3047, 6650},
                                 {4047, 8828, 8732, 5743, 1091, 381}};
  double value = 0.0;
  for (int i = 0; i < 4; ++i) {
    double exponent = 0.0;
    for (int j = 0; j < 6; ++j) {
      const double diff = x[j] - 1e-4 * p[i][j];
      exponent += a[i][j] * diff * diff;
    }
    value -= alpha[i] * std::exp(-exponent);
  }
  return value;
}

double ackley(const std::vector<double>& x) {
  if (x.empty()) throw std::invalid_argument("ackley: needs at least one coordinate");
  const double d = static_cast<double>(x.size());
  double squares = 0.0, cosines = 0.0;
  for (double xi : x) {
    squares += xi * xi;
    cosines += std::cos(2.0 * kPi * xi);
  }
  return -20.0 * std::exp(-0.2 * std::sqrt(squares / d)) - std::exp(cosines / d) + 20.0 +
         std::exp(1.0);
}

std::vector<double> branin_currin(const std::vector<double>& x) {
  require_dims(x, 2, "branin_currin");
  const double branin_value = branin({15.0 * x[0] - 5.0, 15.0 * x[1]});
  // 1 - exp(-1 / (2 x2)) -> 1 as x2 -> 0 (exp(-inf) = 0).
  const double factor = 1.0 - std::exp(-1.0 / (2.0 * x[1]));
  const double x0 = x[0];
  const double numerator = ((2300.0 * x0 + 1900.0) * x0 + 2092.0) * x0 + 60.0;
  const double denominator = ((100.0 * x0 + 500.0) * x0 + 4.0) * x0 + 20.0;
  return {branin_value, factor * numerator / denominator};
}

std::vector<double> zdt1(const std::vector<double>& x) {
  if (x.size() < 2) throw std::invalid_argument("zdt1: needs at least two coordinates");
  const double tail = std::accumulate(x.begin() + 1, x.end(), 0.0);
  const double g = 1.0 + 9.0 * tail / static_cast<double>(x.size() - 1);
  return {x[0], g * (1.0 - std::sqrt(x[0] / g))};
}

std::vector<double> dtlz2(const std::vector<double>& x, int objectives) {
  const auto m = static_cast<std::size_t>(objectives);
  if (objectives < 2 || x.size() < m) {
    throw std::invalid_argument(
        "dtlz2: needs 2 or more objectives and at least as many coordinates");
  }
  double g = 0.0;
  for (std::size_t i = m - 1; i < x.size(); ++i) g += (x[i] - 0.5) * (x[i] - 0.5);
  std::vector<double> f(m);
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t last = m - 1 - j;  // cosines of x[0..last), then the sine of x[last]
    double v = 1.0 + g;
    for (std::size_t i = 0; i < last; ++i) v *= std::cos(x[i] * kPi / 2);
    if (j > 0) v *= std::sin(x[last] * kPi / 2);
    f[j] = v;
  }
  return f;
}

std::vector<std::string> test_function_names() {
  return {"branin",        "hartmann6", "ackley", "constrained_hartmann6",
          "branin_currin", "zdt1",      "dtlz2"};
}

TestFunction make_test_function(const std::string& name, int dims) {
  auto fixed = [&](int expected) {
    if (dims != 0 && dims != expected) {
      throw std::invalid_argument(name + " has " + std::to_string(expected) +
                                  " dimensions; --dims " + std::to_string(dims) + " given");
    }
    return expected;
  };
  if (dims < 0) throw std::invalid_argument("dims must be positive, got " + std::to_string(dims));
  TestFunction f;
  f.name = name;
  if (name == "branin") {
    fixed(2);
    f.lower = {-5.0, 0.0};
    f.upper = {10.0, 15.0};
    f.optimal_value = 0.397887357729738;
    f.minimizers = {{-kPi, 12.275}, {kPi, 2.275}, {9.42478, 2.475}};
    f.evaluate = [](const std::vector<double>& x) { return Outcome{{branin(x)}, true}; };
  } else if (name == "hartmann6" || name == "constrained_hartmann6") {
    fixed(6);
    f.lower.assign(6, 0.0);
    f.upper.assign(6, 1.0);
    f.optimal_value = -3.32236801141551;
    // sum = 2.07 <= 3: the unconstrained minimiser is feasible.
    f.minimizers = {{0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}};
    if (name == "hartmann6") {
      f.evaluate = [](const std::vector<double>& x) { return Outcome{{hartmann6(x)}, true}; };
    } else {
      f.constrained = true;
      f.evaluate = [](const std::vector<double>& x) {
        const double l1 = std::accumulate(x.begin(), x.end(), 0.0);
        return Outcome{{hartmann6(x)}, l1 <= 3.0};
      };
    }
  } else if (name == "ackley") {
    const int d = dims == 0 ? 10 : dims;
    f.lower.assign(d, -5.0);
    f.upper.assign(d, 10.0);
    f.optimal_value = 0.0;
    f.minimizers = {std::vector<double>(d, 0.0)};
    f.evaluate = [](const std::vector<double>& x) { return Outcome{{ackley(x)}, true}; };
  } else if (name == "branin_currin") {
    fixed(2);
    f.lower.assign(2, 0.0);
    f.upper.assign(2, 1.0);
    f.objectives = 2;
    f.reference_point = {18.0, 6.0};
    f.max_hypervolume = 59.36011874867746;  // BoTorch's value (NSGA-II approximation)
    f.evaluate = [](const std::vector<double>& x) { return Outcome{branin_currin(x), true}; };
  } else if (name == "zdt1") {
    const int d = dims == 0 ? 6 : dims;
    if (d < 2) throw std::invalid_argument("zdt1 needs at least 2 dimensions");
    f.lower.assign(d, 0.0);
    f.upper.assign(d, 1.0);
    f.objectives = 2;
    f.reference_point = {11.0, 11.0};
    f.max_hypervolume = 120.0 + 2.0 / 3.0;  // front f2 = 1 - sqrt(f1), f1 in [0, 1]
    f.evaluate = [](const std::vector<double>& x) { return Outcome{zdt1(x), true}; };
  } else if (name == "dtlz2") {
    const int d = dims == 0 ? 6 : dims;
    if (d < 3) throw std::invalid_argument("dtlz2 (3 objectives) needs at least 3 dimensions");
    f.lower.assign(d, 0.0);
    f.upper.assign(d, 1.0);
    f.objectives = 3;
    f.reference_point = {1.1, 1.1, 1.1};
    // the front is the unit sphere's positive octant: the box minus the ball's octant, pi / 6
    f.max_hypervolume = 1.1 * 1.1 * 1.1 - kPi / 6;
    f.evaluate = [](const std::vector<double>& x) { return Outcome{dtlz2(x, 3), true}; };
  } else {
    std::string known;
    for (const auto& n : test_function_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown test function '" + name + "' (known: " + known + ")");
  }
  return f;
}

}  // namespace spikefit::experiments
