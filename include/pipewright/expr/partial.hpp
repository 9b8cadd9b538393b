/// @file partial.hpp
/// Three-valued evaluation: an expression evaluated while some of what it reads is not known
/// yet (a job's outputs before the job ran, `github.repository` when no repository was given,
/// secrets, hashFiles() without a workspace, a status function over a need that is itself
/// undetermined). GitHub's operators decide where the known part decides: `false && x` is
/// false, `true || x` is true, `always() || x` is true; anything else that reads an unknown
/// is unknown, and says which references it waits for, as they are written.
///
/// ```cpp
/// auto e = expr::compile("needs.changes.outputs.docs == 'false' && github.event_name == 'push'",
///                        options);
/// expr::partial_options o;
/// o.unknown = expr::unknown_paths().add("needs.changes.outputs");
/// auto r = expr::evaluate_partial(*e, contexts, o);
/// // push: r->truthy == truth::unknown, r->waits_for == {"needs.changes.outputs.docs"}
/// // pull_request: r->truthy == truth::no (decided without the output)
/// ```
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/parser.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

/// A truth value that may not be known.
enum class truth : std::uint8_t { no, yes, unknown };

/// The references an evaluation cannot know, as paths from a context name: a predicate for
/// partial_options::unknown.
class unknown_paths {
 public:
  /// Adds a reference written with dots, such as "needs.build.outputs", "github.repository"
  /// or "secrets"; a key `*` matches any key.
  unknown_paths& add(std::string_view dotted);
  /// True when the value at `path` is, or holds, something unknown: an added reference is a
  /// prefix of `path`, or `path` of it (keys compared ignoring case, as GitHub does; `*` on
  /// either side matches any key).
  bool operator()(std::span<const std::string> path) const;
  [[nodiscard]] bool empty() const noexcept { return paths_.empty(); }

 private:
  std::vector<std::vector<std::string>> paths_;
};

/// How evaluate_partial() learns what is unknown.
struct partial_options {
  /// Options of the evaluation of the known parts (status, hashFiles, memory limit).
  evaluation_options evaluation{};
  /// True when the value at a reference's path (context name, then keys) is unknown or
  /// holds an unknown; empty: every reference is known.
  std::function<bool(std::span<const std::string> path)> unknown{};
  /// The status functions' answers, which may be unknown; empty: `evaluation` decides them.
  std::function<truth(builtin which, std::span<const value> args)> status{};
  /// hashFiles() is unknown (no workspace to hash).
  bool hash_files_unknown = false;
};

/// What a three-valued evaluation found.
struct partial_value {
  /// The value, when it is determined.
  std::optional<value> known{};
  /// Its truth, which can be known without the value (`x || true`).
  truth truthy = truth::unknown;
  /// When the value is not determined: the references it waits for, as written in the
  /// expression (`needs.changes.outputs.docs-only`, `github.repository`, `success()`), each
  /// once, in the order they appear.
  std::vector<std::string> waits_for{};

  [[nodiscard]] bool determined() const noexcept { return known.has_value(); }
};
/// Evaluates `e` over `contexts` with what `options` says is unknown left unknown: the
/// value when it is determined, else its truth (which the known part may decide) and the
/// references it waits for. An error in a known part is the result's error, as evaluate()
/// reports it.
PIPEWRIGHT_DECL result<partial_value> evaluate_partial(const expression& e, const value& contexts,
                                                       const partial_options& options = {});

}  // namespace expr
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/expr/partial_impl.hpp"
#endif
