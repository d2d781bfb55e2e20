#include "model/yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>

#include "base/strings.h"

namespace sg::yaml {

bool Node::IsNullish() const {
  if (kind == Kind::kNull) return true;
  if (kind != Kind::kScalar || style != ScalarStyle::kPlain) return false;
  return value.empty() || value == "~" || value == "null" || value == "Null" ||
         value == "NULL";
}

const Node* Node::Get(std::string_view key) const {
  if (kind != Kind::kMap) return nullptr;
  for (const auto& [k, v] : entries) {
    if (k->kind == Kind::kScalar && k->value == key) return v;
  }
  return nullptr;
}

const Node* Node::GetKey(std::string_view key) const {
  if (kind != Kind::kMap) return nullptr;
  for (const auto& [k, v] : entries) {
    if (k->kind == Kind::kScalar && k->value == key) return k;
  }
  return nullptr;
}

std::string_view Node::TypeName() const {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kSequence:
      return "sequence";
    case Kind::kMap:
      return "mapping";
    case Kind::kScalar:
      break;
  }
  if (style != ScalarStyle::kPlain) return "string";
  if (IsNullish()) return "null";
  if (value == "true" || value == "false" || value == "True" ||
      value == "False" || value == "TRUE" || value == "FALSE")
    return "boolean";
  char* end = nullptr;
  std::string v = value;
  if (!v.empty()) {
    (void)std::strtod(v.c_str(), &end);
    if (end && *end == '\0') return "number";
  }
  return "string";
}

namespace {

// Thrown inside the event handler to stop parsing; never escapes this file.
struct Abort {
  SourcePos pos;
  std::string message;
};

size_t Utf8Length(uint32_t cp) {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Walks the written text of `n` and its decoded value in step, returning the
// source offset of value byte `k` (or the offset just past the value when k
// == value.size()). See ValuePos for the guarantee.
size_t AlignValue(const std::string& text, const Node& n, size_t k) {
  const std::string& v = n.value;
  size_t i = 0, j = n.content_offset;
  const size_t len = text.size();
  const bool dq = n.style == ScalarStyle::kDoubleQuoted;
  const bool sq = n.style == ScalarStyle::kSingleQuoted;
  // Most scalars are written as they decode (one line, no escapes): then
  // value byte i is source byte j + i. A source escape starts with '\' (or
  // is '' in single quotes), so a verbatim match with no such byte in the
  // value cannot hide one.
  if (j <= len && v.size() <= len - j && text.compare(j, v.size(), v) == 0 &&
      !(dq && v.find('\\') != std::string::npos) &&
      !(sq && v.find('\'') != std::string::npos))
    return j + std::min(k, v.size());
  while (i < k && i < v.size() && j < len) {
    const char vc = v[i];
    const char sc = text[j];
    if (dq && sc == '\\' && j + 1 < len) {
      const char e = text[j + 1];
      if (e == '\n' || e == '\r') {  // escaped line break: produces nothing
        j += 2;
        continue;
      }
      size_t esc_len = 2, produced = 1;
      if (e == 'x' || e == 'u' || e == 'U') {
        size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        esc_len = 2 + digits;
        uint32_t cp = 0;
        for (size_t d = 0; d < digits && j + 2 + d < len; ++d) {
          char h = text[j + 2 + d];
          cp = cp * 16 +
               static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(h))
                                         ? h - '0'
                                         : (std::tolower(h) - 'a' + 10));
        }
        produced = Utf8Length(cp);
      } else if (e == 'N' || e == '_') {
        produced = 2;  // U+0085 and U+00A0 are two bytes in UTF-8
      } else if (e == 'L' || e == 'P') {
        produced = 3;  // U+2028 / U+2029
      }
      if (i + produced > k) return j;
      i += produced;
      j += esc_len;
      continue;
    }
    if (sq && sc == '\'' && vc == '\'' && j + 1 < len && text[j + 1] == '\'') {
      ++i;
      j += 2;
      continue;
    }
    if (vc == sc) {
      ++i;
      ++j;
      continue;
    }
    if (IsBlank(sc)) {  // indentation or a folded line break in the source
      ++j;
      continue;
    }
    if (IsBlank(vc)) {  // whitespace produced by folding
      ++i;
      continue;
    }
    break;  // should not happen for well-formed input; stay at j
  }
  // Land on the character itself, not on indentation before it.
  if (i < v.size() && !IsBlank(v[i])) {
    while (j < len && IsBlank(text[j]) && text[j] != v[i]) ++j;
  }
  return j;
}

}  // namespace

class Builder : public YAML::EventHandler {
 public:
  Builder(Document* doc, const ParseOptions& opts, Diagnostics* diags)
      : doc_(doc), opts_(opts), diags_(diags) {}

