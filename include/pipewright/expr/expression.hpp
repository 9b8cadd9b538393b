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

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
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
  /// (see hash_files.hpp: `default_hash_files(workspace)`).
  hash_files_policy hash_files{};
  /// Memory an evaluation may hold in strings it builds (C#'s default: 1 MiB; strings are
  /// counted as UTF-16, as .NET holds them). Exceeding it is PW0219.
  std::size_t max_memory = std::size_t{1} << 20;
};

/// A compiled expression.
class expression {
 public:
  expression() = default;

  /// The source text.
  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  /// The flat node array and its root (-1: empty expression, which evaluates to null).
  [[nodiscard]] const std::vector<node>& nodes() const noexcept { return nodes_; }
  [[nodiscard]] std::int32_t root() const noexcept { return root_; }
  /// The context names, by slot.
  [[nodiscard]] const std::vector<std::string>& context_names() const noexcept { return names_; }
  /// True when the expression calls success, failure, cancelled or always anywhere.
  [[nodiscard]] bool uses_status_function() const noexcept {
    for (const node& n : nodes_) {
      if (n.kind == node_kind::call && is_status_function(n.ref)) return true;
    }
    return false;
  }
  /// True when the whole expression is one string literal (templates fold it).
  [[nodiscard]] bool is_string_literal() const noexcept {
    return root_ >= 0 && nodes_[static_cast<std::size_t>(root_)].kind == node_kind::string_literal;
  }

  /// Evaluates with `lookup(slot, name) -> const value&` supplying the contexts.
  template <class Lookup>
  result<value> evaluate_with(Lookup&& lookup, const evaluation_options& options = {}) const;

  /// Evaluates with contexts taken from the object `contexts` (names ignoring case; a
  /// missing name is null).
  [[nodiscard]] result<value> evaluate(const value& contexts,
                                       const evaluation_options& options = {}) const {
    return evaluate_with(
        [&contexts](std::size_t, std::string_view name) -> const value& { return contexts[name]; },
        options);
  }
  /// Evaluates with one value per slot (`context_names()` order; missing slots are null).
  [[nodiscard]] result<value> evaluate(std::span<const value> slots,
                                       const evaluation_options& options = {}) const {
    return evaluate_with(
        [slots](std::size_t slot, std::string_view) -> const value& {
          return slot < slots.size() ? slots[slot] : value::null_ref();
        },
        options);
  }

 private:
  friend result<expression> compile(std::string_view text, const compile_options& options);
  template <class Lookup>
  friend class evaluator;

  std::string text_;
  std::vector<node> nodes_;
  std::vector<value> constants_;
  std::vector<std::string> names_;
  std::shared_ptr<const std::vector<user_function>> functions_;
  std::int32_t root_ = -1;
  std::size_t span_offset_ = 0;
};

