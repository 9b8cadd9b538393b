/// @file diagnostic_codes.hpp
/// Every diagnostic code pipewright emits, with its name and a one-line summary.
///
/// Codes are stable: a code keeps its meaning forever. Ranges: PW00xx tool and I/O,
/// PW01xx JSON and values, PW02xx expressions, PW03xx YAML, PW04xx workflow model,
/// PW05xx triggers, PW06xx matrices, PW07xx graph and scheduling, PW08xx compile-time
/// pipelines, PW09xx security checks. docs/errors.md documents each one; a test checks that
/// the two lists agree.
#pragma once

#include <string_view>

#include "pipewright/config.hpp"

namespace pipewright {
inline namespace v0 {
namespace codes {

/// One registered code.
struct code_info {
  std::string_view code;
  std::string_view name;
  std::string_view summary;
};

// PW00xx: tool and I/O
inline constexpr std::string_view io_read_failed = "PW0001";
inline constexpr std::string_view io_input_too_large = "PW0002";
inline constexpr std::string_view jsonl_bad_line = "PW0003";

// PW01xx: JSON reader
inline constexpr std::string_view json_unexpected_character = "PW0101";
inline constexpr std::string_view json_unexpected_end = "PW0102";
inline constexpr std::string_view json_invalid_string = "PW0103";
inline constexpr std::string_view json_invalid_escape = "PW0104";
inline constexpr std::string_view json_invalid_number = "PW0105";
inline constexpr std::string_view json_invalid_utf8 = "PW0106";
inline constexpr std::string_view json_depth_limit = "PW0107";
inline constexpr std::string_view json_size_limit = "PW0108";
inline constexpr std::string_view json_trailing_content = "PW0109";
inline constexpr std::string_view json_empty_input = "PW0110";

/// Every code, in order.
inline constexpr code_info all[] = {
    {io_read_failed, "io_read_failed", "a file could not be read"},
    {io_input_too_large, "io_input_too_large", "an input file is larger than the limit"},
    {jsonl_bad_line, "jsonl_bad_line", "a JSON Lines input line is not a JSON object"},
    {json_unexpected_character, "json_unexpected_character",
     "a character that cannot start or continue a JSON value here"},
    {json_unexpected_end, "json_unexpected_end", "the JSON text ends inside a value"},
    {json_invalid_string, "json_invalid_string",
     "a string holds a raw control character or is not terminated"},
    {json_invalid_escape, "json_invalid_escape", "an invalid escape sequence in a string"},
    {json_invalid_number, "json_invalid_number", "a number that does not follow JSON's grammar"},
    {json_invalid_utf8, "json_invalid_utf8", "the JSON text is not valid UTF-8"},
    {json_depth_limit, "json_depth_limit", "arrays and objects nest deeper than the limit"},
    {json_size_limit, "json_size_limit", "the JSON text is larger than the limit"},
    {json_trailing_content, "json_trailing_content", "text follows the JSON value"},
    {json_empty_input, "json_empty_input", "the JSON text is empty or only whitespace"},
};

}  // namespace codes
}  // namespace v0
}  // namespace pipewright
