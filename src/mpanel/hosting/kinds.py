"""Every kind of provisioned object, registered with the operations engine on import. The job
runner and the agent API import this module, so no kind is ever unknown to them."""

from mpanel.hosting.dns import provisioning as dns_provisioning

__all__ = ["dns_provisioning"]
