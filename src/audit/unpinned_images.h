// unpinned-images: job `container:` and `services:` images, and the image of a
// Docker action (`runs.image: docker://...`), that are not pinned to a
// digest. No tag or `latest` is high (regular persona); a tag without a
// digest is medium and shown to the pedantic persona only, as in zizmor (the
// default policy accepts a tag). Images chosen by `${{ matrix.X }}` are
// expanded through the job's matrix; other expressions are low confidence.
// `docker://` step images are unpinned-uses' business.
#ifndef STEPGUARD_AUDIT_UNPINNED_IMAGES_H_
#define STEPGUARD_AUDIT_UNPINNED_IMAGES_H_

#include <string>
#include <string_view>

#include "audit/audit.h"

namespace sg::audit {

class UnpinnedImages : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
  void CheckAction(const model::Action& action, AuditContext& ctx) override;

 private:
  void CheckImage(const model::Str& image, const yaml::Node* matrix,
                  const std::string& route, AuditContext& ctx);
  void Classify(const std::string& image, const yaml::Node* at,
                const yaml::Node* from_matrix, const std::string& route,
                AuditContext& ctx);
};

struct ImageRef {
  std::string name, tag, digest;
};
// Splits `[registry[:port]/]name[:tag][@digest]`.
ImageRef ParseImage(std::string_view image);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNPINNED_IMAGES_H_
