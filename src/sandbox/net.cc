#include "sandbox/net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <string>

namespace sg::sandbox {

Status BringUpLoopback() {
  Fd sock(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!sock)
    return Status::Permission(std::string("socket: ") + strerror(errno));
  struct ifreq ifr = {};
  strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl(sock.get(), SIOCGIFFLAGS, &ifr) != 0) {
    return Status::Permission(std::string("SIOCGIFFLAGS lo: ") +
                              strerror(errno));
  }
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl(sock.get(), SIOCSIFFLAGS, &ifr) != 0) {
    return Status::Permission(std::string("SIOCSIFFLAGS lo: ") +
                              strerror(errno));
  }
  return Status::Ok();
}

Result<Listener> CreateLoopbackListener(int port) {
  Listener l;
  l.fd.Reset(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!l.fd)
    return Status::Permission(std::string("socket: ") + strerror(errno));
  int one = 1;
  setsockopt(l.fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  struct sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(l.fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    return Status::Permission(std::string("bind 127.0.0.1: ") +
                              strerror(errno));
  }
  if (listen(l.fd.get(), 128) != 0) {
    return Status::Permission(std::string("listen: ") + strerror(errno));
  }
  socklen_t len = sizeof(addr);
  if (getsockname(l.fd.get(), reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    return Status::Internal(std::string("getsockname: ") + strerror(errno));
  }
  l.port = ntohs(addr.sin_port);
  return l;
}

}  // namespace sg::sandbox
