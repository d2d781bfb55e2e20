#include "tests/cli/run_command.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>

#include "base/file.h"

extern char** environ;

namespace sg::testing {

std::string StepguardBinary() {
  const char* bin = std::getenv("STEPGUARD_BIN");
  return bin ? bin : std::string(STEPGUARD_BINARY_DIR) + "/stepguard";
}

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& cwd,
                         const std::map<std::string, std::string>& env) {
  CommandResult r;
  char out_path[] = "/tmp/sg-cmd-out-XXXXXX";
  char err_path[] = "/tmp/sg-cmd-err-XXXXXX";
  int out_fd = mkstemp(out_path);
  int err_fd = mkstemp(err_path);
  pid_t pid = fork();
  if (pid == 0) {
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(121);
    for (const auto& [k, v] : env) {
      if (v == "\x01")
        unsetenv(k.c_str());
      else
        setenv(k.c_str(), v.c_str(), 1);
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(out_fd);
  close(err_fd);
  r.out = ReadFile(out_path).ok() ? *ReadFile(out_path) : "";
  r.err = ReadFile(err_path).ok() ? *ReadFile(err_path) : "";
  unlink(out_path);
  unlink(err_path);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

}  // namespace sg::testing
