// The simulation kernel: one thread block runs all steps of one trial (specs/gpu_engine.md §4,
// §6.4). Per step, two phases separated by one barrier each:
//   A (per neuron, thread-strided): add the last step's spike counts to P, step the synapses
//     (synapse_models.hpp), step the neuron (neuron_models.hpp), record a spike in the neuron's
//     own per-neuron outputs, compact the step's spikes with a warp ballot into the spike list;
//     meanwhile one lane per input draws the step's Poisson input count (poisson_input.hpp).
//   B (per spike, warp-strided): push the step's recurrent and input spikes along their CSR rows,
//     counting arrivals per target with integer atomics (spike_accumulation.hpp); thread 0
//     updates the trial's totals, activity bins and the spike cap.
// Integer counts make the result independent of the order of atomics, of the block size and of
// the batch; the arithmetic per neuron is the CPU backend's, in the same order.
#include <cuda_runtime.h>

#include "models/balanced/cuda/device_layout.hpp"
#include "models/balanced/cuda/kernels.hpp"
#include "models/balanced/initial_state.hpp"
#include "models/balanced/neuron_models.hpp"
#include "models/balanced/poisson_input.hpp"
#include "models/balanced/spike_accumulation.hpp"
#include "models/balanced/spike_compaction.hpp"
#include "models/balanced/synapse_models.hpp"
#include "recording_bins.hpp"

