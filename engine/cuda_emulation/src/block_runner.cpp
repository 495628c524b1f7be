#include "block_runner.hpp"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "device_memory.hpp"
#include "fault_handler.hpp"
#include "fiber.hpp"
#include "guarded_region.hpp"
#include "report_text.hpp"
#include "spikefit/cuda_emulation/thread_context.hpp"
#include "warp_gathering.hpp"

namespace spikefit::cuda_emulation {

namespace detail {
thread_local const dim3* current_thread_index = nullptr;
thread_local dim3 current_block_index;
thread_local dim3 current_block_dim;
thread_local dim3 current_grid_dim;
thread_local bool random_switching = false;
}  // namespace detail

namespace {

using detail::BarrierKind;
using detail::WarpArrival;
using detail::WarpOp;

constexpr std::size_t kFiberStackBytes = 64 * 1024;

const char* barrier_name(BarrierKind kind) {
  switch (kind) {
    case BarrierKind::kOr:
      return "__syncthreads_or";
    case BarrierKind::kAnd:
      return "__syncthreads_and";
    case BarrierKind::kCount:
      return "__syncthreads_count";
    default:
      return "__syncthreads";
  }
}

enum class ThreadState { kRunnable, kAtBarrier, kInWarpCollective, kExited };

struct EmulatedThread {
  FiberContext context;
  dim3 index;
  uint32_t linear = 0, warp = 0, lane = 0;
  ThreadState state = ThreadState::kRunnable;
  const char* wait_name = "";  // where the thread waits, for the deadlock report
  const char* wait_file = "";
  int wait_line = 0;
  uint32_t wait_mask = 0;
  uint64_t result = 0;
};

uint64_t split_mix(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// One per OS thread: the fibers (stacks kept between blocks) and the state of the block it runs.
class BlockRunner {
 public:
  BlockRunner() : shared_(kMaxDynamicSharedBytes, 16) {}

  std::string run(const BlockJob& job, bool* illegal_address);

  int barrier(BarrierKind kind, int predicate, const char* file, int line);
  uint64_t warp_collective(const WarpArrival& a);
  uint32_t active_lanes() const { return ~warps_[running_->warp].exited; }
  uint32_t lane() const { return running_->lane; }
  void random_switch_point();
  [[noreturn]] void fail(const std::string& what);
  char* dynamic_shared() const { return shared_.data(); }

 private:
  static void thread_main(void* self);
  [[noreturn]] void exit_running_thread();
  void yield() { switch_fiber(running_->context, scheduler_); }
  void make_runnable(EmulatedThread& t, uint64_t result);
  void release_barrier();
  void complete_gathering(Warp& warp, std::size_t which);
  std::string deadlock_report() const;
  std::string where() const;
  static void describe_fault(const void* self, const void* address, char* out, std::size_t size);

  const BlockJob* job_ = nullptr;
  uint32_t size_ = 0;
  std::vector<FiberStack> stacks_;
  std::vector<EmulatedThread> threads_;
  std::vector<Warp> warps_;
  FiberContext scheduler_;
  std::vector<uint32_t> runnable_;
  std::size_t next_ = 0;
  EmulatedThread* running_ = nullptr;
  uint32_t exited_ = 0;
  std::string failure_;
  uint64_t random_state_ = 0;
  uint64_t switch_threshold_ = 0;

  // The open __syncthreads generation.
  uint32_t arrived_ = 0;
  BarrierKind barrier_kind_ = BarrierKind::kPlain;
  const char* barrier_file_ = "";
  int barrier_line_ = 0;
  int barrier_or_ = 0, barrier_and_ = 1, barrier_count_ = 0;

  GuardedRegion shared_;
  FaultScope fault_scope_{};
  sigjmp_buf fault_resume_;
};

thread_local std::unique_ptr<BlockRunner> runner;

BlockRunner& current_runner() {
  return *runner;
}

std::string BlockRunner::where() const {
  std::string out = "block " + text(job_->block_index);
  if (running_ != nullptr) out += ", thread " + text(running_->index);
  return out;
}

void BlockRunner::fail(const std::string& what) {
  if (failure_.empty()) failure_ = what + " (" + where() + ")";
  switch_fiber(running_->context, scheduler_);
  std::abort();  // a failed block is never resumed
}

void BlockRunner::thread_main(void* self) {
  BlockRunner& r = current_runner();
  (void)self;
  try {
    r.job_->call->body(r.job_->call->closure);
  } catch (const std::exception& e) {
    r.fail(std::string("the kernel threw: ") + e.what());
  } catch (...) {
    r.fail("the kernel threw");
  }
  r.exit_running_thread();
}

void BlockRunner::make_runnable(EmulatedThread& t, uint64_t result) {
  t.result = result;
  t.state = ThreadState::kRunnable;
  if (&t != running_) runnable_.push_back(t.linear);
}

void BlockRunner::release_barrier() {
  int result = 0;
  switch (barrier_kind_) {
    case BarrierKind::kOr:
      result = barrier_or_;
      break;
    case BarrierKind::kAnd:
      result = barrier_and_;
      break;
    case BarrierKind::kCount:
      result = barrier_count_;
      break;
    default:
      break;
  }
  for (EmulatedThread& t : threads_) {
    if (t.state == ThreadState::kAtBarrier) make_runnable(t, static_cast<uint64_t>(result));
  }
  arrived_ = 0;
}

int BlockRunner::barrier(BarrierKind kind, int predicate, const char* file, int line) {
  if (arrived_ == 0) {
    barrier_kind_ = kind;
    barrier_file_ = file;
    barrier_line_ = line;
    barrier_or_ = 0;
    barrier_and_ = 1;
    barrier_count_ = 0;
  } else if (kind != barrier_kind_ || line != barrier_line_ ||
             std::strcmp(file, barrier_file_) != 0) {
    fail(std::string("threads of one block wait at different barriers: ") + barrier_name(kind) +
         " at " + site(file, line) + " while " + std::to_string(arrived_) + " wait at " +
         barrier_name(barrier_kind_) + " at " + site(barrier_file_, barrier_line_) +
         " (a barrier in divergent code)");
  }
  barrier_or_ |= predicate != 0;
  barrier_and_ &= predicate != 0;
  barrier_count_ += predicate != 0;
  ++arrived_;
  EmulatedThread& t = *running_;
  t.state = ThreadState::kAtBarrier;
  t.wait_name = barrier_name(kind);
  t.wait_file = file;
  t.wait_line = line;
  if (arrived_ + exited_ == size_) {
    release_barrier();
  } else {
    yield();
  }
  return static_cast<int>(t.result);
}

uint64_t BlockRunner::warp_collective(const WarpArrival& a) {
  EmulatedThread& t = *running_;
  Warp& warp = warps_[t.warp];
  std::size_t which = 0;
  const std::string misuse = join_gathering(warp, a, t.lane, &which);
  if (!misuse.empty()) fail(misuse);
  t.state = ThreadState::kInWarpCollective;
  t.wait_name = a.name;
  t.wait_file = a.file;
  t.wait_line = a.line;
  t.wait_mask = a.mask;
  if (gathering_complete(warp, warp.open[which])) {
    complete_gathering(warp, which);
  } else {
    yield();
  }
  return t.result;
}

void BlockRunner::complete_gathering(Warp& warp, std::size_t which) {
  const WarpGathering g = warp.open[which];
  warp.open.erase(warp.open.begin() + static_cast<std::ptrdiff_t>(which));
  uint64_t results[kWarpSize];
  const std::string misuse = gathering_results(g, results);
  if (!misuse.empty()) fail(misuse);
  const uint32_t first = static_cast<uint32_t>(&warp - warps_.data()) * kWarpSize;
  for (uint32_t lane = 0; lane < kWarpSize; ++lane) {
    if ((g.arrived >> lane & 1u) != 0) make_runnable(threads_[first + lane], results[lane]);
  }
}

void BlockRunner::exit_running_thread() {
  EmulatedThread& t = *running_;
  t.state = ThreadState::kExited;
  ++exited_;
  Warp& warp = warps_[t.warp];
  warp.exited |= 1u << t.lane;
  if (arrived_ > 0 && arrived_ + exited_ == size_) release_barrier();
  for (std::size_t g = 0; g < warp.open.size();) {
    if (((warp.open[g].arrived | warp.exited) & warp.open[g].mask) == warp.open[g].mask) {
      complete_gathering(warp, g);
    } else {
      ++g;
    }
  }
  switch_fiber(t.context, scheduler_);
  std::abort();  // an exited thread is never resumed
}

void BlockRunner::random_switch_point() {
  if (running_ == nullptr || split_mix(random_state_) >= switch_threshold_) return;
  runnable_.push_back(running_->linear);
  yield();
}

std::string BlockRunner::deadlock_report() const {
  // Waiting threads grouped by where they wait.
  std::vector<std::pair<std::string, std::vector<uint32_t>>> groups;
  for (const EmulatedThread& t : threads_) {
    if (t.linear >= size_ || t.state == ThreadState::kExited) continue;
    std::string at = std::string(t.wait_name) + " at " + site(t.wait_file, t.wait_line);
    if (t.state == ThreadState::kInWarpCollective) at += " (mask " + hex_mask(t.wait_mask) + ")";
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const auto& group) { return group.first == at; });
    if (it == groups.end()) it = groups.insert(groups.end(), {at, {}});
    it->second.push_back(t.linear);
  }
  std::string out = "deadlock in block " + text(job_->block_index) + ":";
  for (const auto& [at, ids] : groups) out += " threads " + ranges(ids) + " wait in " + at + ";";
  out += " " + std::to_string(exited_) + " of " + std::to_string(size_) + " threads have exited";
  return out;
}

void BlockRunner::describe_fault(const void* self, const void* address, char* out,
                                 std::size_t size) {
  const auto& r = *static_cast<const BlockRunner*>(self);
  const auto* a = static_cast<const char*>(address);
  if (r.shared_.guard_contains(address)) {
    std::snprintf(out, size,
                  "an access %td bytes past the end of the block's %zu bytes of dynamic shared "
                  "memory",
                  a - (r.shared_.data() + r.shared_.size()), r.shared_.size());
  } else if (!DeviceMemory::instance().describe_guard_fault(address, out, size)) {
    bool stack = false;
    for (const FiberStack& s : r.stacks_) stack = stack || s.guard_contains(address);
    std::snprintf(out, size,
                  stack ? "a stack overflow (address %p)"
                        : "an access to address %p, which is "
                          "not device memory",
                  address);
  }
}

std::string BlockRunner::run(const BlockJob& job, bool* illegal_address) {
  job_ = &job;
  const dim3 b = job.block;
  size_ = b.x * b.y * b.z;
  while (stacks_.size() < size_) stacks_.emplace_back(kFiberStackBytes);
  threads_.assign(size_, EmulatedThread{});
  warps_.assign((size_ + kWarpSize - 1) / kWarpSize, Warp{});
  if (size_ % kWarpSize != 0) warps_.back().exited = ~0u << (size_ % kWarpSize);
  runnable_.clear();
  next_ = 0;
  for (uint32_t i = 0; i < size_; ++i) {
    EmulatedThread& t = threads_[i];
    t.linear = i;
    t.index = dim3(i % b.x, (i / b.x) % b.y, i / (b.x * b.y));
    t.warp = i / kWarpSize;
    t.lane = i % kWarpSize;
    prepare_fiber(t.context, stacks_[i], &BlockRunner::thread_main, this);
    runnable_.push_back(i);
  }
  exited_ = 0;
  arrived_ = 0;
  failure_.clear();
  running_ = nullptr;
  shared_.place(job.dynamic_shared, 0xFF);
  const bool random = job.schedule.kind == ScheduleKind::kRandom;
  random_state_ =
      job.schedule.seed * 0x100000001B3ull ^
      (job.block_index.x + 65536ull * (job.block_index.y + 65536ull * job.block_index.z));
  switch_threshold_ =
      static_cast<uint64_t>(job.schedule.switch_probability * 18446744073709551615.0);

  detail::current_block_index = job.block_index;
  detail::current_block_dim = job.block;
  detail::current_grid_dim = job.grid;
  fault_scope_.resume = &fault_resume_;
  fault_scope_.describe = &BlockRunner::describe_fault;
  fault_scope_.self = this;
  *illegal_address = false;
  if (sigsetjmp(fault_resume_, 1) != 0) {
    *illegal_address = true;
    failure_ = std::string(fault_scope_.message) + " (" + where() + ")";
  } else {
    enter_kernel_code(&fault_scope_);
    detail::random_switching = random;
    while (failure_.empty() && next_ < runnable_.size()) {
      if (random) {
        const std::size_t pick = next_ + split_mix(random_state_) % (runnable_.size() - next_);
        std::swap(runnable_[next_], runnable_[pick]);
      }
      running_ = &threads_[runnable_[next_++]];
      if (next_ > 4096 && next_ * 2 > runnable_.size()) {
        runnable_.erase(runnable_.begin(), runnable_.begin() + static_cast<std::ptrdiff_t>(next_));
        next_ = 0;
      }
      detail::current_thread_index = &running_->index;
      switch_fiber(scheduler_, running_->context);
    }
  }
  leave_kernel_code();
  detail::random_switching = false;
  detail::current_thread_index = nullptr;
  if (failure_.empty() && exited_ != size_) failure_ = deadlock_report();
  running_ = nullptr;
  if (failure_.empty()) {
    const std::string damage = shared_.check_canaries();
    if (!damage.empty()) {
      *illegal_address = true;
      failure_ = damage + " of the block's " + std::to_string(job.dynamic_shared) +
                 " bytes of dynamic shared memory (block " + text(job.block_index) + ")";
    }
  }
  return failure_;
}

}  // namespace

namespace detail {

void random_switch_point() {
  current_runner().random_switch_point();
}

void fail_kernel(const char* what) {
  current_runner().fail(what);
}

int block_barrier(BarrierKind kind, int predicate, const char* file, int line) {
  return current_runner().barrier(kind, predicate, file, line);
}

uint64_t warp_collective(const WarpArrival& arrival) {
  return current_runner().warp_collective(arrival);
}

uint32_t active_lanes() {
  return current_runner().active_lanes();
}

uint32_t lane_id() {
  return current_runner().lane();
}

}  // namespace detail

void* dynamic_shared_memory() {
  return current_runner().dynamic_shared();
}

std::string run_block(const BlockJob& job, bool* illegal_address) {
  if (!runner) runner = std::make_unique<BlockRunner>();
  return runner->run(job, illegal_address);
}

}  // namespace spikefit::cuda_emulation
