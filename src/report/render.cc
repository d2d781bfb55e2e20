#include "report/render.h"

#include <algorithm>
#include <map>

#include "base/strings.h"

namespace sg::report {

std::optional<Format> ParseFormat(std::string_view s) {
  if (s == "plain") return Format::kPlain;
  if (s == "json") return Format::kJson;
  if (s == "sarif") return Format::kSarif;
  if (s == "github") return Format::kGithub;
  if (s == "markdown") return Format::kMarkdown;
  return std::nullopt;
}

std::string_view Verdict(const FindingSet& findings, const RunInfo& run) {
  return findings.Violates(run.fail_on) ? "fail" : "pass";
}

std::string Redact(std::string text, const std::vector<std::string>& secrets) {
  // Longest first, so a secret containing another is replaced whole.
  std::vector<std::string> sorted;
  for (const auto& s : secrets)
    if (s.size() >= 4) sorted.push_back(s);
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) {
              return a.size() > b.size();
            });
  for (const auto& s : sorted) {
    size_t pos = 0;
    while ((pos = text.find(s, pos)) != std::string::npos) {
      text.replace(pos, s.size(), "***");
      pos += 3;
    }
  }
  return text;
}

namespace {

const char* Color(Severity s, bool on) {
  if (!on) return "";
  switch (s) {
    case Severity::kHigh:
      return "\033[1;31m";
    case Severity::kMedium:
      return "\033[1;33m";
    case Severity::kLow:
      return "\033[1;36m";
    case Severity::kInfo:
      return "\033[1;34m";
  }
  return "";
}

std::string Summary(const FindingSet& findings, const RunInfo& run) {
  std::map<Severity, int> counts;
  size_t suppressed = 0;
  for (const auto& f : findings.findings()) {
    if (f.suppressed())
      ++suppressed;
    else
      ++counts[f.severity];
  }
  std::string parts;
  for (Severity s :
       {Severity::kHigh, Severity::kMedium, Severity::kLow, Severity::kInfo}) {
    if (!counts[s]) continue;
    parts += (parts.empty() ? "" : ", ") + std::to_string(counts[s]) + " " +
             std::string(SeverityName(s));
  }
  size_t n = findings.CountUnsuppressed();
  std::string out = std::to_string(n) + (n == 1 ? " finding" : " findings");
  if (!parts.empty()) out += " (" + parts + ")";
  if (suppressed) out += ", " + std::to_string(suppressed) + " suppressed";
  if (!findings.not_assessed().empty())
    out +=
        ", " + std::to_string(findings.not_assessed().size()) + " not assessed";
  if (!run.errors.empty())
    out += ", " + std::to_string(run.errors.size()) + " input error(s)";
  out +=
      "; " + std::to_string(run.files) + (run.files == 1 ? " file" : " files");
  out += " in " + std::to_string(run.elapsed_ms) + " ms";
  out += "; verdict: " + std::string(Verdict(findings, run));
  out += " (fail-on: " +
         std::string(run.fail_on ? SeverityName(*run.fail_on)
                                 : std::string_view("none")) +
         ")";
  return out;
}

// The caret line under a source line for a span starting at `column`.
std::string Caret(std::string_view line, int column, size_t length) {
  std::string out;
  for (int i = 1; i < column && static_cast<size_t>(i) <= line.size(); ++i)
    out += line[static_cast<size_t>(i) - 1] == '\t' ? '\t' : ' ';
  out += '^';
  size_t avail =
      line.size() >= static_cast<size_t>(column) ? line.size() - column : 0;
  size_t tildes = std::min(length > 0 ? length - 1 : 0, avail);
  out += std::string(tildes, '~');
  return out;
}

}  // namespace

std::string RenderPlain(const FindingSet& findings, const RunInfo& run) {
  std::string out;
  const char* reset = run.color ? "\033[0m" : "";
  const char* bold = run.color ? "\033[1m" : "";
  for (const Diagnostic& d : run.errors) out += d.ToString() + "\n";
  if (!run.errors.empty()) out += "\n";
  for (const Finding& f : findings.findings()) {
    if (f.suppressed()) continue;
    std::string where =
        f.location ? FormatLocation(f.location->path, f.location->span.begin)
                   : f.subject;
    out += std::string(bold) + where + ":" + reset + " " +
           Color(f.severity, run.color) +
           std::string(SeverityName(f.severity)) + reset + ": " + f.message +
           " [" + f.rule + "]\n";
    if (f.location && f.location->span.known() && run.sources) {
      const int line = f.location->span.begin.line;
      std::string_view text = run.sources->Line(f.location->path, line);
      if (!text.empty()) {
        std::string num = std::to_string(line);
        std::string pad(num.size(), ' ');
        // A span that runs past this line is underlined to its end.
        size_t len = f.location->span.length;
        out += pad + " |\n" + num + " | " + std::string(text) + "\n" + pad +
               " | " + Color(f.severity, run.color) +
               Caret(text, f.location->span.begin.column, len == 0 ? 1 : len) +
               reset + "\n";
      }
    }
    for (const Location& r : f.related) {
      out += "  note: " + FormatLocation(r.path, r.span.begin) + ": " + r.note +
             "\n";
    }
    if (!f.remediation.empty()) out += "  = help: " + f.remediation + "\n";
    out += "\n";
  }
  // One line per reason: "not assessed: a, b, c: no token".
  std::vector<std::pair<std::string, std::string>> grouped;  // reason -> checks
  for (const NotAssessed& n : findings.not_assessed()) {
    std::string check =
        n.check + (n.subject.empty() ? "" : " (" + n.subject + ")");
    auto it = std::find_if(grouped.begin(), grouped.end(),
                           [&](const auto& g) { return g.first == n.reason; });
    if (it == grouped.end())
      grouped.emplace_back(n.reason, check);
    else
      it->second += ", " + check;
  }
  for (const auto& [reason, checks] : grouped) {
    out += "not assessed: " + checks + ": " + reason + "\n";
  }
  out += Summary(findings, run) + "\n";
  return out;
}

