// Fuzzes egress::ScanClientHello with the first bytes a task sends into a
// CONNECT tunnel. Besides memory safety it checks the scan's own contract:
// the result for a prefix never contradicts the result for the whole input
// (a prefix that is kComplete/kMalformed/kNotTls stays so), and an SNI is
// lower-case.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "egress/client_hello.h"

using sg::egress::ClientHelloScan;
using sg::egress::ScanClientHello;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  ClientHelloScan full = ScanClientHello(in);
  if (full.sni) {
    if (full.state != ClientHelloScan::State::kComplete) abort();
    for (char c : *full.sni) {
      if (c >= 'A' && c <= 'Z') abort();
    }
  }
  // A decided prefix must decide the same way for the longer input: the
  // proxy acts on the first decided answer while the task keeps sending.
  if (size > 0) {
    ClientHelloScan part = ScanClientHello(in.substr(0, size / 2));
    if (part.state != ClientHelloScan::State::kNeedMore &&
        (part.state != full.state || part.sni != full.sni)) {
      abort();
    }
  }
  return 0;
}
