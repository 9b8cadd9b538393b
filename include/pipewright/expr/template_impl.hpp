/// @file template_impl.hpp
/// The definitions behind pipewright/expr/template.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <utility>
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/expr/convert.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/semantics/template_scan.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

PIPEWRIGHT_DECL result<std::vector<template_segment>> split_template(std::string_view text,
                                                                     std::size_t span_offset) {
  std::vector<template_segment> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const semantics::expression_span span = semantics::next_expression(text, i);
    if (!span.found()) {
      out.push_back({false, std::string(text.substr(i)), i});
      break;
    }
    const std::size_t open = span.open;
    const std::size_t close = span.close;
    if (open > i) out.push_back({false, std::string(text.substr(i, open - i)), i});
    if (!span.closed()) {
      return make_error(codes::expr_template_not_closed,
                        "The expression is not closed. An unescaped ${{ sequence was found, but "
                        "the closing }} sequence was not found.",
                        source_span{span_offset + open, span_offset + open + 3});
    }
    // GitHub's template reader trims the body with .NET's String.Trim(), which removes
    // every Unicode white-space character (a no-break space too); only the lexer inside is
    // limited to ASCII white space.
    const std::string_view body = detail::trim_spaces(span.body(text));
    const std::size_t b =
        body.empty() ? close : static_cast<std::size_t>(body.data() - text.data());
    const std::size_t e = b + body.size();
    if (b == e) {
      return make_error(codes::expr_template_empty, "An expression was expected",
                        source_span{span_offset + open, span_offset + close + 2});
    }
    out.push_back({true, std::string(text.substr(b, e - b)), b});
    i = span.end();
  }
  return out;
}

PIPEWRIGHT_DECL result<compiled_template> compile_template(std::string_view text,
                                                           const compile_options& options) {
  auto segments = split_template(text, options.span_offset);
  if (!segments) return std::move(segments.diagnostics().front());
  compiled_template t;
  std::vector<diagnostic> errors;
  const bool single = segments->size() == 1 && segments->front().is_expression;
  for (const template_segment& s : *segments) {
    if (!s.is_expression) {
      t.pieces_.emplace_back(false, s.text);
      continue;
    }
    compile_options o = options;
    o.span_offset = options.span_offset + s.begin;
    auto e = compile(s.text, o);
    if (!e) {
      for (auto& d : e.diagnostics()) errors.push_back(std::move(d));
      continue;
    }
    if (e->is_string_literal()) {
      // Folded at parse time, as GitHub's template reader does.
      auto folded = e->evaluate(value());
      t.pieces_.emplace_back(false, std::string(folded->as_string()));
      continue;
    }
    t.pieces_.emplace_back(true, std::string());
    t.expressions_.push_back(std::move(*e));
  }
  if (!errors.empty()) return result<compiled_template>::failure(std::move(errors));
  t.lone_ = single && t.expressions_.size() == 1;
  return t;
}

PIPEWRIGHT_DECL result<std::string> normalize_if(std::string_view text,
                                                 const compile_options& options) {
  auto segments = split_template(text, options.span_offset);
  if (!segments) return std::move(segments.diagnostics().front());
  std::string condition;
  const bool has_expr = [&] {
    for (const auto& s : *segments) {
      if (s.is_expression) return true;
    }
    return false;
  }();
  if (!has_expr) {
    condition = std::string(detail::trim_spaces(text));
  } else if (segments->size() == 1) {
    condition = segments->front().text;
  } else {
    std::string fmt;
    std::string args;
    std::size_t n = 0;
    for (const auto& s : *segments) {
      if (s.is_expression) {
        fmt += "{" + std::to_string(n++) + "}";
        args += ", " + s.text;
        continue;
      }
      for (char c : s.text) {
        if (c == '\'')
          fmt += "''";
        else if (c == '{')
          fmt += "{{";
        else if (c == '}')
          fmt += "}}";
        else
          fmt += c;
      }
    }
    condition = "format('" + fmt + "'" + args + ")";
  }
  if (condition.empty()) return std::string("success()");
  auto e = compile(condition, options);
  if (!e) return std::move(e.diagnostics().front());
  if (e->uses_status_function()) return condition;
  return "success() && (" + condition + ")";
}

PIPEWRIGHT_DECL result<expression> compile_if(std::string_view text,
                                              const compile_options& options) {
  auto condition = normalize_if(text, options);
  if (!condition) return std::move(condition.diagnostics().front());
  compile_options o = options;
  o.span_offset = 0;
  return compile(*condition, o);
}

PIPEWRIGHT_DECL result<value> compiled_template::evaluate_each(const void* self,
                                                               erased_evaluate each) const {
  if (lone_) return each(self, expressions_.front());
  std::string out;
  std::size_t next = 0;
  for (const auto& piece : pieces_) {
    if (!piece.first) {
      out += piece.second;
      continue;
    }
    auto r = each(self, expressions_[next++]);
    if (!r) return r;
    append_string(out, *r);
  }
  return value(std::move(out));
}

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