  void OnDocumentStart(const YAML::Mark&) override { ++documents_; }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node* n = NewNode(Kind::kNull, mark);
    Remember(anchor, n);
    Attach(n);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())
      throw Abort{Pos(mark), "alias refers to an unknown anchor"};
    // An alias inside the collection it names would make the tree a cycle,
    // and every recursive walk over it (audits, model) would never end.
    for (const Frame& f : stack_) {
      if (f.node == it->second)
        throw Abort{Pos(mark), "alias refers to a collection that contains it"};
    }
    ++aliases_;
    Attach(it->second, /*alias=*/true);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag,
                YAML::anchor_t anchor, const std::string& value) override {
    Node* n = NewNode(Kind::kScalar, mark);
    n->value = value;
    LocateScalar(n, tag);
    Remember(anchor, n);
    Attach(n);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&,
                       YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    Node* n = NewNode(Kind::kSequence, mark);
    n->flow = style == YAML::EmitterStyle::Flow;
    Remember(anchor, n);
    Open(n, mark);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&,
                  YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    Node* n = NewNode(Kind::kMap, mark);
    n->flow = style == YAML::EmitterStyle::Flow;
    Remember(anchor, n);
    Open(n, mark);
  }
  void OnMapEnd() override { Close(); }

  const Node* root() const { return root_; }
  int documents() const { return documents_; }

 private:
  struct Frame {
    Node* node;
    const Node* pending_key = nullptr;
    uint64_t weight = 1;
    std::set<std::string> keys;
  };

  SourcePos Pos(const YAML::Mark& m) const {
    if (m.is_null() || m.pos < 0) return {};
    return doc_->PosAt(static_cast<size_t>(m.pos));
  }

  Node* NewNode(Kind kind, const YAML::Mark& mark) {
    Node& n = doc_->arena_.emplace_back();
    n.kind = kind;
    n.span.begin = Pos(mark);
    return &n;
  }

  void Remember(YAML::anchor_t anchor, Node* n) {
    if (anchor != 0) anchors_[anchor] = n;
  }

  uint64_t WeightOf(const Node* n) const {
    auto it = weights_.find(n);
    return it == weights_.end() ? 1 : it->second;
  }

  void Attach(const Node* n, bool alias = false) {
    if (stack_.empty()) {
      if (!root_) root_ = n;
      return;
    }
    Frame& f = stack_.back();
    uint64_t w = WeightOf(n);
    f.weight = f.weight + w;
    if (f.weight > opts_.max_expanded_nodes) {
      throw Abort{n->span.begin,
                  "document expands to more than " +
                      std::to_string(opts_.max_expanded_nodes) +
                      " nodes through aliases (possible YAML bomb)"};
    }
    if (f.node->kind == Kind::kSequence) {
      f.node->items.push_back(n);
      return;
    }
    if (!f.pending_key) {
      f.pending_key = n;
      return;
    }
    const Node* key = f.pending_key;
    f.pending_key = nullptr;
    if (key->kind == Kind::kScalar && !f.keys.insert(key->value).second) {
      diags_->Warning(doc_->path_, key->span.begin,
                      "duplicate key \"" + key->value +
                          "\" in mapping; the first one is used");
      return;
    }
    f.node->entries.emplace_back(key, n);
    (void)alias;
  }

  void Open(Node* n, const YAML::Mark& mark) {
    if (stack_.size() >= opts_.max_depth) {
      throw Abort{Pos(mark), "nesting deeper than " +
                                 std::to_string(opts_.max_depth) + " levels"};
    }
    stack_.push_back(Frame{n, nullptr, 1, {}});
  }

  void Close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    weights_[f.node] = f.weight;
    Attach(f.node);
  }

  // Finds where the scalar's text starts (after any anchor or tag), its
  // style, the start of its content and its written length.
  void LocateScalar(Node* n, const std::string& tag) {
    const std::string& t = doc_->text_;
    size_t p = n->span.begin.offset;
    if (!n->span.begin.known()) return;
    // Skip "&anchor" and "!tag" properties.
    while (p < t.size() && (t[p] == '&' || t[p] == '!')) {
      while (p < t.size() && !IsBlank(t[p])) ++p;
      while (p < t.size() && IsBlank(t[p])) ++p;
    }
    const bool non_plain = tag == "!";
    char c = p < t.size() ? t[p] : '\0';
    if (non_plain && c == '"') {
      n->style = ScalarStyle::kDoubleQuoted;
      n->content_offset = p + 1;
    } else if (non_plain && c == '\'') {
      n->style = ScalarStyle::kSingleQuoted;
      n->content_offset = p + 1;
    } else if (non_plain && (c == '|' || c == '>')) {
      n->style = c == '|' ? ScalarStyle::kLiteral : ScalarStyle::kFolded;
      size_t nl = t.find('\n', p);
      n->content_offset = nl == std::string::npos ? t.size() : nl + 1;
    } else {
      n->style = ScalarStyle::kPlain;
      n->content_offset = p;
    }
    n->span.begin = doc_->PosAt(p);
    size_t end = AlignValue(t, *n, n->value.size());
    if (n->style == ScalarStyle::kDoubleQuoted ||
        n->style == ScalarStyle::kSingleQuoted) {
      const char q = n->style == ScalarStyle::kDoubleQuoted ? '"' : '\'';
      while (end < t.size() && t[end] != q) ++end;
      if (end < t.size()) ++end;
    }
    n->span.length = end > p ? end - p : 0;
  }

  Document* doc_;
  const ParseOptions& opts_;
  Diagnostics* diags_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Node*> anchors_;
  std::map<const Node*, uint64_t> weights_;
  const Node* root_ = nullptr;
  int documents_ = 0;
  size_t aliases_ = 0;
};

