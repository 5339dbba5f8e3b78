"""Read an Odoo test log: fail on warnings, errors and skipped tests.

checklog.py LOG           list every WARNING/ERROR/CRITICAL line and every
                          skipped test; exit 1 if there is any.
checklog.py --totals LOG  print Odoo's totals as "N passed, N failed"
                          (failures and errors both count as failed); exit 1
                          unless tests ran and all passed without a skip.
"""

import re
import sys

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<message>.*)$"
)
TOTALS = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
BAD_LEVELS = {"WARNING", "ERROR", "CRITICAL"}


def read(path):
    with open(path, encoding="utf-8", errors="replace") as log:
        return log.read().splitlines()


def is_skip(match):
    # Odoo's test result logs a skip at INFO under the test's own module
    # logger (odoo/tests/result.py addSkip), not under odoo.tests.
    return match["logger"].startswith(("odoo.addons.", "odoo.tests")) and match[
        "message"
    ].startswith("skipped ")


def problems(lines):
    found = []
    for number, line in enumerate(lines, 1):
        match = LINE.match(line)
        if match and (is_skip(match) or match["level"] in BAD_LEVELS):
            found.append((number, line))
    return found


def skipped(lines):
    return sum(1 for line in lines if (m := LINE.match(line)) and is_skip(m))


def main(argv):
    if argv[:1] == ["--totals"]:
        lines = read(argv[1])
        totals = [m for line in lines if (m := TOTALS.search(line))]
        if not totals:
            print("0 passed, 1 failed")
            print("No test totals in the Odoo log: the tests did not run.")
            return 1
        last = totals[-1]
        run = int(last["run"])
        failed = int(last["failed"]) + int(last["errors"])
        skips = skipped(lines)
        passed = run - failed - skips
        print(
            f"{passed} passed, {failed} failed"
            + (f", {skips} skipped" if skips else "")
        )
        return 0 if run and not failed and not skips else 1
    found = problems(read(argv[0]))
    if found:
        print(f"The Odoo log has {len(found)} warning/error/skip line(s):")
        for number, line in found:
            print(f"  line {number}: {line}")
        return 1
    print("Odoo log: no warning, error or skipped test.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
