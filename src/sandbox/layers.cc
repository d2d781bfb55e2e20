#include "sandbox/layers.h"

#include "base/strings.h"

namespace sg::sandbox {

std::string_view LayerName(Layer l) {
  switch (l) {
    case Layer::kUserNs:
      return "userns";
    case Layer::kUser:
      return "user";
    case Layer::kMountNs:
      return "mount";
    case Layer::kPidNs:
      return "pid";
    case Layer::kNetNs:
      return "net";
    case Layer::kIpcNs:
      return "ipc";
    case Layer::kUtsNs:
      return "uts";
    case Layer::kRlimits:
      return "rlimits";
    case Layer::kCgroup:
      return "cgroup";
    case Layer::kLandlock:
      return "landlock";
    case Layer::kNoNewPrivs:
      return "no_new_privs";
    case Layer::kCaps:
      return "caps";
    case Layer::kSeccomp:
      return "seccomp";
    case Layer::kCount:
      break;
  }
  return "?";
}

std::vector<Layer> AllLayerList() {
  std::vector<Layer> out;
  for (int i = 0; i < static_cast<int>(Layer::kCount); ++i) {
    out.push_back(static_cast<Layer>(i));
  }
  return out;
}

Result<LayerSet> ParseLayerList(std::string_view text) {
  std::string t(Trim(text));
  if (t == "all") return AllLayers();
  if (t == "none" || t.empty()) return LayerSet{0};
  LayerSet set = 0;
  for (const std::string& part : Split(t, ',')) {
    std::string name(Trim(part));
    if (name == "no-new-privs") name = "no_new_privs";
    bool found = false;
    for (Layer l : AllLayerList()) {
      if (LayerName(l) == name) {
        set |= Bit(l);
        found = true;
      }
    }
    if (!found) {
      return Status::InvalidInput("unknown sandbox layer '" + name +
                                  "' (known: userns, user, mount, pid, net, "
                                  "ipc, uts, rlimits, cgroup, landlock, "
                                  "no_new_privs, caps, seccomp, all)");
    }
  }
  return set;
}

std::string_view LayerStateName(LayerState s) {
  switch (s) {
    case LayerState::kApplied:
      return "applied";
    case LayerState::kUnavailable:
      return "unavailable";
    case LayerState::kDisabled:
      return "disabled";
  }
  return "?";
}

}  // namespace sg::sandbox
