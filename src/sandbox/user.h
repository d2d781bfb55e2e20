// User namespace and the switch to the unprivileged task user.
//
// With a user namespace the supervisor maps exactly one uid and gid: the
// task's own ids, to themselves (root may map any target; an unprivileged
// caller can only map itself, with setgroups denied). The child holds every
// capability inside the namespace for the setup, then switches to the
// target ids and drops all capabilities (caps.h).
#ifndef STEPGUARD_SANDBOX_USER_H_
#define STEPGUARD_SANDBOX_USER_H_

#include <sys/types.h>

#include <string>

#include "base/status.h"

namespace sg::sandbox {

// Supervisor side: writes /proc/<pid>/{setgroups,uid_map,gid_map}.
Status WriteIdMaps(pid_t child, uid_t uid, gid_t gid, bool caller_is_root);

// Child side: clears supplementary groups (when permitted) and sets real,
// effective and saved ids to uid/gid.
Status SwitchToUser(uid_t uid, gid_t gid, bool may_setgroups);

// "NAME", "UID" or "UID:GID" -> ids (via getpwnam/getpwuid).
struct UserIds {
  uid_t uid;
  gid_t gid;
  std::string home;  // empty when unknown
  std::string name;
};
Result<UserIds> LookupUser(const std::string& spec);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_USER_H_
