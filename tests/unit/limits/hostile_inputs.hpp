// Generators of hostile inputs shared by the limit tests: each builds, in memory, one input
// that hits one of pipewright's resource limits.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "pipewright/diagnostic.hpp"

namespace pipewright_limits {

/// The "billion laughs" document: ten levels of anchors, each aliasing the previous ten
/// times (10^9 nodes if expanded).
inline std::string billion_laughs() {
  std::string s = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    s += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) s += (k != 0 ? ", " : "") + prev;
    s += "]\n";
  }
  return s;
}

/// `depth` nested flow sequences: `[[[...]]]`.
inline std::string nested_brackets(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

/// An expression of `depth` nested parentheses around `1` (3 bytes per level).
inline std::string nested_expression(std::size_t depth) {
  std::string s;
  for (std::size_t i = 0; i < depth; ++i) s += "(!";
  s += "1";
  s += std::string(depth, ')');
  return s;
}

/// An expression `length` bytes long: `1 || 1 || ...` padded with spaces.
inline std::string long_expression(std::size_t length) {
  std::string s = "1";
  while (s.size() + 5 <= length) s += " || 1";
  s.resize(length, ' ');
  return s;
}

/// format() nested `depth` times, each repeating its argument ten times (10^depth bytes).
inline std::string format_bomb(int depth) {
  std::string e = "'xxxxxxxxxx'";
  for (int i = 0; i < depth; ++i) e = "format('{0}{0}{0}{0}{0}{0}{0}{0}{0}{0}', " + e + ")";
  return e;
}

/// join() whose separator is a 10^depth-byte format() bomb, over a 30-item array.
inline std::string join_bomb(int depth) {
  return "join(fromJSON('[1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10]'), " +
         format_bomb(depth) + ")";
}

/// toJSON() of an array built by fromJSON() from 40 copies of a 100,000-character string.
inline std::string tojson_bomb() {
  std::string items = "{0}";
  for (int i = 1; i < 40; ++i) items += ",{0}";
  return "toJSON(fromJSON(format('[" + items + "]', toJSON(" + format_bomb(4) + "))))";
}

/// A workflow with `jobs` independent jobs.
inline std::string many_jobs(std::size_t jobs) {
  std::string s = "on: push\njobs:\n";
  for (std::size_t i = 0; i < jobs; ++i) {
    s += "  j" + std::to_string(i) + ": {runs-on: x, steps: [{run: a}]}\n";
  }
  return s;
}

/// A workflow whose last job needs every one of `fan_in` other jobs.
inline std::string needs_fan_in(std::size_t fan_in) {
  std::string s = "on: push\njobs:\n";
  std::string needs = "[";
  for (std::size_t i = 0; i < fan_in; ++i) {
    s += "  j" + std::to_string(i) + ": {runs-on: x, steps: [{run: a}]}\n";
    needs += (i != 0 ? ", j" : "j") + std::to_string(i);
  }
  needs += "]";
  s += "  last: {runs-on: x, needs: " + needs + ", steps: [{run: a}]}\n";
  return s;
}

/// A JSON matrix with `axes` axes of two values each (a 2^axes cross product).
inline std::string wide_matrix(std::size_t axes) {
  std::string s = "{";
  for (std::size_t i = 0; i < axes; ++i) {
    s += (i != 0 ? ",\"a" : "\"a") + std::to_string(i) + "\": [0, 1]";
  }
  return s + "}";
}

/// wide_matrix(axes) plus `rules` exclude entries (each removes the combinations where
/// two axes are 1) and `rules` include entries (each adds a key to the legs where one axis
/// is 0): more than 64 of a kind needs multi-word rule masks.
inline std::string wide_matrix_with_rules(std::size_t axes, std::size_t rules) {
  std::string s = wide_matrix(axes);
  s.pop_back();
  s += ",\"exclude\": [";
  for (std::size_t r = 0; r < rules; ++r) {
    const std::size_t a = r % axes;
    const std::size_t b = (r * 7 + 3) % axes;
    s += (r != 0 ? ",{\"a" : "{\"a") + std::to_string(a) + "\": 1, \"a" + std::to_string(b) +
         "\": 1}";
  }
  s += "], \"include\": [";
  for (std::size_t r = 0; r < rules; ++r) {
    s += (r != 0 ? ",{\"a" : "{\"a") + std::to_string(r % axes) + "\": 0, \"k" + std::to_string(r) +
         "\": 1}";
  }
  return s + "]}";
}

/// The codes of `diags`, in order.
inline std::vector<std::string> codes_of(const std::vector<pipewright::diagnostic>& diags) {
  std::vector<std::string> out;
  for (const pipewright::diagnostic& d : diags) out.push_back(d.code);
  return out;
}

}  // namespace pipewright_limits
