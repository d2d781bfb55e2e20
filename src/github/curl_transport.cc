#include "github/curl_transport.h"

#include <string.h>

#include <deque>

#include "base/strings.h"
#include "github/curl_api.h"
#include "github/token.h"

namespace sg::github {
namespace {

// libcurl's table; only called once curl::Curl() has succeeded (a handle
// exists), so value() cannot fail here.
const curl::Api& Lib() { return *curl::Curl().value(); }

struct EasyDeleter {
  void operator()(CURL* h) const { Lib().easy_cleanup(h); }
};
struct MultiDeleter {
  void operator()(CURLM* h) const { Lib().multi_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { Lib().slist_free_all(l); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using MultiHandle = std::unique_ptr<CURLM, MultiDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// Per-request state, pointed to by CURLOPT_PRIVATE and the callbacks.
struct Transfer {
  size_t index = 0;
  const HttpRequest* request = nullptr;
  EasyHandle easy;
  Slist header_list;
  HttpResponse response;
  size_t max_body = 0;
  bool body_too_large = false;
  char error_buffer[CURL_ERROR_SIZE] = {0};
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t len = size * n;
  if (t->response.body.size() + len > t->max_body) {
    t->body_too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  // A new status line (after 1xx, a proxy CONNECT, ...) starts a new block.
  if (StartsWith(line, "HTTP/")) {
    t->response.headers = Headers();
    return size * n;
  }
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    t->response.headers.Add(Trim(line.substr(0, colon)),
                            Trim(line.substr(colon + 1)));
  }
  return size * n;
}

bool IsRetryable(CURLcode c) {
  switch (c) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_BAD_CONTENT_ENCODING:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct CurlTransport::Impl {
  Status loaded;  // why libcurl is unusable, when it is
  MultiHandle multi;
};

CurlTransport::CurlTransport(TransportOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  if (options_.max_concurrency == 0) options_.max_concurrency = 1;
  // libcurl is loaded here, by the first client, not at program start-up.
  impl_->loaded = curl::Curl().status();
  if (!impl_->loaded.ok()) return;
  impl_->multi.reset(Lib().multi_init());
  Lib().multi_setopt(impl_->multi.get(), CURLMOPT_MAXCONNECTS,
                     static_cast<long>(options_.max_concurrency));
}

CurlTransport::~CurlTransport() = default;

std::vector<Exchange> CurlTransport::Perform(
    const std::vector<HttpRequest>& requests) {
  std::vector<Exchange> out(requests.size());
  CURLM* multi = impl_->multi.get();
  if (multi == nullptr) {
    Status why = impl_->loaded.ok() ? Status::Internal("curl_multi_init failed")
                                    : impl_->loaded;
    for (auto& e : out) e.error = why;
    return out;
  }

  std::deque<size_t> pending;
  for (size_t i = 0; i < requests.size(); ++i) pending.push_back(i);
  std::vector<std::unique_ptr<Transfer>> transfers(requests.size());
  size_t running_count = 0;

  auto start_one = [&](size_t i) -> bool {
    const HttpRequest& req = requests[i];
    auto t = std::make_unique<Transfer>();
    t->index = i;
    t->request = &req;
    t->max_body = options_.max_body_bytes;
    t->easy.reset(Lib().easy_init());
    CURL* h = t->easy.get();
    if (h == nullptr) {
      out[i].error = Status::Internal("curl_easy_init failed");
      return false;
    }
    Lib().easy_setopt(h, CURLOPT_URL, req.url.c_str());
    Lib().easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
    if (req.method == "HEAD") Lib().easy_setopt(h, CURLOPT_NOBODY, 1L);
    if (!req.body.empty()) {
      Lib().easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
      Lib().easy_setopt(h, CURLOPT_POSTFIELDSIZE,
                        static_cast<long>(req.body.size()));
    }
    Lib().easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    Lib().easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    Lib().easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    Lib().easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    Lib().easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                      options_.connect_timeout_ms);
    Lib().easy_setopt(h, CURLOPT_TIMEOUT_MS, options_.timeout_ms);
    Lib().easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    Lib().easy_setopt(h, CURLOPT_LOW_SPEED_TIME, options_.low_speed_time_s);
    Lib().easy_setopt(h, CURLOPT_PROXY,
                      options_.proxy ? options_.proxy->c_str() : "");
    if (!options_.no_proxy.empty()) {
      Lib().easy_setopt(h, CURLOPT_NOPROXY, options_.no_proxy.c_str());
    }
    Lib().easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
    Lib().easy_setopt(h, CURLOPT_WRITEDATA, t.get());
    Lib().easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
    Lib().easy_setopt(h, CURLOPT_HEADERDATA, t.get());
    Lib().easy_setopt(h, CURLOPT_ERRORBUFFER, t->error_buffer);
    Lib().easy_setopt(h, CURLOPT_PRIVATE, t.get());

    curl_slist* list = nullptr;
    for (const auto& [k, v] : req.headers.entries()) {
      list = Lib().slist_append(list, (k + ": " + v).c_str());
    }
    if (req.token != nullptr && !req.token->empty()) {
      std::string auth = "Authorization: Bearer ";
      auth.append(req.token->secret());
      list = Lib().slist_append(list, auth.c_str());
      explicit_bzero(auth.data(), auth.size());
    }
    // Stop libcurl adding "Expect: 100-continue" to bodies.
    list = Lib().slist_append(list, "Expect:");
    t->header_list.reset(list);
    Lib().easy_setopt(h, CURLOPT_HTTPHEADER, list);

    if (Lib().multi_add_handle(multi, h) != CURLM_OK) {
      out[i].error = Status::Internal("curl_multi_add_handle failed");
      return false;
    }
    transfers[i] = std::move(t);
    ++running_count;
    return true;
  };

  auto fill = [&] {
    while (running_count < options_.max_concurrency && !pending.empty()) {
      size_t i = pending.front();
      pending.pop_front();
      start_one(i);
    }
  };

  auto finish = [&](CURLMsg* msg) {
    Transfer* t = nullptr;
    Lib().easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
    const HttpRequest& req = *t->request;
    Exchange& ex = out[t->index];
    CURLcode code = msg->data.result;
    if (code == CURLE_OK) {
      long status = 0;
      Lib().easy_getinfo(t->easy.get(), CURLINFO_RESPONSE_CODE, &status);
      t->response.status = status;
      ex.response = std::move(t->response);
    } else {
      std::string what = req.method + " " + UrlPathAndQuery(req.url) + ": ";
      if (t->body_too_large) {
        what += "response body larger than " +
                std::to_string(options_.max_body_bytes) + " bytes";
      } else {
        what += t->error_buffer[0] != '\0' ? std::string(t->error_buffer)
                                           : Lib().easy_strerror(code);
      }
      // Servers and proxies can echo request data into errors.
      what = req.token != nullptr ? req.token->Scrub(what)
                                  : ScrubTokenShapes(what);
      ex.error = Status::Unavailable(what);
      ex.retryable = !t->body_too_large && IsRetryable(code);
    }
    Lib().multi_remove_handle(multi, t->easy.get());
    transfers[t->index].reset();
    --running_count;
  };

  fill();
  while (running_count > 0) {
    int still = 0;
    if (Lib().multi_perform(multi, &still) != CURLM_OK) break;
    int queued = 0;
    while (CURLMsg* msg = Lib().multi_info_read(multi, &queued)) {
      if (msg->msg == CURLMSG_DONE) finish(msg);
    }
    fill();
    if (running_count == 0) break;
    Lib().multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  // Defensive: anything left (multi failure) is an error, never silent.
  for (size_t i = 0; i < transfers.size(); ++i) {
    if (transfers[i]) {
      Lib().multi_remove_handle(multi, transfers[i]->easy.get());
      out[i].error = Status::Internal("curl multi loop failed");
    }
  }
  for (size_t i : pending) {
    if (!out[i].response && out[i].error.ok()) {
      out[i].error = Status::Internal("request not started");
    }
  }
  return out;
}

}  // namespace sg::github