namespace detail {

struct vector_storage {
  std::vector<node>& v;
  void push_back(const node& n) { v.push_back(n); }
  [[nodiscard]] std::size_t size() const noexcept { return v.size(); }
  [[nodiscard]] std::size_t capacity_left() const noexcept { return 1u << 24; }
  node& operator[](std::size_t i) noexcept { return v[i]; }
  const node& operator[](std::size_t i) const noexcept { return v[i]; }
};

struct runtime_resolver {
  const compile_options& options;
  [[nodiscard]] int context(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < options.contexts.size(); ++i) {
      if (pipewright::detail::iequals(options.contexts[i], name)) return static_cast<int>(i);
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

/// Compiles `text` (the body of `${{ }}`, without the braces). Lexing and parsing errors
/// (PW0201–PW0209) are reported here, with the span of the offending token.
inline result<expression> compile(std::string_view text, const compile_options& options = {}) {
  expression e;
  e.text_ = std::string(text);
  detail::vector_storage storage{e.nodes_};
  const detail::runtime_resolver resolver{options};
  const parse_outcome o = parse(std::string_view(e.text_), storage, resolver);
  if (!o.ok()) return detail::parse_diagnostic(text, o, options.span_offset);
  e.root_ = o.root;
  e.names_ = options.contexts;
  e.span_offset_ = options.span_offset;
  if (!options.functions.empty()) {
    e.functions_ = std::make_shared<const std::vector<user_function>>(options.functions);
  }
  const std::string_view src(e.text_);
  for (node& n : e.nodes_) {
    const std::string_view t = src.substr(n.begin, n.end - n.begin);
    if (n.kind == node_kind::number_literal) {
      double d = 0;
      if (t == "NaN") {
        d = std::numeric_limits<double>::quiet_NaN();
      } else {
        d = parse_number(t);
      }
      n.ref = static_cast<std::uint32_t>(e.constants_.size());
      e.constants_.emplace_back(d);
    } else if (n.kind == node_kind::string_literal) {
      std::string s;
      if (n.flag) {
        s = std::string(t);
      } else {
        s.reserve(t.size());
        unescape_string(t, [&s](char c) { s.push_back(c); });
      }
      n.ref = static_cast<std::uint32_t>(e.constants_.size());
      e.constants_.emplace_back(std::move(s));
    }
  }
  return e;
}

/// Evaluates one compiled expression; used through expression::evaluate*.
template <class Lookup>
class evaluator {
 public:
  evaluator(const expression& e, Lookup& lookup, const evaluation_options& options)
      : e_(e), lookup_(lookup), options_(options) {}

  result<value> run() {
    if (e_.root_ < 0) return value();
    bool filtered = false;
    value v = eval(e_.root_, filtered);
    if (error_) return std::move(*error_);
    return v;
  }

 private:
  const node& at(std::int32_t i) const noexcept { return e_.nodes_[static_cast<std::size_t>(i)]; }

  void fail(std::string_view code, std::string message, std::int32_t where) {
    if (error_) return;
    const node& n = at(where);
    std::string_view sub(e_.text_);
    sub = sub.substr(n.begin, n.end - n.begin);
    diagnostic d = make_error(code, std::move(message),
                              source_span{e_.span_offset_ + n.begin, e_.span_offset_ + n.end});
    d.notes.push_back("in the sub-expression: " + std::string(sub));
    error_ = std::move(d);
  }

  value eval(std::int32_t i, bool& filtered) {
    filtered = false;
    if (error_) return value();
    const node& n = at(i);
    switch (n.kind) {
      case node_kind::null_literal: return value();
      case node_kind::bool_literal: return value(n.flag);
      case node_kind::number_literal:
      case node_kind::string_literal: return e_.constants_[n.ref];
      case node_kind::context: return lookup_(static_cast<std::size_t>(n.ref), e_.names_[n.ref]);
      case node_kind::group: return eval(n.a, filtered);
      case node_kind::not_: {
        bool f = false;
        return value(!truthy(eval(n.a, f)));
      }
      case node_kind::and_:
      case node_kind::or_: {
        const bool is_and = n.kind == node_kind::and_;
        value v;
        for (std::int32_t c = n.a; c >= 0; c = at(c).next) {
          v = eval(c, filtered);
          if (error_) return value();
          if (truthy(v) != is_and) return v;
        }
        return v;
      }
      case node_kind::equal:
      case node_kind::not_equal:
      case node_kind::less:
      case node_kind::less_equal:
      case node_kind::greater:
      case node_kind::greater_equal: {
        bool f = false;
        const value l = eval(n.a, f);
        const value r = eval(n.b, f);
        switch (n.kind) {
          case node_kind::equal: return value(loose_equals(l, r));
          case node_kind::not_equal: return value(!loose_equals(l, r));
          case node_kind::less: return value(less_than(l, r));
          case node_kind::less_equal: return value(loose_equals(l, r) || less_than(l, r));
          case node_kind::greater: return value(greater_than(l, r));
          default: return value(loose_equals(l, r) || greater_than(l, r));
        }
      }
      case node_kind::index: return index(n, filtered);
      case node_kind::wildcard: return wildcard(n, filtered);
      case node_kind::call: {
        // Like C#'s ResultMemory: a call's arguments are released once it returns, and its
        // own result is charged.
        const std::size_t base = memory_;
        value v = call(i, n);
        memory_ = base + (v.is_string() ? 2 * v.as_string().size() + 26 : 0);
        if (memory_ > options_.max_memory && !error_) {
          fail(codes::expr_memory_limit,
               "The maximum allowed memory size was exceeded while evaluating the following "
               "expression: " +
                   std::string(std::string_view(e_.text_).substr(n.begin, n.end - n.begin)),
               i);
          return value();
        }
        return v;
      }
    }
    return value();
  }

  // The key forms of an index value (C# IndexHelper).
  struct key {
    bool has_string = false;
    std::string_view str;
    std::string owned;
    bool has_int = false;
    std::size_t integer = 0;
  };
  static void make_key(const value& idx, key& k) {
    if (idx.is_primitive()) {
      k.has_string = true;
      if (idx.is_string()) {
        k.str = idx.as_string();
      } else {
        k.owned = to_string(idx);
        k.str = k.owned;
      }
    }
    const double d = to_number(idx);
    if (d >= 0.0 && d <= 2147483647.0) {
      k.has_int = true;
      k.integer = static_cast<std::size_t>(std::floor(d));
    }
  }

  value index(const node& n, bool& filtered) {
    bool lf = false;
    const value left = eval(n.a, lf);
    bool kf = false;
    const value idx = eval(n.b, kf);
    if (error_) return value();
    key k;
    make_key(idx, k);
    if (k.has_string && !k.owned.empty()) k.str = k.owned;
    if (!lf) {
      if (left.is_object()) {
        if (!k.has_string) return value();
        const value* v = left.as_object().find(k.str);
        return v != nullptr ? *v : value();
      }
      if (left.is_array()) return k.has_int ? left.element(k.integer) : value();
      return value();
    }
    array out;
    for (const value& e : left.as_array()) {
      if (e.is_object()) {
        if (!k.has_string) continue;
        const value* v = e.as_object().find(k.str);
        if (v != nullptr) out.push_back(*v);
      } else if (e.is_array()) {
        if (k.has_int && k.integer < e.as_array().size()) out.push_back(e.as_array()[k.integer]);
      }
    }
    filtered = true;
    return value(std::move(out));
  }

  value wildcard(const node& n, bool& filtered) {
    bool lf = false;
    const value left = eval(n.a, lf);
    if (error_) return value();
    array out;
    auto append_all = [&out](const value& v) {
      if (v.is_array()) {
        for (const value& x : v.as_array()) out.push_back(x);
      } else if (v.is_object()) {
        for (const auto& m : v.as_object()) out.push_back(m.second);
      }
    };
    if (lf) {
      for (const value& e : left.as_array()) append_all(e);
    } else {
      append_all(left);
    }
    filtered = true;
    return value(std::move(out));
  }

  value arg(std::int32_t c) {
    bool f = false;
    return eval(c, f);
  }
  static std::int32_t nth(const expression& e, std::int32_t first, std::size_t k) {
    std::int32_t c = first;
    while (k-- > 0 && c >= 0) c = e.nodes_[static_cast<std::size_t>(c)].next;
    return c;
  }

  static bool icontains(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    bool ascii = true;
    for (char c : hay) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    for (char c : needle) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
      if (needle.size() > hay.size()) return false;
      for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        std::size_t j = 0;
        while (j < needle.size() && pipewright::detail::ascii_upper(hay[i + j]) ==
                                        pipewright::detail::ascii_upper(needle[j])) {
          ++j;
        }
        if (j == needle.size()) return true;
      }
      return false;
    }
    return pipewright::detail::to_upper(hay).find(pipewright::detail::to_upper(needle)) !=
           std::string::npos;
  }
  static bool istarts(std::string_view s, std::string_view p, bool at_end) {
    const std::string us = pipewright::detail::to_upper(s);
    const std::string up = pipewright::detail::to_upper(p);
    if (up.size() > us.size()) return false;
    return at_end ? us.compare(us.size() - up.size(), up.size(), up) == 0
                  : us.compare(0, up.size(), up) == 0;
  }

