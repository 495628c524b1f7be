#include "spikefit/experiments/evaluation/mpi_session.hpp"

#include <mpi.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "mpi_messages.hpp"
#include "spikefit/engine/thread_count.hpp"
#include "spikefit/experiments/evaluation/rank_device.hpp"

namespace spikefit::experiments {

namespace {

const MpiSession* g_session = nullptr;

bool started_by_mpi_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name)) return true;
  }
  return false;
}

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  g_session = this;
  if (!started_by_mpi_launcher()) return;
  // Only the main thread calls MPI; rank 0 evaluates its own rows on a second thread.
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  initialised_ = true;
  if (provided < MPI_THREAD_FUNNELED) {
    std::fprintf(stderr, "spikefit: the MPI library does not support MPI_THREAD_FUNNELED\n");
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &node_ranks_);
  int local_rank = 0;
  MPI_Comm_rank(node, &local_rank);
  MPI_Comm_free(&node);
  // Before anything starts CUDA: one GPU per rank of the node.
  if (const auto device = device_for_local_rank(
          local_rank, node_ranks_, std::getenv("CUDA_VISIBLE_DEVICES"), count_gpu_device_files())) {
    setenv("CUDA_VISIBLE_DEVICES", device->c_str(), 1);
  }
}

int MpiSession::threads_per_rank(int requested) const {
  return requested > 0 ? requested : std::max(1, engine::thread_count(0) / node_ranks_);
}

MpiSession::~MpiSession() {
  g_session = nullptr;
  if (!initialised_) return;
  if (rank_ == 0) {
    for (int r = 1; r < size_; ++r) mpi::send(r, mpi::Tag::kStop, {});
  }
  MPI_Finalize();
}

const MpiSession* MpiSession::current() {
  return g_session;
}

}  // namespace spikefit::experiments
