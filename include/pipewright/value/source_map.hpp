/// @file source_map.hpp
/// Where each part of a value tree came from in its source text.
///
/// A `source_map` runs parallel to a value tree: node 0 describes the root; the children of
/// an object node describe its members in order (with the span of each key), those of an
/// array node its elements. Loaders fill it (the YAML adapter does); readers walk it in
/// step with the values to put byte spans on their diagnostics. A node reached through a
/// YAML alias is shared, so the map is a DAG and every use of an alias points at the anchor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/value/path.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {

/// The location of one value.
struct source_node {
  source_span span;         ///< the value's own text
  source_span key_span;     ///< for an object member: its key's text; unknown otherwise
  std::uint32_t first = 0;  ///< index of its first child in source_map's child list
  std::uint32_t count = 0;  ///< number of children
};

/// Spans for a value tree; see the file comment.
class source_map {
 public:
  using node_id = std::uint32_t;
  static constexpr node_id none = static_cast<node_id>(-1);

  /// Makes room for `nodes` nodes and as many child links (a loader's estimate).
  void reserve(std::size_t nodes) {
    nodes_.reserve(nodes);
    children_.reserve(nodes);
  }
  /// Adds a node with no children yet; returns its id.
  node_id add(source_span span, source_span key_span = {}) {
    nodes_.push_back(source_node{span, key_span, 0, 0});
    return static_cast<node_id>(nodes_.size() - 1);
  }
  /// Gives `parent` the children `kids`, in order (call once per parent).
  void set_children(node_id parent, std::span<const node_id> kids) {
    nodes_[parent].first = static_cast<std::uint32_t>(children_.size());
    nodes_[parent].count = static_cast<std::uint32_t>(kids.size());
    children_.insert(children_.end(), kids.begin(), kids.end());
  }
  /// Sets where a node's text ends (for containers, known only at their end).
  void set_end(node_id id, std::size_t end) { nodes_[id].span.end = end; }
  /// Sets the key span of a node (for a member that reuses a shared node, see alias()).
  void set_key_span(node_id id, source_span key) { nodes_[id].key_span = key; }
  /// Adds a node that stands for `target` under another key: same span and children.
  node_id alias(node_id target, source_span key_span) {
    source_node copy = nodes_[target];
    copy.key_span = key_span;
    nodes_.push_back(copy);
    return static_cast<node_id>(nodes_.size() - 1);
  }

  [[nodiscard]] bool empty() const noexcept { return nodes_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return nodes_.size(); }
  /// The root's id (0), or none when the map is empty.
  [[nodiscard]] node_id root() const noexcept { return nodes_.empty() ? none : 0; }
  [[nodiscard]] const source_node& operator[](node_id id) const noexcept { return nodes_[id]; }
  /// The `k`-th child of `id`, or none.
  [[nodiscard]] node_id child(node_id id, std::size_t k) const noexcept {
    if (id == none || k >= nodes_[id].count) return none;
    return children_[nodes_[id].first + k];
  }
  /// The span of `id`, or an unknown span for none.
  [[nodiscard]] source_span span(node_id id) const noexcept {
    return id == none ? source_span{} : nodes_[id].span;
  }
  /// The key span of `id`, or an unknown span for none.
  [[nodiscard]] source_span key_span(node_id id) const noexcept {
    return id == none ? source_span{} : nodes_[id].key_span;
  }

  /// A member of an object with its node, as `members()` yields it.
  struct member {
    const std::string& key;
    const value& item;
    node_id node;
  };
  /// The members of `o`, an object whose node is `id`, each with its node:
  /// `for (const auto [key, item, node] : map.members(o, id))`.
  class member_range {
   public:
    class iterator {
     public:
      iterator(const member_range* r, std::size_t k) noexcept : r_(r), k_(k) {}
      member operator*() const noexcept {
        return member{(*r_->o_)[k_].first, (*r_->o_)[k_].second, r_->map_->child(r_->id_, k_)};
      }
      iterator& operator++() noexcept {
        ++k_;
        return *this;
      }
      bool operator==(const iterator& other) const noexcept { return k_ == other.k_; }

     private:
      const member_range* r_;
      std::size_t k_;
    };
    member_range(const source_map& map, const object& o, node_id id) noexcept
        : map_(&map), o_(&o), id_(id) {}
    [[nodiscard]] iterator begin() const noexcept { return iterator(this, 0); }
    [[nodiscard]] iterator end() const noexcept { return iterator(this, o_->size()); }

   private:
    const source_map* map_;
    const object* o_;
    node_id id_;
  };
  [[nodiscard]] member_range members(const object& o, node_id id) const noexcept {
    return member_range(*this, o, id);
  }

  /// The node for `pointer` (a JSON pointer) inside `root`, walking the value tree and the
  /// map together; none when either runs out.
  [[nodiscard]] node_id find(const value& root, std::string_view pointer) const {
    return find(root, this->root(), pointer);
  }
  /// The node for `pointer` inside `at`, a value whose node is `from`.
  [[nodiscard]] node_id find(const value& at, node_id from, std::string_view pointer) const;

 private:
  std::vector<source_node> nodes_;
  std::vector<node_id> children_;
};

inline source_map::node_id source_map::find(const value& start, node_id from,
                                            std::string_view pointer) const {
  node_id id = from;
  const value* at = &start;
  std::size_t pos = 0;
  std::string key;
  while (id != none && pos < pointer.size()) {
    if (pointer[pos] != '/') return none;
    const std::size_t next = pointer.find('/', pos + 1);
    const std::string_view raw = pointer.substr(
        pos + 1, next == std::string_view::npos ? std::string_view::npos : next - pos - 1);
    key.clear();
    append_unescaped_token(key, raw);
    if (at->is_object()) {
      const object& o = at->as_object();
      std::size_t k = 0;
      for (; k < o.size(); ++k) {
        if (detail::iequals(o[k].first, key)) break;
      }
      if (k == o.size()) return none;
      at = &o[k].second;
      id = child(id, k);
    } else if (at->is_array()) {
      std::size_t k = 0;
      for (const char c : key) {
        if (c < '0' || c > '9') return none;
        k = k * 10 + static_cast<std::size_t>(c - '0');
        if (k > at->as_array().size()) return none;
      }
      if (key.empty() || k >= at->as_array().size()) return none;
      at = &at->as_array()[k];
      id = child(id, k);
    } else {
      return none;
    }
    pos = next == std::string_view::npos ? pointer.size() : next;
  }
  return id;
}

}  // namespace v0
}  // namespace pipewright
