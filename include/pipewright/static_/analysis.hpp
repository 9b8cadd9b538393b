/// @file analysis.hpp
/// The constexpr core of compile-time pipelines: validate() and the graph and matrix figures
/// of a definition, computed with the runtime's expression parser (expr/parser.hpp), context
/// table (semantics/contexts.hpp) and graph algorithms (graph/algorithms.hpp).
///
/// Everything here works on a `std::span<const item>` so that one instantiation serves every
/// definition; the templates in workflow.hpp only copy results into fixed arrays.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/lexer.hpp"
#include "pipewright/expr/parser.hpp"
#include "pipewright/graph/algorithms.hpp"
#include "pipewright/graph/csr.hpp"
#include "pipewright/matrix/count.hpp"
#include "pipewright/semantics/contexts.hpp"
#include "pipewright/semantics/ids.hpp"
#include "pipewright/semantics/number.hpp"
#include "pipewright/semantics/scalar.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/static_/definition.hpp"

namespace pipewright {
inline namespace v0 {
namespace static_ {

/// Most problems validate() keeps; more set `truncated` (PW0814).
inline constexpr std::size_t max_problems = 32;
/// Most parse nodes one expression may use (PW0810).
inline constexpr std::size_t max_expression_nodes = 1024;
/// GitHub's largest matrix cross product (matrix::github_max_product, PW0611).
inline constexpr std::uint64_t max_matrix_product = pipewright::matrix::github_max_product;
/// GitHub's limit on the legs of one matrix (matrix::github_max_legs, PW0610).
inline constexpr std::uint64_t max_matrix_legs = pipewright::matrix::github_max_legs;
/// Job ids kept in a cycle problem.
inline constexpr std::size_t max_cycle_length = 8;
/// GitHub's id length limit (ids must be shorter).
inline constexpr std::size_t max_id_length = semantics::max_id_length;

/// What validate() found; each kind reports the runtime's code for the same mistake (PW08xx
/// only for the limits of compile-time checking).
enum class problem_kind : std::uint8_t {
  no_jobs,                     ///< PW0703, as the runtime's empty `jobs`
  invalid_job_id,              ///< PW0406
  duplicate_job,               ///< PW0704
  unknown_needs,               ///< PW0701
  cycle,                       ///< PW0702
  no_steps,                    ///< PW0403 (a required property is missing)
  no_runs_on,                  ///< PW0403
  expression_syntax,           ///< PW0201-PW0209 by the parse error, PW0217/PW0218 for `${{`
  context_not_allowed,         ///< PW0203 (an unrecognized named-value for the key)
  expression_too_large,        ///< PW0810 (compile-time only)
  matrix_too_many_legs,        ///< PW0610
  matrix_empty_axis,           ///< PW0603
  matrix_too_large,            ///< PW0611
  matrix_exclude_unknown_key,  ///< PW0609
  filter_conflict,             ///< PW0409
  too_many_problems,           ///< PW0814 (compile-time only)
};

/// What is wrong with a `${{` itself, for an expression_syntax problem.
enum class template_error : std::uint8_t {
  none,        ///< the expression inside does not parse (see problem::parse_error)
  not_closed,  ///< `${{` without `}}` (PW0217)
  empty,       ///< `${{ }}` (PW0218)
};

/// The code of each problem kind (expression_syntax: the code of an unexpected symbol; see
/// problem::code() for the exact one).
constexpr std::string_view code_of(problem_kind k) noexcept {
  switch (k) {
    case problem_kind::unknown_needs: return codes::graph_unknown_job;
    case problem_kind::cycle: return codes::graph_cycle;
    case problem_kind::duplicate_job: return codes::graph_duplicate_job;
    case problem_kind::invalid_job_id: return codes::model_invalid_id;
    case problem_kind::no_steps:
    case problem_kind::no_runs_on: return codes::model_required_property;
    case problem_kind::expression_syntax: return codes::expr_unexpected_symbol;
    case problem_kind::context_not_allowed: return codes::expr_unrecognized_named_value;
    case problem_kind::matrix_too_many_legs: return codes::matrix_too_many_legs;
    case problem_kind::matrix_empty_axis: return codes::matrix_empty_vector;
    case problem_kind::expression_too_large: return codes::static_expression_too_large;
    case problem_kind::matrix_too_large: return codes::matrix_too_large;
    case problem_kind::no_jobs: return codes::graph_no_start_job;
    case problem_kind::too_many_problems: return codes::static_too_many_problems;
    case problem_kind::matrix_exclude_unknown_key: return codes::matrix_exclude_unknown_key;
    case problem_kind::filter_conflict: return codes::model_filter_conflict;
  }
  return {};
}

/// The runtime's code for an expression that does not parse (expr::compile's codes).
constexpr std::string_view expression_code(pipewright::expr::parse_error_kind e,
                                           template_error t) noexcept {
  using pipewright::expr::parse_error_kind;
  if (t == template_error::not_closed) return codes::expr_template_not_closed;
  if (t == template_error::empty) return codes::expr_template_empty;
  switch (e) {
    case parse_error_kind::unexpected_end: return codes::expr_unexpected_end;
    case parse_error_kind::unrecognized_named_value: return codes::expr_unrecognized_named_value;
    case parse_error_kind::unrecognized_function: return codes::expr_unrecognized_function;
    case parse_error_kind::too_few_parameters: return codes::expr_too_few_parameters;
    case parse_error_kind::too_many_parameters: return codes::expr_too_many_parameters;
    case parse_error_kind::even_parameters: return codes::expr_even_parameters;
    case parse_error_kind::depth_limit: return codes::expr_max_depth;
    case parse_error_kind::length_limit: return codes::expr_max_length;
    default: return codes::expr_unexpected_symbol;
  }
}

/// One problem of a definition, as a value.
struct problem {
  static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

  problem_kind kind = problem_kind::no_jobs;
  std::uint32_t job = none;   ///< index of the job (declaration order)
  std::uint32_t step = none;  ///< index of the step inside the job
  std::string_view field;     ///< the key: `if`, `run`, `env`, `needs`, `strategy.matrix`…
  std::string_view entry;     ///< the map key or axis name, when there is one
  std::string_view text;      ///< the offending text: a need, an id, an expression
  std::uint32_t column = 0;   ///< 1-based byte column of the error inside `text`
  pipewright::expr::parse_error_kind parse_error = pipewright::expr::parse_error_kind::none;
  template_error in_template = template_error::none;  ///< for expression_syntax problems
  std::uint64_t count = 0;                            ///< legs or combinations, for matrix problems
  std::array<std::uint32_t, max_cycle_length> cycle{};  ///< job indices, for cycles
  std::uint32_t cycle_length = 0;                       ///< length of the whole cycle

  /// The runtime's code for this problem.
  [[nodiscard]] constexpr std::string_view code() const noexcept {
    return kind == problem_kind::expression_syntax ? expression_code(parse_error, in_template)
                                                   : code_of(kind);
  }
};

/// validate()'s result: the problems found, in the order the checks run.
struct report {
  std::array<problem, max_problems> problems{};
  std::size_t count = 0;
  bool truncated = false;

  [[nodiscard]] constexpr bool ok() const noexcept { return count == 0; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return count; }
  [[nodiscard]] constexpr const problem& operator[](std::size_t i) const noexcept {
    return problems[i];
  }
  [[nodiscard]] constexpr const problem* begin() const noexcept { return problems.data(); }
  [[nodiscard]] constexpr const problem* end() const noexcept { return problems.data() + count; }
  /// True when some problem has kind `k`.
  [[nodiscard]] constexpr bool has(problem_kind k) const noexcept {
    for (const problem& p : *this) {
      if (p.kind == k) return true;
    }
    return false;
  }
  constexpr void add(const problem& p) noexcept {
    if (count < max_problems) {
      problems[count++] = p;
    } else if (!truncated) {
      truncated = true;
      problems[max_problems - 1] = problem{};
      problems[max_problems - 1].kind = problem_kind::too_many_problems;
    }
  }
};

/// The event a definition is evaluated for when counting the legs that run.
struct event_info {
  std::string_view name = "push";            ///< `github.event_name`
  std::string_view ref = "refs/heads/main";  ///< `github.ref`
  std::string_view base_ref;                 ///< `github.base_ref`
  std::string_view head_ref;                 ///< `github.head_ref`

  /// A push to main.
  constexpr event_info() = default;
  constexpr explicit event_info(std::string_view event_name, std::string_view git_ref = {},
                                std::string_view base = {}, std::string_view head = {}) noexcept
      : name(event_name), ref(git_ref), base_ref(base), head_ref(head) {}
};

/// A job's weight for critical_path(), by id.
struct weight {
  std::string_view job;
  double minutes = 1;
};

namespace detail {

using vertex = graph::vertex;
constexpr std::uint32_t npos = problem::none;

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  // Exact equality first: one builtin memcmp in constant evaluation.
  return a.size() == b.size() && (a == b || pipewright::expr::detail::ascii_iequals(a, b));
}

/// FNV-1a of the ASCII-lower-cased text (job ids are matched ignoring case).
constexpr std::uint64_t folded_hash(std::string_view s) noexcept {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : s) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    h = (h ^ static_cast<unsigned char>(lower)) * 1099511628211ull;
  }
  return h;
}

/// Where each job's items are.
struct job_view {
  std::uint32_t begin = 0;  ///< index of the job item
  std::uint32_t end = 0;    ///< one past its last item
  std::string_view id;
  std::uint64_t hash = 0;  ///< folded_hash(id)
};

// Loops over items and texts below index raw pointers: during constant evaluation every call
// (span/vector/string_view operator[], size()) costs far more than the access itself, and
// definitions have thousands of items (benchmarks/compile_time).

constexpr std::vector<job_view> jobs_of(std::span<const item> items) {
  std::vector<job_view> out;
  const item* const base = items.data();
  const auto n = static_cast<std::uint32_t>(items.size());
  bool open = false;  // the last job still runs to the end
  for (std::uint32_t i = 0; i < n; ++i) {
    const item& it = base[i];
    if (it.kind == item_kind::job) {
      if (!out.empty()) out.back().end = i;
      out.push_back({i, n, it.a, folded_hash(it.a)});
      open = true;
    } else if (open && it.level == item_level::workflow) {
      out.back().end = i;
      open = false;
    }
  }
  return out;
}

/// The index of the job called `id` (ignoring case, first one), or npos.
constexpr std::uint32_t find_job(const std::vector<job_view>& jobs, std::string_view id) noexcept {
  const std::uint64_t h = folded_hash(id);
  const job_view* const base = jobs.data();
  const auto n = static_cast<std::uint32_t>(jobs.size());
  for (std::uint32_t j = 0; j < n; ++j) {
    if (base[j].hash == h && iequals(base[j].id, id)) return j;
  }
  return npos;
}

/// The job graph in CSR form, edges from a need to the job needing it (as graph/ expects).
struct static_graph {
  std::vector<std::uint32_t> offsets{0};
  std::vector<vertex> targets;

