// no_new_privs and capability dropping.
#ifndef STEPGUARD_SANDBOX_CAPS_H_
#define STEPGUARD_SANDBOX_CAPS_H_

#include "base/status.h"

namespace sg::sandbox {

Status SetNoNewPrivs();
// Clears the bounding set (needs CAP_SETPCAP, so call before switching
// user), the ambient and inheritable sets.
Status DropBoundingSet();
// Clears effective, permitted and inheritable sets, then verifies.
Status DropAllCapabilities();

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_CAPS_H_
