"""policytrack: what actors say and do about a policy, over time, with sources."""

__version__ = "0.1.0"
