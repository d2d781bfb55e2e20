// One escape attempt per invocation, run inside `stepguard exec` by the
// escape suite (src/sandbox/escape_test.cc). Prints "ESCAPED ..." and exits
// 0 when the attack worked, prints "blocked: <errno text>" and exits 1 when
// it failed. The same probe run outside the sandbox shows the attack is real.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

namespace {

int Blocked(const char* what) {
  printf("blocked: %s: %s\n", what, strerror(errno));
  return 1;
}
int Escaped(const std::string& what) {
  printf("ESCAPED %s\n", what.c_str());
  return 0;
}

int ReadFile(const char* path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return Blocked("open");
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof(buf));
  close(fd);
  if (n <= 0) {
    if (n == 0) errno = ENODATA;
    return Blocked("read");
  }
  return Escaped("read " + std::to_string(n) + " bytes");
}

int WriteFile(const char* path, int flags) {
  int fd = open(path, O_WRONLY | flags, 0644);
  if (fd < 0) return Blocked("open");
  const char line[] = "INJECTED=1\n";
  if (write(fd, line, sizeof(line) - 1) < 0) return Blocked("write");
  close(fd);
  return Escaped(std::string("wrote ") + path);
}

int Ptrace() {
  pid_t target = getppid();
  if (ptrace(PTRACE_ATTACH, target, nullptr, nullptr) != 0)
    return Blocked("ptrace");
  return Escaped("attached to " + std::to_string(target));
}

int VmRead() {
  char buf[16];
  struct iovec local = {buf, sizeof(buf)};
  // Any address: the call itself must be refused before it is looked at.
  struct iovec remote = {reinterpret_cast<void*>(0x400000), sizeof(buf)};
  if (syscall(SYS_process_vm_readv, getppid(), &local, 1, &remote, 1, 0) < 0 &&
      errno != EFAULT) {
    return Blocked("process_vm_readv");
  }
  return Escaped("process_vm_readv reached the parent");
}

int ProcMem() {
  std::string p = "/proc/" + std::to_string(getppid()) + "/mem";
  int fd = open(p.c_str(), O_RDONLY);
  if (fd < 0) return Blocked("open mem");
  close(fd);
  return Escaped("opened " + p);
}

int Background(const char* name) {
  pid_t p = fork();
  if (p < 0) return Blocked("fork");
  if (p == 0) {
    setsid();
    if (fork() != 0) _exit(0);  // double fork: re-parented to init
    prctl(PR_SET_NAME, name);
    for (;;) pause();
  }
  waitpid(p, nullptr, 0);
  return Escaped(std::string("left ") + name + " running");
}

int ForkBomb(long max) {
  long n = 0;
  for (; n < max; ++n) {
    pid_t p = fork();
    if (p < 0) {
      printf("fork failed after %ld: %s\n", n, strerror(errno));
      return 1;
    }
    if (p == 0) {
      for (;;) pause();
    }
  }
  return Escaped(std::to_string(n) + " processes");
}

int Alloc(long mb) {
  size_t len = static_cast<size_t>(mb) << 20;
  void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return Blocked("mmap");
  memset(p, 1, len);
  return Escaped("allocated " + std::to_string(mb) + " MiB");
}

int RawSocket() {
  int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  if (fd < 0) return Blocked("socket raw");
  close(fd);
  return Escaped("raw socket");
}

int PacketSocket() {
  int fd = socket(AF_PACKET, SOCK_RAW, 0);
  if (fd < 0) return Blocked("socket packet");
  close(fd);
  return Escaped("packet socket");
}

int Connect(const char* ip, int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Blocked("socket");
  struct sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, ip, &a.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0)
    return Blocked("connect");
  const char hello[] = "escaped\n";
  ssize_t w = write(fd, hello, sizeof(hello) - 1);
  (void)w;
  close(fd);
  return Escaped(std::string("connected to ") + ip);
}

