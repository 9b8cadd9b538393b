/// @file parser.hpp
/// The expression parser: a `constexpr` recursive-descent parser that writes a flat node
/// array into caller-provided storage.
///
/// Grammar and precedence follow SEMANTICS.md §1.2; depth is counted as GitHub's
/// TypeScript parser counts it (each nested expression, `!`, `&&`/`||` chain and postfix
/// suffix adds one; more than max_depth fails). Names of contexts and functions are resolved
/// through a resolver while parsing, so unknown names and wrong argument counts are parse
/// errors. Nothing here allocates; storage is any type with `push_back`, `size`,
/// `operator[]` and a `capacity_left()` (see fixed_node_storage).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

#include "pipewright/config.hpp"
#include "pipewright/expr/lexer.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

/// The kinds of node.
enum class node_kind : std::uint8_t {
  null_literal,
  bool_literal,
  number_literal,
  string_literal,
  context,   ///< a named value; `ref` is its slot
  call,      ///< a function call; `ref` is the function id, children are the arguments
  group,     ///< `( x )`; child a
  index,     ///< `a[b]` or `a.name` (b is a string literal)
  wildcard,  ///< `a.*` or `a[*]`
  not_,
  and_,  ///< n-ary; children linked through `next`
  or_,
  equal,
  not_equal,
  less,
  less_equal,
  greater,
  greater_equal,
};

/// One node of a parsed expression. Children are indices into the same array.
struct node {
  node_kind kind = node_kind::null_literal;
  bool flag = false;        ///< the Boolean of a bool_literal
  std::uint16_t count = 0;  ///< number of children of call / and_ / or_
  std::uint32_t begin = 0;  ///< byte span of the node's main token
  std::uint32_t end = 0;
  std::int32_t a = -1;     ///< first child
  std::int32_t b = -1;     ///< second child (binary, index)
  std::int32_t next = -1;  ///< next sibling in an n-ary list
  std::uint32_t ref = 0;   ///< context slot, function id, or constant index
};

/// What a parse failed on (the diagnostic code is chosen from it).
enum class parse_error_kind : std::uint8_t {
  none,
  unexpected_symbol,  ///< lexical error or a token where it cannot be
  unexpected_end,
  unrecognized_named_value,
  unrecognized_function,
  too_few_parameters,
  too_many_parameters,
  even_parameters,
  depth_limit,
  length_limit,
  out_of_storage,
};

/// The outcome of parse().
struct parse_outcome {
  parse_error_kind error = parse_error_kind::none;
  bool lexical = false;     ///< the error came from the lexer
  std::uint32_t begin = 0;  ///< span of the offending token
  std::uint32_t end = 0;
  std::int32_t root = -1;  ///< -1 for an empty expression (which evaluates to null)

  [[nodiscard]] constexpr bool ok() const noexcept { return error == parse_error_kind::none; }
};

/// A function's name and how many arguments it takes.
struct function_info {
  std::string_view name;
  std::uint16_t min_args = 0;
  std::uint16_t max_args = 0;
  bool odd_args = false;  ///< `case`: the count must be odd
  std::uint32_t id = 0;
};

/// What a resolver says about a function name.
struct function_lookup {
  bool found = false;
  function_info info{};
};

/// Ids of the built-in functions.
enum class builtin : std::uint32_t {
  contains,
  starts_with,
  ends_with,
  format,
  join,
  to_json,
  from_json,
  case_,
  hash_files,
  success,
  failure,
  cancelled,
  always,
  count_,
};

/// First id given to user functions (ids below are built-ins).
inline constexpr std::uint32_t first_user_function = 64;

/// A host function's name and arity, known at compile time. A function set that lists its
/// functions as `static constexpr std::array<function_signature, N> signatures` can be used
/// by `static_` (docs/static.md); `expr::make_functions` binds callables to them.
struct function_signature {
  std::string_view name;
  std::uint16_t min_args = 0;
  std::uint16_t max_args = 0;
};

