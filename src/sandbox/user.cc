#include "sandbox/user.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include <cstdlib>

#include "base/file.h"
#include "base/strings.h"

namespace sg::sandbox {

Status WriteIdMaps(pid_t child, uid_t uid, gid_t gid, bool caller_is_root) {
  std::string base = "/proc/" + std::to_string(child) + "/";
  if (!caller_is_root) {
    // Required before an unprivileged gid_map write (user_namespaces(7)).
    Status s = WriteFile(base + "setgroups", "deny");
    if (!s.ok()) return s.WithContext("setgroups");
  }
  Status s = WriteFile(base + "uid_map", std::to_string(uid) + " " +
                                             std::to_string(uid) + " 1\n");
  if (!s.ok()) return s.WithContext("uid_map");
  s = WriteFile(base + "gid_map",
                std::to_string(gid) + " " + std::to_string(gid) + " 1\n");
  if (!s.ok()) return s.WithContext("gid_map");
  return Status::Ok();
}

Status SwitchToUser(uid_t uid, gid_t gid, bool may_setgroups) {
  if (may_setgroups && setgroups(0, nullptr) != 0) {
    return Status::Permission(std::string("setgroups: ") + strerror(errno));
  }
  if (setresgid(gid, gid, gid) != 0) {
    return Status::Permission(std::string("setresgid: ") + strerror(errno));
  }
  if (setresuid(uid, uid, uid) != 0) {
    return Status::Permission(std::string("setresuid: ") + strerror(errno));
  }
  return Status::Ok();
}

Result<UserIds> LookupUser(const std::string& spec) {
  std::string name = spec;
  std::string group;
  if (size_t colon = spec.find(':'); colon != std::string::npos) {
    name = spec.substr(0, colon);
    group = spec.substr(colon + 1);
  }
  UserIds ids{};
  struct passwd* pw = nullptr;
  char* end = nullptr;
  unsigned long n = strtoul(name.c_str(), &end, 10);
  bool numeric = !name.empty() && end != nullptr && *end == '\0';
  if (numeric) {
    ids.uid = static_cast<uid_t>(n);
    pw = getpwuid(ids.uid);
    ids.gid = pw ? pw->pw_gid : static_cast<gid_t>(n);
  } else {
    pw = getpwnam(name.c_str());
    if (pw == nullptr)
      return Status::InvalidInput("unknown user '" + name + "'");
    ids.uid = pw->pw_uid;
    ids.gid = pw->pw_gid;
  }
  if (pw != nullptr) {
    ids.home = pw->pw_dir;
    ids.name = pw->pw_name;
  }
  if (!group.empty()) {
    unsigned long g = strtoul(group.c_str(), &end, 10);
    if (*end == '\0') {
      ids.gid = static_cast<gid_t>(g);
    } else {
      struct group* gr = getgrnam(group.c_str());
      if (gr == nullptr)
        return Status::InvalidInput("unknown group '" + group + "'");
      ids.gid = gr->gr_gid;
    }
  }
  return ids;
}

}  // namespace sg::sandbox
