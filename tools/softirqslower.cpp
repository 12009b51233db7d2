// softirqslower: soft interrupts that waited longer than a threshold to run
// after being raised, or whose handler ran longer than it; one line each.
#include <bpf/libbpf.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/names/softirq_names.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
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

  cs::Skeleton<softirqslower_bpf> skel(c);
  skel->rodata->min_ns = min_us * 1000;
  skel->rodata->filter_cpu = cli.given("--cpu") ? static_cast<int32_t>(cpu) : -1;
  skel.load_and_attach();

  char banner[96];
  std::snprintf(banner, sizeof banner,
                "Tracing softirq latency higher than %llu us... Hit Ctrl-C to end.\n",
                static_cast<unsigned long long>(min_us));
  cs::print_banner(c, banner);
  enum { kTime, kStageText, kStage, kSoftirq, kVec, kLatUs, kLatNs, kCpu, kPid, kComm };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "STAGE", .width = 20},
      {.key = "stage", .text = false},
      {.header = "SOFTIRQ", .key = "softirq", .width = 8},
      {.key = "vec", .text = false},
      {.header = "LAT(us)", .key = "lat_us", .width = 14},
      {.key = "lat_ns", .text = false},
      {.header = "CPU", .key = "cpu", .width = 6},
      {.key = "pid", .text = false},
      {.header = "COMM", .key = "comm", .width = 16},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  std::string vec;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<softirqslower_event>(data, size);
    vec = cs::softirq_name(e.vec);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kStageText] = stage_text(e.stage);
    row[kStage] = stage_json(e.stage);
    row[kSoftirq] = std::string_view(vec);
    row[kVec] = e.vec;
    row[kLatUs] = e.delta_ns / 1000;
    row[kLatNs] = e.delta_ns;
    row[kCpu] = e.cpu;
    row[kPid] = e.pid;
    row[kComm] = cs::fixed_str(e.comm);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
