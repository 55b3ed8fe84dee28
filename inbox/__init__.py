"""Event delivery: where accepted LINE events wait, per chat, until a worker handles them.

The contract (inbox/contract.py): the accepted event; accept; a Claim on one chat to take,
finish, fail, retry_later and dead_letter its events; drain, the loop over a claim; and the
outbox of each event. Every Redis key is named, and every Lua script kept, in
inbox/scripts.py.
"""
