/// @file definition.hpp
/// The pieces of a compile-time pipeline: `workflow`, `job`, `step`, `matrix`, triggers and
/// the keys of each, written like the YAML they stand for.
///
/// ```cpp
/// using namespace pipewright::static_;
/// constexpr auto ci = workflow{"CI", on::push{"main"},
///     job{"build", runs_on{"ubuntu-latest"},
///         matrix{axis{"os", {"ubuntu-latest", "windows-latest"}}},
///         step{uses{"actions/checkout@v4"}}, step{run{"make"}}},
///     job{"test", needs{"build"}, runs_on{"ubuntu-latest"}, step{run{"make test"}}}};
/// ```
///
/// Every piece is a literal type holding a flat, exactly sized array of `item`s (class
/// template argument deduction sums the sizes), so a definition is a constant of a few bytes
/// per key and costs no allocation. Key/value maps are written `env({{"K", "v"}, ...})`.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/expr/parser.hpp"

namespace pipewright {
inline namespace v0 {
namespace static_ {

/// What an item of a definition is.
enum class item_kind : std::uint8_t {
  name,               ///< `name:` (workflow, job, step)
  event,              ///< an `on:` event; `a` is its name
  branch,             ///< a branch filter of the preceding event
  cron,               ///< a schedule of the preceding event
  job,                ///< starts a job; `a` is its id
  needs,              ///< one `needs` entry
  runs_on,            ///< one `runs-on` label
  if_,                ///< `if:` (job or step)
  env,                ///< one `env` entry (workflow, job, step, service)
  with,               ///< one `with` entry (step, or a reusable-workflow job)
  output,             ///< one job output
  permission,         ///< one `permissions` scope (job)
  uses,               ///< `uses:` (step action, or reusable workflow for a job)
  timeout_minutes,    ///< `timeout-minutes:` (job or step)
  continue_on_error,  ///< `continue-on-error:` (job or step)
  environment,        ///< job `environment`; `a` name, `b` url (may be empty)
  fail_fast,          ///< `strategy.fail-fast`
  max_parallel,       ///< `strategy.max-parallel`
  axis,               ///< a matrix vector; `a` is its name, values follow
  axis_value,         ///< one value of the preceding axis
  include,            ///< starts a matrix include entry; `entry` items follow
  exclude,            ///< starts a matrix exclude entry; `entry` items follow
  entry,              ///< one key/value of the preceding include or exclude entry
  service,            ///< starts a service container; `a` id, `b` image
  port,               ///< one port of the preceding service
  step,               ///< starts a step
  step_id,            ///< the step's `id:`
  run,                ///< the step's `run:`
  shell,              ///< the step's `shell:`
  working_directory,  ///< the step's `working-directory:`
  filter,             ///< a filter of the preceding event; `a` key (`tags`...), `b` pattern
  activity_type,      ///< one `types:` entry of the preceding event
  input,              ///< a `workflow_dispatch` input; `a` name; its fields follow
  input_field,        ///< one field of the preceding input; `a` key, the value in `b`/`number`
  option,             ///< one `options:` entry (input) or `options:` string (container)
  run_name,           ///< the workflow's `run-name:`
  concurrency,        ///< `concurrency:` (workflow or job); `a` group, cancel-in-progress as value
  defaults_shell,     ///< `defaults.run.shell` (workflow or job)
  defaults_working_directory,  ///< `defaults.run.working-directory` (workflow or job)
  container,                   ///< the job's `container:`; `a` image; env, ports, options follow
  function,  ///< a host function; `a` name, `number` min_args | max_args << 16 (not in YAML)
};

/// Which part of the workflow an item belongs to.
enum class item_level : std::uint8_t { none, step, service, job, workflow, container };

/// The type of a scalar value.
enum class scalar_kind : std::uint8_t { string, integer, boolean, null, real };

/// A matrix value or map value: a string, an integer, a Boolean, null or a double (`real`,
/// its bits kept in `number`).
struct scalar {
  scalar_kind kind = scalar_kind::string;
  std::string_view text;
  std::int64_t number = 0;

  constexpr scalar() = default;
  constexpr scalar(const char* s) noexcept : text(s) {}       // NOLINT(google-explicit-constructor)
  constexpr scalar(std::string_view s) noexcept : text(s) {}  // NOLINT(google-explicit-constructor)
  constexpr scalar(int n) noexcept : kind(scalar_kind::integer), number(n) {}           // NOLINT
  constexpr scalar(long n) noexcept : kind(scalar_kind::integer), number(n) {}          // NOLINT
  constexpr scalar(long long n) noexcept : kind(scalar_kind::integer), number(n) {}     // NOLINT
  constexpr scalar(bool b) noexcept : kind(scalar_kind::boolean), number(b ? 1 : 0) {}  // NOLINT
  constexpr scalar(std::nullptr_t) noexcept : kind(scalar_kind::null) {}                // NOLINT
  constexpr scalar(double d) noexcept                                                   // NOLINT
      : kind(scalar_kind::real), number(std::bit_cast<std::int64_t>(d)) {}
};

/// One key and its value, as in `env({{"KEY", "value"}})`.
struct kv {
  std::string_view key;
  scalar value;
};

/// One element of a definition: a kind, the level it belongs to and up to two strings and a
/// number (see item_kind for their meaning).
struct item {
  item_kind kind = item_kind::name;
  item_level level = item_level::none;
  scalar_kind type = scalar_kind::string;  ///< the type of `b` / `number` for values
  std::string_view a;
  std::string_view b;
  std::int64_t number = 0;
};

namespace detail {
constexpr item make_item(item_kind k, std::string_view a = {}, std::string_view b = {}) noexcept {
  item i;
  i.kind = k;
  i.a = a;
  i.b = b;
  return i;
}
constexpr item make_value_item(item_kind k, std::string_view a, const scalar& v) noexcept {
  item i;
  i.kind = k;
  i.a = a;
  i.b = v.text;
  i.type = v.kind;
  i.number = v.number;
  return i;
}
}  // namespace detail

/// A run of items; every piece of a definition is one.
template <std::size_t N>
struct fragment {
  std::array<item, N> items{};
  static constexpr std::size_t item_count = N;

  constexpr fragment() = default;

 protected:
  std::size_t fill_ = 0;
  constexpr void put(const item& i) noexcept { items[fill_++] = i; }
  /// Appends `f`'s items, giving those that have no level yet `level`.
  template <std::size_t M>
  constexpr void put(const fragment<M>& f, item_level level) noexcept {
    // Raw pointers: during constant evaluation a call per item (operator[], put) costs more
    // than the copy.
    item* const to = items.data() + fill_;
    const item* const from = f.items.data();
    for (std::size_t k = 0; k < M; ++k) {
      to[k] = from[k];
      if (to[k].level == item_level::none) to[k].level = level;
    }
    fill_ += M;
  }
  /// Appends a piece (its items) or a plain string (one item of kind `plain`).
  template <class S>
  constexpr void put_part(const S& s, item_kind plain) noexcept {
    if constexpr (requires { S::item_count; }) {
      put(s, item_level::none);
    } else {
      put(detail::make_item(plain, std::string_view(s)));
    }
  }
};

namespace detail {
template <class T>
inline constexpr std::size_t size_of = T::item_count;
/// Items a part adds: a piece its items, a plain string one.
template <class T>
consteval std::size_t part_size() {
  if constexpr (requires { T::item_count; }) {
    return T::item_count;
  } else {
    return 1;
  }
}
/// 1 for a job, 0 for any other part of a workflow (the deduced job count).
template <class T>
inline constexpr std::size_t job_count_of = 0;
}  // namespace detail

// --- keys with one value -------------------------------------------------------------------

#define PIPEWRIGHT_STATIC_TEXT_KEY(type_name, item_name)           \
  struct type_name : fragment<1> {                                 \
    constexpr explicit type_name(std::string_view text) noexcept { \
      put(detail::make_item(item_kind::item_name, text));          \
    }                                                              \
  }

/// `name:` of a workflow, job or step.
PIPEWRIGHT_STATIC_TEXT_KEY(name, name);
/// `if:` of a job or step (with or without `${{ }}`).
PIPEWRIGHT_STATIC_TEXT_KEY(if_, if_);
/// `uses:` of a step (an action) or a job (a reusable workflow).
PIPEWRIGHT_STATIC_TEXT_KEY(uses, uses);
/// `run:` of a step.
PIPEWRIGHT_STATIC_TEXT_KEY(run, run);
/// `id:` of a step.
PIPEWRIGHT_STATIC_TEXT_KEY(id, step_id);
/// `shell:` of a step.
PIPEWRIGHT_STATIC_TEXT_KEY(shell, shell);
/// `working-directory:` of a step.
PIPEWRIGHT_STATIC_TEXT_KEY(working_directory, working_directory);

/// The workflow's `run-name:`.
PIPEWRIGHT_STATIC_TEXT_KEY(run_name, run_name);

#undef PIPEWRIGHT_STATIC_TEXT_KEY

/// `timeout-minutes:` of a job or step.
struct timeout_minutes : fragment<1> {
  constexpr explicit timeout_minutes(int minutes) noexcept {
    put(detail::make_value_item(item_kind::timeout_minutes, {}, scalar(minutes)));
  }
};

/// `continue-on-error:` of a job or step.
struct continue_on_error : fragment<1> {
  constexpr explicit continue_on_error(bool v = true) noexcept {
    put(detail::make_value_item(item_kind::continue_on_error, {}, scalar(v)));
  }
};

/// `strategy.fail-fast:`.
struct fail_fast : fragment<1> {
  constexpr explicit fail_fast(bool v) noexcept {
    put(detail::make_value_item(item_kind::fail_fast, {}, scalar(v)));
  }
};

/// `strategy.max-parallel:`.
struct max_parallel : fragment<1> {
  constexpr explicit max_parallel(int n) noexcept {
    put(detail::make_value_item(item_kind::max_parallel, {}, scalar(n)));
  }
};

/// A job's `environment:` with an optional url.
struct environment : fragment<1> {
  constexpr explicit environment(std::string_view env_name, std::string_view url = {}) noexcept {
    put(detail::make_item(item_kind::environment, env_name, url));
  }
};

/// A workflow_dispatch input's `description:`.
struct description : fragment<1> {
  constexpr explicit description(std::string_view text) noexcept {
    put(detail::make_item(item_kind::input_field, "description", text));
  }
};

/// A workflow_dispatch input's `type:` (`string`, `boolean`, `number`, `choice`,
/// `environment`).
struct input_type : fragment<1> {
  constexpr explicit input_type(std::string_view text) noexcept {
    put(detail::make_item(item_kind::input_field, "type", text));
  }
};

/// A workflow_dispatch input's `required:`.
struct required : fragment<1> {
  constexpr explicit required(bool v = true) noexcept {
    put(detail::make_value_item(item_kind::input_field, "required", scalar(v)));
  }
};

/// A workflow_dispatch input's `default:` (a string, integer or Boolean).
struct default_ : fragment<1> {
  constexpr explicit default_(const scalar& v) noexcept {
    put(detail::make_value_item(item_kind::input_field, "default", v));
  }
};

/// `concurrency:` of a workflow or job: a group, and optionally `cancel-in-progress` (a
/// Boolean or an expression).
struct concurrency : fragment<1> {
  constexpr explicit concurrency(std::string_view group) noexcept {
    put(detail::make_item(item_kind::concurrency, group));
  }
  constexpr concurrency(std::string_view group, bool cancel_in_progress) noexcept {
    put(detail::make_value_item(item_kind::concurrency, group, scalar(cancel_in_progress)));
    items[0].number |= 2;  // bit 1: cancel-in-progress was given
  }
  constexpr concurrency(std::string_view group, const char* cancel_in_progress) noexcept {
    put(detail::make_item(item_kind::concurrency, group, cancel_in_progress));
    items[0].number = 2;
  }
};

// --- lists of strings ----------------------------------------------------------------------

#define PIPEWRIGHT_STATIC_LIST_KEY(type_name, item_name)                              \
  template <std::size_t N>                                                            \
  struct type_name : fragment<N> {                                                    \
    template <class... S>                                                             \
    constexpr explicit type_name(const S&... s) noexcept {                            \
      (this->put(detail::make_item(item_kind::item_name, std::string_view(s))), ...); \
    }                                                                                 \
  };                                                                                  \
  template <class... S>                                                               \
  type_name(const S&...)->type_name<sizeof...(S)>

/// `needs:`: the ids of the jobs this job waits for.
PIPEWRIGHT_STATIC_LIST_KEY(needs, needs);
/// `runs-on:`: one or more runner labels.
PIPEWRIGHT_STATIC_LIST_KEY(runs_on, runs_on);
/// The `ports:` of a service or container.
PIPEWRIGHT_STATIC_LIST_KEY(ports, port);
/// A workflow_dispatch choice input's `options:`, or a container's `options:` (one string).
PIPEWRIGHT_STATIC_LIST_KEY(options, option);
/// `types:` of an event (activity types): `on::pull_request{types{"opened"}}`.
PIPEWRIGHT_STATIC_LIST_KEY(types, activity_type);

#undef PIPEWRIGHT_STATIC_LIST_KEY

#define PIPEWRIGHT_STATIC_FILTER(type_name, key)                                        \
  template <std::size_t N>                                                              \
  struct type_name : fragment<N> {                                                      \
    template <class... S>                                                               \
    constexpr explicit type_name(const S&... s) noexcept {                              \
      (this->put(detail::make_item(item_kind::filter, key, std::string_view(s))), ...); \
    }                                                                                   \
  };                                                                                    \
  template <class... S>                                                                 \
  type_name(const S&...)->type_name<sizeof...(S)>

/// `branches:` of a push or pull_request event.
PIPEWRIGHT_STATIC_FILTER(branches, "branches");
/// `branches-ignore:`.
PIPEWRIGHT_STATIC_FILTER(branches_ignore, "branches-ignore");
/// `tags:` of a push event.
PIPEWRIGHT_STATIC_FILTER(tags, "tags");
/// `tags-ignore:`.
PIPEWRIGHT_STATIC_FILTER(tags_ignore, "tags-ignore");
/// `paths:`.
PIPEWRIGHT_STATIC_FILTER(paths, "paths");
/// `paths-ignore:`.
PIPEWRIGHT_STATIC_FILTER(paths_ignore, "paths-ignore");

#undef PIPEWRIGHT_STATIC_FILTER

// --- maps ----------------------------------------------------------------------------------

#define PIPEWRIGHT_STATIC_MAP_KEY(type_name, item_name)                           \
  template <std::size_t N>                                                        \
  struct type_name : fragment<N> {                                                \
    constexpr explicit type_name(const kv (&entries)[N]) noexcept {               \
      for (const kv& e : entries)                                                 \
        this->put(detail::make_value_item(item_kind::item_name, e.key, e.value)); \
    }                                                                             \
  };                                                                              \
  template <std::size_t N>                                                        \
  type_name(const kv(&)[N])->type_name<N>

/// `env:` of a workflow, job, step or service: `env({{"KEY", "value"}, ...})`.
PIPEWRIGHT_STATIC_MAP_KEY(env, env);
/// `with:` of a step or a reusable-workflow call.
PIPEWRIGHT_STATIC_MAP_KEY(with, with);
/// A job's `outputs:`.
PIPEWRIGHT_STATIC_MAP_KEY(outputs, output);
/// A job's `permissions:` (`{{"contents", "read"}}`).
PIPEWRIGHT_STATIC_MAP_KEY(permissions, permission);

#undef PIPEWRIGHT_STATIC_MAP_KEY

// --- matrices ------------------------------------------------------------------------------

/// A matrix vector: `axis{"os", {"ubuntu-latest", "windows-latest"}}`.
template <std::size_t N>
struct axis : fragment<N> {
  template <std::size_t K>
  constexpr axis(std::string_view axis_name, const scalar (&values)[K]) noexcept {
    this->put(detail::make_item(item_kind::axis, axis_name));
    for (const scalar& v : values) this->put(detail::make_value_item(item_kind::axis_value, {}, v));
  }
  /// An axis with no values (invalid; reported as PW0603, as at run time).
  constexpr explicit axis(std::string_view axis_name) noexcept {
    this->put(detail::make_item(item_kind::axis, axis_name));
  }
};
template <std::size_t K>
axis(std::string_view, const scalar (&)[K]) -> axis<K + 1>;
axis(std::string_view)->axis<1>;

/// A matrix include entry: `include({{"os", "windows-latest"}, {"experimental", true}})`.
template <std::size_t N>
struct include : fragment<N> {
  template <std::size_t K>
  constexpr explicit include(const kv (&entries)[K]) noexcept {
    this->put(detail::make_item(item_kind::include));
    for (const kv& e : entries)
      this->put(detail::make_value_item(item_kind::entry, e.key, e.value));
  }
};
template <std::size_t K>
include(const kv (&)[K]) -> include<K + 1>;

/// A matrix exclude entry: `exclude({{"os", "windows-latest"}})`.
template <std::size_t N>
struct exclude : fragment<N> {
  template <std::size_t K>
  constexpr explicit exclude(const kv (&entries)[K]) noexcept {
    this->put(detail::make_item(item_kind::exclude));
    for (const kv& e : entries)
      this->put(detail::make_value_item(item_kind::entry, e.key, e.value));
  }
};
template <std::size_t K>
exclude(const kv (&)[K]) -> exclude<K + 1>;

/// `strategy.matrix`: axes, then include and exclude entries.
template <std::size_t N>
struct matrix : fragment<N> {
  template <class... P>
  constexpr explicit matrix(const P&... parts) noexcept {
    (this->put(parts, item_level::none), ...);
  }
};
template <class... P>
matrix(const P&...) -> matrix<(std::size_t{0} + ... + detail::size_of<P>)>;

// --- containers ----------------------------------------------------------------------------

/// A service container: `service{"redis", "redis:7", ports{"6379:6379"}, env(...)}`.
template <std::size_t N>
struct service : fragment<N> {
  template <class... P>
  constexpr service(std::string_view service_id, std::string_view image,
                    const P&... parts) noexcept {
    this->put(detail::make_item(item_kind::service, service_id, image));
    (this->put(parts, item_level::service), ...);
  }
};
template <class... P>
service(std::string_view, std::string_view, const P&...)
    -> service<(std::size_t{1} + ... + detail::size_of<P>)>;

/// The job's container: `container{"node:20", env({{"K", "v"}}), ports{"80"},
/// options{"--cpus 1"}}`.
template <std::size_t N>
struct container : fragment<N> {
  template <class... P>
  constexpr explicit container(std::string_view image, const P&... parts) noexcept {
    this->put(detail::make_item(item_kind::container, image));
    (this->put(parts, item_level::container), ...);
  }
};
template <class... P>
container(std::string_view, const P&...) -> container<(std::size_t{1} + ... + detail::size_of<P>)>;

/// `defaults.run` of a workflow or job: `defaults_run{shell{"bash"}, working_directory{"src"}}`.
template <std::size_t N>
struct defaults_run : fragment<N> {
  template <class... P>
  constexpr explicit defaults_run(const P&... parts) noexcept {
    (put_defaults(parts), ...);
  }

 private:
  template <class P>
  constexpr void put_defaults(const P& part) noexcept {
    for (const item& i : part.items) {
      item copy = i;
      if (copy.kind == item_kind::shell) copy.kind = item_kind::defaults_shell;
      if (copy.kind == item_kind::working_directory) {
        copy.kind = item_kind::defaults_working_directory;
      }
      this->put(copy);
    }
  }
};
template <class... P>
defaults_run(const P&...) -> defaults_run<(std::size_t{0} + ... + detail::size_of<P>)>;

/// A workflow_dispatch input: `input{"level", description{"..."}, input_type{"choice"},
/// required{}, default_{"info"}, options{"info", "debug"}}`.
template <std::size_t N>
struct input : fragment<N> {
  template <class... P>
  constexpr explicit input(std::string_view input_name, const P&... parts) noexcept {
    this->put(detail::make_item(item_kind::input, input_name));
    (this->put(parts, item_level::none), ...);
  }
};
template <class... P>
input(std::string_view, const P&...) -> input<(std::size_t{1} + ... + detail::size_of<P>)>;

/// A step: `step{name{"Build"}, run{"make"}}` or `step{uses{"actions/checkout@v4"}}`.
template <std::size_t N>
struct step : fragment<N> {
  template <class... P>
  constexpr explicit step(const P&... parts) noexcept {
    item marker = detail::make_item(item_kind::step);
    marker.level = item_level::step;
    this->put(marker);
    (this->put(parts, item_level::step), ...);
  }
};
template <class... P>
step(const P&...) -> step<(std::size_t{1} + ... + detail::size_of<P>)>;

/// A job: its id, then any keys, matrices and steps in any order.
template <std::size_t N>
struct job : fragment<N> {
  template <class... P>
  constexpr explicit job(std::string_view job_id, const P&... parts) noexcept {
    item marker = detail::make_item(item_kind::job, job_id);
    marker.level = item_level::job;
    this->put(marker);
    (this->put(parts, item_level::job), ...);
  }
};
template <class... P>
job(std::string_view, const P&...) -> job<(std::size_t{1} + ... + detail::size_of<P>)>;
namespace detail {
template <std::size_t N>
inline constexpr std::size_t job_count_of<job<N>> = 1;
}  // namespace detail

namespace error {
// Called (never at run time) by host_functions for signatures expr::check_signatures refuses:
// a name that is no identifier or is a built-in's, a duplicate, or min_args > max_args.
inline void host_function_signature_is_invalid() {}
}  // namespace error

/// Host functions the definition's expressions may call, from a function set's signatures:
/// `host_functions{my_functions::signatures}` among the parts of a workflow (docs/static.md).
/// They are not written to YAML; GitHub itself knows none of them.
template <std::size_t N>
struct host_functions : fragment<N> {
  constexpr explicit host_functions(
      const std::array<pipewright::expr::function_signature, N>& signatures) noexcept {
    if (pipewright::expr::check_signatures(signatures) != pipewright::expr::signature_error::none)
      error::host_function_signature_is_invalid();
    for (const pipewright::expr::function_signature& f : signatures) {
      item i = detail::make_item(item_kind::function, f.name);
      i.type = scalar_kind::integer;
      i.number =
          static_cast<std::int64_t>(f.min_args) | (static_cast<std::int64_t>(f.max_args) << 16);
      this->put(i);
    }
  }
};
template <std::size_t N>
host_functions(const std::array<pipewright::expr::function_signature, N>&) -> host_functions<N>;

/// Triggers (`on:`).
namespace on {

#define PIPEWRIGHT_STATIC_EVENT(type_name, event_name, value_kind) \
  template <std::size_t N>                                         \
  struct type_name : fragment<N> {                                 \
    template <class... S>                                          \
    constexpr explicit type_name(const S&... s) noexcept {         \
      this->put(detail::make_item(item_kind::event, event_name));  \
      (this->put_part(s, item_kind::value_kind), ...);             \
    }                                                              \
  };                                                               \
  template <class... S>                                            \
  type_name(const S&...)->type_name<(std::size_t{1} + ... + detail::part_size<S>())>

/// `on: push` with optional filters: `on::push{"main", "release/**"}` (branches), or
/// `on::push{branches{"main"}, tags{"v*"}, paths_ignore{"docs/**"}}`.
PIPEWRIGHT_STATIC_EVENT(push, "push", branch);
/// `on: pull_request` with optional branch filters, other filters and `types{...}`.
PIPEWRIGHT_STATIC_EVENT(pull_request, "pull_request", branch);
/// `on: schedule` with one or more cron lines.
PIPEWRIGHT_STATIC_EVENT(schedule, "schedule", cron);
/// `on: workflow_dispatch`, with `input{...}`s.
PIPEWRIGHT_STATIC_EVENT(workflow_dispatch, "workflow_dispatch", input);

#undef PIPEWRIGHT_STATIC_EVENT

/// Any other event, with branches (plain strings), filters and `types{...}`:
/// `on::event{"release", types{"published"}}`.
template <std::size_t N>
struct event : fragment<N> {
  template <class... P>
  constexpr explicit event(std::string_view event_name, const P&... parts) noexcept {
    this->put(detail::make_item(item_kind::event, event_name));
    (this->put_part(parts, item_kind::branch), ...);
  }
};
template <class... P>
event(std::string_view, const P&...) -> event<(std::size_t{1} + ... + detail::part_size<P>())>;

}  // namespace on

}  // namespace static_
}  // namespace v0
}  // namespace pipewright
