// Filters the task's stdout/stderr before they reach the runner's log:
//  - workflow commands are neutralised: a line whose text after leading
//    whitespace starts with `::` (`::set-output`, `::add-mask::`,
//    `::stop-commands::`, ...) is prefixed with "[stepguard] " so the runner
//    no longer parses it. Whitespace is what the runner's String.TrimStart()
//    skips: ' ', '\t', '\v', '\f' and the UTF-8 encoded Unicode spaces
//    U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
//    U+3000. The legacy `##[` form is broken up as `# #[`
//    anywhere in a line; `\r` ends a line as well as `\n` because the
//    runner's line reader splits on both;
//  - every known secret value is replaced with `***`, including values the
//    task itself announced with `::add-mask::` earlier in either stream.
// Matching survives arbitrary read boundaries: a chunk's tail that could
// still become a secret (or a command) is held back until it is decided.
// Binary data passes through byte for byte apart from the above.
// Not thread-safe; one supervisor thread drives all filters.
#ifndef STEPGUARD_SANDBOX_OUTPUT_FILTER_H_
#define STEPGUARD_SANDBOX_OUTPUT_FILTER_H_

#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sg::sandbox {

// Secret values shared by the stdout and stderr filters of one run.
class SecretSet {
 public:
  // Values shorter than this are ignored: masking "a" would garble the log
  // without protecting anything.
  static constexpr size_t kMinLength = 4;

  // Adds `value` (each line of a multi-line value separately, trailing
  // blanks trimmed). Returns true when something new was added.
  bool Add(std::string_view value);
  bool empty() const { return values_.empty(); }
  size_t max_length() const { return max_length_; }
  size_t size() const { return values_.size(); }

  // False when no secret starts with byte `c` (the filter copies runs of
  // such bytes without looking further).
  bool MayStart(char c) const {
    return first_bytes_.test(static_cast<unsigned char>(c));
  }
  // Length of the longest secret matching `text` at its start, or 0.
  size_t MatchAt(std::string_view text) const;
  // True when `text` is a proper prefix of some secret (it could still
  // become one when more bytes arrive).
  bool IsProperPrefix(std::string_view text) const;

 private:
  std::vector<std::string> values_;  // longest first
  std::bitset<256> first_bytes_;
  size_t max_length_ = 0;
};

class OutputFilter {
 public:
  // `secrets` must outlive the filter; the filter adds ::add-mask:: values.
  explicit OutputFilter(SecretSet* secrets) : secrets_(secrets) {}

  // Feeds bytes read from the task; returns the bytes safe to emit now.
  std::string Write(std::string_view chunk);
  // The stream went idle: emits everything except a tail that could still
  // be the start of a secret or of a workflow command.
  std::string Flush();
  // End of stream: emits everything that is left.
  std::string Finish();

  size_t commands_neutralised() const { return commands_neutralised_; }
  size_t redactions() const { return redactions_; }

  // Lines longer than this are emitted in pieces (nothing is held forever).
  static constexpr size_t kMaxHold = 64 * 1024;

 private:
  // Emits the decided part of the pending (partial) line.
  std::string FlushPartial(bool final);
  // Handles the start of a line (command detection, add-mask learning).
  // Returns the prefix to emit before the line text.
  std::string StartLine(std::string_view line, bool complete);
  // Redacts and neutralises `##[` in `text`; when !final stops at a tail
  // that could still grow into a match and reports it via `consumed`.
  std::string Scrub(std::string_view text, bool final, size_t* consumed);
  // Scrub, appending to *out (no allocation per line).
  void ScrubInto(std::string_view text, bool final, size_t* consumed,
                 std::string* out);
  // One complete line (without its end byte), appended to *out filtered.
  void WriteLine(std::string_view line, std::string* out);

  SecretSet* secrets_;
  std::string pending_;        // bytes of the current line not yet emitted
  bool at_line_start_ = true;  // pending_ begins a line
  size_t commands_neutralised_ = 0;
  size_t redactions_ = 0;
};

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_OUTPUT_FILTER_H_
