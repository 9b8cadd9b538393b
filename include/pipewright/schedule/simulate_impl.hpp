/// @file simulate_impl.hpp
/// The definitions behind schedule/simulate.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <memory>
#include <queue>
#include <utility>

#include "pipewright/detail/text.hpp"
#include "pipewright/schedule/simulate.hpp"

namespace pipewright {
inline namespace v0 {
namespace schedule {

namespace detail {

inline std::string minutes_text(double seconds) {
  const double m = seconds / 60.0;
  std::string n =
      m == std::floor(m) && m < 1e9 ? std::to_string(static_cast<long long>(m)) : std::to_string(m);
  return n + (m == 1.0 ? " minute" : " minutes");
}

inline std::string step_display(const step_spec& s) {
  return s.name.empty() ? s.id : s.name;
}

}  // namespace detail

PIPEWRIGHT_DECL leg_execution run_steps(std::span<const step_spec> steps, double start,
                                        const condition_view* job) {
  leg_execution out;
  out.steps.reserve(steps.size());
  status job_status = status::success;
  std::string culprit;  // why success() turned false
  // Time since the leg started, kept to whole microseconds so that steps sharing a
  // duration (60 s over 7 steps) add up to it exactly (no 60.000000001 s billed as 2 min).
  double exact = 0;
  double elapsed = 0;
  double now = start;
  for (const step_spec& s : steps) {
    step_run r;
    r.start = r.end = now;
    std::string error;
    bool run = false;
    {
      const step_view view(job_status, steps, out.steps, &error, job);
      run = s.condition ? s.condition(view) : view.success();
    }
    if (!error.empty()) {
      // GitHub: an error while evaluating a step's condition fails the step.
      r.outcome = r.conclusion = status::failure;
      r.reason = "if: could not be evaluated: " + error;
      if (job_status != status::cancelled) job_status = status::failure;
      if (culprit.empty()) culprit = "step '" + detail::step_display(s) + "' failed";
      out.steps.push_back(std::move(r));
      continue;
    }
    if (!run) {
      r.outcome = r.conclusion = status::skipped;
      r.reason = s.condition ? "condition `" + s.condition_text + "` is false"
                             : "success() is false: " + (job_status == status::cancelled
                                                             ? std::string("the job was cancelled")
                                                             : culprit);
      out.steps.push_back(std::move(r));
      continue;
    }
    double d = std::max(0.0, s.duration);
    status o = s.outcome == status::skipped ? status::success : s.outcome;
    if (s.timeout > 0 && d > s.timeout) {
      d = s.timeout;
      o = status::failure;
      r.reason = "timed out after " + detail::minutes_text(s.timeout);
    }
    exact += d;
    elapsed = std::round(exact * 1e6) / 1e6;
    now = start + elapsed;
    r.end = now;
    r.outcome = o;
    r.conclusion = o == status::failure && s.continue_on_error ? status::success : o;
    if (r.conclusion == status::failure && job_status != status::cancelled) {
      job_status = status::failure;
      if (culprit.empty()) culprit = "step '" + detail::step_display(s) + "' failed";
    }
    if (r.conclusion == status::cancelled) job_status = status::cancelled;
    out.steps.push_back(std::move(r));
  }
  out.duration = elapsed;
  out.result = job_status;
  return out;
}

namespace detail {

/// A run's bounds and state inside the simulator (the jobs of all runs are concatenated).
struct run_slot {
  std::uint32_t first_job = 0;
  std::uint32_t end_job = 0;
  double arrival = 0;
  std::string group;
  bool cancel_in_progress = false;
  bool started = false;
  bool cancelled = false;
  bool done = false;
  std::uint32_t jobs_done = 0;
};

/// Completions reported by an asynchronous executor, from any thread. Built on C++20
/// atomic waits (a one-word lock and a counter the scheduler waits on) rather than
/// <mutex> and <condition_variable>, which would add a fifth to the umbrella header's
/// compile cost.
class completion_inbox {
 public:
  void push(std::uint32_t leg, leg_execution e) {
    lock();
    items_.emplace_back(leg, std::move(e));
    unlock();
    post();
  }
  /// Wakes a waiting take() (the run's stop was requested).
  void interrupt() { post(); }
  /// Every completion reported so far; with `block`, first waits until something was
  /// reported (or interrupt() was called) since the last take().
  std::vector<std::pair<std::uint32_t, leg_execution>> take(bool block) {
    if (block) posted_.wait(seen_, std::memory_order_acquire);
    seen_ = posted_.load(std::memory_order_acquire);
    lock();
    std::vector<std::pair<std::uint32_t, leg_execution>> out = std::exchange(items_, {});
    unlock();
    return out;
  }

 private:
  void lock() noexcept {
    while (busy_.exchange(true, std::memory_order_acquire)) {
      busy_.wait(true, std::memory_order_relaxed);
    }
  }
  void unlock() noexcept {
    busy_.store(false, std::memory_order_release);
    busy_.notify_one();
  }
  void post() noexcept {
    posted_.fetch_add(1, std::memory_order_release);
    posted_.notify_all();
  }

  std::atomic<bool> busy_{false};
  std::atomic<std::uint32_t> posted_{0};
  std::uint32_t seen_ = 0;  // the scheduler's own: posted_ at the last take()
  std::vector<std::pair<std::uint32_t, leg_execution>> items_;
};

class simulator {
 public:
  /// `runs` partitions `jobs` into runs; empty means one run of every job, arriving at 0.
  /// `runner`, when given, runs each leg as it starts (the callback executor); otherwise a
  /// leg takes its spec's steps (run_steps()) or its duration and outcome.
  simulator(std::span<const job_spec> jobs, const simulate_options& options,
            std::vector<run_slot> runs = {}, leg_runner runner = {})
      : jobs_(jobs), options_(options), runs_(std::move(runs)), runner_(std::move(runner)) {
    if (runs_.empty()) {
      runs_.emplace_back();
      runs_.back().end_job = static_cast<std::uint32_t>(jobs.size());
    }
  }

  /// Wakes run() while it waits for a completion, so that it sees `options.stop` (call it
  /// from a std::stop_callback on that token, from any thread).
  void interrupt() { inbox_.interrupt(); }

  /// The asynchronous form: each leg that runs is handed to `starter`, and the scheduler's
  /// clock advances as completions arrive (a leg's end is its start plus the duration it
  /// reports, never before a completion already handled).
  simulator(std::span<const job_spec> jobs, const simulate_options& options, leg_starter starter)
      : simulator(jobs, options) {
    starter_ = std::move(starter);
  }

  run_result run() {
    const std::size_t n = jobs_.size();
    results_.assign(n, status::success);
    finished_.assign(n, 0);
    waiting_.assign(n, 0);
    running_in_job_.assign(n, 0);
    legs_done_.assign(n, 0);
    dependents_.assign(n, {});
    first_leg_.assign(n + 1, 0);
    calls_done_.assign(n, 0);
    out_.job_results.assign(n, status::skipped);
    out_.job_reasons.assign(n, {});
    out_.job_waits.assign(n, {});
    for (std::uint32_t j = 0; j < n; ++j) {
      first_leg_[j + 1] = first_leg_[j] + static_cast<std::uint32_t>(jobs_[j].legs.size());
      for (const std::uint32_t need : jobs_[j].needs) {
        if (need < n) {
          dependents_[need].push_back(j);
          ++waiting_[j];
        }
      }
      // A called workflow's job also waits for its calling job to start the call.
      if (jobs_[j].called_by < n) ++waiting_[j];
    }
    range_.resize(n);
    for (std::uint32_t j = 0; j < n; ++j) range_[j] = {first_leg_[j], first_leg_[j + 1]};
    expanded_.assign(n, {});
    out_.legs.resize(first_leg_[n]);
    state_.assign(first_leg_[n], leg_state::waiting);
    leg_result_.assign(first_leg_[n], status::success);
    outputs_.assign(n, value());
    if (runner_ || starter_) leg_outputs_.assign(first_leg_[n], value());
    if (starter_) {
      stops_.resize(first_leg_[n]);
      reported_.assign(first_leg_[n], 0);
    }
    spec_.resize(first_leg_[n]);
    for (std::uint32_t j = 0; j < n; ++j) {
      for (std::uint32_t k = 0; k < jobs_[j].legs.size(); ++k) {
        out_.legs[first_leg_[j] + k].job = j;
        out_.legs[first_leg_[j] + k].leg = k;
        spec_[first_leg_[j] + k] = &jobs_[j].legs[k];
      }
    }
    compute_priorities();
    for (const runner_pool& p : options_.pools) free_[p.label] = p.capacity;
    run_of_job_.assign(n, 0);
    std::vector<std::uint32_t> arrivals(runs_.size());
    for (std::uint32_t r = 0; r < runs_.size(); ++r) {
      arrivals[r] = r;
      for (std::uint32_t j = runs_[r].first_job; j < runs_[r].end_job && j < n; ++j) {
        run_of_job_[j] = r;
      }
    }
    std::stable_sort(arrivals.begin(), arrivals.end(), [this](std::uint32_t a, std::uint32_t b) {
      return runs_[a].arrival < runs_[b].arrival;
    });

    std::size_t next_arrival = 0;
    constexpr double never = std::numeric_limits<double>::infinity();
    for (;;) {
      if (starter_) absorb(false);
      const double t_event = events_.empty() ? never : events_.top().first;
      const double t_arrival =
          next_arrival < arrivals.size() ? runs_[arrivals[next_arrival]].arrival : never;
      if (t_event == never && t_arrival == never) {
        if (in_flight_ == 0) break;
        absorb(true);  // legs are running: wait for one of them to end
        continue;
      }
      now_ = std::min(t_event, t_arrival);
      // Legs that end now free their runners and groups before runs that arrive now.
      while (!events_.empty() && events_.top().first <= now_) {
        const std::uint32_t leg = events_.top().second;
        events_.pop();
        if (state_[leg] == leg_state::running && out_.legs[leg].end == now_) finish_leg(leg);
      }
      while (next_arrival < arrivals.size() && runs_[arrivals[next_arrival]].arrival <= now_) {
        run_arrives(arrivals[next_arrival++]);
      }
      start_ready();
    }
    // Jobs that never became eligible sit on or behind a dependency cycle, or belong to a
    // run that was still waiting for its concurrency group.
    for (std::uint32_t j = 0; j < n; ++j) {
      if (finished_[j] != 0) continue;
      const run_slot& run = runs_[run_of_job_[j]];
      const std::string why = run.started ? std::string("never eligible: its needs form a cycle")
                                          : "the run was still pending in concurrency group '" +
                                                run.group + "' when the simulation ended";
      for (std::uint32_t l = range_[j].first; l < range_[j].second; ++l) {
        out_.legs[l].result = status::skipped;
        out_.legs[l].reason = why;
      }
      out_.job_results[j] = status::skipped;
      out_.job_reasons[j] = why;
    }
    if (grown_) {
      // Legs in job order again, without the placeholders of the matrices expanded.
      std::vector<leg_run> legs;
      legs.reserve(out_.legs.size());
      for (std::uint32_t j = 0; j < n; ++j) {
        for (std::uint32_t l = range_[j].first; l < range_[j].second; ++l) {
          legs.push_back(std::move(out_.legs[l]));
        }
      }
      out_.legs = std::move(legs);
      out_.expanded = std::move(expanded_);
    }
    return std::move(out_);
  }

 private:
  enum class leg_state : std::uint8_t { waiting, ready, running, done };

  struct group_state {
    std::uint32_t running = none;
    std::uint32_t pending = none;
  };
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  /// Takes the completions reported so far (waiting for one with `block`): a running leg's
  /// end becomes an event; a leg cancelled while it ran gives its runner back now. A
  /// requested stop cancels the run.
  void absorb(bool block) {
    bool changed = false;
    for (auto& [l, e] : inbox_.take(block)) {
      if (l >= reported_.size() || reported_[l] != 0) continue;  // reported twice: ignored
      reported_[l] = 1;
      --in_flight_;
      if (state_[l] != leg_state::running) {
        // Cancelled while it ran: its runner was held, and its job left unfinished, until
        // it stopped (its always() steps may still have run, as on GitHub).
        release(l);
        if (!e.steps.empty()) out_.legs[l].steps = std::move(e.steps);
        out_.legs[l].end =
            std::max(out_.legs[l].end, out_.legs[l].start + std::max(0.0, e.duration));
        leg_done(l);
        changed = true;
        continue;
      }
      leg_result_[l] = e.result;
      out_.legs[l].steps = std::move(e.steps);
      leg_outputs_[l] = std::move(e.outputs);
      out_.legs[l].end = std::max(now_, out_.legs[l].start + std::max(0.0, e.duration));
      events_.emplace(out_.legs[l].end, l);
    }
    if (options_.stop.stop_requested() && !stop_handled_) {
      stop_handled_ = true;
      for (std::uint32_t r = 0; r < runs_.size(); ++r) {
        if (!runs_[r].done) cancel_run(r, "the run was cancelled");
      }
      changed = true;
    }
    if (changed) start_ready();
  }

  void compute_priorities() {
    // Longest remaining path after each job (the longest dependent chain, counting each
    // dependent's longest leg), in reverse topological order; a leg's priority is its own
    // duration plus that. Cycles simply stop the recursion.
    // A calling job is followed by its called jobs, and they by the calling job's dependents.
    const std::size_t n = jobs_.size();
    after_.assign(n, 0);
    std::vector<double> through(n, 0);  // a job's longest leg plus after_
    std::vector<std::vector<std::uint32_t>> next(dependents_);
    for (std::uint32_t j = 0; j < n; ++j) {
      for (const std::uint32_t c : jobs_[j].calls) {
        if (c < n) next[j].push_back(c);
      }
      for (std::uint32_t k = jobs_[j].called_by; k < n; k = jobs_[k].called_by) {
        next[j].insert(next[j].end(), dependents_[k].begin(), dependents_[k].end());
      }
    }
    std::vector<std::uint32_t> indegree(n, 0);
    for (const auto& list : next) {
      for (const std::uint32_t d : list) ++indegree[d];
    }
    std::vector<std::uint32_t> order;
    for (std::uint32_t j = 0; j < n; ++j) {
      if (indegree[j] == 0) order.push_back(j);
    }
    for (std::size_t h = 0; h < order.size(); ++h) {
      for (const std::uint32_t d : next[order[h]]) {
        if (--indegree[d] == 0) order.push_back(d);
      }
    }
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      double longest = 0;
      for (const leg_spec& l : legs_of(*it)) longest = std::max(longest, l.duration);
      for (const std::uint32_t d : next[*it]) after_[*it] = std::max(after_[*it], through[d]);
      through[*it] = longest + after_[*it];
    }
  }

  /// The remaining path through leg `l`: its own duration and the longest chain after it.
  [[nodiscard]] double priority(std::uint32_t l) const {
    return spec_of(l).duration + after_[out_.legs[l].job];
  }

  /// A run's event arrives: it starts, or waits in its workflow-level concurrency group.
  void run_arrives(std::uint32_t r) {
    if (runs_[r].group.empty()) {
      start_run(r);
      return;
    }
    const std::string key = group_key(runs_[r].group);
    const std::string name = runs_[r].group;
    if (const std::uint32_t pending = run_groups_[key].pending; pending != none) {
      run_groups_[key].pending = none;
      cancel_pending_run(pending,
                         "replaced by a newer pending run in concurrency group '" + name + "'");
    }
    if (const std::uint32_t holder = run_groups_[key].running;
        holder != none && runs_[r].cancel_in_progress) {
      cancel_run(holder, "cancelled by a newer run in concurrency group '" + name +
                             "' (cancel-in-progress)");
    }
    if (run_groups_[key].running == none) {
      run_groups_[key].running = r;
      start_run(r);
    } else {
      run_groups_[key].pending = r;
    }
  }

  void start_run(std::uint32_t r) {
    runs_[r].started = true;
    if (runs_[r].first_job == runs_[r].end_job) {
      run_done(r);
      return;
    }
    for (std::uint32_t j = runs_[r].first_job; j < runs_[r].end_job; ++j) {
      if (waiting_[j] == 0 && finished_[j] == 0) job_eligible(j);
    }
  }

  /// Cancels a run in progress: its waiting and running legs are cancelled; jobs not yet
  /// eligible then see cancelled() (only `always()` / `cancelled()` ones still run).
  void cancel_run(std::uint32_t r, const std::string& reason) {
    runs_[r].cancelled = true;
    // Collect first: cancelling cascades, and the `always()` legs it readies must run.
    std::vector<std::uint32_t> active;
    for (std::uint32_t j = runs_[r].first_job; j < runs_[r].end_job; ++j) {
      for (std::uint32_t l = range_[j].first; l < range_[j].second; ++l) {
        if (state_[l] == leg_state::ready || state_[l] == leg_state::running) active.push_back(l);
      }
    }
    for (const std::uint32_t l : active) cancel_leg(l, reason);
  }

  /// Cancels a run that never started: every job and leg ends cancelled at once.
  void cancel_pending_run(std::uint32_t r, const std::string& reason) {
    runs_[r].cancelled = true;
    runs_[r].done = true;
    for (std::uint32_t j = runs_[r].first_job; j < runs_[r].end_job; ++j) {
      for (std::uint32_t l = range_[j].first; l < range_[j].second; ++l) {
        leg_run& lr = out_.legs[l];
        lr.result = status::cancelled;
        lr.reason = reason;
        lr.ready = lr.start = lr.end = now_;
        state_[l] = leg_state::done;
      }
      results_[j] = status::cancelled;
      finished_[j] = 1;
      out_.job_results[j] = status::cancelled;
      out_.job_reasons[j] = reason;
    }
  }

  /// Every job of run `r` has finished: its group's pending run, if any, starts.
  void run_done(std::uint32_t r) {
    runs_[r].done = true;
    if (runs_[r].group.empty()) return;
    const std::string key = group_key(runs_[r].group);
    if (run_groups_[key].running != r) return;
    const std::uint32_t next = run_groups_[key].pending;
    run_groups_[key].running = next;
    run_groups_[key].pending = none;
    if (next != none) start_run(next);
  }

  /// Called when every need of `j` has finished: evaluate its condition.
  void job_eligible(std::uint32_t j) {
    std::string error;
    std::vector<std::string> waits;
    const bool executing = runner_ || starter_;
    const condition_view view(jobs_, results_, finished_, j, runs_[run_of_job_[j]].cancelled,
                              &error, outputs_, {}, executing ? nullptr : &waits);
    bool run = jobs_[j].condition ? jobs_[j].condition(view) : view.success();
    if (!error.empty()) {
      // GitHub reports the error and fails the job; none of its legs starts.
      end_unstarted_job(j, status::failure, "if: could not be evaluated: " + error);
      return;
    }
    if (!jobs_[j].condition && !run && !executing && default_undetermined(view)) {
      waits.emplace_back("success()");
    }
    if (!waits.empty()) {
      const std::string cond = jobs_[j].condition ? jobs_[j].condition_text : "success()";
      const std::string why = "`" + cond + "` waits for " + describe_waits(waits, view);
      out_.job_waits[j] = std::move(waits);
      if (options_.undetermined == undetermined_policy::report) {
        std::string reason =
            "waits for " + describe_waits(out_.job_waits[j], view) + " (if: `" + cond + "`)";
        if (!jobs_[j].pending.empty()) {
          // Its matrix waits too: what it reads is listed after the condition's.
          reason += " and " + join_waits(jobs_[j].pending) + " (" + jobs_[j].pending_source + ")";
          for (const std::string& w : jobs_[j].pending) {
            std::vector<std::string>& all = out_.job_waits[j];
            if (std::find(all.begin(), all.end(), w) == all.end()) all.push_back(w);
          }
        }
        end_unstarted_job(j, status::undetermined, reason);
        return;
      }
      run = options_.undetermined == undetermined_policy::assume_true;
      if (!run) {
        end_unstarted_job(j, status::skipped, "assumed false: " + why);
        return;
      }
      out_.job_reasons[j] = "assumed true: " + why;
    }
    if (!run) {
      end_unstarted_job(j, status::skipped, skip_reason(j, view));
      return;
    }
    if (!executing && !jobs_[j].pending.empty() && jobs_[j].error.empty()) {
      // Its legs are known only at run time: a simulation cannot say what they do.
      out_.job_waits[j] = jobs_[j].pending;
      end_unstarted_job(
          j, status::undetermined,
          "waits for " + join_waits(jobs_[j].pending) + " (" + jobs_[j].pending_source + ")");
      return;
    }
    if (!jobs_[j].error.empty()) {
      end_unstarted_job(j, status::failure, jobs_[j].error);
      return;
    }
    if (!jobs_[j].calls.empty()) {
      // The call starts: the called workflow's jobs become eligible as their needs finish.
      for (const std::uint32_t c : jobs_[j].calls) {
        if (c < jobs_.size() && finished_[c] == 0 && --waiting_[c] == 0) job_eligible(c);
      }
      return;
    }
    if (jobs_[j].legs.empty()) {
      finish_job(j, status::success);
      return;
    }
    if (jobs_[j].expand && (runner_ || starter_) && !expand_legs(j)) return;
    for (std::uint32_t l = range_[j].first; l < range_[j].second; ++l) make_ready(l);
  }

  /// Builds the legs of job `j`'s matrix from its needs' outputs (job_spec::expand); they
  /// take the place of the plan's placeholder. False when that failed: the job has failed.
  bool expand_legs(std::uint32_t j) {
    const condition_view view(jobs_, results_, finished_, j, runs_[run_of_job_[j]].cancelled,
                              nullptr, outputs_);
    result<std::vector<leg_spec>> legs = jobs_[j].expand(view);
    if (!legs || legs->empty()) {
      const std::string why =
          "strategy.matrix: " + (legs.diagnostics().empty() ? std::string("it gave no legs")
                                                            : legs.diagnostics().front().message);
      end_unstarted_job(j, status::failure, why);
      return false;
    }
    grown_ = true;
    const auto first = static_cast<std::uint32_t>(out_.legs.size());
    const auto count = static_cast<std::uint32_t>(legs->size());
    for (std::uint32_t l = range_[j].first; l < range_[j].second; ++l) {
      state_[l] = leg_state::done;  // the placeholder: never starts, left out of the result
    }
    range_[j] = {first, first + count};
    expanded_[j] = std::move(*legs);
    out_.legs.resize(first + count);
    state_.resize(first + count, leg_state::waiting);
    leg_result_.resize(first + count, status::success);
    leg_outputs_.resize(first + count);
    if (starter_) {
      stops_.resize(first + count);
      reported_.resize(first + count, 0);
    }
    spec_.resize(first + count);
    for (std::uint32_t k = 0; k < count; ++k) {
      out_.legs[first + k].job = j;
      out_.legs[first + k].leg = k;
      spec_[first + k] = &expanded_[j][k];
    }
    return true;
  }

  /// The default success() of a job that is false only because of undetermined ancestors
  /// (none failed, was cancelled or skipped, and the run is not cancelled).
  [[nodiscard]] bool default_undetermined(const condition_view& view) const {
    if (view.cancelled()) return false;
    bool decided = false;
    bool unknown = false;
    view.for_each_ancestor([&](std::uint32_t a) {
      decided = decided || (results_[a] != status::success && results_[a] != status::undetermined);
      unknown = unknown || results_[a] == status::undetermined;
    });
    return unknown && !decided;
  }

  static std::string join_waits(const std::vector<std::string>& waits) {
    std::string out;
    for (const std::string& w : waits) out += (out.empty() ? "" : ", ") + w;
    return out;
  }

  /// join_waits() for people: a status function without arguments (`success()`) that waits
  /// on needed jobs becomes the undetermined ones, "needs: changes (undetermined)".
  [[nodiscard]] std::string describe_waits(const std::vector<std::string>& waits,
                                           const condition_view& view) const {
    std::vector<std::uint32_t> undetermined;
    view.for_each_ancestor([&](std::uint32_t a) {
      if (results_[a] == status::undetermined) undetermined.push_back(a);
    });
    std::sort(undetermined.begin(), undetermined.end());  // in declaration order
    std::string needs;
    for (const std::uint32_t a : undetermined) needs += (needs.empty() ? "" : ", ") + jobs_[a].id;
    std::string out;
    for (const std::string& w : waits) {
      const bool status_call =
          w == "success()" || w == "failure()" || w == "always()" || w == "cancelled()";
      out += (out.empty() ? "" : ", ") +
             (status_call && !needs.empty() ? "needs: " + needs + " (undetermined)" : w);
    }
    return out;
  }

  /// Ends job `j` before any of its legs starts: skipped by its `if:`, or failed by an
  /// error GitHub reports on the job (an `if:` or a matrix that cannot be evaluated).
  void end_unstarted_job(std::uint32_t j, status result, const std::string& why) {
    end_legs(j, result, why);
    end_called_jobs(j, result);
    finish_job(j, result);
  }

  /// Ends every leg of job `j` now, none of them started, with `result` and `why`.
  void end_legs(std::uint32_t j, status result, const std::string& why) {
    for (std::uint32_t l = range_[j].first; l < range_[j].second; ++l) {
      leg_run& r = out_.legs[l];
      r.result = result;
      r.reason = why;
      r.ready = r.start = r.end = now_;
      state_[l] = leg_state::done;
      if (options_.observer != nullptr) options_.observer->on_skip(r);
    }
    out_.job_reasons[j] = why;
  }

  /// A calling job that ends without starting its call: the called workflow's jobs (and
  /// theirs) never run; they end skipped, or undetermined with an undetermined call.
  void end_called_jobs(std::uint32_t j, status caller) {
    const status s = caller == status::undetermined ? status::undetermined : status::skipped;
    for (const std::uint32_t c : jobs_[j].calls) {
      if (c >= jobs_.size() || finished_[c] != 0) continue;
      const std::string why = "the calling job '" + jobs_[j].id + "' " +
                              (caller == status::undetermined ? "is undetermined"
                               : caller == status::failure    ? "failed"
                               : caller == status::cancelled  ? "was cancelled"
                                                              : "was skipped");
      end_legs(c, s, why);
      if (s == status::undetermined) out_.job_waits[c] = out_.job_waits[j];
      end_called_jobs(c, caller);
      results_[c] = s;
      finished_[c] = 1;
      out_.job_results[c] = s;
      ++runs_[run_of_job_[c]].jobs_done;
    }
  }

  /// Every job of job `j`'s call has ended: the calling job ends with the called run's
  /// conclusion (SEMANTICS §5.5: failure, else cancelled, else success; skipped jobs never
  /// fail a run), or undetermined while one of them is.
  void finish_call(std::uint32_t j) {
    status result = status::success;
    std::string why;
    for (const std::uint32_t c : jobs_[j].calls) {
      if (c >= jobs_.size()) continue;
      const status s = results_[c];
      if (s == status::failure && result != status::failure) {
        result = status::failure;
        why = "called job '" + jobs_[c].id + "' failed";
      } else if (s == status::cancelled && result != status::failure &&
                 result != status::cancelled) {
        result = status::cancelled;
        why = "called job '" + jobs_[c].id + "' was cancelled";
      } else if (s == status::undetermined && result == status::success) {
        result = status::undetermined;
        why = "called job '" + jobs_[c].id + "' is undetermined";
        out_.job_waits[j] = out_.job_waits[c];
      }
    }
    if (!why.empty()) out_.job_reasons[j] = why;
    finish_job(j, result);
  }

  /// The legs of job `j`: the plan's, or those its matrix got during the run.
  [[nodiscard]] std::span<const leg_spec> legs_of(std::uint32_t j) const {
    return expanded_.size() > j && !expanded_[j].empty() ? std::span<const leg_spec>(expanded_[j])
                                                         : std::span<const leg_spec>(jobs_[j].legs);
  }
  /// The spec of leg `l` (the scheduler's comparisons read it: one load).
  [[nodiscard]] const leg_spec& spec_of(std::uint32_t l) const { return *spec_[l]; }
  /// How many legs job `j` has.
  [[nodiscard]] std::uint32_t leg_count(std::uint32_t j) const {
    return range_[j].second - range_[j].first;
  }

  std::string skip_reason(std::uint32_t j, const condition_view& view) const {
    const job_spec& job = jobs_[j];
    if (!job.condition) {
      // The default success(): name the first ancestor that did not succeed.
      std::string culprit;
      view.for_each_ancestor([&](std::uint32_t a) {
        if (culprit.empty() && results_[a] != status::success &&
            results_[a] != status::undetermined) {
          culprit = "needed job '" + jobs_[a].id + "' " +
                    (results_[a] == status::failure     ? "failed"
                     : results_[a] == status::cancelled ? "was cancelled"
                                                        : "was skipped");
        }
      });
      return "success() is false: " +
             (culprit.empty() ? std::string("the run was cancelled") : culprit);
    }
    return "condition `" + job.condition_text + "` is false";
  }

  void make_ready(std::uint32_t l) {
    const leg_spec& spec = spec_of(l);
    out_.legs[l].ready = now_;
    state_[l] = leg_state::ready;
    if (options_.observer != nullptr) options_.observer->on_ready(out_.legs[l]);
    if (!spec.concurrency_group.empty()) {
      // GitHub: a group holds one item in progress (even while it waits for a runner) and
      // one pending; a newcomer replaces the pending one, and with cancel-in-progress also
      // cancels the one in progress.
      const std::string key = group_key(spec.concurrency_group);
      const std::uint32_t pending = groups_[key].pending;
      if (pending != none) {
        groups_[key].pending = none;
        cancel_leg(pending, "replaced by a newer pending run in concurrency group '" +
                                spec.concurrency_group + "'");
      }
      const std::uint32_t holder = groups_[key].running;
      if (holder != none && spec.cancel_in_progress) {
        cancel_leg(holder, "cancelled by a newer run in concurrency group '" +
                               spec.concurrency_group + "' (cancel-in-progress)");
      }
      group_state& g = groups_[key];
      if (g.running == none) {
        g.running = l;
      } else {
        g.pending = l;
      }
    }
    auto& queue = queues_[spec.runner];
    queue.legs.push_back(l);
    queue.dirty = true;
  }

  static std::string group_key(std::string_view group) {
    return pipewright::detail::to_upper(group);  // groups compare ignoring case
  }

  [[nodiscard]] bool before(std::uint32_t a, std::uint32_t b) const {
    const leg_run& x = out_.legs[a];
    const leg_run& y = out_.legs[b];
    const ready_leg ra{x.job, x.leg, x.ready, priority(a)};
    const ready_leg rb{y.job, y.leg, y.ready, priority(b)};
    if (options_.before(ra, rb)) return true;
    if (options_.before(rb, ra)) return false;
    return ready_first(a, b);
  }

  /// The order of declaration_order: the leg ready first, then declaration order.
  [[nodiscard]] bool ready_first(std::uint32_t a, std::uint32_t b) const {
    const double ra = out_.legs[a].ready;
    const double rb = out_.legs[b].ready;
    if (ra != rb) return ra < rb;
    return a < b;  // declaration order
  }

  /// Starts every ready leg that can start now. Ready legs wait in one queue per runner
  /// label (legs of different pools never compete for a runner), each kept in policy
  /// order; a pool with no free runner is passed over at once, so a long queue behind a
  /// scarce pool costs nothing per event.
  void start_ready() {
    for (auto& [label, queue] : queues_.items) {
      if (queue.legs.empty()) continue;
      const auto pool = free_.find(label);
      if (pool != free_.end() && pool->second == 0) continue;
      if (queue.dirty) {
        // GitHub's orders compare inline; a host's `before` goes through before().
        if (options_.before) {
          std::stable_sort(queue.legs.begin(), queue.legs.end(),
                           [this](std::uint32_t a, std::uint32_t b) { return before(a, b); });
        } else if (options_.order == order_policy::critical_path_first) {
          std::stable_sort(queue.legs.begin(), queue.legs.end(),
                           [this](std::uint32_t a, std::uint32_t b) {
                             const double pa = priority(a);
                             const double pb = priority(b);
                             return pa != pb ? pa > pb : ready_first(a, b);
                           });
        } else {
          std::stable_sort(queue.legs.begin(), queue.legs.end(),
                           [this](std::uint32_t a, std::uint32_t b) { return ready_first(a, b); });
        }
        queue.dirty = false;
      }
      std::size_t keep = 0;
      for (std::size_t i = 0; i < queue.legs.size(); ++i) {
        const std::uint32_t l = queue.legs[i];
        if (state_[l] != leg_state::ready) continue;  // cancelled while waiting
        const bool runner_free = pool == free_.end() || pool->second > 0;
        if (!runner_free || !try_start(l)) {
          queue.legs[keep++] = l;
          continue;
        }
        if (pool != free_.end()) --pool->second;
      }
      queue.legs.resize(keep);
    }
  }

  /// Starts `l` if its job's max-parallel and its concurrency group allow.
  bool try_start(std::uint32_t l) {
    const leg_run& r = out_.legs[l];
    const job_spec& job = jobs_[r.job];
    const leg_spec& spec = spec_of(l);
    if (job.max_parallel != 0 && running_in_job_[r.job] >= job.max_parallel) return false;
    if (options_.max_running != 0 && running_ >= options_.max_running) return false;
    if (!spec.concurrency_group.empty() &&
        groups_[group_key(spec.concurrency_group)].running != l) {
      return false;
    }
    ++running_in_job_[r.job];
    ++running_;
    state_[l] = leg_state::running;
    if (options_.observer != nullptr) {
      out_.legs[l].start = now_;
      options_.observer->on_start(out_.legs[l]);
    }
    if (starter_) {
      out_.legs[l].start = out_.legs[l].end = now_;
      ++in_flight_;
      const condition_view view(jobs_, results_, finished_, r.job,
                                runs_[run_of_job_[r.job]].cancelled, nullptr, outputs_,
                                legs_of(r.job));
      starter_(r.job, r.leg, now_, view, stops_[l].get_token(),
               [inbox = &inbox_, l](leg_execution e) { inbox->push(l, std::move(e)); });
      return true;
    }
    double duration = spec.duration;
    leg_result_[l] = spec.outcome;
    if (runner_ || !spec.steps.empty()) {
      const condition_view view(jobs_, results_, finished_, r.job,
                                runs_[run_of_job_[r.job]].cancelled, nullptr, outputs_,
                                legs_of(r.job));
      leg_execution e =
          runner_ ? runner_(r.job, r.leg, now_, view) : run_steps(spec.steps, now_, &view);
      duration = e.duration;
      leg_result_[l] = e.result;
      out_.legs[l].steps = std::move(e.steps);
      if (runner_) leg_outputs_[l] = std::move(e.outputs);
    }
    out_.legs[l].start = now_;
    out_.legs[l].end = now_ + std::max(0.0, duration);
    events_.emplace(out_.legs[l].end, l);
    return true;
  }

  /// Gives back a running leg's runner and job slot.
  void release(std::uint32_t l) {
    const leg_run& r = out_.legs[l];
    const leg_spec& spec = spec_of(l);
    const auto pool = free_.find(spec.runner);
    if (pool != free_.end()) ++pool->second;
    --running_in_job_[r.job];
    --running_;
  }

  /// Takes a finished or cancelled leg out of its concurrency group; the pending one, if
  /// any, moves up.
  void leave_group(std::uint32_t l) {
    const leg_spec& spec = spec_of(l);
    if (spec.concurrency_group.empty()) return;
    group_state& g = groups_[group_key(spec.concurrency_group)];
    if (g.pending == l) g.pending = none;
    if (g.running == l) {
      g.running = g.pending;
      g.pending = none;
    }
  }

  void cancel_leg(std::uint32_t l, std::string reason) {
    leg_run& r = out_.legs[l];
    if (state_[l] == leg_state::done) return;
    if (state_[l] == leg_state::running) {
      if (starter_ && reported_[l] == 0) {
        stops_[l].request_stop();  // the executor stops it; its runner is held until then
      } else {
        release(l);
      }
      r.end = now_;
      // The step in progress is cancelled; the steps after it never start.
      for (step_run& st : r.steps) {
        if (st.start >= now_ && st.outcome != status::skipped) {
          st.start = st.end = now_;
          st.outcome = st.conclusion = status::skipped;
          st.reason = "the job was cancelled";
        } else if (st.end > now_) {
          st.end = now_;
          st.outcome = st.conclusion = status::cancelled;
          st.reason = "the job was cancelled";
        }
      }
    } else {
      r.start = r.end = now_;
    }
    leave_group(l);
    const bool draining = starter_ && state_[l] == leg_state::running && reported_[l] == 0;
    state_[l] = leg_state::done;
    r.result = status::cancelled;
    r.reason = std::move(reason);
    if (options_.observer != nullptr) options_.observer->on_cancel(r);
    if (!draining) leg_done(l);  // else when the executor reports that it stopped
  }

  void finish_leg(std::uint32_t l) {
    release(l);
    leave_group(l);
    state_[l] = leg_state::done;
    leg_run& r = out_.legs[l];
    const job_spec& job = jobs_[r.job];
    const leg_spec& spec = spec_of(l);
    r.result = leg_result_[l] == status::skipped ? status::success : leg_result_[l];
    if (options_.observer != nullptr) options_.observer->on_finish(r);
    if ((runner_ || starter_) && leg_outputs_[l].is_object()) {
      // A matrix job's legs merge their outputs, the last leg to finish winning.
      if (!outputs_[r.job].is_object()) outputs_[r.job] = value::make_object();
      for (const auto& [key, v] : leg_outputs_[l].as_object()) {
        outputs_[r.job].as_object().insert_or_assign(key, v);
      }
    }
    if (r.result == status::failure && !spec.continue_on_error && job.fail_fast &&
        leg_count(r.job) > 1) {
      for (std::uint32_t o = range_[r.job].first; o < range_[r.job].second; ++o) {
        if (o != l && state_[o] != leg_state::done) {
          cancel_leg(o, "fail-fast: '" + spec.name + "' failed");
        }
      }
    }
    leg_done(l);
  }

  void leg_done(std::uint32_t l) {
    const std::uint32_t j = out_.legs[l].job;
    if (++legs_done_[j] < leg_count(j)) return;
    // GitHub: a failure with continue-on-error counts as success for dependents.
    status result = status::success;
    bool any_cancelled = false;
    for (std::uint32_t o = range_[j].first; o < range_[j].second; ++o) {
      const leg_run& r = out_.legs[o];
      const bool coe = spec_of(o).continue_on_error;
      if (r.result == status::failure && !coe) result = status::failure;
      if (r.result == status::cancelled) any_cancelled = true;
    }
    if (result != status::failure && any_cancelled) result = status::cancelled;
    if (result == status::failure) {
      for (std::uint32_t o = range_[j].first; o < range_[j].second; ++o) {
        if (out_.legs[o].result == status::failure) {
          out_.job_reasons[j] = "'" + spec_of(o).name + "' failed";
          break;
        }
      }
    }
    finish_job(j, result);
  }

  void finish_job(std::uint32_t j, status result) {
    results_[j] = result;
    finished_[j] = 1;
    out_.job_results[j] = result;
    for (const std::uint32_t d : dependents_[j]) {
      if (--waiting_[d] == 0) job_eligible(d);
    }
    const std::uint32_t r = run_of_job_[j];
    if (++runs_[r].jobs_done == runs_[r].end_job - runs_[r].first_job && !runs_[r].done) {
      run_done(r);
    }
    const std::uint32_t caller = jobs_[j].called_by;
    if (caller < jobs_.size() && finished_[caller] == 0 &&
        ++calls_done_[caller] == jobs_[caller].calls.size()) {
      finish_call(caller);
    }
  }

  std::span<const job_spec> jobs_;
  const simulate_options& options_;
  std::vector<run_slot> runs_;
  leg_runner runner_;
  leg_starter starter_;
  completion_inbox inbox_;
  std::vector<std::stop_source> stops_;  // per leg, with a starter
  std::vector<char> reported_;           // per leg, with a starter: its completion arrived
  std::uint32_t in_flight_ = 0;          // started legs whose completion has not arrived
  std::uint32_t running_ = 0;            // legs holding a runner
  bool stop_handled_ = false;
  std::vector<status> leg_result_;  // per leg: how it ends, decided when it starts
  std::vector<value> outputs_;      // per job: outputs produced by the runner, or null
  std::vector<value> leg_outputs_;  // per leg: outputs waiting for the leg's end
  std::vector<std::uint32_t> run_of_job_;
  run_result out_;
  std::vector<status> results_;
  std::vector<char> finished_;
  std::vector<std::uint32_t> waiting_;
  std::vector<std::uint32_t> running_in_job_;
  std::vector<std::uint32_t> legs_done_;
  std::vector<std::size_t> calls_done_;  // per calling job: its called jobs that have ended
  std::vector<std::vector<std::uint32_t>> dependents_;
  std::vector<std::uint32_t> first_leg_;                        // the plan's layout
  std::vector<std::pair<std::uint32_t, std::uint32_t>> range_;  // per job: its legs [first, end)
  std::vector<std::vector<leg_spec>> expanded_;  // per job: legs its matrix got during the run
  std::vector<const leg_spec*> spec_;            // per leg: its spec, planned or expanded
  bool grown_ = false;
  std::vector<leg_state> state_;
  std::vector<double> after_;
  struct ready_queue {
    std::vector<std::uint32_t> legs;
    bool dirty = false;
  };
  struct queue_map {
    std::vector<std::pair<std::string, ready_queue>> items;
    ready_queue& operator[](const std::string& k) {
      for (auto& p : items) {
        if (p.first == k) return p.second;
      }
      items.emplace_back(k, ready_queue{});
      return items.back().second;
    }
  } queues_;
  struct free_map {
    std::vector<std::pair<std::string, std::uint32_t>> items;
    using iterator = std::vector<std::pair<std::string, std::uint32_t>>::iterator;
    iterator find(const std::string& k) {
      return std::find_if(items.begin(), items.end(), [&](const auto& p) { return p.first == k; });
    }
    iterator end() { return items.end(); }
    std::uint32_t& operator[](const std::string& k) {
      auto it = find(k);
      if (it != items.end()) return it->second;
      items.emplace_back(k, 0);
      return items.back().second;
    }
  } free_;
  struct group_map {
    std::vector<std::pair<std::string, group_state>> items;
    group_state& operator[](const std::string& k) {
      for (auto& p : items) {
        if (p.first == k) return p.second;
      }
      items.emplace_back(k, group_state{});
      return items.back().second;
    }
  } groups_, run_groups_;
  using event = std::pair<double, std::uint32_t>;
  std::priority_queue<event, std::vector<event>, std::greater<>> events_;
  double now_ = 0;
};

/// The jobs whose legs end before job `j`'s can become ready: its needs, a calling job
/// standing for its called jobs, and for a called job also its calling job's needs.
inline std::vector<std::uint32_t> before_job(std::span<const job_spec> jobs, std::uint32_t j) {
  // In the order the needs are written (ties of the critical path break by it).
  std::vector<std::uint32_t> levels;  // j, its calling job, that one's, …
  for (std::uint32_t k = j; k < jobs.size(); k = jobs[k].called_by) levels.push_back(k);
  std::vector<std::uint32_t> todo;  // a stack: the first to visit last
  for (auto k = levels.rbegin(); k != levels.rend(); ++k) {
    todo.insert(todo.end(), jobs[*k].needs.rbegin(), jobs[*k].needs.rend());
  }
  std::vector<std::uint32_t> out;
  while (!todo.empty()) {
    const std::uint32_t a = todo.back();
    todo.pop_back();
    if (a >= jobs.size()) continue;
    if (jobs[a].calls.empty()) {
      out.push_back(a);
    } else {
      todo.insert(todo.end(), jobs[a].calls.rbegin(), jobs[a].calls.rend());
    }
  }
  return out;
}

/// Makespan, critical path, billing, utilisation and conclusion of one run's legs.
inline void summarise_run(run_result& out, std::span<const job_spec> jobs,
                          const simulate_options& options) {
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> first_leg(jobs.size() + 1, 0);
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    first_leg[j + 1] = first_leg[j] + static_cast<std::uint32_t>(
                                          out.legs_of(jobs, static_cast<std::uint32_t>(j)).size());
  }
  double first = std::numeric_limits<double>::infinity();
  double last = 0;
  std::uint32_t last_leg = none;
  std::vector<std::pair<std::string, double>> busy;
  for (std::uint32_t l = 0; l < out.legs.size(); ++l) {
    const leg_run& r = out.legs[l];
    if (!r.ran()) continue;
    first = std::min(first, r.start);
    if (r.end > last || last_leg == none) {
      last = r.end;
      last_leg = l;
    }
    const std::string& runner = out.spec(jobs, r).runner;
    out.billed_minutes += billed_minutes(r.end - r.start) * options.minute_multiplier(runner);
  }
  out.makespan = last_leg == none ? 0 : last - first;
  // The critical path: from the leg that ended last, back through the need that ended
  // last before it became ready.
  for (std::uint32_t l = last_leg; l != none;) {
    out.critical_path.push_back(l);
    const leg_run& r = out.legs[l];
    std::uint32_t prev = none;
    for (const std::uint32_t need : before_job(jobs, r.job)) {
      for (std::uint32_t o = first_leg[need]; o < first_leg[need + 1]; ++o) {
        const leg_run& p = out.legs[o];
        // The need that ended last; on a tie, one that was not cancelled (it decided).
        const bool later =
            prev == none || p.end > out.legs[prev].end ||
            (p.end == out.legs[prev].end && out.legs[prev].result == status::cancelled &&
             p.result != status::cancelled);
        if (p.ran() && p.end <= r.ready && later) {
          prev = o;
        }
      }
    }
    l = prev;
  }
  std::reverse(out.critical_path.begin(), out.critical_path.end());
  for (const runner_pool& p : options.pools) {
    double seconds = 0;
    for (const leg_run& r : out.legs) {
      if (r.ran() && out.spec(jobs, r).runner == p.label) seconds += r.end - r.start;
    }
    const double capacity = static_cast<double>(p.capacity) * out.makespan;
    out.utilization.emplace_back(p.label, capacity > 0 ? seconds / capacity : 0.0);
  }
  bool failed = false;
  bool cancelled = false;
  bool undetermined = false;
  for (const status s : out.job_results) {
    failed = failed || s == status::failure;
    cancelled = cancelled || s == status::cancelled;
    undetermined = undetermined || s == status::undetermined;
  }
  // An undetermined job could still fail: only a failure already known decides.
  out.conclusion = failed         ? status::failure
                   : cancelled    ? status::cancelled
                   : undetermined ? status::undetermined
                                  : status::success;
}

}  // namespace detail

namespace detail {

PIPEWRIGHT_DECL run_result simulate_with(std::span<const job_spec> jobs,
                                         const simulate_options& options, leg_runner runner) {
  simulator s(jobs, options, {}, std::move(runner));
  run_result r = s.run();
  summarise_run(r, jobs, options);
  return r;
}

PIPEWRIGHT_DECL run_result simulate_with(std::span<const job_spec> jobs,
                                         const simulate_options& options, leg_starter starter) {
  simulator s(jobs, options, std::move(starter));
  const std::stop_callback wake(options.stop, [&s] { s.interrupt(); });
  run_result r = s.run();
  summarise_run(r, jobs, options);
  return r;
}

}  // namespace detail

PIPEWRIGHT_DECL run_result simulate(std::span<const job_spec> jobs,
                                    const simulate_options& options) {
  return detail::simulate_with(jobs, options, leg_runner{});
}

PIPEWRIGHT_DECL std::vector<run_result> simulate_runs(std::span<const workflow_run> runs,
                                                      const simulate_options& options) {
  std::vector<job_spec> all;
  std::vector<detail::run_slot> slots(runs.size());
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto offset = static_cast<std::uint32_t>(all.size());
    slots[r].first_job = offset;
    slots[r].arrival = runs[r].arrival;
    slots[r].group = runs[r].concurrency_group;
    slots[r].cancel_in_progress = runs[r].cancel_in_progress;
    for (const job_spec& j : runs[r].jobs) {
      all.push_back(j);
      // A need outside this run's jobs must not reach into another run.
      for (std::uint32_t& need : all.back().needs) {
        need =
            need < runs[r].jobs.size() ? need + offset : std::numeric_limits<std::uint32_t>::max();
      }
      for (std::uint32_t& c : all.back().calls) {
        c = c < runs[r].jobs.size() ? c + offset : std::numeric_limits<std::uint32_t>::max();
      }
      std::uint32_t& by = all.back().called_by;
      by = by < runs[r].jobs.size() ? by + offset : no_job;
    }
    slots[r].end_job = static_cast<std::uint32_t>(all.size());
  }
  detail::simulator s(all, options, slots);
  run_result combined = s.run();
  std::vector<run_result> out(runs.size());
  std::vector<std::uint32_t> first_leg(all.size() + 1, 0);
  for (std::size_t j = 0; j < all.size(); ++j) {
    first_leg[j + 1] = first_leg[j] + static_cast<std::uint32_t>(all[j].legs.size());
  }
  for (std::size_t r = 0; r < runs.size(); ++r) {
    run_result& o = out[r];
    const std::uint32_t j0 = slots[r].first_job;
    const std::uint32_t j1 = slots[r].end_job;
    for (std::uint32_t l = first_leg[j0]; l < first_leg[j1]; ++l) {
      o.legs.push_back(std::move(combined.legs[l]));
      o.legs.back().job -= j0;
    }
    for (std::uint32_t j = j0; j < j1; ++j) {
      o.job_results.push_back(combined.job_results[j]);
      o.job_reasons.push_back(std::move(combined.job_reasons[j]));
      o.job_waits.push_back(std::move(combined.job_waits[j]));
    }
    detail::summarise_run(o, runs[r].jobs, options);
  }
  return out;
}

