#include "sandbox/channel.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <cstring>

namespace sg::sandbox {

Status MakeChannel(Fd* a, Fd* b) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    return Status::Internal(std::string("socketpair: ") + strerror(errno));
  }
  a->Reset(sv[0]);
  b->Reset(sv[1]);
  return Status::Ok();
}

Status SendMessage(int sock, std::string_view text, int fd) {
  struct msghdr msg = {};
  struct iovec iov;
  iov.iov_base = const_cast<char*>(text.data());
  iov.iov_len = text.size();
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  if (fd >= 0) {
    memset(control, 0, sizeof(control));
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    struct cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
  }
  ssize_t n;
  do {
    n = sendmsg(sock, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return Status::Internal(std::string("sendmsg: ") + strerror(errno));
  return Status::Ok();
}

Result<Message> ReceiveMessage(int sock) {
  char buf[4096];
  struct msghdr msg = {};
  struct iovec iov = {buf, sizeof(buf)};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n;
  do {
    n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n < 0)
    return Status::Internal(std::string("recvmsg: ") + strerror(errno));
  Message out;
  for (struct cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr;
       c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      int fd;
      memcpy(&fd, CMSG_DATA(c), sizeof(int));
      out.fd.Reset(fd);
    }
  }
  if (n == 0 && !out.fd) return Status::Unavailable("channel closed");
  out.text.assign(buf, static_cast<size_t>(n));
  return out;
}

}  // namespace sg::sandbox
