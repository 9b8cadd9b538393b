/// @file expression.hpp
/// Compiling and evaluating expressions: `expr::compile(text, options) -> result<expression>`,
/// then `expression::evaluate(contexts)` as many times as needed.
///
/// ```cpp
/// auto e = pipewright::expr::compile("github.ref == 'refs/heads/main'", {.contexts = {"github"}});
/// auto r = e->evaluate(pipewright::value::make_object({{"github", github}}));
/// ```
///
/// Compiling parses once into a flat node array with literals prepared as shared values and
/// context names resolved to slots. Evaluating never re-parses, never throws for bad data,
/// and does not allocate for scalar results. Semantics are GitHub's C# engine
/// (SEMANTICS.md §1): see docs/expressions.md.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/lexer.hpp"
#include "pipewright/expr/parser.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

/// The status a step-level status function sees (`job.status`).
enum class job_status : std::uint8_t { success, failure, cancelled };

/// A function added by the caller: called with its evaluated arguments.
struct user_function {
  std::string name;
  std::uint16_t min_args = 0;
  std::uint16_t max_args = 0;
  std::function<result<value>(std::span<const value> args)> call;
};

/// The functions of `signatures`, with `calls` (one callable per signature, in the same
/// order): what a listed function set's functions() returns, so that the runtime's names and
/// arities are its compile-time `signatures` (docs/engine.md).
template <std::size_t N, class... Calls>
std::vector<user_function> make_functions(const std::array<function_signature, N>& signatures,
                                          Calls... calls) {
  static_assert(sizeof...(Calls) == N,
                "expr::make_functions takes one callable per signature, in the same order");
  std::vector<user_function> out;
  out.reserve(N);
  std::size_t i = 0;
  const auto add = [&out, &signatures, &i](auto& call) {
    out.push_back(user_function{std::string(signatures[i].name), signatures[i].min_args,
                                signatures[i].max_args, std::move(call)});
    ++i;
  };
  (add(calls), ...);
  return out;
}
/// The functions of `signatures` without callables (a call gives null): enough to compile and
/// validate expressions calling them.
PIPEWRIGHT_DECL std::vector<user_function> declared_functions(
    std::span<const function_signature> signatures);

/// Where the runtime functions `functions` differ from `signatures` (names ignoring case,
/// then arities, position by position); empty when they agree.
PIPEWRIGHT_DECL std::string functions_mismatch(std::span<const function_signature> signatures,
                                               std::span<const user_function> functions);

/// What an expression may name; fixed at compile time.
struct compile_options {
  /// The named values (contexts) allowed, matched ignoring case; slot = position.
  std::vector<std::string> contexts{};
  /// Whether success(), failure(), cancelled() and always() are available.
  bool status_functions = true;
  /// Whether success() and failure() take job names as arguments (`success('build')`), as
  /// they do in a job-level `if:`; elsewhere they take none.
  bool status_function_args = false;
  /// Whether hashFiles() is available.
  bool hash_files = true;
  /// Functions added by the caller (the functions policy).
  std::vector<user_function> functions{};
  /// Added to every diagnostic span (the expression's offset in an enclosing document).
  std::size_t span_offset = 0;
};

/// The status policy: decides success()/failure()/cancelled()/always(). `args` are the
/// evaluated arguments (job-level `success('a')`); the default looks at `status` only.
using status_policy = std::function<bool(builtin which, std::span<const value> args)>;

/// The file-system policy of hashFiles(): the patterns (and whether the first argument was
/// `--follow-symbolic-links`) to a lower-case hex digest, '' when nothing matches.
using hash_files_policy =
    std::function<result<std::string>(std::span<const std::string> patterns, bool follow_links)>;

/// Options of one evaluation.
struct evaluation_options {
  job_status status = job_status::success;
  status_policy status_function{};
  /// When empty, hashFiles() fails with PW0215 unless a default is installed by the caller
  /// (see host/hash_files.hpp: `host::default_hash_files(workspace)`).
  hash_files_policy hash_files{};
  /// Memory an evaluation may hold in strings it builds (C#'s default: 1 MiB; strings are
  /// counted as UTF-16, as .NET holds them). Exceeding it is PW0219.
  std::size_t max_memory = std::size_t{1} << 20;
};

namespace detail {

// A literal used as an index (`.name`, `['name']`, `[0]`), with its key forms (C#
// IndexHelper) worked out at compile time. Its bytes are in the block's characters: in
// the text itself, or after it when they differ (`''` escapes, numbers).
struct literal_key {
  std::uint32_t begin = 0;
  std::uint32_t size = 0;
  bool ascii = true;
  bool has_int = false;
  std::uint64_t hash = 0;
  std::size_t integer = 0;
};

// Context names with their case-insensitive hashes (ASCII names), by slot.
struct name_list {
  std::vector<std::string> names;
  std::vector<std::uint64_t> hashes;
};

}  // namespace detail

