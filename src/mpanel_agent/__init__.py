"""The MPanel node agent: enrols with the panel once, then connects out to it (the node needs no
open port), reports heartbeats with metrics, and applies the operations it long-polls for through
its drivers. It never imports the panel: the HTTP API is the whole contract."""

__version__ = "0.1.0"