/// The built-in functions with their arity (C# ExpressionConstants; status functions at
/// step level).
inline constexpr std::array<function_info, 13> builtin_functions{{
    {"contains", 2, 2, false, static_cast<std::uint32_t>(builtin::contains)},
    {"startsWith", 2, 2, false, static_cast<std::uint32_t>(builtin::starts_with)},
    {"endsWith", 2, 2, false, static_cast<std::uint32_t>(builtin::ends_with)},
    {"format", 1, 255, false, static_cast<std::uint32_t>(builtin::format)},
    {"join", 1, 2, false, static_cast<std::uint32_t>(builtin::join)},
    {"toJSON", 1, 1, false, static_cast<std::uint32_t>(builtin::to_json)},
    {"fromJSON", 1, 1, false, static_cast<std::uint32_t>(builtin::from_json)},
    {"case", 3, 255, true, static_cast<std::uint32_t>(builtin::case_)},
    {"hashFiles", 1, 255, false, static_cast<std::uint32_t>(builtin::hash_files)},
    {"success", 0, 0, false, static_cast<std::uint32_t>(builtin::success)},
    {"failure", 0, 0, false, static_cast<std::uint32_t>(builtin::failure)},
    {"cancelled", 0, 0, false, static_cast<std::uint32_t>(builtin::cancelled)},
    {"always", 0, 0, false, static_cast<std::uint32_t>(builtin::always)},
}};

/// The built-in function called `name` (case-insensitive), if any.
constexpr function_lookup find_builtin(std::string_view name) noexcept {
  const std::size_t n = name.size();
  for (const function_info& f : builtin_functions) {
    if (f.name.size() == n && detail::ascii_iequals(f.name, name)) return {true, f};
  }
  return {};
}

/// A function set that lists its functions at compile time (`static_` can check expressions
/// calling them): `static constexpr std::array<function_signature, N> signatures`.
template <class F>
concept listed_function_set = requires {
  std::span<const function_signature>(F::signatures);
};

/// The signatures a function set lists; none when it lists none.
template <class F>
constexpr std::span<const function_signature> signatures_of() noexcept {
  if constexpr (listed_function_set<F>) {
    return std::span<const function_signature>(F::signatures);
  } else {
    return {};
  }
}

/// What can be wrong with a list of host function signatures.
enum class signature_error : std::uint8_t {
  none,
  not_an_identifier,  ///< the name cannot be called (`[A-Za-z_][A-Za-z0-9_-]*`)
  builtin_name,       ///< a built-in's name (ignoring case): calls would reach the built-in
  duplicate_name,     ///< two functions of the same name (ignoring case)
  min_above_max,      ///< min_args > max_args
};

/// The first problem of `signatures` (`index` is set to the offending position).
constexpr signature_error check_signatures(std::span<const function_signature> signatures,
                                           std::size_t* index = nullptr) noexcept {
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const function_signature& f = signatures[i];
    signature_error e = signature_error::none;
    if (!detail::is_legal_identifier(f.name)) {
      e = signature_error::not_an_identifier;
    } else if (find_builtin(f.name).found) {
      e = signature_error::builtin_name;
    } else if (f.min_args > f.max_args) {
      e = signature_error::min_above_max;
    } else {
      for (std::size_t k = 0; k < i; ++k) {
        if (detail::ascii_iequals(signatures[k].name, f.name)) e = signature_error::duplicate_name;
      }
    }
    if (e != signature_error::none) {
      if (index != nullptr) *index = i;
      return e;
    }
  }
  return signature_error::none;
}

/// True for success, failure, cancelled and always.
constexpr bool is_status_function(std::uint32_t id) noexcept {
  return id >= static_cast<std::uint32_t>(builtin::success) &&
         id <= static_cast<std::uint32_t>(builtin::always);
}

/// Node storage of fixed capacity, usable in constant evaluation.
template <std::size_t N>
struct fixed_node_storage {
  std::array<node, N> nodes{};
  std::size_t used = 0;

  constexpr void push_back(const node& n) noexcept { nodes[used++] = n; }
  [[nodiscard]] constexpr std::size_t size() const noexcept { return used; }
  [[nodiscard]] constexpr std::size_t capacity_left() const noexcept { return N - used; }
  constexpr node& operator[](std::size_t i) noexcept { return nodes[i]; }
  constexpr const node& operator[](std::size_t i) const noexcept { return nodes[i]; }
};

/// A resolver over fixed lists: context names (slot = position), the built-ins whose ids
/// are enabled in `functions_mask` (bit per builtin id) and host functions (`hosts`, id
/// first_user_function + position). As at run time, a built-in's name never reaches a host
/// function, even where the built-in is not available.
struct fixed_resolver {
  const std::string_view* names = nullptr;
  std::size_t name_count = 0;
  std::uint32_t functions_mask = 0xFFFFFFFFu;
  const function_signature* hosts = nullptr;
  std::size_t host_count = 0;

