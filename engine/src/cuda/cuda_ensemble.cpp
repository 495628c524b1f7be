// The CUDA backend of every model: groups a batch by model and runs each group on the model's
// registered runner, made on first use.
#include <cuda_runtime.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/check_cuda.hpp"
#include "cuda/device_info.hpp"
#include "cuda/model_runner.hpp"
#include "spikefit/engine/cuda_ensemble.hpp"

namespace spikefit::engine {

namespace cuda {

void check_options(const CudaOptions& options) {
  if (options.block_size < 32 || options.block_size > 1024 || options.block_size % 32 != 0) {
    throw std::invalid_argument("CUDA block size must be a multiple of 32 in [32, 1024], got " +
                                std::to_string(options.block_size));
  }
  if (options.streams < 1) throw std::invalid_argument("CUDA streams must be >= 1");
}

}  // namespace cuda

namespace {

class CudaEnsemble final : public Ensemble {
 public:
  explicit CudaEnsemble(const CudaOptions& options) : options_(options) {
    cuda::check_options(options);
    const CudaDeviceStatus status = cuda::probe_device();
    if (!status.usable) throw std::runtime_error(status.reason);
    device_name_ = status.device;
  }

  std::string backend_name() const override { return "cuda"; }
  std::string device_name() const override { return device_name_; }

  std::vector<TrialRecording> run(const std::vector<TrialInput>& trials,
                                  const RunOptions& options) override {
    cuda::check_cuda(cudaSetDevice(0), "selecting device 0");
    std::vector<TrialRecording> out(trials.size());
    std::size_t done_before = 0;
    for (const auto& [model, indices] : group_by_model(trials)) {
      std::vector<TrialInput> group;
      group.reserve(indices.size());
      for (std::size_t k : indices) group.push_back(trials[k]);
      RunOptions group_options = options;
      if (options.on_trial_done) {
        group_options.on_trial_done = [&options, done_before, total = trials.size()](
                                          std::size_t done, std::size_t) {
          options.on_trial_done(done_before + done, total);
        };
      }
      std::vector<TrialRecording> recordings = runner(model).run(group, group_options);
      for (std::size_t g = 0; g < indices.size(); ++g) out[indices[g]] = std::move(recordings[g]);
      done_before += indices.size();
    }
    return out;
  }

 private:
  // Trial indices per model, models in order of their first trial.
  static std::vector<std::pair<std::string, std::vector<std::size_t>>> group_by_model(
      const std::vector<TrialInput>& trials) {
    std::vector<std::pair<std::string, std::vector<std::size_t>>> groups;
    for (std::size_t k = 0; k < trials.size(); ++k) {
      const std::string model = trials[k].network->model();
      auto it = groups.begin();
      while (it != groups.end() && it->first != model) ++it;
      if (it == groups.end()) it = groups.insert(groups.end(), {model, {}});
      it->second.push_back(k);
    }
    return groups;
  }

  cuda::ModelRunner& runner(const std::string& model) {
    std::unique_ptr<cuda::ModelRunner>& runner = runners_[model];
    if (!runner) {
      const cuda::RunnerFactory make = cuda::find_runner_factory(model);
      if (make == nullptr) {
        throw std::runtime_error("the CUDA backend has no runner for " + model + " networks");
      }
      runner = make(options_);
    }
    return *runner;
  }

  CudaOptions options_;
  std::string device_name_;
  std::map<std::string, std::unique_ptr<cuda::ModelRunner>> runners_;
};

}  // namespace

std::unique_ptr<Ensemble> make_cuda_ensemble(const CudaOptions& options) {
  return std::make_unique<CudaEnsemble>(options);
}

}  // namespace spikefit::engine
