/// @file yaml.hpp
/// The optional YAML adapter: YAML text to a `value` tree with byte spans, on libyaml.
///
/// Available only through the CMake target `pipewright::yaml` (meson: `pipewright-yaml`),
/// which links libyaml (pkg-config `yaml-0.1`). GitHub's rules:
/// - plain scalars follow the YAML 1.2 core schema: `on`, `yes`, `no`, `off` and `y` are
///   strings; `true`/`True`/`TRUE`, `null`/`~`/empty, decimal/`0o`/`0x` integers (`0755` is
///   755), floats with `.inf`/`.nan`; `12_345` and timestamps are strings;
/// - quoted and block scalars are strings; the explicit core tags `!!str`, `!!int`,
///   `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq` are honoured, any other tag is an error;
/// - anchors and aliases are resolved, with a limit on the nodes aliases expand to (alias
///   bombs stop early); merge keys (`<<`) are rejected;
/// - duplicate keys (ignoring case, as GitHub's objects) are errors; one document per file.
/// Every problem is a diagnostic at its byte offset; nothing throws and nothing crashes.
#pragma once

#include <yaml.h>

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pipewright/config.hpp"
#include "pipewright/detail/text.hpp"
#include "pipewright/diagnostic.hpp"
#include "pipewright/diagnostic_codes.hpp"
#include "pipewright/value/document.hpp"
#include "pipewright/value/source_map.hpp"
#include "pipewright/value/value.hpp"