  [[nodiscard]] constexpr int context(std::string_view name) const noexcept {
    const std::size_t n = name.size();
    for (std::size_t i = 0; i < name_count; ++i) {
      // Length first: a call less per name during constant evaluation.
      if (names[i].size() == n && detail::ascii_iequals(names[i], name)) return static_cast<int>(i);
    }
    return -1;
  }
  [[nodiscard]] constexpr function_lookup function(std::string_view name) const noexcept {
    const function_lookup f = find_builtin(name);
    if (f.found) return ((functions_mask >> f.info.id) & 1u) != 0 ? f : function_lookup{};
    const std::size_t n = name.size();
    for (std::size_t i = 0; i < host_count; ++i) {
      const function_signature& h = hosts[i];
      // Host names are identifiers (ASCII; valid_function_name), so ASCII folding is the
      // runtime's case-insensitive match.
      if (h.name.size() == n && detail::ascii_iequals(h.name, name)) {
        return {true, function_info{h.name, h.min_args, h.max_args, false,
                                    first_user_function + static_cast<std::uint32_t>(i)}};
      }
    }
    return {};
  }
};

namespace detail {

template <class Storage, class Resolver>
class parser {
 public:
  constexpr parser(std::string_view text, Storage& out, const Resolver& names) noexcept
      : text_(text), lex_(text), out_(out), names_(names) {}

  constexpr parse_outcome run() noexcept {
    if (text_.size() > max_length) {
      fail(parse_error_kind::length_limit, token{token_kind::end, 0, 0});
      return outcome_;
    }
    advance();
    if (cur_.kind == token_kind::end) return outcome_;
    const std::int32_t root = expression();
    if (!failed_ && cur_.kind != token_kind::end) fail(parse_error_kind::unexpected_symbol, cur_);
    if (!failed_) {
      outcome_.root = root;
      return outcome_;
    }
    // A lexical error anywhere is reported first, as GitHub's TypeScript engine does. A
    // successful parse has read every token without one, so only a failure looks again.
    lexer pre(text_);
    for (;;) {
      const token t = pre.next();
      if (t.kind == token_kind::end) break;
      if (t.kind == token_kind::error) {
        outcome_ = parse_outcome{};
        failed_ = false;
        fail(parse_error_kind::unexpected_symbol, t);
        outcome_.lexical = true;
        break;
      }
    }
    return outcome_;
  }

 private:
  constexpr std::int32_t fail(parse_error_kind k, token t) noexcept {
    if (!failed_) {
      failed_ = true;
      outcome_.error = k;
      outcome_.begin = t.begin;
      outcome_.end = t.end;
    }
    return -1;
  }
  constexpr void advance() noexcept {
    prev_ = cur_;
    cur_ = lex_.next();
  }
  constexpr bool match(token_kind k) noexcept {
    if (cur_.kind != k) return false;
    advance();
    return true;
  }
  // Copies field by field: a node just built in pieces and copied whole would stall on
  // store forwarding.
  constexpr std::int32_t add(const node& n) noexcept {
    if (out_.capacity_left() == 0) return fail(parse_error_kind::out_of_storage, cur_);
    if (std::is_constant_evaluated()) {  // fewer calls, which cost most there
      out_.push_back(n);
      return static_cast<std::int32_t>(out_.size() - 1);
    }
    out_.push_back(node{});
    node& d = out_[out_.size() - 1];
    d.kind = n.kind;
    d.flag = n.flag;
    d.count = n.count;
    d.begin = n.begin;
    d.end = n.end;
    d.a = n.a;
    d.b = n.b;
    d.next = n.next;
    d.ref = n.ref;
    return static_cast<std::int32_t>(out_.size() - 1);
  }
  constexpr bool incr() noexcept {
    if (++depth_ > max_depth) {
      fail(parse_error_kind::depth_limit, cur_);
      return false;
    }
    return true;
  }
  static constexpr node make(node_kind k, token t) noexcept {
    node n;
    n.kind = k;
    n.begin = t.begin;
    n.end = t.end;
    return n;
  }

  constexpr std::int32_t expression() noexcept {
    if (!incr()) return -1;
    const std::int32_t r = binary(1);
    --depth_;
    return r;
  }

