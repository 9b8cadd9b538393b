/// @file jsonl.hpp
/// The JSON Lines contracts of `pipewright eval --jsonl` and `pipewright matrix --jsonl`
/// (DESIGN.md): one input object in, one response object out. In the library so that a
/// host, a conformance harness or a test can answer the same contract without the tool.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/expression.hpp"
#include "pipewright/expr/reads.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/value/json.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

/// `success`, `failure` or `cancelled` as a job status; false for anything else.
PIPEWRIGHT_DECL bool parse_status(std::string_view s, expr::job_status& out);

namespace detail {

/// An expression text compiled for one list of context names: the answer's error when it
/// does not compile, else the expression, or the template when the text is no expression but
/// holds `${{` (which no expression holds outside a string).
struct compiled_text {
  std::optional<diagnostic> error;
  std::optional<expr::expression> expression;
  std::optional<expr::compiled_template> templ;

  /// The expressions the evaluation runs (a template's have their spans in the template).
  [[nodiscard]] std::span<const expr::expression> expressions() const {
    if (expression) return std::span<const expr::expression>(&*expression, 1);
    if (templ) return std::span<const expr::expression>(templ->expressions());
    return {};
  }
};

}  // namespace detail

/// Compiles and evaluates `text`, an expression; the contract's response object without
/// "id". Text that is not an expression but holds `${{` (which no expression holds outside
/// a string) is a template, evaluated as GitHub evaluates a workflow value: a lone `${{ }}`
/// keeps its result's type, text around it makes a string.
PIPEWRIGHT_DECL value eval_response(std::string_view text, const value& contexts,
                                    const expr::compile_options& options,
                                    const expr::evaluation_options& eval_options);

/// Handles one `eval --jsonl` input object (the contract in DESIGN.md); hashFiles() uses
/// `hash_files` (empty: it fails with PW0215; host::default_hash_files reads a directory).
PIPEWRIGHT_DECL value eval_jsonl_case(const value& input,
                                      const expr::hash_files_policy& hash_files = {});

/// The answer to an `eval --jsonl` line that is not JSON: `{"id": null, "ok": false, "error"}`
/// with the reader's first diagnostic.
PIPEWRIGHT_DECL value jsonl_parse_error(const diagnostic& d);

/// Answers `eval --jsonl` input lines, JSON texts: each the answer of
/// `eval_jsonl_case(json::parse(line))` (jsonl_parse_error() for a line that is not JSON), but
/// the line is checked without being built, only the contexts that the expression reads are
/// parsed into values, and each distinct expression text (with the same context names) is
/// compiled once: the lines of a batch repeat their expressions. What it remembers is bounded
/// (`max_cached_bytes` of texts and names, then it starts again).
class jsonl_evaluator {
 public:
  static constexpr std::size_t max_cached_bytes = std::size_t{16} << 20;
  static constexpr std::size_t max_cached = 4096;

  /// hashFiles() uses `hash_files` (empty: it fails with PW0215).
  explicit jsonl_evaluator(expr::hash_files_policy hash_files = {}) {
    eval_options_.hash_files = std::move(hash_files);
  }

  PIPEWRIGHT_DECL value answer(std::string_view line);

  /// Appends `json::write(out, answer(line), json::compact_style)` to `out` and returns the
  /// answer's "ok"; the usual answer is written as it is made, with no answer object.
  PIPEWRIGHT_DECL bool write_answer(std::string& out, std::string_view line);

 private:
  /// The general path: the line parsed, then eval_jsonl_case().
  PIPEWRIGHT_DECL value whole(std::string_view line) const;

  /// The usual line's evaluation (its compile error, if any) and its `id`; nothing for a line
  /// the general path answers (not JSON, not an object, a `status`, no `contexts` object...).
  PIPEWRIGHT_DECL std::optional<result<value>> evaluate_line(std::string_view line, value& id);

  struct entry {
    detail::compiled_text compiled;
    std::vector<expr::read_tree> reads;  // per context slot: what the expressions read
  };

  /// `text` compiled with names_ as the contexts, from the cache when it is there.
  PIPEWRIGHT_DECL const entry& compiled(std::string_view text);

  expr::evaluation_options eval_options_;
  std::unordered_map<std::string, entry> cache_;
  std::size_t cached_bytes_ = 0;
  std::string key_;
  std::vector<json::member_span> index_;  // the line's members
  std::string str_;                       // the answer's "str"
  std::vector<std::string> names_;        // the line's context names
  std::vector<std::size_t> slots_;        // the index entry of each name
};

/// jsonl_evaluator's answer to one line (with nothing remembered from other lines).
PIPEWRIGHT_DECL value eval_jsonl_line(std::string_view line,
                                      const expr::hash_files_policy& hash_files = {});

/// Compiles `m` with GitHub's limit, or with `limit` legs when `has_limit` (0: no limit).
PIPEWRIGHT_DECL result<matrix::space> compile_matrix(const value& m, const matrix::options& o,
                                                     std::uint64_t limit, bool has_limit);

/// Handles one `matrix --jsonl` input object (the contract in DESIGN.md).
PIPEWRIGHT_DECL value matrix_jsonl_case(const value& input);

}  // namespace export_
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/export/jsonl_impl.hpp"
#endif
