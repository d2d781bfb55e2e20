#include "egress/client_hello.h"

#include <cstdint>

#include "base/strings.h"

namespace sg::egress {

namespace {

using State = ClientHelloScan::State;

// Bounds-checked big-endian reader over one buffer.
class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  bool Skip(size_t n) {
    if (d_.size() - pos_ < n) return false;
    pos_ += n;
    return true;
  }
  bool Read(size_t n, uint32_t* v) {
    if (d_.size() - pos_ < n) return false;
    *v = 0;
    for (size_t i = 0; i < n; ++i) {
      *v = (*v << 8) | static_cast<uint8_t>(d_[pos_ + i]);
    }
    pos_ += n;
    return true;
  }
  // Reads a length-prefixed block into a sub-reader.
  bool Block(size_t len_bytes, Reader* out) {
    uint32_t n = 0;
    if (!Read(len_bytes, &n) || d_.size() - pos_ < n) return false;
    *out = Reader(d_.substr(pos_, n));
    pos_ += n;
    return true;
  }
  std::string_view Rest() const { return d_.substr(pos_); }
  bool empty() const { return pos_ == d_.size(); }

 private:
  std::string_view d_;
  size_t pos_ = 0;
};

ClientHelloScan Result(State s) { return ClientHelloScan{s, std::nullopt}; }

ClientHelloScan ParseBody(std::string_view body) {
  Reader r(body);
  Reader ignored(""), exts("");
  if (!r.Skip(2 + 32) || !r.Block(1, &ignored) || !r.Block(2, &ignored) ||
      !r.Block(1, &ignored)) {
    return Result(State::kMalformed);
  }
  ClientHelloScan out{State::kComplete, std::nullopt};
  if (r.empty()) return out;  // no extensions at all: no SNI
  if (!r.Block(2, &exts)) return Result(State::kMalformed);
  bool seen_sni = false;
  while (!exts.empty()) {
    uint32_t type = 0;
    Reader ext("");
    if (!exts.Read(2, &type) || !exts.Block(2, &ext)) {
      return Result(State::kMalformed);
    }
    if (type != 0) continue;
    // Two SNI extensions would let a client show the proxy one name and the
    // server another.
    if (seen_sni) return Result(State::kMalformed);
    seen_sni = true;
    Reader list("");
    if (!ext.Block(2, &list)) return Result(State::kMalformed);
    while (!list.empty()) {
      uint32_t name_type = 0;
      Reader name("");
      if (!list.Read(1, &name_type) || !list.Block(2, &name)) {
        return Result(State::kMalformed);
      }
      if (name_type != 0) continue;
      if (out.sni) return Result(State::kMalformed);
      std::string_view host = name.Rest();
      if (host.empty()) return Result(State::kMalformed);
      out.sni = ToLower(host);
    }
  }
  return out;
}

}  // namespace

ClientHelloScan ScanClientHello(std::string_view data) {
  if (data.empty()) return Result(State::kNeedMore);
  if (static_cast<uint8_t>(data[0]) != 0x16) return Result(State::kNotTls);
  // Reassemble the handshake stream from consecutive handshake records.
  std::string hs;
  size_t pos = 0;
  while (true) {
    if (data.size() - pos < 5) return Result(State::kNeedMore);
    uint8_t type = static_cast<uint8_t>(data[pos]);
    uint8_t major = static_cast<uint8_t>(data[pos + 1]);
    size_t len = (static_cast<uint8_t>(data[pos + 3]) << 8) |
                 static_cast<uint8_t>(data[pos + 4]);
    if (type != 0x16 || major != 3 || len == 0 || len > 16384 + 2048) {
      return Result(State::kMalformed);
    }
    if (data.size() - pos - 5 < len) {
      if (pos + 5 + len > kMaxClientHelloBytes) {
        return Result(State::kMalformed);
      }
      return Result(State::kNeedMore);
    }
    hs.append(data.substr(pos + 5, len));
    pos += 5 + len;
    if (hs.size() >= 4) {
      if (static_cast<uint8_t>(hs[0]) != 0x01) {
        return Result(State::kMalformed);  // first message must be ClientHello
      }
      size_t body_len = (static_cast<uint8_t>(hs[1]) << 16) |
                        (static_cast<uint8_t>(hs[2]) << 8) |
                        static_cast<uint8_t>(hs[3]);
      if (body_len + 4 > kMaxClientHelloBytes) {
        return Result(State::kMalformed);
      }
      if (hs.size() >= body_len + 4) {
        return ParseBody(std::string_view(hs).substr(4, body_len));
      }
    }
    if (pos >= kMaxClientHelloBytes) return Result(State::kMalformed);
  }
}

}  // namespace sg::egress
