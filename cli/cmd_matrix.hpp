// `pipewright matrix`: expand GitHub Actions build matrices.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/value/json.hpp"

namespace pipewright::cli {

inline constexpr std::string_view matrix_help =
    R"(usage: pipewright matrix --matrix JSON_OR_FILE [--job-name NAME] [--limit N]
                         [--explain] [--format text|json]
       pipewright matrix --jsonl < LINES

Expands a strategy.matrix (a JSON object, given inline or as a file, '-' for stdin) into
its jobs exactly as GitHub does: cross product in key order (first vector slowest),
exclude, include, display names, ids and the strategy context. At most 256 jobs, as on
GitHub, unless --limit N says otherwise (0: no limit). --explain says, for each job, which
include entries extended it, and lists the combinations that exclude entries removed.
Prints a table, or with --format json one object {"ok", "count", "legs": [...]}.

With --jsonl, reads one case per line and writes one line per input line:
  in:  {"id", "matrix": {...}, "job_name"?: string, "limit"?: int}
  out: {"id", "ok": true, "combinations": [{"matrix": object|null, "name": string}]}
       or {"id", "ok": false, "error"}
job_name defaults to "job".

The form 'pipewright matrix WORKFLOW.yml --job ID' needs the workflow model and is not
available yet.

Exit status: 0 ok, 1 the matrix is invalid, 2 usage error.
)";

namespace detail {

inline result<matrix::space> compile_matrix(const value& m, const matrix::options& o,
                                            std::uint64_t limit, bool has_limit) {
  if (!has_limit) return matrix::compile(m, o);
  if (limit == 0) return matrix::compile(m, o, matrix::unlimited{});
  return matrix::compile(m, o, matrix::leg_limit{limit});
}

}  // namespace detail

/// Handles one `matrix --jsonl` input object (the contract in DESIGN.md).
inline value matrix_jsonl_case(const value& input) {
  value id = input["id"];
  auto fail = [&id](std::string message) {
    return value::make_object({{"id", id}, {"ok", false}, {"error", std::move(message)}});
  };
  if (!input.is_object()) return fail(std::string(codes::jsonl_bad_line) + ": not a JSON object");
  matrix::options o;
  const value& job_name = input["job_name"];
  if (job_name.is_string()) {
    o.job_name = std::string(job_name.as_string());
  } else if (!job_name.is_null()) {
    return fail(std::string(codes::jsonl_bad_line) + ": \"job_name\" must be a string");
  }
  const value& limit = input["limit"];
  std::uint64_t max_legs = 0;
  if (!limit.is_null()) {
    const double l = limit.as_number();
    if (!limit.is_number() || !(l >= 0 && l <= 9007199254740992.0) ||
        l != static_cast<double>(static_cast<std::uint64_t>(l))) {
      return fail(std::string(codes::jsonl_bad_line) +
                  ": \"limit\" must be a non-negative integer");
    }
    max_legs = static_cast<std::uint64_t>(l);
  }
  auto s = detail::compile_matrix(input["matrix"], o, max_legs, !limit.is_null());
  if (!s) {
    const diagnostic& d = *s.first_error();
    return fail(d.code + ": " + d.message);
  }
  array combinations;
  combinations.reserve(static_cast<std::size_t>(s->count()));
  s->for_each([&combinations](const matrix::leg_view& leg) {
    combinations.push_back(value::make_object({{"matrix", leg.matrix()}, {"name", leg.name()}}));
  });
  return value::make_object(
      {{"id", id}, {"ok", true}, {"combinations", value(std::move(combinations))}});
}

namespace detail {

inline void pad(std::string& out, std::string_view cell, std::size_t width) {
  out += cell;
  const std::size_t w = matrix::utf16_length(cell);
  out.append(w < width ? width - w + 2 : 2, ' ');
}

}  // namespace detail

