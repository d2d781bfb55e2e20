// The process table, read from /proc through a SystemView.
#ifndef STEPGUARD_RUNNER_PROC_TABLE_H_
#define STEPGUARD_RUNNER_PROC_TABLE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runner/system_view.h"

namespace sg::runner {

struct ProcessInfo {
  int pid = 0;
  int ppid = 0;
  std::string comm;            // /proc/PID/stat field 2 (at most 15 bytes)
  uint32_t uid = 0;            // owner of /proc/PID
  uint64_t start_ticks = 0;    // field 22: start time after boot, clock ticks
  bool kernel_thread = false;  // PF_KTHREAD in field 9, or a child of kthreadd
};

// Parses one /proc/PID/stat line; nullopt when malformed.
std::optional<ProcessInfo> ParseProcStat(const std::string& line);

// Every process visible in /proc (processes that vanish while reading are
// skipped). Sorted by pid.
std::vector<ProcessInfo> ReadProcessTable(const SystemView& sys);

// The pid /proc/self points at, or 0.
int SelfPid(const SystemView& sys);

// NAME=VALUE entries of /proc/PID/environ; nullopt when unreadable.
std::optional<std::vector<std::pair<std::string, std::string>>>
ReadProcessEnviron(const SystemView& sys, int pid);

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_PROC_TABLE_H_
