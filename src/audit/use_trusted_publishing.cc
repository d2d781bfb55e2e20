#include "audit/use_trusted_publishing.h"

#include <algorithm>
#include <set>

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& UseTrustedPublishing::info() const {
  static const RuleInfo kInfo{
      "use-trusted-publishing", Severity::kInfo,
      "publishing with a long-lived token where Trusted Publishing "
      "is available"};
  return kInfo;
}

namespace {

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// The publish command a simple command runs, or "".
std::string Classify(const std::vector<std::string>& words) {
  size_t i = 0;
  // Skip `VAR=value` prefixes and wrappers.
  while (i < words.size() &&
         (words[i].find('=') != std::string::npos || words[i] == "sudo" ||
          words[i] == "env" || words[i] == "time" || words[i] == "exec"))
    ++i;
  if (i >= words.size()) return "";
  std::string cmd = words[i];
  if (size_t sl = cmd.rfind('/'); sl != std::string::npos)
    cmd = cmd.substr(sl + 1);
  // Runners that start another tool: `python -m twine upload`,
  // `bundle exec gem push`, `pipx run twine==6.1.0 upload`, `bunx npm
  // publish`, `npx npm publish`.
  auto tool_name = [](std::string w) {
    if (size_t sl = w.rfind('/'); sl != std::string::npos) w = w.substr(sl + 1);
    if (size_t pin = w.find("=="); pin != std::string::npos) w.resize(pin);
    if (size_t at = w.find('@', 1); at != std::string::npos) w.resize(at);
    return w;
  };
  if ((StartsWith(cmd, "python") || cmd == "py") && i + 2 < words.size() &&
      words[i + 1] == "-m") {
    cmd = tool_name(words[i + 2]);
    i += 2;
  } else if (((cmd == "bundle" && i + 2 < words.size() &&
               words[i + 1] == "exec") ||
              (cmd == "pipx" && i + 2 < words.size() &&
               words[i + 1] == "run"))) {
    cmd = tool_name(words[i + 2]);
    i += 2;
  } else if ((cmd == "bunx" || cmd == "npx" || cmd == "uvx") &&
             i + 1 < words.size()) {
    cmd = tool_name(words[i + 1]);
    i += 1;
  }
  if (cmd == "nuget.exe") cmd = "nuget";
  std::set<std::string> args(words.begin() + i + 1, words.end());
  // An explicit other registry (GitHub Packages, a private index) has no
  // Trusted Publishing.
  for (size_t j = i + 1; j < words.size(); ++j) {
    std::string w = ToLower(words[j]);
    std::string value;
    const bool nuget = cmd == "nuget" || cmd == "dotnet";
    for (std::string_view flag :
         {"--registry", "--repository-url", "--host", "--index",
          "--publish-url", "-r", nuget ? "--source" : "--registry",
          nuget ? "-s" : "-r"}) {
      if (w == flag && j + 1 < words.size())
        value = ToLower(words[j + 1]);
      else if (StartsWith(w, std::string(flag) + "="))
        value = w.substr(flag.size() + 1);
    }
    if (value.empty()) continue;
    // Registry URLs, or twine's repository names for PyPI.
    bool known = value == "pypi" || value == "testpypi";
    for (std::string_view host : {"pypi.org", "registry.npmjs.org",
                                  "rubygems.org", "crates.io", "nuget.org"})
      known = known || value.find(host) != std::string::npos;
    if (!known) return "";
  }
  auto has = [&](const char* a) { return args.count(a) > 0; };
  if (cmd == "cargo" && has("publish") && !has("--dry-run") && !has("-n"))
    return "cargo publish";
  if ((cmd == "uv" || cmd == "hatch" || cmd == "pdm" || cmd == "poetry") &&
      has("publish") && !has("--dry-run"))
    return cmd + " publish";
  if (cmd == "twine" && has("upload")) return "twine upload";
  if (cmd == "gem" && has("push")) return "gem push";
  if ((cmd == "npm" || cmd == "pnpm") && !words.empty() &&
      i + 1 < words.size() && words[i + 1] == "publish" && !has("--dry-run"))
    return cmd + " publish";
  if (cmd == "yarn" && has("npm") && has("publish") && !has("--dry-run"))
    return "yarn npm publish";
  // bun publishes to the npm registry, which has Trusted Publishing.
  if (cmd == "bun" && i + 1 < words.size() && words[i + 1] == "publish" &&
      !has("--dry-run"))
    return "bun publish";
  // nuget.org has Trusted Publishing (NuGet/login exchanges the OIDC token).
  if (cmd == "nuget" && i + 1 < words.size() && words[i + 1] == "push")
    return "nuget push";
  if (cmd == "dotnet" && i + 2 < words.size() && words[i + 1] == "nuget" &&
      words[i + 2] == "push")
    return "dotnet nuget push";
  return "";
}

}  // namespace

