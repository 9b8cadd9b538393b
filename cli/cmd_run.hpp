// `pipewright run`: runs a workflow's `run:` steps on this machine through the engine's
// asynchronous executor (schedule::execute_async): a host executor that starts each leg on a
// thread of its own and each step as a process group, up to --jobs legs at once.
#pragma once

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.hpp"
#include "cmd_plan.hpp"
#include "cmd_simulate.hpp"
#include "pipewright/export/plan.hpp"
#include "pipewright/schedule/callback.hpp"
#include "pipewright/schedule/plan.hpp"
#include "pipewright/schedule/step_runtime.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration)

namespace pipewright::cli {

inline constexpr std::string_view run_help_usage =
    R"(usage: pipewright run WORKFLOW.yml [event options] [--jobs N] [--workdir DIR]
                      [--format text|json]

Runs the workflow on this machine the way GitHub's runner would run it for the event (as
'pipewright plan' plans it): jobs in needs order with their if: and
status functions, matrix legs, max-parallel, fail-fast and concurrency groups, up to N legs
at once. Each `run:` step runs in its shell (bash by default, or sh, pwsh, python, or a
command with {0}) in the workspace directory, with the workflow's, job's and step's env,
defaults.run, working-directory, continue-on-error and timeout-minutes (fractional allowed;
the step's process group is killed). The runner files work: GITHUB_OUTPUT (step outputs
for steps.<id>.outputs, and through the job's outputs: for needs.<id>.outputs of later
jobs), GITHUB_ENV, GITHUB_PATH and GITHUB_STEP_SUMMARY.

Not executed, and said so in the summary: `uses:` steps (actions), jobs that call reusable
workflows, services and containers (steps run on this machine, not in the container).
Secrets are empty unless --secret NAME gives one: its value is the environment variable
NAME (unset: empty). A matrix that reads needs outputs is not expanded at run time yet.

  --jobs N       legs that may run at once (default: the number of processors)
  --workdir DIR  the workspace (GITHUB_WORKSPACE); default: a new temporary directory,
                 kept after the run and named in the summary
  --format F     text (default), or json: the log lines go to standard error and standard
                 output gets the plan with the run (schema pipewright.plan/1.4, as
                 'simulate --format json'; times are seconds since the run started)

Output: each leg's output lines prefixed with its display name as they come, then a
summary: one line per leg (status, seconds, why it was skipped or failed) and the run's
conclusion. Ctrl-C cancels the run as GitHub's "Cancel workflow" does: running steps are
stopped, and only always()/cancelled() jobs and steps still run.

One leg (what each pod of 'pipewright export --to argo' runs; the engine decided that the
job runs):
  --leg NAME            run only the leg with this display name (or the job id of a job
                        without a matrix); its job's if: is taken as true
  --job ID              the leg's job (needed when the name is ambiguous or the matrix is
                        known only at run time)
  --list-legs           with --job: print the job's leg names as a JSON array (a matrix
                        that reads needs outputs is expanded with --needs-output)
  --needs-output J.K=V  output K of needed job J (repeat)
  --needs-result J=R    result of needed job J: success, failure, skipped, or an Argo
                        phase (Succeeded, Failed, Error, Skipped, Omitted); default success
  --outputs-dir DIR     write each job output to DIR/NAME, the leg's result to
                        DIR/pw-outcome and, with --list-legs, the list to DIR/legs
  --decide              with --job: decide the job's if: from --needs-result (give every
                        ancestor's) and --needs-output; print true or false and write it
                        to DIR/pw-if (an exported run's gate). An if: that cannot be
                        evaluated prints true and writes its error to DIR/pw-if-error
  --if-error MESSAGE    the gate's error: when not empty the leg fails at once with it,
                        as GitHub fails a job whose if: cannot be evaluated
With --leg the exit status is the job's: 0 when it succeeds (also a failure under
continue-on-error, whose result is in DIR/pw-outcome), 1 otherwise.

Exit status: 0 the run concluded success, 1 failure or cancelled (or a bad workflow),
2 usage error.

)";
inline constexpr std::string_view run_help = joined<run_help_usage, event_options_help>::value;

#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML

namespace run_cli {

/// The `secrets` context of `--secret NAME`...: each NAME valued from the environment
/// variable of that name (empty when it is not set).
inline value secrets_from_environment(const std::vector<std::string>& names) {
  object out;
  for (const std::string& name : names) {
    const char* v = std::getenv(name.c_str());
    out.insert_or_assign(name, value(std::string(v != nullptr ? v : "")));
  }
  return value(std::move(out));
}

/// Seconds since `t0`.
inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Whether `program` is on PATH.
inline bool on_path(std::string_view program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string_view rest = path;
  while (true) {
    const std::size_t colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    const std::string candidate =
        (dir.empty() ? std::string(".") : dir) + "/" + std::string(program);
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) return false;
    rest.remove_prefix(colon + 1);
  }
}

