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

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
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

/// Evaluates every `${{ }}` in a matrix as written (a mapping, or one expression string for
/// the whole matrix) with `contexts` (an object: `github`, `needs`, `vars`, `inputs`).
/// Strings that are one expression keep the expression's type (`fromJSON` yields arrays and
/// objects); the result is validated later by `compile()`/`expand()`. See the file comment
/// for pending matrices. Diagnostics carry the JSON pointer of the failing value and no
/// span (the value tree has none): locate `path` in the document's source map.
PIPEWRIGHT_DECL resolved_matrix resolve(const value& written, const value& contexts,
                                        const resolve_options& options = {});

}  // namespace matrix
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/matrix/dynamic_impl.hpp"
#endif
