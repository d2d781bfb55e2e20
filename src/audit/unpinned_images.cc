#include "audit/unpinned_images.h"

#include <vector>

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
  if (image.find("${{") != std::string::npos) {
    ctx.Report(ctx.New(info())
                   .Confidence(Confidence::kLow)
                   .Message("image `" + image +
                            "` is computed by an expression and may be "
                            "unpinned")
                   .At(ctx.At(at, route))
                   .Build());
    return;
  }
  ImageRef r = ParseImage(image);
  if (!r.digest.empty()) return;
  const bool floating = r.tag.empty() || r.tag == "latest";
  if (!floating && ctx.persona() < Persona::kPedantic) return;
  FindingBuilder b = ctx.New(info());
  b.Severity(floating ? Severity::kHigh : Severity::kMedium)
      .Confidence(Confidence::kHigh)
      .Message(floating ? "image `" + image +
                              "` is unpinned: it runs whatever `latest` points "
                              "to when the job starts"
                        : "image `" + image +
                              "` is pinned to a tag, which the registry owner "
                              "can move; pin a digest")
      .At(ctx.At(at, route))
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