namespace pipewright {
inline namespace v0 {
namespace yaml {

/// Default largest text, in bytes (PW0309): 1 MiB, the default of GitHub's own parser.
inline constexpr std::size_t default_max_bytes = std::size_t{1} << 20;
/// Default deepest nesting of mappings and sequences (PW0308).
inline constexpr std::size_t default_max_depth = 256;
/// Default most nodes that aliases may expand to (PW0307).
inline constexpr std::size_t default_max_alias_nodes = 100'000;
/// Default most nodes in a document, aliases expanded (PW0312).
inline constexpr std::size_t default_max_nodes = 1'000'000;

/// Limits of the loader; each has its own diagnostic.
struct limits {
  /// Largest text, in bytes (PW0309).
  std::size_t max_bytes = default_max_bytes;
  /// Deepest nesting of mappings and sequences (PW0308).
  std::size_t max_depth = default_max_depth;
  /// Most nodes that aliases may expand to, counted as if copied (PW0307).
  std::size_t max_alias_nodes = default_max_alias_nodes;
  /// Most nodes in the document, aliases expanded (PW0312).
  std::size_t max_nodes = default_max_nodes;
};

/// Options of load().
struct load_options {
  yaml::limits limits{};
};

/// A loaded document: the value tree and where each value came from (value/document.hpp).
using document = pipewright::document;

namespace detail {

/// Converts libyaml's character indexes to byte offsets.
///
/// libyaml counts characters (a byte-order mark is one). Up to the first non-ASCII byte
/// characters are bytes; past it, libyaml's marks arrive almost in order, so a cursor that
/// walks from the last answer costs O(distance) per call and needs no table. `base` is
/// added to every answer: the bytes before `text` (a byte-order mark the loader skipped).
class offsets {
 public:
  explicit offsets(std::string_view text, std::size_t base = 0) noexcept
      : text_(text), base_(base) {
    while (ascii_ + 8 <= text_.size() && ascii8(ascii_)) ascii_ += 8;
    while (ascii_ < text_.size() && static_cast<unsigned char>(text_[ascii_]) < 0x80) ++ascii_;
    // Character ascii_ is the first byte from there that is not a continuation byte.
    start_ = ascii_;
    while (start_ < text_.size() && continuation(start_)) ++start_;
    char_ = ascii_;
    byte_ = start_;
  }
  /// The byte offset of character `char_index`; the text's size past its end.
  [[nodiscard]] std::size_t byte(std::size_t char_index) noexcept {
    return base_ + text_byte(char_index);
  }
  [[nodiscard]] source_span span(const yaml_mark_t& a, const yaml_mark_t& b) noexcept {
    const std::size_t begin = byte(a.index);
    return source_span{begin, byte(b.index)};
  }

 private:
  [[nodiscard]] std::size_t text_byte(std::size_t char_index) noexcept {
    if (char_index < ascii_) return char_index;
    const std::size_t size = text_.size();
    while (char_ < char_index && byte_ < size) {
      if (char_index - char_ >= 8 && size - byte_ >= 8 && ascii8(byte_)) {
        char_ += 8;
        byte_ += 8;
        continue;
      }
      ++byte_;
      while (byte_ < size && continuation(byte_)) ++byte_;
      ++char_;
    }
    while (char_ > char_index) {
      // byte_ starts a character (or is the size, past the end) after start_.
      --byte_;
      while (byte_ > start_ && continuation(byte_)) --byte_;
      --char_;
    }
    return byte_;
  }
  [[nodiscard]] bool continuation(std::size_t i) const noexcept {
    return (static_cast<unsigned char>(text_[i]) & 0xC0) == 0x80;
  }
  [[nodiscard]] bool ascii8(std::size_t i) const noexcept {
    std::uint64_t w = 0;
    std::memcpy(&w, text_.data() + i, sizeof w);
    return (w & 0x8080808080808080ull) == 0;
  }

  std::string_view text_;
  std::size_t base_ = 0;
  std::size_t ascii_ = 0;  ///< bytes before the first non-ASCII one
  std::size_t start_ = 0;  ///< the byte of character ascii_
  std::size_t char_ = 0;   ///< the cursor: character index ...
  std::size_t byte_ = 0;   ///< ... and its byte offset
};

constexpr std::string_view core_prefix = "tag:yaml.org,2002:";

inline bool all_digits(std::string_view s, std::size_t from, int base) noexcept {
  if (from >= s.size()) return false;
  for (std::size_t i = from; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok =
        base == 16 ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))
                   : (c >= '0' && c < static_cast<char>('0' + base));
    if (!ok) return false;
  }
  return true;
}

/// Parses YAML 1.2 core-schema integer text; false when it is not one.
inline bool core_int(std::string_view s, double& out) noexcept {
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    const int base = s[1] == 'o' ? 8 : 16;
    if (!all_digits(s, 2, base)) return false;
    double v = 0;
    for (std::size_t i = 2; i < s.size(); ++i) {
      const char c = s[i];
      const int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
      v = v * base + d;
    }
    out = v;
    return true;
  }
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (!all_digits(s, i, 10)) return false;
  double v = 0;
  const char* first = s.data() + i;
  const auto r = std::from_chars(first, s.data() + s.size(), v);
  if (r.ec == std::errc::result_out_of_range) v = std::numeric_limits<double>::infinity();
  out = s[0] == '-' ? -v : v;
  return true;
}

/// Parses YAML 1.2 core-schema float text; false when it is not one.
inline bool core_float(std::string_view s, double& out) noexcept {
  std::size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  const bool negative = !s.empty() && s[0] == '-';
  const std::string_view body = s.substr(i);
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    out = negative ? -std::numeric_limits<double>::infinity()
                   : std::numeric_limits<double>::infinity();
    return true;
  }
  if (i == 0 && (body == ".nan" || body == ".NaN" || body == ".NAN")) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  std::size_t k = 0;
  std::size_t int_digits = 0;
  std::size_t frac_digits = 0;
  for (; k < body.size() && body[k] >= '0' && body[k] <= '9'; ++k) ++int_digits;
  if (k < body.size() && body[k] == '.') {
    ++k;
    for (; k < body.size() && body[k] >= '0' && body[k] <= '9'; ++k) ++frac_digits;
    if (int_digits == 0 && frac_digits == 0) return false;
  } else if (int_digits == 0) {
    return false;
  }
  if (k < body.size() && (body[k] == 'e' || body[k] == 'E')) {
    ++k;
    if (k < body.size() && (body[k] == '+' || body[k] == '-')) ++k;
    std::size_t exp_digits = 0;
    for (; k < body.size() && body[k] >= '0' && body[k] <= '9'; ++k) ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (k != body.size()) return false;
  std::string text(body);
  if (!text.empty() && text[0] == '.') text.insert(0, "0");
  double v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec == std::errc::result_out_of_range) {
    const std::size_t e = text.find_first_of("eE");
    const bool big = e == std::string::npos || text[e + 1] != '-';
    v = big ? std::numeric_limits<double>::infinity() : 0.0;
  }
  out = negative ? -v : v;
  return true;
}