  [[nodiscard]] constexpr std::size_t vertex_count() const noexcept { return offsets.size() - 1; }
  [[nodiscard]] constexpr std::span<const vertex> successors(vertex v) const noexcept {
    return {targets.data() + offsets[v], targets.data() + offsets[v + 1]};
  }
};

constexpr static_graph graph_of(std::span<const item> items, const std::vector<job_view>& jobs) {
  const std::size_t n = jobs.size();
  std::vector<std::pair<vertex, vertex>> edges;
  const item* const base = items.data();
  for (std::uint32_t j = 0; j < n; ++j) {
    const job_view& jv = jobs[j];
    for (const item *it = base + jv.begin, *end = base + jv.end; it != end; ++it) {
      if (it->kind != item_kind::needs) continue;
      const std::uint32_t from = find_job(jobs, it->a);
      if (from != npos) edges.push_back({from, j});
    }
  }
  static_graph g;
  g.offsets.assign(n + 1, 0);
  for (const auto& e : edges) ++g.offsets[e.first + 1];
  for (std::size_t v = 0; v < n; ++v) g.offsets[v + 1] += g.offsets[v];
  g.targets.assign(edges.size(), vertex{0});  // not resize(): see graph/algorithms.hpp
  std::vector<std::uint32_t> fill(g.offsets.begin(), g.offsets.end() - 1);
  for (const auto& e : edges) g.targets[fill[e.first]++] = e.second;
  return g;
}

// --- expressions ---------------------------------------------------------------------------

/// Growing node storage for the shared parser, capped at max_expression_nodes.
struct node_storage {
  std::vector<pipewright::expr::node> nodes;
  constexpr node_storage() { nodes.reserve(32); }
  constexpr void push_back(const pipewright::expr::node& n) { nodes.push_back(n); }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return nodes.size(); }
  [[nodiscard]] constexpr std::size_t capacity_left() const noexcept {
    return max_expression_nodes - nodes.size();
  }
  constexpr pipewright::expr::node& operator[](std::size_t i) noexcept { return nodes[i]; }
  constexpr const pipewright::expr::node& operator[](std::size_t i) const noexcept {
    return nodes[i];
  }
};

