/// @file findings.hpp
/// Diagnostics for machines (docs/export.md, "Findings"): one JSON object per diagnostic
/// (the shape every command's `--format json` uses), GitHub workflow commands
/// (`::error file=…,line=…::message`, shown as annotations on a run and a pull request), and a
/// SARIF 2.1.0 log for code scanning (GitHub's upload-sarif, IDEs, SARIF viewers).
///
/// ```cpp
/// const pipewright::line_index lines(text);
/// std::string out = pipewright::export_::github_annotation(d, "ci.yml", lines);
/// pipewright::value log = pipewright::export_::sarif_log({{"ci.yml", text, diags}});
/// ```
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace export_ {

/// Where a diagnostic starts and ends (1-based, columns in code points, the end exclusive);
/// zeros when unknown. The end is known only for a span that covers at least one byte.
struct finding_region {
  line_col start{};
  line_col end{};
};

/// The region of `d` in the source behind `lines`.
PIPEWRIGHT_DECL finding_region region_of(const diagnostic& d, const line_index& lines);

/// One diagnostic as a JSON object: `file`, `line`, `column`, `end_line`, `end_column`
/// (0 when unknown), `code`, `severity`, `message`, `path` and `notes`.
PIPEWRIGHT_DECL value diagnostic_json(const diagnostic& d, std::string_view file,
                                      const line_index& lines);

/// One GitHub workflow command for `d` (`::error`, `::warning` or `::notice`), ending in a
/// newline: `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=PW0401::message`.
/// Notes follow the message on lines of their own (escaped, so the command stays one line).
PIPEWRIGHT_DECL std::string github_annotation(const diagnostic& d, std::string_view file,
                                              const line_index& lines);

/// One file's findings for sarif_log(): its path as shown (relative to the repository root
/// when it is inside one), its text, and its diagnostics.
struct sarif_file {
  std::string uri;
  std::string_view source;
  std::vector<diagnostic> diagnostics;
};

/// Options of sarif_log().
struct sarif_options {
  /// The tool's home page; each rule's help link is `<information_uri>/docs/errors.md#<code>`.
  std::string information_uri = "https://example.invalid/pipewright";
  /// A code's longer description (docs/errors.md's first paragraph); empty when unknown, and
  /// then the one-line summary of codes::all stands in.
  std::string_view (*describe)(std::string_view code) = nullptr;
};

namespace detail {

/// FNV-1a, 64 bits, as 16 hex digits: a stable fingerprint of a finding's identity.
PIPEWRIGHT_DECL std::string fingerprint(std::initializer_list<std::string_view> parts);

}  // namespace detail

/// A SARIF 2.1.0 log of one run over `files`: the tool (name, version, a rule per code with
/// its summary, description and help link), the files as artifacts, and each diagnostic as a
/// result with its rule, level, message, location (region with end when known; columns count
/// code points, `columnKind: unicodeCodePoints`) and a `partialFingerprints` entry that stays
/// the same when lines above the finding move (code, document path and the line's text, then
/// `:N` for the N-th such finding in the file).
PIPEWRIGHT_DECL value sarif_log(std::span<const sarif_file> files,
                                const sarif_options& options = {});

}  // namespace export_
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/export/findings_impl.hpp"
#endif