  // Binding strength of a binary operator token: `||` 1, `&&` 2, `==` `!=` 3, `<` `<=` `>`
  // `>=` 4; 0 for anything else.
  static constexpr int precedence(token_kind k) noexcept {
    switch (k) {
      case token_kind::or_: return 1;
      case token_kind::and_: return 2;
      case token_kind::equal:
      case token_kind::not_equal: return 3;
      case token_kind::less:
      case token_kind::less_equal:
      case token_kind::greater:
      case token_kind::greater_equal: return 4;
      default: return 0;
    }
  }
  static constexpr node_kind binary_kind(token_kind k) noexcept {
    switch (k) {
      case token_kind::equal: return node_kind::equal;
      case token_kind::not_equal: return node_kind::not_equal;
      case token_kind::less: return node_kind::less;
      case token_kind::less_equal: return node_kind::less_equal;
      case token_kind::greater: return node_kind::greater;
      default: return node_kind::greater_equal;
    }
  }

  // Precedence climbing over the operators binding at least `min_prec`: one call per operand
  // instead of one per grammar level. `||` and `&&` build n-ary nodes (operands linked
  // through `next`) one level deeper than their first operand; comparisons are binary and
  // left-associative. Nodes come out in the same post-order as a grammar-level descent.
  constexpr std::int32_t binary(int min_prec) noexcept {
    std::int32_t left = unary();
    for (;;) {
      if (failed_) return -1;
      const int p = precedence(cur_.kind);
      if (p == 0 || p < min_prec) return left;
      if (p <= 2) {
        const token_kind op = cur_.kind;
        if (!incr()) return -1;
        node n = make(p == 1 ? node_kind::or_ : node_kind::and_, cur_);
        n.a = left;
        n.count = 1;
        std::int32_t last = left;
        while (match(op)) {
          const std::int32_t right = binary(p + 1);
          if (failed_) return -1;
          out_[static_cast<std::size_t>(last)].next = right;
          last = right;
          ++n.count;
        }
        --depth_;
        left = add(n);
      } else {
        const token op = cur_;
        advance();
        const std::int32_t right = binary(p + 1);
        if (failed_) return -1;
        node n = make(binary_kind(op.kind), op);
        n.a = left;
        n.b = right;
        left = add(n);
      }
    }
  }

  constexpr std::int32_t unary() noexcept {
    if (cur_.kind == token_kind::bang) {
      const token op = cur_;
      advance();
      if (!incr()) return -1;
      const std::int32_t operand = unary();
      if (failed_) return -1;
      --depth_;
      node n = make(node_kind::not_, op);
      n.a = operand;
      return add(n);
    }
    return postfix();
  }

  constexpr std::int32_t postfix() noexcept {
    std::int32_t expr = call();
    if (failed_) return -1;
    const node_kind k = out_[static_cast<std::size_t>(expr)].kind;
    if (k != node_kind::group && k != node_kind::call && k != node_kind::context) return expr;
    std::size_t added = 0;
    for (;;) {
      if (cur_.kind == token_kind::lbracket) {
        const token open = cur_;
        advance();
        node n = make(node_kind::index, open);
        n.a = expr;
        if (match(token_kind::star)) {
          n.kind = node_kind::wildcard;
        } else {
          n.b = expression();
          if (failed_) return -1;
        }
        if (cur_.kind != token_kind::rbracket)
          return fail(parse_error_kind::unexpected_symbol, cur_);
        n.end = cur_.end;
        advance();
        if (!incr()) return -1;
        ++added;
        expr = add(n);
        if (failed_) return -1;
      } else if (cur_.kind == token_kind::dot) {
        const token dot = cur_;
        advance();
        if (!incr()) return -1;
        ++added;
        node n = make(node_kind::index, dot);
        n.a = expr;
        if (cur_.kind == token_kind::identifier) {
          node key = make(node_kind::string_literal, cur_);
          key.flag = true;  // a bare property name, not a quoted string
          n.b = add(key);
          n.end = cur_.end;
          advance();
        } else if (cur_.kind == token_kind::star) {
          n.kind = node_kind::wildcard;
          n.end = cur_.end;
          advance();
        } else {
          return fail(cur_.kind == token_kind::end ? parse_error_kind::unexpected_end
                                                   : parse_error_kind::unexpected_symbol,
                      cur_.kind == token_kind::end ? dot : cur_);
        }
        expr = add(n);
        if (failed_) return -1;
      } else {
        break;
      }
    }
    depth_ -= added;
    return expr;
  }

