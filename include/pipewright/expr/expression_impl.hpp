/// @file expression_impl.hpp
/// The definitions behind expr/expression.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/lexer.hpp"
#include "pipewright/value/json.hpp"

#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/parser.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

PIPEWRIGHT_DECL std::vector<user_function> declared_functions(
    std::span<const function_signature> signatures) {
  std::vector<user_function> out;
  out.reserve(signatures.size());
  for (const function_signature& f : signatures) {
    out.push_back(user_function{std::string(f.name), f.min_args, f.max_args, {}});
  }
  return out;
}

PIPEWRIGHT_DECL std::string functions_mismatch(std::span<const function_signature> signatures,
                                               std::span<const user_function> functions) {
  const std::size_t n = std::max(signatures.size(), functions.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (i >= signatures.size()) {
      return "functions()[" + std::to_string(i) + "] '" + functions[i].name + "' has no signature";
    }
    const function_signature& s = signatures[i];
    const std::string declared = std::string(s.name) + "(" + std::to_string(s.min_args) + ".." +
                                 std::to_string(s.max_args) + " arguments)";
    if (i >= functions.size())
      return "signatures[" + std::to_string(i) + "] " + declared + " has no function";
    const user_function& f = functions[i];
    if (!pipewright::detail::iequals(f.name, s.name) || f.min_args != s.min_args ||
        f.max_args != s.max_args) {
      return "signatures[" + std::to_string(i) + "] is " + declared + " but functions()[" +
             std::to_string(i) + "] is " + f.name + "(" + std::to_string(f.min_args) + ".." +
             std::to_string(f.max_args) + " arguments)";
    }
  }
  return {};
}

PIPEWRIGHT_DECL result<value> expression::evaluate_node(std::int32_t node, const value& contexts,
                                                        const evaluation_options& options) const {
  const object* members = contexts.if_object();
  const std::uint64_t* hashes = names_ ? names_->hashes.data() : nullptr;
  return evaluate_from(
      node,
      [members, hashes](std::size_t slot, std::string_view name) -> const value& {
        if (members == nullptr) return value::null_ref();
        const value* v = members->find(object::hashed_key{name, hashes[slot], true});
        return v != nullptr ? *v : value::null_ref();
      },
      options);
}

PIPEWRIGHT_DECL result<value> expression::evaluate(std::span<const value> slots,
                                                   const evaluation_options& options) const {
  return evaluate_with(
      [slots](std::size_t slot, std::string_view) -> const value& {
        return slot < slots.size() ? slots[slot] : value::null_ref();
      },
      options);
}

