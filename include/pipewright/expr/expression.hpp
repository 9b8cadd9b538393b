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

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/parser.hpp"
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

class evaluator;

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

  // A lookup with its type erased: `read(lookup, slot, name, tmp)` returns the context, read
  // in place or copied into `tmp`. One evaluator serves every lookup type, compiled once.
  using erased_lookup = const value& (*)(void* lookup, std::size_t slot, std::string_view name,
                                         value& tmp);
  [[nodiscard]] result<value> evaluate_erased(std::int32_t node, void* lookup, erased_lookup read,
                                              const evaluation_options& options) const;

  friend result<expression> compile(std::string_view text, const compile_options& options);
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

template <class Lookup>
result<value> expression::evaluate_with(Lookup&& lookup, const evaluation_options& options) const {
  return evaluate_from(root_, std::forward<Lookup>(lookup), options);
}

template <class Lookup>
result<value> expression::evaluate_from(std::int32_t node, Lookup&& lookup,
                                        const evaluation_options& options) const {
  using L = std::remove_reference_t<Lookup>;
  const erased_lookup read = [](void* self, std::size_t slot, std::string_view name,
                                value& tmp) -> const value& {
    L& l = *static_cast<L*>(self);
    if constexpr (std::is_lvalue_reference_v<decltype(l(slot, name))>) {
      return l(slot, name);
    } else {
      tmp = l(slot, name);
      return tmp;
    }
  };
  return evaluate_erased(node, const_cast<void*>(static_cast<const void*>(std::addressof(lookup))),
                         read, options);
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/expr/expression_impl.hpp"
#endif
