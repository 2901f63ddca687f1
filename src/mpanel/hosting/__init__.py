"""The hosting half: servers with an agent, and the objects the agents apply (DNS zones first)."""
