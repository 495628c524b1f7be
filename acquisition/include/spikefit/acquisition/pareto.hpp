#pragma once

#include <cstddef>
#include <vector>

namespace spikefit::acquisition {

// Multi-objective utilities, all objectives MINIMISED. A point set is [n][k]. Hypervolumes are
// in hypervolume.hpp, the non-dominated region's boxes in nondominated_boxes.hpp.
using Points = std::vector<std::vector<double>>;

// a dominates b: no worse in every objective and better in at least one.
bool dominates(const std::vector<double>& a, const std::vector<double>& b);

// Non-dominated sorting (Deb et al. 2002): rank 0 for the Pareto front, 1 for the front of the
// rest, and so on. [n]
std::vector<int> pareto_ranks(const Points& points);

// Indices of the non-dominated points, ascending.
std::vector<std::size_t> pareto_front(const Points& points);

}  // namespace spikefit::acquisition
