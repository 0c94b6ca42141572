#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# `sandboxctl show --json` must print valid JSON whose values are directive syntax again: for every unit in
# tests/data/plan, the JSON is converted back into a unit file (the rules of man/sandboxctl-json.txt),
# loaded again, and must give the same JSON (apart from "path" and "origins", which say where the
# directives were written). everything.unit must set every directive of the table and each one must show
# up in the JSON, so a directive without a JSON form cannot slip through.
import json
import os
import re
import subprocess
import sys
import tempfile

src = os.environ["SANDBOXCTL_SOURCE_ROOT"]
binary = os.environ["SANDBOXCTL"]
data = os.path.join(src, "tests", "data", "plan")
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def run(args, cwd):
    env = dict(os.environ, SANDBOXCTL_UNIT_PATH=cwd)
    return subprocess.run([binary] + args, cwd=cwd, env=env, capture_output=True, text=True)


def show_json(unit, cwd):
    p = run(["show", "--json", "./" + unit], cwd)
    if p.returncode != 0:
        raise RuntimeError(f"show --json ./{unit} in {cwd} exited {p.returncode}: {p.stderr.strip()}")
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError as e:
        raise RuntimeError(f"show --json ./{unit}: invalid JSON: {e}\n{p.stdout[:2000]}")


PERCENTAGE = re.compile(r"^[0-9]+(\.[0-9]+)?(%|‰|‱)$")


def escape(value):
    # Values are shown after specifier expansion: double every '%' except in a bare percentage.
    if PERCENTAGE.match(value):
        return value
    return value.replace("%", "%%")


def syscall_lines(key, value):
    entries = value["entries"]
    if value["mode"] == "deny":
        items = [e["name"] + ("" if e["action"] in ("default", "allow") else ":" + e["action"]) for e in entries]
        return [f"{key}=~" + " ".join(items)] if items else []
    if value["mode"] != "allow":
        raise RuntimeError(f"{key}: unknown mode {value['mode']!r}")
    allowed = [e["name"] for e in entries if e["action"] in ("allow", "log")]
    lines = [f"{key}=" + " ".join(allowed)] if allowed else [f"{key}=@default"]
    for e in entries:
        if e["action"] == "default":
            lines.append(f"{key}=~{e['name']}")
        elif e["action"] not in ("allow", "log"):
            lines.append(f"{key}=~{e['name']}:{e['action']}")
    return lines


def to_unit(plan):
    out = ["[Unit]"]
    for section, keys in (("Unit", ["unit"]), ("Sandbox", ["cgroup", "exec", "command"])):
        if section != "Unit":
            out.append("")
            out.append(f"[{section}]")
        for group in keys:
            for key, value in plan.get(group, {}).items():
                if isinstance(value, bool):
                    out.append(f"{key}={'yes' if value else 'no'}")
                elif isinstance(value, str):
                    out.append(f"{key}={escape(value)}")
                elif isinstance(value, list):
                    if not value:
                        out.append(f"{key}=")
                    for item in value:
                        if not isinstance(item, str):
                            raise RuntimeError(f"{key}: list element {item!r} is not a string")
                        out.append(f"{key}={escape(item)}")
                elif isinstance(value, dict) and "mode" in value:
                    out.extend(syscall_lines(key, value))
                else:
                    raise RuntimeError(f"{key}: value {value!r} has no unit-file form")
    return "\n".join(out) + "\n"


def strip(plan):
    return {k: v for k, v in plan.items() if k not in ("path", "origins")}


def check_schema(unit, plan):
    for key in ("name", "path", "unit", "cgroup", "exec", "command", "origins"):
        if key not in plan:
            fail(f"{unit}: top-level key {key!r} missing")
    for group in ("unit", "cgroup", "exec", "command"):
        for key in plan.get(group, {}):
            o = plan.get("origins", {}).get(key)
            if not o:
                fail(f"{unit}: {key} has no origin")
            elif o.get("where") != group:
                fail(f"{unit}: {key} is in {group!r} but its origin says {o.get('where')!r}")
            elif not isinstance(o.get("line"), int) or not o.get("file"):
                fail(f"{unit}: {key} origin lacks file/line: {o}")


def round_trip(unit):
    plan = show_json(unit, data)
    check_schema(unit, plan)
    with tempfile.TemporaryDirectory() as tmp:
        text = to_unit(plan)
        with open(os.path.join(tmp, unit), "w") as f:
            f.write(text)
        again = show_json(unit, tmp)
    if strip(again) != strip(plan):
        a = json.dumps(strip(plan), indent=2, sort_keys=True).splitlines()
        b = json.dumps(strip(again), indent=2, sort_keys=True).splitlines()
        import difflib
        diff = "\n".join(difflib.unified_diff(a, b, "first", "round-trip", lineterm="", n=2))
        fail(f"{unit}: JSON changed after the round trip:\n{diff}\n--- unit written:\n{text}")
    return plan


def table_directives():
    p = run(["directives"], data)
    if p.returncode != 0:
        raise RuntimeError("sandboxctl directives failed: " + p.stderr)
    names = []
    for line in p.stdout.splitlines():
        f = line.split()
        if len(f) >= 4 and f[3] != "ignored" and f[2] != "ignored":
            names.append(f[0])
    if not names:
        raise RuntimeError("sandboxctl directives printed no directives")
    return names


def main():
    units = sorted(u for u in os.listdir(data) if u.endswith(".unit"))
    if "everything.unit" not in units:
        fail("tests/data/plan/everything.unit is missing")
    for unit in units:
        before = failures
        try:
            plan = round_trip(unit)
        except RuntimeError as e:
            fail(str(e))
            continue
        if unit == "everything.unit":
            with open(os.path.join(data, unit)) as f:
                assigned = set(re.findall(r"^([A-Za-z0-9]+)=", f.read(), re.M))
            shown = set()
            for group in ("unit", "cgroup", "exec", "command"):
                shown |= set(plan.get(group, {}))
            for name in table_directives():
                if name not in assigned:
                    fail(f"everything.unit does not set {name}=")
                elif name not in shown:
                    fail(f"{name}= is set in everything.unit but missing from show --json")
        if failures == before:
            print(f"ok: {unit}")
    if failures:
        print(f"{failures} failure(s)")
        return 1
    print(f"ok: {len(units)} plans are valid JSON and round-trip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
