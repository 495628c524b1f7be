#include "spikefit/engine/backend.hpp"

#include <cstdio>
#include <stdexcept>

#include "spikefit/base/enum_names.hpp"
#include "spikefit/engine/cuda_ensemble.hpp"

#if defined(SPIKEFIT_WITH_CUDA)
#include "cuda/device_info.hpp"
#endif

namespace spikefit::engine {

namespace {

constexpr base::EnumNames<BackendChoice, 3> kChoiceNames{
    {{BackendChoice::kAuto, "auto"}, {BackendChoice::kCpu, "cpu"}, {BackendChoice::kCuda, "cuda"}}};

}  // namespace

BackendChoice parse_backend_choice(const std::string& text) {
  if (const auto choice = kChoiceNames.find(text)) return *choice;
  throw std::invalid_argument("unknown backend '" + text + "' (expected auto, cpu or cuda)");
}

const char* to_string(BackendChoice choice) {
  return kChoiceNames.name(choice);
}

CudaDeviceStatus cuda_device_status() {
#if defined(SPIKEFIT_WITH_CUDA)
  return cuda::probe_device();
#else
  CudaDeviceStatus status;
  status.reason = "the CUDA backend is not compiled in";
  return status;
#endif
}

#if !defined(SPIKEFIT_WITH_CUDA)
std::unique_ptr<Ensemble> make_cuda_ensemble(const CudaOptions&) {
  throw std::runtime_error("the CUDA backend is not compiled in");
}
#endif

namespace {

// `auto` with a device: the CUDA backend, and the CPU backend from the first run on which the
// CUDA backend fails (a driver error, memory that splitting cannot fix, a network it cannot run).
class FallbackEnsemble final : public Ensemble {
 public:
  explicit FallbackEnsemble(std::unique_ptr<Ensemble> cuda)
      : cuda_(std::move(cuda)), cpu_(make_cpu_ensemble()) {}

  std::string backend_name() const override { return active().backend_name(); }
  std::string device_name() const override { return active().device_name(); }

  std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                  const RunOptions& options) override {
    if (!failed_) {
      try {
        return cuda_->run(trials, options);
      } catch (const std::exception& e) {
        std::fprintf(stderr,
                     "spikefit: warning: the CUDA backend failed (%s); running on the CPU\n",
                     e.what());
        failed_ = true;
      }
    }
    return cpu_->run(trials, options);
  }

 private:
  const Ensemble& active() const { return failed_ ? *cpu_ : *cuda_; }

  std::unique_ptr<Ensemble> cuda_;
  std::unique_ptr<Ensemble> cpu_;
  bool failed_ = false;
};

}  // namespace

SelectedBackend make_ensemble(BackendChoice choice) {
  SelectedBackend selected;
  if (choice == BackendChoice::kCpu) {
    selected.ensemble = make_cpu_ensemble();
    return selected;
  }
  const CudaDeviceStatus status = cuda_device_status();
  if (!status.usable) {
    if (choice == BackendChoice::kCuda) {
      throw std::runtime_error("--backend cuda: the CUDA backend cannot run: " + status.reason);
    }
    selected.ensemble = make_cpu_ensemble();
    selected.warning = "CUDA backend unavailable (" + status.reason + "); running on the CPU";
    return selected;
  }
  if (choice == BackendChoice::kCuda) {
    selected.ensemble = make_cuda_ensemble();
  } else {
    try {
      selected.ensemble = std::make_unique<FallbackEnsemble>(make_cuda_ensemble());
    } catch (const std::exception& e) {
      selected.ensemble = make_cpu_ensemble();
      selected.warning =
          std::string("CUDA backend failed to start (") + e.what() + "); running on the CPU";
    }
  }
  return selected;
}

}  // namespace spikefit::engine