/// A compiled expression.
///
/// Its constants, literal keys, nodes and text live in one heap block (one allocation per
/// compiled expression); the context-name list is shared with every expression compiled
/// with an equal list.
class expression {
 public:
  expression() = default;
  expression(const expression& other) { copy_from(other); }
  expression(expression&& other) noexcept { take(other); }
  expression& operator=(const expression& other) {
    if (this != &other) {
      expression copy(other);
      destroy();
      take(copy);
    }
    return *this;
  }
  expression& operator=(expression&& other) noexcept {
    if (this != &other) {
      destroy();
      take(other);
    }
    return *this;
  }
  ~expression() { destroy(); }

  /// The source text.
  [[nodiscard]] std::string_view text() const noexcept {
    return block_ == nullptr ? std::string_view() : std::string_view(chars(), text_size_);
  }
  /// The flat node array and its root (-1: empty expression, which evaluates to null).
  [[nodiscard]] std::span<const node> nodes() const noexcept {
    return block_ == nullptr ? std::span<const node>()
                             : std::span<const node>(node_ptr(), node_count_);
  }
  [[nodiscard]] std::int32_t root() const noexcept { return root_; }
  /// The context names, by slot.
  [[nodiscard]] const std::vector<std::string>& context_names() const noexcept {
    return names_ ? names_->names : no_names();
  }
  /// True when the expression calls success, failure, cancelled or always anywhere.
  [[nodiscard]] bool uses_status_function() const noexcept {
    for (const node& n : nodes()) {
      if (n.kind == node_kind::call && is_status_function(n.ref)) return true;
    }
    return false;
  }
  /// True when the whole expression is one string literal (templates fold it).
  [[nodiscard]] bool is_string_literal() const noexcept {
    return root_ >= 0 &&
           node_ptr()[static_cast<std::size_t>(root_)].kind == node_kind::string_literal;
  }

  /// Evaluates with `lookup(slot, name)` supplying the contexts. When it returns a
  /// `const value&`, the value is read in place (not copied), so it must stay valid and
  /// unchanged until the evaluation returns; a lookup returning `value` is copied.
  template <class Lookup>
  result<value> evaluate_with(Lookup&& lookup, const evaluation_options& options = {}) const;

  /// Evaluates with contexts taken from the object `contexts` (names ignoring case; a
  /// missing name is null).
  [[nodiscard]] result<value> evaluate(const value& contexts,
                                       const evaluation_options& options = {}) const {
    return evaluate_node(root_, contexts, options);
  }
  /// Evaluates the sub-expression at `node` (an index into nodes(); -1 or out of range: null) as
  /// evaluate() does the whole (expr/partial.hpp evaluates the known parts this way).
  [[nodiscard]] result<value> evaluate_node(std::int32_t node, const value& contexts,
                                            const evaluation_options& options = {}) const;
  /// Evaluates with one value per slot (`context_names()` order; missing slots are null).
  [[nodiscard]] result<value> evaluate(std::span<const value> slots,
                                       const evaluation_options& options = {}) const;

 private:
  template <class Lookup>
  result<value> evaluate_from(std::int32_t node, Lookup&& lookup,
                              const evaluation_options& options) const;

  friend result<expression> compile(std::string_view text, const compile_options& options);
  template <class Lookup>
  friend class evaluator;

  static const std::vector<std::string>& no_names() noexcept {
    static const std::vector<std::string> none;
    return none;
  }

  using literal_key = detail::literal_key;
  using name_list = detail::name_list;

  // The block: constants (value), then keys, then nodes, then characters (the text, then
  // key bytes not in the text). Everything but the constants is trivially copyable.
  [[nodiscard]] value* constant_ptr() const noexcept { return reinterpret_cast<value*>(block_); }
  [[nodiscard]] std::size_t keys_offset() const noexcept {
    return std::size_t{constant_count_} * sizeof(value);
  }
  [[nodiscard]] const literal_key* key_ptr() const noexcept {
    return reinterpret_cast<const literal_key*>(block_ + keys_offset());
  }
  [[nodiscard]] std::size_t nodes_offset() const noexcept {
    return keys_offset() + std::size_t{key_count_} * sizeof(literal_key);
  }
  [[nodiscard]] const node* node_ptr() const noexcept {
    return reinterpret_cast<const node*>(block_ + nodes_offset());
  }
  [[nodiscard]] const char* chars() const noexcept {
    return reinterpret_cast<const char*>(block_ + nodes_offset() +
                                         std::size_t{node_count_} * sizeof(node));
  }
  [[nodiscard]] std::string_view key_text(const literal_key& k) const noexcept {
    return std::string_view(chars() + k.begin, k.size);
  }

