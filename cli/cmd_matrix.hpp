// `pipewright matrix`: expand GitHub Actions build matrices.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "cmd_plan.hpp"
#include "pipewright/export/jsonl.hpp"
#include "pipewright/matrix/dynamic.hpp"
#include "pipewright/matrix/matrix.hpp"
#include "pipewright/render.hpp"
#include "pipewright/value/json.hpp"

namespace pipewright::cli {

inline constexpr std::string_view matrix_help_usage =
    R"(usage: pipewright matrix --matrix JSON_OR_FILE [--job-name NAME] [--limit N]
                         [--explain] [--format text|json]
       pipewright matrix WORKFLOW.yml --job ID [--limit N] [--explain] [--format text|json]
                         [event options]
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

With WORKFLOW.yml --job ID, expands that job's strategy.matrix for an event (push to main
unless the event options say otherwise): ${{ }} inside the matrix is evaluated with the
github, inputs and vars contexts; a matrix that reads needs outputs is reported as pending
(the expression, where it is, the jobs it waits for). The legs are those plan gives the
job: named by its name: template, with its strategy's fail-fast and max-parallel, which
the output states ('strategy: fail-fast false, max-parallel 2'; in JSON "fail_fast" and
"max_parallel", null when unlimited). --explain adds the line of each include and exclude
entry.

)";
inline constexpr std::string_view matrix_help_rest = R"(
Exit status: 0 ok, 1 the matrix or the event is invalid (a missing required input), 2
usage error.
)";
inline constexpr std::string_view matrix_help =
    joined<matrix_help_usage, event_options_help, matrix_help_rest>::value;

using export_::matrix_jsonl_case;