inline std::string_view style_name(yaml_scalar_style_t s) noexcept {
  switch (s) {
    case YAML_PLAIN_SCALAR_STYLE: return "Plain";
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: return "SingleQuoted";
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return "DoubleQuoted";
    case YAML_LITERAL_SCALAR_STYLE: return "Literal";
    case YAML_FOLDED_SCALAR_STYLE: return "Folded";
    default: return "Any";
  }
}

class loader {
 public:
  // A byte-order mark is skipped (GitHub and YAML 1.2 accept one); spans stay offsets into
  // `text`, the mark included.
  loader(std::string_view text, const load_options& options)
      : text_(text),
        body_(text.substr(pipewright::detail::bom_size(text))),
        options_(options),
        offsets_(body_, text.size() - body_.size()) {}

  result<document> run() {
    if (text_.size() > options_.limits.max_bytes) {
      return make_error(codes::yaml_size_limit,
                        "the file is " + std::to_string(text_.size()) +
                            " bytes, more than the limit of " +
                            std::to_string(options_.limits.max_bytes),
                        source_span{0, 0});
    }
    // Workflows run about 25 to 70 bytes per node: one allocation for most maps.
    doc_.map.reserve(text_.size() / bytes_per_node_estimate + 16);
    kids_.reserve(64);
    items_.reserve(64);
    members_.reserve(64);
    yaml_parser_t parser;
    if (yaml_parser_initialize(&parser) == 0) {
      return make_error(codes::yaml_syntax, "cannot initialise the YAML parser");
    }
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(body_.data()),
                                 body_.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    const bool ok = parse(parser);
    yaml_parser_delete(&parser);
    if (!ok || !errors_.empty()) return result<document>::failure(std::move(errors_));
    return std::move(doc_);
  }

 private:
  // An open mapping or sequence. Its elements, members and child node ids wait on the
  // loader's shared stacks (items_, members_, kids_) from *_begin on, and become the
  // container, sized once, at its end: no per-node buffers, no regrowth. A mapping with more
  // than object::index_threshold members moves them into `container` early, whose hash index
  // then finds duplicate keys.
  struct frame {
    bool is_map = false;
    bool spilled = false;  ///< a mapping whose members are in `container`
    bool have_key = false;
    source_map::node_id id = source_map::none;
    std::size_t kids_begin = 0;
    std::size_t items_begin = 0;  ///< into items_ (sequence) or members_ (mapping)
    value container;
    std::string key;
    source_span key_span;
    std::string anchor;
    std::size_t nodes = 1;  ///< nodes in this subtree so far (aliases expanded)
  };
  struct anchored {
    value v;
    source_map::node_id id = source_map::none;
    std::size_t nodes = 1;
    bool complete = false;
  };

  bool error(std::string_view code, std::string message, source_span at) {
    errors_.push_back(make_error(code, std::move(message), at));
    return false;
  }

