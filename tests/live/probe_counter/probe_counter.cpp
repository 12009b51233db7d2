// corescope-probe-counter: counts the hits of probes named on the command
// line (common/runtime/probe_spec.h), for the live tests of run-time
// attaching.  Prints "<count> <spec>" per probe when it ends.
//
//   corescope-probe-counter -e p:c:getpid -e t:sched:sched_process_exec -p 123 -d 2
#include <cinttypes>
#include <string>
#include <vector>

#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/probe_spec.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "probe_counter.skel.h"

namespace {

constexpr size_t kSlots = 4;  // PROBE_COUNTER_SLOTS

int body(int argc, char** argv) {
  cs::Cli cli("Count the hits of the probes named (a test program)");
  std::vector<std::string> texts;
  cli.option("-e,--probe", texts, "A probe: p::FUNC r::FUNC p:LIB:FUNC r:LIB:FUNC t:CAT:EVENT u:BIN:PROBE",
             "SPEC")
      .pid_filter()
      .duration();
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (texts.empty() || texts.size() > kSlots) cs::usage_error("give 1 to 4 probes with -e");
  std::vector<cs::ProbeSpec> specs;
  for (const std::string& t : texts) specs.push_back(cs::parse_probe_spec(t));

  cs::Skeleton<probe_counter_bpf> skel(c);
  auto& p = skel->progs;
  bpf_program* progs[kSlots][3] = {{p.kprobe_0, p.raw_tp_0, p.usdt_0},
                                   {p.kprobe_1, p.raw_tp_1, p.usdt_1},
                                   {p.kprobe_2, p.raw_tp_2, p.usdt_2},
                                   {p.kprobe_3, p.raw_tp_3, p.usdt_3}};
  auto kind_index = [](cs::ProbeSpec::Kind k) {
    std::string kind = cs::probe_program_kind(k);
    return kind == "kprobe" ? 0 : kind == "raw_tp" ? 1 : 2;
  };
  for (size_t i = 0; i < kSlots; i++)
    for (int k = 0; k < 3; k++)
      bpf_program__set_autoload(progs[i][k], i < specs.size() && k == kind_index(specs[i].kind));
  skel.load();
  int pid = c.pid ? static_cast<int>(c.pid) : -1;
  for (size_t i = 0; i < specs.size(); i++)
    skel.adopt(cs::attach_probe(progs[i][kind_index(specs[i].kind)], specs[i], pid));
  cs::print_banner(c, "Counting " + std::to_string(specs.size()) + " probes... Hit Ctrl-C to end.\n");

  auto on_summary = [&] {
    for (size_t i = 0; i < specs.size(); i++)
      cs::out().printf("%" PRIu64 " %s\n", static_cast<uint64_t>(skel->bss->hits[i]), specs[i].text.c_str());
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

int main(int argc, char** argv) { return cs::run_main(argc, argv, body); }
