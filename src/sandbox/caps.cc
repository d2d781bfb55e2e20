#include "sandbox/caps.h"

#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

namespace sg::sandbox {

Status SetNoNewPrivs() {
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return Status::Permission(std::string("PR_SET_NO_NEW_PRIVS: ") +
                              strerror(errno));
  }
  return Status::Ok();
}

Status DropBoundingSet() {
  for (int cap = 0; cap <= 63; ++cap) {
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
      if (errno == EINVAL) break;  // past the kernel's last capability
      return Status::Permission("PR_CAPBSET_DROP " + std::to_string(cap) +
                                ": " + strerror(errno));
    }
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 &&
      errno != EINVAL) {
    return Status::Permission(std::string("PR_CAP_AMBIENT_CLEAR_ALL: ") +
                              strerror(errno));
  }
  return Status::Ok();
}

Status DropAllCapabilities() {
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capset, &hdr, data) != 0) {
    return Status::Permission(std::string("capset: ") + strerror(errno));
  }
  if (syscall(SYS_capget, &hdr, data) != 0) {
    return Status::Permission(std::string("capget: ") + strerror(errno));
  }
  for (const auto& d : data) {
    if (d.effective || d.permitted || d.inheritable) {
      return Status::Permission("capabilities still present after capset");
    }
  }
  return Status::Ok();
}

}  // namespace sg::sandbox