  void destroy() noexcept {
    if (block_ == nullptr) return;
    value* c = constant_ptr();
    for (std::uint32_t i = 0; i < constants_built_; ++i) c[i].~value();
    ::operator delete(block_);
    block_ = nullptr;
  }
  void take(expression& o) noexcept {
    block_ = std::exchange(o.block_, nullptr);
    block_size_ = o.block_size_;
    constant_count_ = o.constant_count_;
    constants_built_ = o.constants_built_;
    key_count_ = o.key_count_;
    node_count_ = o.node_count_;
    text_size_ = o.text_size_;
    root_ = std::exchange(o.root_, -1);
    span_offset_ = o.span_offset_;
    names_ = std::move(o.names_);
    functions_ = std::move(o.functions_);
  }
  void copy_from(const expression& o) {
    block_size_ = o.block_size_;
    constant_count_ = o.constant_count_;
    key_count_ = o.key_count_;
    node_count_ = o.node_count_;
    text_size_ = o.text_size_;
    root_ = o.root_;
    span_offset_ = o.span_offset_;
    names_ = o.names_;
    functions_ = o.functions_;
    if (o.block_ == nullptr) return;
    block_ = static_cast<std::byte*>(::operator new(block_size_));
    const std::size_t k = keys_offset();
    std::memcpy(block_ + k, o.block_ + k, block_size_ - k);
    for (; constants_built_ < o.constants_built_; ++constants_built_) {
      ::new (static_cast<void*>(constant_ptr() + constants_built_))
          value(o.constant_ptr()[constants_built_]);
    }
  }

  std::byte* block_ = nullptr;
  std::uint32_t block_size_ = 0;
  std::uint32_t constant_count_ = 0;
  std::uint32_t constants_built_ = 0;  // constructed so far (all, once compiled)
  std::uint32_t key_count_ = 0;
  std::uint32_t node_count_ = 0;
  std::uint32_t text_size_ = 0;
  std::int32_t root_ = -1;
  std::size_t span_offset_ = 0;
  std::shared_ptr<const name_list> names_;
  std::shared_ptr<const std::vector<user_function>> functions_;
};

/// Compiles `text` (the body of `${{ }}`, without the braces). Lexing and parsing errors
/// (PW0201–PW0209) are reported here, with the span of the offending token.
PIPEWRIGHT_DECL result<expression> compile(std::string_view text,
                                           const compile_options& options = {});

namespace detail {

/// Bytes C#'s `MemoryCounter` charges for a value an evaluation builds: 26 + 2 per byte of
/// a string (UTF-16 in .NET; bytes here, which never undercounts), and for arrays and
/// objects 24 per container plus 8 per element, with their keys and values counted in
/// turn. `shallow`: elements are shared, not built (filters), so only the pointers count.
inline std::size_t memory_size(const value& v, bool shallow = false) noexcept {
  switch (v.type()) {
    case kind::string: return 26 + 2 * v.as_string().size();
    case kind::array: {
      std::size_t n = 24 + 8 * v.as_array().size();
      if (!shallow) {
        for (const value& x : v.as_array()) n += memory_size(x);
      }
      return n;
    }
    case kind::object: {
      std::size_t n = 24 + 8 * v.as_object().size();
      if (!shallow) {
        for (const auto& [k, x] : v.as_object()) n += 26 + 2 * k.size() + memory_size(x);
      }
      return n;
    }
    default: return 0;
  }
}

/// True when `s` (of at least `p.size()` bytes) starts (or ends, `at_end`) with the ASCII
/// text `p`, ignoring case. Only ASCII bytes can equal ASCII letters ignoring case.
inline bool ascii_affix(std::string_view s, std::string_view p, bool at_end) noexcept {
  if (p.size() > s.size()) return false;
  return pipewright::detail::iequals(at_end ? s.substr(s.size() - p.size()) : s.substr(0, p.size()),
                                     p);
}

}  // namespace detail

/// Evaluates one compiled expression; used through expression::evaluate*.
///
/// `eval` returns a reference either to something that outlives the evaluation (a context
/// value, a constant, or an element of either) or to the `tmp` its caller passed, so that
/// paths are read without copies or reference-count traffic. Each caller gives every operand
/// its own `tmp`.
template <class Lookup>
class evaluator {
 public:
  evaluator(const expression& e, Lookup& lookup, const evaluation_options& options)
      : e_(e), lookup_(lookup), options_(options) {}

  /// Evaluates the sub-expression at node `from` (the root by default).
  result<value> run(std::int32_t from) {
    if (from < 0) return value();
    bool filtered = false;
    value tmp;
    const value& v = eval(from, tmp, filtered);
    if (error_) return std::move(*error_);
    if (&v == &tmp) return tmp;
    return v;
  }

 private:
  const node& at(std::int32_t i) const noexcept {
    return e_.node_ptr()[static_cast<std::size_t>(i)];
  }

