#include "audit/unpinned_images.h"

#include <algorithm>
#include <vector>

#include "audit/adhoc_packages.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& UnpinnedImages::info() const {
  static const RuleInfo kInfo{
      "unpinned-images", Severity::kHigh,
      "container or service image not pinned to a digest"};
  return kInfo;
}

ImageRef ParseImage(std::string_view image) {
  ImageRef r;
  std::string s(Trim(image));
  if (size_t at = s.find('@'); at != std::string::npos) {
    r.digest = s.substr(at + 1);
    s.resize(at);
  }
  const size_t slash = s.rfind('/');
  const size_t colon = s.find(':', slash == std::string::npos ? 0 : slash + 1);
  if (colon != std::string::npos) {
    r.tag = s.substr(colon + 1);
    s.resize(colon);
  }
  r.name = s;
  return r;
}

namespace {

// Values `matrix.<key>` can take: the key's list and `include` entries.
// Returns false when some value cannot be known statically.
bool MatrixValues(const yaml::Node* matrix, const std::string& key,
                  std::vector<const yaml::Node*>* out) {
  if (!matrix || !matrix->IsMap()) return false;
  bool found = false;
  if (const yaml::Node* v = matrix->Get(key)) {
    found = true;
    if (v->IsSequence()) {
      for (const yaml::Node* i : v->items) {
        if (!i->IsScalar()) return false;
        out->push_back(i);
      }
    } else {
      return false;  // an expression such as fromJSON(...)
    }
  }
  if (const yaml::Node* inc = matrix->Get("include")) {
    if (!inc->IsSequence()) return false;
    for (const yaml::Node* e : inc->items) {
      if (!e->IsMap()) return false;
      if (const yaml::Node* v = e->Get(key)) {
        found = true;
        if (!v->IsScalar()) return false;
        out->push_back(v);
      }
    }
  }
  return found;
}

}  // namespace

void UnpinnedImages::Classify(const std::string& image, const yaml::Node* at,
                              const yaml::Node* from_matrix,
                              const std::string& route, AuditContext& ctx) {
  if (Trim(image).empty()) return;
  if (image.find("${{") == std::string::npos) {
    Report(image, ctx.At(at, route), from_matrix, route, ctx);
    return;
  }
  ctx.Report(ctx.New(info())
                 .Confidence(Confidence::kLow)
                 .Message("image `" + image +
                          "` is computed by an expression and may be "
                          "unpinned")
                 .At(ctx.At(at, route))
                 .Build());
}

void UnpinnedImages::Report(const std::string& image, Location where,
                            const yaml::Node* from_matrix,
                            const std::string& route, AuditContext& ctx,
                            Confidence confidence) {
  ImageRef r = ParseImage(image);
  if (!r.digest.empty()) return;
  const bool floating = r.tag.empty() || r.tag == "latest";
  if (!floating && ctx.persona() < Persona::kPedantic) return;
  FindingBuilder b = ctx.New(info());
  b.Severity(floating ? Severity::kHigh : Severity::kMedium)
      .Confidence(confidence)
      .Message(floating ? "image `" + image +
                              "` is unpinned: it runs whatever `latest` points "
                              "to when the job starts"
                        : "image `" + image +
                              "` is pinned to a tag, which the registry owner "
                              "can move; pin a digest")
      .At(std::move(where))
      .Remediation("Pin the image by digest and keep the tag for readers: `" +
                   r.name + ":" + (r.tag.empty() ? std::string("X.Y") : r.tag) +
                   "@sha256:<digest>`.")
      .Snippet(image);
  if (from_matrix) b.Related(ctx.At(from_matrix, route));
  ctx.Report(b.Build());
}

