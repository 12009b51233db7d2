#include "common/cli/cli.h"

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "common/base/error.h"
#include "common/cli/cli_spec.h"
#include "common/cli/list_text.h"
#include "common/cli/number_text.h"
#include "common/cli/underscore_spelling.h"
#include "common/output/escape.h"
#include "common/output/sink.h"
#include "common/system/kernel_btf.h"
#include "common/system/users.h"
#include "version.h"

namespace cs {

struct Cli::Impl {
  CLI::App app;
  bool tool_owns_v = false;  // -v means the peer's option here (Cli::flag says)
  std::string buffer = "auto";
  std::string attach = "auto";
  // What completion should offer after an option, where CLI11 cannot say.
  std::map<const CLI::Option*, OptionSpec> hints;
  explicit Impl(const std::string& desc) : app(desc, tool_name()) {}

  void hint(const CLI::Option* o, OptionSpec::Value value, std::vector<std::string> choices = {}) {
    hints[o] = OptionSpec{{}, value, std::move(choices)};
  }
  CliSpec spec() const;
};

CliSpec Cli::Impl::spec() const {
  CliSpec s{app.get_description(), {}};
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_positional() || o->get_group().empty()) continue;  // no name, or hidden
    auto h = hints.find(o);
    OptionSpec os = h != hints.end() ? h->second : OptionSpec{};
    if (h == hints.end() && o->get_type_size() != 0) os.value = OptionSpec::Value::Any;
    for (const std::string& n : o->get_snames()) os.names.push_back("-" + n);
    for (const std::string& n : o->get_lnames()) os.names.push_back("--" + n);
    s.options.push_back(std::move(os));
  }
  return s;
}

static const std::vector<std::string> kBufferKinds = {"auto", "ring", "perf"};
static const std::vector<std::string> kAttachKinds = {"auto", "fentry", "raw", "tracepoint"};

Cli::Cli(const std::string& description) : impl_(std::make_unique<Impl>(description)) {
  CLI::App& app = impl_->app;
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.get_formatter()->column_width(30);
}

// The flags every tool has, registered last so --help lists the tool's own
// flags first.  Validators keep quiet in --help: the text says what is valid.
static void add_common_flags(CLI::App& app, Common& c, std::string& buffer, std::string& attach,
                             bool tool_owns_v) {
  const char* g = "Common options";
  // Where a peer gives -v its own meaning (capable), the log keeps only
  // --libbpf-log, which every tool takes.
  app.add_flag(tool_owns_v ? "--libbpf-log" : "-v,--verbose,--libbpf-log", c.verbose,
               "Print libbpf's log (and the verifier's on load failure)")
      ->group(g);
  app.add_flag("--json", c.json, "Print one JSON object per line instead of text")->group(g);
  app.add_option("--btf", c.btf_path, "Kernel BTF file to use instead of /sys/kernel/btf/vmlinux")
      ->check(CLI::Validator(btf_file_problem, "", "BTF file"))
      ->type_name("FILE")
      ->group(g);
  app.add_option("--buffer", buffer,
                 "Event buffer: auto (ring buffer where the kernel has it), ring, perf")
      ->check(CLI::IsMember(kBufferKinds).description(""))
      ->type_name("KIND")
      ->group(g);
  app.add_option("--attach", attach,
                 "Hook type: auto (cheapest the kernel offers), fentry (fentry/tp_btf), "
                 "raw (raw_tp/kprobe), tracepoint")
      ->check(CLI::IsMember(kAttachKinds).description(""))
      ->type_name("KIND")
      ->group(g);
  app.set_version_flag("-V,--version", std::string(CORESCOPE_VERSION));
  app.get_option("--version")->group(g);
}

Cli::~Cli() = default;

// The validators see the text before CLI11 converts it (number_text.h says why).
static CLI::Validator unsigned_range(uint64_t min, uint64_t max) {
  return CLI::Validator([=](std::string& s) { return check_unsigned_text(s, min, max); }, "", "");
}

static CLI::Validator real_range(double min, double max) {
  return CLI::Validator([=](std::string& s) { return check_real_text(s, min, max); }, "", "");
}

static const CLI::Validator kNonEmpty([](std::string& s) { return check_nonempty_text(s); }, "",
                                      "");

static const CLI::Validator kListItems([](std::string& s) { return check_list_text(s); }, "",
                                        "");

Cli& Cli::flag(const std::string& names, bool& v, const std::string& help) {
  if (names == "-v,--verbose") impl_->tool_owns_v = true;
  impl_->app.add_flag(names, v, help);
  return *this;
}

Cli& Cli::option(const std::string& names, std::string& v, const std::string& help,
                 const std::string& value_name) {
  impl_->app.add_option(names, v, help)->check(kNonEmpty)->type_name(value_name);
  return *this;
}

Cli& Cli::option(const std::string& names, uint32_t& v, const std::string& help, uint32_t min,
                 uint32_t max, const std::string& value_name) {
  impl_->app.add_option(names, v, help)->check(unsigned_range(min, max))->type_name(value_name);
  return *this;
}

