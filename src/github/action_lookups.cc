#include "github/action_lookups.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "base/strings.h"
#include "github/api.h"

namespace sg::github {
namespace {

using json = nlohmann::json;

constexpr size_t kAdvisoryChunk = 100;

std::optional<json> ParseJson(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

json OptSha(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}

std::optional<std::string> ShaFrom(const json& j, const char* key) {
  if (j.is_object() && j.contains(key) && j[key].is_string()) {
    return j[key].get<std::string>();
  }
  return std::nullopt;
}

json AdvisoryToJson(const Advisory& a) {
  return json{{"ghsa_id", a.ghsa_id},
              {"cve_id", a.cve_id},
              {"severity", a.severity},
              {"summary", a.summary},
              {"html_url", a.html_url},
              {"package", a.package},
              {"vulnerable_version_range", a.vulnerable_version_range},
              {"first_patched_version", a.first_patched_version}};
}

Advisory AdvisoryFromJson(const json& j) {
  Advisory a;
  a.ghsa_id = Str(j, "ghsa_id");
  a.cve_id = Str(j, "cve_id");
  a.severity = Str(j, "severity");
  a.summary = Str(j, "summary");
  a.html_url = Str(j, "html_url");
  a.package = Str(j, "package");
  a.vulnerable_version_range = Str(j, "vulnerable_version_range");
  a.first_patched_version = Str(j, "first_patched_version");
  return a;
}

// Adds the advisories in one page (a JSON array of global advisories) to
// `out`, keeping the vulnerabilities whose package is one of `wanted`.
bool CollectAdvisories(const std::string& body,
                       const std::map<std::string, std::string>& wanted,
                       std::map<std::string, std::vector<Advisory>>* out) {
  auto j = ParseJson(body);
  if (!j || !j->is_array()) return false;
  for (const json& adv : *j) {
    if (!adv.is_object() || !adv.contains("vulnerabilities")) continue;
    for (const json& v : adv["vulnerabilities"]) {
      if (!v.is_object() || !v.contains("package")) continue;
      const json& pkg = v["package"];
      if (Str(pkg, "ecosystem") != "actions") continue;
      auto it = wanted.find(ToLower(Str(pkg, "name")));
      if (it == wanted.end()) continue;
      Advisory a;
      a.ghsa_id = Str(adv, "ghsa_id");
      a.cve_id = Str(adv, "cve_id");
      a.severity = Str(adv, "severity");
      a.summary = Str(adv, "summary");
      a.html_url = Str(adv, "html_url");
      a.package = it->second;
      a.vulnerable_version_range = Str(v, "vulnerable_version_range");
      if (v.contains("first_patched_version")) {
        const json& fp = v["first_patched_version"];
        a.first_patched_version =
            fp.is_string() ? fp.get<std::string>() : Str(fp, "identifier");
      }
      (*out)[it->second].push_back(std::move(a));
    }
  }
  return true;
}

std::string AdvisoryPath(const std::vector<std::string>& repos) {
  std::string affects;
  for (const auto& r : repos) {
    if (!affects.empty()) affects += ",";
    affects += EncodePathSegment(r, /*keep_slash=*/true);
  }
  return "/advisories?ecosystem=actions&affects=" + affects + "&per_page=100";
}

}  // namespace

std::string ActionRef::ToString() const {
  return Repo() + (path.empty() ? "" : "/" + path) + "@" + ref;
}

Result<ActionRef> ParseActionRef(std::string_view uses) {
  std::string_view u = Trim(uses);
  if (StartsWith(u, "./") || StartsWith(u, "docker://")) {
    return Status::InvalidInput("not a remote action: " + std::string(u));
  }
  size_t at = u.rfind('@');
  if (at == std::string_view::npos || at + 1 == u.size()) {
    return Status::InvalidInput("no @ref in " + std::string(u));
  }
  ActionRef r;
  r.ref = std::string(u.substr(at + 1));
  std::vector<std::string> parts = Split(u.substr(0, at), '/');
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty()) {
    return Status::InvalidInput("not owner/repo: " + std::string(u));
  }
  r.owner = parts[0];
  r.repo = parts[1];
  for (size_t i = 2; i < parts.size(); ++i) {
    r.path += (r.path.empty() ? "" : "/") + parts[i];
  }
  return r;
}

bool IsCommitSha(std::string_view ref) {
  return ref.size() == 40 && std::all_of(ref.begin(), ref.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

ActionLookups::ActionLookups(
    Client& client, std::string cache_dir, LookupOptions options,
    std::function<std::chrono::system_clock::time_point()> now)
    : client_(client),
      store_(cache_dir.empty() ? std::string() : cache_dir + "/lookups"),
      options_(options),
      now_(now ? std::move(now)
               : [] { return std::chrono::system_clock::now(); }) {}

std::optional<std::string> ActionLookups::CacheGet(const std::string& key,
                                                   bool forever) {
  if (auto it = memo_.find(key); it != memo_.end()) {
    ++stats_.cache_hits;
    return it->second;
  }
  auto text = store_.Get(key);
  if (!text) {
    ++stats_.cache_misses;
    return std::nullopt;
  }
  auto j = ParseJson(*text);
  if (!j || !j->is_object() || !(*j)["t"].is_number_integer() ||
      !(*j)["v"].is_string()) {
    ++stats_.cache_misses;
    return std::nullopt;
  }
  int64_t stored = (*j)["t"].get<int64_t>();
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    now_().time_since_epoch())
                    .count();
  if (!forever && now - stored > options_.ttl.count()) {
    ++stats_.cache_misses;
    return std::nullopt;
  }
  ++stats_.cache_hits;
  return (*j)["v"].get<std::string>();
}

void ActionLookups::CachePut(const std::string& key, const std::string& value) {
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    now_().time_since_epoch())
                    .count();
  memo_[key] = value;
  // A failed cache write only costs a request next time.
  (void)store_.Put(key, json{{"t", now}, {"v", value}}.dump());
}

ActionLookups::Batch ActionLookups::LookupActions(
    const std::vector<ActionRef>& refs, bool with_advisories,
    const std::vector<std::pair<std::string, std::string>>& list_repos) {
  Batch batch;
  batch.refs.assign(refs.size(), Status::Internal("not resolved"));
  const std::string base = client_.options().base_url;

  // --- plan: cached answers first, the rest becomes one batch of calls.
  std::vector<ApiCall> calls;
  struct RefPlan {
    size_t index;
    size_t tag_call, branch_call;
  };
  std::vector<RefPlan> ref_plans;
  std::vector<std::string> ref_keys(refs.size());
  std::vector<RefResolution> resolved(refs.size());
  for (size_t i = 0; i < refs.size(); ++i) {
    const ActionRef& r = refs[i];
    if (IsCommitSha(r.ref)) {
      batch.refs[i] = RefResolution{};
      continue;
    }
    ref_keys[i] = std::string(r.tag_only ? "tagref " : "ref ") + base + " " +
                  ToLower(r.Repo()) + "@" + r.ref;
    if (auto cached = CacheGet(ref_keys[i], false)) {
      auto j = ParseJson(*cached);
      if (j && j->is_object()) {
        RefResolution res;
        res.tag_sha = ShaFrom(*j, "tag");
        res.branch_sha = ShaFrom(*j, "branch");
        batch.refs[i] = res;
        continue;
      }
    }
    std::string prefix = "/repos/" + EncodePathSegment(r.owner) + "/" +
                         EncodePathSegment(r.repo) + "/git/ref/";
    std::string name = EncodePathSegment(r.ref, /*keep_slash=*/true);
    ApiCall tag, branch;
    tag.path = prefix + "tags/" + name;
    branch.path = prefix + "heads/" + name;
    ref_plans.push_back(
        {i, calls.size(), r.tag_only ? SIZE_MAX : calls.size() + 1});
    calls.push_back(tag);
    if (!r.tag_only) calls.push_back(branch);
  }

  // Advisories: every distinct repository not answered from the cache.
  std::map<std::string, std::vector<Advisory>> advisories;
  std::map<std::string, std::string> wanted;  // lower-case -> as written
  for (const ActionRef& r : with_advisories ? refs : std::vector<ActionRef>{}) {
    std::string repo = r.Repo();
    std::string lower = ToLower(repo);
    if (wanted.count(lower) || advisories.count(repo)) continue;
    if (auto cached = CacheGet("adv " + base + " " + lower, false)) {
      auto j = ParseJson(*cached);
      if (j && j->is_array()) {
        auto& list = advisories[repo];
        for (const json& a : *j) list.push_back(AdvisoryFromJson(a));
        continue;
      }
    }
    wanted[lower] = repo;
  }
  std::vector<size_t> advisory_calls;
  {
    std::vector<std::string> chunk;
    auto flush = [&] {
      if (chunk.empty()) return;
      ApiCall c;
      c.path = AdvisoryPath(chunk);
      advisory_calls.push_back(calls.size());
      calls.push_back(c);
      chunk.clear();
    };
    for (const auto& [lower, repo] : wanted) {
      chunk.push_back(repo);
      if (chunk.size() == kAdvisoryChunk) flush();
    }
    flush();
  }

  // Branch and tag lists (impostor-commit, stale-action-refs): first pages
  // ride in the same batch.
  struct ListPlan {
    std::string key;
    size_t call;
  };
  std::vector<ListPlan> list_plans;
  std::set<std::string> listed;
  for (const auto& [owner, repo] : list_repos) {
    // Tags only: a pinned SHA is usually a release tag's commit, and the
    // branch list is fetched later only when it is not.
    for (const char* kind : {"tags"}) {
      std::string key =
          std::string(kind) + " " + base + " " + ToLower(owner + "/" + repo);
      if (!listed.insert(key).second || CacheGet(key, false)) continue;
      ApiCall c;
      c.path = "/repos/" + EncodePathSegment(owner) + "/" +
               EncodePathSegment(repo) + "/" + kind + "?per_page=100";
      list_plans.push_back({key, calls.size()});
      calls.push_back(c);
    }
  }

  std::vector<Result<ApiResponse>> answers = client_.CallMany(calls);

  for (const ListPlan& lp : list_plans) {
    const auto& a = answers[lp.call];
    // Failures are left for ListRefs to retry and report.
    if (!a.ok() || a->status != 200) continue;
    std::vector<std::string> bodies = {a->body};
    auto link = a->headers.Get("link");
    auto rels =
        link ? ParseLinkHeader(*link) : std::map<std::string, std::string>{};
    if (rels.count("next")) {
      auto more = client_.GetAllPages(rels["next"]);
      if (!more.ok()) continue;
      for (const auto& page : *more) bodies.push_back(page.body);
    }
    json cache = json::array();
    bool valid = true;
    for (const auto& body : bodies) {
      auto j = ParseJson(body);
      if (!j || !j->is_array()) {
        valid = false;
        break;
      }
      for (const json& e : *j) {
        std::string name = Str(e, "name"), sha = Str(e["commit"], "sha");
        if (!name.empty() && !sha.empty()) {
          cache.push_back({{"name", name}, {"sha", sha}});
        }
      }
    }
    if (valid) CachePut(lp.key, cache.dump());
  }

  // --- refs: parse, then peel annotated tags in one more concurrent round.
  std::vector<ApiCall> peel_calls;
  std::vector<size_t> peel_owner;  // index into refs
  std::vector<bool> failed(refs.size(), false);
  auto parse_ref = [&](size_t i, size_t call, bool is_tag) {
    const Result<ApiResponse>& a = answers[call];
    if (!a.ok()) {
      batch.refs[i] = a.status();
      failed[i] = true;
      return;
    }
    if (a->status == 404) return;  // no such tag/branch
    if (a->status != 200) {
      batch.refs[i] = StatusForAnswer(client_, "GET " + calls[call].path, *a);
      failed[i] = true;
      return;
    }
    auto j = ParseJson(a->body);
    // An array answer means "no exact match, these refs share the prefix".
    if (!j || !j->is_object()) {
      if (!j) {
        batch.refs[i] =
            Status::Unavailable("invalid JSON resolving " + refs[i].ToString());
        failed[i] = true;
      }
      return;
    }
    const json& obj = (*j)["object"];
    std::string sha = Str(obj, "sha");
    if (sha.empty()) return;
    if (is_tag && Str(obj, "type") == "tag") {
      ApiCall c;
      c.path = "/repos/" + EncodePathSegment(refs[i].owner) + "/" +
               EncodePathSegment(refs[i].repo) + "/git/tags/" + sha;
      peel_calls.push_back(c);
      peel_owner.push_back(i);
      return;
    }
    (is_tag ? resolved[i].tag_sha : resolved[i].branch_sha) = sha;
  };
  for (const RefPlan& p : ref_plans) {
    parse_ref(p.index, p.tag_call, true);
    if (p.branch_call != SIZE_MAX) parse_ref(p.index, p.branch_call, false);
  }
  if (!peel_calls.empty()) {
    std::vector<Result<ApiResponse>> peeled = client_.CallMany(peel_calls);
    for (size_t k = 0; k < peeled.size(); ++k) {
      size_t i = peel_owner[k];
      const auto& a = peeled[k];
      if (!a.ok()) {
        batch.refs[i] = a.status();
        failed[i] = true;
        continue;
      }
      auto j = a->status == 200 ? ParseJson(a->body) : std::nullopt;
      std::string sha = j ? Str((*j)["object"], "sha") : "";
      if (sha.empty()) {
        batch.refs[i] = Status::Unavailable("cannot peel annotated tag of " +
                                            refs[i].ToString());
        failed[i] = true;
        continue;
      }
      resolved[i].tag_sha = sha;
    }
  }
  for (const RefPlan& p : ref_plans) {
    size_t i = p.index;
    if (failed[i]) continue;
    batch.refs[i] = resolved[i];
    CachePut(ref_keys[i], json{{"tag", OptSha(resolved[i].tag_sha)},
                               {"branch", OptSha(resolved[i].branch_sha)}}
                              .dump());
  }

  // --- advisories: first pages came with the batch; follow any Link next.
  std::map<std::string, std::vector<Advisory>> fresh;
  Status adv_error;
  for (size_t call : advisory_calls) {
    const auto& a = answers[call];
    if (!a.ok()) {
      adv_error = a.status();
      break;
    }
    if (a->status != 200) {
      adv_error = StatusForAnswer(client_, "GET /advisories", *a);
      break;
    }
    if (!CollectAdvisories(a->body, wanted, &fresh)) {
      adv_error = Status::Unavailable("GET /advisories: invalid JSON");
      break;
    }
    auto link = a->headers.Get("link");
    auto next =
        link ? ParseLinkHeader(*link) : std::map<std::string, std::string>{};
    if (next.count("next")) {
      auto pages = client_.GetAllPages(next["next"]);
      if (!pages.ok()) {
        adv_error = pages.status();
        break;
      }
      for (const auto& page : *pages) {
        if (!CollectAdvisories(page.body, wanted, &fresh)) {
          adv_error = Status::Unavailable("GET /advisories: invalid JSON");
          break;
        }
      }
    }
  }
  if (!adv_error.ok()) {
    batch.advisories = adv_error;
    return batch;
  }
  for (const auto& [lower, repo] : wanted) {
    json list = json::array();
    for (const Advisory& a : fresh[repo]) list.push_back(AdvisoryToJson(a));
    CachePut("adv " + base + " " + lower, list.dump());
    advisories[repo] = fresh[repo];
  }
  batch.advisories = std::move(advisories);
  return batch;
}

std::vector<Result<RefResolution>> ActionLookups::ResolveRefs(
    const std::vector<ActionRef>& refs) {
  Batch b = LookupActions(refs, /*with_advisories=*/false);
  return std::move(b.refs);
}

Result<std::map<std::string, std::vector<Advisory>>> ActionLookups::Advisories(
    const std::vector<std::string>& repos) {
  std::vector<ActionRef> refs;
  for (const auto& r : repos) {
    auto parsed = ParseActionRef(r + "@" + std::string(40, '0'));
    if (!parsed.ok()) return parsed.status();
    refs.push_back(*parsed);
  }
  Batch b = LookupActions(refs);  // SHA refs need no resolution requests
  return std::move(b.advisories);
}

Result<std::vector<NamedRef>> ActionLookups::ListRefs(const std::string& owner,
                                                      const std::string& repo,
                                                      const std::string& kind) {
  std::string key = kind + " " + client_.options().base_url + " " +
                    ToLower(owner + "/" + repo);
  if (auto cached = CacheGet(key, false)) {
    auto j = ParseJson(*cached);
    if (j && j->is_array()) {
      std::vector<NamedRef> out;
      for (const json& e : *j) out.push_back({Str(e, "name"), Str(e, "sha")});
      return out;
    }
  }
  std::string path = "/repos/" + EncodePathSegment(owner) + "/" +
                     EncodePathSegment(repo) + "/" + kind + "?per_page=100";
  auto pages = client_.GetAllPages(path);
  if (!pages.ok()) return pages.status();
  std::vector<NamedRef> out;
  json cache = json::array();
  for (const auto& page : *pages) {
    auto j = ParseJson(page.body);
    if (!j || !j->is_array()) {
      return Status::Unavailable("GET " + path + ": invalid JSON");
    }
    for (const json& e : *j) {
      NamedRef r{Str(e, "name"), Str(e["commit"], "sha")};
      if (r.name.empty() || r.sha.empty()) continue;
      cache.push_back({{"name", r.name}, {"sha", r.sha}});
      out.push_back(std::move(r));
    }
  }
  CachePut(key, cache.dump());
  return out;
}

Result<std::vector<NamedRef>> ActionLookups::ListTags(const std::string& owner,
                                                      const std::string& repo) {
  return ListRefs(owner, repo, "tags");
}

Result<std::vector<NamedRef>> ActionLookups::ListBranches(
    const std::string& owner, const std::string& repo) {
  return ListRefs(owner, repo, "branches");
}

Result<bool> ActionLookups::CommitReachable(const std::string& owner,
                                            const std::string& repo,
                                            const std::string& sha) {
  std::string key = "reach " + client_.options().base_url + " " +
                    ToLower(owner + "/" + repo) + " " + sha;
  // Reachable is permanent; unreachable may change when a PR merges.
  if (auto cached = CacheGet(key, /*forever=*/true)) {
    if (*cached == "true") return true;
    if (auto again = CacheGet(key, false); again && *again == "false") {
      return false;
    }
  }
  // Tag tips first (the common case for a pinned release), then branches.
  auto tags = ListTags(owner, repo);
  if (!tags.ok()) return tags.status();
  for (const NamedRef& r : *tags) {
    if (r.sha == sha) {
      CachePut(key, "true");
      return true;
    }
  }
  auto branches = ListBranches(owner, repo);
  if (!branches.ok()) return branches.status();
  std::vector<NamedRef> all = *branches;
  all.insert(all.end(), tags->begin(), tags->end());
  for (const NamedRef& r : *branches) {
    if (r.sha == sha) {
      CachePut(key, "true");
      return true;
    }
  }
  size_t limit = std::min(all.size(), options_.max_compare_refs);
  size_t chunk =
      std::max<size_t>(1, client_.options().transport.max_concurrency);
  for (size_t start = 0; start < limit; start += chunk) {
    std::vector<ApiCall> calls;
    for (size_t i = start; i < std::min(limit, start + chunk); ++i) {
      ApiCall c;
      c.path = "/repos/" + EncodePathSegment(owner) + "/" +
               EncodePathSegment(repo) + "/compare/" +
               EncodePathSegment(all[i].name, true) + "..." + sha +
               "?per_page=1";
      calls.push_back(c);
    }
    for (const auto& a : client_.CallMany(calls)) {
      if (!a.ok()) return a.status();
      if (a->status == 404) continue;  // not in this repository's history
      if (a->status != 200) return StatusForAnswer(client_, "GET compare", *a);
      auto j = ParseJson(a->body);
      if (!j) return Status::Unavailable("GET compare: invalid JSON");
      std::string status = Str(*j, "status");
      if (status == "behind" || status == "identical") {
        CachePut(key, "true");
        return true;
      }
    }
  }
  if (all.size() > limit) {
    return Status::Unavailable("compared " + std::to_string(limit) + " of " +
                               std::to_string(all.size()) +
                               " branches and tags without finding " + sha +
                               ": not assessed");
  }
  CachePut(key, "false");
  return false;
}

}  // namespace sg::github
