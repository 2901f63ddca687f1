"""What a heartbeat reports about the node (psutil)."""

from __future__ import annotations

import os
import time

import psutil


def snapshot(disk_path: str = "/") -> dict[str, float]:
    load1, load5, load15 = os.getloadavg()
    return {
        "cpuPercent": psutil.cpu_percent(interval=None),
        "memoryPercent": psutil.virtual_memory().percent,
        "diskPercent": psutil.disk_usage(disk_path).percent,
        "load1": load1,
        "load5": load5,
        "load15": load15,
        "uptimeSeconds": max(0.0, time.time() - psutil.boot_time()),
    }