/// The resolver for one key of GitHub's context-availability table.
constexpr pipewright::expr::fixed_resolver resolver_for(std::string_view key) noexcept {
  pipewright::expr::fixed_resolver r;
  const pipewright::semantics::key_availability* k = pipewright::semantics::allowed_contexts(key);
  if (k == nullptr) {
    r.names = pipewright::semantics::standard_contexts.data();
    r.name_count = pipewright::semantics::standard_contexts.size();
    return r;
  }
  r.names = k->contexts.data();
  r.name_count = k->contexts.size();
  std::uint32_t mask = 0xFFFFFFFFu;
  if (!k->status_functions) {
    for (auto b : {pipewright::expr::builtin::success, pipewright::expr::builtin::failure,
                   pipewright::expr::builtin::cancelled, pipewright::expr::builtin::always}) {
      mask &= ~(1u << static_cast<std::uint32_t>(b));
    }
  }
  if (!k->hash_files)
    mask &= ~(1u << static_cast<std::uint32_t>(pipewright::expr::builtin::hash_files));
  r.functions_mask = mask;
  return r;
}

/// The resolver that knows every standard context and function.
constexpr pipewright::expr::fixed_resolver full_resolver() noexcept {
  pipewright::expr::fixed_resolver r;
  r.names = pipewright::semantics::standard_contexts.data();
  r.name_count = pipewright::semantics::standard_contexts.size();
  return r;
}

/// The host functions a definition declares (host_functions items), in order.
constexpr std::vector<pipewright::expr::function_signature> host_signatures(
    std::span<const item> items) {
  std::vector<pipewright::expr::function_signature> out;
  for (const item *it = items.data(), *end = items.data() + items.size(); it != end; ++it) {
    if (it->kind != item_kind::function) continue;
    out.push_back({it->a, static_cast<std::uint16_t>(it->number & 0xFFFF),
                   static_cast<std::uint16_t>((it->number >> 16) & 0xFFFF)});
  }
  return out;
}

constexpr bool is_standard_context(std::string_view name) noexcept {
  for (std::string_view c : pipewright::semantics::standard_contexts) {
    if (iequals(c, name)) return true;
  }
  return false;
}

/// Where an expression sits, for its problem.
struct site {
  std::uint32_t job = npos;
  std::uint32_t step = npos;
  std::string_view field;
  std::string_view entry;
};

constexpr std::string_view trim(std::string_view s) noexcept {
  const char* d = s.data();
  std::size_t n = s.size();
  while (n > 0 && (*d == ' ' || *d == '\t' || *d == '\r' || *d == '\n')) {
    ++d;
    --n;
  }
  while (n > 0 && (d[n - 1] == ' ' || d[n - 1] == '\t' || d[n - 1] == '\r' || d[n - 1] == '\n')) {
    --n;
  }
  return {d, n};
}

/// Node storage for checking only: the parser reads back only the node it has just added
/// (and writes sibling links nobody reads here), so keeping the newest node and a count
/// checks an expression without allocating. A unit test holds its outcomes equal to
/// node_storage's over the expression corpus.
struct check_storage {
  pipewright::expr::node newest{};
  pipewright::expr::node scratch{};
  std::size_t used = 0;

  constexpr void push_back(const pipewright::expr::node& n) noexcept {
    newest = n;
    ++used;
  }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return used; }
  [[nodiscard]] constexpr std::size_t capacity_left() const noexcept {
    return max_expression_nodes - used;
  }
  constexpr pipewright::expr::node& operator[](std::size_t i) noexcept {
    return i + 1 == used ? newest : scratch;
  }
  constexpr const pipewright::expr::node& operator[](std::size_t i) const noexcept {
    return i + 1 == used ? newest : scratch;
  }
};

/// The parse outcome of `body` for `resolver`, with nothing kept but the outcome.
constexpr pipewright::expr::parse_outcome check_parse(
    std::string_view body, const pipewright::expr::fixed_resolver& resolver) noexcept {
  check_storage storage;
  return pipewright::expr::parse(body, storage, resolver);
}

/// Expression bodies already found valid, by text and key, so a definition that repeats a
/// condition parses it once. Open addressing over a hash of the length and up to 40 sampled
/// bytes (every byte of texts up to 32 bytes), which is cheaper than hashing every byte and
/// still tells apart texts that differ in one character; equal hashes compare the texts.
class checked_texts {
 public:
  /// Room for `capacity` texts (more are checked every time, not remembered).
  constexpr explicit checked_texts(std::size_t capacity) {
    std::size_t n = 16;
    while (n < 2 * capacity) n *= 2;
    slots_.assign(n, 0u);
  }
  /// True when `body` was added for key slot `key`.
  [[nodiscard]] constexpr bool contains(std::string_view body, std::uint32_t key) const {
    const std::uint64_t h = hash(body, key);
    for (std::size_t s = h & (slots_.size() - 1);; s = (s + 1) & (slots_.size() - 1)) {
      const std::uint32_t e = slots_[s];
      if (e == 0) return false;
      const entry& x = entries_[e - 1];
      if (x.hash == h && x.key == key && x.text == body) return true;
    }
  }
  /// Adds `body` (once; the table never fills: it holds twice the capacity given).
  constexpr void add(std::string_view body, std::uint32_t key) {
    if (2 * (entries_.size() + 1) > slots_.size()) return;  // over capacity: just not cached
    const std::uint64_t h = hash(body, key);
    std::size_t s = h & (slots_.size() - 1);
    while (slots_[s] != 0) s = (s + 1) & (slots_.size() - 1);
    entries_.push_back({body, key, h});
    slots_[s] = static_cast<std::uint32_t>(entries_.size());
  }

 private:
  struct entry {
    std::string_view text;
    std::uint32_t key = 0;
    std::uint64_t hash = 0;
  };
  static constexpr std::uint64_t hash(std::string_view t, std::uint32_t key) noexcept {
    std::uint64_t h = (14695981039346656037ull ^ t.size()) * 1099511628211ull;
    h = (h ^ key) * 1099511628211ull;
    const std::size_t n = t.size();
    const char* const d = t.data();
    const std::size_t stride = n <= 32 ? 1 : n / 32;
    for (std::size_t i = 0; i < n; i += stride) {
      h = (h ^ static_cast<unsigned char>(d[i])) * 1099511628211ull;
    }
    for (std::size_t i = n > 8 ? n - 8 : 0; i < n; ++i) {
      h = (h ^ static_cast<unsigned char>(d[i])) * 1099511628211ull;
    }
    return h ^ (h >> 29);
  }
  std::vector<std::uint32_t> slots_;  ///< 0 empty, else entry index + 1
  std::vector<entry> entries_;
};