/// The command line for a step's shell and script file, as GitHub's runner builds it.
inline std::vector<std::string> shell_command(const std::string& shell, const std::string& file,
                                              std::string& error) {
  auto with_file = [&file](std::vector<std::string> argv) {
    for (std::string& a : argv) {
      if (a == "{0}") a = file;
    }
    return argv;
  };
  if (shell.empty()) {
    if (on_path("bash")) return with_file({"bash", "-e", "{0}"});
    return with_file({"sh", "-e", "{0}"});
  }
  if (shell == "bash")
    return with_file({"bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}"});
  if (shell == "sh") return with_file({"sh", "-e", "{0}"});
  if (shell == "python") return with_file({"python3", "{0}"});
  if (shell == "pwsh") {
    if (!on_path("pwsh")) {
      error = "shell pwsh is not installed on this machine";
      return {};
    }
    return with_file({"pwsh", "-command", ". '{0}'"});
  }
  if (shell == "cmd" || shell == "powershell") {
    error = "shell " + shell + " runs only on Windows";
    return {};
  }
  // A custom shell: `command [options] {0}`.
  std::vector<std::string> argv;
  std::istringstream words(shell);
  for (std::string w; words >> w;) argv.push_back(w);
  if (argv.empty() || shell.find("{0}") == std::string::npos) {
    error = "a custom shell must contain {0}, got '" + shell + "'";
    return {};
  }
  std::vector<std::string> out;
  for (std::string& a : argv) {
    const std::size_t at = a.find("{0}");
    if (at != std::string::npos) a.replace(at, 3, file);
    out.push_back(a);
  }
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// `name=value` lines and `name<<DELIMITER` blocks of GITHUB_OUTPUT and GITHUB_ENV.
inline std::vector<std::pair<std::string, std::string>> parse_runner_file(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t heredoc = line.find("<<");
    const std::size_t eq = line.find('=');
    if (heredoc != std::string::npos && (eq == std::string::npos || heredoc < eq)) {
      const std::string name = line.substr(0, heredoc);
      const std::string delimiter = line.substr(heredoc + 2);
      std::string v;
      bool first = true;
      while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line == delimiter) break;
        if (!first) v += '\n';
        v += line;
        first = false;
      }
      out.emplace_back(name, v);
    } else if (eq != std::string::npos) {
      out.emplace_back(line.substr(0, eq), line.substr(eq + 1));
    }
  }
  return out;
}

/// Writes lines to the terminal whole, each prefixed with its leg's name.
class log_sink {
 public:
  explicit log_sink(std::FILE* out) : out_(out) {}
  void line(std::string_view leg, std::string_view text) {
    const std::lock_guard<std::mutex> lock(mutex_);
    std::string s = "[" + std::string(leg) + "] " + std::string(text) + "\n";
    std::fwrite(s.data(), 1, s.size(), out_);
    std::fflush(out_);
  }

 private:
  std::FILE* out_;
  std::mutex mutex_;
};

/// The host executor: each leg on a thread, each step a process group.
class host_executor {
 public:
  host_executor(std::string workspace, log_sink& log)
      : workspace_(std::move(workspace)), log_(log) {}
  host_executor(const host_executor&) = delete;
  host_executor& operator=(const host_executor&) = delete;
  ~host_executor() { join(); }

