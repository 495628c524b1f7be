#pragma once

#include <optional>
#include <string>

namespace spikefit::experiments {

// The GPU a rank of an MPI job uses, as the CUDA_VISIBLE_DEVICES value to give it before CUDA
// starts: with several ranks on a node, rank k of the node gets the node's GPU k mod G, so that
// the ranks spread over the GPUs instead of all using the first. `visible` is the
// CUDA_VISIBLE_DEVICES the launcher set (null: unset): a list of several devices (Slurm's
// --gres=gpu:4 gives every task "0,1,2,3") is shared out by local rank; one device (srun
// --gpus-per-task=1, or the user's choice) is kept. Unset, the node's GPUs are `node_gpus`
// (count_gpu_device_files). nullopt: leave CUDA's choice as it is (one rank on the node, no GPU,
// or a single visible device).
std::optional<std::string> device_for_local_rank(int local_rank, int node_ranks,
                                                 const char* visible, int node_gpus);

// NVIDIA GPUs of this machine as the driver's device files /dev/nvidia0, /dev/nvidia1, ... show
// them (in `dev`), without starting CUDA.
int count_gpu_device_files(const std::string& dev = "/dev");

}  // namespace spikefit::experiments
