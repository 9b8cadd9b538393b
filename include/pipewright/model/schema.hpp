/// @file schema.hpp
/// A small schema engine in the manner of GitHub's workflow parser: definitions (null,
/// Boolean, number, string with a constant / non-empty / allowed values, sequence, mapping
/// with properties and loose keys, one-of), the contexts and functions each allows
/// (inherited by its children), and a validator that walks a value tree and its
/// source_map and reports GitHub's structural errors at the right spans.
///
/// The validator reports, as GitHub does: "Unexpected value 'X'" (PW0401), "A mapping was
/// not expected" / "A sequence was not expected" (PW0402), "Required property is missing: X"
/// (PW0403), "There's not enough info to determine what you meant…" (PW0404), "A template
/// expression is not allowed in this context" (PW0405), "Maximum object depth exceeded"
/// (PW0412), and every `${{ }}` syntax or context error (PW02xx) located inside the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/expr/template.hpp"
#include "pipewright/semantics/contexts.hpp"
#include "pipewright/semantics/template_scan.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace model {
namespace schema {

/// The contexts and special functions an expression may use, as a bit set.
using context_set = std::uint32_t;

/// One bit per standard context and special function: semantics/contexts.hpp's layout, so a
/// row of the availability table (semantics::context_bits::of_key) is a context_set.
namespace ctx {
namespace bits = semantics::context_bits;
inline constexpr context_set github = bits::of("github");
inline constexpr context_set env = bits::of("env");
inline constexpr context_set vars = bits::of("vars");
inline constexpr context_set job = bits::of("job");
inline constexpr context_set jobs = bits::of("jobs");
inline constexpr context_set steps = bits::of("steps");
inline constexpr context_set runner = bits::of("runner");
inline constexpr context_set secrets = bits::of("secrets");
inline constexpr context_set strategy = bits::of("strategy");
inline constexpr context_set matrix = bits::of("matrix");
inline constexpr context_set needs = bits::of("needs");
inline constexpr context_set inputs = bits::of("inputs");
/// success(), failure(), cancelled(), always().
inline constexpr context_set status_functions = bits::status_functions;
/// hashFiles().
inline constexpr context_set hash_files = bits::hash_files;
/// success() and failure() take job names (`success('build')`): a job-level `if:`.
inline constexpr context_set status_function_args = bits::status_function_args;
/// The context of each bit, lowest first.
inline constexpr const auto& names = semantics::standard_contexts;
}  // namespace ctx

/// What a definition accepts.
enum class kind : std::uint8_t { null, boolean, number, string, sequence, mapping, one_of, any };

/// A named property of a mapping definition.
struct property {
  std::string_view name;
  std::string_view type;  ///< a definition name
  bool required = false;
};

/// One schema definition. Use the constexpr helpers below to write tables.
struct definition {
  std::string_view name;
  schema::kind kind = schema::kind::any;
  context_set contexts = 0;  ///< added to those inherited from the parent
  // string
  std::string_view constant{};
  bool non_empty = false;
  std::span<const std::string_view> allowed_values{};
  /// A string definition that also accepts a sequence of such strings.
  bool or_sequence = false;
  /// A mapping (or string) definition that also accepts null.
  bool nullable = false;
  // sequence
  std::string_view item_type{};
  // mapping
  std::span<const property> properties{};
  std::string_view loose_key{};
  std::string_view loose_value{};
  // one-of
  std::span<const std::string_view> one_of{};
};

/// @name Table helpers
/// @{
constexpr definition null_def(std::string_view name) {
  definition d;
  d.name = name;
  d.kind = kind::null;
  return d;
}
constexpr definition boolean_def(std::string_view name, context_set c = 0) {
  definition d;
  d.name = name;
  d.kind = kind::boolean;
  d.contexts = c;
  return d;
}
constexpr definition number_def(std::string_view name, context_set c = 0) {
  definition d;
  d.name = name;
  d.kind = kind::number;
  d.contexts = c;
  return d;
}
constexpr definition string_def(std::string_view name, context_set c = 0, bool non_empty = false) {
  definition d;
  d.name = name;
  d.kind = kind::string;
  d.contexts = c;
  d.non_empty = non_empty;
  return d;
}
constexpr definition constant_def(std::string_view name, std::string_view constant) {
  definition d;
  d.name = name;
  d.kind = kind::string;
  d.constant = constant;
  return d;
}
/// A string from a fixed list, or (when `or_sequence`) a sequence of them.
constexpr definition allowed_def(std::string_view name, std::span<const std::string_view> values,
                                 bool or_sequence = false) {
  definition d;
  d.name = name;
  d.kind = kind::string;
  d.allowed_values = values;
  d.or_sequence = or_sequence;
  return d;
}
constexpr definition sequence_def(std::string_view name, std::string_view item, context_set c = 0) {
  definition d;
  d.name = name;
  d.kind = kind::sequence;
  d.item_type = item;
  d.contexts = c;
  return d;
}
constexpr definition mapping_def(std::string_view name, std::span<const property> props,
                                 context_set c = 0, bool nullable = false) {
  definition d;
  d.name = name;
  d.kind = kind::mapping;
  d.properties = props;
  d.contexts = c;
  d.nullable = nullable;
  return d;
}
constexpr definition loose_mapping_def(std::string_view name, std::string_view key,
                                       std::string_view value_type, context_set c = 0,
                                       std::span<const property> props = {}) {
  definition d;
  d.name = name;
  d.kind = kind::mapping;
  d.loose_key = key;
  d.loose_value = value_type;
  d.contexts = c;
  d.properties = props;
  return d;
}
constexpr definition one_of_def(std::string_view name, std::span<const std::string_view> alts,
                                context_set c = 0) {
  definition d;
  d.name = name;
  d.kind = kind::one_of;
  d.one_of = alts;
  d.contexts = c;
  return d;
}
constexpr definition any_def(std::string_view name) {
  definition d;
  d.name = name;
  d.kind = kind::any;
  return d;
}
/// @}

/// True when every name a table refers to is defined in it. The workflow schema is checked by
/// a unit test, not a `static_assert`: evaluated at include time, the check cost every
/// translation unit 1.2 G instructions of g++ (6% of the umbrella header; docs/performance.md).
constexpr bool references_resolve(std::span<const definition> defs) {
  auto has = [&](std::string_view n) {
    if (n.empty()) return true;
    for (const definition& d : defs) {
      if (d.name == n) return true;
    }
    return false;
  };
  for (const definition& d : defs) {
    if (!has(d.item_type) || !has(d.loose_key) || !has(d.loose_value)) return false;
    for (const property& p : d.properties) {
      if (p.type.empty() || !has(p.type)) return false;
    }
    for (std::string_view alt : d.one_of) {
      if (alt.empty() || !has(alt)) return false;
    }
  }
  return true;
}

/// A definition table with its names resolved to indexes, ready for validation.
class compiled_schema {
 public:
  using index = std::uint16_t;
  static constexpr index none = static_cast<index>(-1);

