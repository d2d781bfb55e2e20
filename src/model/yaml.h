// A YAML tree with exact source positions, built from yaml-cpp's event
// parser. This is the only place yaml-cpp is used.
//
// Why our own tree: yaml-cpp's Node API loses the positions of values inside
// block scalars and expands aliases lazily on every traversal (so a "billion
// laughs" document costs exponential time to walk). Here aliases share the
// anchored node, the expanded size is computed once while parsing and
// bounded, and every scalar can map any byte of its decoded value back to the
// line and column where it is written.
#ifndef STEPGUARD_MODEL_YAML_H_
#define STEPGUARD_MODEL_YAML_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/span.h"
#include "base/status.h"

namespace sg::yaml {

enum class Kind { kNull, kScalar, kSequence, kMap };
enum class ScalarStyle {
  kPlain,
  kSingleQuoted,
  kDoubleQuoted,
  kLiteral,
  kFolded
};

struct Node {
  Kind kind = Kind::kNull;
  ScalarStyle style = ScalarStyle::kPlain;
  bool flow = false;  // flow collection ([...] / {...})
  std::string value;  // decoded scalar text
  // Scalars: the written text, quotes and block header included. Collections
  // and nulls: begin only (length 0).
  SourceSpan span;
  size_t content_offset =
      0;  // scalars: byte offset where the value text starts
  std::vector<const Node*> items;                            // sequences
  std::vector<std::pair<const Node*, const Node*>> entries;  // maps

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  bool IsMap() const { return kind == Kind::kMap; }
  // A plain (unquoted) scalar that is empty, "~" or null-like counts as null.
  bool IsNullish() const;
  // Map lookup by scalar key (first match). nullptr when absent or not a map.
  const Node* Get(std::string_view key) const;
  // The key node of `key` in this map, for locating "key:" itself.
  const Node* GetKey(std::string_view key) const;
  // "string", "number", "boolean", "null", "sequence", "mapping".
  std::string_view TypeName() const;
};

struct ParseOptions {
  size_t max_depth = 256;  // nesting of collections
  // Nodes after alias expansion. The limit applied is the smaller of this
  // and max(100,000, twice the text's size in bytes): text without aliases
  // never has more nodes than that, so only alias expansion can reach it,
  // and a small file cannot expand into a large tree (a 541-byte workflow
  // used to expand to ~600k nodes, 0.9 s and 265 MB through the audits).
  uint64_t max_expanded_nodes = 1000000;
};

class Document {
 public:
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;
  Document(Document&&) = default;
  Document& operator=(Document&&) = default;

  // Parses `text` (the contents of `path`). Returns an error diagnostic in
  // `diags` and a non-OK status when the document cannot be used (syntax
  // error, invalid UTF-8, NUL byte, alias bomb, nesting too deep); warnings
  // (duplicate keys, extra documents) are added and parsing succeeds.
  static Result<std::unique_ptr<Document>> Parse(
      std::string path, std::string text, Diagnostics* diags,
      const ParseOptions& options = {});

  const Node* root() const { return root_; }
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // Line and column (1-based) of a byte offset in the file.
  SourcePos PosAt(size_t offset) const;
  // The text of 1-based line `line`, without its newline.
  std::string_view LineText(int line) const;
  int line_count() const { return static_cast<int>(line_starts_.size()); }

  // Source position of byte `value_offset` of `scalar.value`. Exact for every
  // non-blank character (so `${{` inside a `run: |` block points at the line
  // and column where it is written); whitespace introduced by folding maps to
  // the nearest source position.
  SourcePos ValuePos(const Node& scalar, size_t value_offset) const;
  // Span covering value bytes [begin, end) of a scalar.
  SourceSpan ValueSpan(const Node& scalar, size_t begin, size_t end) const;

  // Comment text on a line ("# ..." outside quotes), or empty.
  std::string_view CommentOnLine(int line) const;

 private:
  Document() = default;
  friend class Builder;

  std::string path_;
  std::string text_;
  std::vector<size_t> line_starts_;
  std::deque<Node> arena_;
  const Node* root_ = nullptr;
};

}  // namespace sg::yaml

#endif  // STEPGUARD_MODEL_YAML_H_
