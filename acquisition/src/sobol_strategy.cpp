#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/acquisition/sobol.hpp"

namespace spikefit::acquisition {

namespace {

// Each proposal is a fresh scrambled sequence keyed by the request's seed, so a proposal
// depends on its seed alone (what a resumed study needs).
class SobolStrategy final : public BatchStrategy {
 public:
  explicit SobolStrategy(int64_t dims) : dims_(dims) {}
  std::string name() const override { return "sobol"; }
  Proposal propose(const ModelSet& /*models*/, const ProposeRequest& request) override {
    SobolSequence sequence(static_cast<int>(dims_), /*scramble=*/true, request.seed);
    const auto points = sequence.next(static_cast<std::size_t>(request.q));
    Proposal p;
    p.x = at::empty({request.q, dims_}, at::kDouble);
    auto a = p.x.accessor<double, 2>();
    for (int64_t i = 0; i < request.q; ++i) {
      for (int64_t j = 0; j < dims_; ++j) a[i][j] = points[i][j];
    }
    p.source.assign(request.q, ProposalSource::kSobol);
    return p;
  }

 private:
  int64_t dims_;
};

}  // namespace

std::unique_ptr<BatchStrategy> make_sobol_strategy(int64_t dims) {
  return std::make_unique<SobolStrategy>(dims);
}

}  // namespace spikefit::acquisition
