#include "spikefit/experiments/evaluation/rank_device.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <vector>

namespace spikefit::experiments {

std::optional<std::string> device_for_local_rank(int local_rank, int node_ranks,
                                                 const char* visible, int node_gpus) {
  if (node_ranks < 2 || local_rank < 0) return std::nullopt;
  if (visible) {
    std::vector<std::string> devices;
    std::stringstream list(visible);
    for (std::string d; std::getline(list, d, ',');) {
      if (!d.empty()) devices.push_back(d);
    }
    if (devices.size() < 2) return std::nullopt;
    return devices[static_cast<std::size_t>(local_rank) % devices.size()];
  }
  if (node_gpus < 2) return std::nullopt;
  return std::to_string(local_rank % node_gpus);
}

int count_gpu_device_files(const std::string& dev) {
  std::error_code error;
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dev, error)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 6 && name.compare(0, 6, "nvidia") == 0 &&
        std::all_of(name.begin() + 6, name.end(),
                    [](unsigned char c) { return std::isdigit(c) != 0; })) {
      ++count;
    }
  }
  return count;
}

}  // namespace spikefit::experiments
