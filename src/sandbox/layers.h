// The isolation layers, in the order they are built, and the per-run record
// of what happened to each (applied / unavailable with the reason).
#ifndef STEPGUARD_SANDBOX_LAYERS_H_
#define STEPGUARD_SANDBOX_LAYERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace sg::sandbox {

enum class Layer : int {
  kUserNs = 0,  // user namespace (setup privileges confined to it)
  kUser,        // task runs as a non-root uid (userns map or setuid drop)
  kMountNs,     // read-only root, writable roots, hidden, protected,
                // /proc,/dev,/tmp
  kPidNs,       // stepguard is init/reaper; nothing survives the task
  kNetNs,       // loopback only (plus the proxy listener when allowed)
  kIpcNs,
  kUtsNs,
  kRlimits,   // RLIMIT_DATA/NPROC/NOFILE/CORE
  kCgroup,    // cgroup v2 leaf: memory.max, pids.max
  kLandlock,  // filesystem (and TCP when no netns) allow-list
  kNoNewPrivs,
  kCaps,     // every capability dropped, bounding set cleared
  kSeccomp,  // syscall deny-list, installed last
  kCount
};

using LayerSet = uint32_t;
constexpr LayerSet Bit(Layer l) { return 1u << static_cast<int>(l); }
constexpr LayerSet AllLayers() {
  return (1u << static_cast<int>(Layer::kCount)) - 1;
}
// Everything except the layers the design calls "where possible/delegable"
// or "defence in depth": userns (root can set up without it), cgroup and
// Landlock. Those are still attempted and reported.
constexpr LayerSet DefaultRequiredLayers() {
  return AllLayers() & ~Bit(Layer::kUserNs) & ~Bit(Layer::kCgroup) &
         ~Bit(Layer::kLandlock);
}

std::string_view LayerName(Layer l);
std::vector<Layer> AllLayerList();
// "all" or a comma list of layer names ("mount,seccomp"); "none" is empty.
Result<LayerSet> ParseLayerList(std::string_view text);

enum class LayerState { kApplied, kUnavailable, kDisabled };
std::string_view LayerStateName(LayerState s);

struct LayerReport {
  Layer layer;
  LayerState state = LayerState::kUnavailable;
  std::string detail;  // why unavailable, or what was applied (no secrets)
};

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_LAYERS_H_
