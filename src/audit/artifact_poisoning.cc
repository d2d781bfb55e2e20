#include "audit/artifact_poisoning.h"

#include "audit/checkout_exec.h"
#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& ArtifactPoisoning::info() const {
  static const RuleInfo kInfo{
      "artifact-poisoning", Severity::kHigh,
      "privileged workflow extracts or runs artifacts from an untrusted run"};
  return kInfo;
}

namespace {

// Where a download puts the files: "" = the workspace root.
std::string Destination(const model::Step& step) {
  const model::KeyValue* kv = step.With("path");
  if (!kv) return "";
  std::string p(Trim(kv->value.value));
  if (p == "." || p == "./" || p == "${{ github.workspace }}" ||
      p == "$GITHUB_WORKSPACE")
    return "";
  return p;
}

struct Download {
  const model::Step* step = nullptr;
  std::string dest;  // "" = workspace root
  std::string how;
};

// Cross-run artifact downloads. actions/download-artifact only reaches
// another run's artifacts with `run-id`; dawidd6/action-download-artifact
// and `gh run download` always do; github-script through the artifacts API.
std::optional<Download> FindDownload(const model::Step& step,
                                     bool workflow_run) {
  if (IsAction(step.uses.value, "actions/download-artifact")) {
    if (!step.With("run-id")) return std::nullopt;
    return Download{&step, Destination(step),
                    "actions/download-artifact with run-id"};
  }
  if (IsAction(step.uses.value, "dawidd6/action-download-artifact")) {
    return Download{&step, Destination(step),
                    "dawidd6/action-download-artifact"};
  }
  if (IsAction(step.uses.value, "actions/github-script")) {
    const model::KeyValue* script = step.With("script");
    if (script &&
        (script->value.value.find("downloadArtifact") != std::string::npos ||
         script->value.value.find("listWorkflowRunArtifacts") !=
             std::string::npos))
      return Download{&step, "", "the artifacts API in github-script"};
  }
  if (step.run.present()) {
    const std::string& r = step.run.value;
    if (r.find("gh run download") != std::string::npos) {
      const bool dir = r.find(" -D ") != std::string::npos ||
                       r.find(" --dir") != std::string::npos;
      return Download{&step, dir ? "(a directory)" : "", "gh run download"};
    }
  }
  (void)workflow_run;
  return std::nullopt;
}

}  // namespace

void ArtifactPoisoning::CheckJob(const model::Workflow& wf,
                                 const model::Job& job, AuditContext& ctx) {
  if (!wf.on.Has("workflow_run") && !wf.on.Has("pull_request_target")) return;
  const std::string jroute = "jobs." + job.id;
  std::optional<Download> dl;
  std::vector<std::string> trusted_paths;
  for (const model::Step& step : job.steps) {
    const std::string route =
        jroute + ".steps[" + std::to_string(step.index) + "]";
    if (!dl) {
      dl = FindDownload(step, wf.on.Has("workflow_run"));
      continue;
    }
    if (IsAction(step.uses.value, "actions/checkout")) {
      const model::KeyValue* p = step.With("path");
      // A checkout into the workspace root cleans it (git clean -ffdx).
      if (!p && dl->dest.empty()) {
        dl.reset();
        continue;
      }
      if (p) trusted_paths.push_back(std::string(Trim(p->value.value)));
      continue;
    }
    // `unzip` without -d extracts the archive into the working directory.
    if (dl->dest != "" && step.run.present() &&
        step.run.value.find("unzip") != std::string::npos &&
        step.run.value.find("-d") == std::string::npos)
      dl->dest = "";
    std::string why;
    if (dl->dest.empty()) {
      why = ExecutesWorkspaceCode(step);
      if (!why.empty())
        why = "the artifact was extracted over the workspace, and " + why;
    } else if (step.run.present()) {
      // Running something from the download directory.
      std::string dest = dl->dest;
      while (!dest.empty() && dest.back() == '/') dest.pop_back();
      const std::string base = dest.substr(dest.find_last_of('/') + 1) + "/";
      for (std::string_view runner :
           {"bash ", "sh ", "source ", "node ", "python ", "./", ". "}) {
        size_t at = step.run.value.find(runner);
        if (at == std::string::npos || base.empty()) continue;
        if (step.run.value.find(base, at) != std::string::npos &&
            step.run.value.find(base, at) - at < 80) {
          why = "a script from the downloaded artifact runs";
          break;
        }
      }
    }
    if (why.empty()) continue;
    // Code run from a fresh checkout in its own directory is not the
    // artifact's.
    bool trusted = false;
    for (const std::string& q : trusted_paths)
      trusted = trusted || (!q.empty() &&
                            (step.run.value + step.uses.value).find(q + "/") !=
                                std::string::npos);
    if (trusted) continue;
    Location dloc = ctx.At(
        dl->step->uses.present() ? dl->step->uses.node : dl->step->run.node,
        jroute + ".steps[" + std::to_string(dl->step->index) + "]");
    dloc.note = "the artifact is downloaded here";
    const std::string trig =
        wf.on.Has("workflow_run") ? "workflow_run" : "pull_request_target";
    ctx.Report(
        ctx.New(info())
            .Severity(Severity::kHigh)
            .Confidence(dl->dest.empty() ? Confidence::kHigh
                                         : Confidence::kMedium)
            .Message("this `" + trig +
                     "` workflow downloads another run's artifact (" + dl->how +
                     ") that a pull request can control; " + why +
                     " with the base repository's token and secrets")
            .At(ctx.At(step.uses.present() ? step.uses.node : step.run.node,
                       route + (step.uses.present() ? ".uses" : ".run")))
            .Related(std::move(dloc))
            .Remediation(
                "Download artifacts into a fresh directory outside the "
                "workspace "
                "(e.g. `${{ runner.temp }}/artifacts`), treat their content as "
                "untrusted data, and never execute it.")
            .Snippet(job.id + ":" + dl->how)
            .Build());
    return;
  }
}

}  // namespace sg::audit