  void fail(std::string_view code, std::string message, std::int32_t where) {
    if (error_) return;
    const node& n = at(where);
    const std::string_view sub = e_.text().substr(n.begin, n.end - n.begin);
    diagnostic d = make_error(code, std::move(message),
                              source_span{e_.span_offset_ + n.begin, e_.span_offset_ + n.end});
    d.notes.push_back("in the sub-expression: " + std::string(sub));
    error_ = std::move(d);
  }

  void fail_memory(std::int32_t i) {
    const node& n = at(i);
    fail(codes::expr_memory_limit,
         "The maximum allowed memory size was exceeded while evaluating the following "
         "expression: " +
             std::string(e_.text().substr(n.begin, n.end - n.begin)),
         i);
  }

  // Like C#'s ResultMemory: what a node's operands held is released once it returns, and its
  // own result is charged. False (and PW0219) past the limit.
  bool charge(std::size_t base, std::size_t bytes, std::int32_t i) {
    memory_ = base + bytes;
    if (memory_ <= options_.max_memory || error_) return true;
    fail_memory(i);
    return false;
  }
  // For results being built: false (and PW0219) when `bytes` more would pass the limit.
  bool room_for(std::size_t bytes, std::int32_t i) {
    if (memory_ + bytes <= options_.max_memory) return true;
    fail_memory(i);
    return false;
  }

  static const value& boolean(bool b, value&) noexcept {
    return b ? pipewright::detail::true_value : pipewright::detail::false_value;
  }
  // `v` as a result: moved into `tmp` when it lives in the operand's own `vtmp`.
  static const value& keep(const value& v, value& vtmp, value& tmp) noexcept {
    if (&v != &vtmp) return v;
    tmp = std::move(vtmp);
    return tmp;
  }

  const value& eval(std::int32_t i, value& tmp, bool& filtered) {
    filtered = false;
    if (error_) return value::null_ref();
    const node& n = at(i);
    switch (n.kind) {
      case node_kind::null_literal: return value::null_ref();
      case node_kind::bool_literal: return boolean(n.flag, tmp);
      case node_kind::number_literal:
      case node_kind::string_literal: return e_.constant_ptr()[n.ref];
      case node_kind::context: return context(n, tmp);
      case node_kind::group: return eval(n.a, tmp, filtered);
      case node_kind::not_: {
        bool f = false;
        value t;
        const bool b = truthy(eval(n.a, t, f));
        return boolean(!b, tmp);
      }
      case node_kind::and_:
      case node_kind::or_: {
        const bool is_and = n.kind == node_kind::and_;
        const value* v = &value::null_ref();
        for (std::int32_t c = n.a; c >= 0; c = at(c).next) {
          v = &eval(c, tmp, filtered);
          if (error_) return value::null_ref();
          if (truthy(*v) != is_and) return *v;
        }
        return *v;
      }
      case node_kind::equal:
      case node_kind::not_equal:
      case node_kind::less:
      case node_kind::less_equal:
      case node_kind::greater:
      case node_kind::greater_equal: {
        bool f = false;
        value lt;
        value rt;
        const value& l = eval(n.a, lt, f);
        const value& r = eval(n.b, rt, f);
        bool b = false;
        switch (n.kind) {
          case node_kind::equal: b = loose_equals(l, r); break;
          case node_kind::not_equal: b = !loose_equals(l, r); break;
          case node_kind::less: b = less_than(l, r); break;
          case node_kind::less_equal: b = loose_equals(l, r) || less_than(l, r); break;
          case node_kind::greater: b = greater_than(l, r); break;
          default: b = loose_equals(l, r) || greater_than(l, r); break;
        }
        return boolean(b, tmp);
      }
      case node_kind::index:
        if (!is_filter(n.a)) return index(i, n, tmp, filtered);
        [[fallthrough]];
      case node_kind::wildcard: {
        // A filter chain (`a.*.b.*…`) is walked as pointers and materialised once.
        const std::size_t base = memory_;
        value keep;
        std::vector<const value*> items;
        if (!collect(i, items, keep)) return value::null_ref();
        array out;
        out.reserve(items.size());
        for (const value* v : items) out.push_back(*v);
        filtered = true;
        tmp = value(std::move(out));
        if (!charge(base, detail::memory_size(tmp, true), i)) return value::null_ref();
        return tmp;
      }
      case node_kind::call: {
        const std::size_t base = memory_;
        const value& v = call(i, n, tmp);
        if (error_) return value::null_ref();
        // Strings are charged wherever they come from (as GitHub's suite expects); arrays
        // and objects only when this call built them.
        const std::size_t bytes =
            v.is_string() ? detail::memory_size(v) : (&v == &tmp ? detail::memory_size(v) : 0);
        if (!charge(base, bytes, i)) return value::null_ref();
        return v;
      }
    }
    return value::null_ref();
  }

  const value& context(const node& n, value& tmp) {
    const auto slot = static_cast<std::size_t>(n.ref);
    const std::string_view name(e_.names_->names[slot]);
    if constexpr (std::is_lvalue_reference_v<decltype(lookup_(slot, name))>) {
      return lookup_(slot, name);
    } else {
      tmp = lookup_(slot, name);
      return tmp;
    }
  }

