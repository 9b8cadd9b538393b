/// @file value.hpp
/// `value`: the dynamic data type of GitHub Actions contexts and expression results.
///
/// A value is null, a Boolean, a number (an IEEE-754 double), a string (UTF-8), an array or
/// an object. Strings, arrays and objects live in reference-counted nodes: copying a value is
/// cheap and shares the node, so arrays and objects have *reference identity*, as GitHub's
/// expression engine expects (`arr == arr` is true, two equal-looking arrays are not the same
/// instance). Use `clone()` for a deep copy. Objects keep insertion order and look keys up
/// case-insensitively; when two keys differ only in case, the first one inserted wins.
///
/// Thread safety: values may be read from several threads at once (reference counts are
/// atomic); mutating an array or object that another thread reads is a data race.
#pragma once

#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"

namespace pipewright {
inline namespace v0 {

/// The six kinds of value.
enum class kind : std::uint8_t { null, boolean, number, string, array, object };

/// The lower-case name of a kind (`"null"`, `"boolean"`, `"number"`, `"string"`, `"array"`,
/// `"object"`), as the JSON Lines contracts print it.
constexpr std::string_view kind_name(kind k) noexcept {
  switch (k) {
    case kind::null: return "null";
    case kind::boolean: return "boolean";
    case kind::number: return "number";
    case kind::string: return "string";
    case kind::array: return "array";
    case kind::object: return "object";
  }
  return "null";
}

class value;
class object;
/// An array of values.
using array = std::vector<value>;

namespace detail {
struct node {
  std::atomic<std::uint32_t> refs{1};
};
struct string_node;
struct array_node;
struct object_node;
}  // namespace detail

/// A JSON-like value with GitHub's object semantics; see the file comment.
class value {
 public:
  constexpr value() noexcept {}
  constexpr value(std::nullptr_t) noexcept {}  // NOLINT(google-explicit-constructor)
  template <class B>
  requires std::same_as<B, bool>
  constexpr value(B b) noexcept : kind_(kind::boolean) {  // NOLINT(google-explicit-constructor)
    u_.b = b;
  }
  constexpr value(double d) noexcept : kind_(kind::number) { u_.n = d; }  // NOLINT
  template <class I>
  requires(std::integral<I> && !std::same_as<I, bool> && !std::same_as<I, char>) value(I i)
  noexcept : kind_(kind::number) {  // NOLINT(google-explicit-constructor)
    u_.n = static_cast<double>(i);
  }
  value(std::string s);       // NOLINT(google-explicit-constructor)
  value(std::string_view s);  // NOLINT(google-explicit-constructor)
  value(const char* s);       // NOLINT(google-explicit-constructor)
  value(array a);             // NOLINT(google-explicit-constructor)
  value(object o);            // NOLINT(google-explicit-constructor)

  value(const value& other) noexcept : kind_(other.kind_), u_(other.u_) { retain(); }
  value(value&& other) noexcept : kind_(other.kind_), u_(other.u_) { other.kind_ = kind::null; }
  value& operator=(const value& other) noexcept {
    value copy(other);
    swap(copy);
    return *this;
  }
  value& operator=(value&& other) noexcept {
    value moved(std::move(other));
    swap(moved);
    return *this;
  }
  ~value() { release(); }

  void swap(value& other) noexcept {
    std::swap(kind_, other.kind_);
    std::swap(u_, other.u_);
  }

  /// A new, empty array.
  static value make_array();
  /// A new array holding `items`.
  static value make_array(std::initializer_list<value> items);
  /// A new, empty object.
  static value make_object();
  /// A new object holding `members` in order (later duplicates, ignoring case, are dropped).
  static value make_object(std::initializer_list<std::pair<std::string_view, value>> members);

  [[nodiscard]] kind type() const noexcept { return kind_; }
  [[nodiscard]] bool is_null() const noexcept { return kind_ == kind::null; }
  [[nodiscard]] bool is_bool() const noexcept { return kind_ == kind::boolean; }
  [[nodiscard]] bool is_number() const noexcept { return kind_ == kind::number; }
  [[nodiscard]] bool is_string() const noexcept { return kind_ == kind::string; }
  [[nodiscard]] bool is_array() const noexcept { return kind_ == kind::array; }
  [[nodiscard]] bool is_object() const noexcept { return kind_ == kind::object; }
  /// True for null, Boolean, number and string.
  [[nodiscard]] bool is_primitive() const noexcept { return kind_ < kind::array; }

  /// The Boolean; false when this is not a Boolean.
  [[nodiscard]] bool as_bool() const noexcept { return is_bool() && u_.b; }
  /// The number; NaN when this is not a number.
  [[nodiscard]] double as_number() const noexcept {
    return is_number() ? u_.n : std::numeric_limits<double>::quiet_NaN();
  }
  /// The string; empty when this is not a string.
  [[nodiscard]] std::string_view as_string() const noexcept;
  /// The array (shared by every copy of this value); an empty array when this is not one.
  [[nodiscard]] const array& as_array() const noexcept;
  /// The array, for changing it in place; a value that is not an array becomes an empty one.
  [[nodiscard]] array& as_array();
  /// The object (shared by every copy of this value); an empty object when this is not one.
  [[nodiscard]] const object& as_object() const noexcept;
  /// The object, for changing it in place; a value that is not an object becomes an empty one.
  [[nodiscard]] object& as_object();

  /// The array, or nullptr when this is not an array.
  [[nodiscard]] const array* if_array() const noexcept {
    return is_array() ? &as_array() : nullptr;
  }
  /// The object, or nullptr when this is not an object.
  [[nodiscard]] const object* if_object() const noexcept {
    return is_object() ? &as_object() : nullptr;
  }

  /// The member `key` (case-insensitive) of an object; null for a missing key or a non-object.
  [[nodiscard]] const value& operator[](std::string_view key) const noexcept;
  /// The element `i` of an array; null when out of range, negative, or not an array.
  template <class I>
  requires(std::integral<I> && !std::same_as<I, bool>) [[nodiscard]] const value& operator[](
      I i) const noexcept {
    if constexpr (std::is_signed_v<I>) {
      if (i < 0) return null_ref();
    }
    return element(static_cast<std::size_t>(i));
  }
  /// The element `i` of an array; null when out of range or not an array.
  [[nodiscard]] const value& element(std::size_t i) const noexcept;
  [[nodiscard]] const value& operator[](const char* key) const noexcept {
    return (*this)[std::string_view(key)];
  }

  /// True when both are the same array or object node (GitHub's reference equality); for
  /// other kinds, false.
  [[nodiscard]] bool same_instance(const value& other) const noexcept {
    return kind_ == other.kind_ && kind_ >= kind::array && u_.p == other.u_.p;
  }

  /// A deep copy: new nodes for every array and object.
  [[nodiscard]] value clone() const;
  /// A one-level copy: a new node for this array or object whose elements are shared with
  /// this one (other kinds: the value itself), with room for `room` more. Members can then be
  /// set or replaced without touching the original; a shared element must not be mutated in
  /// place.
  [[nodiscard]] value shallow_clone(std::size_t room = 0) const;

  /// Structural equality: same kinds, numbers equal (NaN equals NaN), strings byte-equal,
  /// arrays element-wise, objects with the same keys (byte-equal) in the same order.
  friend bool operator==(const value& a, const value& b) noexcept;

  /// The shared null value, for returning references to missing things.
  static const value& null_ref() noexcept;

 private:
  union payload {
    bool b;
    double n;
    detail::node* p;
  };

  void retain() const noexcept {
    if (kind_ >= kind::string) u_.p->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void release() noexcept {
    if (kind_ >= kind::string) release_node();
  }
  void release_node() noexcept;

  kind kind_ = kind::null;
  payload u_{};
};

namespace detail {
// Shared constants (constant-initialized: no guard on use, no initialization order).
inline constinit const value null_value{};
inline constinit const value true_value{true};
inline constinit const value false_value{false};
}  // namespace detail

inline const value& value::null_ref() noexcept {
  return detail::null_value;
}

/// An ordered map from string keys to values with case-insensitive lookup.
///
/// Lookup is linear for small objects and uses a hash index (built on demand) past
/// `index_threshold` members. Iteration is in insertion order.
class object {
 public:
  using entry = std::pair<std::string, value>;
  using const_iterator = std::vector<entry>::const_iterator;
  using iterator = std::vector<entry>::iterator;

  static constexpr std::size_t index_threshold = 8;

  object() = default;

  /// Adds `key` unless a key equal to it ignoring case exists; returns whether it was added.
  bool insert(std::string key, value v) {
    if (find_index(key) != npos) return false;
    entries_.emplace_back(std::move(key), std::move(v));
    note_inserted();
    return true;
  }
  /// Sets the value of `key` (matched ignoring case, keeping the stored spelling) or adds it.
  void insert_or_assign(std::string_view key, value v) {
    const std::size_t at = find_index(key);
    if (at != npos) {
      entries_[at].second = std::move(v);
      return;
    }
    entries_.emplace_back(std::string(key), std::move(v));
    note_inserted();
  }
  /// A key with its case-insensitive hash computed once (`prehash`), for repeated lookups.
  struct hashed_key {
    std::string_view text;
    std::uint64_t hash = 0;
    bool ascii = true;  ///< every byte < 0x80: only same-length ASCII keys can match
  };
  /// `key` with its hash; `key`'s characters must outlive the result.
  [[nodiscard]] static constexpr hashed_key prehash(std::string_view key) noexcept {
    bool ascii = true;
    for (const char c : key) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    return hashed_key{key, detail::ihash(key), ascii};
  }

  /// The value of `key` (ignoring case), or nullptr.
  [[nodiscard]] const value* find(std::string_view key) const noexcept {
    const std::size_t at = find_index(key);
    return at == npos ? nullptr : &entries_[at].second;
  }
  [[nodiscard]] value* find(std::string_view key) noexcept {
    const std::size_t at = find_index(key);
    return at == npos ? nullptr : &entries_[at].second;
  }
  /// The value of a prehashed key (ignoring case), or nullptr; no hashing at lookup time.
  [[nodiscard]] const value* find(const hashed_key& key) const noexcept {
    const std::size_t at = find_index(key);
    return at == npos ? nullptr : &entries_[at].second;
  }
  [[nodiscard]] bool contains(std::string_view key) const noexcept {
    return find_index(key) != npos;
  }

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
  void reserve(std::size_t n) { entries_.reserve(n); }
  [[nodiscard]] const_iterator begin() const noexcept { return entries_.begin(); }
  [[nodiscard]] const_iterator end() const noexcept { return entries_.end(); }
  [[nodiscard]] iterator begin() noexcept { return entries_.begin(); }
  [[nodiscard]] iterator end() noexcept { return entries_.end(); }
  [[nodiscard]] const entry& operator[](std::size_t i) const noexcept { return entries_[i]; }

 private:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // Index slots hold the entry number + 1 in the low 32 bits (0: empty) and the high 32
  // bits of the key's hash, so that a probe compares keys only on a likely match.
  static constexpr std::uint64_t slot_of(std::size_t i, std::uint64_t hash) noexcept {
    return (hash & 0xFFFFFFFF00000000ull) | static_cast<std::uint64_t>(i + 1);
  }

  [[nodiscard]] std::size_t find_index(std::string_view key) const noexcept {
    if (index_.empty()) {
      for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (detail::iequals(entries_[i].first, key)) return i;
      }
      return npos;
    }
    return probe(key, detail::ihash(key));
  }
  [[nodiscard]] std::size_t find_index(const hashed_key& key) const noexcept {
    if (index_.empty()) {
      if (key.ascii) {
        // An ASCII key equals (ignoring case) only an ASCII key of the same length.
        for (std::size_t i = 0; i < entries_.size(); ++i) {
          const std::string& k = entries_[i].first;
          if (k.size() == key.text.size() && detail::iequals(k, key.text)) return i;
        }
        return npos;
      }
      for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (detail::iequals(entries_[i].first, key.text)) return i;
      }
      return npos;
    }
    return probe(key.text, key.hash);
  }
  [[nodiscard]] std::size_t probe(std::string_view key, std::uint64_t hash) const noexcept {
    const std::size_t mask = index_.size() - 1;
    const std::uint64_t tag = hash & 0xFFFFFFFF00000000ull;
    for (std::size_t slot = static_cast<std::size_t>(hash) & mask;; slot = (slot + 1) & mask) {
      const std::uint64_t s = index_[slot];
      if (s == 0) return npos;
      if ((s & 0xFFFFFFFF00000000ull) != tag) continue;
      const std::size_t at = static_cast<std::size_t>(s & 0xFFFFFFFFull) - 1;
      if (detail::iequals(entries_[at].first, key)) return at;
    }
  }
  void note_inserted() {
    if (entries_.size() <= index_threshold) return;
    if (entries_.size() * 2 > index_.size()) {
      rebuild_index();
    } else {
      place(entries_.size() - 1);
    }
  }
  void rebuild_index() {
    std::size_t cap = 32;
    while (cap < entries_.size() * 4) cap *= 2;
    index_.assign(cap, 0);
    for (std::size_t i = 0; i < entries_.size(); ++i) place(i);
  }
  void place(std::size_t i) noexcept {
    const std::size_t mask = index_.size() - 1;
    const std::uint64_t hash = detail::ihash(entries_[i].first);
    std::size_t slot = static_cast<std::size_t>(hash) & mask;
    while (index_[slot] != 0) slot = (slot + 1) & mask;
    index_[slot] = slot_of(i, hash);
  }

  std::vector<entry> entries_;
  std::vector<std::uint64_t> index_;
};

namespace detail {
// The characters follow the node in the same allocation (one allocation per string).
struct string_node : node {
  std::size_t size = 0;