  void start(schedule::leg_call call, std::stop_token stop, schedule::leg_done done) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const unsigned n = legs_++;
    threads_.emplace_back([this, n, call = std::move(call), stop = std::move(stop),
                           done = std::move(done)]() mutable { done(run_leg(n, call, stop)); });
  }

  void join() {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

  /// The `secrets` context of every step: --secret NAME, valued from the environment.
  value secrets = value::make_object();

  /// Notes for the summary (steps and jobs not executed), one per line.
  std::vector<std::string> notes() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return notes_;
  }

 private:
  void note(std::string s) {
    const std::lock_guard<std::mutex> lock(mutex_);
    notes_.push_back(std::move(s));
  }

  schedule::leg_outcome run_leg(unsigned n, const schedule::leg_call& given,
                                const std::stop_token& stop) {
    const auto t0 = std::chrono::steady_clock::now();
    schedule::leg_call with_secrets;
    if (!secrets.as_object().empty()) {
      with_secrets = given;
      with_secrets.contexts =
          given.contexts.is_object() ? given.contexts.clone() : value::make_object();
      with_secrets.contexts.as_object().insert_or_assign("secrets", secrets);
    }
    const schedule::leg_call& call = secrets.as_object().empty() ? given : with_secrets;
    schedule::step_runtime rt(call);
    if (call.model_job != nullptr && call.model_job->kind == model::job_kind::reusable_call) {
      note("job '" + call.job + "' calls a reusable workflow: not executed");
      log_.line(call.name, "(calls a reusable workflow: not executed)");
    }
    if (call.model_job != nullptr &&
        (call.model_job->container || !call.model_job->services.empty())) {
      note("job '" + call.job + "': container/services not started; its steps ran on this machine");
    }
    const std::string dir = workspace_ + "/.pipewright/leg-" + std::to_string(n);
    ::mkdir((workspace_ + "/.pipewright").c_str(), 0755);
    ::mkdir(dir.c_str(), 0755);
    const std::string summary = dir + "/step_summary.md";
    while (auto cmd = rt.next(stop.stop_requested())) {
      if (cmd->action) {
        note("step '" + cmd->name + "' of '" + call.name + "' (uses: " + cmd->uses +
             "): not executed");
        log_.line(call.name, "skipped " + cmd->name + " (uses: " + cmd->uses + " is not executed)");
        rt.skip_current("uses: steps are not executed by pipewright run");
        continue;
      }
      const double elapsed = seconds_since(t0);
      double timeout = cmd->timeout;
      const double job_left = rt.job_timeout() - elapsed;
      bool job_limit = false;
      if (timeout <= 0 || job_left < timeout) {
        timeout = std::max(0.001, job_left);
        job_limit = true;
      }
      // A step that starts after the cancellation (an always() step) is not stopped by it;
      // GitHub gives it cancel-timeout-minutes (default 5).
      const bool after_cancel = stop.stop_requested();
      if (after_cancel) timeout = std::min(timeout, cancel_timeout(call));
      schedule::step_result r =
          run_step(call, *cmd, dir, summary, timeout, after_cancel ? std::stop_token() : stop);
      r.start = elapsed;
      r.end = seconds_since(t0);
      if (r.reason == "timed out") {
        r.reason = job_limit ? "the job exceeded its timeout-minutes"
                             : "timed out after " + format_minutes(cmd->timeout / 60) + " minutes";
      }
      log_.line(call.name,
                std::string(r.outcome == schedule::status::success ? "finished " : "ended ") +
                    cmd->name + ": " + std::string(schedule::status_name(r.outcome)) +
                    (r.reason.empty() ? "" : " (" + r.reason + ")") +
                    (r.outcome == schedule::status::failure && cmd->continue_on_error
                         ? ", continue-on-error"
                         : ""));
      rt.record(r);
    }
    return rt.outcome(seconds_since(t0));
  }

  /// `jobs.<id>.cancel-timeout-minutes` in seconds (GitHub's default 5 minutes).
  static double cancel_timeout(const schedule::leg_call& call) {
    if (call.model_job != nullptr && call.model_job->cancel_timeout_minutes) {
      if (auto v = call.model_job->cancel_timeout_minutes->evaluate(call.contexts); v) {
        const double m = expr::to_number(*v);
        if (m > 0) return m * 60;
      }
    }
    return 5 * 60;
  }

  static std::string format_minutes(double m) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", m);
    return buf;
  }

  schedule::step_result run_step(const schedule::leg_call& call, const schedule::step_command& cmd,
                                 const std::string& dir, const std::string& summary, double timeout,
                                 const std::stop_token& stop) {
    schedule::step_result r;
    for (const std::string& p : cmd.problems) log_.line(call.name, "warning: " + p);
    const std::string base = dir + "/step-" + std::to_string(cmd.index);
    const std::string script = base + ".sh";
    const std::string output_file = base + ".output";
    const std::string env_file = base + ".env";
    const std::string path_file = base + ".path";
    {
      std::ofstream(script, std::ios::binary)
          << cmd.script << (cmd.script.ends_with('\n') ? "" : "\n");
      std::ofstream(output_file).flush();
      std::ofstream(env_file).flush();
      std::ofstream(path_file).flush();
    }
    std::string error;
    const std::vector<std::string> argv = shell_command(cmd.shell, script, error);
    if (argv.empty()) {
      log_.line(call.name, "error: " + error);
      r.outcome = schedule::status::failure;
      r.reason = error;
      return r;
    }
    std::string cwd = workspace_;
    if (!cmd.working_directory.empty()) {
      cwd = cmd.working_directory.front() == '/' ? cmd.working_directory
                                                 : workspace_ + "/" + cmd.working_directory;
    }
    // The environment: this process's, the runner's variables, then the step's.
    std::vector<std::pair<std::string, std::string>> env;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string_view kv = *e;
      const std::size_t eq = kv.find('=');
      if (eq != std::string_view::npos) env.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    auto put = [&env](const std::string& k, const std::string& v) {
      for (auto& [name, val] : env) {
        if (name == k) {
          val = v;
          return;
        }
      }
      env.emplace_back(k, v);
    };
    const value& github = call.contexts["github"];
    auto gh = [&github](std::string_view k) {
      const value& v = github[k];
      return v.is_string() ? std::string(v.as_string()) : std::string();
    };
    put("CI", "true");
    put("GITHUB_ACTIONS", "true");
    put("GITHUB_WORKSPACE", workspace_);
    put("GITHUB_OUTPUT", output_file);
    put("GITHUB_ENV", env_file);
    put("GITHUB_PATH", path_file);
    put("GITHUB_STEP_SUMMARY", summary);
    put("GITHUB_JOB", call.job);
    put("GITHUB_EVENT_NAME", gh("event_name"));
    put("GITHUB_REF", gh("ref"));
    put("GITHUB_SHA", gh("sha"));
    put("GITHUB_REPOSITORY", gh("repository"));
    put("GITHUB_WORKFLOW", gh("workflow"));
    put("RUNNER_OS", "Linux");
    put("RUNNER_ARCH", "X64");
    put("RUNNER_TEMP", dir);
    for (const auto& [k, v] : cmd.env) put(k, v);
    if (!cmd.path.empty()) {
      std::string path;
      for (const std::string& p : cmd.path) path += p + ":";
      const char* old = std::getenv("PATH");
      put("PATH", path + (old != nullptr ? old : ""));
    }
    std::vector<std::string> env_strings;
    env_strings.reserve(env.size());
    for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (std::string& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (std::string& a : args) argp.push_back(a.data());
    argp.push_back(nullptr);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      r.outcome = schedule::status::failure;
      r.reason = std::string("pipe: ") + std::strerror(errno);
      return r;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      r.outcome = schedule::status::failure;
      r.reason = std::string("fork: ") + std::strerror(errno);
      return r;
    }
    if (pid == 0) {
      ::setpgid(0, 0);
      sigset_t none;
      sigemptyset(&none);
      ::sigprocmask(SIG_SETMASK, &none, nullptr);
      ::dup2(fds[1], 1);
      ::dup2(fds[1], 2);
      ::close(fds[0]);
      ::close(fds[1]);
      const int devnull = ::open("/dev/null", O_RDONLY);
      if (devnull >= 0) ::dup2(devnull, 0);
      if (::chdir(cwd.c_str()) != 0) {
        static constexpr char m[] = "pipewright run: cannot enter the working-directory\n";
        (void)!::write(2, m, sizeof m - 1);
        ::_exit(1);
      }
      ::execvpe(argp[0], argp.data(), envp.data());
      static constexpr char m[] = "pipewright run: cannot start the shell\n";
      (void)!::write(2, m, sizeof m - 1);
      ::_exit(127);
    }
    ::setpgid(pid, pid);
    ::close(fds[1]);
    const auto t0 = std::chrono::steady_clock::now();
    std::string pending;
    bool timed_out = false;
    bool stopped = false;
    double kill_at = -1;
    bool open = true;
    while (open) {
      pollfd p{fds[0], POLLIN, 0};
      const int ready = ::poll(&p, 1, 50);
      if (ready > 0) {
        char buf[4096];
        const ssize_t got = ::read(fds[0], buf, sizeof buf);
        if (got <= 0) {
          open = false;
        } else {
          pending.append(buf, static_cast<std::size_t>(got));
          std::size_t nl;
          while ((nl = pending.find('\n')) != std::string::npos) {
            log_.line(call.name, pending.substr(0, nl));
            pending.erase(0, nl + 1);
          }
        }
      }
      const double t = seconds_since(t0);
      if (kill_at < 0 && (stop.stop_requested() || t >= timeout)) {
        (stop.stop_requested() ? stopped : timed_out) = true;
        ::kill(-pid, SIGTERM);
        kill_at = t + 2;
      } else if (kill_at >= 0 && t >= kill_at) {
        ::kill(-pid, SIGKILL);
        kill_at = t + 3600;
      }
    }
    if (!pending.empty()) log_.line(call.name, pending);
    ::close(fds[0]);
    int wstatus = 0;
    while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    ::kill(-pid, SIGKILL);  // whatever the step left running in its group
    if (stopped) {
      r.outcome = schedule::status::cancelled;
      r.reason = "stopped: the leg was cancelled";
    } else if (timed_out) {
      r.outcome = schedule::status::failure;
      r.reason = "timed out";
    } else if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) {
      r.outcome = schedule::status::success;
    } else {
      r.outcome = schedule::status::failure;
      r.reason = WIFEXITED(wstatus) ? "exit code " + std::to_string(WEXITSTATUS(wstatus))
                                    : "killed by signal " + std::to_string(WTERMSIG(wstatus));
    }
    r.outputs = parse_runner_file(read_file(output_file));
    r.env = parse_runner_file(read_file(env_file));
    std::istringstream paths(read_file(path_file));
    for (std::string line; std::getline(paths, line);) {
      if (!line.empty()) r.path.push_back(line);
    }
    return r;
  }

  std::string workspace_;
  log_sink& log_;
  std::mutex mutex_;
  std::vector<std::thread> threads_;
  std::vector<std::string> notes_;
  unsigned legs_ = 0;
};