namespace spikefit::engine::cuda {

namespace {

constexpr uint32_t kFullMask = 0xFFFFFFFFu;
constexpr uint64_t kFiniteCheckEvery = 4096;  // as the CPU backend

__host__ __device__ constexpr std::size_t align16(std::size_t bytes) {
  return (bytes + 15) & ~std::size_t{15};
}

// The block's working arrays, in shared or global memory as the plan says.
struct Working {
  uint32_t* spike_list;
  uint32_t* count;
  double* v;
  int32_t* refractory;
  int64_t* last_spike;
  double* current;
  double* derivative;
};

__device__ Working carve_working(const TrialDescriptor& d, unsigned char* shared) {
  Working w;
  unsigned char* p = shared;
  const std::size_t n = d.n_neurons, cn = d.channel_neurons;
  auto take = [&p](std::size_t bytes) {
    unsigned char* at = p;
    p += align16(bytes);
    return at;
  };
  w.spike_list =
      d.shared.spike_list_in_shared ? reinterpret_cast<uint32_t*>(take(4 * n)) : d.spike_list;
  w.count = d.shared.counts_in_shared ? reinterpret_cast<uint32_t*>(take(4 * cn)) : d.count;
  if (d.shared.state_in_shared) {
    w.v = reinterpret_cast<double*>(take(8 * n));
    w.last_spike = reinterpret_cast<int64_t*>(take(8 * n));
    w.current = reinterpret_cast<double*>(take(8 * cn));
    w.derivative = reinterpret_cast<double*>(take(8 * cn));
    w.refractory = reinterpret_cast<int32_t*>(take(4 * n));
  } else {
    w.v = d.v;
    w.last_spike = d.last_spike;
    w.current = d.current;
    w.derivative = d.derivative;
    w.refractory = d.refractory;
  }
  return w;
}

__device__ uint32_t population_of(const TrialDescriptor& d, uint32_t neuron) {
  uint32_t p = 0;
  while (p + 1 < d.n_populations && neuron >= d.populations[p + 1].offset) ++p;
  return p;
}

// A spike of neuron `local` of population p at `step`: the outputs that the neuron owns (no
// other thread writes them) plus the raster, whose order the host restores by sorting.
__device__ void record_spike(const TrialDescriptor& d, const Working& w, BlockScratch& s,
                             uint32_t p, uint32_t local, uint32_t neuron, uint64_t step) {
  if (p == d.raster_population && local < d.raster_neurons) {
    const unsigned long long slot = atomicAdd(&s.raster_count, 1ull);
    if (slot < d.raster_capacity) d.raster[slot] = RasterEntry{step, local, 0};
  }
  if (step < d.burn_in_step) return;
  add_spike_after_burn_in(step, d.dt, w.last_spike[neuron], d.spikes_after_burn_in[neuron],
                          d.isi_count[neuron], d.isi_sum[neuron], d.isi_sum_sq[neuron]);
  if (p == d.count_population) {
    const int64_t bin = count_bin(step, d.burn_in_step, d.count_bin_steps, d.count_bins);
    if (bin >= 0) {
      add_saturating(d.counts[static_cast<uint64_t>(bin) * d.count_neurons + local]);
    }
  }
}

// Phase A for all neurons of the trial.
__device__ void update_neurons(const TrialDescriptor& d, const Working& w, BlockScratch& s,
                               uint64_t step) {
  const uint32_t lane = threadIdx.x % 32;
  const uint32_t parity = static_cast<uint32_t>(step & 1);
  for (uint32_t p = 0; p < d.n_populations; ++p) {
    const DevicePopulation& pop = d.populations[p];
    // The trip count is the same for every thread, so whole warps take part in each ballot.
    for (uint32_t base = 0; base < pop.size; base += blockDim.x) {
      const uint32_t local = base + threadIdx.x;
      const uint32_t neuron = pop.offset + local;
      bool spiked = false;
      if (local < pop.size) {
        double input = 0.0;
        for (uint32_t q = 0; q < pop.in_count; ++q) {
          const DeviceChannel& c = d.channels[d.in_list[pop.first_in + q]];
          const uint32_t k = c.state_offset + local;
          double current = w.current[k];
          double derivative = w.derivative[k];
          apply_spike_count(derivative, w.count[k], c.kick);
          w.count[k] = 0;
          synapse_step(c.synapse, d.dt, current, derivative);
          w.current[k] = current;
          w.derivative[k] = derivative;
          input += current;
        }
        double v = w.v[neuron];
        int32_t refractory = w.refractory[neuron];
        spiked = integrate_fire_step(pop.neuron, d.dt, input, v, refractory);
        w.v[neuron] = v;
        w.refractory[neuron] = refractory;
        if (spiked) record_spike(d, w, s, p, local, neuron, step);
      }
      const uint32_t ballot = __ballot_sync(kFullMask, spiked);
      if (ballot != 0) {
        uint32_t first_slot = 0;
        if (lane == 0) {
          first_slot = atomicAdd(&s.spike_count[parity], popcount32(ballot));
          atomicAdd(&s.activity[p], popcount32(ballot));
        }
        first_slot = __shfl_sync(kFullMask, first_slot, 0);
        if (spiked) w.spike_list[first_slot + rank_in_ballot(ballot, lane)] = neuron;
      }
    }
  }
}

// Phase B: one warp per spiking source (recurrent spikes first, then input spikes); the lanes
// stride over each of its rows.
__device__ uint64_t push_spikes(const TrialDescriptor& d, const Working& w, BlockScratch& s,
                                uint64_t step) {
  const uint32_t lane = threadIdx.x % 32;
  const uint32_t warp = threadIdx.x / 32;
  const uint32_t warps = blockDim.x / 32;
  const uint32_t recurrent = s.spike_count[step & 1];
  uint32_t items = recurrent;
  for (uint32_t m = 0; m < d.n_inputs; ++m) items += s.input_spikes[m];
  uint64_t events = 0;
  for (uint32_t item = warp; item < items; item += warps) {
    uint32_t source, first_out, out_count;
    if (item < recurrent) {
      const uint32_t neuron = w.spike_list[item];
      const DevicePopulation& pop = d.populations[population_of(d, neuron)];
      source = neuron - pop.offset;
      first_out = pop.first_out;
      out_count = pop.out_count;
    } else {
      uint32_t q = item - recurrent, m = 0;
      while (q >= s.input_spikes[m]) q -= s.input_spikes[m++];
      const InputStepDraws draws{s.input_spikes[m], s.input_first_draw[m]};
      source = poisson_input_unit(d.seed, m, step, draws, q, d.inputs[m].size);
      first_out = d.inputs[m].first_out;
      out_count = d.inputs[m].out_count;
    }
    for (uint32_t o = 0; o < out_count; ++o) {
      const DeviceChannel& c = d.channels[d.out_list[first_out + o]];
      const uint32_t begin = c.offsets[source];
      const uint32_t end = c.offsets[source + 1];
      uint32_t* count = w.count + c.state_offset;
      if (c.targets_are_16bit) {
        for (uint32_t e = begin + lane; e < end; e += 32) atomicAdd(&count[c.targets16[e]], 1u);
      } else {
        for (uint32_t e = begin + lane; e < end; e += 32) atomicAdd(&count[c.targets32[e]], 1u);
      }
      if (lane == 0) events += end - begin;
    }
  }
  return events;
}

// Thread 0, end of phase B: totals, activity, spike cap.
__device__ void close_step(const TrialDescriptor& d, BlockScratch& s, uint64_t step) {
  const uint32_t spikes = s.spike_count[step & 1];
  if (spikes > 0) {
    if (s.total_spikes == 0) s.first_spike_step = static_cast<int64_t>(step);
    s.last_spike_step = static_cast<int64_t>(step);
    s.total_spikes += spikes;
  }
  for (uint32_t p = 0; p < d.n_populations; ++p) {
    if (d.activity_bin_steps > 0 && s.activity[p] > 0) {
      d.activity[uint64_t{p} * d.activity_bins + activity_bin(step, d.activity_bin_steps)] +=
          s.activity[p];
    }
    s.activity[p] = 0;
  }
  s.spike_count[(step + 1) & 1] = 0;
  if (s.total_spikes >= d.spike_cap) s.stop = static_cast<uint32_t>(DeviceStatus::kRunaway);
}

// Every thread checks its neurons' V and currents (as the CPU backend: NaN drive is hidden by the
// floor, so currents are checked too); true when all are finite. Contains a barrier.
__device__ bool state_is_finite(const TrialDescriptor& d, const Working& w) {
  int bad = 0;
  for (uint32_t j = threadIdx.x; j < d.n_neurons; j += blockDim.x) bad |= !isfinite(w.v[j]);
  for (uint32_t k = threadIdx.x; k < d.channel_neurons; k += blockDim.x) {
    bad |= !isfinite(w.current[k]);
  }
  return __syncthreads_or(bad) == 0;
}

__device__ void initialise(const TrialDescriptor& d, const Working& w, BlockScratch& s) {
  for (uint32_t p = 0; p < d.n_populations; ++p) {
    const DevicePopulation& pop = d.populations[p];
    for (uint32_t local = threadIdx.x; local < pop.size; local += blockDim.x) {
      const uint32_t j = pop.offset + local;
      w.v[j] = initial_potential(d.seed, p, local, pop.v_init_low, pop.v_init_high);
      w.refractory[j] = 0;
      w.last_spike[j] = -1;
    }
  }
  for (uint32_t k = threadIdx.x; k < d.channel_neurons; k += blockDim.x) {
    w.current[k] = 0.0;
    w.derivative[k] = 0.0;
    w.count[k] = 0;
  }
  if (threadIdx.x == 0) {
    s.total_spikes = 0;
    s.synaptic_events = 0;
    s.first_spike_step = -1;
    s.last_spike_step = -1;
    s.raster_count = 0;
    s.spike_count[0] = s.spike_count[1] = 0;
    for (uint32_t p = 0; p < kMaxPopulations; ++p) s.activity[p] = 0;
    for (uint32_t m = 0; m < kMaxInputs; ++m) s.input_spikes[m] = s.input_first_draw[m] = 0;
    s.stop = static_cast<uint32_t>(DeviceStatus::kOk);
  }
}

// Copies shared-memory working arrays to the trial's global arrays (final-state capture).
__device__ void save_state(const TrialDescriptor& d, const Working& w) {
  if (d.shared.counts_in_shared) {
    for (uint32_t k = threadIdx.x; k < d.channel_neurons; k += blockDim.x) d.count[k] = w.count[k];
  }
  if (!d.shared.state_in_shared) return;
  for (uint32_t j = threadIdx.x; j < d.n_neurons; j += blockDim.x) {
    d.v[j] = w.v[j];
    d.refractory[j] = w.refractory[j];
  }
  for (uint32_t k = threadIdx.x; k < d.channel_neurons; k += blockDim.x) {
    d.current[k] = w.current[k];
    d.derivative[k] = w.derivative[k];
  }
}

__global__ void __launch_bounds__(1024) simulate_trials_kernel(const TrialDescriptor* trials) {
  extern __shared__ __align__(16) unsigned char shared[];
  // The descriptor is read by every thread at every step: a copy in shared memory.
  auto* words = reinterpret_cast<uint32_t*>(shared);
  const auto* source = reinterpret_cast<const uint32_t*>(trials + blockIdx.x);
  for (uint32_t i = threadIdx.x; i < sizeof(TrialDescriptor) / 4; i += blockDim.x) {
    words[i] = source[i];
  }
  __syncthreads();
  const TrialDescriptor& d = *reinterpret_cast<const TrialDescriptor*>(shared);
  BlockScratch& s = *reinterpret_cast<BlockScratch*>(shared + align16(sizeof(TrialDescriptor)));
  const Working w =
      carve_working(d, shared + align16(sizeof(TrialDescriptor)) + align16(sizeof(BlockScratch)));
  initialise(d, w, s);
  __syncthreads();

  uint64_t events = 0;
  uint64_t done = 0;
  for (uint64_t step = 1; step < d.steps; ++step) {
    if (threadIdx.x < d.n_inputs) {
      const DeviceInput& in = d.inputs[threadIdx.x];
      const InputStepDraws draws =
          poisson_input_step(d.seed, threadIdx.x, step, in.mean, in.exp_neg_mean);
      s.input_spikes[threadIdx.x] = draws.spikes;
      s.input_first_draw[threadIdx.x] = draws.first_unit_draw;
    }
    update_neurons(d, w, s, step);
    __syncthreads();
    events += push_spikes(d, w, s, step);
    if (threadIdx.x == 0) close_step(d, s, step);
    __syncthreads();
    done = step;
    if (s.stop != static_cast<uint32_t>(DeviceStatus::kOk)) break;
    if (step % kFiniteCheckEvery == 0 && !state_is_finite(d, w)) {
      if (threadIdx.x == 0) s.stop = static_cast<uint32_t>(DeviceStatus::kNonFinite);
      break;
    }
  }
  __syncthreads();
  const bool stopped = s.stop != static_cast<uint32_t>(DeviceStatus::kOk);
  __syncthreads();  // everyone has read s.stop before thread 0 may change it below
  if (!stopped && !state_is_finite(d, w) && threadIdx.x == 0) {
    s.stop = static_cast<uint32_t>(DeviceStatus::kNonFinite);
  }
  atomicAdd(reinterpret_cast<unsigned long long*>(&s.synaptic_events),
            static_cast<unsigned long long>(events));
  if (d.capture_state) save_state(d, w);
  __syncthreads();
  if (threadIdx.x == 0) {
    TrialSummary out;
    out.steps_simulated = done;
    out.total_spikes = s.total_spikes;
    out.synaptic_events = s.synaptic_events;
    out.first_spike_step = s.first_spike_step;
    out.last_spike_step = s.last_spike_step;
    out.raster_count = s.raster_count < d.raster_capacity ? s.raster_count : d.raster_capacity;
    out.status = s.stop;
    *d.summary = out;
  }
}

}  // namespace

std::size_t shared_bytes_fixed() {
  return align16(sizeof(TrialDescriptor)) + align16(sizeof(BlockScratch));
}

void configure_simulation_kernel(std::size_t shared_bytes) {
  check_cuda(
      cudaFuncSetAttribute(simulate_trials_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize,
                           static_cast<int>(shared_bytes)),
      "setting the kernel's shared memory size");
}

int resident_blocks_per_sm(int block_size, std::size_t shared_bytes) {
  int blocks = 0;
  check_cuda(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, simulate_trials_kernel,
                                                           block_size, shared_bytes),
             "querying the kernel's occupancy");
  return blocks;
}

void launch_simulation(const TrialDescriptor* trials, uint32_t count, int block_size,
                       std::size_t shared_bytes, cudaStream_t stream) {
  simulate_trials_kernel<<<count, block_size, shared_bytes, stream>>>(trials);
  check_cuda(cudaGetLastError(), "launching the simulation kernel");
}

}  // namespace spikefit::engine::cuda
