"""Outbound: every call tidtam makes to LINE's Messaging API (reply, push, multicast, resend)."""