/// Turns SIGINT and SIGTERM into a stop request while a run lasts.
class interrupt_guard {
 public:
  explicit interrupt_guard(std::stop_source& source) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGUSR2);
    ::pthread_sigmask(SIG_BLOCK, &set_, &old_);
    waiter_ = std::thread([this, &source] {
      for (;;) {
        int sig = 0;
        if (::sigwait(&set_, &sig) != 0) continue;
        if (sig == SIGUSR2) return;
        interrupted_ = true;
        source.request_stop();
      }
    });
  }
  interrupt_guard(const interrupt_guard&) = delete;
  interrupt_guard& operator=(const interrupt_guard&) = delete;
  ~interrupt_guard() {
    ::pthread_kill(waiter_.native_handle(), SIGUSR2);
    waiter_.join();
    ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  [[nodiscard]] bool interrupted() const { return interrupted_; }

 private:
  sigset_t set_{};
  sigset_t old_{};
  std::atomic<bool> interrupted_{false};
  std::thread waiter_;
};

/// What `--leg` / `--list-legs` were given.
struct leg_mode {
  std::optional<std::string> leg;
  std::optional<std::string> job;
  bool list = false;
  std::optional<std::string> outputs_dir;
  std::vector<std::string> needs_outputs;  ///< J.K=V
  std::vector<std::string> needs_results;  ///< J=R
  bool decide = false;                     ///< --decide: print the job's if: decision
  std::optional<std::string> if_error;     ///< --if-error: the gate's evaluation error
  [[nodiscard]] bool active() const { return leg.has_value() || list || decide; }
};

