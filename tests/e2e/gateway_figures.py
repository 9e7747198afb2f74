"""What an operator reads off a running gateway: its Prometheus page and its memory.

`metric(text, series)` reads one sample ("name{label=\"v\"}") from a scrape; `memory_kib(pid)`
reads the resident set now and its peak (VmRSS, VmHWM) from /proc/<pid>/status, so a test can
assert a ceiling that held throughout, not just at the end. `record_figure` prints a figure
in one greppable line (FIGURE name key=value ...) for docs/SECURITY.md.
"""

import sys
import urllib.request


def scrape(port, token=None, timeout=5):
    headers = {"Authorization": "Bearer " + token} if token else {}
    request = urllib.request.Request("http://127.0.0.1:%d/metrics" % port, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read().decode()


def metric(text, series):
    """The value of `series` (exact name with labels) in a scrape; 0 when absent."""
    for line in text.splitlines():
        if line.startswith(series + " "):
            return float(line.split(" ")[1])
    return 0.0


def memory_kib(pid):
    """(VmRSS, VmHWM) of process `pid` in KiB."""
    values = {}
    with open("/proc/%d/status" % pid, encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values["VmRSS"], values["VmHWM"]


def record_figure(name, **figures):
    print("FIGURE %s %s" % (name, " ".join("%s=%s" % item for item in figures.items())), file=sys.stderr)