int UserNs() {
  if (unshare(CLONE_NEWUSER) != 0) {
    int e = errno;
    // Also the clone(2) route.
    long r = syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, nullptr, nullptr,
                     nullptr, nullptr);
    if (r == 0) _exit(0);
    if (r > 0) {
      waitpid(static_cast<pid_t>(r), nullptr, 0);
      return Escaped("clone(CLONE_NEWUSER)");
    }
    errno = e;
    return Blocked("unshare/clone CLONE_NEWUSER");
  }
  return Escaped("new user namespace");
}

int Mount() {
  if (mount("tmpfs", "/tmp", "tmpfs", 0, nullptr) != 0) return Blocked("mount");
  return Escaped("mounted tmpfs");
}

int Bpf() {
  struct bpf_insn insns[2] = {};
  insns[0].code = BPF_ALU64 | BPF_MOV | BPF_K;  // r0 = 0
  insns[0].dst_reg = 0;
  insns[1].code = BPF_JMP | BPF_EXIT;
  union bpf_attr attr = {};
  attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
  attr.insns = reinterpret_cast<uint64_t>(insns);
  attr.insn_cnt = 2;
  attr.license = reinterpret_cast<uint64_t>("GPL");
  long fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
  if (fd < 0) return Blocked("bpf");
  return Escaped("loaded a BPF program");
}

// GET http://host:port/ through $HTTP_PROXY; prints the status line and
// body. Exit 0 on a 200.
int ProxyGet(const char* host, const char* port) {
  const char* proxy = getenv("HTTP_PROXY");
  if (proxy == nullptr) {
    errno = ENOENT;
    return Blocked("HTTP_PROXY unset");
  }
  std::string p = proxy;
  int proxy_port = atoi(p.substr(p.rfind(':') + 1).c_str());
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(proxy_port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0)
    return Blocked("connect proxy");
  std::string req = std::string("GET http://") + host + ":" + port +
                    "/ HTTP/1.1\r\nHost: " + host + ":" + port +
                    "\r\nConnection: close\r\n\r\n";
  if (write(fd, req.data(), req.size()) < 0) return Blocked("write");
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0)
    resp.append(buf, static_cast<size_t>(n));
  close(fd);
  std::string status = resp.substr(0, resp.find("\r\n"));
  size_t body = resp.find("\r\n\r\n");
  printf("status: %s\nbody: %s\n", status.c_str(),
         body == std::string::npos ? "" : resp.substr(body + 4).c_str());
  return status.find(" 200") != std::string::npos ? 0 : 1;
}

int PrintCommands(const char* secret) {
  printf("::add-mask::learned-mask-value\n");
  printf("then learned-mask-value again\n");
  printf("::set-output name=token::x\n");
  printf("  ::stop-commands::pause-token\n");
  printf("::warning file=a::w\n");
  printf("##[set-env name=X;]y\n");
  printf("secret is %s.\n", secret);
  fflush(stdout);
  fprintf(stderr, "::error::from stderr %s\n", secret);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  setvbuf(stdout, nullptr, _IOLBF, 0);
  if (argc < 2) {
    fprintf(stderr, "usage: escape_probe ATTACK [ARGS]\n");
    return 2;
  }
  std::string a = argv[1];
  const char* arg = argc > 2 ? argv[2] : "";
  if (a == "read") return ReadFile(arg);
  if (a == "append") return WriteFile(arg, O_APPEND);
  if (a == "create") return WriteFile(arg, O_CREAT | O_TRUNC);
  if (a == "ptrace-parent") return Ptrace();
  if (a == "vm-read-parent") return VmRead();
  if (a == "proc-mem-parent") return ProcMem();
  if (a == "background") return Background(arg);
  if (a == "forkbomb") return ForkBomb(atol(arg));
  if (a == "alloc") return Alloc(atol(arg));
  if (a == "raw-socket") return RawSocket();
  if (a == "packet-socket") return PacketSocket();
  if (a == "connect") return Connect(arg, argc > 3 ? atoi(argv[3]) : 0);
  if (a == "userns") return UserNs();
  if (a == "mount") return Mount();
  if (a == "bpf") return Bpf();
  if (a == "print-commands") return PrintCommands(arg);
  if (a == "proxy-get") return ProxyGet(arg, argc > 3 ? argv[3] : "80");
  fprintf(stderr, "unknown attack %s\n", a.c_str());
  return 2;
}
