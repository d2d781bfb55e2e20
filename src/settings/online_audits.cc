#include "settings/online_audits.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "base/strings.h"

namespace sg::settings {
namespace {

using github::ActionRef;
using github::IsCommitSha;

std::vector<long> VersionParts(std::string_view v) {
  v = Trim(v);
  if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v.remove_prefix(1);
  std::vector<long> out;
  long cur = 0;
  bool any = false;
  for (char c : v) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      cur = cur * 10 + (c - '0');
      any = true;
    } else if (c == '.') {
      out.push_back(cur);
      cur = 0;
      any = false;
    } else {
      break;  // pre-release / build suffix: ignored
    }
  }
  if (any || out.empty()) out.push_back(cur);
  while (out.size() < 3) out.push_back(0);
  return out;
}

// "v1.2.3" and "1.2" look like versions; "main" does not.
bool LooksLikeVersion(std::string_view v) {
  if (!v.empty() && (v[0] == 'v' || v[0] == 'V')) v.remove_prefix(1);
  return !v.empty() && std::isdigit(static_cast<unsigned char>(v[0]));
}

// A full three-part version (so a range comparison is exact).
bool FullVersion(std::string_view v) {
  if (!LooksLikeVersion(v)) return false;
  return std::count(v.begin(), v.end(), '.') >= 2;
}

// `uses: o/r@sha # v1.2.3` -> "v1.2.3".
std::string VersionComment(const yaml::Document& doc, const yaml::Node* n) {
  const std::string& text = doc.text();
  size_t pos = n->span.begin.offset + n->span.length;
  size_t eol = text.find('\n', pos);
  std::string_view rest(text.data() + std::min(pos, text.size()),
                        (eol == std::string::npos ? text.size() : eol) -
                            std::min(pos, text.size()));
  size_t hash = rest.find('#');
  if (hash == std::string_view::npos) return "";
  std::string_view c = Trim(rest.substr(hash + 1));
  // "tag=v1.2.3", "pin@v1.2.3" and plain "v1.2.3" are all in use.
  size_t sep = c.find_first_of("=@");
  if (sep != std::string_view::npos && sep + 1 < c.size())
    c = c.substr(sep + 1);
  size_t end = c.find_first_of(" \t");
  c = c.substr(0, end);
  return LooksLikeVersion(c) ? std::string(c) : "";
}

void AddSite(const model::SourceFile& f, const model::Str& uses,
             const std::string& route, std::vector<UsesSite>* out) {
  if (!uses.present()) return;
  auto ref = github::ParseActionRef(uses.value);
  if (!ref.ok()) return;
  UsesSite s;
  s.path = f.path;
  s.route = route;
  s.span = uses.node->span;
  s.ref = *ref;
  if (IsCommitSha(ref->ref))
    s.version_comment = VersionComment(*f.doc, uses.node);
  out->push_back(std::move(s));
}

Severity AdvisorySeverity(const std::string& s) {
  if (s == "critical" || s == "high") return Severity::kHigh;
  if (s == "moderate" || s == "medium") return Severity::kMedium;
  return Severity::kLow;
}

Location LocFor(const UsesSite& s) {
  Location loc;
  loc.path = s.path;
  loc.span = s.span;
  loc.route = s.route;
  return loc;
}

}  // namespace

const std::vector<std::string>& OnlineAuditIds() {
  static const std::vector<std::string> kIds = {
      "impostor-commit", "known-vulnerable-actions", "ref-confusion",
      "ref-version-mismatch", "stale-action-refs"};
  return kIds;
}

std::vector<UsesSite> CollectRemoteUses(const model::Repository& repo) {
  std::vector<UsesSite> out;
  for (const auto& f : repo.files()) {
    if (!f->doc) continue;
    if (f->workflow) {
      for (const auto& job : f->workflow->jobs) {
        std::string jr = "jobs." + job.id;
        AddSite(*f, job.uses, jr + ".uses", &out);
        for (const auto& step : job.steps) {
          AddSite(*f, step.uses,
                  jr + ".steps[" + std::to_string(step.index) + "].uses", &out);
        }
      }
    }
    if (f->action) {
      for (const auto& step : f->action->steps) {
        AddSite(*f, step.uses,
                "runs.steps[" + std::to_string(step.index) + "].uses", &out);
      }
    }
  }
  return out;
}

