"""Read the log of scripts/test-odoo-suites: totals per app, and the failures
that are not known to happen without the addon.

odoo_suites_report.py LOG KNOWN_FAILURES_FILE

KNOWN_FAILURES_FILE lists one test a line as module:Class.method; text after
"#" is a comment. Exit 1 if a test not listed failed, or if no test ran.
"""

import re
import sys
from collections import Counter

LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<message>.*)$"
)
FAILURE = re.compile(r"^(?P<flavour>FAIL|ERROR): (?:Subtest )?(?P<test>.+)$")
TEST_ID = re.compile(r"^\w+\.\w+")
STARTING = re.compile(r"^Starting \w+\.\w+ \.\.\.")
MODULE = re.compile(r"odoo\.addons\.(?P<module>\w+)")
TOTALS = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)


def read_known(path):
    known = set()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            test = line.split("#", 1)[0].strip()
            if test:
                known.add(test)
    return known


def failure_key(match):
    test = match["message"]
    failure = FAILURE.match(test)
    if not failure:
        return None
    test = failure["test"]
    # A subtest or a parametrised run is reported under its test method.
    test_id = TEST_ID.match(test)
    module = MODULE.search(match["logger"]) or MODULE.search(test)
    return "{}:{}".format(
        module["module"] if module else "?",
        test_id.group(0) if test_id else test,
    )


def main(log_path, known_path):
    known = read_known(known_path)
    failed = set()
    tests = Counter()
    totals = None
    with open(log_path, encoding="utf-8", errors="replace") as log:
        for line in log:
            match = LINE.match(line.rstrip("\n"))
            if not match:
                continue
            if match["level"] in ("ERROR", "CRITICAL"):
                key = failure_key(match)
                if key:
                    failed.add(key)
            if STARTING.match(match["message"]) and (
                module := MODULE.match(match["logger"])
            ):
                tests[module["module"]] += 1
            if match["logger"] == "odoo.tests.result":
                totals = TOTALS.search(match["message"]) or totals
    if not totals:
        print("No test totals in the Odoo log: the suites did not run.")
        return 1
    run = int(totals["run"])
    failures = int(totals["failed"]) + int(totals["errors"])
    per_module = Counter(key.split(":", 1)[0] for key in failed)
    known_per_module = Counter(key.split(":", 1)[0] for key in failed & known)
    for module in sorted(set(tests) | set(per_module)):
        line = f"  {module}: {tests[module]} tests, {per_module[module]} failed"
        if per_module[module]:
            line += f" ({known_per_module[module]} known)"
        print(line)
    unexpected = sorted(failed - known)
    if failures and not failed:
        unexpected = ["(Odoo counts failures the log does not name)"]
    # Odoo counts each failing subtest; a test counts once here.
    print(
        f"{run} tests: {max(run - len(failed), 0)} passed, {len(failed)} failed "
        f"({len(failed & known)} known to fail without the addon too, "
        f"{len(unexpected)} unexpected; Odoo's count: {failures} failures/errors)"
    )
    for key in sorted(failed & known):
        print(f"  known:      {key}")
    for key in unexpected:
        print(f"  UNEXPECTED: {key}")
    stale = sorted(known - failed)
    if stale and run:
        print("Listed as known but passed (or not run) this time:")
        for key in stale:
            print(f"  {key}")
    return 1 if unexpected or not run else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