void UnpinnedImages::CheckImage(const model::Str& image,
                                const yaml::Node* matrix,
                                const std::string& route, AuditContext& ctx) {
  if (!image.present()) return;
  const std::string& v = image.value;
  // `${{ matrix.key }}` alone: judge every value the matrix gives it.
  std::string_view t = Trim(v);
  if (StartsWith(t, "${{") && t.size() > 5 && t.substr(t.size() - 2) == "}}") {
    std::string inner(Trim(t.substr(3, t.size() - 5)));
    if (StartsWith(inner, "matrix.") &&
        inner.find_first_of(" ()[]|&!=<>'\"") == std::string::npos) {
      std::vector<const yaml::Node*> values;
      if (MatrixValues(matrix, inner.substr(7), &values)) {
        for (const yaml::Node* n : values)
          Classify(n->value, image.node, n, route, ctx);
        return;
      }
    }
  }
  Classify(v, image.node, nullptr, route, ctx);
}

void UnpinnedImages::CheckJob(const model::Workflow&, const model::Job& job,
                              AuditContext& ctx) {
  const std::string base = "jobs." + job.id;
  if (job.container) {
    const bool short_form =
        job.container->node && job.container->node->IsScalar();
    CheckImage(job.container->image, job.matrix,
               base + (short_form ? ".container" : ".container.image"), ctx);
  }
  for (const auto& [name, svc] : job.services) {
    const bool short_form = svc.node && svc.node->IsScalar();
    CheckImage(svc.image, job.matrix,
               base + ".services." + name.value + (short_form ? "" : ".image"),
               ctx);
  }
}

std::string ContainerCommandImage(const std::vector<std::string>& words) {
  size_t i = 0;
  while (i < words.size() && (words[i] == "sudo" || words[i] == "env" ||
                              words[i].find('=') != std::string::npos))
    ++i;
  if (i >= words.size()) return "";
  std::string tool = words[i];
  if (size_t sl = tool.rfind('/'); sl != std::string::npos)
    tool = tool.substr(sl + 1);
  if (tool != "docker" && tool != "podman") return "";
  ++i;
  // Global options before the subcommand; these take a value.
  auto global_value = [](const std::string& w) {
    return w == "-H" || w == "--host" || w == "--config" || w == "-c" ||
           w == "--context" || w == "-l" || w == "--log-level" ||
           w == "--tlscacert" || w == "--tlscert" || w == "--tlskey";
  };
  while (i < words.size() && StartsWith(words[i], "-")) {
    if (words[i].find('=') == std::string::npos && global_value(words[i])) ++i;
    ++i;
  }
  if (i >= words.size()) return "";
  std::string sub = words[i++];
  // `docker container run`, `docker image pull`.
  if ((sub == "container" || sub == "image") && i < words.size())
    sub = words[i++];
  const bool pull = sub == "pull";
  if (!pull && sub != "run" && sub != "create") return "";
  // Options without a value; every other option takes one (`-e A=b`,
  // `--name x`), unless written `--opt=value`.
  auto boolean = [&](const std::string& w) {
    static constexpr std::string_view kLong[] = {"--detach",
                                                 "--rm",
                                                 "--interactive",
                                                 "--tty",
                                                 "--privileged",
                                                 "--init",
                                                 "--publish-all",
                                                 "--read-only",
                                                 "--sig-proxy",
                                                 "--all-tags",
                                                 "--quiet",
                                                 "--no-healthcheck",
                                                 "--oom-kill-disable",
                                                 "--disable-content-trust",
                                                 "--help"};
    if (StartsWith(w, "--")) {
      for (std::string_view l : kLong)
        if (w == l) return true;
      return false;
    }
    // Short flags, possibly bundled: -d, -it, -dit, -P, -a, -q.
    for (size_t k = 1; k < w.size(); ++k)
      if (std::string_view("ditPaq").find(w[k]) == std::string_view::npos)
        return false;
    return w.size() > 1;
  };
  while (i < words.size() && StartsWith(words[i], "-")) {
    const std::string& w = words[i];
    ++i;
    if (w == "--") break;
    if (w.find('=') != std::string::npos || boolean(w)) continue;
    ++i;  // its value
  }
  if (i >= words.size()) return "";
  const std::string& image = words[i];
  // Variables and expressions cannot be judged from the script.
  if (image.find('$') != std::string::npos) return "";
  return image;
}

