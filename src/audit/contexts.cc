#include "audit/contexts.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "base/strings.h"

namespace sg::audit {
namespace {

struct Entry {
  std::string_view pattern;  // glob over the normalised path; `*` = one segment
  Capability capability;
  std::string_view events;  // comma-separated; empty = any
};

// Source: GitHub Docs, "Webhook events and payloads" and "Contexts
// reference" (github context), cross-checked with the payload fields that
// GitHub Security Lab's "Keeping your GitHub Actions and workflows secure
// Part 2: Untrusted input" lists as attacker-controlled. First match wins, so
// specific entries precede general ones.
constexpr std::array kTable = {
    // Pull requests: the head branch and the PR's free text.
    Entry{"github.head_ref", Capability::kArbitrary,
          "pull_request,pull_request_target"},
    Entry{"github.event.pull_request.title", Capability::kArbitrary, ""},
    Entry{"github.event.pull_request.body", Capability::kArbitrary, ""},
    Entry{"github.event.pull_request.head.ref", Capability::kArbitrary, ""},
    Entry{"github.event.pull_request.head.label", Capability::kArbitrary, ""},
    Entry{"github.event.pull_request.head.repo.default_branch",
          Capability::kArbitrary, ""},
    Entry{"github.event.pull_request.head.repo.description",
          Capability::kArbitrary, ""},
    Entry{"github.event.pull_request.head.repo.homepage",
          Capability::kArbitrary, ""},
    Entry{"github.event.pull_request.head.repo.name", Capability::kArbitrary,
          ""},
    Entry{"github.event.pull_request.head.repo.full_name",
          Capability::kArbitrary, ""},
    Entry{"github.event.pull_request.head.sha", Capability::kStructured, ""},
    Entry{"github.event.pull_request.number", Capability::kStructured, ""},
    Entry{"github.event.pull_request.user.login", Capability::kStructured, ""},
    Entry{"github.event.pull_request.labels.*.name", Capability::kArbitrary,
          ""},
    // Issues, comments, reviews, discussions: free text by anyone who can
    // open an issue or comment.
    Entry{"github.event.issue.title", Capability::kArbitrary,
          "issues,issue_comment"},
    Entry{"github.event.issue.body", Capability::kArbitrary,
          "issues,issue_comment"},
    Entry{"github.event.issue.labels.*.name", Capability::kArbitrary,
          "issues,issue_comment"},
    Entry{"github.event.issue.number", Capability::kStructured, ""},
    Entry{"github.event.issue.user.login", Capability::kStructured, ""},
    Entry{"github.event.comment.body", Capability::kArbitrary,
          "issue_comment,pull_request_review_comment,discussion_comment,commit_"
          "comment"},
    Entry{"github.event.comment.user.login", Capability::kStructured, ""},
    Entry{"github.event.review.body", Capability::kArbitrary,
          "pull_request_review"},
    Entry{"github.event.review_comment.body", Capability::kArbitrary, ""},
    Entry{"github.event.discussion.title", Capability::kArbitrary,
          "discussion,discussion_comment"},
    Entry{"github.event.discussion.body", Capability::kArbitrary,
          "discussion,discussion_comment"},
    Entry{"github.event.pages.*.page_name", Capability::kArbitrary, "gollum"},
    Entry{"github.event.pages.*.title", Capability::kArbitrary, "gollum"},
    // Commits: messages and author identities are whatever the pusher wrote.
    Entry{"github.event.head_commit.message", Capability::kArbitrary, ""},
    Entry{"github.event.head_commit.author.email", Capability::kArbitrary, ""},
    Entry{"github.event.head_commit.author.name", Capability::kArbitrary, ""},
    Entry{"github.event.head_commit.committer.email", Capability::kArbitrary,
          ""},
    Entry{"github.event.head_commit.committer.name", Capability::kArbitrary,
          ""},
    Entry{"github.event.commits.*.message", Capability::kArbitrary, ""},
    Entry{"github.event.commits.*.author.email", Capability::kArbitrary, ""},
    Entry{"github.event.commits.*.author.name", Capability::kArbitrary, ""},
    Entry{"github.event.commits.*.committer.email", Capability::kArbitrary, ""},
    Entry{"github.event.commits.*.committer.name", Capability::kArbitrary, ""},
    // workflow_run: the triggering run's branch and commit come from a fork.
    Entry{"github.event.workflow_run.head_branch", Capability::kArbitrary,
          "workflow_run"},
    Entry{"github.event.workflow_run.display_title", Capability::kArbitrary,
          "workflow_run"},
    Entry{"github.event.workflow_run.head_commit.message",
          Capability::kArbitrary, "workflow_run"},
    Entry{"github.event.workflow_run.head_commit.author.email",
          Capability::kArbitrary, "workflow_run"},
    Entry{"github.event.workflow_run.head_commit.author.name",
          Capability::kArbitrary, "workflow_run"},
    Entry{"github.event.workflow_run.head_repository.description",
          Capability::kArbitrary, "workflow_run"},
    Entry{"github.event.workflow_run.pull_requests.*.head.ref",
          Capability::kArbitrary, "workflow_run"},
    Entry{"github.event.workflow_run.head_sha", Capability::kStructured,
          "workflow_run"},
    // Releases and other repo-member text: needs write access to author.
    Entry{"github.event.release.name", Capability::kArbitrary, "release"},
    Entry{"github.event.release.body", Capability::kArbitrary, "release"},
    Entry{"github.event.release.tag_name", Capability::kArbitrary, "release"},
    Entry{"github.event.milestone.title", Capability::kArbitrary, ""},
    Entry{"github.event.milestone.description", Capability::kArbitrary, ""},
    Entry{"github.event.label.name", Capability::kArbitrary,
          "label,issues,pull_request,pull_request_target"},
    Entry{"github.event.client_payload", Capability::kArbitrary,
          "repository_dispatch"},
    Entry{"github.event.client_payload.*", Capability::kArbitrary,
          "repository_dispatch"},
    Entry{"github.event.client_payload.**", Capability::kArbitrary,
          "repository_dispatch"},
    Entry{"github.event.ref", Capability::kStructured, ""},
    Entry{"github.event.base_ref", Capability::kArbitrary, ""},
    // Fixed or structured parts of the github context.
    // A pushed branch or tag name: chosen by someone with write access (for
    // pull requests it is refs/pull/N/merge).
    Entry{"github.ref_name", Capability::kStructured, ""},
    Entry{"github.ref", Capability::kStructured, ""},
    Entry{"github.base_ref", Capability::kStructured, ""},
    Entry{"github.actor", Capability::kStructured, ""},
    Entry{"github.triggering_actor", Capability::kStructured, ""},
    Entry{"github.sha", Capability::kFixed, ""},
    Entry{"github.event.*.number", Capability::kStructured, ""},
    Entry{"github.event.number", Capability::kStructured, ""},
    Entry{"github.event.*.id", Capability::kFixed, ""},
    Entry{"github.event.*.sha", Capability::kStructured, ""},
    Entry{"github.event.*.html_url", Capability::kFixed, ""},
    Entry{"github.event.*.url", Capability::kFixed, ""},
    Entry{"github.event.*.state", Capability::kFixed, ""},
    Entry{"github.event.action", Capability::kFixed, ""},
    Entry{"github.event.repository.*", Capability::kFixed, ""},
    Entry{"github.event.sender.login", Capability::kStructured, ""},
    Entry{"github.event.*.user.login", Capability::kStructured, ""},
    Entry{"github.event.*.author_association", Capability::kFixed, ""},
    Entry{"github.repository", Capability::kFixed, ""},
    Entry{"github.repository_owner", Capability::kFixed, ""},
    Entry{"github.event_name", Capability::kFixed, ""},
    Entry{"github.workspace", Capability::kFixed, ""},
    Entry{"github.run_id", Capability::kFixed, ""},
    Entry{"github.run_number", Capability::kFixed, ""},
    Entry{"github.run_attempt", Capability::kFixed, ""},
    Entry{"github.server_url", Capability::kFixed, ""},
    Entry{"github.api_url", Capability::kFixed, ""},
    Entry{"github.job", Capability::kFixed, ""},
    Entry{"github.workflow", Capability::kFixed, ""},
    Entry{"github.action_path", Capability::kFixed, ""},
    Entry{"github.token", Capability::kFixed, ""},
    Entry{"github.repository_id", Capability::kFixed, ""},
    Entry{"github.event.pull_request.base.*", Capability::kFixed, ""},
    Entry{"github.event.pull_request.merged", Capability::kFixed, ""},
    Entry{"github.event.pull_request.draft", Capability::kFixed, ""},
    // Everything else in an event payload: could be text; unknown.
    Entry{"github.event.**", Capability::kUnknown, ""},
    Entry{"github.event", Capability::kArbitrary, ""},  // the whole payload
    Entry{"runner.*", Capability::kFixed, ""},
    Entry{"strategy.*", Capability::kFixed, ""},
    Entry{"job.*", Capability::kFixed, ""},
    Entry{"job.**", Capability::kFixed, ""},
    Entry{"secrets.*", Capability::kFixed, ""},
    Entry{"vars.*", Capability::kFixed, ""},
    // A step's outcome and a needed job's result are one of success,
    // failure, cancelled or skipped, whatever the step printed.
    Entry{"steps.*.outcome", Capability::kFixed, ""},
    Entry{"steps.*.conclusion", Capability::kFixed, ""},
    Entry{"needs.*.result", Capability::kFixed, ""},
};

// Fields deeper in a payload than the table's patterns reach
// (`github.event.workflow_run.pull_requests.*.base.repo.id`), judged by the
// field name, which means the same thing throughout GitHub's webhook
// payloads. kUnknown when the name says nothing.
Capability ClassifyPayloadField(std::string_view path) {
  const size_t dot = path.rfind('.');
  const std::string_view leaf = path.substr(dot + 1);
  const std::string_view head = path.substr(0, dot);
  if (EndsWith(head, ".labels.*") && leaf == "name")
    return Capability::kArbitrary;  // label names
  if (EndsWith(head, ".label") && leaf == "name") return Capability::kArbitrary;
  static constexpr std::string_view kFixedLeaves[] = {
      "id",     "node_id",    "run_id",     "run_number",  "run_attempt",
      "url",    "fork",       "private",    "draft",       "merged",
      "locked", "state",      "action",     "type",        "author_association",
      "status", "conclusion", "site_admin", "workflow_id", "check_suite_id"};
  for (std::string_view f : kFixedLeaves)
    if (leaf == f) return Capability::kFixed;
  if (EndsWith(leaf, "_url") || EndsWith(leaf, "_at"))
    return Capability::kFixed;  // links and timestamps GitHub writes
  static constexpr std::string_view kStructuredLeaves[] = {
      "number",           "sha",    "head_sha", "base_sha",
      "merge_commit_sha", "before", "after",    "login"};
  for (std::string_view f : kStructuredLeaves)
    if (leaf == f) return Capability::kStructured;
  static constexpr std::string_view kTextLeaves[] = {"title", "body", "message",
                                                     "email"};
  for (std::string_view f : kTextLeaves)
    if (leaf == f) return Capability::kArbitrary;
  return Capability::kUnknown;
}

// A table pattern prepared once: `*` patterns are matched with GlobMatch over
// the path with '.' turned into '/', so that `*` stops at segment boundaries.
// The literal text before the first `*` rejects most paths without a glob.
struct Compiled {
  std::string slashed;  // the pattern, '.' -> '/'
  size_t literal = 0;   // length of the text before the first '*'
  bool glob = false;
};

const std::vector<Compiled>& CompiledTable() {
  static const std::vector<Compiled> kCompiled = [] {
    std::vector<Compiled> out;
    for (const Entry& e : kTable) {
      Compiled c;
      c.slashed = std::string(e.pattern);
      for (char& ch : c.slashed)
        if (ch == '.') ch = '/';
      const size_t star = e.pattern.find('*');
      c.glob = star != std::string_view::npos;
      c.literal = c.glob ? star : e.pattern.size();
      out.push_back(std::move(c));
    }
    return out;
  }();
  return kCompiled;
}

bool SegmentGlob(const Entry& e, const Compiled& c, std::string_view path,
                 std::string_view slashed) {
  if (!c.glob) return e.pattern == path;
  if (slashed.compare(0, c.literal, c.slashed, 0, c.literal) != 0) return false;
  return GlobMatch(c.slashed, slashed);
}

}  // namespace

ContextInfo ClassifyContext(std::string_view raw) {
  // Indexes select an element: `commits[0].message` is `commits.*.message`,
  // while a string index names a member: `github['event']` is
  // `github.event`. Context names are case-insensitive.
  std::string path;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '[') {
      size_t close = raw.find(']', i);
      if (close == std::string_view::npos) break;
      std::string_view inner = Trim(raw.substr(i + 1, close - i - 1));
      if (inner.size() >= 2 && (inner[0] == '\'' || inner[0] == '"') &&
          inner.back() == inner[0]) {
        path += '.';
        path += ToLower(inner.substr(1, inner.size() - 2));
      } else {
        path += ".*";
      }
      i = close;
      continue;
    }
    path += static_cast<char>(std::tolower(static_cast<unsigned char>(raw[i])));
  }
  std::string slashed = path;
  for (char& c : slashed)
    if (c == '.') c = '/';
  const std::vector<Compiled>& compiled = CompiledTable();
  for (size_t i = 0; i < kTable.size(); ++i) {
    const Entry& e = kTable[i];
    if (!SegmentGlob(e, compiled[i], path, slashed)) continue;
    ContextInfo info;
    info.capability = e.capability;
    if (info.capability == Capability::kUnknown &&
        StartsWith(path, "github.event.") &&
        !StartsWith(path, "github.event.inputs."))
      info.capability = ClassifyPayloadField(path);
    if (!e.events.empty()) {
      for (auto& ev : Split(e.events, ',')) info.events.push_back(ev);
    }
    return info;
  }
  return {};
}

}  // namespace sg::audit
