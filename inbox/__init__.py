"""Event delivery: where accepted LINE events wait, per chat, until a worker handles them.

The contract (inbox/contract.py): accept, take, finish, fail, retry_later, dead_letter.
Every Redis key lives in inbox/keys.py and every Lua script in inbox/scripts.py.
"""
