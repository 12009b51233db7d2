# corescope: the front door.  The real build is CMake (CMakeLists.txt).
#
#   make            install missing build deps, build every tool (static)
#   make test       ... then unit tests, fuzz tests (~2 min), live tests, man
#                   pages and the kernel matrix in qemu (VM=0 skips the matrix)
#   make demo       build, then run execsnoop and biolatency on real events
#   make bench      side-by-side benchmark against libbpf-tools and bpftrace
#   make install    PREFIX=/usr DESTDIR=...
#   make deb, make rpm   packages into build/packages (README: Install from a package)
#   make vmlinux    regenerate vmlinux/x86/vmlinux.h from the running kernel

BUILD   ?= build
PREFIX  ?= /usr/local
DESTDIR ?=
VM      ?= 1
JOBS    ?= $(shell nproc)

# clang-14 and libclang-rt-14-dev: libFuzzer and the sanitizers for tests/fuzz.
BUILD_DEPS = clang clang-14 libclang-rt-14-dev llvm libbpf-dev bpftool libelf-dev zlib1g-dev \
             libcli11-dev linux-libc-dev googletest libgtest-dev cmake make g++ file groff-base ccache
VM_DEPS    = qemu-system-x86 busybox-static e2fsprogs cpio $(FS_DEPS)
# mkfs for the file system tools' live tests (loop devices; VM disk images).
FS_DEPS    = xfsprogs btrfs-progs
BENCH_DEPS = libbpf-tools bpftrace python3 binutils
DEB_DEPS   = debhelper dpkg-dev fakeroot lintian
RPM_DEPS   = rpm rpmlint
PACKAGES  ?= $(BUILD)/packages

.PHONY: all deps build test demo bench install vmlinux clean tracefs deb rpm

all: build

# Installs what is missing, quietly; fast when everything is there.
deps:
	@sh cmake/deps.sh $(BUILD_DEPS) $(if $(filter 0,$(VM)),,$(VM_DEPS))

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# Tests and CI mount tracefs; the tools themselves prefer hooks that need none.
tracefs:
	@[ -d /sys/kernel/tracing/events ] || [ -d /sys/kernel/debug/tracing/events ] || \
	  mount -t tracefs tracefs /sys/kernel/tracing

# The packaging test (tests/packaging) needs the DEB_DEPS and RPM_DEPS.
test: build tracefs
	@sh cmake/deps.sh $(DEB_DEPS) $(RPM_DEPS) $(FS_DEPS)
ifneq ($(VM),0)
	tests/vm/run-matrix $(BUILD)
	cd $(BUILD) && ctest --output-on-failure
else
	cd $(BUILD) && ctest --output-on-failure -E vm-matrix
endif

demo: build
	@sh tests/demo.sh $(BUILD)/bin

bench: build
	@sh cmake/deps.sh $(BENCH_DEPS)
	tests/bench/run-bench $(BUILD)

# The multi-call binary, a link per tool, man pages, bash completion.
install: build
	cmake --install $(BUILD) --prefix $(PREFIX) --strip

# dpkg-buildpackage from a clean copy of the tree (it builds its own).
deb: deps
	@sh cmake/deps.sh $(DEB_DEPS)
	packaging/build-deb $(PACKAGES)
	lintian $(PACKAGES)/corescope_*_amd64.deb

# rpmbuild installing from the tree `make build` built.
rpm: build
	@sh cmake/deps.sh $(RPM_DEPS)
	packaging/build-rpm $(PACKAGES) $(BUILD)
	rpmlint -c packaging/rpm/rpmlint.toml $(PACKAGES)/corescope-*.x86_64.rpm

vmlinux:
	@sh cmake/gen_vmlinux.sh vmlinux/x86/vmlinux.h

clean:
	rm -rf $(BUILD)
