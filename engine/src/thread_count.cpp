#include "spikefit/engine/thread_count.hpp"

#include <omp.h>

#include <algorithm>

namespace spikefit::engine {

int thread_count(int requested) {
  return requested > 0 ? requested : std::max(1, omp_get_num_procs());
}

}  // namespace spikefit::engine