  value call(std::int32_t self, const node& n) {
    if (n.ref >= first_user_function) return call_user(self, n);
    switch (static_cast<builtin>(n.ref)) {
      case builtin::contains: {
        const value l = arg(n.a);
        if (error_) return value();
        if (l.is_primitive()) {
          const value r = arg(at(n.a).next);
          if (error_ || !r.is_primitive()) return value(false);
          if (l.is_string() && r.is_string()) return value(icontains(l.as_string(), r.as_string()));
          return value(icontains(to_string(l), to_string(r)));
        }
        if (l.is_array()) {
          const value r = arg(at(n.a).next);
          if (error_) return value();
          for (const value& item : l.as_array()) {
            if (loose_equals(item, r)) return value(true);
          }
        }
        return value(false);
      }
      case builtin::starts_with:
      case builtin::ends_with: {
        const value l = arg(n.a);
        if (error_ || !l.is_primitive()) return value(false);
        const value r = arg(at(n.a).next);
        if (error_ || !r.is_primitive()) return value(false);
        return value(
            istarts(to_string(l), to_string(r), static_cast<builtin>(n.ref) == builtin::ends_with));
      }
      case builtin::format: return format(self, n);
      case builtin::join: {
        const value items = arg(n.a);
        if (error_) return value();
        if (items.is_array()) {
          std::string sep = ",";
          if (n.count > 1) {
            const value s = arg(at(n.a).next);
            if (error_) return value();
            if (s.is_primitive()) sep = to_string(s);
          }
          std::string out;
          bool first = true;
          for (const value& item : items.as_array()) {
            if (!first) out += sep;
            first = false;
            append_string(out, item);
          }
          return value(std::move(out));
        }
        if (items.is_primitive()) return to_string_value(items);
        return value(std::string());
      }
      case builtin::to_json: {
        const value v = arg(n.a);
        if (error_) return value();
        return value(json::dump(v));
      }
      case builtin::from_json: {
        const value v = arg(n.a);
        if (error_) return value();
        auto parsed = v.is_string() ? json::parse(v.as_string()) : json::parse(to_string(v));
        if (!parsed) {
          const diagnostic* d = parsed.first_error();
          fail(codes::expr_invalid_json,
               "Error parsing fromJson: " +
                   (d != nullptr ? d->message : std::string("invalid JSON")),
               self);
          return value();
        }
        return std::move(*parsed);
      }
      case builtin::case_: {
        std::int32_t c = n.a;
        for (std::size_t k = 0; k + 1 < n.count; k += 2) {
          const value p = arg(c);
          if (error_) return value();
          if (!p.is_bool()) {
            fail(codes::expr_case_predicate, "case predicate must evaluate to a boolean value", c);
            return value();
          }
          const std::int32_t v = at(c).next;
          if (p.as_bool()) return arg(v);
          c = at(v).next;
        }
        return arg(c);
      }
      case builtin::hash_files: return hash_files(self, n);
      case builtin::success:
      case builtin::failure:
      case builtin::cancelled:
      case builtin::always: {
        const auto which = static_cast<builtin>(n.ref);
        if (options_.status_function) {
          std::vector<value> args;
          for (std::int32_t c = n.a; c >= 0; c = at(c).next) args.push_back(arg(c));
          if (error_) return value();
          return value(options_.status_function(which, args));
        }
        switch (which) {
          case builtin::success: return value(options_.status == job_status::success);
          case builtin::failure: return value(options_.status == job_status::failure);
          case builtin::cancelled: return value(options_.status == job_status::cancelled);
          default: return value(true);
        }
      }
      case builtin::count_: break;
    }
    return value();
  }

