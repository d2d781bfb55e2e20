#include "sandbox/output_filter.h"

#include <string.h>

#include <algorithm>

namespace sg::sandbox {
namespace {

constexpr std::string_view kBlockedPrefix = "[stepguard] ";
constexpr std::string_view kLegacyCommand = "##[";
constexpr std::string_view kLegacyReplacement = "# #[";
constexpr std::string_view kAddMask = "::add-mask::";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsLineEnd(char c) { return c == '\n' || c == '\r'; }

// Index of the first '\n' or '\r' at or after `pos`, or s.size().
size_t FindLineEnd(std::string_view s, size_t pos) {
  const char* begin = s.data() + pos;
  size_t n = s.size() - pos;
  const void* nl = memchr(begin, '\n', n);
  size_t limit =
      nl ? static_cast<size_t>(static_cast<const char*>(nl) - begin) : n;
  const void* cr = memchr(begin, '\r', limit);
  return pos + (cr ? static_cast<size_t>(static_cast<const char*>(cr) - begin)
                   : limit);
}

// Bytes of whitespace at the start of `s` that the runner's command parser
// skips: it decodes the output as UTF-8 and calls .NET String.TrimStart(),
// which removes every Char.IsWhiteSpace character, not only ' ' and '\t'.
// Line ends are excluded (they split lines before the parser sees them).
// Sets *partial when `s` then ends inside one of the multi-byte characters,
// so the decision must wait for more bytes.
size_t CommandIndent(std::string_view s, bool* partial) {
  static constexpr std::string_view kWideSpaces[] = {
      "\xc2\x85",     "\xc2\xa0",     "\xe1\x9a\x80", "\xe2\x80\x80",
      "\xe2\x80\x81", "\xe2\x80\x82", "\xe2\x80\x83", "\xe2\x80\x84",
      "\xe2\x80\x85", "\xe2\x80\x86", "\xe2\x80\x87", "\xe2\x80\x88",
      "\xe2\x80\x89", "\xe2\x80\x8a", "\xe2\x80\xa8", "\xe2\x80\xa9",
      "\xe2\x80\xaf", "\xe2\x81\x9f", "\xe3\x80\x80"};
  size_t i = 0;
  *partial = false;
  while (i < s.size()) {
    char c = s[i];
    if (IsBlank(c) || c == '\v' || c == '\f') {
      ++i;
      continue;
    }
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0xc2 || u > 0xe3) return i;  // the common case: no table walk
    std::string_view rest = s.substr(i);
    size_t n = 0;
    for (std::string_view w : kWideSpaces) {
      if (rest.substr(0, w.size()) == w) {
        n = w.size();
        break;
      }
      if (rest.size() < w.size() && w.substr(0, rest.size()) == rest) {
        *partial = true;
      }
    }
    if (n == 0) return i;
    *partial = false;
    i += n;
  }
  return i;
}

std::string_view TrimLeftBlanks(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsBlank(s[i])) ++i;
  return s.substr(i);
}

std::string_view TrimBlanks(std::string_view s) {
  s = TrimLeftBlanks(s);
  while (!s.empty() && (IsBlank(s.back()) || IsLineEnd(s.back()))) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

bool SecretSet::Add(std::string_view value) {
  bool added = false;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view line = TrimBlanks(value.substr(start, end - start));
    if (line.size() >= kMinLength &&
        std::find(values_.begin(), values_.end(), line) == values_.end()) {
      values_.emplace_back(line);
      first_bytes_.set(static_cast<unsigned char>(line[0]));
      max_length_ = std::max(max_length_, line.size());
      added = true;
    }
    start = end + 1;
  }
  if (added) {
    std::stable_sort(values_.begin(), values_.end(),
                     [](const std::string& a, const std::string& b) {
                       return a.size() > b.size();
                     });
  }
  return added;
}

size_t SecretSet::MatchAt(std::string_view text) const {
  if (text.empty() || !first_bytes_.test(static_cast<unsigned char>(text[0]))) {
    return 0;
  }
  for (const std::string& v : values_) {
    if (text.size() >= v.size() && text.compare(0, v.size(), v) == 0) {
      return v.size();
    }
  }
  return 0;
}

bool SecretSet::IsProperPrefix(std::string_view text) const {
  if (text.empty() || !first_bytes_.test(static_cast<unsigned char>(text[0]))) {
    return false;
  }
  for (const std::string& v : values_) {
    if (text.size() < v.size() && v.compare(0, text.size(), text) == 0) {
      return true;
    }
  }
  return false;
}

std::string OutputFilter::Scrub(std::string_view text, bool final,
                                size_t* consumed) {
  std::string out;
  out.reserve(text.size());
  ScrubInto(text, final, consumed, &out);
  return out;
}

