"""Peak memory of a benchmark process, measured the same way by every benchmark."""
import resource


def own_peak_mb():
    """Peak resident memory of this process since it was started (exec), MB.

    VmHWM of /proc/self/status (Linux): ru_maxrss would not do, because Linux carries the parent's
    peak over fork and exec, so a child started by a parent that had just generated the data would
    report the generator's peak. Elsewhere, ru_maxrss (KB on Linux) is the fallback.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
