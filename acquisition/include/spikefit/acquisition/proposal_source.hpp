#pragma once

namespace spikefit::acquisition {

// Where a proposed slot came from. Strategies propose new points only (every source but
// kReplicate); kReplicate marks a study's repeat of a stored point, chosen by the study's
// intensification (experiments/study/point_summary.hpp, choose_replicates); kEmulator marks the
// candidates an emulator chose for an amortised fit's first round; kDataset the trials of a
// dataset a fit was warm-started from (stored, not simulated by the fit). A name only in files:
// to_string gives the study file's spelling.
enum class ProposalSource {
  kSobol,
  kFeasibility,
  kThompson,
  kGreedy,
  kTrustRegion,
  kReplicate,
  kEmulator,
  kDataset
};
const char* to_string(ProposalSource source);

}  // namespace spikefit::acquisition