/// A result given on the command line: GitHub's word or Argo's phase.
inline std::optional<schedule::status> given_result(std::string_view s) {
  if (s == "success" || s == "Succeeded") return schedule::status::success;
  if (s == "failure" || s == "Failed" || s == "Error") return schedule::status::failure;
  if (s == "skipped" || s == "Skipped" || s == "Omitted") return schedule::status::skipped;
  if (s == "cancelled") return schedule::status::cancelled;
  return std::nullopt;
}

inline std::size_t job_index(const schedule::plan& p, std::string_view id) {
  for (std::size_t j = 0; j < p.jobs.size(); ++j) {
    if (pipewright::detail::iequals(p.jobs[j].id, id)) return j;
  }
  return p.jobs.size();
}

/// Runs one leg through the host executor; every other leg the plan starts ends at once with
/// the result and outputs given for its job.
struct one_leg_executor {
  host_executor& host;
  const schedule::plan& plan;
  std::size_t job = 0;
  std::string name;
  std::vector<schedule::status> results;
  std::vector<std::vector<std::pair<std::string, std::string>>> outputs;
  bool found = false;
  schedule::leg_outcome outcome{};

  void start(schedule::leg_call call, std::stop_token stop, schedule::leg_done done) {
    const std::size_t j = job_index(plan, call.job);
    const bool single = j < plan.jobs.size() && !plan.jobs[j].has_matrix;
    if (j == job && !found && (call.name == name || (single && plan.jobs[j].id == name))) {
      found = true;
      host.start(std::move(call), std::move(stop), [this, done](schedule::leg_outcome o) {
        outcome = o;
        done(std::move(o));
      });
      return;
    }
    schedule::leg_outcome o;
    o.duration = 0;
    if (j < results.size() && j != job) o.result = results[j];
    if (j < outputs.size()) o.outputs = outputs[j];
    done(std::move(o));
  }
};

