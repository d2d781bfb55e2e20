#include "git/libgit2_api.h"

#include "base/shared_library.h"

namespace sg::git {

const char* Libgit2Soname() { return SG_LIBGIT2_SONAME; }

Result<LibGit2Api> LoadLibGit2Api(const std::string& soname) {
  Result<SharedLibrary> lib = SharedLibrary::Open(
      soname,
      "install the libgit2 runtime package (Debian/Ubuntu: libgit2-1.5 or "
      "the version stepguard was built with)");
  if (!lib.ok()) return lib.status();
  LibGit2Api api;
#define SG_LIBGIT2_RESOLVE(name) \
  SG_RETURN_IF_ERROR(lib->Resolve("git_" #name, &api.name));
  SG_LIBGIT2_FUNCTIONS(SG_LIBGIT2_RESOLVE)
#undef SG_LIBGIT2_RESOLVE
  lib->Release();
  return api;
}

Result<const LibGit2Api*> LibGit2() {
  // Loaded once, immutable afterwards; a magic static is the thread-safe
  // once-init, and it is never destroyed (no unload while threads run).
  static const Result<LibGit2Api>* const loaded =
      new Result<LibGit2Api>(LoadLibGit2Api(Libgit2Soname()));
  if (!loaded->ok()) return loaded->status();
  return &loaded->value();
}

}  // namespace sg::git