  value call_user(std::int32_t self, const node& n) {
    const std::size_t id = n.ref - first_user_function;
    if (!e_.functions_ || id >= e_.functions_->size()) return value();
    const user_function& f = (*e_.functions_)[id];
    std::vector<value> args;
    args.reserve(n.count);
    for (std::int32_t c = n.a; c >= 0; c = at(c).next) args.push_back(arg(c));
    if (error_) return value();
    if (!f.call) return value();
    result<value> r = f.call(args);
    if (!r) {
      const diagnostic* d = r.first_error();
      fail(codes::expr_function_failed,
           f.name + ": " + (d != nullptr ? d->message : std::string("failed")), self);
      return value();
    }
    return std::move(*r);
  }

  value hash_files(std::int32_t self, const node& n) {
    std::vector<std::string> patterns;
    bool follow = false;
    bool first = true;
    for (std::int32_t c = n.a; c >= 0; c = at(c).next) {
      std::string s = to_string(arg(c));
      if (error_) return value();
      if (first && s == "--follow-symbolic-links") {
        follow = true;
      } else {
        patterns.push_back(std::move(s));
      }
      first = false;
    }
    if (!options_.hash_files) {
      fail(codes::expr_hash_files_failed, "hashFiles: no file-system policy is configured", self);
      return value();
    }
    result<std::string> r = options_.hash_files(patterns, follow);
    if (!r) {
      const diagnostic* d = r.first_error();
      fail(codes::expr_hash_files_failed,
           "hashFiles: " + (d != nullptr ? d->message : std::string("failed")), self);
      return value();
    }
    return value(std::move(*r));
  }

  // C# Format.cs: `{N}` (N a byte), `{{`/`}}` escapes, arguments evaluated on first use.
  value format(std::int32_t self, const node& n) {
    const value fv = arg(n.a);
    if (error_) return value();
    const std::string owned = fv.is_string() ? std::string() : to_string(fv);
    const std::string_view f = fv.is_string() ? fv.as_string() : std::string_view(owned);
    const std::size_t supplied = n.count - 1u;
    std::vector<std::optional<value>> cache;
    std::string out;
    std::size_t i = 0;
    auto invalid = [&]() {
      fail(codes::expr_invalid_format, "The following format string is invalid: " + std::string(f),
           self);
      return value();
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
          return value();
        }
        if (!spec.empty()) {
          fail(codes::expr_format_specifier,
               "The format specifiers '" + spec + "' are not supported: " + std::string(f), self);
          return value();
        }
        out.append(f.substr(i, lb - i));
        if (cache.empty()) cache.resize(supplied);
        if (!cache[idx]) {
          cache[idx] = arg(nth(e_, n.a, idx + 1));
          if (error_) return value();
        }
        append_string(out, *cache[idx]);
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
    return value(std::move(out));
  }

  const expression& e_;
  Lookup& lookup_;
  const evaluation_options& options_;
  std::optional<diagnostic> error_;
  std::size_t memory_ = 0;
};

template <class Lookup>
result<value> expression::evaluate_with(Lookup&& lookup, const evaluation_options& options) const {
  using L = std::remove_reference_t<Lookup>;
  evaluator<L> ev(*this, lookup, options);
  return ev.run();
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
