#pragma once

#include "spikefit/base/byte_buffer.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"

namespace spikefit::experiments {

// An EvaluationOutcome as bytes and back, exactly: every double keeps its bits and the statistics
// document goes as CBOR, which keeps NaN (JSON text would turn it into null). How MPI ranks send
// their rows to rank 0.
void write_outcome(base::ByteWriter& out, const EvaluationOutcome& outcome);
EvaluationOutcome read_outcome(base::ByteReader& in);

}  // namespace spikefit::experiments
