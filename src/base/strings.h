// Small string helpers shared by every module.
#ifndef STEPGUARD_BASE_STRINGS_H_
#define STEPGUARD_BASE_STRINGS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sg {

std::vector<std::string> Split(std::string_view s, char sep);
std::string_view Trim(std::string_view s);
std::string ToLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
bool IEquals(std::string_view a, std::string_view b);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// Shell-style glob: `*` matches any run of characters except `/` unless
// `slash_star` (then `**` is not needed); `**` matches across `/`; `?` one
// char.
bool GlobMatch(std::string_view pattern, std::string_view text,
               bool star_crosses_slash = false);

// Returns the byte offset of the first invalid UTF-8 sequence, or npos.
size_t FindInvalidUtf8(std::string_view s);

// Escapes a string for a JSON string body (without quotes).
std::string JsonEscape(std::string_view s);

// 64-bit FNV-1a: a stable, non-cryptographic hash for fingerprints.
uint64_t Fnv1a64(std::string_view data, uint64_t seed = 0xcbf29ce484222325ULL);
std::string Hex64(uint64_t v);

}  // namespace sg

#endif  // STEPGUARD_BASE_STRINGS_H_
