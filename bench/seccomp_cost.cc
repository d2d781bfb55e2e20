// What a seccomp filter costs an allowed system call, apart from everything
// else the sandbox does: getppid(2) in a loop with no filter, with a
// one-instruction allow-all filter, and with stepguard's own filter (the
// user-notification deny-list, as `stepguard exec` loads it). The kernel
// skips running a filter for a system call whose verdict never depends on
// its arguments (the per-filter action cache), so the last two differ only
// if that cache does not apply; what is left is the kernel's seccomp entry
// path, which any filter pays. Each case runs in its own child process (a
// filter cannot be removed). Usage: seccomp_cost [CALLS]
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "sandbox/seccomp.h"

namespace {

double NsPerCall(long calls) {
  double best = 1e18;
  for (int rep = 0; rep < 5; ++rep) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < calls; ++i) syscall(SYS_getppid);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
    best = std::min(best, ns / static_cast<double>(calls));
  }
  return best;
}

bool Load(const sock_filter* insns, size_t n, unsigned flags) {
  struct sock_fprog prog;
  prog.len = static_cast<unsigned short>(n);
  prog.filter = const_cast<sock_filter*>(insns);
  return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
         syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog) >= 0;
}

// Runs `setup` then the loop in a child; prints one line.
template <typename Setup>
void Case(const char* name, long calls, Setup setup) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    if (!setup()) {
      std::printf("%-44s not measured (filter not loaded)\n", name);
      _exit(1);
    }
    std::printf("%-44s %7.1f ns per getppid (min of 5 x %ld)\n", name,
                NsPerCall(calls), calls);
    std::fflush(stdout);
    _exit(0);
  }
  int st = 0;
  waitpid(pid, &st, 0);
}

}  // namespace

int main(int argc, char** argv) {
  long calls = argc > 1 ? std::atol(argv[1]) : 2000000;
  if (calls <= 0) {
    std::fprintf(stderr, "usage: seccomp_cost [CALLS]\n");
    return 2;
  }
  Case("no filter", calls, [] { return true; });
  Case("allow-all filter (1 instruction)", calls, [] {
    static const sock_filter kAllow[] = {
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    return Load(kAllow, 1, 0);
  });
  Case("stepguard's filter (deny-list, notify)", calls, [] {
    sg::sandbox::SeccompProgram p = sg::sandbox::CompileNotifyFilter();
    if (p.bpf.empty()) return false;
    return Load(reinterpret_cast<const sock_filter*>(p.bpf.data()),
                p.bpf.size() / sizeof(sock_filter),
                SECCOMP_FILTER_FLAG_NEW_LISTENER);
  });
  return 0;
}
