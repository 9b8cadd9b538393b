/// @file expression_impl.hpp
/// The definitions behind expr/expression.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
