"""Drivers apply one kind of object's full desired state to the real software on the node."""
