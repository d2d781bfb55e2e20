#include "finding/finding.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "base/strings.h"

namespace sg {

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
  }
  return "info";
}

std::string_view ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kLow:
      return "low";
    case Confidence::kMedium:
      return "medium";
    case Confidence::kHigh:
      return "high";
  }
  return "low";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "info") return Severity::kInfo;
  if (s == "low") return Severity::kLow;
  if (s == "medium") return Severity::kMedium;
  if (s == "high") return Severity::kHigh;
  return std::nullopt;
}

std::optional<Confidence> ParseConfidence(std::string_view s) {
  if (s == "low") return Confidence::kLow;
  if (s == "medium") return Confidence::kMedium;
  if (s == "high") return Confidence::kHigh;
  return std::nullopt;
}

std::string_view AreaName(Area a) {
  switch (a) {
    case Area::kWorkflow:
      return "workflow";
    case Area::kRunner:
      return "runner";
    case Area::kToken:
      return "token";
    case Area::kRepository:
      return "repository";
    case Area::kSandbox:
      return "sandbox";
  }
  return "workflow";
}

std::string_view SuppressionKindName(SuppressionKind k) {
  switch (k) {
    case SuppressionKind::kNone:
      return "none";
    case SuppressionKind::kInline:
      return "inline";
    case SuppressionKind::kPolicy:
      return "policy";
    case SuppressionKind::kBaseline:
      return "baseline";
  }
  return "none";
}

namespace {
std::string NormaliseWhitespace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}
}  // namespace

std::string ComputeFingerprint(const Finding& f) {
  std::string key = f.rule;
  key += '\0';
  if (f.location) {
    key += f.location->path;
    key += '\0';
    key += f.location->route;
  } else {
    key += f.subject;
  }
  key += '\0';
  key += NormaliseWhitespace(f.snippet.empty() ? f.message : f.snippet);
  // Two seeds give 128 bits, enough to make accidental collisions moot.
  return Hex64(Fnv1a64(key)) + Hex64(Fnv1a64(key, 0x84222325cbf29ce4ULL));
}

FindingBuilder::FindingBuilder(std::string rule, Area area) {
  f_.rule = std::move(rule);
  f_.area = area;
}

Finding FindingBuilder::Build() {
  f_.fingerprint = ComputeFingerprint(f_);
  return std::move(f_);
}

void FindingSet::Merge(FindingSet other) {
  for (auto& f : other.findings_) findings_.push_back(std::move(f));
  for (auto& n : other.not_assessed_) not_assessed_.push_back(std::move(n));
}

void FindingSet::Sort() {
  auto key = [](const Finding& f) {
    const Location* l = f.location ? &*f.location : nullptr;
    return std::make_tuple(l ? l->path : f.subject, l ? l->span.begin.line : 0,
                           l ? l->span.begin.column : 0, f.rule, f.message);
  };
  std::stable_sort(
      findings_.begin(), findings_.end(),
      [&](const Finding& a, const Finding& b) { return key(a) < key(b); });
}

void FindingSet::Dedupe() {
  std::set<std::tuple<std::string, std::string, int, int>> seen;
  std::vector<Finding> out;
  for (auto& f : findings_) {
    int line = f.location ? f.location->span.begin.line : 0;
    int col = f.location ? f.location->span.begin.column : 0;
    std::string path = f.location ? f.location->path : f.subject;
    if (seen.insert({f.fingerprint, path, line, col}).second)
      out.push_back(std::move(f));
  }
  findings_ = std::move(out);
}

bool FindingSet::Violates(std::optional<Severity> threshold) const {
  if (!threshold) return false;
  for (const auto& f : findings_) {
    if (!f.suppressed() && f.severity >= *threshold) return true;
  }
  return false;
}

size_t FindingSet::CountUnsuppressed() const {
  size_t n = 0;
  for (const auto& f : findings_) n += f.suppressed() ? 0 : 1;
  return n;
}

}  // namespace sg