namespace detail {

// Node storage over a buffer sized for the text: a parse makes at most one node per token,
// so at most one per byte (plus one).
struct buffer_storage {
  node* data;
  std::size_t capacity;
  std::size_t used = 0;
  void push_back(const node& n) noexcept { data[used++] = n; }
  [[nodiscard]] std::size_t size() const noexcept { return used; }
  [[nodiscard]] std::size_t capacity_left() const noexcept { return capacity - used; }
  node& operator[](std::size_t i) noexcept { return data[i]; }
  const node& operator[](std::size_t i) const noexcept { return data[i]; }
};

struct runtime_resolver {
  const compile_options& options;
  // `name` is an identifier (ASCII): a context name of the same byte length matches only if
  // it is ASCII too; a longer one only through non-ASCII letters (`ſ`, `ı`); a shorter one
  // never.
  [[nodiscard]] int context(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < options.contexts.size(); ++i) {
      const std::string& c = options.contexts[i];
      if (c.size() == name.size()
              ? ascii_iequals(c, name)
              : c.size() > name.size() && pipewright::detail::iequals(c, name)) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
  [[nodiscard]] function_lookup function(std::string_view name) const noexcept {
    function_lookup f = find_builtin(name);
    if (f.found) {
      if (is_status_function(f.info.id) && !options.status_functions) return {};
      if (options.status_function_args &&
          (f.info.id == static_cast<std::uint32_t>(builtin::success) ||
           f.info.id == static_cast<std::uint32_t>(builtin::failure))) {
        f.info.max_args = 255;  // GitHub: success(0,MAX), failure(0,MAX) in a job `if:`
      }
      if (f.info.id == static_cast<std::uint32_t>(builtin::hash_files) && !options.hash_files) {
        return {};
      }
      return f;
    }
    for (std::size_t i = 0; i < options.functions.size(); ++i) {
      const user_function& u = options.functions[i];
      if (pipewright::detail::iequals(u.name, name)) {
        return {true, function_info{{},
                                    u.min_args,
                                    u.max_args,
                                    false,
                                    first_user_function + static_cast<std::uint32_t>(i)}};
      }
    }
    return {};
  }
};

/// 1-based character position of byte `offset` (as GitHub's messages count).
inline std::size_t char_position(std::string_view text, std::size_t offset) noexcept {
  std::size_t n = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

inline diagnostic parse_diagnostic(std::string_view text, const parse_outcome& o,
                                   std::size_t offset) {
  const std::string tok(text.substr(o.begin, o.end - o.begin));
  std::string_view code = codes::expr_unexpected_symbol;
  std::string what;
  switch (o.error) {
    case parse_error_kind::length_limit:
      return make_error(codes::expr_max_length,
                        "Exceeded max expression length " + std::to_string(max_length),
                        source_span{offset, offset + text.size()});
    case parse_error_kind::depth_limit:
      code = codes::expr_max_depth;
      what = "Exceeded max expression depth " + std::to_string(max_depth);
      break;
    case parse_error_kind::unexpected_end:
      code = codes::expr_unexpected_end;
      what = "Unexpected end of expression";
      break;
    case parse_error_kind::unrecognized_named_value:
      code = codes::expr_unrecognized_named_value;
      what = "Unrecognized named-value";
      break;
    case parse_error_kind::unrecognized_function:
      code = codes::expr_unrecognized_function;
      what = "Unrecognized function";
      break;
    case parse_error_kind::too_few_parameters:
      code = codes::expr_too_few_parameters;
      what = "Too few parameters supplied";
      break;
    case parse_error_kind::too_many_parameters:
      code = codes::expr_too_many_parameters;
      what = "Too many parameters supplied";
      break;
    case parse_error_kind::even_parameters:
      code = codes::expr_even_parameters;
      what = "Even number of parameters supplied, requires an odd number of parameters";
      break;
    default: what = "Unexpected symbol"; break;
  }
  std::string msg = what + ": '" + tok + "'. Located at position " +
                    std::to_string(char_position(text, o.begin)) +
                    " within expression: " + std::string(text);
  return make_error(code, std::move(msg), source_span{offset + o.begin, offset + o.end});
}

}  // namespace detail

namespace detail {

// Per-thread buffers reused by compile() (nothing escapes a call).
struct compile_scratch {
  std::vector<node> nodes;
  std::vector<detail::literal_key> keys;
  std::string key_chars;                           // key bytes not in the text
  std::vector<std::uint32_t> constant_nodes;       // node index of each constant
  std::shared_ptr<const detail::name_list> names;  // the last list compiled with
};

// Byte equality for short strings (names): overlapping word loads instead of a byte loop
// or a call to memcmp.
inline bool short_equal(const char* x, const char* y, std::size_t n) noexcept {
  const auto word = [](const char* p, auto w) {
    std::memcpy(&w, p, sizeof w);
    return w;
  };
  if (n >= 8) {
    for (std::size_t k = 0; k + 8 < n; k += 8) {
      if (word(x + k, std::uint64_t{}) != word(y + k, std::uint64_t{})) return false;
    }
    return word(x + n - 8, std::uint64_t{}) == word(y + n - 8, std::uint64_t{});
  }
  if (n >= 4) {
    return word(x, std::uint32_t{}) == word(y, std::uint32_t{}) &&
           word(x + n - 4, std::uint32_t{}) == word(y + n - 4, std::uint32_t{});
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (x[k] != y[k]) return false;
  }
  return true;
}

inline bool same_names(const std::vector<std::string>& a,
                       const std::vector<std::string>& b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t n = a[i].size();
    if (n != b[i].size() || !short_equal(a[i].data(), b[i].data(), n)) return false;
  }
  return true;
}

// The text of a quoted string literal without its quotes and with `''` as `'`.
inline void append_unescaped(std::string& out, std::string_view quoted) {
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    const std::size_t q = quoted.find('\'', i);
    if (q == std::string_view::npos || q + 1 >= quoted.size()) {
      out.append(quoted.substr(i, quoted.size() - 1 - i));
      break;
    }
    out.append(quoted.substr(i, q + 1 - i));  // up to and with the first quote of a `''`
    i = q + 1;
  }
}

}  // namespace detail

