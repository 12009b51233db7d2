// Command-line flags for every tool, on CLI11 (compiled once, in cli.cpp).
//
// Each tool registers its own flags plus the common ones it supports, with the
// letters its bcc/libbpf-tools namesake uses; parse() validates every value
// (`-p 12abc` is an error) and returns the exit status when the tool should
// stop (help, version, bad usage).  Always present: -h/--help, -V/--version,
// -v/--verbose, --json, --btf FILE, --buffer, --attach.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cs {

enum class BufferMode { Auto, Ring, Perf };
enum class AttachMode { Auto, Fentry, Raw, Tracepoint };

// Values of the common flags; 0 / -1 / empty mean "not given".
struct Common {
  bool verbose = false;
  bool json = false;
  std::string btf_path;
  BufferMode buffer = BufferMode::Auto;
  AttachMode attach = AttachMode::Auto;
  uint32_t pid = 0;  // the one -p PID; 0 when none or several were given
  uint32_t tid = 0;
  std::vector<uint32_t> pids;  // every PID of -p 1,2 (or -p 1 -p 2); tids likewise
  std::vector<uint32_t> tids;
  int64_t uid = -1;
  std::string cgroup;
  std::string cgroupmap, mntnsmap;  // pinned BPF maps of bcc's container filters
  double interval = 0;  // seconds; 0 = print once at the end
  uint64_t count = 0;   // number of intervals; 0 = unlimited
  double duration = 0;  // seconds; 0 = until Ctrl-C
  bool folded = false;
};

class Cli {
 public:
  explicit Cli(const std::string& description);
  ~Cli();
  Cli(const Cli&) = delete;
  Cli& operator=(const Cli&) = delete;

  Common& common() { return common_; }

  // Tool-specific flags.  `names` is CLI11 syntax: "-x,--fails".  A tool
  // whose peer gives -v its own meaning registers "-v,--verbose" itself;
  // libbpf's log is then --libbpf-log only.
  Cli& flag(const std::string& names, bool& v, const std::string& help);
  Cli& option(const std::string& names, std::string& v, const std::string& help,
              const std::string& value_name = "TEXT");
  Cli& option(const std::string& names, uint32_t& v, const std::string& help,
              uint32_t min = 0, uint32_t max = UINT32_MAX, const std::string& value_name = "N");
  Cli& option(const std::string& names, uint64_t& v, const std::string& help,
              uint64_t min = 0, uint64_t max = UINT64_MAX, const std::string& value_name = "N");
  Cli& option(const std::string& names, double& v, const std::string& help, double min,
              double max, const std::string& value_name = "SECONDS");
  // Repeatable, and each value may be a comma-separated list: -f A -f B,C.
  Cli& option(const std::string& names, std::vector<std::string>& v, const std::string& help,
              const std::string& value_name = "TEXT");
  // Repeatable comma-separated numbers in [min, max], at most max_items in
  // all: -L 80,443 -L 8080.
  Cli& number_list(const std::string& names, std::vector<uint32_t>& v, const std::string& help,
                   uint32_t min, uint32_t max, size_t max_items, const std::string& value_name = "N");
  Cli& choice(const std::string& names, std::string& v, const std::vector<std::string>& choices,
              const std::string& help);
  // The same, and the value may be left out: `--unique` alone means
  // `--unique <bare>` (bcc's flag, libbpf-tools' option, one spelling).
  Cli& choice(const std::string& names, std::string& v, const std::vector<std::string>& choices,
              const std::string& help, const std::string& bare);
  // Positional argument (names without dashes).
  // A text positional (the tool checks its absence: a required positional
  // would be reported before an unknown option).
  Cli& positional(const std::string& name, std::string& v, const std::string& help);
  Cli& positional(const std::string& name, double& v, const std::string& help, double min,
                  double max);
  Cli& positional(const std::string& name, uint64_t& v, const std::string& help, uint64_t min,
                  uint64_t max);

  // Common filters and timing, opt-in per tool, with the peers' letters.
  // PIDs and TIDs come as lists, as libbpf-tools' profile takes them.
  Cli& pid_filter(const std::string& names = "-p,--pid",
                  const std::string& help = "Trace this PID only");
  Cli& tid_filter(const std::string& names = "-t,--tid",
                  const std::string& help = "Trace this thread ID only");
  Cli& uid_filter(const std::string& names = "-u,--uid",
                  const std::string& help = "Trace this UID only");
  Cli& cgroup_filter(const std::string& names = "-c,--cgroup");
  // bcc's --cgroupmap PATH and --mntnsmap PATH: trace only tasks whose
  // cgroup id / mount namespace id is a key of a map pinned there by
  // container tooling (bpftool map create ... key 8 value 8 / value 4).
  Cli& container_map_filters();
  Cli& interval_count();  // positional [interval] [count]
  // -T and -m of the histogram tools (bcc's runqlat, biolatency, ...).
  Cli& histogram_flags(bool& timestamp, bool& ms);
  Cli& duration(const std::string& names = "-d,--duration");
  Cli& duration_positional();  // positional [duration], as profile takes it
  Cli& folded(const std::string& names = "-f,--folded",
              const std::string& help = "Print folded stacks (comm;frame;frame count) for flame graphs");

  // Flags that cannot be combined: parse() fails with exit 2.
  Cli& excludes(const std::string& a, const std::string& b);
  // Free text after the options: usually "EXAMPLES:\n  tool -x  # ...".
  Cli& examples(const std::string& text);

  // nullopt: go on and run.  A value: exit with it (0 after --help/--version,
  // 2 after a usage error, message already printed).
  std::optional<int> parse(int argc, char** argv);
  // True when the named flag or option was given on the command line.
  bool given(const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  Common common_;
};

// "PID 42" or "PIDs 1,2" for a banner; "" without the filter.
std::string ids_text(const char* what, const std::vector<uint32_t>& ids);

}  // namespace cs
