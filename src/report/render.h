// Renderers: findings + run information -> text in one output format.
// Renderers see only findings and run info (never YAML or the policy), and
// every output passes through the same secret redaction.
#ifndef STEPGUARD_REPORT_RENDER_H_
#define STEPGUARD_REPORT_RENDER_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/status.h"
#include "finding/finding.h"

namespace sg::report {

enum class Format { kPlain, kJson, kSarif, kGithub, kMarkdown };
std::optional<Format> ParseFormat(std::string_view s);
inline constexpr const char* kFormatNames = "plain|json|sarif|github|markdown";

// Source text access for snippets and end positions. Implemented by the
// caller (the CLI wraps the loaded repository); may return empty.
class SourceProvider {
 public:
  virtual ~SourceProvider() = default;
  // 1-based line of `path`, without its newline; empty when unknown.
  virtual std::string_view Line(const std::string& path, int line) const = 0;
  // Position of a byte offset in `path`; unknown (line 0) when unavailable.
  virtual SourcePos PosAt(const std::string& path, size_t offset) const = 0;
};

struct RuleMeta {
  std::string id;
  std::string description;
  Severity severity = Severity::kMedium;
};

struct RunInfo {
  std::string tool_version;
  std::string command;  // "lint", "runner", ...
  size_t files = 0;
  int64_t elapsed_ms = 0;
  std::optional<Severity> fail_on = Severity::kHigh;
  std::vector<Diagnostic> errors;  // input problems (files not assessed)
  std::vector<RuleMeta> rules;     // for SARIF's rule table
  const SourceProvider* sources = nullptr;
  bool color = false;
  // Extra top-level JSON members (e.g. "facts" for `runner`), as JSON text.
  std::map<std::string, std::string> json_extra;
  // Values that must never appear in output (replaced with ***).
  std::vector<std::string> secrets;
};

// "pass" or "fail" for the findings under the run's fail-on threshold.
std::string_view Verdict(const FindingSet& findings, const RunInfo& run);

std::string RenderPlain(const FindingSet& findings, const RunInfo& run);
std::string RenderJson(const FindingSet& findings, const RunInfo& run);
std::string RenderSarif(const FindingSet& findings, const RunInfo& run);
std::string RenderGithub(const FindingSet& findings, const RunInfo& run);
std::string RenderMarkdown(const FindingSet& findings, const RunInfo& run);

// Dispatches on `format` and applies Redact().
std::string Render(Format format, const FindingSet& findings,
                   const RunInfo& run);

// Replaces every occurrence of each secret (of 4+ bytes) with "***".
std::string Redact(std::string text, const std::vector<std::string>& secrets);

}  // namespace sg::report

#endif  // STEPGUARD_REPORT_RENDER_H_
