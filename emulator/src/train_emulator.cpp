#include <ATen/Parallel.h>

#include <stdexcept>
#include <string>

#include "gp_emulator.hpp"
#include "input_checks.hpp"
#include "mlp_ensemble_emulator.hpp"
#include "output_scaling.hpp"
#include "sparse_gp_emulator.hpp"
#include "spikefit/emulator/emulator.hpp"
#include "training_clock.hpp"

namespace spikefit::emulator {

namespace {

void require(bool condition, const std::string& what) {
  if (!condition) throw std::invalid_argument("train_emulator: " + what);
}

void check_options(const EmulatorTrainOptions& o) {
  require(o.validation_fraction >= 0.0 && o.validation_fraction < 1.0,
          "validation_fraction must lie in [0, 1)");
  require(o.max_epochs >= 1, "max_epochs must be at least 1");
  require(o.batch_size >= 1, "batch_size must be at least 1");
  require(o.learning_rate > 0.0, "learning_rate must be positive");
  require(o.weight_decay >= 0.0, "weight_decay must be non-negative");
  require(o.hidden_layers >= 1 && o.hidden_width >= 1,
          "hidden_layers and hidden_width must be at least 1");
  require(o.ensemble_members >= 1, "ensemble_members must be at least 1");
  require(o.inducing_points >= 1, "inducing_points must be at least 1");
  require(o.nll_beta >= 0.0 && o.nll_beta <= 1.0, "nll_beta must lie in [0, 1]");
  require(o.sparse_gp_iterations >= 0, "sparse_gp_iterations must be non-negative");
}

// LibTorch's intra-op thread count while training, restored after; count <= 0 leaves it alone.
class IntraOpThreads {
 public:
  explicit IntraOpThreads(int count) : previous_(count > 0 ? at::get_num_threads() : 0) {
    if (count > 0) at::set_num_threads(count);
  }
  ~IntraOpThreads() {
    if (previous_ > 0) at::set_num_threads(previous_);
  }
  IntraOpThreads(const IntraOpThreads&) = delete;
  IntraOpThreads& operator=(const IntraOpThreads&) = delete;

 private:
  int previous_;
};

}  // namespace

std::unique_ptr<Emulator> train_emulator(const at::Tensor& x, const at::Tensor& y,
                                         const EmulatorTrainOptions& options,
                                         EmulatorTrainReport* report) {
  TrainingClock clock;
  check_options(options);
  const at::Tensor x64 = checked_unit_inputs(x, "train_emulator");
  const at::Tensor y64 = checked_outputs(y, x64.size(0), "train_emulator");
  require(x64.size(0) >= 2,
          "at least 2 training rows are needed, not " + std::to_string(x64.size(0)));
  IntraOpThreads threads(options.threads);
  OutputScaling scaling = OutputScaling::fit(y64);
  const at::Tensor standardised = scaling.apply(y64);

  std::unique_ptr<Emulator> emulator;
  EmulatorTrainReport r;
  switch (options.kind) {
    case EmulatorKind::kGp:
      emulator = GpEmulator::train(x64, standardised, std::move(scaling), options, clock);
      break;
    case EmulatorKind::kSparseGp:
      emulator = SparseGpEmulator::train(x64, standardised, std::move(scaling), options, clock);
      break;
    case EmulatorKind::kMlp:
    case EmulatorKind::kEnsemble: {
      MlpEnsembleEmulator::TrainingSummary summary;
      emulator = MlpEnsembleEmulator::train(x64, standardised, std::move(scaling), options, clock,
                                            summary);
      r.epochs = summary.epochs;
      r.best_validation_loss = summary.best_validation_loss;
      break;
    }
  }
  r.seconds = clock.elapsed();
  r.first_step_seconds = clock.first_step_seconds();
  if (report) *report = r;
  return emulator;
}

}  // namespace spikefit::emulator