void OutputFilter::ScrubInto(std::string_view text, bool final,
                             size_t* consumed, std::string* out_ptr) {
  std::string& out = *out_ptr;
  size_t i = 0;
  while (i < text.size()) {
    // Fast path: copy the run of bytes that can start neither a secret nor
    // a legacy command in one append (output-heavy tasks spend their
    // filter time here).
    size_t run = i;
    while (run < text.size() && text[run] != kLegacyCommand[0] &&
           !secrets_->MayStart(text[run])) {
      ++run;
    }
    if (run > i) {
      out.append(text.data() + i, run - i);
      i = run;
      continue;
    }
    std::string_view rest = text.substr(i);
    if (size_t n = secrets_->MatchAt(rest); n > 0) {
      out += "***";
      ++redactions_;
      i += n;
      continue;
    }
    if (rest.substr(0, kLegacyCommand.size()) == kLegacyCommand) {
      out += kLegacyReplacement;
      ++commands_neutralised_;
      i += kLegacyCommand.size();
      continue;
    }
    if (!final && (secrets_->IsProperPrefix(rest) ||
                   (rest.size() < kLegacyCommand.size() &&
                    kLegacyCommand.substr(0, rest.size()) == rest))) {
      break;  // could still become a match: hold it back
    }
    out += text[i];
    ++i;
  }
  *consumed = i;
}

std::string OutputFilter::StartLine(std::string_view line, bool complete) {
  bool partial = false;
  std::string_view trimmed = line.substr(CommandIndent(line, &partial));
  if (trimmed.substr(0, 2) != "::") return "";
  ++commands_neutralised_;
  if (complete && trimmed.substr(0, kAddMask.size()) == kAddMask) {
    secrets_->Add(trimmed.substr(kAddMask.size()));
  }
  return std::string(kBlockedPrefix);
}

void OutputFilter::WriteLine(std::string_view line, std::string* out) {
  size_t consumed = 0;
  if (at_line_start_) {
    // Blank-only text before the command marker must stay in front of
    // the prefix so indentation is kept.
    bool partial = false;
    size_t blanks = CommandIndent(line, &partial);
    std::string prefix = StartLine(line, /*complete=*/true);
    if (!prefix.empty()) {
      std::string marked(line);
      marked.insert(blanks, prefix);
      ScrubInto(marked, /*final=*/true, &consumed, out);
      return;
    }
  }
  ScrubInto(line, /*final=*/true, &consumed, out);
}

std::string OutputFilter::Write(std::string_view chunk) {
  std::string out;
  out.reserve(chunk.size() + chunk.size() / 8);
  size_t pos = 0;
  while (pos < chunk.size()) {
    size_t end = FindLineEnd(chunk, pos);
    if (end == chunk.size()) {
      pending_.append(chunk.substr(pos));
      break;
    }
    // A complete line: decide everything now. Lines that arrived whole are
    // filtered in place, without copying them into pending_ first.
    if (pending_.empty()) {
      WriteLine(chunk.substr(pos, end - pos), &out);
    } else {
      pending_.append(chunk.substr(pos, end - pos));
      WriteLine(pending_, &out);
      pending_.clear();
    }
    out += chunk[end];
    at_line_start_ = true;
    pos = end + 1;
  }
  if (pending_.size() > kMaxHold) out += FlushPartial(/*final=*/false);
  return out;
}

std::string OutputFilter::FlushPartial(bool final) {
  if (pending_.empty()) return "";
  std::string out;
  if (at_line_start_) {
    bool partial = false;
    size_t blanks = CommandIndent(pending_, &partial);
    std::string_view trimmed = std::string_view(pending_).substr(blanks);
    // Not yet decidable: only blanks, a lone ':' that may become "::", or
    // the first bytes of a multi-byte space.
    bool undecided = trimmed.empty() || trimmed == ":" || partial;
    if (undecided && !final && pending_.size() <= 2 * kMaxHold) return "";
    std::string prefix = StartLine(pending_, /*complete=*/false);
    if (prefix.empty() && undecided && !trimmed.empty() && !final) {
      // A lone ':' forced out by size: treat as a command (fail closed).
      prefix = std::string(kBlockedPrefix);
      ++commands_neutralised_;
    }
    if (!prefix.empty()) pending_.insert(blanks, prefix);
    at_line_start_ = trimmed.empty() && !final;
    if (at_line_start_) {
      // Only blanks so far: emit them, stay at line start.
      out = pending_;
      pending_.clear();
      return out;
    }
  }
  size_t consumed = 0;
  out = Scrub(pending_, final, &consumed);
  pending_.erase(0, consumed);
  return out;
}

std::string OutputFilter::Flush() { return FlushPartial(/*final=*/false); }

std::string OutputFilter::Finish() {
  std::string out = FlushPartial(/*final=*/true);
  at_line_start_ = true;
  return out;
}

}  // namespace sg::sandbox
