#include "spikefit/acquisition/proposal_source.hpp"

namespace spikefit::acquisition {

const char* to_string(ProposalSource source) {
  switch (source) {
    case ProposalSource::kSobol:
      return "sobol";
    case ProposalSource::kFeasibility:
      return "feasibility";
    case ProposalSource::kThompson:
      return "thompson";
    case ProposalSource::kGreedy:
      return "greedy";
    case ProposalSource::kTrustRegion:
      return "trust_region";
    case ProposalSource::kReplicate:
      return "replicate";
  }
  return "unknown";
}

}  // namespace spikefit::acquisition
