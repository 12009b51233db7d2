# gtest-results.awk: one result line per test from a GoogleTest run.
#
#   awk -v label=KERNEL -f gtest-results.awk LIST LOG
#
# LIST is the output of `corescope-live-tests --gtest_list_tests`, LOG the
# console output of the run (stdout and stderr).  Prints, for every listed
# test, in list order:
#
#   CS-RESULT <label> <suite> <test> <status>
#
# status: PASS, FAIL, SKIP, XERR (passed, and the test printed a line holding
# CS-EXPECTED-ERROR: it asserted the exact error this kernel must give), or
# NORESULT (listed but never finished: the binary crashed or was killed).
# Runs under busybox awk inside the VM and under mawk/gawk on the host, so it
# keeps to POSIX awk.

# --- the test list: "suite." lines, then "  test" lines (comments after '#').
FILENAME == ARGV[1] {
  line = $0
  sub(/[ \t]*#.*/, "", line)
  if (line ~ /^[^ \t]/) {
    suite = line
    sub(/\.$/, "", suite)
  } else if (line ~ /[^ \t]/) {
    gsub(/[ \t]/, "", line)
    n++
    order[n] = suite "." line
    status[suite "." line] = "NORESULT"
  }
  next
}

# --- the run.  Markers are matched anywhere in a line: a tool's stderr without
# a final newline may stand in front of them.
{
  if ((i = index($0, "[ RUN      ] ")) > 0) {
    current = name_at($0, i + 13)
    xerr[current] = 0
  } else if ((i = index($0, "[       OK ] ")) > 0) {
    t = name_at($0, i + 13)
    if (t in status) status[t] = xerr[t] ? "XERR" : "PASS"
  } else if ((i = index($0, "[  FAILED  ] ")) > 0) {
    # The summary repeats failed names; only a line with "(N ms)" ends a test.
    t = name_at($0, i + 13)
    if ((t in status) && index($0, " ms)") > 0) status[t] = "FAIL"
  } else if ((i = index($0, "[  SKIPPED ] ")) > 0) {
    t = name_at($0, i + 13)
    if ((t in status) && index($0, " ms)") > 0) status[t] = "SKIP"
  } else if (index($0, "CS-EXPECTED-ERROR") > 0 && current != "") {
    xerr[current] = 1
  }
}

function name_at(s, start,   rest) {
  rest = substr(s, start)
  sub(/[ ,].*/, "", rest)
  return rest
}

END {
  for (k = 1; k <= n; k++) {
    t = order[k]
    # suite.test: the suite is everything before the first dot.
    d = index(t, ".")
    print "CS-RESULT", label, substr(t, 1, d - 1), substr(t, d + 1), status[t]
  }
}
