/// @file dynamic.hpp
/// Dynamic matrices: a matrix, a vector, `include` or `exclude` written as an expression
/// (`${{ fromJSON(needs.setup.outputs.matrix) }}`).
///
/// GitHub evaluates every `${{ }}` inside `strategy.matrix` with the contexts that key
/// allows (`github`, `needs`, `vars`, `inputs`) before it builds the matrix, then validates
/// the result like a literal matrix. `resolve()` does the same. When a value is not known
/// yet — static planning, where `needs` outputs do not exist — it does not guess: the
/// result is a *pending* matrix naming the expression, where it is, the contexts it reads
/// and the jobs whose outputs it waits for.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/path.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace matrix {

/// The contexts GitHub allows inside `strategy.matrix`.
inline constexpr std::string_view matrix_contexts[] = {"github", "needs", "vars", "inputs"};

/// A matrix whose legs cannot be known yet.
struct pending_matrix {
  std::string expression;             ///< the `${{ }}` text as written
  std::string path;                   ///< JSON pointer of that text in the document
  std::vector<std::string> contexts;  ///< the contexts it reads, in first-use order
  /// The jobs whose results or outputs it reads (`needs.<id>`), in first-use order. A
  /// computed index (`needs[matrix.x]`) is listed as `*`.
  std::vector<std::string> needs;
  /// The inputs it reads that the event does not supply (a reusable workflow planned
  /// without its caller's inputs), in first-use order.
  std::vector<std::string> inputs;
  std::string reason;  ///< why it is pending, in one sentence
};

/// What `resolve()` found.
struct resolved_matrix {
  value matrix;                           ///< the matrix with every expression replaced
  std::optional<pending_matrix> pending;  ///< set when some value is not known yet
  std::vector<diagnostic> diagnostics;    ///< expressions that do not compile or evaluate

  /// True when `matrix` can be expanded.
  [[nodiscard]] bool known() const noexcept { return !pending && diagnostics.empty(); }
};

/// How `resolve()` treats the contexts it is given.
struct resolve_options {
  /// JSON pointer of the matrix in its document (prefixed to paths).
  std::string path{};
  /// Whether the `needs` context in `contexts` holds the needed jobs' real results and
  /// outputs (at run time). When false (static planning), an expression that reads `needs`
  /// makes the matrix pending.
  bool needs_known = false;
  /// Whether `contexts.inputs` is complete. Set it to false when planning a reusable
  /// workflow (`workflow_call`) without its caller's inputs: then reading an input that
  /// `contexts.inputs` does not hold makes the matrix pending instead of evaluating it to
  /// null. For other events an absent input is null, as on GitHub.
  bool inputs_known = true;
};

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

/// Evaluates every `${{ }}` in a matrix as written (a mapping, or one expression string for
/// the whole matrix) with `contexts` (an object: `github`, `needs`, `vars`, `inputs`).
/// Strings that are one expression keep the expression's type (`fromJSON` yields arrays and
/// objects); the result is validated later by `compile()`/`expand()`. See the file comment
/// for pending matrices. Diagnostics carry the JSON pointer of the failing value and no
/// span (the value tree has none): locate `path` in the document's source map.
inline resolved_matrix resolve(const value& written, const value& contexts,
                               const resolve_options& options = {}) {
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
