#include "spikefit/acquisition/pareto.hpp"

namespace spikefit::acquisition {

bool dominates(const std::vector<double>& a, const std::vector<double>& b) {
  bool better = false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] > b[k]) return false;
    if (a[k] < b[k]) better = true;
  }
  return better;
}

std::vector<int> pareto_ranks(const Points& points) {
  const std::size_t n = points.size();
  std::vector<int> rank(n, -1);
  std::vector<int> dominated_by(n, 0);                      // how many points dominate i
  std::vector<std::vector<std::size_t>> dominates_list(n);  // points i dominates
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      if (dominates(points[i], points[j])) {
        dominates_list[i].push_back(j);
      } else if (dominates(points[j], points[i])) {
        ++dominated_by[i];
      }
    }
  }
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < n; ++i) {
    if (dominated_by[i] == 0) {
      front.push_back(i);
      rank[i] = 0;
    }
  }
  for (int r = 1; !front.empty(); ++r) {
    std::vector<std::size_t> next;
    for (std::size_t i : front) {
      for (std::size_t j : dominates_list[i]) {
        if (--dominated_by[j] == 0) {
          next.push_back(j);
          rank[j] = r;
        }
      }
    }
    front = std::move(next);
  }
  return rank;
}

std::vector<std::size_t> pareto_front(const Points& points) {
  const std::vector<int> rank = pareto_ranks(points);
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < rank.size(); ++i) {
    if (rank[i] == 0) front.push_back(i);
  }
  return front;
}

}  // namespace spikefit::acquisition
