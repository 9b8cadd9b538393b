/// @file value_impl.hpp
/// The definitions behind value/value.hpp (documented there): included by it in the
/// header-only mode, compiled once into the compiled library with
/// PIPEWRIGHT_SEPARATE_COMPILATION.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {

PIPEWRIGHT_DECL value
value::make_object(std::initializer_list<std::pair<std::string_view, value>> members) {
  object o;
  o.reserve(members.size());
  for (const auto& m : members) o.insert(std::string(m.first), m.second);
  return value(std::move(o));
}

PIPEWRIGHT_DECL value value::clone() const {
  switch (kind_) {
    case kind::array: {
      array out;
      out.reserve(as_array().size());
      for (const value& v : as_array()) out.push_back(v.clone());
      return value(std::move(out));
    }
    case kind::object: {
      object out;
      out.reserve(as_object().size());
      for (const auto& [k, v] : as_object()) out.insert(k, v.clone());
      return value(std::move(out));
    }
    default: return *this;
  }
}

PIPEWRIGHT_DECL value value::shallow_clone(std::size_t room) const {
  switch (kind_) {
    case kind::array: {
      array out;
      out.reserve(as_array().size() + room);
      out.insert(out.end(), as_array().begin(), as_array().end());
      return value(std::move(out));
    }
    case kind::object: {
      object out = as_object();
      out.reserve(out.size() + room);
      return value(std::move(out));
    }
    default: return *this;
  }
}

PIPEWRIGHT_DECL bool operator==(const value& a, const value& b) noexcept {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case kind::null: return true;
    case kind::boolean: return a.u_.b == b.u_.b;
    case kind::number:
      return a.u_.n == b.u_.n || (a.u_.n != a.u_.n && b.u_.n != b.u_.n);  // NaN == NaN here
    case kind::string: return a.as_string() == b.as_string();
    case kind::array: {
      if (a.u_.p == b.u_.p) return true;
      const array& x = a.as_array();
      const array& y = b.as_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!(x[i] == y[i])) return false;
      }
      return true;
    }
    case kind::object: {
      if (a.u_.p == b.u_.p) return true;
      const object& x = a.as_object();
      const object& y = b.as_object();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i].first != y[i].first || !(x[i].second == y[i].second)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace v0
}  // namespace pipewright
