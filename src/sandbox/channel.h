// The control channel between the supervisor and the sandbox's init: a
// SOCK_SEQPACKET socketpair carrying short text messages, optionally with
// one file descriptor (SCM_RIGHTS). Message boundaries are preserved.
//
// Init -> supervisor messages (first byte is the type):
//   "M"                          /proc/<pid> is ready for the id maps
//   "L<layer> <state> <detail>"  a layer's outcome (sent inside "B"/"R")
//   "B<L-record>\n<L-record>..."  several layer outcomes at once
//   "E<layer> <message>"         a layer failed; setup stops
//   "P<port>" + fd               proxy listener inside the task's netns
//   "N" + fd                     seccomp user-notification fd
//   "R<L-record>\n..."            setup done (with the last layer outcomes)
//   "S<pid>"                     task started (pid as seen by init)
//   "F<errno>"                   execve of the task failed
//   "X<wait status>"             the task ended
// Supervisor -> init: "G" once uid/gid maps are written and the
// supervisor's own layers (userns, cgroup) satisfy `required`; init then
// builds the rest and starts the task without waiting again.
#ifndef STEPGUARD_SANDBOX_CHANNEL_H_
#define STEPGUARD_SANDBOX_CHANNEL_H_

#include <string>
#include <string_view>

#include "base/fd.h"
#include "base/status.h"

namespace sg::sandbox {

struct Message {
  std::string text;
  Fd fd;  // invalid when none was attached
};

// Creates a connected pair (both ends close-on-exec).
Status MakeChannel(Fd* a, Fd* b);
// Sends `text` and, when fd >= 0, a duplicate of `fd`. Async-signal-safe
// enough for the post-clone child (no allocation beyond the stack).
Status SendMessage(int sock, std::string_view text, int fd = -1);
// Blocks for one message. Unavailable at EOF (peer closed).
Result<Message> ReceiveMessage(int sock);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_CHANNEL_H_