inline bool write_text_file(const std::string& path, std::string_view text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  return static_cast<bool>(f);
}

/// `--leg` / `--list-legs` on a plan that runs; returns the exit status.
inline int run_one_leg(const streams& io, const plan_cli::common& c, schedule::plan& p,
                       const leg_mode& m, const std::string& workspace,
                       schedule::simulate_options so) {
  const std::size_t n = p.jobs.size();
  std::size_t j = n;
  if (m.job) {
    j = job_index(p, *m.job);
    if (j == n) return usage_error(io, "run", "--job '" + *m.job + "' names no job");
  } else {
    for (std::size_t k = 0; k < n && m.leg; ++k) {
      bool match = !p.jobs[k].has_matrix && pipewright::detail::iequals(p.jobs[k].id, *m.leg);
      for (const schedule::plan_leg& l : p.jobs[k].legs) match = match || l.name == *m.leg;
      if (!match) continue;
      if (j != n) return usage_error(io, "run", "--leg '" + *m.leg + "' is ambiguous: add --job");
      j = k;
    }
    if (j == n) return usage_error(io, "run", "--leg '" + *m.leg + "' names no leg of the plan");
  }
  std::vector<schedule::status> results(n, schedule::status::success);
  std::vector<std::vector<std::pair<std::string, std::string>>> outputs(n);
  std::vector<value> output_values(n, value::make_object());
  std::string k;
  std::string v;
  for (const std::string& kv : m.needs_results) {
    const auto r = split_kv(kv, k, v) ? given_result(v) : std::nullopt;
    if (!r || job_index(p, k) == n) {
      return usage_error(io, "run", "--needs-result takes JOB=RESULT of a job, got '" + kv + "'");
    }
    results[job_index(p, k)] = *r;
  }
  for (const std::string& kv : m.needs_outputs) {
    const std::size_t dot = kv.find('.');
    const std::size_t eq = kv.find('=');
    const std::size_t i = dot < eq ? job_index(p, kv.substr(0, dot)) : n;
    if (eq == std::string::npos || i == n) {
      return usage_error(io, "run",
                         "--needs-output takes JOB.NAME=VALUE of a job, got '" + kv + "'");
    }
    outputs[i].emplace_back(kv.substr(dot + 1, eq - dot - 1), kv.substr(eq + 1));
    output_values[i].as_object().insert_or_assign(kv.substr(dot + 1, eq - dot - 1),
                                                  value(kv.substr(eq + 1)));
  }
  const std::string dir = m.outputs_dir ? *m.outputs_dir : std::string();
  if (!dir.empty()) ::mkdir(dir.c_str(), 0755);

  if (m.decide) {
    // The gate of an exported run: the job's if: with its ancestors' results and its needs'
    // outputs. An evaluation error is passed on (pw-if-error): the job's own pods fail with
    // it, as GitHub fails the job.
    std::string error;
    const bool runs =
        schedule::decide_job(p.specs, static_cast<std::uint32_t>(j), results, output_values, error);
    const std::string decision = runs || !error.empty() ? "true" : "false";
    if (!dir.empty() && (!write_text_file(dir + "/pw-if", decision) ||
                         !write_text_file(dir + "/pw-if-error", error))) {
      io.error("pipewright run: cannot write the decision to " + dir + "\n");
      return exit_findings;
    }
    if (!error.empty()) {
      io.error("pipewright run: job '" + p.jobs[j].id + "': if: could not be evaluated: " + error +
               "\n");
    }
    io.write(decision + "\n");
    return exit_ok;
  }
  if (m.if_error && !m.if_error->empty()) {
    // The gate could not evaluate the job's if:: GitHub fails the job.
    if (!dir.empty()) (void)write_text_file(dir + "/pw-outcome", "failure");
    io.error("pipewright run: job '" + p.jobs[j].id +
             "': if: could not be evaluated: " + *m.if_error + "\n");
    return exit_findings;
  }

  if (m.list) {
    std::vector<std::string> names;
    if (p.specs[j].expand) {
      const std::vector<char> finished(n, 1);
      std::string error;
      const schedule::condition_view view(p.specs, results, finished, static_cast<std::uint32_t>(j),
                                          false, &error, output_values);
      auto legs = p.specs[j].expand(view);
      if (!legs) {
        report(io, legs.diagnostics(), c.text, c.shown);
        return exit_findings;
      }
      for (const schedule::leg_spec& l : *legs) names.push_back(l.name);
    } else {
      for (const schedule::plan_leg& l : p.jobs[j].legs) names.push_back(l.name);
    }
    value list = value::make_array();
    for (const std::string& name : names) list.as_array().emplace_back(name);
    std::string out;
    json::write(out, list, json::compact_style);
    if (!dir.empty() && !write_text_file(dir + "/legs", out)) {
      io.error("pipewright run: cannot write " + dir + "/legs\n");
      return exit_findings;
    }
    io.write(out + "\n");
    return exit_ok;
  }

  // The engine decided: the job runs, its ancestors have the given results, the rest do not run.
  std::vector<char> ancestor(n, 0);
  for (const std::uint32_t a : schedule::ancestors(p, static_cast<std::uint32_t>(j)))
    ancestor[a] = 1;
  for (std::size_t i = 0; i < n; ++i) {
    const bool runs = i == j || (ancestor[i] != 0 && results[i] != schedule::status::skipped);
    p.specs[i].condition = [runs](const schedule::condition_view&) { return runs; };
    if (i == j) continue;
    p.specs[i].error.clear();
    p.specs[i].expand = {};  // its legs ran elsewhere: one placeholder reports for them
  }
  p.specs[j].fail_fast = false;
  std::fflush(io.out);
  log_sink log(io.out);
  std::stop_source stop;
  so.stop = stop.get_token();
  schedule::run_result r;
  host_executor host(workspace, log);
  host.secrets = secrets_from_environment(c.events.secrets);
  one_leg_executor exec{host, p, j, m.leg ? *m.leg : std::string(), results, outputs};
  {
    interrupt_guard guard(stop);
    r = schedule::execute_async(c.workflow, p, exec, so);
    exec.host.join();
  }
  if (!exec.found) {
    io.error("pipewright run: the plan has no leg '" + exec.name + "' in job '" + p.jobs[j].id +
             "'\n");
    return exit_findings;
  }
  const schedule::status job_result =
      j < r.job_results.size() ? r.job_results[j] : schedule::status::failure;
  if (!dir.empty()) {
    bool ok = write_text_file(dir + "/pw-outcome", schedule::status_name(exec.outcome.result));
    for (const auto& [key, val] : exec.outcome.outputs) {
      ok = write_text_file(dir + "/" + key, val) && ok;
    }
    if (!ok) {
      io.error("pipewright run: cannot write the outputs to " + dir + "\n");
      return exit_findings;
    }
  }
  io.write("\n" + exec.name + " — " + std::string(schedule::status_name(exec.outcome.result)) +
           " (job " + std::string(schedule::status_name(job_result)) +
           ")\nworkspace: " + workspace + "\n");
  return job_result == schedule::status::success ? exit_ok : exit_findings;
}

}  // namespace run_cli

