#pragma once

#include <ATen/ATen.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace spikefit::emulator {

// The model classes of an emulator; names "gp", "sparse-gp", "mlp", "ensemble".
//   kGp:       one exact GP per output (surrogate::ExactGp: Matern-5/2 ARD, learned noise, MAP)
//   kSparseGp: one SGPR per output (Titsias 2009 collapsed bound, M inducing points)
//   kMlp:      an MLP with a heteroscedastic Gaussian head (mean and variance per output)
//   kEnsemble: a deep ensemble of such MLPs (Lakshminarayanan et al. 2017)
enum class EmulatorKind { kGp, kSparseGp, kMlp, kEnsemble };

// Throws std::invalid_argument naming the valid names.
EmulatorKind parse_emulator_kind(const std::string& name);
const char* to_string(EmulatorKind kind);

struct EmulatorPrediction {
  at::Tensor mean;      // [n x m] predictive mean, in the units of the training outputs
  at::Tensor variance;  // [n x m] predictive variance of ONE new observation (epistemic + noise)
};

struct EmulatorTrainOptions {
  EmulatorKind kind = EmulatorKind::kEnsemble;
  uint64_t seed = 1;
  double validation_fraction = 0.15;  // early-stopping split (MLP/ensemble), from the training data
  int max_epochs = 200;
  int patience = 20;  // epochs without validation improvement before stopping; <= 0: never stop
  int batch_size = 128;
  double learning_rate = 1e-3;
  double weight_decay = 0.0;
  int hidden_layers = 3;
  int hidden_width = 64;
  int ensemble_members = 5;
  int inducing_points = 256;  // sparse GP
  int threads = 0;            // LibTorch intra-op threads while training (<= 0: leave alone)
  // Additions to the brief's interface:
  // MLP/ensemble training loss: the beta-NLL (Seitzer et al. 2022), each value's Gaussian NLL
  // weighted by its predicted variance^beta (held constant). 0 is the plain NLL, which on small
  // data sets tends to stall on "all noise" (a large variance, a flat mean) until early stopping
  // ends it; 1 learns the mean as least squares would and the variance as the NLL does.
  double nll_beta = 1.0;
  int sparse_gp_iterations = 100;  // L-BFGS iterations on the SGPR bound, per output
  int gp_max_fit_points = 1000;    // exact and sparse GP: hyperparameters (the sparse GP's start)
                                   // are fitted on a seeded subset of at most this many points
};

struct EmulatorTrainReport {
  double seconds = 0.0;  // whole training
  // From the start of train_emulator to the end of the first optimiser step: MLP/ensemble the
  // first Adam step; sparse GP the first evaluation of the bound's gradient; exact GP (whose
  // L-BFGS runs inside surrogate::ExactGp::fit) the end of the first output's fit.
  double first_step_seconds = 0.0;
  int epochs = 0;  // MLP/ensemble: epochs run (max over members); GP: 0
  // MLP/ensemble: mean Gaussian NLL per value (with its 0.5 log(2 pi)) on the validation split, in
  // standardised output units, of the best epoch (mean over members); NaN without a split or for
  // GPs.
  double best_validation_loss = NAN;
};

class Emulator {
 public:
  virtual ~Emulator() = default;
  virtual EmulatorKind kind() const = 0;
  virtual int64_t input_dims() const = 0;
  virtual int64_t output_dims() const = 0;
  // x [n x d] float64 in the unit cube -> predictive mean/variance [n x m] float64. Throws
  // std::invalid_argument when x is not [n x input_dims()].
  virtual EmulatorPrediction predict(const at::Tensor& x) const = 0;
};

// x [n x d] float64 in [0,1]^d; y [n x m] float64, finite (callers drop rows with NaN). Outputs are
// standardised inside (and the inputs used as given). Deterministic for a given seed and thread
// count on the CPU; the global LibTorch random state is neither used nor changed. Throws
// std::invalid_argument for shapes that disagree, values of y that are not finite, x outside the
// unit cube (by more than 1e-6) and options out of range.
std::unique_ptr<Emulator> train_emulator(const at::Tensor& x, const at::Tensor& y,
                                         const EmulatorTrainOptions& options,
                                         EmulatorTrainReport* report = nullptr);

// One file holds the emulator (its kind, weights/hyperparameters/training data as needed, the
// output standardisation) and a caller's JSON metadata (the experiments layer stores parameter
// names/bounds, output names, dataset hash there). The file: a header line naming the format and
// version, the FNV-1a checksum of the payload, then the payload (CBOR; numbers stored exactly, so
// a loaded emulator predicts bit for bit what the saved one did). Errors (missing file, not an
// emulator file, damaged) throw std::runtime_error naming the path; save_emulator throws
// std::invalid_argument for an emulator that train_emulator/load_emulator did not make.
void save_emulator(const Emulator& emulator, const nlohmann::json& metadata,
                   const std::string& path);
struct LoadedEmulator {
  std::unique_ptr<Emulator> emulator;
  nlohmann::json metadata;
};
LoadedEmulator load_emulator(const std::string& path);

}  // namespace spikefit::emulator