  /// Resolves `defs`; names that are not defined resolve to `none` (treated as "any").
  explicit compiled_schema(std::span<const definition> defs);

  /// The definition named `name`, or none.
  [[nodiscard]] index find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < defs_.size(); ++i) {
      if (defs_[i].name == name) return static_cast<index>(i);
    }
    return none;
  }
  [[nodiscard]] const definition& operator[](index i) const noexcept { return defs_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return defs_.size(); }

  /// Resolved links of one definition.
  struct node {
    index item = none;
    index loose_key = none;
    index loose_value = none;
    std::vector<index> property_types;
    std::vector<index> alternatives;
    std::vector<index> leaves;  ///< non-one-of definitions reachable through one-of
    context_set leaf_contexts = 0;
    bool has_any = false;
  };
  [[nodiscard]] const node& links(index i) const noexcept { return nodes_[i]; }

 private:
  std::span<const definition> defs_;
  std::vector<node> nodes_;
};

/// Compile options for the expressions of a key that allows `contexts`.
PIPEWRIGHT_DECL expr::compile_options compile_options_for(context_set contexts);

/// The text GitHub shows for a literal in "Unexpected value 'X'".
PIPEWRIGHT_DECL std::string literal_text(const value& v);

/// Longest text with `${{ }}` GitHub accepts (its expression length limit).
inline constexpr std::size_t max_template_length = 21000;

/// Where the characters of a scalar's text start in the source, when they appear there
/// verbatim (plain or quoted without escapes); npos otherwise.
PIPEWRIGHT_DECL std::size_t verbatim_offset(std::string_view source, source_span span,
                                            std::string_view text) noexcept;