std::vector<PublishCommand> FindPublishCommands(std::string_view script) {
  std::vector<PublishCommand> out;
  // Every command Classify() knows needs one of these words.
  if (script.find("publish") == std::string_view::npos &&
      script.find("upload") == std::string_view::npos &&
      script.find("push") == std::string_view::npos)
    return out;
  size_t pos = 0;
  while (pos < script.size()) {
    size_t end = script.find('\n', pos);
    if (end == std::string_view::npos) end = script.size();
    const size_t begin = pos;
    // Join continuations: a trailing backslash (POSIX shells) or backtick
    // (PowerShell, the default shell on Windows runners).
    // A line that ends a `command substitution` has an even number of
    // backticks; PowerShell's continuation leaves one unpaired.
    auto continued = [&](size_t b, size_t e) {
      // Only the last physical line of what is joined so far decides.
      const size_t nl = script.rfind('\n', e == 0 ? 0 : e - 1);
      if (nl != std::string_view::npos && nl >= b) b = nl + 1;
      std::string_view t = Trim(script.substr(b, e - b));
      if (t.empty()) return false;
      if (t.back() == '\\') return true;
      return t.back() == '`' && std::count(t.begin(), t.end(), '`') % 2 == 1;
    };
    while (end < script.size() && end > begin && continued(begin, end)) {
      size_t next = script.find('\n', end + 1);
      end = next == std::string_view::npos ? script.size() : next;
    }
    pos = end + 1;
    std::string line(script.substr(begin, end - begin));
    if (size_t hash = line.find(" #"); hash != std::string::npos)
      line.resize(hash);
    std::string_view t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\') line[i] = ' ';
      // A backtick that ends a physical line is PowerShell's continuation.
      if (line[i] == '`') {
        const size_t nl = line.find('\n', i);
        if (Trim(std::string_view(line).substr(
                     i + 1, nl == std::string::npos ? nl : nl - i - 1))
                .empty())
          line[i] = ' ';
      }
    }
    // Split into simple commands on ; && || |.
    std::string cur;
    std::vector<std::string> cmds;
    for (size_t i = 0; i < line.size(); ++i) {
      char c = line[i];
      if (c == ';' || c == '|' ||
          (c == '&' && i + 1 < line.size() && line[i + 1] == '&')) {
        cmds.push_back(cur);
        cur.clear();
        if (c != ';' && i + 1 < line.size() && line[i + 1] == c) ++i;
      } else {
        cur += c;
      }
    }
    cmds.push_back(cur);
    for (const auto& c : cmds) {
      std::string what = Classify(Words(c));
      if (!what.empty()) {
        out.push_back({what, begin, end});
        break;
      }
    }
  }
  return out;
}

namespace {

bool IdTokenWrite(const model::PermissionSet& p) {
  if (p.kind == model::PermissionSet::Kind::kWriteAll) return true;
  auto it = p.scopes.find("id-token");
  return it != p.scopes.end() && it->second == "write";
}

std::string With(const model::Step& s, std::string_view key) {
  const model::KeyValue* kv = s.With(key);
  return kv ? std::string(Trim(kv->value.value)) : "";
}

bool Present(const model::Step& s, std::string_view key) {
  const model::KeyValue* kv = s.With(key);
  return kv && !Trim(kv->value.value).empty();
}

}  // namespace

