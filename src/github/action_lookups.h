// GitHub-side lookups behind the online workflow audits (impostor-commit,
// known-vulnerable-actions, ref-confusion, stale-action-refs,
// ref-version-mismatch), batched for concurrency and cached on disk.
//
// Two cache layers: the Client's ETag cache makes a revalidation cost no
// rate limit; this class's result cache answers repeated questions with no
// request at all — for `ttl` when the answer can change (tags, branches,
// advisories, an unreachable commit) and for ever when it cannot (a commit
// reachable from a branch or tag stays so unless history is rewritten).
// Not thread-safe (one Client).
#ifndef STEPGUARD_GITHUB_ACTION_LOOKUPS_H_
#define STEPGUARD_GITHUB_ACTION_LOOKUPS_H_

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "github/client.h"
#include "github/disk_store.h"

namespace sg::github {

// `uses: owner/repo[/path]@ref`.
struct ActionRef {
  std::string owner, repo, path, ref;
  // Resolve the ref as a tag only (e.g. the version in a "# v1.2.3"
  // comment): saves the branch request.
  bool tag_only = false;
  std::string Repo() const { return owner + "/" + repo; }
  std::string ToString() const;
};
// Parses a `uses:` value; local (./), docker:// and ref-less values fail.
Result<ActionRef> ParseActionRef(std::string_view uses);
// A full 40-hex commit SHA.
bool IsCommitSha(std::string_view ref);

struct RefResolution {
  std::optional<std::string> tag_sha;     // refs/tags/REF, peeled to a commit
  std::optional<std::string> branch_sha;  // refs/heads/REF
  // ref-confusion: the name is both a tag and a branch.
  bool ambiguous() const { return tag_sha && branch_sha; }
  // What GitHub Actions checks out for the name (a tag wins over a branch).
  std::optional<std::string> commit() const {
    return tag_sha ? tag_sha : branch_sha;
  }
};

struct NamedRef {
  std::string name;
  std::string sha;
};

struct Advisory {
  std::string ghsa_id, cve_id, severity, summary, html_url;
  std::string package;  // "owner/repo" (actions ecosystem)
  std::string vulnerable_version_range;
  std::string first_patched_version;
};

struct LookupOptions {
  std::chrono::seconds ttl{6 * 3600};
  size_t max_compare_refs = 50;  // branches+tags compared for reachability
};

struct LookupStats {
  size_t cache_hits = 0;
  size_t cache_misses = 0;
};

class ActionLookups {
 public:
  // `cache_dir` empty: no result cache. `now` defaults to the system clock.
  ActionLookups(
      Client& client, std::string cache_dir, LookupOptions options = {},
      std::function<std::chrono::system_clock::time_point()> now = {});

  // Resolves every ref as tag and as branch, all concurrently (annotated
  // tags need a second, also concurrent, round). One result per ref.
  std::vector<Result<RefResolution>> ResolveRefs(
      const std::vector<ActionRef>& refs);

  // GitHub advisories (ecosystem "actions") affecting any of `repos`
  // ("owner/repo"), by repo. One paginated query for all of them.
  Result<std::map<std::string, std::vector<Advisory>>> Advisories(
      const std::vector<std::string>& repos);

  // Both of the above in one concurrent batch (the usual lint workload).
  struct Batch {
    std::vector<Result<RefResolution>> refs;
    Result<std::map<std::string, std::vector<Advisory>>> advisories =
        Status::Internal("not run");
  };
  // `list_repos` ("owner", "repo"): branch and tag lists fetched in the
  // same batch, so later CommitReachable/ListTags calls hit the cache.
  Batch LookupActions(
      const std::vector<ActionRef>& refs, bool with_advisories = true,
      const std::vector<std::pair<std::string, std::string>>& list_repos = {});

  Result<std::vector<NamedRef>> ListTags(const std::string& owner,
                                         const std::string& repo);
  Result<std::vector<NamedRef>> ListBranches(const std::string& owner,
                                             const std::string& repo);

  // impostor-commit: true when `sha` is reachable from a branch or tag of
  // owner/repo (a tip, or "behind"/"identical" in the compare API); false
  // when it is not (it may live only in a fork of the network).
  Result<bool> CommitReachable(const std::string& owner,
                               const std::string& repo, const std::string& sha);

  const LookupStats& stats() const { return stats_; }

 private:
  std::optional<std::string> CacheGet(const std::string& key, bool forever);
  void CachePut(const std::string& key, const std::string& value);
  Result<std::vector<NamedRef>> ListRefs(const std::string& owner,
                                         const std::string& repo,
                                         const std::string& kind);

  Client& client_;
  DiskStore store_;
  // This run's answers, so a disk-less run also asks each question once.
  std::map<std::string, std::string> memo_;
  LookupOptions options_;
  std::function<std::chrono::system_clock::time_point()> now_;
  LookupStats stats_;
};

}  // namespace sg::github

#endif  // STEPGUARD_GITHUB_ACTION_LOOKUPS_H_
