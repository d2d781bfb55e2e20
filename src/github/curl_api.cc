#include "github/curl_api.h"

#include "base/shared_library.h"

namespace sg::curl {

const char* LibcurlSoname() { return SG_LIBCURL_SONAME; }

Result<Api> LoadApi(const std::string& soname) {
  Result<SharedLibrary> lib = SharedLibrary::Open(
      soname, "install the libcurl runtime package (Debian/Ubuntu: libcurl4)");
  if (!lib.ok()) return lib.status();
  Api api;
#define SG_CURL_RESOLVE(name) \
  SG_RETURN_IF_ERROR(lib->Resolve("curl_" #name, &api.name));
  SG_CURL_FUNCTIONS(SG_CURL_RESOLVE)
#undef SG_CURL_RESOLVE
  lib->Release();
  return api;
}

Result<const Api*> Curl() {
  // Loaded once, immutable afterwards; a magic static is the thread-safe
  // once-init, and it is never destroyed (no unload while threads run).
  static const Result<Api>* const loaded = [] {
    auto* r = new Result<Api>(LoadApi(LibcurlSoname()));
    if (r->ok() && (*r)->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      *r = Status::Internal("curl_global_init failed");
    }
    return r;
  }();
  if (!loaded->ok()) return loaded->status();
  return &loaded->value();
}

}  // namespace sg::curl