/// The keys of GitHub's availability table a definition's expressions use, each resolved
/// once: slot 0 allows every standard context, slot k + 1 is availability_table[k].
class key_resolvers {
 public:
  /// The slot of `key` (0 for an unknown key, which resolves like the full table).
  [[nodiscard]] static constexpr std::uint32_t slot_of(std::string_view key) noexcept {
    const pipewright::semantics::key_availability* k = pipewright::semantics::allowed_contexts(key);
    if (k == nullptr) return 0;
    return static_cast<std::uint32_t>(k - pipewright::semantics::availability_table) + 1;
  }
  /// The resolver of slot `s`, made on first use.
  constexpr const pipewright::expr::fixed_resolver& get(std::uint32_t s, std::string_view key) {
    if (made_[s] == 0) {
      resolvers_[s] = resolver_for(key);
      resolvers_[s].hosts = hosts_.data();
      resolvers_[s].host_count = hosts_.size();
      made_[s] = 1;
    }
    return resolvers_[s];
  }
  /// Host functions every resolver knows (set before the first get()).
  constexpr void set_hosts(std::span<const pipewright::expr::function_signature> hosts) noexcept {
    hosts_ = hosts;
  }

 private:
  std::span<const pipewright::expr::function_signature> hosts_{};
  static constexpr std::size_t slots = std::size(pipewright::semantics::availability_table) + 1;
  std::array<pipewright::expr::fixed_resolver, slots> resolvers_{};
  std::array<char, slots> made_{};
};

/// How the expressions of one definition are checked: resolvers made once per key and
/// valid texts remembered (`dedupe`, on unless a caller measures without it).
struct expression_checker {
  key_resolvers resolvers;
  checked_texts seen;
  bool dedupe = true;

  constexpr explicit expression_checker(std::size_t capacity) : seen(capacity) {}

  /// The table slot of `key`, looked up once per `tag` (a small number naming where the
  /// key came from: level, item kind, variant).
  constexpr std::uint32_t slot(std::size_t tag, std::string_view key) {
    if (tag >= slot_of_tag_.size()) return key_resolvers::slot_of(key);
    if (slot_of_tag_[tag] == 0) slot_of_tag_[tag] = key_resolvers::slot_of(key) + 1;
    return slot_of_tag_[tag] - 1;
  }

 private:
  std::array<std::uint32_t, 640> slot_of_tag_{};  ///< slot + 1, 0 when not looked up yet
};

/// Parses one expression body (`offset` is its position in `whole`) and reports a problem.
constexpr void check_expression(std::string_view whole, std::size_t offset, std::string_view body,
                                std::string_view key, std::uint32_t slot, const site& at,
                                report& out, expression_checker& checker) {
  if (checker.dedupe && checker.seen.contains(body, slot)) return;
  const pipewright::expr::parse_outcome o = check_parse(body, checker.resolvers.get(slot, key));
  if (o.ok()) {
    if (checker.dedupe) checker.seen.add(body, slot);
    return;
  }
  problem p;
  p.job = at.job;
  p.step = at.step;
  p.field = at.field;
  p.entry = at.entry;
  p.text = whole;
  p.column = static_cast<std::uint32_t>(offset + o.begin + 1);
  p.parse_error = o.error;
  p.kind = problem_kind::expression_syntax;
  if (o.error == pipewright::expr::parse_error_kind::out_of_storage)
    p.kind = problem_kind::expression_too_large;
  if (o.error == pipewright::expr::parse_error_kind::unrecognized_named_value &&
      is_standard_context(body.substr(o.begin, o.end - o.begin))) {
    p.kind = problem_kind::context_not_allowed;
  }
  out.add(p);
}

/// Checks every `${{ }}` of `text`; a whole-expression key (`if`) is one expression.
/// `tag` names the key for expression_checker::slot().
constexpr void check_text(std::string_view text, bool condition, std::string_view key,
                          std::size_t tag, const site& at, report& out,
                          expression_checker& checker) {
  if (condition) {
    const std::string_view t = trim(text);
    const std::size_t lead = static_cast<std::size_t>(t.data() - text.data());
    if (pipewright::semantics::is_whole_expression(t)) {
      check_expression(text, lead + 3, t.substr(3, t.size() - 5), key, checker.slot(tag, key), at,
                       out, checker);
    } else {
      check_expression(text, lead, t, key, checker.slot(tag, key), at, out, checker);
    }
    return;
  }
  std::size_t i = 0;
  // A `${{` with no `}}`, or `${{ }}`: a syntax error at the `${{`.
  const auto unclosed_or_empty = [&](template_error kind) {
    problem p;
    p.kind = problem_kind::expression_syntax;
    p.job = at.job;
    p.step = at.step;
    p.field = at.field;
    p.entry = at.entry;
    p.text = text;
    p.column = static_cast<std::uint32_t>(i + 1);
    p.parse_error = pipewright::expr::parse_error_kind::unexpected_end;
    p.in_template = kind;
    out.add(p);
  };
  while (true) {
    const pipewright::semantics::expression_span span =
        pipewright::semantics::next_expression(text, i);
    if (!span.found()) return;
    i = span.open;
    if (!span.closed()) {
      unclosed_or_empty(template_error::not_closed);
      return;
    }
    if (trim(span.body(text)).empty()) {
      // `${{ }}` with nothing inside: GitHub rejects it (the runtime's PW0218).
      unclosed_or_empty(template_error::empty);
    } else {
      check_expression(text, span.body_begin(), span.body(text), key, checker.slot(tag, key), at,
                       out, checker);
    }
    i = span.end();
  }
}

// --- matrices ------------------------------------------------------------------------------

constexpr scalar scalar_of(const item& i) noexcept {
  scalar s;
  s.kind = i.type;
  s.text = i.b;
  s.number = i.number;
  return s;
}

/// A definition's scalar as semantics/ sees it.
constexpr semantics::scalar_ref ref_of(const scalar& s) noexcept {
  switch (s.kind) {
    case scalar_kind::integer: return semantics::scalar_ref::num(static_cast<double>(s.number));
    case scalar_kind::boolean: return semantics::scalar_ref::boolean(s.number != 0);
    case scalar_kind::null: return semantics::scalar_ref::null();
    case scalar_kind::real: return semantics::scalar_ref::num(std::bit_cast<double>(s.number));
    case scalar_kind::string: break;
  }
  return semantics::scalar_ref::string(s.text);
}