namespace detail {

/// SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit generator small enough to write here,
/// so monte_carlo() draws the same numbers with every standard library (the distributions of
/// `<random>` are implementation-defined) and the header does not pull in `<random>`.
class splitmix64 {
 public:
  explicit splitmix64(std::uint64_t seed) noexcept : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1): the top 53 bits as a double.
  double uniform() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace detail

PIPEWRIGHT_DECL monte_carlo_result monte_carlo(std::span<const job_spec> jobs,
                                               std::span<const double> failure_probability,
                                               std::size_t runs, std::uint64_t seed,
                                               const simulate_options& options) {
  monte_carlo_result out;
  out.runs = runs;
  out.job_failure_rate.assign(jobs.size(), 0);
  out.job_skip_rate.assign(jobs.size(), 0);
  out.job_undetermined_rate.assign(jobs.size(), 0);
  if (runs == 0) return out;
  detail::splitmix64 rng(seed);
  std::vector<job_spec> trial(jobs.begin(), jobs.end());
  std::vector<double> makespans;
  makespans.reserve(runs);
  std::size_t failures = 0;
  for (std::size_t i = 0; i < runs; ++i) {
    for (std::size_t j = 0; j < trial.size(); ++j) {
      const double p = j < failure_probability.size() ? failure_probability[j] : 0.0;
      for (std::size_t k = 0; k < trial[j].legs.size(); ++k) {
        const leg_spec& base = jobs[j].legs[k];
        if (base.steps.empty()) {
          trial[j].legs[k].outcome = (p > 0 && rng.uniform() < p) ? status::failure : base.outcome;
          continue;
        }
        // Each of the n steps fails with q = 1 - (1 - p)^(1/n): the leg still fails with
        // probability p (when every step runs), at a step drawn by chance.
        const double q =
            p > 0 ? 1.0 - std::pow(1.0 - p, 1.0 / static_cast<double>(base.steps.size())) : 0.0;
        for (std::size_t s = 0; s < base.steps.size(); ++s) {
          trial[j].legs[k].steps[s].outcome =
              (q > 0 && rng.uniform() < q) ? status::failure : base.steps[s].outcome;
        }
      }
    }
    const run_result r = simulate(trial, options);
    makespans.push_back(r.makespan);
    out.billed_minutes_mean += r.billed_minutes;
    if (r.conclusion == status::failure) ++failures;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (r.job_results[j] == status::failure) out.job_failure_rate[j] += 1;
      if (r.job_results[j] == status::skipped) out.job_skip_rate[j] += 1;
      if (r.job_results[j] == status::undetermined) out.job_undetermined_rate[j] += 1;
    }
  }
  const auto n = static_cast<double>(runs);
  std::sort(makespans.begin(), makespans.end());
  auto percentile = [&](double q) {
    const auto at = static_cast<std::size_t>(q * static_cast<double>(runs - 1) + 0.5);
    return makespans[std::min(at, runs - 1)];
  };
  out.makespan_p50 = percentile(0.50);
  out.makespan_p95 = percentile(0.95);
  out.billed_minutes_mean /= n;
  out.failure_rate = static_cast<double>(failures) / n;
  for (double& v : out.job_failure_rate) v /= n;
  for (double& v : out.job_skip_rate) v /= n;
  for (double& v : out.job_undetermined_rate) v /= n;
  return out;
}

}  // namespace schedule
}  // namespace v0
}  // namespace pipewright