Cli& Cli::option(const std::string& names, uint64_t& v, const std::string& help, uint64_t min,
                 uint64_t max, const std::string& value_name) {
  impl_->app.add_option(names, v, help)->check(unsigned_range(min, max))->type_name(value_name);
  return *this;
}

Cli& Cli::option(const std::string& names, double& v, const std::string& help, double min,
                 double max, const std::string& value_name) {
  impl_->app.add_option(names, v, help)->check(real_range(min, max))->type_name(value_name);
  return *this;
}

Cli& Cli::option(const std::string& names, std::vector<std::string>& v, const std::string& help,
                 const std::string& value_name) {
  // Split by split_list(), not CLI11's delimiter (list_text.h says why).
  impl_->app
      .add_option_function<std::vector<std::string>>(
          names,
          [&v](const std::vector<std::string>& given) {
            for (const std::string& text : given)
              for (std::string& item : split_list(text)) v.push_back(std::move(item));
          },
          help)
      ->allow_extra_args(false)  // -p 1 2: the 2 is the next positional
      ->check(kListItems)
      ->type_name(value_name);
  return *this;
}

Cli& Cli::choice(const std::string& names, std::string& v, const std::vector<std::string>& choices,
                 const std::string& help) {
  impl_->hint(
      impl_->app.add_option(names, v, help)->check(CLI::IsMember(choices).description(""))->type_name("KIND"),
      OptionSpec::Value::Any, choices);
  return *this;
}

Cli& Cli::choice(const std::string& names, std::string& v, const std::vector<std::string>& choices,
                 const std::string& help, const std::string& bare) {
  impl_->hint(impl_->app
                  .add_option_function<std::string>(
                      names, [&v, bare](const std::string& given) { v = given.empty() ? bare : given; },
                      help)
                  ->expected(0, 1)
                  ->check(CLI::IsMember(choices).description(""))
                  ->type_name("[KIND]"),
              OptionSpec::Value::Any, choices);
  return *this;
}

Cli& Cli::positional(const std::string& name, std::string& v, const std::string& help) {
  impl_->app.add_option(name, v, help);
  return *this;
}

Cli& Cli::positional(const std::string& name, double& v, const std::string& help, double min,
                     double max) {
  impl_->app.add_option(name, v, help)->check(real_range(min, max));
  return *this;
}

Cli& Cli::positional(const std::string& name, uint64_t& v, const std::string& help, uint64_t min,
                     uint64_t max) {
  impl_->app.add_option(name, v, help)->check(unsigned_range(min, max));
  return *this;
}

// The most ids one filter takes: the BPF side looks them up in a hash map.
constexpr size_t kMaxIds = 1024;

// Comma-separated numbers, repeatable: -p 1,2 and -p 1 -p 2.  `single` (when
// given) also gets the one number, which tools use as is (a uprobe attached
// to one process, the scalar knob in BPF).
static void add_number_list(CLI::App& app, const std::string& names, std::vector<uint32_t>& v,
                            uint32_t* single, const std::string& help, uint32_t min, uint32_t max,
                            size_t max_items, const std::string& what) {
  app.add_option_function<std::vector<std::string>>(
         names,
         [&v, single, max_items, flag = names.substr(names.rfind(',') + 1)](
             const std::vector<std::string>& given) {
           for (const std::string& text : given)
             for (const std::string& item : split_list(text))
               v.push_back(static_cast<uint32_t>(std::stoul(item)));
           if (v.size() > max_items)
             throw CLI::ValidationError(flag + ": at most " + std::to_string(max_items) +
                                        " values");
           if (single) *single = v.size() == 1 ? v[0] : 0;
         },
         help)
      ->allow_extra_args(false)  // -p 1 2: the 2 is the next positional
      ->check(kListItems)
      ->check(CLI::Validator(
          [min, max](std::string& s) {
            for (const std::string& item : split_list(s))
              if (std::string why = check_unsigned_text(item, min, max); !why.empty()) return why;
            return std::string();
          },
          "", ""))
      ->type_name(what + "[," + what + "...]");
}

static void add_id_list(CLI::App& app, const std::string& names, std::vector<uint32_t>& ids,
                        uint32_t& single, const std::string& help, const std::string& what) {
  add_number_list(app, names, ids, &single, help, 1, 0x3fffffff, kMaxIds, what);
}

Cli& Cli::number_list(const std::string& names, std::vector<uint32_t>& v, const std::string& help,
                      uint32_t min, uint32_t max, size_t max_items, const std::string& value_name) {
  add_number_list(impl_->app, names, v, nullptr, help, min, max, max_items, value_name);
  return *this;
}

Cli& Cli::pid_filter(const std::string& names, const std::string& help) {
  add_id_list(impl_->app, names, common_.pids, common_.pid, help, "PID");
  return *this;
}

Cli& Cli::tid_filter(const std::string& names, const std::string& help) {
  add_id_list(impl_->app, names, common_.tids, common_.tid, help, "TID");
  return *this;
}

