#include "audit/cache_poisoning.h"

#include <string>
#include <string_view>

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& CachePoisoning::info() const {
  static const RuleInfo kInfo{
      "cache-poisoning", Severity::kHigh,
      "release or publishing job restores a cache others can write"};
  return kInfo;
}

namespace {

// How an input controls caching.
enum class Control {
  kAlways,       // no input: the action always restores a cache
  kOptInBool,    // enabled when the input is true (default given below)
  kOptInString,  // enabled when the input is a non-empty string
  kOptOutBool,   // disabled when the input is true
};

struct CacheAction {
  std::string_view uses;  // owner/repo[/path]
  Control control;
  std::string_view input;
  bool default_on;  // kOptInBool only
};

// Sources: each action's action.yml (inputs and their defaults).
constexpr CacheAction kCacheActions[] = {
    {"actions/cache", Control::kOptOutBool, "lookup-only", false},
    {"actions/cache/restore", Control::kOptOutBool, "lookup-only", false},
    {"actions/setup-java", Control::kOptInString, "cache", false},
    {"actions/setup-go", Control::kOptInBool, "cache", true},
    {"actions/setup-node", Control::kOptInString, "cache", false},
    {"actions/setup-python", Control::kOptInString, "cache", false},
    {"actions/setup-dotnet", Control::kOptInBool, "cache", false},
    // `enable-cache` defaults to `auto` (on, on GitHub-hosted runners) since
    // setup-uv v6.
    {"astral-sh/setup-uv", Control::kOptInBool, "enable-cache", true},
    {"swatinem/rust-cache", Control::kOptOutBool, "lookup-only", false},
    {"ruby/setup-ruby", Control::kOptInBool, "bundler-cache", false},
    {"pyo3/maturin-action", Control::kOptInBool, "sccache", false},
    {"mlugg/setup-zig", Control::kOptInBool, "use-cache", true},
    {"oven-sh/setup-bun", Control::kOptOutBool, "no-cache", false},
    {"determinatesystems/magic-nix-cache-action", Control::kOptInBool,
     "use-gha-cache", true},
    {"graalvm/setup-graalvm", Control::kOptInString, "cache", false},
    {"gradle/actions/setup-gradle", Control::kOptOutBool, "cache-disabled",
     false},
    {"gradle/gradle-build-action", Control::kOptOutBool, "cache-disabled",
     false},
    {"actions-rust-lang/setup-rust-toolchain", Control::kOptInBool, "cache",
     true},
    {"mozilla-actions/sccache-action", Control::kAlways, "", false},
    {"nix-community/cache-nix-action", Control::kAlways, "", false},
    {"jdx/mise-action", Control::kOptInBool, "cache", true},
    {"ramsey/composer-install", Control::kOptOutBool, "ignore-cache", false},
    {"awalsh128/cache-apt-pkgs-action", Control::kAlways, "", false},
};

constexpr std::string_view kPublishers[] = {
    "pypa/gh-action-pypi-publish",
    "rubygems/release-gem",
    "jreleaser/release-action",
    "softprops/action-gh-release",
    "ncipollo/release-action",
    "googleapis/release-please-action",
    "redhat-actions/push-to-registry",
    "aws-actions/amazon-ecs-deploy-task-definition",
    "aws-actions/aws-cloudformation-github-deploy",
    "azure/aci-deploy",
    "azure/container-apps-deploy-action",
    "azure/functions-action",
    "azure/webapps-deploy",
    "cloudflare/wrangler-action",
    "google-github-actions/deploy-appengine",
    "google-github-actions/deploy-cloudrun",
    "google-github-actions/deploy-cloud-functions",
    "jetbrains/intellij-platform-plugin-publisher",
};

// owner/repo[/path] of a repository `uses:`, lower case ("" otherwise).
std::string UsesPath(const model::Step& step) {
  if (!step.uses.present()) return "";
  UsesRef r = ParseUses(step.uses.value);
  if (r.kind != UsesRef::Kind::kRepository) return "";
  return ToLower(r.slug() + (r.subpath.empty() ? "" : "/" + r.subpath));
}

bool Truthy(std::string_view v) {
  const std::string s = ToLower(Trim(v));
  return s == "true" || s == "yes" || s == "1";
}

}  // namespace