  [[nodiscard]] std::string_view text() const noexcept {
    return {reinterpret_cast<const char*>(this + 1), size};
  }
  static string_node* make(std::string_view s) {
    void* p = ::operator new(sizeof(string_node) + s.size());
    auto* n = ::new (p) string_node();
    n->size = s.size();
    if (!s.empty()) std::memcpy(static_cast<void*>(n + 1), s.data(), s.size());
    return n;
  }
  static void destroy(string_node* n) noexcept {
    n->~string_node();
    ::operator delete(static_cast<void*>(n));
  }
};
struct array_node : node {
  explicit array_node(array a) : items(std::move(a)) {}
  array items;
};
struct object_node : node {
  explicit object_node(object o) : members(std::move(o)) {}
  object members;
};
}  // namespace detail

inline value::value(std::string s) : value(std::string_view(s)) {}
inline value::value(std::string_view s) : kind_(kind::string) {
  u_.p = detail::string_node::make(s);
}
inline value::value(const char* s) : value(std::string_view(s)) {}
inline value::value(array a) : kind_(kind::array) {
  u_.p = new detail::array_node(std::move(a));
}
inline value::value(object o) : kind_(kind::object) {
  u_.p = new detail::object_node(std::move(o));
}

inline void value::release_node() noexcept {
  if (u_.p->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
  switch (kind_) {
    case kind::string: detail::string_node::destroy(static_cast<detail::string_node*>(u_.p)); break;
    case kind::array: delete static_cast<detail::array_node*>(u_.p); break;
    case kind::object: delete static_cast<detail::object_node*>(u_.p); break;
    default: break;
  }
}

namespace detail {
inline const array& empty_array() noexcept {
  static const array a;
  return a;
}
inline const object& empty_object() noexcept {
  static const object o;
  return o;
}
}  // namespace detail

inline std::string_view value::as_string() const noexcept {
  return is_string() ? static_cast<const detail::string_node*>(u_.p)->text() : std::string_view();
}
inline const array& value::as_array() const noexcept {
  return is_array() ? static_cast<const detail::array_node*>(u_.p)->items : detail::empty_array();
}
inline array& value::as_array() {
  if (!is_array()) *this = value(array{});
  return static_cast<detail::array_node*>(u_.p)->items;
}
inline const object& value::as_object() const noexcept {
  return is_object() ? static_cast<const detail::object_node*>(u_.p)->members
                     : detail::empty_object();
}
inline object& value::as_object() {
  if (!is_object()) *this = value(object{});
  return static_cast<detail::object_node*>(u_.p)->members;
}

inline value value::make_array() {
  return value(array{});
}
inline value value::make_array(std::initializer_list<value> items) {
  return value(array(items));
}
inline value value::make_object() {
  return value(object{});
}

inline const value& value::operator[](std::string_view key) const noexcept {
  if (!is_object()) return null_ref();
  const value* v = as_object().find(key);
  return v != nullptr ? *v : null_ref();
}
inline const value& value::element(std::size_t i) const noexcept {
  if (!is_array() || i >= as_array().size()) return null_ref();
  return as_array()[i];
}
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/value/value_impl.hpp"
#endif
