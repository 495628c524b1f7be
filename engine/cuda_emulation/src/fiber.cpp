#include "fiber.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <new>
#include <utility>

#if defined(__x86_64__)
// spikefit_fiber_switch(void** save_sp, void* load_sp): pushes the callee-saved registers,
// stores the stack pointer, loads the other one and pops its registers (System V ABI).
// spikefit_fiber_start: the first resumption of a prepared fiber returns here, with the argument
// in r12 and the entry in r13.
asm(R"(
  .text
  .globl spikefit_fiber_switch
  .type spikefit_fiber_switch, @function
spikefit_fiber_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
  .size spikefit_fiber_switch, .-spikefit_fiber_switch

  .globl spikefit_fiber_start
  .type spikefit_fiber_start, @function
spikefit_fiber_start:
  movq %r12, %rdi
  callq *%r13
  ud2
  .size spikefit_fiber_start, .-spikefit_fiber_start
  .section .note.GNU-stack,"",@progbits
  .text
)");

extern "C" void spikefit_fiber_switch(void** save, void* load);
extern "C" void spikefit_fiber_start();
#endif

namespace spikefit::cuda_emulation {

FiberStack::FiberStack(std::size_t bytes) {
  page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  bytes_ = (bytes + page_ - 1) / page_ * page_;
  void* p = mmap(nullptr, bytes_ + page_, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  mapping_ = static_cast<char*>(p);
  mprotect(mapping_, page_, PROT_NONE);
  usable_ = mapping_ + page_;
}

FiberStack::~FiberStack() {
  if (mapping_ != nullptr) munmap(mapping_, bytes_ + page_);
}

FiberStack::FiberStack(FiberStack&& other) noexcept
    : mapping_(std::exchange(other.mapping_, nullptr)),
      usable_(std::exchange(other.usable_, nullptr)),
      bytes_(other.bytes_),
      page_(other.page_) {}

bool FiberStack::guard_contains(const void* address) const {
  const auto* a = static_cast<const char*>(address);
  return a >= mapping_ && a < usable_;
}

#if defined(__x86_64__)

void switch_fiber(FiberContext& from, FiberContext& to) {
  spikefit_fiber_switch(&from.stack_pointer, to.stack_pointer);
}

void prepare_fiber(FiberContext& context, const FiberStack& stack, void (*entry)(void*),
                   void* argument) {
  // After the six pops and the ret into spikefit_fiber_start, the stack pointer is 16-byte
  // aligned, as a call instruction needs it.
  auto top = reinterpret_cast<uintptr_t>(stack.top()) & ~uintptr_t{15};
  auto* slots = reinterpret_cast<void**>(top - 16) - 7;
  slots[0] = nullptr;                                         // r15
  slots[1] = nullptr;                                         // r14
  slots[2] = reinterpret_cast<void*>(entry);                  // r13
  slots[3] = argument;                                        // r12
  slots[4] = nullptr;                                         // rbx
  slots[5] = nullptr;                                         // rbp
  slots[6] = reinterpret_cast<void*>(&spikefit_fiber_start);  // return address
  context.stack_pointer = slots;
}

#else

void switch_fiber(FiberContext& from, FiberContext& to) {
  swapcontext(&from.context, &to.context);
}

namespace {
void start_from_halves(int entry_low, int entry_high, int arg_low, int arg_high) {
  auto join = [](int low, int high) {
    return (static_cast<uintptr_t>(static_cast<uint32_t>(high)) << 32) | static_cast<uint32_t>(low);
  };
  auto* entry = reinterpret_cast<void (*)(void*)>(join(entry_low, entry_high));
  entry(reinterpret_cast<void*>(join(arg_low, arg_high)));
}
}  // namespace

void prepare_fiber(FiberContext& context, const FiberStack& stack, void (*entry)(void*),
                   void* argument) {
  getcontext(&context.context);
  context.context.uc_stack.ss_sp = stack.bottom();
  context.context.uc_stack.ss_size = static_cast<std::size_t>(stack.top() - stack.bottom());
  context.context.uc_link = nullptr;
  const auto e = reinterpret_cast<uintptr_t>(entry);
  const auto a = reinterpret_cast<uintptr_t>(argument);
  makecontext(&context.context, reinterpret_cast<void (*)()>(&start_from_halves), 4,
              static_cast<int>(e & 0xFFFFFFFFu), static_cast<int>(e >> 32),
              static_cast<int>(a & 0xFFFFFFFFu), static_cast<int>(a >> 32));
}

#endif

}  // namespace spikefit::cuda_emulation
