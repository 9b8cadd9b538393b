/// @file expressions.hpp
/// Where lint's expression checks find expressions: every string scalar of a loaded document
/// (its `${{ }}`), and the `if:` values, which are expressions without `${{ }}`; and the
/// source span of a name found in one of them. Shared by check/names.hpp (PW0909) and
/// check/contexts.hpp (PW0910-PW0917).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/value/document.hpp"
#include "pipewright/value/path.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace lint {
namespace detail {

/// Calls `visit(text, span, path, is_if)` for every string scalar of `doc` in document
/// order: its text, its source span, its JSON-pointer path, and whether its key is `if`.
/// The path is one buffer, grown and cut back along the walk: valid only during the call.
template <class Visit>
void for_each_string(const document& doc, Visit&& visit) {
  struct walker {
    const document& doc;
    Visit& visit;
    std::string path;
    void walk(const value& v, source_map::node_id node, bool is_if) {
      if (v.is_string()) {
        visit(v.as_string(), doc.map.span(node), static_cast<const std::string&>(path), is_if);
        return;
      }
      const std::size_t length = path.size();
      std::size_t k = 0;
      if (v.is_object()) {
        for (const auto& [key, child] : v.as_object()) {
          path += '/';
          append_pointer_token(path, key);
          walk(child, doc.map.child(node, k++), key == "if");
          path.resize(length);
        }
      } else if (v.is_array()) {
        for (const value& child : v.as_array()) {
          path += '/';
          path += std::to_string(k);
          walk(child, doc.map.child(node, k), false);
          path.resize(length);
          ++k;
        }
      }
    }
  };
  walker{doc, visit, {}}.walk(doc.root, doc.map.root(), false);
}

/// The source span of `name`, found at offset `at` (length `length`) of the text of the
/// scalar at `scalar`: exact for plain scalars; otherwise its first occurrence inside the
/// scalar's source text, or the scalar.
inline source_span name_span(std::string_view source, source_span scalar, std::size_t at,
                             std::size_t length, std::string_view name) {
  if (!scalar.known() || scalar.end > source.size() || name.empty()) return scalar;
  const std::size_t guess = scalar.begin + at;
  if (guess + length <= scalar.end) {
    const std::size_t found = source.substr(guess, length).find(name);
    if (found != std::string_view::npos) return {guess + found, guess + found + name.size()};
  }
  const std::string_view text = source.substr(scalar.begin, scalar.end - scalar.begin);
  const std::size_t found = text.find(name);
  if (found == std::string_view::npos) return scalar;
  return {scalar.begin + found, scalar.begin + found + name.size()};
}

}  // namespace detail
}  // namespace lint
}  // namespace v0
}  // namespace pipewright