CacheUse StepCacheUse(const model::Step& step) {
  const std::string path = UsesPath(step);
  if (path.empty()) return CacheUse::kNone;
  if (path == "docker/setup-buildx-action") {
    // `cache-binary` (default true) keeps a downloaded buildx in the GitHub
    // cache; without `version:` the runner's own buildx is used and nothing
    // is downloaded or cached.
    const model::KeyValue* version = step.With("version");
    if (!version || Trim(version->value.value).empty()) return CacheUse::kNone;
    const model::KeyValue* cache = step.With("cache-binary");
    if (!cache) return CacheUse::kEnabled;
    if (cache->value.value.find("${{") != std::string::npos)
      return CacheUse::kConditional;
    return Truthy(cache->value.value) ? CacheUse::kEnabled : CacheUse::kNone;
  }
  for (const CacheAction& a : kCacheActions) {
    if (path != a.uses) continue;
    if (a.control == Control::kAlways) return CacheUse::kEnabled;
    const model::KeyValue* in = step.With(a.input);
    if (in && !in->value.node) return CacheUse::kConditional;
    const std::string v = in ? std::string(Trim(in->value.value)) : "";
    if (in && v.find("${{") != std::string::npos) return CacheUse::kConditional;
    switch (a.control) {
      case Control::kOptOutBool:
        return in && Truthy(v) ? CacheUse::kNone : CacheUse::kEnabled;
      case Control::kOptInBool:
        if (!in) return a.default_on ? CacheUse::kEnabled : CacheUse::kNone;
        // `auto` (setup-uv) means on wherever the GitHub cache is reachable.
        return Truthy(v) || ToLower(v) == "auto" ? CacheUse::kEnabled
                                                 : CacheUse::kNone;
      case Control::kOptInString:
        return v.empty() || ToLower(v) == "false" ? CacheUse::kNone
                                                  : CacheUse::kEnabled;
      case Control::kAlways:
        break;
    }
    return CacheUse::kEnabled;
  }
  return CacheUse::kNone;
}

bool IsPublisherStep(const model::Step& step) {
  const std::string path = UsesPath(step);
  if (path.empty()) return false;
  if (path == "goreleaser/goreleaser-action") {
    // Snapshot builds and plain installs publish nothing by themselves.
    if (Truthy(step.With("install-only")
                   ? step.With("install-only")->value.value
                   : ""))
      return false;
    const model::KeyValue* args = step.With("args");
    const std::string a = args ? args->value.value : "";
    return a.find("release") != std::string::npos &&
           a.find("--snapshot") == std::string::npos &&
           a.find("--skip=publish") == std::string::npos &&
           a.find("--skip-publish") == std::string::npos;
  }
  for (std::string_view p : kPublishers)
    if (path == p) return true;
  if (path == "docker/build-push-action") {
    const model::KeyValue* push = step.With("push");
    if (push && (Truthy(push->value.value) ||
                 push->value.value.find("${{") != std::string::npos))
      return true;
    // `push` defaults to false, but an output can push on its own.
    const model::KeyValue* outputs = step.With("outputs");
    const std::string o = outputs ? ToLower(outputs->value.value) : "";
    return o.find("type=registry") != std::string::npos ||
           o.find("push=true") != std::string::npos;
  }
  return false;
}

namespace {

// The trigger that makes this a release workflow, or nullptr.
const yaml::Node* ReleaseTrigger(const model::Workflow& wf, bool* strong) {
  if (const model::Trigger* t = wf.on.Find("release")) {
    *strong = true;
    return t->node;
  }
  if (const model::Trigger* t = wf.on.Find("push");
      t && t->config && t->config->IsMap()) {
    if (t->config->Get("tags") || t->config->Get("tags-ignore")) {
      *strong = true;
      return t->node;
    }
    if (const yaml::Node* branches = t->config->Get("branches")) {
      auto release_like = [](const yaml::Node* n) {
        return n && n->IsScalar() &&
               ToLower(n->value).find("release") != std::string::npos;
      };
      bool any = release_like(branches);
      for (const yaml::Node* b : branches->items) any |= release_like(b);
      if (any) {
        *strong = false;
        return t->node;
      }
    }
  }
  return nullptr;
}

}  // namespace

void CachePoisoning::CheckJob(const model::Workflow& wf, const model::Job& job,
                              AuditContext& ctx) {
  if (job.steps.empty()) return;
  const model::Step* publisher = nullptr;
  for (const model::Step& s : job.steps)
    if (!publisher && IsPublisherStep(s)) publisher = &s;
  bool strong_trigger = false;
  const yaml::Node* release = ReleaseTrigger(wf, &strong_trigger);
  if (!publisher && !release) return;
  const std::string base = "jobs." + job.id + ".steps";
  for (const model::Step& s : job.steps) {
    const CacheUse use = StepCacheUse(s);
    if (use == CacheUse::kNone) continue;
    const bool medium = use == CacheUse::kEnabled && publisher;
    FindingBuilder b = ctx.New(info());
    b.Confidence(medium ? Confidence::kMedium : Confidence::kLow)
        .Message("`" + s.uses.value.substr(0, s.uses.value.find('@')) +
                 "` restores a cache in a job that " +
                 (publisher ? "publishes with `" +
                                  publisher->uses.value.substr(
                                      0, publisher->uses.value.find('@')) +
                                  "`"
                            : std::string("runs for releases")) +
                 ": a cache entry poisoned by any workflow on the default "
                 "branch would end up "
                 "in the published artifacts")
        .At(ctx.At(s.uses.node,
                   base + "[" + std::to_string(s.index) + "].uses"))
        .Remediation(
            "Do not restore caches in release or publishing jobs: disable the "
            "action's cache input for this job (or use `lookup-only`), and "
            "build "
            "releases from a clean state.")
        .Snippet(s.uses.value);
    if (publisher)
      b.Related(
          ctx.At(publisher->uses.node,
                 base + "[" + std::to_string(publisher->index) + "].uses"));
    else
      b.Related(ctx.At(release, "on"));
    ctx.Report(b.Build());
  }
}

}  // namespace sg::audit
