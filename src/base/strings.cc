#include "base/strings.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace sg {

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool GlobMatch(std::string_view p, std::string_view t,
               bool star_crosses_slash) {
  // Dynamic programming over (pattern index, text index): O(|p|*|t|), so an
  // adversarial pattern cannot cause exponential backtracking.
  if (p.find_first_of("*?") == std::string_view::npos) return p == t;
  const size_t n = p.size(), m = t.size();
  // reach[j] == true: pattern prefix p[0..i) can match text prefix t[0..j).
  std::vector<char> reach(m + 1, 0), next(m + 1, 0);
  reach[0] = 1;
  size_t i = 0;
  while (i < n) {
    std::fill(next.begin(), next.end(), 0);
    if (p[i] == '*') {
      bool dbl = i + 1 < n && p[i + 1] == '*';
      size_t adv = dbl ? 2 : 1;
      bool cross = dbl || star_crosses_slash;
      // "**/" may also match zero directories.
      bool dir_glob =
          dbl && i + 2 < n && p[i + 2] == '/' && (i == 0 || p[i - 1] == '/');
      for (size_t j = 0; j <= m; ++j) {
        if (!reach[j]) continue;
        next[j] = 1;
        for (size_t k = j; k < m; ++k) {
          if (!cross && t[k] == '/') break;
          next[k + 1] = 1;
        }
      }
      if (dir_glob) {
        // Also allow skipping "**/" entirely.
        for (size_t j = 0; j <= m; ++j)
          if (reach[j]) next[j] = next[j] | 2;  // marker: may skip the slash
        // Consume "**" and handle the following '/' specially.
        i += adv;
        std::vector<char> after(m + 1, 0);
        for (size_t j = 0; j <= m; ++j) {
          if (next[j] & 2) after[j] = 1;  // zero directories
          if ((next[j] & 1) && j < m && t[j] == '/') after[j + 1] = 1;
        }
        reach.swap(after);
        ++i;  // the '/'
        continue;
      }
      i += adv;
    } else {
      for (size_t j = 0; j < m; ++j) {
        if (!reach[j]) continue;
        if (p[i] == '?' ? t[j] != '/' : p[i] == t[j]) next[j + 1] = 1;
      }
      ++i;
    }
    reach.swap(next);
  }
  return reach[m] != 0;
}

size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  while (i < s.size()) {
    unsigned char c = u[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return i;
    }
    for (int k = 1; k <= n; ++k) {
      if (i + k >= s.size() || (u[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (u[i + k] & 0x3F);
    }
    // Overlong forms, surrogates, out of range.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
        (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += n + 1;
  }
  return std::string_view::npos;
}

std::string JsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  return out;
}

uint64_t Fnv1a64(std::string_view data, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace sg
