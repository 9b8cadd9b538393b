/// @file partial_impl.hpp
/// The definitions behind expr/partial.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/parser.hpp"
#include "pipewright/expr/partial.hpp"
#include "pipewright/semantics/ids.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

PIPEWRIGHT_DECL unknown_paths& unknown_paths::add(std::string_view dotted) {
  std::vector<std::string> path;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = dotted.find('.', start);
    path.emplace_back(dotted.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  paths_.push_back(std::move(path));
  return *this;
}

PIPEWRIGHT_DECL bool unknown_paths::operator()(std::span<const std::string> path) const {
  for (const std::vector<std::string>& p : paths_) {
    const std::size_t n = p.size() < path.size() ? p.size() : path.size();
    std::size_t i = 0;
    while (i < n && (p[i] == "*" || path[i] == "*" || semantics::same_name(p[i], path[i]))) ++i;
    if (i == n) return true;
  }
  return false;
}

namespace detail {

class partial_evaluator {
 public:
  partial_evaluator(const expression& e, const value& contexts, const partial_options& options)
      : e_(e), nodes_(e.nodes()), contexts_(contexts), options_(options) {
    evaluation_ = options.evaluation;
    if (options.status) {
      // The known parts see the same answers (only ever asked where they are known).
      evaluation_.status_function = [this](builtin which, std::span<const value> args) {
        return options_.status(which, args) == truth::yes;
      };
    }
  }

  result<partial_value> run() {
    partial_value v = e_.root() < 0 ? known(value()) : eval(e_.root());
    if (error_) return std::move(*error_);
    return v;
  }

 private:
  static partial_value known(value v) {
    partial_value p;
    p.truthy = truthy(v) ? truth::yes : truth::no;
    p.known = std::move(v);
    return p;
  }
  static partial_value unknown(std::vector<std::string> waits, truth t = truth::unknown) {
    partial_value p;
    p.truthy = t;
    p.waits_for = std::move(waits);
    return p;
  }
  static void add_waits(std::vector<std::string>& to, const std::vector<std::string>& from) {
    for (const std::string& w : from) {
      bool seen = false;
      for (const std::string& t : to) seen = seen || t == w;
      if (!seen) to.push_back(w);
    }
  }

  const node& at(std::int32_t i) const noexcept { return nodes_[static_cast<std::size_t>(i)]; }
  // The text of node `i` as written: a reference from its context name (an index node's own
  // span is its accessor, `.key` or `['key']`), a call with its arguments.
  std::string written(std::int32_t i) const {
    std::int32_t first = i;
    while (at(first).kind == node_kind::index || at(first).kind == node_kind::wildcard) {
      first = at(first).a;
    }
    const std::uint32_t begin = at(first).begin;
    return std::string(e_.text().substr(begin, at(i).end - begin));
  }

  // A literal index's key as written: `name`, `'quoted'` (with `''` for a quote), `0`.
  std::string literal_key(std::int32_t i) const {
    const std::string text = written(i);
    if (text.size() < 2 || text.front() != '\'') return text;
    std::string out;
    for (std::size_t k = 1; k + 1 < text.size(); ++k) {
      out += text[k];
      if (text[k] == '\'' && text[k + 1] == '\'') ++k;
    }
    return out;
  }

  // The known sub-expression at `i`, evaluated as a whole.
  partial_value whole(std::int32_t i) {
    auto r = e_.evaluate_node(i, contexts_, evaluation_);
    if (!r) {
      if (!error_) error_ = r.diagnostics().front();
      return {};
    }
    return known(std::move(*r));
  }

  partial_value eval(std::int32_t i) {
    if (error_) return {};
    const node& n = at(i);
    switch (n.kind) {
      case node_kind::null_literal:
      case node_kind::bool_literal:
      case node_kind::number_literal:
      case node_kind::string_literal: return whole(i);
      case node_kind::context:
      case node_kind::index:
      case node_kind::wildcard: return reference(i);
      case node_kind::group: return eval(n.a);
      case node_kind::not_: {
        partial_value p = eval(n.a);
        if (p.truthy == truth::unknown) return p;
        return known(value(p.truthy == truth::no));
      }
      case node_kind::and_:
      case node_kind::or_: return logical(n, n.kind == node_kind::and_);
      case node_kind::call: return call(i, n);
      case node_kind::equal:
      case node_kind::not_equal:
      case node_kind::less:
      case node_kind::less_equal:
      case node_kind::greater:
      case node_kind::greater_equal: {
        partial_value l = eval(n.a);
        partial_value r = eval(n.b);
        if (error_) return {};
        if (l.determined() && r.determined()) return whole(i);
        add_waits(l.waits_for, r.waits_for);
        return unknown(std::move(l.waits_for));
      }
    }
    return whole(i);
  }

  // `a && b && …` / `a || b || …`: the first operand that decides (falsy for &&, truthy
  // for ||) is the value, else the last; an unknown operand before it leaves the value
  // unknown but not the truth (whichever way it goes, the result decides the same way).
  partial_value logical(const node& n, bool is_and) {
    const truth decides = is_and ? truth::no : truth::yes;
    std::vector<std::string> waits;
    bool truths_known = true;
    partial_value last;
    for (std::int32_t c = n.a; c >= 0; c = at(c).next) {
      partial_value p = eval(c);
      if (error_) return {};
      if (p.truthy == decides) {
        if (truths_known) return p;
        add_waits(waits, p.waits_for);
        return unknown(std::move(waits), decides);
      }
      if (p.truthy == truth::unknown) truths_known = false;
      add_waits(waits, p.waits_for);
      last = std::move(p);
    }
    if (truths_known) return last;
    return unknown(std::move(waits));
  }

  partial_value call(std::int32_t i, const node& n) {
    std::vector<std::string> waits;
    std::vector<value> args;
    for (std::int32_t c = n.a; c >= 0; c = at(c).next) {
      partial_value p = eval(c);
      if (error_) return {};
      add_waits(waits, p.waits_for);
      args.push_back(p.known ? std::move(*p.known) : value());
    }
    if (!waits.empty()) return unknown(std::move(waits));
    if (is_status_function(n.ref) && options_.status) {
      const truth t = options_.status(static_cast<builtin>(n.ref), args);
      if (t == truth::unknown) return unknown({written(i)});
      return known(value(t == truth::yes));
    }
    if (n.ref == static_cast<std::uint32_t>(builtin::hash_files) && options_.hash_files_unknown) {
      return unknown({written(i)});
    }
    return whole(i);
  }

  // A context read through keys and filters (`needs.build.outputs.x`, `matrix['os']`,
  // `needs.*.result`): unknown when options.unknown says its path is.
  partial_value reference(std::int32_t i) {
    std::vector<std::string> path;  // collected from the end
    std::vector<std::string> waits;
    std::int32_t c = i;
    while (at(c).kind == node_kind::index || at(c).kind == node_kind::wildcard) {
      const node& n = at(c);
      if (n.kind == node_kind::wildcard) {
        path.emplace_back("*");
      } else if (at(n.b).kind == node_kind::string_literal ||
                 at(n.b).kind == node_kind::number_literal) {
        path.push_back(literal_key(n.b));  // `.name`, `['name']`, `[0]`
      } else {
        partial_value k = eval(n.b);
        if (error_) return {};
        if (!k.determined()) {
          add_waits(waits, k.waits_for);
          path.emplace_back("*");
        } else {
          path.push_back(k.known->is_primitive() ? to_string(*k.known) : std::string());
        }
      }
      c = n.a;
    }
    if (at(c).kind != node_kind::context) {
      // An index into a computed value (`fromJSON(x).key`): as known as the value.
      partial_value base = eval(c);
      if (error_) return {};
      if (base.determined() && waits.empty()) return whole(i);
      add_waits(base.waits_for, waits);
      return unknown(std::move(base.waits_for));
    }
    const std::vector<std::string>& names = e_.context_names();
    const std::size_t slot = at(c).ref;
    path.emplace_back(slot < names.size() ? names[slot] : std::string());
    std::reverse(path.begin(), path.end());
    if (options_.unknown && options_.unknown(path)) {
      add_waits(waits, {written(i)});
      return unknown(std::move(waits));
    }
    if (!waits.empty()) return unknown(std::move(waits));
    return whole(i);
  }

  const expression& e_;
  std::span<const node> nodes_;
  const value& contexts_;
  const partial_options& options_;
  evaluation_options evaluation_;
  std::optional<diagnostic> error_;
};

}  // namespace detail

PIPEWRIGHT_DECL result<partial_value> evaluate_partial(const expression& e, const value& contexts,
                                                       const partial_options& options) {
  detail::partial_evaluator ev(e, contexts, options);
  return ev.run();
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