  // The key forms of an index value (C# IndexHelper).
  struct key {
    bool has_string = false;
    bool hashed = false;
    bool has_int = false;
    object::hashed_key text{};
    std::size_t integer = 0;
  };
  static void make_key(const value& idx, key& k, std::string& owned) {
    if (idx.is_primitive()) {
      k.has_string = true;
      if (idx.is_string()) {
        k.text.text = idx.as_string();
      } else {
        owned = to_string(idx);
        k.text.text = owned;
      }
    }
    const double d = to_number(idx);
    if (d >= 0.0 && d <= 2147483647.0) {
      k.has_int = true;
      k.integer = static_cast<std::size_t>(std::floor(d));
    }
  }
  static const value* member(const value& container, const key& k) noexcept {
    if (container.is_object()) {
      if (!k.has_string) return nullptr;
      const object& o = container.as_object();
      return k.hashed ? o.find(k.text) : o.find(k.text.text);
    }
    if (container.is_array()) {
      const array& a = container.as_array();
      return k.has_int && k.integer < a.size() ? &a[k.integer] : nullptr;
    }
    return nullptr;
  }

  const value& index(std::int32_t self, const node& n, value& tmp, bool& filtered) {
    const std::size_t base = memory_;
    bool lf = false;
    value ltmp;
    const value& left = eval(n.a, ltmp, lf);
    key k;
    std::string owned;
    value ktmp;
    if (literal_key(n, k)) {
      if (error_) return value::null_ref();
    } else {
      bool kf = false;
      const value& idx = eval(n.b, ktmp, kf);
      if (error_) return value::null_ref();
      make_key(idx, k, owned);
    }
    if (!lf) {
      const value* v = member(left, k);
      if (v == nullptr) return value::null_ref();
      if (&left != &ltmp) return *v;
      tmp = *v;  // `left` is a temporary: keep the member alive
      return tmp;
    }
    const array& in = left.as_array();
    array out;
    out.reserve(in.size());
    for (const value& e : in) {
      const value* v = member(e, k);
      if (v != nullptr) out.push_back(*v);
    }
    filtered = true;
    tmp = value(std::move(out));
    if (!charge(base, detail::memory_size(tmp, true), self)) return value::null_ref();
    return tmp;
  }

  // True when node i always gives a filtered array: `.*`, `[*]`, or an index or group over
  // one. (`&&`/`||` may pass a filtered array on too; that case takes the general path.)
  bool is_filter(std::int32_t i) const noexcept {
    for (;;) {
      const node& n = at(i);
      if (n.kind == node_kind::wildcard) return true;
      if (n.kind != node_kind::index && n.kind != node_kind::group) return false;
      i = n.a;
    }
  }

  static void append_children(const value& v, std::vector<const value*>& out) {
    if (v.is_array()) {
      for (const value& x : v.as_array()) out.push_back(&x);
    } else if (v.is_object()) {
      for (const auto& m : v.as_object()) out.push_back(&m.second);
    }
  }

  // The elements of the filtered array node i (is_filter(i)) as pointers into the values
  // they come from; `keep` holds a temporary at the root of the chain alive. False on error.
  bool collect(std::int32_t i, std::vector<const value*>& out, value& keep) {
    const std::size_t base = memory_;
    const node& n = at(i);
    if (n.kind == node_kind::group) return collect(n.a, out, keep);
    if (n.kind == node_kind::index) {
      if (!collect(n.a, out, keep)) return false;
      key k;
      std::string owned;
      value ktmp;
      if (!literal_key(n, k)) {
        bool kf = false;
        const value& idx = eval(n.b, ktmp, kf);
        if (error_) return false;
        make_key(idx, k, owned);
      }
      std::size_t kept = 0;
      for (const value* e : out) {
        const value* v = member(*e, k);
        if (v != nullptr) out[kept++] = v;
      }
      out.resize(kept);
    } else if (is_filter(n.a)) {
      std::vector<const value*> in;
      if (!collect(n.a, in, keep)) return false;
      std::size_t total = 0;
      for (const value* e : in) {
        total += e->is_array() ? e->as_array().size() : e->is_object() ? e->as_object().size() : 0;
      }
      out.reserve(total);
      for (const value* e : in) append_children(*e, out);
    } else {
      bool lf = false;
      const value& left = eval(n.a, keep, lf);
      if (error_) return false;
      if (lf) {
        for (const value& e : left.as_array()) append_children(e, out);
      } else {
        out.reserve(left.is_array()    ? left.as_array().size()
                    : left.is_object() ? left.as_object().size()
                                       : 0);
        append_children(left, out);
      }
    }
    // Each level is a filtered array in C#, charged as it is built.
    return charge(base, 24 + 8 * out.size(), i);
  }

