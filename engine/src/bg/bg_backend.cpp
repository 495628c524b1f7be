#include "spikefit/engine/bg/bg_backend.hpp"

#include <cstdio>
#include <stdexcept>

namespace spikefit::engine::bg {

namespace {

// `auto` with a device: the CUDA backend, and the CPU from the first run on which it fails.
class FallbackBgEnsemble final : public BgEnsemble {
 public:
  explicit FallbackBgEnsemble(std::unique_ptr<BgEnsemble> cuda)
      : cuda_(std::move(cuda)), cpu_(make_cpu_bg_ensemble()) {}

  std::string backend_name() const override {
    return failed_ ? cpu_->backend_name() : cuda_->backend_name();
  }

  std::vector<BgTrialRecording> run(const std::vector<BgTrialInput>& trials,
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
  std::unique_ptr<BgEnsemble> cuda_;
  std::unique_ptr<BgEnsemble> cpu_;
  bool failed_ = false;
};

}  // namespace

#if !defined(SPIKEFIT_WITH_CUDA)
std::unique_ptr<BgEnsemble> make_cuda_bg_ensemble() {
  throw std::runtime_error("the CUDA backend is not compiled in");
}
#endif

SelectedBgBackend make_bg_ensemble(BackendChoice choice) {
  SelectedBgBackend selected;
  if (choice == BackendChoice::kCpu) {
    selected.ensemble = make_cpu_bg_ensemble();
    return selected;
  }
  const CudaDeviceStatus status = cuda_device_status();
  if (!status.usable) {
    if (choice == BackendChoice::kCuda) {
      throw std::runtime_error("--backend cuda: the CUDA backend cannot run: " + status.reason);
    }
    selected.ensemble = make_cpu_bg_ensemble();
    selected.warning = "CUDA backend unavailable (" + status.reason + "); running on the CPU";
    return selected;
  }
  if (choice == BackendChoice::kCuda) {
    selected.ensemble = make_cuda_bg_ensemble();
  } else {
    selected.ensemble = std::make_unique<FallbackBgEnsemble>(make_cuda_bg_ensemble());
  }
  return selected;
}

}  // namespace spikefit::engine::bg