/// GitHub's loose `==` on a definition's scalars.
constexpr bool loose_equal(const scalar& a, const scalar& b) noexcept {
  return semantics::loose_equal(ref_of(a), ref_of(b));
}

struct matrix_axis {
  std::string_view name;
  std::vector<scalar> values;
};
struct matrix_rule {
  std::vector<kv> entries;
};
struct matrix_data {
  bool present = false;
  std::vector<matrix_axis> axes;
  std::vector<matrix_rule> includes;
  std::vector<matrix_rule> excludes;
};

constexpr std::size_t find_axis(const matrix_data& m, std::string_view name) noexcept {
  for (std::size_t a = 0; a < m.axes.size(); ++a) {
    if (pipewright::detail::iequals(m.axes[a].name, name)) return a;
  }
  return static_cast<std::size_t>(-1);
}

constexpr matrix_data matrix_of(std::span<const item> items, const job_view& j) {
  matrix_data m;
  std::vector<matrix_rule>* rules = nullptr;
  bool open_axis = false;
  const item* const base = items.data();
  for (std::uint32_t i = j.begin; i < j.end; ++i) {
    const item& it = base[i];
    switch (it.kind) {
      case item_kind::axis:
        m.present = true;
        // An axis repeated in another case is dropped, as the runtime's objects keep the first.
        open_axis = find_axis(m, it.a) == static_cast<std::size_t>(-1);
        if (open_axis) m.axes.push_back({it.a, {}});
        rules = nullptr;
        break;
      case item_kind::axis_value:
        if (open_axis) m.axes.back().values.push_back(scalar_of(it));
        break;
      case item_kind::include:
      case item_kind::exclude:
        m.present = true;
        rules = it.kind == item_kind::include ? &m.includes : &m.excludes;
        rules->push_back({});
        break;
      case item_kind::entry:
        if (rules != nullptr) rules->back().entries.push_back({it.a, scalar_of(it)});
        break;
      default: break;
    }
  }
  return m;
}

/// A matrix's legs, counted by the runtime's kernel (matrix/count.hpp).
struct leg_count {
  std::uint64_t legs = 0;
  std::uint64_t product = 0;
  bool countable = true;  ///< false when the product exceeds max_matrix_product
};

constexpr leg_count count_legs(const matrix_data& m) {
  leg_count r;
  if (!m.present) {
    r.legs = 1;
    r.product = 1;
    return r;
  }
  pipewright::matrix::count_data d;
  std::vector<std::uint64_t> lengths;
  for (const matrix_axis& a : m.axes) lengths.push_back(a.values.size());
  if (!pipewright::matrix::set_axes(d, lengths) || d.product > max_matrix_product) {
    r.product = d.product == 0 ? std::numeric_limits<std::uint64_t>::max() : d.product;
    r.legs = r.product;
    r.countable = false;
    return r;
  }
  r.product = d.product;
  const std::size_t none = static_cast<std::size_t>(-1);
  const std::size_t repeated = none - 1;
  // Rule keys resolved to axes once; an exclude key naming no axis (PW0609) excludes nothing.
  // A key repeated in another case is dropped, as the runtime's objects keep the first.
  auto axis_keys = [&](const std::vector<matrix_rule>& rules) {
    std::vector<std::vector<std::size_t>> keys(rules.size());
    for (std::size_t x = 0; x < rules.size(); ++x) {
      const std::vector<kv>& entries = rules[x].entries;
      for (std::size_t k = 0; k < entries.size(); ++k) {
        std::size_t a = find_axis(m, entries[k].key);
        for (std::size_t e = 0; e < k; ++e) {
          if (pipewright::detail::iequals(entries[e].key, entries[k].key)) a = repeated;
        }
        keys[x].push_back(a);
      }
    }
    return keys;
  };
  const std::vector<std::vector<std::size_t>> exclude_keys = axis_keys(m.excludes);
  const std::vector<std::vector<std::size_t>> include_keys = axis_keys(m.includes);
  auto dead = [&](bool exclude, std::size_t rule) {
    if (!exclude) return false;
    for (const std::size_t a : exclude_keys[rule]) {
      if (a == none) return true;
    }
    return false;
  };
  pipewright::matrix::build_masks(
      d, m.excludes.size(), m.includes.size(),
      [&](bool exclude, std::size_t rule, std::size_t a) {
        if (dead(exclude, rule)) return a == 0;
        for (const std::size_t k : (exclude ? exclude_keys : include_keys)[rule]) {
          if (k == a) return true;
        }
        return false;
      },
      [&](bool exclude, std::size_t rule, std::size_t a, std::size_t i) {
        if (dead(exclude, rule)) return false;
        const std::vector<kv>& entries = (exclude ? m.excludes : m.includes)[rule].entries;
        const std::vector<std::size_t>& keys = (exclude ? exclude_keys : include_keys)[rule];
        for (std::size_t k = 0; k < entries.size(); ++k) {
          if (keys[k] == a && !loose_equal(m.axes[a].values[i], entries[k].value)) return false;
        }
        return true;
      });
  r.legs = pipewright::matrix::count_legs(d, max_matrix_legs).total;
  return r;
}

// --- conditions ----------------------------------------------------------------------------

/// A value while folding a condition: known (null, Boolean, number, string) or unknown.
struct folded {
  enum class type : std::uint8_t { unknown, null, boolean, number, string } t = type::unknown;
  bool b = false;
  double n = 0;
  std::string_view s;  ///< raw string text (a literal's quotes removed; `''` kept doubled)
};

constexpr bool known(const folded& v) noexcept {
  return v.t != folded::type::unknown;
}
constexpr bool truthy(const folded& v) noexcept {
  switch (v.t) {
    case folded::type::boolean: return v.b;
    case folded::type::number: return v.n == v.n && v.n != 0;
    case folded::type::string: return !v.s.empty();
    default: return false;
  }
}
constexpr semantics::scalar_ref ref_of(const folded& v) noexcept {
  switch (v.t) {
    case folded::type::boolean: return semantics::scalar_ref::boolean(v.b);
    case folded::type::number: return semantics::scalar_ref::num(v.n);
    case folded::type::string: return semantics::scalar_ref::string(v.s);
    default: return semantics::scalar_ref::null();
  }
}
/// Loose equality; unknown when either side is unknown.
constexpr folded fold_equal(const folded& a, const folded& b) noexcept {
  folded r;
  if (!known(a) || !known(b)) return r;
  r.t = folded::type::boolean;
  r.b = semantics::loose_equal(ref_of(a), ref_of(b));
  return r;
}

