#!/usr/bin/env bash
# Shell sandbox start-up cost: `bwrap ... true` with the arguments a shell command gets, before (no socket mounts) and
# after (planned as BwrapPlanner does: /proc/net/unix read, each bound socket outside the workspace covered), while
# SOCKETS listeners (default 300) sit in a directory under /var/tmp, as on a busy machine: first alone there (one
# tmpfs over the directory), then beside a plain file (one mount per socket, the worst case). "after" includes the
# plan. Prints milliseconds per command (median and 90th percentile over RUNS runs, default 30).
# Figures are measured, not asserted. Needs bwrap and python3.
set -euo pipefail
command -v "${BWRAP:-bwrap}" >/dev/null || { echo "bwrap not found (Debian: apt-get install bubblewrap)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 not found" >&2; exit 1; }
exec python3 - "${SOCKETS:-300}" "${RUNS:-30}" "${BWRAP:-bwrap}" <<'PY'
import os, shutil, socket, statistics, subprocess, sys, tempfile, time

count, runs, bwrap = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
outside = tempfile.mkdtemp(prefix="agent42-bench-sockets-", dir="/var/tmp")
workspace = tempfile.mkdtemp(prefix="agent42-bench-ws-", dir="/var/tmp")
listeners = []
try:
    for i in range(count):
        s = socket.socket(socket.AF_UNIX)
        s.bind(os.path.join(outside, f"s{i}.sock"))
        s.listen()
        listeners.append(s)

    def under(path, root):
        return path == root or path.startswith(root.rstrip("/") + "/")

    def path_of(line):
        pos = 0
        for field in range(7):
            while pos < len(line) and line[pos] == " ":
                pos += 1
            start = pos
            while pos < len(line) and line[pos] != " ":
                pos += 1
            if pos == start or (field == 0 and line[pos - 1] != ":"):
                return None
        return line[pos + 1:] if pos + 1 < len(line) else None

    # The same rules as UnixSockets.Parse and BwrapPlanner.HideSockets (without the hidden directories): the mount
    # arguments for every bound socket outside the workspace, a directory of nothing but sockets as one tmpfs.
    def plan():
        paths, seen = [], set()
        with open("/proc/net/unix") as table:
            for line in table.read().split("\n"):
                path = path_of(line)
                if path is None or not path.startswith("/"):
                    continue
                real = os.path.realpath(path)
                if under(real, workspace) or any(under(real, r) for r in ("/tmp", "/dev", "/proc")):
                    continue
                if real in seen or not os.path.lexists(real) or os.path.isdir(real):
                    continue
                seen.add(real)
                paths.append(real)
        groups = {}
        for path in paths:
            groups.setdefault(os.path.dirname(path), []).append(path)
        mounts = []
        for directory, members in groups.items():
            entries = [os.path.join(directory, e) for e in os.listdir(directory)]
            if len(members) > 1 and not under(workspace, directory) and all(e in seen for e in entries):
                mounts += ["--tmpfs", directory, "--remount-ro", directory]
            else:
                for path in members:
                    mounts += ["--ro-bind", "/dev/null", path]
        return mounts

    base = ["--unshare-user", "--disable-userns"]
    if os.geteuid() == 0:
        base += ["--uid", "65534", "--gid", "65534"]
    base += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--unshare-net",
             "--new-session", "--die-with-parent", "--cap-drop", "ALL",
             "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp",
             "--bind", workspace, workspace]
    tail = ["--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--chdir", workspace, "--", "true"]

    def measure(with_sockets):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            mounts = plan() if with_sockets else []
            subprocess.run([bwrap] + base + mounts + tail, check=True)
            times.append((time.perf_counter() - start) * 1000)
        return times

    def describe(name, times):
        times = sorted(times)
        p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
        print(f"{name:<44} median {statistics.median(times):7.2f} ms   p90 {p90:7.2f} ms")

    def report(label):
        mounts = plan()
        print(f"{label}: {sum(1 for _ in open('/proc/net/unix')) - 1} sockets in /proc/net/unix, "
              f"{mounts.count('--ro-bind')} devices + {mounts.count('--tmpfs')} tmpfs mounted; {runs} runs each")
        parse = []
        for _ in range(runs):
            start = time.perf_counter()
            plan()
            parse.append((time.perf_counter() - start) * 1000)
        describe("  read + parse + stat /proc/net/unix (python)", parse)
        describe("  bwrap ... true, after (with those mounts)", measure(True))

    measure(False)  # warm the page cache
    describe("bwrap ... true, before (no socket mounts)", measure(False))
    report(f"{count} sockets alone in one directory")
    # A plain file beside them: the directory cannot be hidden whole, so each socket gets its own mount (worst case).
    open(os.path.join(outside, "notes.txt"), "w").close()
    report(f"{count} sockets beside a plain file")
finally:
    for s in listeners:
        s.close()
    shutil.rmtree(outside, ignore_errors=True)
    shutil.rmtree(workspace, ignore_errors=True)
PY