std::string ids_text(const char* what, const std::vector<uint32_t>& ids) {
  if (ids.empty()) return "";
  std::string s = std::string(what) + (ids.size() > 1 ? "s " : " ");
  for (size_t i = 0; i < ids.size(); i++) s += (i ? "," : "") + std::to_string(ids[i]);
  return s;
}

// -u 1000 or -u postgres (users.h says why from the passwd file).
Cli& Cli::uid_filter(const std::string& names, const std::string& help) {
  impl_->app
      .add_option_function<std::string>(
          names,
          [this, flag = names.substr(names.rfind(',') + 1)](const std::string& v) {
            try {
              common_.uid = parse_user("", v);
            } catch (const Fatal& f) {
              throw CLI::ValidationError(flag, f.what());
            }
          },
          help)
      ->type_name("USER");
  return *this;
}

Cli& Cli::container_map_filters() {
  for (auto [name, value, help] :
       {std::tuple{"--cgroupmap", &common_.cgroupmap,
                   "Trace cgroups whose ids are keys of this pinned BPF map (bcc's)"},
        std::tuple{"--mntnsmap", &common_.mntnsmap,
                   "Trace mount namespaces whose ids are keys of this pinned BPF map (bcc's)"}})
    impl_->hint(impl_->app.add_option(name, *value, help)
                    ->check(CLI::ExistingFile.description(""))
                    ->type_name("PATH"),
                OptionSpec::Value::File);
  return *this;
}

Cli& Cli::cgroup_filter(const std::string& names) {
  impl_->hint(impl_->app.add_option(names, common_.cgroup, "Trace processes in this cgroup (v2) only")
                  ->check(CLI::ExistingDirectory.description(""))
                  ->type_name("PATH"),
              OptionSpec::Value::Directory);
  return *this;
}

Cli& Cli::interval_count() {
  positional("interval", common_.interval, "Print a summary every INTERVAL seconds", 0.001, 1e9);
  positional("count", common_.count, "Stop after COUNT summaries", 1, UINT64_MAX);
  return *this;
}

Cli& Cli::histogram_flags(bool& timestamp, bool& ms) {
  return flag("-T,--timestamp", timestamp, "Include timestamp on output")
      .flag("-m,--milliseconds", ms, "Millisecond histogram");
}

Cli& Cli::duration(const std::string& names) {
  return option(names, common_.duration, "Trace for this many seconds, then exit", 0.001, 1e9);
}

Cli& Cli::duration_positional() {
  return positional("duration", common_.duration, "Trace for this many seconds, then exit",
                    0.001, 1e9);
}

Cli& Cli::folded(const std::string& names, const std::string& help) {
  return flag(names, common_.folded, help);
}

Cli& Cli::excludes(const std::string& a, const std::string& b) {
  impl_->app.get_option(a)->excludes(impl_->app.get_option(b));
  return *this;
}

Cli& Cli::examples(const std::string& text) {
  impl_->app.footer(text);
  return *this;
}

bool Cli::given(const std::string& name) const {
  const CLI::Option* o = impl_->app.get_option_no_throw(name);
  return o && o->count() > 0;
}

std::optional<int> Cli::parse(int argc, char** argv) {
  CLI::App& app = impl_->app;
  add_common_flags(app, common_, impl_->buffer, impl_->attach, impl_->tool_owns_v);
  impl_->hint(app.get_option("--btf"), OptionSpec::Value::File);
  impl_->hint(app.get_option("--buffer"), OptionSpec::Value::Any, kBufferKinds);
  impl_->hint(app.get_option("--attach"), OptionSpec::Value::Any, kAttachKinds);
  if (CliSpec* spec = captured_cli_spec()) {
    *spec = impl_->spec();
    return kExitOk;
  }
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  args = dashed_long_options(
      args, [&](const std::string& n) { return app.get_option_no_throw(n) != nullptr; },
      [&](const std::string& n) { return app.get_option_no_throw(n)->get_type_size() != 0; });
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    std::printf("%s (corescope) %s\n", tool_name().c_str(), CORESCOPE_VERSION);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // The message may quote the argument: an ESC in it must not reach the terminal.
    std::fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", tool_name().c_str(),
                 text_escaped(e.what()).c_str(), tool_name().c_str());
    return kExitUsage;
  }
  static const std::pair<const char*, BufferMode> buffers[] = {
      {"auto", BufferMode::Auto}, {"ring", BufferMode::Ring}, {"perf", BufferMode::Perf}};
  for (auto& [n, m] : buffers)
    if (impl_->buffer == n) common_.buffer = m;
  static const std::pair<const char*, AttachMode> attaches[] = {{"auto", AttachMode::Auto},
                                                                {"fentry", AttachMode::Fentry},
                                                                {"raw", AttachMode::Raw},
                                                                {"tracepoint", AttachMode::Tracepoint}};
  for (auto& [n, m] : attaches)
    if (impl_->attach == n) common_.attach = m;
  if (common_.json) use_json_sink();
  return std::nullopt;
}

}  // namespace cs
