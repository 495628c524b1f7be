// Emulator training costs on this CPU (issue 17): for each kind, on n synthetic training points
// (d = 8 inputs in the unit cube, m = 5 outputs with heteroscedastic noise), the training time,
// the time to the end of the first optimiser step, the prediction time for 10^4 points and the
// held-out R^2 (mean over outputs, and the lowest) on those 10^4 points.
//
//   spikefit_bench_emulator [n] [--kinds gp,sparse-gp,mlp,ensemble] [--threads T]
//                           [--patience P] [--gp-max-n N]
//
// n defaults to 10^4. The MLP and the ensemble run all 200 epochs unless --patience is given
// (the goal: 5 MLPs on 10^4 points for 200 epochs in <= 2 min on 2 cores). The exact GP is
// O(n^3): it trains on the first --gp-max-n rows (default 2000), said in its line.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "spikefit/emulator/emulator.hpp"
#include "spikefit/emulator/prediction_metrics.hpp"

namespace {

using namespace spikefit::emulator;

constexpr int64_t kDims = 8;
constexpr int64_t kTestPoints = 10000;

// x [n x 8] uniform, y [n x 5]: smooth, periodic, linear, sigmoidal and mixed outputs, each with
// noise whose sd grows along one input.
std::pair<at::Tensor, at::Tensor> synthetic_data(int64_t n, uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const auto options = at::TensorOptions().dtype(at::kDouble);
  const at::Tensor x = at::rand({n, kDims}, generator, options);
  const auto c = [&](int64_t k) { return x.select(1, k); };
  const at::Tensor clean = at::stack({at::sin(2 * M_PI * c(0)) + c(1).square() + 0.5 * c(2) * c(3),
                                      c(2).exp() + at::cos(M_PI * c(4)), x.sum(1) / 4.0,
                                      at::tanh(4.0 * (c(5) - 0.5)) + c(6) * c(7),
                                      4.0 * (c(0) - 0.5).square() + at::sin(3.0 * c(7))},
                                     1);
  const at::Tensor noise_sd = 0.02 + 0.1 * x.slice(1, 3, 8);
  return {x, clean + noise_sd * at::randn({n, 5}, generator, options)};
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t n = 10000;
  std::string kinds = "gp,sparse-gp,mlp,ensemble";
  int threads = 0;
  int patience = 0;
  int64_t gp_max_n = 2000;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--kinds" && has_value) {
      kinds = argv[++i];
    } else if (arg == "--threads" && has_value) {
      threads = std::atoi(argv[++i]);
    } else if (arg == "--patience" && has_value) {
      patience = std::atoi(argv[++i]);
    } else if (arg == "--gp-max-n" && has_value) {
      gp_max_n = std::atoll(argv[++i]);
    } else if (arg[0] != '-') {
      n = std::atoll(arg.c_str());
    } else {
      std::fprintf(stderr,
                   "usage: %s [n] [--kinds K,...] [--threads T] [--patience P] "
                   "[--gp-max-n N]\n",
                   argv[0]);
      return 2;
    }
  }
  const auto [x, y] = synthetic_data(n, 1);
  const auto [test_x, test_y] = synthetic_data(kTestPoints, 2);
  std::printf("n = %lld, d = %lld, m = 5, test points %lld, LibTorch intra-op threads %d%s\n",
              static_cast<long long>(n), static_cast<long long>(kDims),
              static_cast<long long>(kTestPoints), threads > 0 ? threads : at::get_num_threads(),
              threads > 0 ? "" : " (default)");
  std::printf("%-10s %7s %10s %11s %8s %12s %9s %9s %9s\n", "kind", "n", "train_s", "first_step_s",
              "epochs", "predict_s", "mean_R2", "min_R2", "mean_cov90");
  std::istringstream kind_list(kinds);
  std::string name;
  while (std::getline(kind_list, name, ',')) {
    EmulatorTrainOptions options;
    options.kind = parse_emulator_kind(name);
    options.threads = threads;
    options.patience = patience;
    const int64_t rows = options.kind == EmulatorKind::kGp ? std::min(n, gp_max_n) : n;
    EmulatorTrainReport report;
    const auto emulator =
        train_emulator(x.slice(0, 0, rows), y.slice(0, 0, rows), options, &report);
    const auto start = std::chrono::steady_clock::now();
    const EmulatorPrediction prediction = emulator->predict(test_x);
    const double predict_seconds = seconds_since(start);
    const std::vector<OutputMetrics> metrics = prediction_metrics(test_y, prediction);
    double mean_r2 = 0.0, min_r2 = 1.0, mean_coverage = 0.0;
    for (const auto& m : metrics) {
      mean_r2 += m.r2 / static_cast<double>(metrics.size());
      min_r2 = std::min(min_r2, m.r2);
      mean_coverage += m.coverage90 / static_cast<double>(metrics.size());
    }
    std::printf("%-10s %7lld %10.2f %11.3f %8d %12.3f %9.4f %9.4f %9.3f\n", name.c_str(),
                static_cast<long long>(rows), report.seconds, report.first_step_seconds,
                report.epochs, predict_seconds, mean_r2, min_r2, mean_coverage);
    std::fflush(stdout);
  }
  return 0;
}