  bool parse(yaml_parser_t& parser) {
    int documents = 0;
    for (;;) {
      yaml_event_t event;
      if (yaml_parser_parse(&parser, &event) == 0) {
        const std::size_t at = offsets_.byte(parser.problem_mark.index);
        std::string message = parser.problem != nullptr ? parser.problem : "invalid YAML";
        if (parser.context != nullptr) message = std::string(parser.context) + ": " + message;
        // At the end of the text (an unclosed quote, say) the span is empty, not past it.
        return error(codes::yaml_syntax, std::move(message),
                     source_span{at, at < text_.size() ? at + 1 : at});
      }
      bool keep_going = true;
      switch (event.type) {
        case YAML_STREAM_END_EVENT: keep_going = false; break;
        case YAML_DOCUMENT_START_EVENT:
          if (++documents > 1) {
            error(codes::yaml_multiple_documents,
                  "a workflow file holds one YAML document; a second one starts here",
                  offsets_.span(event.start_mark, event.end_mark));
            keep_going = false;
          }
          break;
        case YAML_SCALAR_EVENT: keep_going = on_scalar(event); break;
        case YAML_SEQUENCE_START_EVENT: keep_going = on_start(event, false); break;
        case YAML_MAPPING_START_EVENT: keep_going = on_start(event, true); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: keep_going = on_end(event); break;
        case YAML_ALIAS_EVENT: keep_going = on_alias(event); break;
        default: break;
      }
      yaml_event_delete(&event);
      if (!keep_going) break;
    }
    if (errors_.empty() && doc_.map.empty()) {
      doc_.map.add(source_span{0, 0});  // an empty file is a null document
    }
    return errors_.empty();
  }

  static std::string_view tag_of(const yaml_char_t* tag) {
    return tag == nullptr ? std::string_view()
                          : std::string_view(reinterpret_cast<const char*>(tag));
  }

  bool count_nodes(std::size_t n, source_span at) {
    total_nodes_ += n;
    if (total_nodes_ > options_.limits.max_nodes) {
      return error(codes::yaml_node_limit,
                   "the document has more than " + std::to_string(options_.limits.max_nodes) +
                       " nodes (aliases expanded)",
                   at);
    }
    return true;
  }