Result<std::unique_ptr<Document>> Document::Parse(std::string path,
                                                  std::string text,
                                                  Diagnostics* diags,
                                                  const ParseOptions& options) {
  std::unique_ptr<Document> doc(new Document());
  doc->path_ = std::move(path);
  doc->text_ = std::move(text);
  const std::string& t = doc->text_;
  doc->line_starts_.push_back(0);
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\n') doc->line_starts_.push_back(i + 1);
  }
  auto fail = [&](SourcePos pos, const std::string& msg) -> Status {
    diags->Error(doc->path_, pos, msg);
    return Status::InvalidInput(FormatLocation(doc->path_, pos) + ": " + msg);
  };
  if (size_t nul = t.find('\0'); nul != std::string::npos) {
    return fail(doc->PosAt(nul),
                "file contains a NUL byte; not a YAML text file");
  }
  if (size_t bad = FindInvalidUtf8(t); bad != std::string_view::npos) {
    return fail(doc->PosAt(bad), "invalid UTF-8 byte sequence");
  }
  ParseOptions limits = options;
  limits.max_expanded_nodes =
      std::min<uint64_t>(options.max_expanded_nodes,
                         std::max<uint64_t>(100000, 2 * uint64_t{t.size()}));
  Builder builder(doc.get(), limits, diags);
  try {
    std::istringstream in(t);
    YAML::Parser parser(in);
    if (parser.HandleNextDocument(builder)) {
      // A second document is not part of a workflow; note it, ignore it.
      if (!t.empty() && parser.HandleNextDocument(builder)) {
        diags->Warning(
            doc->path_, {},
            "file has more than one YAML document; only the first is used");
      }
    }
  } catch (const Abort& a) {
    return fail(a.pos, a.message);
  } catch (const YAML::DeepRecursion& e) {
    return fail(doc->PosAt(static_cast<size_t>(std::max(0, e.mark.pos))),
                "nesting too deep");
  } catch (const YAML::Exception& e) {
    SourcePos pos;
    if (!e.mark.is_null() && e.mark.pos >= 0)
      pos = doc->PosAt(static_cast<size_t>(e.mark.pos));
    return fail(pos, "YAML syntax error: " + e.msg);
  } catch (const std::exception& e) {
    return fail({}, std::string("YAML parser failure: ") + e.what());
  }
  doc->root_ = builder.root();
  return doc;
}

SourcePos Document::PosAt(size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  SourcePos p;
  p.line = static_cast<int>(line_index) + 1;
  p.column = static_cast<int>(offset - line_starts_[line_index]) + 1;
  p.offset = offset;
  return p;
}

std::string_view Document::LineText(int line) const {
  if (line < 1 || static_cast<size_t>(line) > line_starts_.size()) return {};
  size_t b = line_starts_[static_cast<size_t>(line) - 1];
  size_t e = text_.find('\n', b);
  if (e == std::string::npos) e = text_.size();
  if (e > b && text_[e - 1] == '\r') --e;
  return std::string_view(text_).substr(b, e - b);
}

SourcePos Document::ValuePos(const Node& scalar, size_t value_offset) const {
  if (scalar.kind != Kind::kScalar || !scalar.span.known())
    return scalar.span.begin;
  return PosAt(AlignValue(text_, scalar, value_offset));
}

SourceSpan Document::ValueSpan(const Node& scalar, size_t begin,
                               size_t end) const {
  SourceSpan s;
  s.begin = ValuePos(scalar, begin);
  if (!s.begin.known()) return s;
  size_t e = AlignValue(text_, scalar, end);
  s.length = e > s.begin.offset ? e - s.begin.offset : 0;
  return s;
}

std::string_view Document::CommentOnLine(int line) const {
  std::string_view l = LineText(line);
  char quote = 0;
  for (size_t i = 0; i < l.size(); ++i) {
    char c = l[i];
    if (quote) {
      if (c == quote) quote = 0;
      continue;
    }
    if ((c == '"' || c == '\'') &&
        (i == 0 || l[i - 1] == ' ' || l[i - 1] == ':' || l[i - 1] == '[' ||
         l[i - 1] == ',' || l[i - 1] == '-')) {
      quote = c;
      continue;
    }
    if (c == '#' && (i == 0 || l[i - 1] == ' ' || l[i - 1] == '\t'))
      return l.substr(i);
  }
  return {};
}

}  // namespace sg::yaml
