#include <nlohmann/json.hpp>

#include "report/render.h"

namespace sg::report {

using nlohmann::ordered_json;

namespace {

const char* Level(Severity s) {
  switch (s) {
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    default:
      return "note";
  }
}

// GitHub code scanning ranks results by this property (CVSS-like 0-10).
const char* SecuritySeverity(Severity s) {
  switch (s) {
    case Severity::kHigh:
      return "8.0";
    case Severity::kMedium:
      return "5.5";
    case Severity::kLow:
      return "3.0";
    case Severity::kInfo:
      return "1.0";
  }
  return "1.0";
}

// SARIF's default column unit is UTF-16 code units; ours are bytes.
int Utf16Column(std::string_view line, int byte_column) {
  if (line.empty()) return byte_column;
  int units = 0;
  size_t limit =
      std::min(line.size(), static_cast<size_t>(std::max(byte_column - 1, 0)));
  for (size_t i = 0; i < limit;) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return units + 1 +
         (byte_column - 1 > static_cast<int>(line.size())
              ? byte_column - 1 - static_cast<int>(line.size())
              : 0);
}

ordered_json Region(const Location& l, const RunInfo& run) {
  ordered_json r;
  const SourcePos& b = l.span.begin;
  std::string_view line =
      run.sources ? run.sources->Line(l.path, b.line) : std::string_view();
  r["startLine"] = b.line;
  r["startColumn"] = Utf16Column(line, b.column);
  if (run.sources && l.span.length > 0) {
    SourcePos e = run.sources->PosAt(l.path, b.offset + l.span.length);
    if (e.known()) {
      std::string_view end_line =
          e.line == b.line ? line : run.sources->Line(l.path, e.line);
      r["endLine"] = e.line;
      r["endColumn"] = Utf16Column(end_line, e.column);
    }
  }
  return r;
}

ordered_json PhysicalLocation(const Location& l, const RunInfo& run) {
  ordered_json p;
  p["artifactLocation"] = {{"uri", l.path}, {"uriBaseId", "%SRCROOT%"}};
  if (l.span.known()) p["region"] = Region(l, run);
  return p;
}

}  // namespace

std::string RenderSarif(const FindingSet& findings, const RunInfo& run) {
  ordered_json rules = ordered_json::array();
  std::map<std::string, size_t> index;
  auto add_rule = [&](const std::string& id, const std::string& description,
                      Severity sev) {
    if (index.count(id)) return;
    index[id] = rules.size();
    ordered_json r;
    r["id"] = id;
    r["name"] = id;
    r["shortDescription"] = {{"text", description.empty() ? id : description}};
    r["helpUri"] =
        "https://github.com/stepguard/stepguard/blob/main/docs/rules/" + id +
        ".md";
    r["defaultConfiguration"] = {{"level", Level(sev)}};
    r["properties"] = {{"tags", {"security"}},
                       {"security-severity", SecuritySeverity(sev)}};
    rules.push_back(std::move(r));
  };
  for (const RuleMeta& m : run.rules) add_rule(m.id, m.description, m.severity);
  for (const Finding& f : findings.findings()) add_rule(f.rule, "", f.severity);

  ordered_json results = ordered_json::array();
  for (const Finding& f : findings.findings()) {
    ordered_json r;
    r["ruleId"] = f.rule;
    r["ruleIndex"] = index[f.rule];
    r["level"] = Level(f.severity);
    std::string text = f.message;
    if (!f.remediation.empty()) text += "\n\nRemediation: " + f.remediation;
    r["message"] = {{"text", text}};
    ordered_json locs = ordered_json::array();
    if (f.location) {
      locs.push_back(
          {{"physicalLocation", PhysicalLocation(*f.location, run)}});
    } else {
      // Subject-only findings (runner, token, settings) still need a location
      // for code scanning; attribute them to the repository root.
      locs.push_back(
          {{"physicalLocation",
            {{"artifactLocation", {{"uri", "."}, {"uriBaseId", "%SRCROOT%"}}}}},
           {"message", {{"text", f.subject}}}});
    }
    r["locations"] = std::move(locs);
    if (!f.related.empty()) {
      ordered_json rel = ordered_json::array();
      int id = 0;
      for (const Location& l : f.related) {
        rel.push_back(
            {{"id", id++},
             {"physicalLocation", PhysicalLocation(l, run)},
             {"message", {{"text", l.note.empty() ? "related" : l.note}}}});
      }
      r["relatedLocations"] = std::move(rel);
    }
    r["partialFingerprints"] = {{"stepguard/v1", f.fingerprint}};
    r["properties"] = {
        {"severity", std::string(SeverityName(f.severity))},
        {"confidence", std::string(ConfidenceName(f.confidence))},
        {"security-severity", SecuritySeverity(f.severity)}};
    if (f.suppressed()) {
      r["suppressions"] = ordered_json::array(
          {{{"kind", f.suppression.kind == SuppressionKind::kInline
                         ? "inSource"
                         : "external"},
            {"justification", f.suppression.reason}}});
    }
    results.push_back(std::move(r));
  }

  ordered_json invocation = {{"executionSuccessful", run.errors.empty()}};
  if (!run.errors.empty()) {
    ordered_json notes = ordered_json::array();
    for (const Diagnostic& d : run.errors) {
      ordered_json n = {{"level", "error"}, {"message", {{"text", d.message}}}};
      Location l;
      l.path = d.path;
      l.span.begin = d.pos;
      n["locations"] = ordered_json::array(
          {{{"physicalLocation", PhysicalLocation(l, run)}}});
      notes.push_back(std::move(n));
    }
    invocation["toolExecutionNotifications"] = std::move(notes);
  }

  ordered_json root;
  root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  root["version"] = "2.1.0";
  ordered_json run_json;
  run_json["tool"] = {
      {"driver",
       {{"name", "stepguard"},
        {"version", run.tool_version},
        {"semanticVersion", run.tool_version},
        {"informationUri", "https://github.com/stepguard/stepguard"},
        {"rules", std::move(rules)}}}};
  run_json["invocations"] = ordered_json::array({invocation});
  run_json["originalUriBaseIds"] = {
      {"%SRCROOT%", {{"description", {{"text", "repository root"}}}}}};
  run_json["results"] = std::move(results);
  run_json["columnKind"] = "utf16CodeUnits";
  root["runs"] = ordered_json::array({std::move(run_json)});
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace sg::report
