/// @file diagnostic.hpp
/// Diagnostics as values: `diagnostic`, `result<T>`, and the exception of the throwing layer.
///
/// Every function that reads user input reports problems as diagnostics: a stable code
/// (`PW####`, listed in docs/errors.md and in diagnostic_codes.hpp), a severity, a message,
/// the document path (a JSON pointer such as `/jobs/build/steps/0`), and a byte span in the
/// source. Line and column are computed from the span only when a diagnostic is rendered
/// (render.hpp).
#pragma once

#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {

/// How serious a diagnostic is.
enum class severity : unsigned char { error, warning, note };

/// The word used when rendering a severity (`error`, `warning`, `note`).
constexpr std::string_view severity_name(severity s) noexcept {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
  }
  return "error";
}

/// A half-open byte range [begin, end) in a source text.
struct source_span {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t begin = npos;
  std::size_t end = npos;

  [[nodiscard]] constexpr bool known() const noexcept { return begin != npos; }
  /// A span moved by `offset` bytes (for text embedded in a larger document).
  [[nodiscard]] constexpr source_span shifted(std::size_t offset) const noexcept {
    return known() ? source_span{begin + offset, end + offset} : *this;
  }
  friend constexpr bool operator==(source_span, source_span) noexcept = default;
};

/// One problem found in user input.
struct diagnostic {
  std::string code;  ///< stable code, `PW####`
  severity level = severity::error;
  std::string message;             ///< one sentence, no trailing period
  std::string path;                ///< JSON pointer into the document; empty for the whole document
  source_span span;                ///< where in the source; unknown when not from a text
  std::vector<std::string> notes;  ///< extra lines: hints, the values seen, a cycle's path

  [[nodiscard]] bool is_error() const noexcept { return level == severity::error; }
};

/// Makes an error diagnostic.
inline diagnostic make_error(std::string_view code, std::string message, source_span span = {},
                             std::string path = {}) {
  return diagnostic{
      std::string(code), severity::error, std::move(message), std::move(path), span, {}};
}

/// Makes a warning diagnostic.
inline diagnostic make_warning(std::string_view code, std::string message, source_span span = {},
                               std::string path = {}) {
  return diagnostic{
      std::string(code), severity::warning, std::move(message), std::move(path), span, {}};
}

/// True when any of `diags` is an error.
inline bool has_errors(const std::vector<diagnostic>& diags) noexcept {
  for (const diagnostic& d : diags) {
    if (d.is_error()) return true;
  }
  return false;
}

/// The exception thrown by the `*_or_throw` layer; carries every diagnostic.
class error : public std::exception {
 public:
  explicit error(std::vector<diagnostic> diags) : diags_(std::move(diags)) {
    what_ = diags_.empty() ? std::string("pipewright error")
                           : diags_.front().code + ": " + diags_.front().message;
  }
  [[nodiscard]] const char* what() const noexcept override { return what_.c_str(); }
  [[nodiscard]] const std::vector<diagnostic>& diagnostics() const noexcept { return diags_; }

 private:
  std::vector<diagnostic> diags_;
  std::string what_;
};

/// A value of type T, or the diagnostics that explain why there is none.
///
/// A result that holds a value may also carry warnings and notes. A result without a value
/// holds at least one error.
template <class T>
class result {
 public:
  /// A successful result.
  result(T v) : value_(std::move(v)) {}  // NOLINT(google-explicit-constructor)
  /// A failed result; `d` should be an error.
  result(diagnostic d) { diags_.push_back(std::move(d)); }  // NOLINT
  /// A failed result with several diagnostics (at least one an error).
  static result failure(std::vector<diagnostic> diags) {
    result r;
    r.diags_ = std::move(diags);
    return r;
  }
  /// A successful result that carries warnings.
  static result success(T v, std::vector<diagnostic> diags) {
    result r(std::move(v));
    r.diags_ = std::move(diags);
    return r;
  }

  [[nodiscard]] bool ok() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }

  /// The value; precondition: ok().
  [[nodiscard]] T& value() & noexcept { return *value_; }
  [[nodiscard]] const T& value() const& noexcept { return *value_; }
  [[nodiscard]] T&& value() && noexcept { return std::move(*value_); }
  [[nodiscard]] T* operator->() noexcept { return &*value_; }
  [[nodiscard]] const T* operator->() const noexcept { return &*value_; }
  [[nodiscard]] T& operator*() & noexcept { return *value_; }
  [[nodiscard]] const T& operator*() const& noexcept { return *value_; }

  /// The value, or throws pipewright::error with the diagnostics.
  T value_or_throw() && {
    if (!value_) throw error(std::move(diags_));
    return std::move(*value_);
  }

  [[nodiscard]] const std::vector<diagnostic>& diagnostics() const noexcept { return diags_; }
  [[nodiscard]] std::vector<diagnostic>& diagnostics() noexcept { return diags_; }
  /// The first error, or nullptr.
  [[nodiscard]] const diagnostic* first_error() const noexcept {
    for (const diagnostic& d : diags_) {
      if (d.is_error()) return &d;
    }
    return nullptr;
  }

 private:
  result() = default;
  std::optional<T> value_;
  std::vector<diagnostic> diags_;
};

}  // namespace v0
}  // namespace pipewright
