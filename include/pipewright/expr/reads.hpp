/// @file reads.hpp
/// What a compiled expression reads of its contexts: for each context, all of it or only the
/// members that chains of `.name` reach (`github.event.ref` reads `github`'s `event`'s `ref`).
/// Readers use it to build or read only what an expression looks at (the JSON Lines
/// evaluator reads only those members of a line; the planner shares a leg's name among the
/// legs whose read members are the same).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/expr/expression.hpp"

namespace pipewright {
inline namespace v0 {
namespace expr {

/// What expressions read of one context: all of it (`whole`), or only the members that
/// chains of `.name` reach (`github.event.ref` reads github's `event`'s `ref`).
struct read_tree {
  std::string_view key;  ///< the member's name (in a parent's `members`)
  bool whole = false;
  std::vector<read_tree> members;

  read_tree& member(std::string_view name) {
    for (read_tree& m : members) {
      if (pipewright::detail::iequals(m.key, name)) return m;
    }
    members.push_back(read_tree{name, false, {}});
    return members.back();
  }
};

/// Adds to `trees` (one per context slot) what `e` reads; names view `e`'s text.
inline void add_reads(const expr::expression& e, std::vector<read_tree>& trees) {
  const std::span<const expr::node> nodes = e.nodes();
  const std::string_view text = e.text();
  // up[x]: the `.name` index node whose base x is (-1: x is used some other way).
  std::vector<std::int32_t> up(nodes.size(), -1);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const expr::node& n = nodes[i];
    if (n.kind != expr::node_kind::index || n.a < 0 || n.b < 0) continue;
    const expr::node& key = nodes[static_cast<std::size_t>(n.b)];
    // A bare property name: its token is the key, as written.
    if (key.kind == expr::node_kind::string_literal && key.flag && key.end <= text.size()) {
      up[static_cast<std::size_t>(n.a)] = static_cast<std::int32_t>(i);
    }
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].kind != expr::node_kind::context || nodes[i].ref >= trees.size()) continue;
    read_tree* t = &trees[nodes[i].ref];
    std::size_t x = i;
    while (!t->whole && up[x] >= 0) {
      x = static_cast<std::size_t>(up[x]);
      const expr::node& key = nodes[static_cast<std::size_t>(nodes[x].b)];
      t = &t->member(text.substr(key.begin, key.end - key.begin));
    }
    t->whole = true;
    t->members.clear();
  }
}

/// Shares the result of evaluating expressions among calls whose contexts differ only in
/// `varying` contexts of which the expressions read named members: a job's legs differ only
/// in `matrix` and `strategy`, so a name template that reads `matrix.os` gives one result
/// per value of `os`. The key of a call is the values of the members read; a call whose key
/// is an earlier call's gets its result. Shares nothing (evaluates every time) when an
/// expression reads all of a varying context, or reads it other than by `.name` chains,
/// when a member read is an array or an object (their identity can tell apart two equal
/// ones), or after `max_results` different keys. `T`: the result's type.
template <class T>
class shared_results {
 public:
  static constexpr std::size_t max_results = 16;

  /// Shares nothing.
  shared_results() = default;
  /// For `expressions` (each compiled with its context names) and the names of the contexts
  /// that differ between calls.
  shared_results(std::span<const expression> expressions,
                 std::span<const std::string_view> varying) {
    on_ = !expressions.empty();
    for (const expression& e : expressions) {
      std::vector<read_tree> trees(e.context_names().size());
      add_reads(e, trees);
      for (std::size_t slot = 0; slot < trees.size() && on_; ++slot) {
        const read_tree& t = trees[slot];
        if (!t.whole && t.members.empty()) continue;  // not read
        bool varies = false;
        for (const std::string_view v : varying) {
          varies = varies || pipewright::detail::iequals(e.context_names()[slot], v);
        }
        if (!varies) continue;
        if (t.whole) {
          on_ = false;
          break;
        }
        for (const read_tree& m : t.members) {
          const std::string_view context = e.context_names()[slot];
          reads_.push_back(read{std::string(context), std::string(m.key), object::prehash(context),
                                object::prehash(m.key)});
        }
      }
      if (!on_) break;
    }
    if (!on_) reads_.clear();
  }

  /// `make()`'s result for `contexts` (an object of context name to value), shared with an
  /// earlier call that read the same values.
  template <class Make>
  T get(const value& contexts, Make&& make) {
    return get_from([&](const read& r) { return member_of(contexts, r.context, r.context_key); },
                    make);
  }
  /// get(), each varying context given by `context(name)` (a `const value&`) instead of an
  /// object of contexts.
  template <class Context, class Make>
  T get_with(Context&& context, Make&& make) {
    return get_from(
        [&](const read& r) -> const value* { return &context(std::string_view(r.context)); }, make);
  }
  /// True while results are shared (for tests).
  [[nodiscard]] bool sharing() const noexcept { return on_; }

 private:
  struct read;
  template <class ContextOf, class Make>
  T get_from(ContextOf&& context_of, Make&& make) {
    if (!on_) return make();
    key_.clear();
    for (const read& r : reads_) {
      const value* v = context_of(r);
      v = v != nullptr ? member_of(*v, r.member, r.member_key) : nullptr;
      if (v != nullptr && (v->is_array() || v->is_object())) return make();
      key_.push_back(v);
    }
    for (const entry& e : entries_) {
      if (same_key(e.key)) return e.result;
    }
    T out = make();
    if (entries_.size() == max_results) {
      on_ = false;  // too many different keys to be worth it
      entries_.clear();
      return out;
    }
    entry e;
    e.key.reserve(key_.size());
    for (const value* v : key_) e.key.push_back(v != nullptr ? *v : value());
    e.result = out;
    entries_.push_back(std::move(e));
    return out;
  }

  struct read {
    std::string context;
    std::string member;
    object::hashed_key context_key;  // their hashes (the text is taken from the strings)
    object::hashed_key member_key;
  };
  struct entry {
    std::vector<value> key;
    T result;
  };
  static const value* member_of(const value& v, const std::string& name,
                                object::hashed_key key) noexcept {
    const object* o = v.if_object();
    key.text = name;  // the string's own characters: a moved read keeps its hash only
    return o != nullptr ? o->find(key) : nullptr;
  }
  [[nodiscard]] bool same_key(const std::vector<value>& key) const noexcept {
    for (std::size_t i = 0; i < key.size(); ++i) {
      const value& now = key_[i] != nullptr ? *key_[i] : value::null_ref();
      if (!(now == key[i])) return false;
    }
    return true;
  }

  bool on_ = false;
  std::vector<read> reads_;
  std::vector<const value*> key_;
  std::vector<entry> entries_;
};

}  // namespace expr
}  // namespace v0
}  // namespace pipewright
