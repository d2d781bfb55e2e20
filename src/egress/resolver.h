// Name resolution behind an interface: the proxy resolves names itself, checks
// every answer, and connects to the exact address it checked (no second
// lookup by anybody). Tests use StaticResolver so no real DNS ever happens.
#ifndef STEPGUARD_EGRESS_RESOLVER_H_
#define STEPGUARD_EGRESS_RESOLVER_H_

#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "egress/address.h"

namespace sg::egress {

// Implementations must be thread-safe: the proxy calls Resolve from worker
// threads. A name with no addresses is an error (NotFound), never an empty
// vector.
class Resolver {
 public:
  virtual ~Resolver() = default;
  virtual Result<std::vector<IpAddress>> Resolve(const std::string& host) = 0;
};

// getaddrinfo(3), both families, in the order the system returns.
class SystemResolver : public Resolver {
 public:
  Result<std::vector<IpAddress>> Resolve(const std::string& host) override;
};

// A fixed table (lower-case host -> addresses); names not in the table are
// passed to `fallback`, or fail with NotFound when there is none.
class StaticResolver : public Resolver {
 public:
  explicit StaticResolver(std::map<std::string, std::vector<IpAddress>> table,
                          Resolver* fallback = nullptr)
      : table_(std::move(table)), fallback_(fallback) {}
  Result<std::vector<IpAddress>> Resolve(const std::string& host) override;

 private:
  std::map<std::string, std::vector<IpAddress>> table_;
  Resolver* fallback_;
};

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_RESOLVER_H_
