/// @file path.hpp
/// Document paths: JSON pointers (RFC 6901) that name a place in a value tree, for
/// diagnostics ("/jobs/build/steps/0/uses") and for looking values up.
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {

/// Appends `key` as one JSON-pointer token (`~` → `~0`, `/` → `~1`), without the `/`.
inline void append_pointer_token(std::string& out, std::string_view key) {
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
}

/// Appends the JSON-pointer token `raw` unescaped (`~1` → `/`, `~0` and a lone `~` → `~`).
inline void append_unescaped_token(std::string& out, std::string_view raw) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '~' && i + 1 < raw.size()) {
      out += raw[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += raw[i];
    }
  }
}

/// A JSON pointer under construction; `/` separated, `~` and `/` in keys escaped.
class doc_path {
 public:
  doc_path() = default;
  explicit doc_path(std::string pointer) : text_(std::move(pointer)) {}

  /// This path extended by an object key.
  [[nodiscard]] doc_path operator/(std::string_view key) const {
    doc_path p(*this);
    p.push(key);
    return p;
  }
  /// This path extended by an array index.
  [[nodiscard]] doc_path operator/(std::size_t index) const {
    doc_path p(*this);
    p.push(index);
    return p;
  }
  [[nodiscard]] doc_path operator/(int index) const {
    return *this / static_cast<std::size_t>(index < 0 ? 0 : index);
  }

  /// Appends an object key.
  void push(std::string_view key) {
    text_ += '/';
    append_pointer_token(text_, key);
  }
  /// Appends an array index.
  void push(std::size_t index) {
    text_ += '/';
    text_ += std::to_string(index);
  }
  /// Puts `segment` (already a pointer, e.g. "/a/0") in front of this path.
  void prepend(std::string_view pointer) { text_.insert(0, pointer); }

  [[nodiscard]] const std::string& str() const noexcept { return text_; }
  [[nodiscard]] bool empty() const noexcept { return text_.empty(); }

 private:
  std::string text_;
};

/// The value at `pointer` inside `root` (keys are matched case-insensitively, as GitHub's
/// objects do), or nullptr when there is none or the pointer is malformed.
inline const value* resolve(const value& root, std::string_view pointer) noexcept {
  const value* at = &root;
  if (pointer.empty()) return at;
  if (pointer.front() != '/') return nullptr;
  std::size_t pos = 1;
  std::string key;
  for (;;) {
    const std::size_t next = pointer.find('/', pos);
    const std::string_view raw =
        pointer.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
    key.clear();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        key += raw[i + 1] == '0' ? '~' : '/';
        ++i;
      } else if (raw[i] == '~') {
        return nullptr;
      } else {
        key += raw[i];
      }
    }
    if (at->is_object()) {
      at = at->as_object().find(key);
      if (at == nullptr) return nullptr;
    } else if (at->is_array()) {
      std::size_t index = 0;
      const auto r = std::from_chars(key.data(), key.data() + key.size(), index);
      if (r.ec != std::errc() || r.ptr != key.data() + key.size() || key.empty() ||
          (key.size() > 1 && key[0] == '0') || index >= at->as_array().size()) {
        return nullptr;
      }
      at = &at->as_array()[index];
    } else {
      return nullptr;
    }
    if (next == std::string_view::npos) return at;
    pos = next + 1;
  }
}

}  // namespace v0
}  // namespace pipewright
