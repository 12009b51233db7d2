// softirqslower: soft interrupts that waited longer than a threshold to run
// after being raised, or whose handler ran longer than it; one line each.
#include <bpf/libbpf.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "common/names/softirq_names.h"
#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "softirqslower.h"
#include "softirqslower.skel.h"

namespace {

// The STAGE column (libbpf-tools' words) and the JSON "stage" value.
const char* stage_text(uint32_t stage) {
  return stage == SOFTIRQSLOWER_STAGE_WAIT ? "irq(hard) to softirq" : "softirq runtime";
}
const char* stage_json(uint32_t stage) {
  return stage == SOFTIRQSLOWER_STAGE_WAIT ? "wait" : "run";
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace soft interrupts that wait or run longer than a threshold");
  uint64_t min_us = 10000;
  uint32_t cpu = 0;
  int cpus = libbpf_num_possible_cpus();
  cli.option("-c,--cpu", cpu, "Trace only softirqs on this CPU", 0,
             cpus > 0 ? cpus - 1 : UINT32_MAX, "CPU")
      .positional("min_us", min_us, "Report stages of at least MIN_US microseconds (default 10000)",
                  0, UINT64_MAX / 1000)
      .examples(R"(EXAMPLES:
  softirqslower          # softirqs waiting or running 10 ms or longer
  softirqslower 100      # ... 100 us or longer
  softirqslower -c 1 0   # every softirq on CPU 1
  softirqslower --json   # one JSON object per slow softirq)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::block_exit_signals();
  cs::Skeleton<softirqslower_bpf> skel(c);
  skel->rodata->min_ns = min_us * 1000;
  skel->rodata->filter_cpu = cli.given("--cpu") ? static_cast<int32_t>(cpu) : -1;
  skel.load_and_attach();

  cs::Output& out = cs::out();
  char banner[96];
  std::snprintf(banner, sizeof banner,
                "Tracing softirq latency higher than %llu us... Hit Ctrl-C to end.\n",
                static_cast<unsigned long long>(min_us));
  if (c.json) {
    std::fputs(banner, stderr);
  } else {
    out.put(banner);
    out.printf("%-8s %-20s %-8s %-14s %-6s %-16s\n", "TIME", "STAGE", "SOFTIRQ", "LAT(us)", "CPU",
               "COMM");
  }

  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<softirqslower_event>(data, size);
    std::string_view comm(e.comm, strnlen(e.comm, sizeof e.comm));
    std::string vec = cs::softirq_name(e.vec);
    std::string time = cs::wall_hms(e.ts_ns);
    if (c.json) {
      cs::Json j;
      j.str("time", time)
          .str("stage", stage_json(e.stage))
          .str("softirq", vec)
          .unum("vec", e.vec)
          .unum("lat_us", e.delta_ns / 1000)
          .unum("lat_ns", e.delta_ns)
          .unum("cpu", e.cpu)
          .unum("pid", e.pid)
          .str("comm", comm);
      out.put(j.end());
      return;
    }
    out.printf("%-8s %-20s %-8s %-14llu %-6u ", time.c_str(), stage_text(e.stage), vec.c_str(),
               static_cast<unsigned long long>(e.delta_ns / 1000), e.cpu);
    out.put_untrusted(comm, 16);
    out.put('\n');
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