inline int run_matrix(arguments& args, const streams& io) {
  bool missing = false;
  const bool jsonl = args.flag("--jsonl");
  const bool explain = args.flag("--explain");
  const auto source = args.option("--matrix", missing);
  const auto job_name = args.option("--job-name", missing);
  const auto format = args.option("--format", missing);
  const auto limit_text = args.option("--limit", missing);
  const auto job = args.option("--job", missing);
  if (missing) return usage_error(io, "matrix", "an option is missing its value");
  if (jsonl) {
    if (explain || source || job_name || format || limit_text || job ||
        !args.positional().empty()) {
      return usage_error(io, "matrix", "--jsonl takes no other options or arguments");
    }
    return run_jsonl(io, matrix_jsonl_case);
  }
  if (auto bad = args.unknown_option()) {
    return usage_error(io, "matrix", "unknown option '" + std::string(*bad) + "'");
  }
  if (job || !args.positional().empty()) {
    return usage_error(io, "matrix",
                       "'matrix WORKFLOW.yml --job ID' needs the workflow model, which is not "
                       "available yet; pass the matrix with --matrix");
  }
  if (!source) return usage_error(io, "matrix", "expected --matrix JSON_OR_FILE or --jsonl");
  if (format && *format != "text" && *format != "json") {
    return usage_error(io, "matrix", "--format must be text or json");
  }
  std::uint64_t limit = 0;
  if (limit_text) {
    if (limit_text->empty() || limit_text->find_first_not_of("0123456789") != std::string::npos ||
        limit_text->size() > 18) {
      return usage_error(io, "matrix", "--limit must be a non-negative integer");
    }
    limit = std::stoull(*limit_text);
  }
  const std::size_t first = source->find_first_not_of(" \t\r\n");
  std::string text;
  std::string filename = "<matrix>";
  if (first != std::string::npos && ((*source)[first] == '{' || (*source)[first] == '[')) {
    text = *source;
  } else {
    auto data = read_input(*source, io.in);
    if (!data) {
      report(io, data.diagnostics(), "", "");
      return exit_findings;
    }
    text = std::move(*data);
    filename = *source == "-" ? "<stdin>" : *source;
  }
  auto parsed = json::parse(text);
  if (!parsed) {
    report(io, parsed.diagnostics(), text, filename);
    return exit_findings;
  }
  matrix::options o;
  if (job_name) o.job_name = *job_name;
  auto s = detail::compile_matrix(*parsed, o, limit, limit_text.has_value());
  if (!s) {
    report(io, s.diagnostics(), "", filename);
    return exit_findings;
  }
  const matrix::legs all = s->materialise();
  const std::vector<std::string> ids = all.ids();
  const bool as_json = format && *format == "json";
  std::string out;
  if (as_json) {
    array list;
    for (std::size_t i = 0; i < all.size(); ++i) {
      const matrix::leg_view leg = all[i];
      object o2;
      o2.insert("matrix", leg.matrix());
      o2.insert("name", leg.name());
      o2.insert("id", ids[i]);
      o2.insert("strategy", leg.strategy());
      if (explain) {
        array ext;
        for (std::size_t k = 0; k < s->include_count(); ++k) {
          if (leg.extended_by(k)) ext.push_back(static_cast<double>(k));
        }
        o2.insert("source", leg.source() == matrix::leg_source::product   ? "product"
                            : leg.source() == matrix::leg_source::include ? "include"
                                                                          : "default");
        if (leg.source() == matrix::leg_source::product) {
          o2.insert("combination", static_cast<double>(leg.combination()));
          o2.insert("extended_by", value(std::move(ext)));
        } else if (leg.source() == matrix::leg_source::include) {
          o2.insert("include_index", static_cast<double>(leg.include_index()));
        }
      }
      list.push_back(value(std::move(o2)));
    }
    object root;
    root.insert("ok", true);
    root.insert("count", static_cast<double>(all.size()));
    root.insert("legs", value(std::move(list)));
    if (explain) {
      array excluded;
      for (std::uint64_t c = 0; c < s->product() && c < 100000; ++c) {
        auto e = s->explain_combination(c);
        if (!e || e->excluded_by.empty()) continue;
        array by;
        for (std::size_t r : e->excluded_by) by.push_back(static_cast<double>(r));
        excluded.push_back(value::make_object(
            {{"combination", static_cast<double>(c)}, {"excluded_by", value(std::move(by))}}));
      }
      root.insert("excluded", value(std::move(excluded)));
    }
    json::write(out, value(std::move(root)), json::compact_style);
    out += '\n';
    io.write(out);
    return exit_ok;
  }
  // Text table.
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"#", "name", "id", "matrix"});
  if (explain) rows.front().push_back("why");
  for (std::size_t i = 0; i < all.size(); ++i) {
    const matrix::leg_view leg = all[i];
    std::string m;
    json::write(m, leg.matrix(), json::compact_style);
    std::vector<std::string> row{std::to_string(i), leg.name(), ids[i], m};
    if (explain) {
      std::string why;
      switch (leg.source()) {
        case matrix::leg_source::default_leg: why = "every combination was excluded"; break;
        case matrix::leg_source::include:
          why = "include[" + std::to_string(leg.include_index()) + "] matched no combination";
          break;
        case matrix::leg_source::product: {
          why = "combination " + std::to_string(leg.combination());
          bool first_ext = true;
          for (std::size_t k = 0; k < s->include_count(); ++k) {
            if (!leg.extended_by(k)) continue;
            why += first_ext ? ", extended by include[" : ", include[";
            why += std::to_string(k) + "]";
            first_ext = false;
          }
          break;
        }
      }
      row.push_back(std::move(why));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], matrix::utf16_length(row[c]));
    }
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c + 1 == row.size()) {
        line += row[c];
      } else {
        detail::pad(line, row[c], widths[c]);
      }
    }
    out += line;
    out += '\n';
  }
  out += std::to_string(all.size()) + (all.size() == 1 ? " job" : " jobs") + " (cross product " +
         std::to_string(s->product()) + ")\n";
  if (explain) {
    for (std::uint64_t c = 0; c < s->product() && c < 100000; ++c) {
      auto e = s->explain_combination(c);
      if (!e || e->excluded_by.empty()) continue;
      object combo;
      for (std::size_t a = 0; a < s->axis_count(); ++a) {
        combo.insert(std::string(s->axis_name(a)), s->axis_values(a)[e->axis_indices[a]]);
      }
      std::string m;
      json::write(m, value(std::move(combo)), json::compact_style);
      out += "excluded: combination " + std::to_string(c) + " " + m + " by exclude[";
      for (std::size_t k = 0; k < e->excluded_by.size(); ++k) {
        if (k != 0) out += "], exclude[";
        out += std::to_string(e->excluded_by[k]);
      }
      out += "]\n";
    }
  }
  io.write(out);
  return exit_ok;
}

}  // namespace pipewright::cli