namespace {

// Workflow-command escaping (actions/toolkit: escapeData / escapeProperty).
std::string EscapeData(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string EscapeProperty(std::string_view s) {
  std::string out;
  for (char c : EscapeData(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

}  // namespace

std::string RenderGithub(const FindingSet& findings, const RunInfo& run) {
  std::string out;
  for (const Diagnostic& d : run.errors) {
    out += "::error file=" + EscapeProperty(d.path);
    if (d.pos.known())
      out += ",line=" + std::to_string(d.pos.line) +
             ",col=" + std::to_string(d.pos.column);
    out += ",title=stepguard input error::" + EscapeData(d.message) + "\n";
  }
  for (const Finding& f : findings.findings()) {
    if (f.suppressed()) continue;
    const char* level = f.severity == Severity::kHigh     ? "error"
                        : f.severity == Severity::kMedium ? "warning"
                                                          : "notice";
    out += std::string("::") + level;
    std::string props;
    if (f.location) {
      props += "file=" + EscapeProperty(f.location->path);
      if (f.location->span.known()) {
        const SourcePos& b = f.location->span.begin;
        props += ",line=" + std::to_string(b.line) +
                 ",col=" + std::to_string(b.column);
        if (run.sources && f.location->span.length > 0) {
          SourcePos e = run.sources->PosAt(f.location->path,
                                           b.offset + f.location->span.length);
          if (e.known()) {
            props += ",endLine=" + std::to_string(e.line);
            if (e.line == b.line)
              props += ",endColumn=" + std::to_string(e.column);
          }
        }
      }
      props += ",";
    }
    props +=
        "title=" + EscapeProperty(f.rule + " (" +
                                  std::string(SeverityName(f.severity)) + ")");
    out += " " + props + "::" + EscapeData(f.message) + "\n";
  }
  out += "stepguard: " + Summary(findings, run) + "\n";
  return out;
}

std::string RenderMarkdown(const FindingSet& findings, const RunInfo& run) {
  std::string out = "## stepguard " + run.command + ": " +
                    (Verdict(findings, run) == "pass" ? "✅ pass" : "❌ fail") +
                    "\n\n";
  out += Summary(findings, run) + "\n\n";
  auto cell = [](std::string_view s) {
    std::string o;
    for (char c : s) {
      if (c == '|')
        o += "\\|";
      else if (c == '\n')
        o += ' ';
      else
        o += c;
    }
    return o;
  };
  if (findings.CountUnsuppressed() > 0) {
    out += "| Severity | Rule | Location | Finding |\n|---|---|---|---|\n";
    constexpr size_t kMaxBytes =
        900 * 1024;  // job summaries are capped at 1 MiB
    size_t shown = 0;
    for (const Finding& f : findings.findings()) {
      if (f.suppressed()) continue;
      std::string where =
          f.location ? FormatLocation(f.location->path, f.location->span.begin)
                     : f.subject;
      std::string row = "| " + std::string(SeverityName(f.severity)) + " | `" +
                        f.rule + "` | `" + cell(where) + "` | " +
                        cell(f.message) + " |\n";
      if (out.size() + row.size() > kMaxBytes) {
        out += "\n…and " +
               std::to_string(findings.CountUnsuppressed() - shown) +
               " more (see the JSON or SARIF report).\n";
        break;
      }
      out += row;
      ++shown;
    }
  }
  if (!findings.not_assessed().empty()) {
    out += "\n### Not assessed\n\n";
    for (const NotAssessed& n : findings.not_assessed())
      out += "- `" + n.check + "`: " + cell(n.reason) + "\n";
  }
  if (!run.errors.empty()) {
    out += "\n### Input errors\n\n";
    for (const Diagnostic& d : run.errors)
      out += "- `" + cell(d.ToString()) + "`\n";
  }
  return out;
}

std::string Render(Format format, const FindingSet& findings,
                   const RunInfo& run) {
  std::string out;
  switch (format) {
    case Format::kPlain:
      out = RenderPlain(findings, run);
      break;
    case Format::kJson:
      out = RenderJson(findings, run);
      break;
    case Format::kSarif:
      out = RenderSarif(findings, run);
      break;
    case Format::kGithub:
      out = RenderGithub(findings, run);
      break;
    case Format::kMarkdown:
      out = RenderMarkdown(findings, run);
      break;
  }
  return Redact(std::move(out), run.secrets);
}

}  // namespace sg::report