namespace {

// Image names the job builds or tags itself (`docker build -t app .`,
// `docker tag a app`, build-push-action `tags:`): running them pulls
// nothing.
std::vector<std::string> LocalImages(const std::vector<model::Step>& steps,
                                     bool* builds) {
  std::vector<std::string> out;
  auto add = [&](std::string_view name) {
    name = Trim(name);
    if (name.empty()) return;
    out.push_back(ParseImage(name).name);
  };
  for (const model::Step& st : steps) {
    if (st.uses.present() &&
        ToLower(st.uses.value).find("docker/build-push-action") !=
            std::string::npos) {
      *builds = true;
      if (const model::KeyValue* tags = st.With("tags")) {
        std::string list = tags->value.value;
        for (char& ch : list)
          if (ch == '\n') ch = ',';
        for (const std::string& t : Split(list, ',')) add(t);
      }
    }
    if (!st.run.present() || (st.run.value.find("build") == std::string::npos &&
                              st.run.value.find(" tag ") == std::string::npos))
      continue;
    // Builds through wrappers (`pnpm build:docker`, `make image`, `--load`)
    // hide the tag they give the image.
    for (std::string_view hint : {"docker build", "buildx", "podman build",
                                  "build:docker", "--load", "compose build"})
      if (st.run.value.find(hint) != std::string::npos) *builds = true;
    for (const ShellCommand& c : SplitShellCommands(st.run.value)) {
      const auto& w = c.words;
      bool building = false;
      for (size_t k = 0; k + 1 < w.size(); ++k) {
        if (w[k] == "build") building = true;
        if (w[k] == "tag" && k + 2 < w.size() &&
            (w[0] == "docker" || w[0] == "podman"))
          add(w[k + 2]);
        if (!building) continue;
        if (w[k] == "-t" || w[k] == "--tag") add(w[k + 1]);
      }
      for (const std::string& x : w) {
        if (building && StartsWith(x, "--tag=")) add(x.substr(6));
        if (building && StartsWith(x, "-t=")) add(x.substr(3));
      }
    }
  }
  return out;
}

}  // namespace

void UnpinnedImages::CheckStep(const StepSite& site, AuditContext& ctx) {
  const model::Step& step = *site.step;
  if (!step.run.present() || !step.run.node || !step.run.node->IsScalar())
    return;
  const std::string& script = step.run.node->value;
  if (script.find("docker") == std::string::npos &&
      script.find("podman") == std::string::npos)
    return;
  std::vector<std::string> local;
  bool local_read = false;
  bool builds = false;  // the job builds images it may then run
  for (const ShellCommand& c : SplitShellCommands(script)) {
    const std::string image = ContainerCommandImage(c.words);
    if (image.empty()) continue;
    if (!local_read) {
      static const std::vector<model::Step> kNoSteps;
      const std::vector<model::Step>& steps = site.job      ? site.job->steps
                                              : site.action ? site.action->steps
                                                            : kNoSteps;
      local = LocalImages(steps, &builds);
      local_read = true;
    }
    const std::string name = ParseImage(image).name;
    if (std::find(local.begin(), local.end(), name) != local.end()) continue;
    // A registry on the runner itself serves what the job pushed to it.
    if (StartsWith(name, "localhost") || StartsWith(name, "127.0.0.1"))
      continue;
    const size_t at = script.find(image, c.begin);
    const size_t begin = at != std::string::npos && at < c.end ? at : c.begin;
    const size_t end =
        at != std::string::npos && at < c.end ? at + image.size() : c.end;
    Report(image, ctx.AtValue(step.run.node, begin, end, site.route + ".run"),
           nullptr, site.route + ".run", ctx,
           builds ? Confidence::kLow : Confidence::kHigh);
  }
}

void UnpinnedImages::CheckAction(const model::Action& action,
                                 AuditContext& ctx) {
  if (!action.image.present() ||
      !StartsWith(Trim(action.image.value), "docker://"))
    return;
  model::Str image = action.image;
  image.value = std::string(Trim(image.value)).substr(9);
  CheckImage(image, nullptr, "runs.image", ctx);
}

}  // namespace sg::audit
