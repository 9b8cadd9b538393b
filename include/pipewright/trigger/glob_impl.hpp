/// @file glob_impl.hpp
/// The definitions behind trigger/glob.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/trigger/glob.hpp"

namespace pipewright {
inline namespace v0 {
namespace trigger {

namespace detail {

/// A fixed-size or growable bit set, whichever the pattern needs.
class small_bits {
 public:
  explicit small_bits(std::size_t) noexcept {}
  void clear() noexcept { w_ = 0; }
  void set(std::size_t i) noexcept { w_ |= std::uint64_t{1} << i; }
  [[nodiscard]] bool test(std::size_t i) const noexcept { return ((w_ >> i) & 1u) != 0; }
  [[nodiscard]] bool none() const noexcept { return w_ == 0; }
  void swap(small_bits& o) noexcept { std::swap(w_, o.w_); }

 private:
  std::uint64_t w_ = 0;
};

class large_bits {
 public:
  explicit large_bits(std::size_t n) : w_(n / 64 + 1, 0) {}
  void clear() noexcept {
    for (auto& w : w_) w = 0;
  }
  void set(std::size_t i) noexcept { w_[i / 64] |= std::uint64_t{1} << (i % 64); }
  [[nodiscard]] bool test(std::size_t i) const noexcept {
    return ((w_[i / 64] >> (i % 64)) & 1u) != 0;
  }
  [[nodiscard]] bool none() const noexcept {
    for (const auto w : w_) {
      if (w != 0) return false;
    }
    return true;
  }
  void swap(large_bits& o) noexcept { w_.swap(o.w_); }

 private:
  std::vector<std::uint64_t> w_;
};

inline bool is_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
inline int range_group(char c) noexcept {
  if (c >= 'a' && c <= 'z') return 1;
  if (c >= 'A' && c <= 'Z') return 2;
  if (c >= '0' && c <= '9') return 3;
  return 0;
}

}  // namespace detail

PIPEWRIGHT_DECL bool pattern::matches(std::string_view name) const noexcept {
  if (literal_only_) return name == literal_;
  const std::size_t n = atoms_.size();
  if (name.size() < prefix_ + suffix_) return false;
  for (std::size_t i = 0; i < prefix_; ++i) {
    if (name[i] != atoms_[i].c) return false;
  }
  const std::size_t tail = name.size() - suffix_;
  for (std::size_t i = 0; i < suffix_; ++i) {
    if (name[tail + i] != atoms_[n - suffix_ + i].c) return false;
  }
  const std::string_view middle = name.substr(prefix_, tail - prefix_);
  const std::size_t lo = prefix_;
  const std::size_t hi = n - suffix_;
  if (hi - lo < 63) return run<detail::small_bits>(middle, lo, hi);
  return run<detail::large_bits>(middle, lo, hi);
}

PIPEWRIGHT_DECL bool pattern::test(const detail::atom& a, char c) const noexcept {
  switch (a.k) {
    case detail::atom::kind::literal: return a.c == c;
    case detail::atom::kind::not_slash: return c != '/';
    case detail::atom::kind::any: return true;
    case detail::atom::kind::gate: return false;
    case detail::atom::kind::set: {
      const auto u = static_cast<unsigned char>(c);
      return ((sets_[a.set][u / 64] >> (u % 64)) & 1u) != 0;
    }
  }
  return false;
}

template <class Bits>
void pattern::close(Bits& s, std::size_t lo, std::size_t hi) const noexcept {
  // Skips only go forward, so one ascending pass reaches every state.
  for (std::size_t i = lo; i < hi; ++i) {
    if (!s.test(i - lo)) continue;
    if (atoms_[i].k == detail::atom::kind::gate) {
      s.set(i + 1 - lo);
      s.set(i + atoms_[i].skip - lo);
    } else if (atoms_[i].optional) {
      s.set(i + atoms_[i].skip - lo);
    }
  }
}

template <class Bits>
bool pattern::run(std::string_view s, std::size_t lo, std::size_t hi) const {
  Bits cur(hi - lo + 1);
  Bits next(hi - lo + 1);
  cur.set(0);
  close(cur, lo, hi);
  for (const char c : s) {
    next.clear();
    for (std::size_t i = lo; i < hi; ++i) {
      if (!cur.test(i - lo) || !test(atoms_[i], c)) continue;
      next.set(i + 1 - lo);
      if (atoms_[i].many) next.set(i - lo);
    }
    if (next.none()) return false;
    close(next, lo, hi);
    cur.swap(next);
  }
  return cur.test(hi - lo);
}

PIPEWRIGHT_DECL result<pattern> pattern::compile(std::string_view text) {
  using detail::atom;
  auto fail = [&text](std::size_t at, std::string why) {
    return make_error(codes::trigger_invalid_pattern,
                      "invalid filter pattern '" + std::string(text) + "': " + std::move(why),
                      source_span{at, at + 1});
  };
  if (text.size() > max_pattern_length) {
    return fail(0, "longer than " + std::to_string(max_pattern_length) + " characters");
  }
  if (text.empty()) return fail(0, "the pattern is empty");
  pattern p;
  p.text_ = std::string(text);
  std::size_t i = 0;
  if (text[0] == '!') {
    p.negated_ = true;
    i = 1;
    if (text.size() == 1) return fail(0, "'!' must be followed by a pattern");
  }
  bool quantifiable = false;  // the previous atom is a literal or a class
  while (i < text.size()) {
    const char c = text[i];
    if (c == '*') {
      if (i + 1 < text.size() && text[i + 1] == '*') {
        if (i + 2 < text.size() && text[i + 2] == '/') {
          // `**/` is `(.+/)?`: a gate that enters or jumps over "one or more of anything,
          // then `/`" (the loop must not skip the `/` once inside).
          p.atoms_.push_back(atom{atom::kind::gate, 0, false, false, false, 3, 0});
          p.atoms_.push_back(atom{atom::kind::any, 0, false, true, true, 1, 0});
          p.atoms_.push_back(atom{atom::kind::literal, '/', false, false, true, 1, 0});
          i += 3;
        } else {
          p.atoms_.push_back(atom{atom::kind::any, 0, true, true, false, 1, 0});
          i += 2;
        }
      } else {
        p.atoms_.push_back(atom{atom::kind::not_slash, 0, true, true, false, 1, 0});
        ++i;
      }
      quantifiable = false;
      continue;
    }
    if (c == '?' || c == '+') {
      if (!quantifiable) {
        return fail(
            i, std::string("'") + c + "' must follow a character or a [...] class it applies to");
      }
      if (c == '?') {
        p.atoms_.back().optional = true;
      } else {
        p.atoms_.back().many = true;
      }
      quantifiable = false;
      ++i;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= text.size()) return fail(i, "'\\' at the end escapes nothing");
      p.atoms_.push_back(atom{atom::kind::literal, text[i + 1], false, false, false, 1, 0});
      i += 2;
      quantifiable = true;
      continue;
    }
    if (c == '[') {
      std::array<std::uint64_t, 4> bits{};
      std::size_t j = i + 1;
      bool any_member = false;
      while (j < text.size() && text[j] != ']') {
        char first = text[j];
        if (first == '\\' && j + 1 < text.size()) first = text[++j];
        if (j + 2 < text.size() && text[j + 1] == '-' && text[j + 2] != ']') {
          char last = text[j + 2];
          const std::size_t last_at = j + 2;
          if (last == '\\' && j + 3 < text.size()) last = text[j + 3];
          if (!detail::is_alnum(first) || detail::range_group(first) != detail::range_group(last)) {
            return fail(j, "a range must stay inside a-z, A-Z or 0-9");
          }
          if (last < first) return fail(j, "the range is reversed");
          for (int ch = first; ch <= last; ++ch) {
            const auto u = static_cast<unsigned>(ch);
            bits[u / 64] |= std::uint64_t{1} << (u % 64);
          }
          j = last_at + (text[last_at] == '\\' ? 2 : 1);
        } else {
          const auto u = static_cast<unsigned char>(first);
          bits[u / 64] |= std::uint64_t{1} << (u % 64);
          ++j;
        }
        any_member = true;
      }
      if (j >= text.size()) return fail(i, "'[' is not closed");
      if (!any_member) return fail(i, "'[]' is empty");
      p.sets_.push_back(bits);
      p.atoms_.push_back(atom{atom::kind::set, 0, false, false, false, 1,
                              static_cast<std::uint32_t>(p.sets_.size() - 1)});
      i = j + 1;
      quantifiable = true;
      continue;
    }
    p.atoms_.push_back(atom{atom::kind::literal, c, false, false, false, 1, 0});
    ++i;
    quantifiable = true;
  }
  // A plain literal prefix and suffix are checked before the NFA runs.
  auto plain = [](const atom& a) {
    return a.k == atom::kind::literal && !a.optional && !a.many && !a.in_group;
  };
  const std::size_t n = p.atoms_.size();
  while (p.prefix_ < n && plain(p.atoms_[p.prefix_])) ++p.prefix_;
  if (p.prefix_ == n) {
    p.literal_only_ = true;
    for (const atom& a : p.atoms_) p.literal_ += a.c;
    return p;
  }
  while (p.suffix_ < n - p.prefix_ && plain(p.atoms_[n - 1 - p.suffix_])) ++p.suffix_;
  return p;
}

PIPEWRIGHT_DECL result<pattern_list> pattern_list::compile(
    std::initializer_list<std::string_view> texts) {
  std::vector<std::string> v(texts.begin(), texts.end());
  return compile(std::span<const std::string>(v));
}

PIPEWRIGHT_DECL verdict pattern_list::evaluate(std::string_view name) const noexcept {
  verdict v;
  for (std::size_t i = patterns_.size(); i-- > 0;) {
    if (patterns_[i].matches(name)) {
      v.included = !patterns_[i].negated();
      v.decided_by = i;
      return v;
    }
  }
  return v;
}

PIPEWRIGHT_DECL result<pattern_list> pattern_list::compile(std::span<const std::string> texts) {
  pattern_list out;
  std::vector<diagnostic> errors;
  bool positive = false;
  bool negative = false;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto p = pattern::compile(texts[i]);
    if (!p) {
      for (diagnostic& d : p.diagnostics()) {
        d.path = "/" + std::to_string(i);
        errors.push_back(std::move(d));
      }
      continue;
    }
    (p->negated() ? negative : positive) = true;
    out.patterns_.push_back(std::move(*p));
  }
  if (!errors.empty()) return result<pattern_list>::failure(std::move(errors));
  if (negative && !positive) {
    // GitHub accepts the list; it never matches. A warning, with the list kept.
    return result<pattern_list>::success(
        std::move(out), {make_warning(codes::trigger_negation_only,
                                      "the list has only '!' patterns, so nothing can match; add "
                                      "a positive pattern or use the -ignore form")});
  }
  return out;
}

}  // namespace trigger
}  // namespace v0
}  // namespace pipewright
