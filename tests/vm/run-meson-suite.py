#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Run one meson test suite from a build dir's meson-info/intro-tests.json, without meson (the guest has
none), and print one unnumbered TAP line per test ("ok - LABEL: NAME", "# SKIP" for exit 77, "not ok" for
anything else or a "not ok" line in a TAP test's output), with the output as "#   " diagnostics.

    run-meson-suite.py INTRO_TESTS_JSON SUITE LABEL [DEADLINE]

DEADLINE (seconds since the epoch): a test that would start after it is reported as skipped, and a running
test is stopped there, so the whole vm suite stays within its time budget.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time

# Tests run under software emulation in the guest: 10-20x slower than on the host.
SLOWDOWN = 10
MAX_TIMEOUT = 600


def main():
        path, suite, label = sys.argv[1:4]
        deadline = float(sys.argv[4]) if len(sys.argv) > 4 else None
        with open(path) as f:
                tests = json.load(f)
        build = os.path.dirname(os.path.dirname(os.path.abspath(path)))
        sel = [t for t in tests if any(s == suite or s.endswith(":" + suite) for s in t.get("suite", []))]
        if not sel:
                print("ok - %s # SKIP no test in suite '%s'" % (label, suite), flush=True)
                return 0
        for t in sel:
                env = dict(os.environ)
                env.update(t.get("env") or {})
                timeout = min((t.get("timeout") or 30) * SLOWDOWN, MAX_TIMEOUT)
                if timeout <= 0:
                        timeout = MAX_TIMEOUT
                cut_by_budget = False
                if deadline is not None:
                        left = deadline - time.time()
                        if left < 20:
                                print("ok - %s: %s # SKIP the vm suite's time budget is used up" %
                                      (label, t["name"]), flush=True)
                                continue
                        if left < timeout:
                                timeout, cut_by_budget = left, True
                t0 = time.monotonic()
                try:
                        # Own process group, so a timeout kills the test's children too.
                        p = subprocess.Popen(t["cmd"], cwd=t.get("workdir") or build, env=env,
                                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                             stderr=subprocess.STDOUT, start_new_session=True)
                        try:
                                raw, _ = p.communicate(timeout=timeout)
                                rc = p.returncode
                        except subprocess.TimeoutExpired:
                                os.killpg(p.pid, signal.SIGKILL)
                                raw, _ = p.communicate()
                                rc = "timeout"
                                raw += b"\n(killed after %d s)" % timeout
                        out = raw.decode(errors="replace")
                except OSError as e:
                        rc, out = "error", str(e)
                secs = time.monotonic() - t0
                name = "%s: %s" % (label, t["name"])
                tap_fail = t.get("protocol") == "tap" and re.search(r"^not ok", out, re.M)
                if rc == "timeout" and cut_by_budget:
                        # Stopped by the suite's budget, not by its own timeout: not a verdict on the test.
                        print("ok - %s # SKIP stopped after %d s at the vm suite's time budget" % (name, secs))
                elif rc == 0 and not tap_fail:
                        print("ok - %s [%ds]" % (name, secs))
                elif rc == 77:
                        why = [l for l in out.splitlines() if "skip" in l.lower()]
                        print("ok - %s # SKIP %s" % (name, (why[-1] if why else "exit 77").strip()))
                else:
                        print("not ok - %s [%ds] (exit %s)" % (name, secs, rc))
                lines = out.rstrip("\n").splitlines()
                if rc == 0 and not tap_fail:
                        lines = lines[-5:]
                for l in lines[-200:]:
                        print("#   " + l)
                sys.stdout.flush()
        return 0


if __name__ == "__main__":
        sys.exit(main())
