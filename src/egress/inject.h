// Credential injection: a plain-HTTP request from the task, received on the
// proxy's port under /stepguard-inject/<NAME>/..., is forwarded to the real
// origin over TLS (libcurl) with the real secret added. The task only ever
// holds a dummy key. Responses stream (server-sent events arrive as sent).
//
// Each request is served by blocking libcurl calls on its own thread: simple,
// and API traffic from one agent is a handful of concurrent requests.
#ifndef STEPGUARD_EGRESS_INJECT_H_
#define STEPGUARD_EGRESS_INJECT_H_

#include <atomic>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <thread>

#include "base/fd.h"
#include "base/status.h"
#include "egress/audit_log.h"
#include "egress/config.h"
#include "egress/http_head.h"

namespace sg::egress {

class Gate;

// Checks name, origin (https only, no userinfo) and header name.
Status ValidateInjectedSecret(const InjectedSecret& s);

struct InjectRequest {
  Fd client;  // the task's connection (any blocking mode)
  RequestHead head;
  std::string path_suffix;  // after /stepguard-inject/NAME: "" or "/..."
  std::string early_body;   // body bytes already read with the head
  const InjectedSecret* secret = nullptr;  // outlives the request
};

struct InjectEnv {
  const Gate* gate = nullptr;
  const Limits* limits = nullptr;
  const std::function<bool(const IpAddress&, uint16_t)>* connect_hook = nullptr;
  std::function<void(const AuditEvent&)> audit;
  std::function<void()> done;  // called last, exactly once
};

// Owns the threads serving injected requests.
class InjectionWorkers {
 public:
  ~InjectionWorkers() {
    StopAll();
    JoinAll();
  }
  void Spawn(InjectRequest req, InjectEnv env);
  // Makes running requests end soon (transfers abort, client sockets shut).
  void StopAll();
  void JoinAll();

 private:
  struct Worker {
    std::thread thread;
    int client_fd = -1;  // borrowed, for shutdown(2) on StopAll
    bool finished = false;
  };
  void ReapFinishedLocked();
  std::mutex mu_;
  std::list<Worker> workers_;
  std::atomic<bool> stop_{false};
};

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_INJECT_H_
