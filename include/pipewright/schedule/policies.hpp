/// @file policies.hpp
/// The scheduling stage's policies: which ready leg gets a runner first (scheduling_policy),
/// what a runner minute costs (billing_policy), and an observer whose hooks see legs become
/// ready, start, finish, get skipped or cancelled. GitHub's behaviour is the default of each.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/schedule/run.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

/// A leg waiting for a runner, as a scheduling policy sees it.
struct ready_leg {
  std::uint32_t job = 0;  ///< job index in the plan
  std::uint32_t leg = 0;  ///< leg index in its job
  double ready = 0;       ///< when it became ready (seconds)
  /// Its own duration plus the longest chain of dependants after its job (seconds).
  double remaining = 0;
};

/// Which ready leg gets a free runner first: `before(a, b)` is a strict weak order. Legs
/// it does not order are taken by the time they became ready, then in declaration order.
template <class S>
concept scheduling_policy = requires(const S& s, const ready_leg& a, const ready_leg& b) {
  { s.before(a, b) } -> std::convertible_to<bool>;
};

/// First come, first served (FIFO).
struct fifo {
  [[nodiscard]] constexpr bool before(const ready_leg& a, const ready_leg& b) const noexcept {
    return a.ready < b.ready;
  }
};

/// The leg with the longest remaining path first (the default).
struct critical_path_first {
  [[nodiscard]] constexpr bool before(const ready_leg& a, const ready_leg& b) const noexcept {
    return a.remaining > b.remaining;
  }
};

/// What a minute on a runner label costs, as a multiple of a Linux minute.
template <class B>
concept billing_policy = requires(const B& b, std::string_view runner) {
  { b.multiplier(runner) } -> std::convertible_to<double>;
};

/// GitHub's hosted-runner multipliers (Linux 1, Windows 2, macOS 10).
struct github_billing {
  [[nodiscard]] double multiplier(std::string_view runner) const noexcept {
    return github_minute_multiplier(runner);
  }
};

/// Sees a run as it happens. Every hook does nothing by default (like Boost.Graph's
/// null_visitor): derive and override the ones you need. Hooks are called on the
/// scheduler's thread, in the scheduler's order; `leg` is the leg's record so far.
class observer {
 public:
  observer() = default;
  observer(const observer&) = default;
  observer& operator=(const observer&) = default;
  virtual ~observer() = default;
  /// The leg's job became eligible and its condition held: it waits for a runner.
  virtual void on_ready(const leg_run& /*leg*/) {}
  /// The leg got a runner and was handed to the executor.
  virtual void on_start(const leg_run& /*leg*/) {}
  /// The leg ended (its `result` is set).
  virtual void on_finish(const leg_run& /*leg*/) {}
  /// The leg will not run: its job's condition is false or could not be evaluated.
  virtual void on_skip(const leg_run& /*leg*/) {}
  /// The leg was cancelled (fail-fast, a concurrency group, a cancelled run).
  virtual void on_cancel(const leg_run& /*leg*/) {}
};

/// The observer that sees nothing.
struct null_observer : observer {};

/// Whether `O` can serve as an engine's observer.
template <class O>
concept run_observer = std::derived_from<O, observer> && std::default_initializable<O>;

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright
