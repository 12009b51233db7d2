#!/bin/sh
# make demo: show real output on the first try.  Runs execsnoop and then
# biolatency for a few seconds each while this script causes the events.
bin=${1:-build/bin}
dir=$(mktemp -d /var/tmp/corescope-demo.XXXXXX)
trap 'rm -rf "$dir"' EXIT

echo "== execsnoop -T for 3 seconds (this script runs a few commands meanwhile)"
"$bin/execsnoop" -T &
tool=$!
sleep 1
for i in 1 2 3; do
  ls "$dir" >/dev/null
  uname -r >/dev/null
  sh -c "echo demo run $i" >/dev/null
  sleep 0.5
done
kill -INT $tool; wait $tool

echo
echo "== biolatency for 3 seconds (this script writes 2000 blocks with O_DIRECT meanwhile)"
"$bin/biolatency" &
tool=$!
sleep 1
dd if=/dev/zero of="$dir/io" bs=4096 count=2000 oflag=direct,dsync status=none 2>/dev/null ||
  dd if=/dev/zero of="$dir/io" bs=4096 count=2000 conv=fsync status=none
sleep 1.5
kill -INT $tool; wait $tool
