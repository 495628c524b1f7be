#include "spikefit/acquisition/proposal_source.hpp"

#include "spikefit/base/enum_names.hpp"

namespace spikefit::acquisition {

namespace {

constexpr base::EnumNames<ProposalSource, 8> kSourceNames{
    {{ProposalSource::kSobol, "sobol"},
     {ProposalSource::kFeasibility, "feasibility"},
     {ProposalSource::kThompson, "thompson"},
     {ProposalSource::kGreedy, "greedy"},
     {ProposalSource::kTrustRegion, "trust_region"},
     {ProposalSource::kReplicate, "replicate"},
     {ProposalSource::kEmulator, "emulator"},
     {ProposalSource::kDataset, "dataset"}}};

}  // namespace

const char* to_string(ProposalSource source) {
  return kSourceNames.name(source);
}

}  // namespace spikefit::acquisition
