#include <algorithm>
#include <cmath>

#include "batch_parts.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/optimizer.hpp"

namespace spikefit::acquisition {

void add_feasibility_first(BatchBuilder& batch, const ModelSet& models, int64_t count,
                           const StrategyOptions& options, uint64_t seed) {
  const int64_t target = batch.size() + std::min(count, batch.remaining());
  if (models.feasibility != nullptr) {
    const int64_t sobol = static_cast<int64_t>(
        std::floor(options.feasibility_sobol_share * static_cast<double>(count)));
    const int64_t wanted = std::max<int64_t>(1, count - sobol);
    OptimizerOptions o = options.optimizer;
    o.restarts = std::max(o.restarts, wanted);
    o.raw_samples = std::max(o.raw_samples, 4 * o.restarts);
    o.seed = derive_seed(seed, 0);
    const at::Tensor lower = at::zeros({batch.dims()}, at::kDouble);
    const at::Tensor upper = at::ones({batch.dims()}, at::kDouble);
    const OptimizerResult r =
        optimize_acquisition(log_pf_function(*models.feasibility), lower, upper, o);
    const int64_t stop = std::min(target, batch.size() + wanted);
    for (int64_t i = 0; i < r.x.size(0) && batch.size() < stop; ++i) {
      batch.try_add(r.x[i], ProposalSource::kFeasibility);
    }
  }
  batch.fill(target, ProposalSource::kSobol, derive_seed(seed, 1));
}

}  // namespace spikefit::acquisition
