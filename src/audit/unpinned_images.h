// unpinned-images: job `container:` and `services:` images, and the image of a
// Docker action (`runs.image: docker://...`), that are not pinned to a
// digest. No tag or `latest` is high (regular persona); a tag without a
// digest is medium and shown to the pedantic persona only, as in zizmor (the
// default policy accepts a tag). Images chosen by `${{ matrix.X }}` are
// expanded through the job's matrix; other expressions are low confidence.
// `docker://` step images are unpinned-uses' business. `docker pull|run|
// create` and `podman ...` commands in `run:` scripts are judged the same way.
#ifndef STEPGUARD_AUDIT_UNPINNED_IMAGES_H_
#define STEPGUARD_AUDIT_UNPINNED_IMAGES_H_

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"

namespace sg::audit {

class UnpinnedImages : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;
  // `docker pull|run|create IMAGE` (and podman) in `run:` scripts.
  void CheckStep(const StepSite& site, AuditContext& ctx) override;

 private:
  void CheckImage(const model::Str& image, const yaml::Node* matrix,
                  const std::string& route, AuditContext& ctx);
  void Classify(const std::string& image, const yaml::Node* at,
                const yaml::Node* from_matrix, const std::string& route,
                AuditContext& ctx);
  void Report(const std::string& image, Location where,
              const yaml::Node* from_matrix, const std::string& route,
              AuditContext& ctx, Confidence confidence = Confidence::kHigh);
};

// The image a `docker`/`podman` command line pulls, runs or creates
// (`docker --debug run -d --rm -e A=b nginx:1 sh` -> `nginx:1`), or "" when
// the command does none of these.
std::string ContainerCommandImage(const std::vector<std::string>& words);

struct ImageRef {
  std::string name, tag, digest;
};
// Splits `[registry[:port]/]name[:tag][@digest]`.
ImageRef ParseImage(std::string_view image);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNPINNED_IMAGES_H_