  bool on_scalar(const yaml_event_t& e) {
    const source_span span = offsets_.span(e.start_mark, e.end_mark);
    const std::string_view text(reinterpret_cast<const char*>(e.data.scalar.value),
                                e.data.scalar.length);
    const std::string_view tag = tag_of(e.data.scalar.tag);
    // A mapping key: keep its text.
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
      if (!tag.empty() && tag != "!" && tag != "tag:yaml.org,2002:str") {
        return error(codes::yaml_unsupported_tag,
                     "unexpected tag '" + std::string(tag) + "' on a mapping key", span);
      }
      if (e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && text == "<<") {
        return error(codes::yaml_merge_key,
                     "merge keys ('<<') are not supported by GitHub Actions; write the keys out",
                     span);
      }
      frame& f = stack_.back();
      f.key.assign(text);
      f.key_span = span;
      f.have_key = true;
      if (e.data.scalar.anchor != nullptr) {
        return error(codes::yaml_unsupported_tag, "anchors on mapping keys are not supported",
                     span);
      }
      return true;
    }
    value v;
    if (!resolve_scalar(e, text, tag, span, v)) return false;
    if (!count_nodes(1, span)) return false;
    const source_map::node_id id = doc_.map.add(span);
    if (e.data.scalar.anchor != nullptr) {
      anchors_[reinterpret_cast<const char*>(e.data.scalar.anchor)] = anchored{v, id, 1, true};
    }
    return attach(std::move(v), id, 1);
  }

  bool resolve_scalar(const yaml_event_t& e, std::string_view text, std::string_view tag,
                      source_span span, value& out) {
    const auto style = e.data.scalar.style;
    const bool plain = style == YAML_PLAIN_SCALAR_STYLE;
    if (tag.empty() || tag == "!") {
      if (!plain || !tag.empty()) {
        out = value(text);
        return true;
      }
      out = resolve_plain(text);
      return true;
    }
    if (tag.substr(0, core_prefix.size()) != core_prefix) {
      return error(codes::yaml_unsupported_tag, "unexpected tag '" + std::string(tag) + "'", span);
    }
    const std::string_view name = tag.substr(core_prefix.size());
    if (name == "str") {
      out = value(text);
      return true;
    }
    if (name != "int" && name != "float" && name != "bool" && name != "null") {
      return error(codes::yaml_unsupported_tag, "unexpected tag '" + std::string(tag) + "'", span);
    }
    if (!plain) {
      return error(codes::yaml_invalid_tagged_scalar,
                   "the scalar style '" + std::string(style_name(style)) +
                       "' is not valid with the tag '" + std::string(tag) + "'",
                   span);
    }
    const value v = resolve_plain(text);
    double as_int = 0;
    const bool fits = (name == "int" && v.is_number() && core_int(text, as_int)) ||
                      (name == "float" && v.is_number()) || (name == "bool" && v.is_bool()) ||
                      (name == "null" && v.is_null());
    if (!fits) {
      return error(codes::yaml_invalid_tagged_scalar,
                   "the value '" + std::string(text) + "' is not valid for the tag '" +
                       std::string(tag) + "'",
                   span);
    }
    out = v;
    return true;
  }

  static value resolve_plain(std::string_view s) {
    if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return value();
    if (s == "true" || s == "True" || s == "TRUE") return value(true);
    if (s == "false" || s == "False" || s == "FALSE") return value(false);
    const char c = s[0];
    if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
      double d = 0;
      if (core_int(s, d) || core_float(s, d)) return value(d);
    }
    return value(s);
  }

  bool on_start(const yaml_event_t& e, bool is_map) {
    const source_span span = offsets_.span(e.start_mark, e.end_mark);
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
      return error(
          codes::yaml_complex_key,
          "a mapping key must be a scalar, not a " + std::string(is_map ? "mapping" : "sequence"),
          span);
    }
    const std::string_view tag =
        tag_of(is_map ? e.data.mapping_start.tag : e.data.sequence_start.tag);
    if (!tag.empty() && tag != "!" &&
        tag != (is_map ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq")) {
      return error(codes::yaml_unsupported_tag, "unexpected tag '" + std::string(tag) + "'", span);
    }
    if (stack_.size() >= options_.limits.max_depth) {
      return error(codes::yaml_depth_limit,
                   "mappings and sequences nest deeper than the limit of " +
                       std::to_string(options_.limits.max_depth),
                   span);
    }
    if (!count_nodes(1, span)) return false;
    frame& f = stack_.emplace_back();
    f.is_map = is_map;
    f.id = doc_.map.add(span);
    f.kids_begin = kids_.size();
    f.items_begin = is_map ? members_.size() : items_.size();
    const yaml_char_t* anchor = is_map ? e.data.mapping_start.anchor : e.data.sequence_start.anchor;
    if (anchor != nullptr) {
      f.anchor = reinterpret_cast<const char*>(anchor);
      anchors_[f.anchor] = anchored{value(), f.id, 1, false};  // an alias to it is an error
    }
    return true;
  }

  bool on_end(const yaml_event_t& e) {
    frame f = std::move(stack_.back());
    stack_.pop_back();
    // The node's span runs from its start to the end of this event.
    doc_.map.set_end(f.id, offsets_.byte(e.end_mark.index));
    doc_.map.set_children(f.id, std::span<const source_map::node_id>(kids_).subspan(f.kids_begin));
    kids_.resize(f.kids_begin);
    if (f.is_map && !f.spilled) {
      object o;
      o.reserve(members_.size() - f.items_begin);
      for (std::size_t i = f.items_begin; i < members_.size(); ++i) {
        o.insert(std::move(members_[i].first), std::move(members_[i].second));
      }
      members_.resize(f.items_begin);
      f.container = value(std::move(o));
    } else if (!f.is_map) {
      array a;
      a.reserve(items_.size() - f.items_begin);
      for (std::size_t i = f.items_begin; i < items_.size(); ++i) a.push_back(std::move(items_[i]));
      items_.resize(f.items_begin);
      f.container = value(std::move(a));
    }
    if (!f.anchor.empty()) {
      anchors_[f.anchor] = anchored{f.container, f.id, f.nodes, true};
    }
    return attach(std::move(f.container), f.id, f.nodes);
  }

  bool on_alias(const yaml_event_t& e) {
    const source_span span = offsets_.span(e.start_mark, e.end_mark);
    const std::string name(reinterpret_cast<const char*>(e.data.alias.anchor));
    const auto it = anchors_.find(name);
    if (it == anchors_.end()) {
      return error(codes::yaml_unknown_anchor, "the alias '*" + name + "' names no anchor", span);
    }
    if (!it->second.complete) {
      return error(codes::yaml_unknown_anchor,
                   "the alias '*" + name + "' refers to a node that contains it", span);
    }
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().have_key) {
      return error(codes::yaml_complex_key, "an alias cannot be a mapping key", span);
    }
    alias_nodes_ += it->second.nodes;
    if (alias_nodes_ > options_.limits.max_alias_nodes) {
      return error(codes::yaml_alias_limit,
                   "aliases expand to more than " +
                       std::to_string(options_.limits.max_alias_nodes) +
                       " nodes (a YAML alias bomb?)",
                   span);
    }
    if (!count_nodes(it->second.nodes, span)) return false;
    const source_map::node_id id = doc_.map.alias(it->second.id, source_span{});
    return attach(it->second.v, id, it->second.nodes);
  }

  /// Adds a finished node to its parent (or makes it the root).
  bool attach(value v, source_map::node_id id, std::size_t nodes) {
    if (stack_.empty()) {
      doc_.root = std::move(v);
      return true;
    }
    frame& parent = stack_.back();
    parent.nodes += nodes;
    if (!parent.is_map) {
      items_.push_back(std::move(v));
      kids_.push_back(id);
      return true;
    }
    parent.have_key = false;
    doc_.map.set_key_span(id, parent.key_span);
    if (!add_member(parent, std::move(v))) {
      // Reported, and loading goes on so that every duplicate is found.
      error(codes::yaml_duplicate_key, "'" + parent.key + "' is already defined", parent.key_span);
      return true;
    }
    kids_.push_back(id);
    return true;
  }

  /// Adds the member `f.key` to the open mapping `f`; false (key kept) when a key equal to
  /// it ignoring case is already there.
  bool add_member(frame& f, value v) {
    if (f.spilled) {
      object& o = f.container.as_object();
      if (o.contains(f.key)) return false;
      o.insert(std::move(f.key), std::move(v));
      return true;
    }
    // An ASCII key equals (ignoring case) only a key of the same length (detail::ihash).
    bool ascii = true;
    for (const char c : f.key) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    for (std::size_t i = f.items_begin; i < members_.size(); ++i) {
      const std::string& k = members_[i].first;
      if ((!ascii || k.size() == f.key.size()) && pipewright::detail::iequals(k, f.key)) {
        return false;
      }
    }
    if (members_.size() - f.items_begin < object::index_threshold) {
      members_.emplace_back(std::move(f.key), std::move(v));
      return true;
    }
    object o;
    o.reserve(4 * object::index_threshold);
    for (std::size_t i = f.items_begin; i < members_.size(); ++i) {
      o.insert(std::move(members_[i].first), std::move(members_[i].second));
    }
    members_.resize(f.items_begin);
    o.insert(std::move(f.key), std::move(v));
    f.container = value(std::move(o));
    f.spilled = true;
    return true;
  }

  static constexpr std::size_t bytes_per_node_estimate = 24;

  std::string_view text_;
  std::string_view body_;  ///< text_ without a byte-order mark
  const load_options& options_;
  offsets offsets_;
  document doc_;
  std::vector<frame> stack_;
  std::vector<source_map::node_id> kids_;
  std::vector<value> items_;
  std::vector<object::entry> members_;
  std::unordered_map<std::string, anchored> anchors_;
  std::size_t alias_nodes_ = 0;
  std::size_t total_nodes_ = 0;
  std::vector<diagnostic> errors_;
};

}  // namespace detail

/// Loads one YAML document; never throws for bad input.
inline result<document> load(std::string_view text, const load_options& options = {}) {
  detail::loader l(text, options);
  return l.run();
}

}  // namespace yaml
}  // namespace v0
}  // namespace pipewright