int CompareVersions(std::string_view a, std::string_view b) {
  auto pa = VersionParts(a), pb = VersionParts(b);
  for (size_t i = 0; i < 3; ++i) {
    if (pa[i] != pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

bool VersionInRange(std::string_view version, std::string_view range) {
  bool any = false;
  for (const std::string& raw : Split(range, ',')) {
    std::string_view cond = Trim(raw);
    if (cond.empty()) continue;
    std::string op;
    while (!cond.empty() &&
           (cond[0] == '<' || cond[0] == '>' || cond[0] == '=')) {
      op.push_back(cond[0]);
      cond.remove_prefix(1);
    }
    cond = Trim(cond);
    if (op.empty()) op = "=";
    int c = CompareVersions(version, cond);
    bool ok = (op == "<" && c < 0) || (op == "<=" && c <= 0) ||
              (op == ">" && c > 0) || (op == ">=" && c >= 0) ||
              (op == "=" && c == 0);
    if (!ok) return false;
    any = true;
  }
  return any;
}

void RunOnlineAudits(const model::Repository& repo,
                     const policy::Policy& policy,
                     github::ActionLookups& lookups, FindingSet* out) {
  auto enabled = [&](const char* id) { return !policy.RuleDisabled(id); };
  std::vector<UsesSite> sites = CollectRemoteUses(repo);
  if (sites.empty()) return;

  // One concurrent batch: every distinct ref (tag+branch) and the
  // advisories of every distinct repository. Version comments of SHA pins
  // are resolved in the same batch (as tags).
  std::map<std::string, size_t> index;  // "o/r@ref" -> position in `refs`
  std::vector<ActionRef> refs;
  auto want = [&](const ActionRef& r) {
    std::string key =
        ToLower(r.Repo()) + "@" + r.ref + (r.tag_only ? "#tag" : "");
    if (!index.count(key)) {
      index[key] = refs.size();
      refs.push_back(r);
    }
    return index[key];
  };
  std::vector<size_t> site_ref(sites.size()),
      comment_ref(sites.size(), SIZE_MAX);
  for (size_t i = 0; i < sites.size(); ++i) {
    site_ref[i] = want(sites[i].ref);
    if (!sites[i].version_comment.empty()) {
      ActionRef c = sites[i].ref;
      c.ref = sites[i].version_comment;
      c.tag_only = true;  // only the tag matters for ref-version-mismatch
      comment_ref[i] = want(c);
    }
  }
  std::vector<std::pair<std::string, std::string>> list_repos;
  for (const auto& s : sites) {
    if (IsCommitSha(s.ref.ref))
      list_repos.emplace_back(s.ref.owner, s.ref.repo);
  }
  auto batch = lookups.LookupActions(refs, enabled("known-vulnerable-actions"),
                                     list_repos);

  std::set<std::string> not_assessed_once;
  auto not_assessed = [&](const std::string& check, const UsesSite& s,
                          const std::string& reason) {
    std::string key = check + "|" + s.ref.ToString();
    if (!not_assessed_once.insert(key).second) return;
    out->AddNotAssessed({check, s.ref.ToString() + ": " + reason, s.path});
  };

  std::map<std::string, Result<std::vector<github::NamedRef>>> tags_cache;
  auto tags_of =
      [&](const ActionRef& r) -> const Result<std::vector<github::NamedRef>>& {
    auto it = tags_cache.find(r.Repo());
    if (it == tags_cache.end()) {
      it =
          tags_cache.emplace(r.Repo(), lookups.ListTags(r.owner, r.repo)).first;
    }
    return it->second;
  };

  for (size_t i = 0; i < sites.size(); ++i) {
    const UsesSite& s = sites[i];
    const auto& res = batch.refs[site_ref[i]];
    bool pinned = IsCommitSha(s.ref.ref);

    if (!pinned && enabled("ref-confusion")) {
      if (!res.ok()) {
        not_assessed("ref-confusion", s, res.status().message());
      } else if (res->ambiguous()) {
        out->Add(FindingBuilder("ref-confusion", Area::kWorkflow)
                     .Severity(Severity::kMedium)
                     .Confidence(Confidence::kHigh)
                     .At(LocFor(s))
                     .Message("'" + s.ref.ref +
                              "' is both a tag and a branch of " +
                              s.ref.Repo() +
                              "; whoever can push the branch "
                              "can change what this step runs")
                     .Remediation("Pin the action to a full commit SHA.")
                     .Snippet(s.ref.ToString())
                     .Build());
      }
    }

    if (pinned && enabled("impostor-commit")) {
      auto reachable =
          lookups.CommitReachable(s.ref.owner, s.ref.repo, s.ref.ref);
      if (!reachable.ok()) {
        not_assessed("impostor-commit", s, reachable.status().message());
      } else if (!*reachable) {
        out->Add(
            FindingBuilder("impostor-commit", Area::kWorkflow)
                .Severity(Severity::kHigh)
                .Confidence(Confidence::kHigh)
                .At(LocFor(s))
                .Message("commit " + s.ref.ref +
                         " is not on any branch or "
                         "tag of " +
                         s.ref.Repo() +
                         ": it may come from a "
                         "fork of the repository network (impostor commit)")
                .Remediation("Pin to a commit from the action's own "
                             "branches or releases.")
                .Snippet(s.ref.ToString())
                .Build());
      }
    }

    if (pinned && enabled("ref-version-mismatch") &&
        comment_ref[i] != SIZE_MAX) {
      const auto& c = batch.refs[comment_ref[i]];
      if (!c.ok()) {
        not_assessed("ref-version-mismatch", s, c.status().message());
      } else if (c->tag_sha && *c->tag_sha != s.ref.ref) {
        out->Add(
            FindingBuilder("ref-version-mismatch", Area::kWorkflow)
                .Severity(Severity::kMedium)
                .Confidence(Confidence::kHigh)
                .At(LocFor(s))
                .Message("the comment says " + s.version_comment + " but tag " +
                         s.version_comment + " of " + s.ref.Repo() + " is " +
                         *c->tag_sha +
                         ", not the "
                         "pinned " +
                         s.ref.ref)
                .Remediation("Update the SHA or the comment so they agree.")
                .Snippet(s.ref.ToString() + " # " + s.version_comment)
                .Build());
      }
    }

    // The version in use: the tag itself, the comment, or a tag at the SHA.
    std::string version;
    if (!pinned && LooksLikeVersion(s.ref.ref)) version = s.ref.ref;
    if (pinned && !s.version_comment.empty()) version = s.version_comment;
    if (pinned && (enabled("stale-action-refs") ||
                   (version.empty() && enabled("known-vulnerable-actions")))) {
      const auto& tags = tags_of(s.ref);
      if (!tags.ok()) {
        not_assessed("stale-action-refs", s, tags.status().message());
      } else {
        std::string best;
        for (const auto& t : *tags) {
          if (t.sha == s.ref.ref && t.name.size() > best.size()) best = t.name;
        }
        if (version.empty() && LooksLikeVersion(best)) version = best;
        if (best.empty() && enabled("stale-action-refs")) {
          out->Add(FindingBuilder("stale-action-refs", Area::kWorkflow)
                       .Severity(Severity::kLow)
                       .Confidence(Confidence::kMedium)
                       .At(LocFor(s))
                       .Message("commit " + s.ref.ref + " of " + s.ref.Repo() +
                                " is not a tagged release")
                       .Remediation("Pin to the commit of a released tag.")
                       .Snippet(s.ref.ToString())
                       .Build());
        }
      }
    }

    if (enabled("known-vulnerable-actions")) {
      if (!batch.advisories.ok()) {
        not_assessed("known-vulnerable-actions", s,
                     batch.advisories.status().message());
        continue;
      }
      auto it = batch.advisories->find(s.ref.Repo());
      if (it == batch.advisories->end() || it->second.empty()) continue;
      if (version.empty()) {
        not_assessed("known-vulnerable-actions", s,
                     "advisories exist but the version in use is unknown");
        continue;
      }
      for (const auto& adv : it->second) {
        if (!VersionInRange(version, adv.vulnerable_version_range)) continue;
        std::string fix = adv.first_patched_version.empty()
                              ? "no patched version yet"
                              : "fixed in " + adv.first_patched_version;
        out->Add(
            FindingBuilder("known-vulnerable-actions", Area::kWorkflow)
                .Severity(AdvisorySeverity(adv.severity))
                .Confidence(FullVersion(version) ? Confidence::kHigh
                                                 : Confidence::kMedium)
                .At(LocFor(s))
                .Message(s.ref.Repo() + " " + version + " is affected by " +
                         adv.ghsa_id +
                         (adv.cve_id.empty() ? "" : " (" + adv.cve_id + ")") +
                         ": " + adv.summary + " (" + fix + ")")
                .Remediation("Upgrade to a patched release and pin its SHA.")
                .Snippet(s.ref.ToString() + " " + adv.ghsa_id)
                .Build());
      }
    }
  }
}

}  // namespace sg::settings
