#pragma once

namespace spikefit::experiments {

// What every MPI rank but 0 runs instead of the command (after MpiSession's start): builds the
// evaluator of each recipe rank 0 sends, evaluates the rows it is handed and sends back their
// outcomes, until rank 0's stop message. Writes no file and prints nothing: a failure (a recipe it
// cannot build, an evaluation that throws) goes to rank 0, which names this rank and the rows in
// its error. Returns the process's exit status: 0, or 1 after a failure.
int serve_evaluations();

}  // namespace spikefit::experiments
