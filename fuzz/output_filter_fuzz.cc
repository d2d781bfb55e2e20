// Fuzzes sandbox::OutputFilter and checks its security property, not just
// memory safety. Input layout:
//   byte 0        secret length L (8..16)
//   bytes 1..L    the planted secret (added to the SecretSet)
//   then          a control stream and output interleaved: each step reads a
//                 control byte c; 0xfc -> the next byte repeated
//                 kMaxHold / 2 + 1 times is written, other c % 4 == 0 ->
//                 Flush(), else a chunk of (c >> 2) + 1 output bytes is
//                 written.
// The emitted stream must not contain the secret verbatim, and no emitted
// line (split on '\n' and '\r', like the runner) may start, after the
// whitespace the runner trims (as documented in output_filter.h), with "::".
// Secrets the filter cannot be asked to find are skipped: values with a line
// break or surrounding blanks (SecretSet::Add stores them split/trimmed),
// and values containing '*', '#', '[' or ']', because the filter's own
// insertions ("***", "# #[", "[stepguard] ") could then spell the secret
// without it having leaked.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sandbox/output_filter.h"

using sg::sandbox::OutputFilter;
using sg::sandbox::SecretSet;

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// .NET Char.IsWhiteSpace minus the line ends (the runner's TrimStart()).
bool IsRunnerSpace(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f' || cp == 0x85 ||
         cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
         cp == 0x3000;
}

// Decodes one well-formed UTF-8 character at the start of `s` (at most 3
// bytes are needed for the spaces above); 0 when there is none.
size_t DecodeUtf8(std::string_view s, uint32_t* cp) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  if (s.empty()) return 0;
  if (b(0) < 0x80) {
    *cp = b(0);
    return 1;
  }
  if (b(0) >= 0xc2 && b(0) < 0xe0 && s.size() >= 2 && (b(1) & 0xc0) == 0x80) {
    *cp = (b(0) & 0x1fu) << 6 | (b(1) & 0x3fu);
    return 2;
  }
  if (b(0) >= 0xe0 && b(0) < 0xf0 && s.size() >= 3 && (b(1) & 0xc0) == 0x80 &&
      (b(2) & 0xc0) == 0x80) {
    *cp = (b(0) & 0x0fu) << 12 | (b(1) & 0x3fu) << 6 | (b(2) & 0x3fu);
    return *cp >= 0x800 ? 3 : 0;
  }
  return 0;
}

// True when some line of `out` (split on '\n' and '\r', like the runner's
// ReadLine) would be parsed by the runner as a `::` workflow command.
bool HasUnneutralisedCommand(std::string_view out) {
  size_t start = 0;
  while (start <= out.size()) {
    size_t end = out.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = out.size();
    std::string_view line = out.substr(start, end - start);
    size_t i = 0;
    uint32_t cp = 0;
    while (size_t n = DecodeUtf8(line.substr(i), &cp)) {
      if (!IsRunnerSpace(cp)) break;
      i += n;
    }
    if (line.substr(i, 2) == "::") return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t len = 8 + data[0] % 9;
  if (size < 1 + len) return 0;
  std::string secret(reinterpret_cast<const char*>(data + 1), len);
  if (secret.find_first_of(std::string_view("\r\n*#[]", 6)) !=
          std::string::npos ||
      IsBlank(secret.front()) || IsBlank(secret.back())) {
    return 0;
  }
  SecretSet secrets;
  if (!secrets.Add(secret)) abort();
  OutputFilter filter(&secrets);

  std::string out;
  size_t pos = 1 + len;
  while (pos < size) {
    uint8_t c = data[pos++];
    if (c == 0xfc && pos < size) {
      // A long run of one byte, so short inputs reach the hold limits
      // (kMaxHold, 2 * kMaxHold) that split long lines.
      out += filter.Write(std::string(OutputFilter::kMaxHold / 2 + 1,
                                      static_cast<char>(data[pos++])));
      continue;
    }
    if (c % 4 == 0) {
      out += filter.Flush();
      continue;
    }
    size_t n = std::min<size_t>((c >> 2) + 1, size - pos);
    out += filter.Write(
        std::string_view(reinterpret_cast<const char*>(data + pos), n));
    pos += n;
  }
  out += filter.Finish();

  if (out.find(secret) != std::string::npos) abort();
  if (HasUnneutralisedCommand(out)) abort();
  return 0;
}