  constexpr std::int32_t call() noexcept {
    if (cur_.kind != token_kind::identifier) return primary();
    const token name = cur_;
    advance();
    const std::string_view text(text_.data() + name.begin, name.end - name.begin);
    if (cur_.kind != token_kind::lparen) {
      const int slot = names_.context(text);
      if (slot < 0) return fail(parse_error_kind::unrecognized_named_value, name);
      node n = make(node_kind::context, name);
      n.ref = static_cast<std::uint32_t>(slot);
      return add(n);
    }
    advance();
    node n = make(node_kind::call, name);
    std::int32_t last = -1;
    if (!match(token_kind::rparen)) {
      for (;;) {
        const std::int32_t arg = expression();
        if (failed_) return -1;
        if (last < 0) {
          n.a = arg;
        } else {
          out_[static_cast<std::size_t>(last)].next = arg;
        }
        last = arg;
        if (n.count < 0xFFFF) ++n.count;
        if (match(token_kind::rparen)) break;
        if (cur_.kind == token_kind::end) return fail(parse_error_kind::unexpected_end, prev_);
        if (!match(token_kind::comma)) return fail(parse_error_kind::unexpected_symbol, cur_);
      }
    }
    const function_lookup f = names_.function(text);
    if (!f.found) return fail(parse_error_kind::unrecognized_function, name);
    if (n.count < f.info.min_args) return fail(parse_error_kind::too_few_parameters, name);
    if (n.count > f.info.max_args) return fail(parse_error_kind::too_many_parameters, name);
    if (f.info.odd_args && n.count % 2 == 0) return fail(parse_error_kind::even_parameters, name);
    n.ref = f.info.id;
    n.end = prev_.end;
    return add(n);
  }

  constexpr std::int32_t primary() noexcept {
    const token t = cur_;
    switch (t.kind) {
      case token_kind::kw_false:
      case token_kind::kw_true: {
        advance();
        node n = make(node_kind::bool_literal, t);
        n.flag = t.kind == token_kind::kw_true;
        return add(n);
      }
      case token_kind::kw_null: advance(); return add(make(node_kind::null_literal, t));
      case token_kind::number: advance(); return add(make(node_kind::number_literal, t));
      case token_kind::string: advance(); return add(make(node_kind::string_literal, t));
      case token_kind::lparen: {
        advance();
        const std::int32_t inner = expression();
        if (failed_) return -1;
        if (cur_.kind == token_kind::end) return fail(parse_error_kind::unexpected_end, prev_);
        if (cur_.kind != token_kind::rparen) return fail(parse_error_kind::unexpected_symbol, cur_);
        node n = make(node_kind::group, t);
        n.end = cur_.end;
        n.a = inner;
        advance();
        return add(n);
      }
      case token_kind::end: return fail(parse_error_kind::unexpected_end, prev_);
      default: return fail(parse_error_kind::unexpected_symbol, t);
    }
  }

  std::string_view text_;
  lexer lex_;
  Storage& out_;
  const Resolver& names_;
  token cur_{};
  token prev_{};
  std::size_t depth_ = 0;
  parse_outcome outcome_{};
  bool failed_ = false;  ///< outcome_ holds an error (read instead of calling ok())
};

}  // namespace detail

/// Parses `text` into `out` (nodes appended), resolving names through `names` (a type with
/// `int context(std::string_view)` giving a slot or -1, and `function_lookup
/// function(std::string_view)`). Never throws; constexpr.
template <class Storage, class Resolver>
constexpr parse_outcome parse(std::string_view text, Storage& out, const Resolver& names) noexcept {
  detail::parser<Storage, Resolver> p(text, out, names);
  return p.run();
}

/// True when `text` is a valid expression over the context `names` with every built-in
/// function available (for `static_assert`s).
template <std::size_t MaxNodes = 512, std::size_t NameCount = 0>
constexpr bool is_valid(std::string_view text,
                        const std::array<std::string_view, NameCount>& names = {}) noexcept {
  fixed_node_storage<MaxNodes> storage;
  const fixed_resolver resolver{names.data(), NameCount};
  return parse(text, storage, resolver).ok();
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
