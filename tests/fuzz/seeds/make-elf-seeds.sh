#!/bin/sh
# Rebuilds the ELF seed corpus, tests/fuzz/corpus/elf/ (run by hand; the
# files are committed so the fuzz tests need no build step of their own):
#   exec64      static x86-64 executable, .symtab, build-id
#   exec32      the same for i386 (ELFCLASS32)
#   so_stripped shared object, .dynsym only, build-id and .gnu_debuglink
#   vdso        this machine's [vdso], copied from memory as the symbolizer does
# No page alignment (max-page-size=16) keeps each file near 1-3 KB.
set -e
here=$(dirname "$0")
out=$here/../corpus/elf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc=${CC:-clang}
link="-Wl,-z,max-page-size=16,-z,noseparate-code,--build-id"
$cc -Os -g0 -nostdlib -static -fno-pie $link -o "$out/exec64" "$here/seed.c"
$cc -m32 -Os -g0 -nostdlib -static -fno-pie $link -o "$out/exec32" "$here/seed.c"
$cc -Os -g0 -nostdlib -shared -fPIC $link -o "$tmp/so_full" "$here/seed.c"
objcopy --strip-all --add-gnu-debuglink="$tmp/so_full" "$tmp/so_full" "$out/so_stripped"
python3 - "$out/vdso" <<'PY'
import sys
for line in open("/proc/self/maps"):
    if line.rstrip().endswith("[vdso]"):
        start, end = (int(x, 16) for x in line.split()[0].split("-"))
        with open("/proc/self/mem", "rb") as mem:
            mem.seek(start)
            open(sys.argv[1], "wb").write(mem.read(end - start))
PY
