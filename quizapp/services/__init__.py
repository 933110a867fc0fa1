"""Use cases: plain values in, small dataclasses out; each change is one transaction."""
