// The one finding model shared by every area (workflow audits, runner,
// token, repository settings, sandbox). Renderers see only findings.
#ifndef STEPGUARD_FINDING_FINDING_H_
#define STEPGUARD_FINDING_FINDING_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.h"

namespace sg {

enum class Severity { kInfo = 0, kLow = 1, kMedium = 2, kHigh = 3 };
enum class Confidence { kLow = 0, kMedium = 1, kHigh = 2 };

std::string_view SeverityName(Severity s);      // "info", "low", ...
std::string_view ConfidenceName(Confidence c);  // "low", "medium", "high"
std::optional<Severity> ParseSeverity(std::string_view s);
std::optional<Confidence> ParseConfidence(std::string_view s);

// Which part of stepguard produced a finding; also the JSON "area" field.
enum class Area { kWorkflow, kRunner, kToken, kRepository, kSandbox };
std::string_view AreaName(Area a);

struct Location {
  std::string path;   // repository-relative when known
  SourceSpan span;    // unknown (line 0) for subject-only findings
  std::string route;  // normalised YAML route, e.g. "jobs.build.steps[2].run"
  std::string note;   // for related locations
};

enum class SuppressionKind { kNone, kInline, kPolicy, kBaseline };
struct Suppression {
  SuppressionKind kind = SuppressionKind::kNone;
  std::string reason;
};
std::string_view SuppressionKindName(SuppressionKind k);  // "inline", ...

struct Finding {
  std::string rule;  // kebab-case id
  Area area = Area::kWorkflow;
  Severity severity = Severity::kMedium;
  Confidence confidence = Confidence::kHigh;
  std::string message;
  std::optional<Location> location;  // primary location, if any
  std::string subject;               // e.g. "runner", "repo:owner/name"
  std::vector<Location> related;
  std::string remediation;
  std::string snippet;      // normalised offending text (fingerprint)
  std::string fingerprint;  // stable across line moves
  Suppression suppression;

  bool suppressed() const { return suppression.kind != SuppressionKind::kNone; }
};

// Fingerprint = hash(rule, path, route, whitespace-normalised snippet).
// Line numbers are deliberately excluded so baselines survive edits.
std::string ComputeFingerprint(const Finding& f);

// Fluent builder so every audit constructs findings the same way.
class FindingBuilder {
 public:
  FindingBuilder(std::string rule, Area area);
  FindingBuilder& Severity(sg::Severity s) {
    f_.severity = s;
    return *this;
  }
  FindingBuilder& Confidence(sg::Confidence c) {
    f_.confidence = c;
    return *this;
  }
  FindingBuilder& Message(std::string m) {
    f_.message = std::move(m);
    return *this;
  }
  FindingBuilder& At(Location loc) {
    f_.location = std::move(loc);
    return *this;
  }
  FindingBuilder& Subject(std::string s) {
    f_.subject = std::move(s);
    return *this;
  }
  FindingBuilder& Related(Location loc) {
    f_.related.push_back(std::move(loc));
    return *this;
  }
  FindingBuilder& Remediation(std::string r) {
    f_.remediation = std::move(r);
    return *this;
  }
  FindingBuilder& Snippet(std::string s) {
    f_.snippet = std::move(s);
    return *this;
  }
  // Computes the fingerprint and returns the finding.
  Finding Build();

 private:
  Finding f_;
};

// An item a check could not evaluate ("not assessed"), never a pass.
struct NotAssessed {
  std::string check;
  std::string reason;
  std::string subject;
};

// Ordered collection; Sort() gives a deterministic order (path, line, col,
// rule).
class FindingSet {
 public:
  void Add(Finding f) { findings_.push_back(std::move(f)); }
  void AddNotAssessed(NotAssessed n) { not_assessed_.push_back(std::move(n)); }
  void Merge(FindingSet other);
  void Sort();
  // Removes exact duplicates (same fingerprint and same location).
  void Dedupe();

  std::vector<Finding>& findings() { return findings_; }
  const std::vector<Finding>& findings() const { return findings_; }
  const std::vector<NotAssessed>& not_assessed() const { return not_assessed_; }

  // True when an unsuppressed finding is at or above `threshold`.
  bool Violates(std::optional<Severity> threshold) const;
  size_t CountUnsuppressed() const;

 private:
  std::vector<Finding> findings_;
  std::vector<NotAssessed> not_assessed_;
};

}  // namespace sg

#endif  // STEPGUARD_FINDING_FINDING_H_