  // The key of `n` (an index node) when it is a literal, worked out at compile time.
  bool literal_key(const node& n, key& k) const noexcept {
    if (e_.key_count_ == 0) return false;
    const node& kn = at(n.b);
    if (kn.kind != node_kind::string_literal && kn.kind != node_kind::number_literal) {
      return false;
    }
    const expression::literal_key& lk = e_.key_ptr()[kn.ref];
    k.has_string = true;
    k.hashed = true;
    k.text = object::hashed_key{e_.key_text(lk), lk.hash, lk.ascii};
    k.has_int = lk.has_int;
    k.integer = lk.integer;
    return true;
  }

  const value& arg(std::int32_t c, value& tmp) {
    bool f = false;
    return eval(c, tmp, f);
  }
  value arg_value(std::int32_t c) {
    value tmp;
    const value& v = arg(c, tmp);
    if (&v == &tmp) return tmp;
    return v;
  }
  static std::int32_t nth(const expression& e, std::int32_t first, std::size_t k) {
    std::int32_t c = first;
    while (k-- > 0 && c >= 0) c = e.node_ptr()[static_cast<std::size_t>(c)].next;
    return c;
  }

  static bool icontains(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    if (pipewright::detail::is_ascii(hay) && pipewright::detail::is_ascii(needle)) {
      if (needle.size() > hay.size()) return false;
      const char first = pipewright::detail::ascii_upper(needle[0]);
      for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        if (pipewright::detail::ascii_upper(hay[i]) != first) continue;
        if (pipewright::detail::iequals(hay.substr(i, needle.size()), needle)) return true;
      }
      return false;
    }
    return pipewright::detail::to_upper(hay).find(pipewright::detail::to_upper(needle)) !=
           std::string::npos;
  }
  static bool istarts(std::string_view s, std::string_view p, bool at_end) {
    if (pipewright::detail::is_ascii(p)) return detail::ascii_affix(s, p, at_end);
    const std::string us = pipewright::detail::to_upper(s);
    const std::string up = pipewright::detail::to_upper(p);
    if (up.size() > us.size()) return false;
    return at_end ? us.compare(us.size() - up.size(), up.size(), up) == 0
                  : us.compare(0, up.size(), up) == 0;
  }
  // ToString of a primitive, borrowed when it is a string.
  static std::string_view text_of(const value& v, std::string& owned) {
    if (v.is_string()) return v.as_string();
    owned = to_string(v);
    return owned;
  }

  const value& call(std::int32_t self, const node& n, value& tmp) {
    if (n.ref >= first_user_function) return call_user(self, n, tmp);
    switch (static_cast<builtin>(n.ref)) {
      case builtin::contains: {
        if (is_filter(n.a)) {
          // contains(a.*.b, x): search the filter's elements without building the array.
          value keep;
          std::vector<const value*> items;
          if (!collect(n.a, items, keep)) return value::null_ref();
          value rt;
          const value& r = arg(at(n.a).next, rt);
          if (error_) return value::null_ref();
          for (const value* item : items) {
            if (loose_equals(*item, r)) return boolean(true, tmp);
          }
          return boolean(false, tmp);
        }
        value lt;
        const value& l = arg(n.a, lt);
        if (error_) return value::null_ref();
        if (l.is_primitive()) {
          value rt;
          const value& r = arg(at(n.a).next, rt);
          if (error_ || !r.is_primitive()) return boolean(false, tmp);
          std::string lo;
          std::string ro;
          return boolean(icontains(text_of(l, lo), text_of(r, ro)), tmp);
        }
        if (l.is_array()) {
          value rt;
          const value& r = arg(at(n.a).next, rt);
          if (error_) return value::null_ref();
          for (const value& item : l.as_array()) {
            if (loose_equals(item, r)) return boolean(true, tmp);
          }
        }
        return boolean(false, tmp);
      }
      case builtin::starts_with:
      case builtin::ends_with: {
        value lt;
        const value& l = arg(n.a, lt);
        if (error_ || !l.is_primitive()) return boolean(false, tmp);
        value rt;
        const value& r = arg(at(n.a).next, rt);
        if (error_ || !r.is_primitive()) return boolean(false, tmp);
        std::string lo;
        std::string ro;
        return boolean(istarts(text_of(l, lo), text_of(r, ro),
                               static_cast<builtin>(n.ref) == builtin::ends_with),
                       tmp);
      }
      case builtin::format: return format(self, n, tmp);
      case builtin::join: {
        if (is_filter(n.a)) {
          // join(a.*.b): join the filter's elements without building the array.
          value keep;
          std::vector<const value*> items;
          if (!collect(n.a, items, keep)) return value::null_ref();
          return join(
              self, n, items, [](const value* v) -> const value& { return *v; }, tmp);
        }
        value it;
        const value& items = arg(n.a, it);
        if (error_) return value::null_ref();
        if (items.is_array()) {
          return join(
              self, n, items.as_array(), [](const value& v) -> const value& { return v; }, tmp);
        }
        if (items.is_string()) return keep(items, it, tmp);
        if (items.is_primitive()) {
          tmp = value(to_string(items));
          return tmp;
        }
        tmp = value(std::string());
        return tmp;
      }
      case builtin::to_json: {
        value vt;
        const value& v = arg(n.a, vt);
        if (error_) return value::null_ref();
        tmp = value(json::dump(v));
        return tmp;
      }
      case builtin::from_json: {
        value vt;
        const value& v = arg(n.a, vt);
        if (error_) return value::null_ref();
        auto parsed = v.is_string() ? json::parse(v.as_string()) : json::parse(to_string(v));
        if (!parsed) {
          const diagnostic* d = parsed.first_error();
          fail(codes::expr_invalid_json,
               "Error parsing fromJson: " +
                   (d != nullptr ? d->message : std::string("invalid JSON")),
               self);
          return value::null_ref();
        }
        tmp = std::move(*parsed);
        return tmp;
      }
      case builtin::case_: {
        std::int32_t c = n.a;
        for (std::size_t k = 0; k + 1 < n.count; k += 2) {
          value pt;
          const value& p = arg(c, pt);
          if (error_) return value::null_ref();
          if (!p.is_bool()) {
            fail(codes::expr_case_predicate, "case predicate must evaluate to a boolean value", c);
            return value::null_ref();
          }
          const std::int32_t v = at(c).next;
          if (p.as_bool()) return arg(v, tmp);
          c = at(v).next;
        }
        return arg(c, tmp);
      }
      case builtin::hash_files: return hash_files(self, n, tmp);
      case builtin::success:
      case builtin::failure:
      case builtin::cancelled:
      case builtin::always: {
        const auto which = static_cast<builtin>(n.ref);
        if (options_.status_function) {
          std::vector<value> args;
          for (std::int32_t c = n.a; c >= 0; c = at(c).next) args.push_back(arg_value(c));
          if (error_) return value::null_ref();
          return boolean(options_.status_function(which, args), tmp);
        }
        switch (which) {
          case builtin::success: return boolean(options_.status == job_status::success, tmp);
          case builtin::failure: return boolean(options_.status == job_status::failure, tmp);
          case builtin::cancelled: return boolean(options_.status == job_status::cancelled, tmp);
          default: return boolean(true, tmp);
        }
      }
      case builtin::count_: break;
    }
    return value::null_ref();
  }

  // join() over `items` (deref gives each element's value); the separator is evaluated
  // after the items, as C# does.
  template <class Items, class Deref>
  const value& join(std::int32_t self, const node& n, const Items& items, Deref deref, value& tmp) {
    std::string_view sep = ",";
    std::string sep_owned;
    value st;
    if (n.count > 1) {
      const value& s = arg(at(n.a).next, st);
      if (error_) return value::null_ref();
      if (s.is_primitive()) sep = text_of(s, sep_owned);
    }
    std::string out;
    bool first = true;
    for (const auto& item : items) {
      if (!first) out += sep;
      first = false;
      append_string(out, deref(item));
      if (!room_for(26 + 2 * out.size(), self)) return value::null_ref();
    }
    tmp = value(std::move(out));
    return tmp;
  }

  const value& call_user(std::int32_t self, const node& n, value& tmp) {
    const std::size_t id = n.ref - first_user_function;
    if (!e_.functions_ || id >= e_.functions_->size()) return value::null_ref();
    const user_function& f = (*e_.functions_)[id];
    std::vector<value> args;
    args.reserve(n.count);
    for (std::int32_t c = n.a; c >= 0; c = at(c).next) args.push_back(arg_value(c));
    if (error_) return value::null_ref();
    if (!f.call) return value::null_ref();
    result<value> r = f.call(args);
    if (!r) {
      const diagnostic* d = r.first_error();
      fail(codes::expr_function_failed,
           f.name + ": " + (d != nullptr ? d->message : std::string("failed")), self);
      return value::null_ref();
    }
    tmp = std::move(*r);
    return tmp;
  }

  const value& hash_files(std::int32_t self, const node& n, value& tmp) {
    std::vector<std::string> patterns;
    bool follow = false;
    bool first = true;
    for (std::int32_t c = n.a; c >= 0; c = at(c).next) {
      value pt;
      std::string s = to_string(arg(c, pt));
      if (error_) return value::null_ref();
      if (first && s == "--follow-symbolic-links") {
        follow = true;
      } else {
        patterns.push_back(std::move(s));
      }
      first = false;
    }
    if (!options_.hash_files) {
      fail(codes::expr_hash_files_failed, "hashFiles: no file-system policy is configured", self);
      return value::null_ref();
    }
    result<std::string> r = options_.hash_files(patterns, follow);
    if (!r) {
      const diagnostic* d = r.first_error();
      const std::string_view code = d != nullptr && d->code == codes::expr_hash_files_timeout
                                        ? codes::expr_hash_files_timeout
                                        : codes::expr_hash_files_failed;
      fail(code, "hashFiles: " + (d != nullptr ? d->message : std::string("failed")), self);
      return value::null_ref();
    }
    tmp = value(std::move(*r));
    return tmp;
  }

  // One argument of format(), evaluated on first use (C# evaluates lazily).
  struct format_arg {
    value tmp;
    const value* v = nullptr;
  };

  // C# Format.cs: `{N}` (N a byte), `{{`/`}}` escapes, arguments evaluated on first use.
  const value& format(std::int32_t self, const node& n, value& tmp) {
    value ft;
    const value& fv = arg(n.a, ft);
    if (error_) return value::null_ref();
    std::string owned;
    const std::string_view f = text_of(fv, owned);
    const std::size_t supplied = n.count - 1u;
    format_arg small[8];
    std::vector<format_arg> big;
    format_arg* cache = small;
    if (supplied > 8) {
      big.resize(supplied);
      cache = big.data();
    }
    std::string out;
    std::size_t i = 0;
    auto invalid = [&]() -> const value& {
      fail(codes::expr_invalid_format, "The following format string is invalid: " + std::string(f),
           self);
      return value::null_ref();
    };
    while (i < f.size()) {
      const std::size_t lb = f.find('{', i);
      const std::size_t rb = f.find('}', i);
      if (lb != std::string_view::npos && (rb == std::string_view::npos || rb > lb)) {
        if (lb + 1 < f.size() && f[lb + 1] == '{') {
          out.append(f.substr(i, lb + 1 - i));
          i = lb + 2;
          continue;
        }
        // digits
        std::size_t k = lb + 1;
        unsigned idx = 0;
        bool digits_ok = k < f.size() && detail::is_digit(f[k]);
        while (k < f.size() && detail::is_digit(f[k])) {
          idx = idx * 10 + static_cast<unsigned>(f[k] - '0');
          if (idx > 255) digits_ok = false;
          ++k;
        }
        if (!digits_ok || rb == std::string_view::npos) return invalid();
        // format specifiers
        std::string spec;
        std::size_t close = std::string_view::npos;
        if (k < f.size() && f[k] == '}') {
          close = k;
        } else if (k < f.size() && f[k] == ':') {
          std::size_t m = k + 1;
          for (;;) {
            if (m >= f.size()) return invalid();
            if (f[m] == '}') {
              if (m + 1 < f.size() && f[m + 1] == '}') {
                spec += '}';
                m += 2;
                continue;
              }
              close = m;
              break;
            }
            if (f[m] == '{') {
              if (m + 1 < f.size() && f[m + 1] == '{') {
                spec += '{';
                m += 2;
                continue;
              }
              return invalid();
            }
            spec += f[m++];
          }
        } else {
          return invalid();
        }
        if (idx >= supplied) {
          fail(codes::expr_format_argument_missing,
               "The following format string references more arguments than were supplied: " +
                   std::string(f),
               self);
          return value::null_ref();
        }
        if (!spec.empty()) {
          fail(codes::expr_format_specifier,
               "The format specifiers '" + spec + "' are not supported: " + std::string(f), self);
          return value::null_ref();
        }
        out.append(f.substr(i, lb - i));
        format_arg& a = cache[idx];
        if (a.v == nullptr) {
          a.v = &arg(nth(e_, n.a, idx + 1), a.tmp);
          if (error_) return value::null_ref();
        }
        append_string(out, *a.v);
        if (!room_for(26 + 2 * out.size(), self)) return value::null_ref();
        i = close + 1;
      } else if (rb != std::string_view::npos) {
        if (rb + 1 < f.size() && f[rb + 1] == '}') {
          out.append(f.substr(i, rb + 1 - i));
          i = rb + 2;
        } else {
          return invalid();
        }
      } else {
        out.append(f.substr(i));
        break;
      }
    }
    tmp = value(std::move(out));
    return tmp;
  }

  const expression& e_;
  Lookup& lookup_;
  const evaluation_options& options_;
  std::optional<diagnostic> error_;
  std::size_t memory_ = 0;
};

template <class Lookup>
result<value> expression::evaluate_with(Lookup&& lookup, const evaluation_options& options) const {
  return evaluate_from(root_, std::forward<Lookup>(lookup), options);
}

template <class Lookup>
result<value> expression::evaluate_from(std::int32_t node, Lookup&& lookup,
                                        const evaluation_options& options) const {
  using L = std::remove_reference_t<Lookup>;
  if (node >= 0 && static_cast<std::size_t>(node) >= node_count_) return value();
  evaluator<L> ev(*this, lookup, options);
  return ev.run(node);
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/expr/expression_impl.hpp"
#endif