namespace detail {

inline void pad(std::string& out, std::string_view cell, std::size_t width) {
  out += cell;
  const std::size_t w = matrix::utf16_length(cell);
  out.append(w < width ? width - w + 2 : 2, ' ');
}

/// A job's fail-fast and max-parallel in words: "fail-fast false, max-parallel 2".
inline std::string strategy_text(const matrix::options& o) {
  return std::string("fail-fast ") + (o.fail_fast ? "true" : "false") + ", max-parallel " +
         (o.max_parallel > 0 ? std::to_string(o.max_parallel) : std::string("unlimited"));
}

/// Adds a job's fail-fast and max-parallel (null: unlimited) to a JSON answer.
inline void add_strategy(object& root, const matrix::options& o) {
  root.insert("fail_fast", o.fail_fast);
  root.insert("max_parallel",
              o.max_parallel > 0 ? value(static_cast<double>(o.max_parallel)) : value());
}

/// Prints the legs of a compiled matrix as a table or JSON (`--format json`). With
/// `explain`, says where each leg comes from and which combinations exclude removed;
/// `where(list, k)` adds the source position of include/exclude entry k (or ""). With a
/// job's options (`matrix WORKFLOW --job`), also its fail-fast and max-parallel.
template <class Where>
int print_expansion(const streams& io, const matrix::space& s, bool explain, bool as_json,
                    Where&& where, const matrix::options* job = nullptr) {
  const matrix::legs all = s.materialise();
  const std::vector<std::string> ids = all.ids();
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
        for (std::size_t k = 0; k < s.include_count(); ++k) {
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
    if (job != nullptr) add_strategy(root, *job);
    root.insert("legs", value(std::move(list)));
    if (explain) {
      array excluded;
      for (std::uint64_t c = 0; c < s.product() && c < 100000; ++c) {
        auto e = s.explain_combination(c);
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
          why = "include[" + std::to_string(leg.include_index()) + "]" +
                where("include", leg.include_index()) + " matched no combination";
          break;
        case matrix::leg_source::product: {
          why = "combination " + std::to_string(leg.combination());
          bool first_ext = true;
          for (std::size_t k = 0; k < s.include_count(); ++k) {
            if (!leg.extended_by(k)) continue;
            why += first_ext ? ", extended by include[" : ", include[";
            why += std::to_string(k) + "]" + where("include", k);
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
         std::to_string(s.product()) + ")\n";
  if (job != nullptr) out += "strategy: " + strategy_text(*job) + "\n";
  if (explain) {
    for (std::uint64_t c = 0; c < s.product() && c < 100000; ++c) {
      auto e = s.explain_combination(c);
      if (!e || e->excluded_by.empty()) continue;
      object combo;
      for (std::size_t a = 0; a < s.axis_count(); ++a) {
        combo.insert(std::string(s.axis_name(a)), s.axis_values(a)[e->axis_indices[a]]);
      }
      std::string m;
      json::write(m, value(std::move(combo)), json::compact_style);
      out += "excluded: combination " + std::to_string(c) + " " + m + " by ";
      for (std::size_t k = 0; k < e->excluded_by.size(); ++k) {
        if (k != 0) out += ", ";
        out += "exclude[" + std::to_string(e->excluded_by[k]) + "]" +
               where("exclude", e->excluded_by[k]);
      }
      out += "\n";
    }
  }
  io.write(out);
  return exit_ok;
}

/// `matrix WORKFLOW.yml --job ID`: the job's matrix for an event (plan's event options),
/// with `${{ }}` evaluated as GitHub does; a matrix that waits for needs outputs is
/// reported as pending.
inline int run_matrix_workflow(arguments& args, const streams& io, const std::string& job_id,
                               bool explain, bool as_json, std::uint64_t limit, bool has_limit) {
#if defined(PIPEWRIGHT_HAS_YAML) && PIPEWRIGHT_HAS_YAML
  plan_cli::common c;
  if (const int rc = plan_cli::read_common("matrix", args, io, c); rc >= 0) return rc;
  if (const int rc = plan_cli::load("matrix", args, io, c); rc >= 0) return rc;
  const model::job* mj = c.workflow.find_job(job_id);
  if (mj == nullptr) {
    std::string known;
    for (const model::job& j : c.workflow.jobs) known += (known.empty() ? "" : ", ") + j.id;
    io.error("pipewright matrix: " + c.shown + " has no job '" + job_id + "' (jobs: " + known +
             ")\n");
    return exit_findings;
  }
  auto p = schedule::make_plan(c.workflow, c.options);
  if (!p) {
    report(io, p.diagnostics(), c.text, c.shown);
    return exit_findings;
  }
  // The event's own errors (a missing required input) leave the matrix's contexts wrong.
  std::vector<diagnostic> event_errors;
  for (const diagnostic& d : p->diagnostics) {
    if (d.level == severity::error && d.path.rfind("/jobs/", 0) != 0) event_errors.push_back(d);
  }
  if (!event_errors.empty()) {
    report(io, event_errors, c.text, c.shown);
    return exit_findings;
  }
  value contexts = value::make_object(
      {{"github", p->github},
       {"vars", c.options.vars.is_object() ? c.options.vars : value::make_object()},
       {"inputs", p->inputs},
       {"needs", value::make_object()}});
  const std::string base = "/jobs/" + mj->id + "/strategy/matrix";
  if (!mj->strategy || (!mj->strategy->matrix_expression && mj->strategy->matrix.is_null())) {
    io.error("pipewright matrix: job '" + mj->id + "' has no strategy.matrix\n");
    return exit_findings;
  }
  matrix::resolve_options ro;
  ro.path = base;
  matrix::resolved_matrix rm =
      mj->strategy->matrix_expression
          ? matrix::resolve(mj->strategy->matrix_expression->raw, contexts, ro)
          : matrix::resolve(mj->strategy->matrix, contexts, ro);
  // Positions for diagnostics and --explain come from the document's source map.
  auto doc = yaml::load(c.text);
  auto position = [&](const std::string& pointer) -> source_span {
    if (!doc) return {};
    return doc->map.span(doc->map.find(doc->root, pointer));
  };
  if (!rm.diagnostics.empty()) {
    for (diagnostic& d : rm.diagnostics) {
      if (!d.span.known()) d.span = position(d.path);
    }
    report(io, rm.diagnostics, c.text, c.shown);
    return exit_findings;
  }
  // The job's strategy as the plan has it: its name template, fail-fast and max-parallel.
  const schedule::job_spec& spec = p->specs[static_cast<std::size_t>(mj - c.workflow.jobs.data())];
  const matrix::options o =
      schedule::matrix_options_for(*mj, contexts, spec.fail_fast, spec.max_parallel);
  if (rm.pending) {
    std::string out;
    if (as_json) {
      array waits;
      for (const std::string& w : rm.pending->needs) waits.emplace_back(w);
      object root;
      root.insert("ok", true);
      root.insert("pending", true);
      root.insert("expression", value(rm.pending->expression));
      root.insert("path", value(rm.pending->path));
      root.insert("needs", value(std::move(waits)));
      root.insert("reason", value(rm.pending->reason));
      add_strategy(root, o);
      json::write(out, value(std::move(root)), json::compact_style);
      out += '\n';
    } else {
      out = "pending: " + rm.pending->expression + "\n  at " + rm.pending->path + "\n  " +
            rm.pending->reason + "\nstrategy: " + strategy_text(o) + "\n";
    }
    io.write(out);
    return exit_ok;
  }
  auto s = export_::compile_matrix(rm.matrix, o, limit, has_limit);
  if (!s) {
    std::vector<diagnostic> diags = s.diagnostics();
    for (diagnostic& d : diags) {
      if (!d.span.known()) d.span = position(d.path);
    }
    report(io, diags, c.text, c.shown);
    return exit_findings;
  }
  return print_expansion(
      io, *s, explain, as_json,
      [&](std::string_view list, std::size_t k) {
        const source_span at = position(base + "/" + std::string(list) + "/" + std::to_string(k));
        if (!at.known()) return std::string();
        return " (line " + std::to_string(locate(c.text, at.begin).line) + ")";
      },
      &o);
#else
  (void)args;
  (void)job_id;
  (void)explain;
  (void)as_json;
  (void)limit;
  (void)has_limit;
  io.error("pipewright matrix: this build has no YAML support (libyaml was not found)\n");
  return exit_findings;
#endif
}

}  // namespace detail

inline int run_matrix(arguments& args, const streams& io) {
  bool missing = false;
  const bool jsonl = args.flag("--jsonl");
  const bool explain = args.flag("--explain");
  const auto source = args.option("--matrix", missing);
  const auto job_name = args.option("--job-name", missing);
  const auto format = args.option("--format", missing);
  if (format && *format == "json") io.json_diagnostics = true;  // problems as JSON lines too
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
  const bool as_json = format && *format == "json";
  if (job || !args.positional().empty()) {
    if (source || job_name) {
      return usage_error(io, "matrix",
                         "--matrix and --job-name do not go with 'matrix WORKFLOW.yml --job ID'");
    }
    if (!job) return usage_error(io, "matrix", "expected --job ID with a workflow file");
    return detail::run_matrix_workflow(args, io, *job, explain, as_json, limit,
                                       limit_text.has_value());
  }
  if (auto bad = args.unknown_option()) {
    return usage_error(io, "matrix", "unknown option '" + std::string(*bad) + "'");
  }
  if (!source) return usage_error(io, "matrix", "expected --matrix JSON_OR_FILE or --jsonl");
  const std::size_t first = source->find_first_not_of(" \t\r\n");
  std::string text;
  std::string filename = "<matrix>";
  if (first != std::string::npos && ((*source)[first] == '{' || (*source)[first] == '[')) {
    text = *source;
  } else {
    auto data = read_input(*source, io.in);
    if (!data) {
      report(io, data.diagnostics(), "", *source == "-" ? "<stdin>" : *source);
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
  auto s = export_::compile_matrix(*parsed, o, limit, limit_text.has_value());
  if (!s) {
    report(io, s.diagnostics(), "", filename);
    return exit_findings;
  }
  return detail::print_expansion(io, *s, explain, as_json,
                                 [](std::string_view, std::size_t) { return std::string(); });
}

}  // namespace pipewright::cli