inline int run_run(arguments& args, const streams& io) {
  bool missing = false;
  const auto jobs_text = args.option("--jobs", missing);
  const auto workdir = args.option("--workdir", missing);
  const auto format = args.option("--format", missing);
  run_cli::leg_mode mode;
  mode.leg = args.option("--leg", missing);
  mode.job = args.option("--job", missing);
  mode.list = args.flag("--list-legs");
  mode.outputs_dir = args.option("--outputs-dir", missing);
  mode.needs_outputs = args.options("--needs-output", missing);
  mode.needs_results = args.options("--needs-result", missing);
  mode.decide = args.flag("--decide");
  mode.if_error = args.option("--if-error", missing);
  if (format && *format == "json") io.json_diagnostics = true;  // problems as JSON lines too
  if (missing) return usage_error(io, "run", "an option is missing its value");
  if (mode.list && (!mode.job || mode.leg)) {
    return usage_error(io, "run", "--list-legs takes --job and no --leg");
  }
  if (mode.decide && (!mode.job || mode.leg || mode.list || mode.if_error)) {
    return usage_error(io, "run", "--decide takes --job and no --leg, --list-legs or --if-error");
  }
  if (!mode.active() && (mode.job || mode.outputs_dir || !mode.needs_outputs.empty() ||
                         !mode.needs_results.empty() || mode.if_error)) {
    return usage_error(io, "run",
                       "--job, --outputs-dir, --needs-output, --needs-result and --if-error go "
                       "with --leg, --list-legs or --decide");
  }
  if (mode.active() && format && *format == "json") {
    return usage_error(io, "run", "--format json is for a whole run, not --leg");
  }
  if (format && *format != "text" && *format != "json") {
    return usage_error(io, "run", "--format must be text or json");
  }
  const bool as_json = format && *format == "json";
  plan_cli::common c;
  if (const int rc = plan_cli::read_common("run", args, io, c); rc >= 0) return rc;
  if (!c.options.outcomes.empty()) {
    return usage_error(io, "run", "--outcome is for plan and simulate: run runs the steps");
  }
  schedule::simulate_options so;
  so.max_running = std::max(1U, std::thread::hardware_concurrency());
  if (jobs_text) {
    double n = 0;
    if (!plan_cli::parse_number(*jobs_text, n) || n < 1 || n > 4096 ||
        n != static_cast<double>(static_cast<std::uint32_t>(n))) {
      return usage_error(io, "run", "--jobs takes a count from 1 to 4096");
    }
    so.max_running = static_cast<std::uint32_t>(n);
  }
  if (const int rc = plan_cli::load("run", args, io, c); rc >= 0) return rc;
  // The executor runs the top workflow's jobs: a call stays one job, not executed.
  c.options.resolve_workflow = {};
  c.options.load_workflow = {};
  std::string workspace;
  if (workdir) {
    workspace = *workdir;
    ::mkdir(workspace.c_str(), 0755);
    struct stat st {};
    if (::stat(workspace.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return usage_error(io, "run", "--workdir " + workspace + " is not a directory");
    }
    char resolved[PATH_MAX];
    if (::realpath(workspace.c_str(), resolved) != nullptr) workspace = resolved;
  } else {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern =
        std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/pipewright-run-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      io.error("pipewright run: cannot create a workspace: " + std::string(std::strerror(errno)) +
               "\n");
      return exit_findings;
    }
    workspace = pattern;
  }
  auto p = schedule::make_plan(c.workflow, c.options);
  if (!p) {
    report(io, p.diagnostics(), c.text, c.shown);
    return exit_findings;
  }
  for (const diagnostic& d : p->diagnostics) {
    if (d.is_error()) {
      report(io, p->diagnostics, c.text, c.shown);
      return exit_findings;
    }
  }
  if (!p->runs) {
    io.write(plan_cli::workflow_title(c) + ": not run: " + p->summary + "\n");
    return mode.active() ? exit_findings : exit_ok;
  }
  if (mode.active()) return run_cli::run_one_leg(io, c, *p, mode, workspace, so);
  std::fflush(io.out);
  run_cli::log_sink log(as_json ? io.err : io.out);
  std::stop_source stop;
  so.stop = stop.get_token();
  schedule::run_result r;
  std::vector<std::string> notes;
  bool interrupted = false;
  {
    run_cli::interrupt_guard guard(stop);
    run_cli::host_executor host(workspace, log);
    host.secrets = run_cli::secrets_from_environment(c.events.secrets);
    r = schedule::execute_async(c.workflow, *p, host, so);
    host.join();
    notes = host.notes();
    interrupted = guard.interrupted();
  }
  if (as_json) {
    std::string out;
    export_::write_plan_json(out, *p, &r);
    io.write(out + "\n");
    return r.conclusion == schedule::status::success ? exit_ok : exit_findings;
  }
  // The summary: one line per leg in plan order.
  std::string out = "\n" + plan_cli::workflow_title(c) + " — " +
                    std::string(schedule::status_name(r.conclusion)) +
                    (interrupted ? " (interrupted)" : "") + "\n";
  std::size_t width = 3;
  for (const schedule::leg_run& l : r.legs)
    width = std::max(width, plan_cli::leg_name(*p, r, l).size());
  for (const schedule::leg_run& l : r.legs) {
    std::string line = "  ";
    plan_cli::pad(line, plan_cli::leg_name(*p, r, l), width);
    plan_cli::pad(line, schedule::status_name(l.result), 9);
    const std::string secs = l.ran() ? plan_cli::fixed(l.end - l.start, 1) + "s" : "-";
    plan_cli::pad(line, secs, 7);
    line += l.reason;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  if (!notes.empty()) {
    out += "Not executed (" + std::to_string(notes.size()) + "):\n";
    for (const std::string& n : notes) out += "  " + n + "\n";
  }
  out += "workspace: " + workspace + "\n";
  io.write(out);
  return r.conclusion == schedule::status::success ? exit_ok : exit_findings;
}

#else

inline int run_run(arguments&, const streams& io) {
  io.error("pipewright run: this build has no YAML support (libyaml was not found)\n");
  return exit_findings;
}

#endif

}  // namespace pipewright::cli
