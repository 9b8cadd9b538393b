/// @file dynamic_impl.hpp
/// The definitions behind pipewright/matrix/dynamic.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/matrix/dynamic.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/path.hpp"

namespace pipewright {
inline namespace v0 {
namespace matrix {

namespace detail {

/// The literal text of a string-literal node: `'a''b'` → `a'b`; a `.name` member → name.
inline std::string literal_text(std::string_view src, const expr::node& n) {
  std::string_view t = src.substr(n.begin, n.end - n.begin);
  if (t.size() >= 2 && t.front() == '\'' && t.back() == '\'') {
    std::string out;
    t = t.substr(1, t.size() - 2);
    for (std::size_t i = 0; i < t.size(); ++i) {
      out.push_back(t[i]);
      if (t[i] == '\'' && i + 1 < t.size() && t[i + 1] == '\'') ++i;
    }
    return out;
  }
  return std::string(t);
}

inline void add_unique(std::vector<std::string>& list, std::string item) {
  for (const std::string& s : list) {
    if (pipewright::detail::iequals(s, item)) return;
  }
  list.push_back(std::move(item));
}

/// Records the contexts, `needs.<id>` jobs and `inputs.<name>` one expression reads (inputs
/// go to `inputs`, filtered later).
inline void collect_reads(const expr::expression& e, pending_matrix& into) {
  const auto& nodes = e.nodes();
  const auto& names = e.context_names();
  for (const expr::node& n : nodes) {
    if (n.kind == expr::node_kind::context && n.ref < names.size()) {
      add_unique(into.contexts, names[n.ref]);
    }
    if (n.kind != expr::node_kind::index && n.kind != expr::node_kind::wildcard) continue;
    if (n.a < 0) continue;
    const expr::node& base = nodes[static_cast<std::size_t>(n.a)];
    if (base.kind != expr::node_kind::context || base.ref >= names.size()) continue;
    const bool is_needs = pipewright::detail::iequals(names[base.ref], "needs");
    if (!is_needs && !pipewright::detail::iequals(names[base.ref], "inputs")) continue;
    std::vector<std::string>& list = is_needs ? into.needs : into.inputs;
    if (n.kind == expr::node_kind::index && n.b >= 0 &&
        nodes[static_cast<std::size_t>(n.b)].kind == expr::node_kind::string_literal) {
      add_unique(list, literal_text(e.text(), nodes[static_cast<std::size_t>(n.b)]));
    } else {
      add_unique(list, "*");
    }
  }
}

class resolver {
 public:
  resolver(const value& contexts, const resolve_options& o, resolved_matrix& out)
      : contexts_(contexts), options_(o), out_(out) {}

  /// Replaces `${{ }}` strings in `v`; false once the matrix is pending or invalid.
  bool walk(value& v, std::string& path) {
    if (v.is_string()) return string(v, path);
    if (v.is_array()) {
      value copy = v.clone();
      std::size_t i = 0;
      for (value& item : copy.as_array()) {
        const std::size_t mark = path.size();
        path += '/';
        path += std::to_string(i++);
        const bool ok = walk(item, path);
        path.resize(mark);
        if (!ok) return false;
      }
      v = std::move(copy);
      return true;
    }
    if (v.is_object()) {
      value copy = v.clone();
      for (auto& entry : copy.as_object()) {
        const std::size_t mark = path.size();
        path += '/';
        append_pointer_token(path, entry.first);
        const bool ok = walk(entry.second, path);
        path.resize(mark);
        if (!ok) return false;
      }
      v = std::move(copy);
    }
    return true;
  }

 private:
  bool string(value& v, const std::string& path) {
    const std::string_view s = v.as_string();
    if (!semantics::contains_expression(s)) return true;
    expr::compile_options co;
    co.contexts.assign(std::begin(matrix_contexts), std::end(matrix_contexts));
    auto t = expr::compile_template(s, co);
    if (!t) {
      for (diagnostic d : t.diagnostics()) {
        d.path = path;
        d.span = {};  // relative to the string; callers locate `path` in their document
        out_.diagnostics.push_back(std::move(d));
      }
      return false;
    }
    pending_matrix reads;
    for (const expr::expression& e : t->expressions()) collect_reads(e, reads);
    // Keep the inputs this event does not supply.
    std::vector<std::string> missing;
    if (!options_.inputs_known) {
      const value& given = contexts_["inputs"];
      for (std::string& name : reads.inputs) {
        if (name == "*" || !given.is_object() || given[name].is_null()) {
          missing.push_back(std::move(name));
        }
      }
    }
    reads.inputs = std::move(missing);
    bool reads_needs = false;
    for (const std::string& c : reads.contexts) {
      if (pipewright::detail::iequals(c, "needs")) reads_needs = true;
    }
    if (!reads_needs) reads.needs.clear();
    if ((reads_needs && !options_.needs_known) || !reads.inputs.empty()) {
      if (options_.needs_known) reads.needs.clear();
      reads.expression = std::string(s);
      reads.path = path;
      reads.reason = describe_wait(reads);
      out_.pending = std::move(reads);
      return false;
    }
    auto r = t->evaluate(contexts_);
    if (!r) {
      for (diagnostic d : r.diagnostics()) {
        d.path = path;
        d.span = {};
        out_.diagnostics.push_back(std::move(d));
      }
      return false;
    }
    v = std::move(*r);
    return true;
  }

  static std::string describe_wait(const pending_matrix& p) {
    std::string why;
    if (!p.needs.empty()) {
      why = "it reads the outputs of ";
      for (std::size_t i = 0; i < p.needs.size(); ++i) {
        if (i) why += i + 1 == p.needs.size() ? " and " : ", ";
        why += p.needs[i] == "*" ? std::string("a computed job") : "job '" + p.needs[i] + "'";
      }
      why +=
          p.needs.size() == 1 ? ", known only when it finishes" : ", known only when they finish";
    } else if (p.inputs.empty()) {
      why = "it reads the needs context, known only when the needed jobs finish";
    }
    if (!p.inputs.empty()) {
      why += why.empty() ? "it reads " : "; it also reads ";
      for (std::size_t i = 0; i < p.inputs.size(); ++i) {
        if (i) why += i + 1 == p.inputs.size() ? " and " : ", ";
        why += p.inputs[i] == "*" ? std::string("a computed input") : "input '" + p.inputs[i] + "'";
      }
      why += ", which this event does not supply";
    }
    return why;
  }

  const value& contexts_;
  const resolve_options& options_;
  resolved_matrix& out_;
};

}  // namespace detail

PIPEWRIGHT_DECL resolved_matrix resolve(const value& written, const value& contexts,
                                        const resolve_options& options) {
  resolved_matrix out;
  out.matrix = written;
  std::string path = options.path;
  detail::resolver r(contexts, options, out);
  if (!r.walk(out.matrix, path)) {
    out.matrix = value();
    return out;
  }
  if (written.is_string() && !out.matrix.is_object()) {
    out.diagnostics.push_back(make_error(codes::matrix_not_mapping,
                                         "the matrix expression must produce a mapping, not " +
                                             std::string(kind_name(out.matrix.type())),
                                         {}, options.path));
    out.matrix = value();
  }
  return out;
}

}  // namespace matrix
}  // namespace v0
}  // namespace pipewright
