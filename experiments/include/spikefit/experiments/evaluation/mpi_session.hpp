#pragma once

namespace spikefit::experiments {

// This process's place in an MPI job (SPIKEFIT_MPI builds). MPI is initialised only when an MPI
// launcher started the process (mpirun or mpiexec of Open MPI, srun with PMIx or PMI); otherwise
// the process is one rank of one, without MPI. Rank 0 runs the command; the other ranks serve
// its evaluations (serve_evaluations) until its session ends: the destructor on rank 0 sends
// every other rank the stop message, then each rank finalises MPI. One per process, in main.
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // The CPU threads each rank evaluates on: `requested` when positive, else the processors this
  // process may use shared among the ranks of its node (at least 1), so that unbound ranks
  // (mpirun --bind-to none) do not each take every core.
  int threads_per_rank(int requested) const;
  // The process's session; null when main made none (tests, the Python package).
  static const MpiSession* current();

 private:
  bool initialised_ = false;
  int rank_ = 0;
  int size_ = 1;
  int node_ranks_ = 1;  // ranks on this node
};

}  // namespace spikefit::experiments
