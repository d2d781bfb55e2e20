#include <nlohmann/json.hpp>

#include "report/render.h"

namespace sg::report {

using nlohmann::ordered_json;

namespace {

ordered_json LocationJson(const Location& l) {
  ordered_json j;
  j["path"] = l.path;
  j["line"] = l.span.begin.line;
  j["column"] = l.span.begin.column;
  if (l.span.known()) {
    j["offset"] = l.span.begin.offset;
    j["length"] = l.span.length;
  }
  if (!l.route.empty()) j["route"] = l.route;
  if (!l.note.empty()) j["note"] = l.note;
  return j;
}

}  // namespace

std::string RenderJson(const FindingSet& findings, const RunInfo& run) {
  ordered_json root;
  root["version"] = 1;
  root["tool"] = {{"name", "stepguard"}, {"version", run.tool_version}};
  root["command"] = run.command;
  root["verdict"] = std::string(Verdict(findings, run));
  root["fail_on"] = run.fail_on ? std::string(SeverityName(*run.fail_on))
                                : std::string("none");
  ordered_json list = ordered_json::array();
  for (const Finding& f : findings.findings()) {
    ordered_json j;
    j["rule"] = f.rule;
    j["area"] = std::string(AreaName(f.area));
    j["severity"] = std::string(SeverityName(f.severity));
    j["confidence"] = std::string(ConfidenceName(f.confidence));
    j["message"] = f.message;
    j["location"] =
        f.location ? LocationJson(*f.location) : ordered_json(nullptr);
    if (!f.subject.empty()) j["subject"] = f.subject;
    ordered_json related = ordered_json::array();
    for (const Location& r : f.related) related.push_back(LocationJson(r));
    j["related"] = related;
    if (!f.remediation.empty()) j["remediation"] = f.remediation;
    j["fingerprint"] = f.fingerprint;
    if (f.suppressed()) {
      j["suppressed"] = {
          {"kind", std::string(SuppressionKindName(f.suppression.kind))},
          {"reason", f.suppression.reason}};
    } else {
      j["suppressed"] = nullptr;
    }
    list.push_back(std::move(j));
  }
  root["findings"] = std::move(list);
  ordered_json na = ordered_json::array();
  for (const NotAssessed& n : findings.not_assessed()) {
    ordered_json j = {{"check", n.check}, {"reason", n.reason}};
    if (!n.subject.empty()) j["subject"] = n.subject;
    na.push_back(std::move(j));
  }
  root["not_assessed"] = std::move(na);
  ordered_json errors = ordered_json::array();
  for (const Diagnostic& d : run.errors) {
    errors.push_back({{"path", d.path},
                      {"line", d.pos.line},
                      {"column", d.pos.column},
                      {"message", d.message}});
  }
  root["errors"] = std::move(errors);
  for (const auto& [key, text] : run.json_extra) {
    root[key] = ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  }
  root["stats"] = {
      {"files", run.files},
      {"findings", findings.CountUnsuppressed()},
      {"suppressed", findings.findings().size() - findings.CountUnsuppressed()},
      {"elapsed_ms", run.elapsed_ms}};
  // Invalid UTF-8 in a message must not make dump() throw.
  return root.dump(2, ' ', false, ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace sg::report