/// Compiles the `${{ }}` of a string scalar with `contexts`, putting its diagnostics at
/// their place in `source` (or at the scalar's span when its text is not verbatim there).
PIPEWRIGHT_DECL result<expr::compiled_template> compile_scalar(
    std::string_view text, context_set contexts, std::string_view source, source_span span,
    const std::string& path = {}, const std::vector<expr::user_function>* functions = nullptr);

/// The `${{ }}` scalars the validator compiled, by map node and context set, so that the
/// workflow reader reuses them instead of compiling every template a second time. Entries
/// are appended as the validator walks the tree; find() sorts them on first use.
class template_cache {
 public:
  using pointer = std::shared_ptr<const expr::compiled_template>;

  /// Keeps `t`, compiled from node `n`'s scalar with `contexts` (nodes without an id are
  /// not kept: they cannot be told apart).
  void put(source_map::node_id n, context_set contexts, pointer t) {
    if (n == source_map::none) return;
    entries_.push_back({n, contexts, std::move(t)});
    sorted_ = false;
  }
  /// The template compiled from node `n` with `contexts`, or null.
  [[nodiscard]] pointer find(source_map::node_id n, context_set contexts);

 private:
  struct entry {
    source_map::node_id node = source_map::none;
    context_set contexts = 0;
    pointer t;
  };
  std::vector<entry> entries_;
  bool sorted_ = true;
};

/// True for a mapping key that is exactly GitHub's `${{ insert }}` directive.
constexpr bool is_insert_directive(std::string_view key) noexcept {
  if (!semantics::is_whole_expression(key)) return false;
  std::string_view body = semantics::next_expression(key).body(key);
  while (!body.empty() && (body.front() == ' ' || body.front() == '\t')) body.remove_prefix(1);
  while (!body.empty() && (body.back() == ' ' || body.back() == '\t')) body.remove_suffix(1);
  return body == "insert";
}

/// Options of the validator.
struct validate_options {
  /// Deepest nesting of mappings and sequences (GitHub's parser: 50); PW0412 beyond.
  std::size_t max_depth = 50;
  /// Functions added by the host (the function-set policy), callable in every expression
  /// besides GitHub's built-ins.
  std::vector<expr::user_function> functions{};
};

/// Walks a value tree against a schema and collects GitHub's diagnostics.
class validator {
 public:
  /// `cache`, when given, receives every template of a scalar value that compiled.
  validator(const compiled_schema& s, const source_map& map, std::string_view source,
            std::vector<diagnostic>& out, validate_options options = {},
            template_cache* cache = nullptr)
      : s_(s), map_(map), source_(source), out_(out), options_(options), cache_(cache) {}

  /// Validates `v` (at map node `n`) against definition `def`, with `inherited` contexts.
  void validate(const value& v, source_map::node_id n, compiled_schema::index def,
                context_set inherited = 0) {
    path_.clear();
    read(v, n, def, inherited, 0);
  }

 private:
  using index = compiled_schema::index;

  [[nodiscard]] context_set contexts_of(index def, context_set inherited) const noexcept {
    if (def == compiled_schema::none) return inherited;
    return inherited | s_[def].contexts | s_.links(def).leaf_contexts;
  }
  [[nodiscard]] source_span span_of(source_map::node_id n) const noexcept { return map_.span(n); }

  void error(std::string_view code, std::string message, source_span span) {
    out_.push_back(make_error(code, std::move(message), span, path_));
  }

  void read(const value& v, source_map::node_id n, index def, context_set inherited,
            std::size_t depth);

  /// Checks a literal against the scalar leaves of `def`.
  [[nodiscard]] bool literal_matches(const value& v, index def) const;

  [[nodiscard]] bool matches(const value& v, index leaf) const;

  void read_scalar(const value& v, source_map::node_id n, index def, context_set contexts,
                   bool any);

  void read_mapping(const object& o, source_map::node_id n, index def, context_set contexts,
                    std::size_t depth, bool any);

  void append_pointer_key(std::string_view key) {
    for (const char c : key) {
      if (c == '~') {
        path_ += "~0";
      } else if (c == '/') {
        path_ += "~1";
      } else {
        path_ += c;
      }
    }
  }

  const compiled_schema& s_;
  const source_map& map_;
  std::string_view source_;
  std::vector<diagnostic>& out_;
  validate_options options_;
  template_cache* cache_ = nullptr;
  std::string path_;
};

}  // namespace schema
}  // namespace model
}  // namespace v0
}  // namespace pipewright

#if PIPEWRIGHT_HEADER_ONLY
#include "pipewright/model/schema_impl.hpp"
#endif
