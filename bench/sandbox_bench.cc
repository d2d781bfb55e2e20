// The sandbox alone, without the stepguard binary's start-up (which loads
// libcurl, libgit2, OpenSSL, ... for the other subcommands): the same
// Settings -> Config -> RunSandboxed path as `stepguard exec`, every layer,
// no report. Used by bench/sandbox.sh to separate the two costs.
// Usage: sandbox_bench [--disable LAYER,...] -- CMD [ARGS...]
// (--disable exists to attribute overhead to a layer; never in production.)
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "sandbox/sandbox.h"
#include "sandbox/settings.h"

int main(int argc, char** argv) {
  int i = 1;
  sg::sandbox::LayerSet disabled = 0;
  if (i + 1 < argc && std::strcmp(argv[i], "--disable") == 0) {
    sg::Result<sg::sandbox::LayerSet> l =
        sg::sandbox::ParseLayerList(argv[i + 1]);
    if (!l.ok()) {
      std::cerr << l.status().message() << "\n";
      return 2;
    }
    disabled = *l;
    i += 2;
  }
  if (i < argc && std::strcmp(argv[i], "--") == 0) ++i;
  std::vector<std::string> cmd(argv + i, argv + argc);
  if (cmd.empty()) {
    std::cerr << "usage: sandbox_bench -- CMD [ARGS...]\n";
    return 2;
  }
  sg::Result<sg::sandbox::Config> cfg = sg::sandbox::ResolveConfig(
      sg::sandbox::DefaultSettings(), sg::sandbox::Host::Current(), cmd);
  if (!cfg.ok()) {
    std::cerr << cfg.status().message() << "\n";
    return 125;
  }
  cfg->enabled &= ~disabled;
  cfg->required &= ~disabled;
  sg::sandbox::RunResult r = sg::sandbox::RunSandboxed(*cfg, nullptr);
  if (r.refused) std::cerr << "refused: " << r.refusal << "\n";
  return r.exit_code;
}