constexpr std::size_t ifind(std::string_view hay, std::string_view needle) noexcept {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (iequals(hay.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

/// Folds parsed conditions for one event; `needs_ok` is success() of the job.
struct condition_folder {
  std::string_view text;
  const node_storage& nodes;
  const event_info& event;
  bool needs_ok = true;

  [[nodiscard]] constexpr folded github(std::string_view key) const noexcept {
    folded r;
    r.t = folded::type::string;
    if (iequals(key, "event_name")) {
      r.s = event.name;
    } else if (iequals(key, "ref")) {
      r.s = event.ref;
    } else if (iequals(key, "base_ref")) {
      r.s = event.base_ref;
    } else if (iequals(key, "head_ref")) {
      r.s = event.head_ref;
    } else if (iequals(key, "ref_name")) {
      std::string_view ref = event.ref;
      for (std::string_view prefix :
           {std::string_view("refs/heads/"), std::string_view("refs/tags/")}) {
        if (ref.substr(0, prefix.size()) == prefix) ref.remove_prefix(prefix.size());
      }
      r.s = ref;
    } else {
      r.t = folded::type::unknown;
    }
    return r;
  }

  [[nodiscard]] constexpr folded fold(std::int32_t i) const noexcept {
    folded r;
    if (i < 0) return r;
    const pipewright::expr::node& n = nodes[static_cast<std::size_t>(i)];
    const std::string_view tok = text.substr(n.begin, n.end - n.begin);
    switch (n.kind) {
      case pipewright::expr::node_kind::null_literal: r.t = folded::type::null; return r;
      case pipewright::expr::node_kind::bool_literal:
        r.t = folded::type::boolean;
        r.b = n.flag;
        return r;
      case pipewright::expr::node_kind::number_literal:
        r.n = semantics::parse_number(tok);
        if (r.n == r.n) r.t = folded::type::number;
        return r;
      case pipewright::expr::node_kind::string_literal:
        if (tok.size() < 2 || tok.substr(1, tok.size() - 2).find('\'') != std::string_view::npos) {
          return r;  // escaped quotes: left unknown
        }
        r.t = folded::type::string;
        r.s = tok.substr(1, tok.size() - 2);
        return r;
      case pipewright::expr::node_kind::group: return fold(n.a);
      case pipewright::expr::node_kind::index: {
        const pipewright::expr::node& base = nodes[static_cast<std::size_t>(n.a)];
        const pipewright::expr::node& key = nodes[static_cast<std::size_t>(n.b)];
        if (base.kind != pipewright::expr::node_kind::context ||
            key.kind != pipewright::expr::node_kind::string_literal) {
          return r;
        }
        const std::string_view ctx = text.substr(base.begin, base.end - base.begin);
        if (!iequals(ctx, "github")) return r;
        std::string_view k = text.substr(key.begin, key.end - key.begin);
        if (!key.flag) {
          if (k.size() < 2) return r;
          k = k.substr(1, k.size() - 2);
        }
        return github(k);
      }
      case pipewright::expr::node_kind::not_: {
        const folded v = fold(n.a);
        if (!known(v)) return r;
        r.t = folded::type::boolean;
        r.b = !truthy(v);
        return r;
      }
      case pipewright::expr::node_kind::and_:
      case pipewright::expr::node_kind::or_: {
        const bool is_and = n.kind == pipewright::expr::node_kind::and_;
        bool unknown = false;
        folded last;
        for (std::int32_t c = n.a; c >= 0; c = nodes[static_cast<std::size_t>(c)].next) {
          last = fold(c);
          if (!known(last)) {
            unknown = true;
            continue;
          }
          if (truthy(last) != is_and) return last;  // short-circuit value
        }
        return unknown ? folded{} : last;
      }
      case pipewright::expr::node_kind::equal:
      case pipewright::expr::node_kind::not_equal: {
        folded e = fold_equal(fold(n.a), fold(n.b));
        if (known(e) && n.kind == pipewright::expr::node_kind::not_equal) e.b = !e.b;
        return e;
      }
      case pipewright::expr::node_kind::call: {
        r.t = folded::type::boolean;
        switch (static_cast<pipewright::expr::builtin>(n.ref)) {
          case pipewright::expr::builtin::always: r.b = true; return r;
          case pipewright::expr::builtin::success: r.b = needs_ok; return r;
          case pipewright::expr::builtin::failure:
          case pipewright::expr::builtin::cancelled: r.b = false; return r;
          case pipewright::expr::builtin::contains:
          case pipewright::expr::builtin::starts_with:
          case pipewright::expr::builtin::ends_with: {
            const folded hay = fold(n.a);
            const folded needle = fold(nodes[static_cast<std::size_t>(n.a)].next);
            if (hay.t != folded::type::string || needle.t != folded::type::string) return folded{};
            const auto b = static_cast<pipewright::expr::builtin>(n.ref);
            if (b == pipewright::expr::builtin::contains) {
              r.b = ifind(hay.s, needle.s) != std::string_view::npos;
            } else if (b == pipewright::expr::builtin::starts_with) {
              r.b = needle.s.size() <= hay.s.size() &&
                    iequals(hay.s.substr(0, needle.s.size()), needle.s);
            } else {
              r.b = needle.s.size() <= hay.s.size() &&
                    iequals(hay.s.substr(hay.s.size() - needle.s.size()), needle.s);
            }
            return r;
          }
          default: return folded{};
        }
      }
      default: return r;
    }
  }
};

/// Whether a job with condition `text` may run: false only when it is known not to.
constexpr bool may_run(std::string_view text, const event_info& event, bool needs_ok,
                       std::span<const pipewright::expr::function_signature> hosts = {}) {
  std::string_view t = trim(text);
  if (pipewright::semantics::is_whole_expression(t)) {
    t = t.substr(3, t.size() - 5);
  }
  if (t.empty()) return needs_ok;
  node_storage nodes;
  pipewright::expr::fixed_resolver resolver = full_resolver();
  resolver.hosts = hosts.data();
  resolver.host_count = hosts.size();
  const pipewright::expr::parse_outcome o = pipewright::expr::parse(t, nodes, resolver);
  if (!o.ok() || o.root < 0) return needs_ok;
  bool status = false;
  for (const pipewright::expr::node& n : nodes.nodes) {
    if (n.kind == pipewright::expr::node_kind::call && pipewright::expr::is_status_function(n.ref))
      status = true;
  }
  if (!status && !needs_ok) return false;  // the implicit `success() &&`
  const condition_folder f{t, nodes, event, needs_ok};
  const folded v = f.fold(o.root);
  return !known(v) || truthy(v);
}

// --- validate ------------------------------------------------------------------------------

constexpr std::string_view step_key(item_kind k) noexcept {
  switch (k) {
    case item_kind::name: return "jobs.<id>.steps.name";
    case item_kind::if_: return "jobs.<id>.steps.if";
    case item_kind::run: return "jobs.<id>.steps.run";
    case item_kind::env: return "jobs.<id>.steps.env";
    case item_kind::with: return "jobs.<id>.steps.with";
    case item_kind::working_directory: return "jobs.<id>.steps.working-directory";
    default: return {};
  }
}
constexpr std::string_view job_key(item_kind k) noexcept {
  switch (k) {
    case item_kind::name: return "jobs.<id>.name";
    case item_kind::if_: return "jobs.<id>.if";
    case item_kind::runs_on: return "jobs.<id>.runs-on";
    case item_kind::env: return "jobs.<id>.env";
    case item_kind::with: return "jobs.<id>.with.<k>";
    case item_kind::output: return "jobs.<id>.outputs.<id>";
    case item_kind::environment: return "jobs.<id>.environment";
    case item_kind::axis_value:
    case item_kind::entry: return "jobs.<id>.strategy";
    case item_kind::concurrency: return "jobs.<id>.concurrency";
    case item_kind::defaults_shell:
    case item_kind::defaults_working_directory: return "jobs.<id>.defaults.run";
    case item_kind::container: return "jobs.<id>.container";
    default: return {};
  }
}
constexpr std::string_view field_name(item_kind k) noexcept {
  switch (k) {
    case item_kind::name: return "name";
    case item_kind::if_: return "if";
    case item_kind::run: return "run";
    case item_kind::env: return "env";
    case item_kind::with: return "with";
    case item_kind::working_directory: return "working-directory";
    case item_kind::runs_on: return "runs-on";
    case item_kind::output: return "outputs";
    case item_kind::environment: return "environment";
    case item_kind::axis_value:
    case item_kind::entry: return "strategy.matrix";
    case item_kind::needs: return "needs";
    case item_kind::concurrency: return "concurrency";
    case item_kind::defaults_shell: return "defaults.run.shell";
    case item_kind::defaults_working_directory: return "defaults.run.working-directory";
    case item_kind::container: return "container";
    case item_kind::run_name: return "run-name";
    default: return {};
  }
}

/// The tag of an item's key for expression_checker::slot(); `variant` tells apart two keys
/// of one item (an environment's name and url).
constexpr std::size_t key_tag(item_level level, item_kind kind, std::size_t variant = 0) noexcept {
  return (static_cast<std::size_t>(level) * 2 + variant) * 48 + static_cast<std::size_t>(kind);
}

constexpr void check_expressions(std::span<const item> items, const std::vector<job_view>& jobs,
                                 report& out, expression_checker& checker) {
  for (const item& it : items) {
    if (it.level != item_level::workflow) continue;
    if (it.kind == item_kind::env && it.type == scalar_kind::string) {
      check_text(it.b, false, "env", key_tag(it.level, it.kind), site{npos, npos, "env", it.a}, out,
                 checker);
    } else if (it.kind == item_kind::run_name || it.kind == item_kind::concurrency) {
      const std::string_view key = it.kind == item_kind::run_name ? "run-name" : "concurrency";
      const site at{npos, npos, field_name(it.kind), {}};
      check_text(it.a, false, key, key_tag(it.level, it.kind), at, out, checker);
      if (it.kind == item_kind::concurrency && it.type == scalar_kind::string) {
        check_text(it.b, false, key, key_tag(it.level, it.kind), at, out, checker);
      }
    }
  }
  const item* const base = items.data();
  for (std::uint32_t j = 0; j < jobs.size(); ++j) {
    std::uint32_t step = npos;
    const job_view& jv = jobs[j];
    for (std::uint32_t i = jv.begin; i < jv.end; ++i) {
      const item& it = base[i];
      if (it.kind == item_kind::step) {
        step = step == npos ? 0 : step + 1;
        continue;
      }
      const bool text_value = it.type == scalar_kind::string;
      if (it.level == item_level::step) {
        const std::string_view key = step_key(it.kind);
        if (key.empty()) continue;
        const bool keyed = it.kind == item_kind::env || it.kind == item_kind::with;
        const std::string_view text = keyed ? it.b : it.a;
        if (keyed && !text_value) continue;
        check_text(text, it.kind == item_kind::if_, key, key_tag(it.level, it.kind),
                   site{j, step, field_name(it.kind), keyed ? it.a : std::string_view{}}, out,
                   checker);
      } else if (it.level == item_level::service) {
        if (it.kind == item_kind::env && text_value) {
          check_text(it.b, false, "jobs.<id>.services.<id>.env.<k>", key_tag(it.level, it.kind),
                     site{j, npos, "services", it.a}, out, checker);
        }
      } else if (it.level == item_level::container) {
        if (it.kind == item_kind::env && text_value) {
          check_text(it.b, false, "jobs.<id>.container.env.<k>", key_tag(it.level, it.kind),
                     site{j, npos, "container.env", it.a}, out, checker);
        }
      } else if (it.level == item_level::job) {
        const std::string_view key = job_key(it.kind);
        if (key.empty()) continue;
        const bool keyed = it.kind == item_kind::env || it.kind == item_kind::with ||
                           it.kind == item_kind::output || it.kind == item_kind::entry;
        std::string_view text = keyed || it.kind == item_kind::axis_value ? it.b : it.a;
        if ((keyed || it.kind == item_kind::axis_value) && !text_value) continue;
        check_text(text, it.kind == item_kind::if_, key, key_tag(it.level, it.kind),
                   site{j, npos, field_name(it.kind), keyed ? it.a : std::string_view{}}, out,
                   checker);
        if (it.kind == item_kind::environment && !it.b.empty()) {
          check_text(it.b, false, "jobs.<id>.environment.url", key_tag(it.level, it.kind, 1),
                     site{j, npos, "environment.url", {}}, out, checker);
        }
        if (it.kind == item_kind::concurrency && text_value && !it.b.empty()) {
          check_text(it.b, false, key, key_tag(it.level, it.kind),
                     site{j, npos, "concurrency.cancel-in-progress", {}}, out, checker);
        }
      }
    }
  }
}

/// Everything the checks compute about a definition, so that a checked `workflow` computes
/// its figures once.
struct analysis {
  report problems;
  std::vector<job_view> jobs;
  static_graph graph;
  std::vector<std::uint64_t> legs;  ///< per job; empty when a matrix could not be counted
};

/// How analyse() runs.
struct analysis_options {
  bool dedupe_expressions = true;  ///< parse each distinct (text, key) once
};

/// The bit of a filter key in filter_conflicts(); branches are bit 0 (plain strings too),
/// each `-ignore` key the bit after its twin's.
constexpr std::uint32_t filter_bit(std::string_view key) noexcept {
  if (key == "branches") return 1u;
  if (key == "branches-ignore") return 2u;
  if (key == "tags") return 4u;
  if (key == "tags-ignore") return 8u;
  if (key == "paths") return 16u;
  if (key == "paths-ignore") return 32u;
  return 0u;
}

/// Events with a filter and its `-ignore` twin (`branches` and `branches-ignore`, ...): GitHub
/// refuses to run such a workflow (the runtime's PW0409).
constexpr void filter_conflicts(std::span<const item> items, report& out) {
  constexpr std::string_view twins[] = {"branches", "tags", "paths"};
  std::string_view event;
  std::uint32_t seen = 0;
  auto flush = [&] {
    for (std::uint32_t t = 0; t < 3; ++t) {
      if (((seen >> (2 * t)) & 3u) != 3u) continue;
      problem p;
      p.kind = problem_kind::filter_conflict;
      p.field = "on";
      p.text = event;
      p.entry = twins[t];
      out.add(p);
    }
    seen = 0;
  };
  for (const item *it = items.data(), *end = items.data() + items.size(); it != end; ++it) {
    const item_kind k = it->kind;
    if (k == item_kind::event) {
      flush();
      event = it->a;
    } else if (k == item_kind::branch) {
      seen |= 1u;
    } else if (k == item_kind::filter) {
      seen |= filter_bit(it->a);
    }
  }
  flush();
}

/// Every problem of a definition (see problem_kind), in a fixed order: jobs and ids, needs,
/// cycles, steps and runners, expressions, matrices, triggers; with the jobs, the graph and
/// the legs.
constexpr analysis analyse(std::span<const item> items, analysis_options options = {}) {
  analysis result;
  report& out = result.problems;
  result.jobs = jobs_of(items);
  const std::vector<job_view>& jobs = result.jobs;
  if (jobs.empty()) {
    problem p;
    p.kind = problem_kind::no_jobs;
    out.add(p);
    return result;
  }
  const std::vector<pipewright::expr::function_signature> hosts = host_signatures(items);
  for (std::uint32_t j = 0; j < jobs.size(); ++j) {
    problem p;
    p.job = j;
    p.text = jobs[j].id;
    p.field = "id";
    if (!semantics::valid_id(jobs[j].id)) {
      p.kind = problem_kind::invalid_job_id;
      out.add(p);
    } else if (find_job(jobs, jobs[j].id) != j) {
      p.kind = problem_kind::duplicate_job;
      out.add(p);
    }
  }
  const item* const base = items.data();
  for (std::uint32_t j = 0; j < jobs.size(); ++j) {
    const job_view& jv = jobs[j];
    for (const item *it = base + jv.begin, *end = base + jv.end; it != end; ++it) {
      if (it->kind != item_kind::needs || find_job(jobs, it->a) != npos) continue;
      problem p;
      p.kind = problem_kind::unknown_needs;
      p.job = j;
      p.field = "needs";
      p.text = it->a;
      out.add(p);
    }
  }
  result.graph = graph_of(items, jobs);
  for (const graph::cycle& c : graph::find_cycles(result.graph)) {
    problem p;
    p.kind = problem_kind::cycle;
    p.job = c.front();
    p.field = "needs";
    p.text = jobs[c.front()].id;
    p.cycle_length = static_cast<std::uint32_t>(c.size());
    for (std::size_t k = 0; k < c.size() && k < max_cycle_length; ++k) p.cycle[k] = c[k];
    out.add(p);
  }
  for (std::uint32_t j = 0; j < jobs.size(); ++j) {
    bool steps = false;
    bool uses_workflow = false;
    bool runner = false;
    const job_view& jv = jobs[j];
    for (const item *it = base + jv.begin, *end = base + jv.end; it != end; ++it) {
      const item_kind k = it->kind;
      if (k == item_kind::step) steps = true;
      if (k == item_kind::uses && it->level == item_level::job) uses_workflow = true;
      if (k == item_kind::runs_on) runner = true;
    }
    problem p;
    p.job = j;
    p.text = jobs[j].id;
    if (!steps && !uses_workflow) {
      p.kind = problem_kind::no_steps;
      p.field = "steps";
      out.add(p);
    } else if (!uses_workflow && !runner) {
      p.kind = problem_kind::no_runs_on;
      p.field = "runs-on";
      out.add(p);
    }
  }
  {
    // Distinct texts are far fewer than items (every item holds at most one text).
    expression_checker checker(items.size() / 4);
    checker.dedupe = options.dedupe_expressions;
    checker.resolvers.set_hosts(hosts);
    check_expressions(items, jobs, out, checker);
  }
  result.legs.assign(jobs.size(), std::uint64_t{1});
  for (std::uint32_t j = 0; j < jobs.size(); ++j) {
    const matrix_data m = matrix_of(items, jobs[j]);
    if (!m.present) continue;
    bool empty_axis = false;
    for (const matrix_axis& a : m.axes) {
      if (!a.values.empty()) continue;
      problem p;
      p.kind = problem_kind::matrix_empty_axis;
      p.job = j;
      p.field = "strategy.matrix";
      p.entry = a.name;
      out.add(p);
      empty_axis = true;
    }
    for (const matrix_rule& rule : m.excludes) {
      for (const kv& e : rule.entries) {
        if (find_axis(m, e.key) != static_cast<std::size_t>(-1)) continue;
        problem p;
        p.kind = problem_kind::matrix_exclude_unknown_key;
        p.job = j;
        p.field = "strategy.matrix.exclude";
        p.entry = e.key;
        out.add(p);
      }
    }
    const leg_count c = empty_axis ? leg_count{} : count_legs(m);
    result.legs[j] = c.legs;
    if (empty_axis) continue;
    problem p;
    p.job = j;
    p.field = "strategy.matrix";
    if (!c.countable) {
      p.kind = problem_kind::matrix_too_large;
      p.count = c.product;
      out.add(p);
    } else if (c.legs > max_matrix_legs) {
      p.kind = problem_kind::matrix_too_many_legs;
      p.count = c.legs;
      out.add(p);
    }
  }
  filter_conflicts(items, out);
  return result;
}

/// Every problem of a definition (see analyse()).
constexpr report validate_items(std::span<const item> items) {
  return analyse(items).problems;
}

}  // namespace detail

}  // namespace static_
}  // namespace v0
}  // namespace pipewright