void UseTrustedPublishing::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& s = *site.step;
  auto report = [&](const yaml::Node* node, const std::string& route,
                    const std::string& msg) {
    ctx.Report(
        ctx.New(info())
            .Confidence(Confidence::kHigh)
            .Message(msg)
            .At(ctx.At(node, route))
            .Remediation(
                "Configure a Trusted Publisher for this repository and "
                "workflow "
                "on the registry, grant the job `permissions: {id-token: "
                "write}`, drop the token, and revoke it.")
            .Build());
  };
  if (s.uses.present()) {
    const std::string manual =
        "uses a long-lived token where the registry supports Trusted "
        "Publishing (short-lived OIDC credentials, nothing to steal)";
    if (IsAction(s.uses.value, "pypa/gh-action-pypi-publish") &&
        Present(s, "password")) {
      std::string url = ToLower(With(s, "repository-url"));
      if (url.empty()) url = ToLower(With(s, "repository_url"));
      if (url.empty() || url == "https://upload.pypi.org/legacy/" ||
          url == "https://test.pypi.org/legacy/")
        report(s.With("password")->key.node, site.route + ".with.password",
               "PyPI publishing " + manual);
    } else if (IsAction(s.uses.value, "rubygems/release-gem") &&
               ToLower(With(s, "setup-trusted-publisher")) == "false") {
      report(s.With("setup-trusted-publisher")->key.node,
             site.route + ".with.setup-trusted-publisher",
             "RubyGems publishing " + manual);
    } else if (IsAction(s.uses.value,
                        "rubygems/configure-rubygems-credentials") &&
               Present(s, "api-token")) {
      const std::string server = ToLower(With(s, "gem-server"));
      if (server.empty() || server == "https://rubygems.org")
        report(s.With("api-token")->key.node, site.route + ".with.api-token",
               "RubyGems publishing " + manual);
    } else if (IsAction(s.uses.value, "actions/setup-node") &&
               ToLower(With(s, "always-auth")) == "true") {
      std::string url = ToLower(With(s, "registry-url"));
      if (url.empty() || url == "https://registry.npmjs.org" ||
          url == "https://registry.npmjs.org/")
        report(s.With("always-auth")->key.node,
               site.route + ".with.always-auth", "npm publishing " + manual);
    }
    return;
  }
  // Commands: only where the job's permissions are visible.
  if (!s.run.present() || !site.job || !site.workflow) return;
  const model::PermissionSet& perms = site.job->permissions.set()
                                          ? site.job->permissions
                                          : site.workflow->permissions;
  if (IdTokenWrite(perms)) return;
  // npm publishing to another registry (setup-node registry-url) cannot use
  // Trusted Publishing.
  bool other_npm_registry = false;
  for (const model::Step& o : site.job->steps) {
    if (!o.uses.present() || !IsAction(o.uses.value, "actions/setup-node"))
      continue;
    const std::string url = ToLower(With(o, "registry-url"));
    if (!url.empty() && url.find("registry.npmjs.org") == std::string::npos)
      other_npm_registry = true;
  }
  for (const PublishCommand& c : FindPublishCommands(s.run.value)) {
    if (other_npm_registry &&
        (StartsWith(c.command, "npm") || StartsWith(c.command, "pnpm") ||
         StartsWith(c.command, "yarn")))
      continue;
    ctx.Report(
        ctx.New(info())
            .Confidence(Confidence::kHigh)
            .Message(
                "`" + c.command +
                "` runs without `id-token: write`, so it "
                "authenticates with a long-lived token; the registry supports "
                "Trusted Publishing")
            .At(ctx.AtValue(s.run.node, c.begin, c.end, site.route + ".run"))
            .Remediation(
                "Configure a Trusted Publisher on the registry, add "
                "`permissions: {id-token: write}` to this job and remove the "
                "token secret.")
            .Build());
  }
}

}  // namespace sg::audit
