// The tool's heap: on Linux with glibc, on transparent huge pages.
#pragma once

#include <cstddef>  // first: it defines __GLIBC__ where glibc is the C library
#include <cstdint>
#include <cstdlib>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace pipewright::cli {

/// Lets the heap grow in large steps and asks the kernel for transparent huge pages there
/// (what `GLIBC_TUNABLES=glibc.malloc.hugetlb=1` does). A command that builds a large tree
/// of small nodes (a 1,000-job workflow) otherwise spends a third of its time in page faults
/// on 4 KiB pages. Best effort: where the kernel has no huge pages this changes nothing.
inline void prefer_huge_pages() noexcept {
#if defined(__linux__) && defined(__GLIBC__)
  constexpr std::size_t pad = std::size_t{64} << 20;
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  if (mallopt(M_TOP_PAD, static_cast<int>(pad)) == 0) return;
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * pad));
  mallopt(M_MMAP_THRESHOLD, 16 << 20);  // buffers up to 16 MiB come from the heap too
  const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // Extends the heap by 1 MiB + the pad (volatile: a malloc freed unused may be elided).
  void* volatile grow = std::malloc(std::size_t{1} << 20);
  const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
  const std::uintptr_t from = (before + huge - 1) & ~(huge - 1);
  if (after > from) madvise(reinterpret_cast<void*>(from), after - from, MADV_HUGEPAGE);
  std::free(grow);
#endif
}

}  // namespace pipewright::cli
