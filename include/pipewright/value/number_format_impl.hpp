/// @file number_format_impl.hpp
/// The definitions behind pipewright/value/number_format.hpp (documented there): included by it in
/// the header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <charconv>
#include <cmath>
#include <system_error>

#include "pipewright/value/number_format.hpp"

namespace pipewright {
inline namespace v0 {

PIPEWRIGHT_DECL std::size_t format_number(double v, char* buf, number_style style) noexcept {
  char* const start = buf;
  auto put = [&buf](const char* s) {
    while (*s != '\0') *buf++ = *s++;
  };
  if (std::isnan(v)) {
    put("NaN");
    return static_cast<std::size_t>(buf - start);
  }
  if (std::isinf(v)) {
    put(v < 0 ? "-Infinity" : "Infinity");
    return static_cast<std::size_t>(buf - start);
  }
  if (v == 0) {
    *buf++ = '0';
    return 1;
  }
  if (style == number_style::g15) {
    const auto r = std::to_chars(buf, buf + number_buffer_size, v, std::chars_format::general, 15);
    for (char* p = buf; p != r.ptr; ++p) {
      if (*p == 'e') *p = 'E';
    }
    return static_cast<std::size_t>(r.ptr - start);
  }
  // Shortest round-trip digits in scientific form, then laid out as ECMAScript does.
  char sci[number_buffer_size];
  const auto r = std::to_chars(sci, sci + sizeof(sci), v, std::chars_format::scientific);
  const char* p = sci;
  if (*p == '-') {
    *buf++ = '-';
    ++p;
  }
  char digits[24];
  int k = 0;
  for (; p != r.ptr && *p != 'e'; ++p) {
    if (*p != '.') digits[k++] = *p;
  }
  int exp10 = 0;
  bool neg_exp = false;
  if (p != r.ptr) {
    ++p;  // 'e'
    if (*p == '-' || *p == '+') neg_exp = (*p++ == '-');
    for (; p != r.ptr; ++p) exp10 = exp10 * 10 + (*p - '0');
  }
  if (neg_exp) exp10 = -exp10;
  const int n = exp10 + 1;
  if (k <= n && n <= 21) {
    for (int i = 0; i < k; ++i) *buf++ = digits[i];
    for (int i = k; i < n; ++i) *buf++ = '0';
  } else if (0 < n && n <= 21) {
    for (int i = 0; i < n; ++i) *buf++ = digits[i];
    *buf++ = '.';
    for (int i = n; i < k; ++i) *buf++ = digits[i];
  } else if (-6 < n && n <= 0) {
    *buf++ = '0';
    *buf++ = '.';
    for (int i = 0; i < -n; ++i) *buf++ = '0';
    for (int i = 0; i < k; ++i) *buf++ = digits[i];
  } else {
    *buf++ = digits[0];
    if (k > 1) {
      *buf++ = '.';
      for (int i = 1; i < k; ++i) *buf++ = digits[i];
    }
    *buf++ = 'e';
    const int e = n - 1;
    *buf++ = e < 0 ? '-' : '+';
    const auto er = std::to_chars(buf, buf + 8, e < 0 ? -e : e);
    buf = er.ptr;
  }
  return static_cast<std::size_t>(buf - start);
}

PIPEWRIGHT_DECL std::string format_number(double v, number_style style) {
  char buf[number_buffer_size];
  return std::string(buf, format_number(v, buf, style));
}

}  // namespace v0
}  // namespace pipewright