PIPEWRIGHT_DECL result<expression> compile(std::string_view text, const compile_options& options) {
  thread_local detail::compile_scratch scratch;
  std::vector<node>& buffer = scratch.nodes;
  if (buffer.size() < text.size() + 1) buffer.resize(std::min(text.size(), max_length) + 1);
  detail::buffer_storage storage{buffer.data(), buffer.size()};
  const detail::runtime_resolver resolver{options};
  const parse_outcome o = parse(text, storage, resolver);
  if (!o.ok()) return detail::parse_diagnostic(text, o, options.span_offset);
  const std::span<node> nodes(buffer.data(), storage.used);

  expression e;
  e.root_ = o.root;
  e.span_offset_ = options.span_offset;
  // Compiling many expressions with the same list is the common case: share one copy
  // (and its hashes) instead of copying the names into every expression.
  if (!scratch.names || !detail::same_names(scratch.names->names, options.contexts)) {
    auto list = std::make_shared<detail::name_list>();
    list->names = options.contexts;
    list->hashes.reserve(list->names.size());
    for (const std::string& n : list->names) list->hashes.push_back(pipewright::detail::ihash(n));
    scratch.names = std::move(list);
  }
  e.names_ = scratch.names;
  if (!options.functions.empty()) {
    e.functions_ = std::make_shared<const std::vector<user_function>>(options.functions);
  }

  // Literals used as index keys (`.name`, `['name']`, `[0]`) never become values: their key
  // forms are worked out here and their node's ref points at their key.
  constexpr std::uint32_t key_mark = 0xFFFFFFFFu;
  for (const node& n : nodes) {
    if (n.kind != node_kind::index || n.b < 0) continue;
    node& k = nodes[static_cast<std::size_t>(n.b)];
    if (k.kind == node_kind::string_literal || k.kind == node_kind::number_literal) {
      k.ref = key_mark;
    }
  }
  std::vector<detail::literal_key>& keys = scratch.keys;
  keys.clear();
  std::string& extra = scratch.key_chars;
  extra.clear();
  const auto text_size = static_cast<std::uint32_t>(text.size());
  std::vector<std::uint32_t>& constant_nodes = scratch.constant_nodes;
  constant_nodes.clear();
  for (std::size_t at = 0; at < nodes.size(); ++at) {
    node& n = nodes[at];
    if (n.kind != node_kind::number_literal && n.kind != node_kind::string_literal) continue;
    if (n.ref != key_mark) {
      n.ref = static_cast<std::uint32_t>(constant_nodes.size());
      constant_nodes.push_back(static_cast<std::uint32_t>(at));
      continue;
    }
    const std::string_view t = text.substr(n.begin, n.end - n.begin);
    n.ref = static_cast<std::uint32_t>(keys.size());
    detail::literal_key& key = keys.emplace_back();
    double d = -1.0;
    std::string_view key_text;
    if (n.kind == node_kind::number_literal) {
      d = t == "NaN" ? std::numeric_limits<double>::quiet_NaN() : parse_number(t);
      key.begin = text_size + static_cast<std::uint32_t>(extra.size());
      const std::size_t before = extra.size();
      extra += to_string(value(d));
      key_text = std::string_view(extra).substr(before);
    } else if (n.flag) {
      // A bare name: the key is in the text.
      key.begin = n.begin;
      key_text = t;
    } else if (t.find('\'', 1) == t.size() - 1) {
      // A quoted string without `''`: the key is in the text too.
      key.begin = n.begin + 1;
      key_text = t.substr(1, t.size() - 2);
    } else {
      key.begin = text_size + static_cast<std::uint32_t>(extra.size());
      const std::size_t before = extra.size();
      detail::append_unescaped(extra, t);
      key_text = std::string_view(extra).substr(before);
    }
    key.size = static_cast<std::uint32_t>(key_text.size());
    const object::hashed_key h = object::prehash(key_text);
    key.hash = h.hash;
    key.ascii = h.ascii;
    // `.name` is an identifier, never a number (not even `.Infinity` or `.NaN` in range).
    const double i = n.flag                                ? -1.0
                     : n.kind == node_kind::number_literal ? d
                                                           : parse_number(key_text);
    if (i >= 0.0 && i <= 2147483647.0) {
      key.has_int = true;
      key.integer = static_cast<std::size_t>(std::floor(i));
    }
  }
  // One block for everything; the constants are built in it last.
  e.constant_count_ = static_cast<std::uint32_t>(constant_nodes.size());
  e.key_count_ = static_cast<std::uint32_t>(keys.size());
  e.node_count_ = static_cast<std::uint32_t>(nodes.size());
  e.text_size_ = text_size;
  const std::size_t chars_at = e.nodes_offset() + nodes.size() * sizeof(node);
  e.block_size_ = static_cast<std::uint32_t>(chars_at + text.size() + extra.size());
  e.block_ = static_cast<std::byte*>(::operator new(e.block_size_));
  if (!keys.empty()) {
    std::memcpy(e.block_ + e.keys_offset(), keys.data(), keys.size() * sizeof(keys[0]));
  }
  if (!nodes.empty()) {
    std::memcpy(e.block_ + e.nodes_offset(), nodes.data(), nodes.size() * sizeof(node));
  }
  if (!text.empty()) std::memcpy(e.block_ + chars_at, text.data(), text.size());
  if (!extra.empty()) std::memcpy(e.block_ + chars_at + text.size(), extra.data(), extra.size());
  value* out = e.constant_ptr();
  for (const std::uint32_t at : constant_nodes) {
    const node& n = nodes[at];
    const std::string_view t = text.substr(n.begin, n.end - n.begin);
    void* to = out + n.ref;
    if (n.kind == node_kind::number_literal) {
      ::new (to) value(t == "NaN" ? std::numeric_limits<double>::quiet_NaN() : parse_number(t));
    } else {
      std::string s;
      if (n.flag) {
        s.assign(t);
      } else if (t.find('\'', 1) == t.size() - 1) {
        s.assign(t.substr(1, t.size() - 2));
      } else {
        s.reserve(t.size());
        detail::append_unescaped(s, t);
      }
      ::new (to) value(std::move(s));
    }
    ++e.constants_built_;
  }
  if (buffer.size() > 4096) buffer = std::vector<node>();  // keep little after a huge text
  return e;
}

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
class evaluator {
 public:
  evaluator(const expression& e, void* lookup, expression::erased_lookup read,
            const evaluation_options& options)
      : e_(e), lookup_(lookup), read_(read), options_(options) {}

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
    return read_(lookup_, slot, name, tmp);
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
  void* lookup_;
  expression::erased_lookup read_;
  const evaluation_options& options_;
  std::optional<diagnostic> error_;
  std::size_t memory_ = 0;
};

PIPEWRIGHT_DECL result<value> expression::evaluate_erased(std::int32_t node, void* lookup,
                                                          erased_lookup read,
                                                          const evaluation_options& options) const {
  if (node >= 0 && static_cast<std::size_t>(node) >= node_count_) return value();
  evaluator ev(*this, lookup, read, options);
  return ev.run(node);
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
